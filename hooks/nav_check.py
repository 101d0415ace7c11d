"""Registered in mkdocs.yml; the code is pyairtable_docs.gates.nav_wiring."""

from pyairtable_docs.gates.nav_wiring import on_config, on_nav

__all__ = ["on_config", "on_nav"]
