"""Registered in mkdocs.yml; the code is pyairtable_docs.speed.nav_wiring."""

from pyairtable_docs.speed.nav_wiring import on_config, on_env, on_nav

__all__ = ["on_config", "on_env", "on_nav"]
