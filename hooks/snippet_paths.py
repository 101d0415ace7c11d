"""Registered in mkdocs.yml; the code is pyairtable_docs.core.snippets_wiring."""

from pyairtable_docs.core.snippets_wiring import on_config, on_files, on_page_markdown

__all__ = ["on_config", "on_files", "on_page_markdown"]
