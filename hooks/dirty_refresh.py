"""Registered in mkdocs.yml; the code is pyairtable_docs.speed.refresh_wiring."""

from pyairtable_docs.speed.refresh_wiring import (
    on_build_error,
    on_config,
    on_env,
    on_nav,
    on_page_markdown,
    on_post_build,
    on_shutdown,
    on_startup,
)

__all__ = [
    "on_build_error",
    "on_config",
    "on_env",
    "on_nav",
    "on_page_markdown",
    "on_post_build",
    "on_shutdown",
    "on_startup",
]
