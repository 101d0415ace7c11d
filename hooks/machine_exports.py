"""Registered in mkdocs.yml; the code is pyairtable_docs.exports.wiring."""

from pyairtable_docs.exports.wiring import (
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_context,
    on_page_markdown,
    on_post_build,
)

__all__ = [
    "on_build_error",
    "on_config",
    "on_env",
    "on_files",
    "on_nav",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
]
