"""Registered in mkdocs.yml; the code is pyairtable_docs.schemas.wiring."""

from pyairtable_docs.schemas.wiring import (
    on_files,
    on_nav,
    on_page_markdown,
)

__all__ = [
    "on_files",
    "on_nav",
    "on_page_markdown",
]
