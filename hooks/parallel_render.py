"""Registered in mkdocs.yml; the code is pyairtable_docs.speed.parallel_wiring."""

from pyairtable_docs.speed.parallel_wiring import (
    on_build_error,
    on_config,
    on_nav,
    on_post_build,
    on_shutdown,
    on_startup,
)

__all__ = ["on_build_error", "on_config", "on_nav", "on_post_build", "on_shutdown", "on_startup"]
