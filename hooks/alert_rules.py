"""Registered in mkdocs.yml; the code is pyairtable_docs.alerts.wiring."""

from pyairtable_docs.alerts.wiring import on_files, on_page_markdown

__all__ = ["on_files", "on_page_markdown"]
