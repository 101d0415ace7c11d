"""Publish the pinned Mermaid bundle (from npm, see package.json) into the site.

The file is never copied into ``docs/``: it is added to the build as a generated
file whose source is ``node_modules/mermaid/dist/mermaid.min.js``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

log = get_plugin_logger(__name__)

MERMAID_SITE_PATH = "assets/javascripts/mermaid.min.js"


def mermaid_bundle(config: MkDocsConfig) -> Path:
    root = Path(config.config_file_path).parent
    return root / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    bundle = mermaid_bundle(config)
    if not bundle.is_file():
        raise PluginError(
            f"Mermaid is not installed: {bundle} is missing. Run `npm ci` in "
            f"{bundle.parents[3]} (the README's commands do it for you)."
        )
    files.append(File.generated(config, MERMAID_SITE_PATH, abs_src_path=str(bundle)))
    return files
