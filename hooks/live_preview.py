"""Registered in mkdocs.yml; the code is pyairtable_docs.preview.wiring."""

from pyairtable_docs.preview.wiring import (
    on_build_error,
    on_config,
    on_files,
    on_post_build,
    on_post_page,
    on_serve,
    on_shutdown,
    on_startup,
)

__all__ = [
    "on_build_error",
    "on_config",
    "on_files",
    "on_post_build",
    "on_post_page",
    "on_serve",
    "on_shutdown",
    "on_startup",
]
