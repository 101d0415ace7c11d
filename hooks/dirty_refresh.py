"""Registered in mkdocs.yml; the code is pyairtable_docs.speed.refresh_wiring."""

from pyairtable_docs.speed.refresh_wiring import on_nav, on_pre_build, on_startup

__all__ = ["on_nav", "on_pre_build", "on_startup"]
