"""Registered in mkdocs.yml; the code is pyairtable_docs.errors.wiring."""

from pyairtable_docs.errors.wiring import on_config, on_files

__all__ = ["on_config", "on_files"]
