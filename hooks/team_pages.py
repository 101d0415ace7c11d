"""Registered in mkdocs.yml; the code is pyairtable_docs.teams.wiring."""

from pyairtable_docs.teams.wiring import on_files

__all__ = ["on_files"]
