"""Registered in mkdocs.yml; the code is pyairtable_docs.speed.templates_wiring."""

from pyairtable_docs.speed.templates_wiring import on_env

__all__ = ["on_env"]
