"""Registered in mkdocs.yml; the code is pyairtable_docs.progress.wiring."""

from pyairtable_docs.progress.wiring import (
    on_files,
    on_nav,
    on_page_markdown,
)

__all__ = [
    "on_files",
    "on_nav",
    "on_page_markdown",
]
