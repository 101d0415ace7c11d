"""MkDocs hook: publish the pinned Mermaid bundle (npm, package.json) into the site.

The bundle is added as a generated file whose source is
``node_modules/mermaid/dist/mermaid.min.js``: never copied into ``docs/``. Where npm
has not installed it, the build says so in one line; a local preview then loads the
same pinned version from a CDN, and a strict build fails on that line.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from pyairtable_docs.core import wiring as hook_files

log = get_plugin_logger(__name__)

SITE_PATH = "assets/javascripts/mermaid.min.js"
CDN = "https://cdn.jsdelivr.net/npm/mermaid@{version}/dist/mermaid.min.js"


def pinned_version(root: Path) -> str:
    """The one place the version is pinned: package.json."""
    return json.loads((root / "package.json").read_text())["dependencies"]["mermaid"]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if hook_files.MERMAID_BUNDLE.is_file():
        config.extra["mermaid_script"] = SITE_PATH
    else:
        url = CDN.format(version=pinned_version(hook_files.PROJECT))
        log.warning(
            f"Mermaid is not installed (run `npm ci` in {hook_files.PROJECT}); diagrams load {url} "
            "for this preview only"
        )
        config.extra["mermaid_script"] = url
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    if hook_files.MERMAID_BUNDLE.is_file():
        files.append(File.generated(config, SITE_PATH, abs_src_path=str(hook_files.MERMAID_BUNDLE)))
    return files
