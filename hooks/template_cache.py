"""Registered in mkdocs.yml; the code is pyairtable_docs.speed.templates_wiring."""

from pyairtable_docs.speed.templates_wiring import on_config, on_env, on_shutdown, on_startup

__all__ = ["on_config", "on_env", "on_shutdown", "on_startup"]
