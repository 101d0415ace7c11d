"""Registered in mkdocs.yml; the code is pyairtable_docs.gates.theme_wiring."""

from pyairtable_docs.gates.theme_wiring import on_files, on_page_markdown, on_page_read_source

__all__ = ["on_files", "on_page_markdown", "on_page_read_source"]
