"""Registered in mkdocs.yml; the code is pyairtable_docs.dates.wiring."""

from pyairtable_docs.dates.wiring import on_files, on_page_context, on_pre_build, on_shutdown, on_startup

__all__ = ["on_files", "on_page_context", "on_pre_build", "on_shutdown", "on_startup"]
