"""Registered in mkdocs.yml; the code is pyairtable_docs.gates.secrets_wiring."""

from pyairtable_docs.gates.secrets_wiring import (
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_post_build,
    on_shutdown,
    on_startup,
)

__all__ = ["on_build_error", "on_config", "on_env", "on_files", "on_post_build", "on_shutdown", "on_startup"]
