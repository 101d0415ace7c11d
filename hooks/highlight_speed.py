"""Registered in mkdocs.yml; the code is pyairtable_docs.speed.highlight_wiring."""

from pyairtable_docs.speed.highlight_wiring import on_config

__all__ = ["on_config"]
