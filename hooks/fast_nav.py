"""Registered in mkdocs.yml; the code is pyairtable_docs.speed.nav_wiring."""

from pyairtable_docs.speed.nav_wiring import on_env, on_pre_build

__all__ = ["on_env", "on_pre_build"]
