"""MkDocs hook: ``--8<--`` snippets resolve from the docs folder, wherever mkdocs runs.

pymdownx.snippets reads ``base_path`` relative to the working directory; the build
must not depend on it (tests and CI build from elsewhere, with other docs folders).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [config.docs_dir]
    return config
