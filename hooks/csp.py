"""Registered in mkdocs.yml; the code is pyairtable_docs.gates.csp_wiring."""

from pyairtable_docs.gates.csp_wiring import (
    on_build_error,
    on_config,
    on_env,
    on_post_build,
    on_post_page,
    on_post_template,
    on_shutdown,
    on_startup,
)

__all__ = [
    "on_build_error",
    "on_config",
    "on_env",
    "on_post_build",
    "on_post_page",
    "on_post_template",
    "on_shutdown",
    "on_startup",
]
