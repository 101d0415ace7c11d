"""Registered in mkdocs.yml; the code is pyairtable_docs.diagrams.assets_wiring."""

from pyairtable_docs.diagrams.assets_wiring import on_config, on_files

__all__ = ["on_config", "on_files"]
