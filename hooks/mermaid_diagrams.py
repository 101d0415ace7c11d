"""Registered in mkdocs.yml; the code is pyairtable_docs.diagrams.wiring."""

from pyairtable_docs.diagrams.wiring import (
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_markdown,
    on_post_build,
    on_post_page,
)

__all__ = [
    "on_config",
    "on_env",
    "on_files",
    "on_nav",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
]
