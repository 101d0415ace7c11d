"""Registered in mkdocs.yml; the code is pyairtable_docs.speed.highlight_wiring."""

from pyairtable_docs.speed.highlight_wiring import on_build_error, on_config, on_post_build

__all__ = ["on_build_error", "on_config", "on_post_build"]
