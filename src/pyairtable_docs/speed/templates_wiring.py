"""MkDocs hook: compiled theme templates are kept across `mkdocs serve` rebuilds.

MkDocs makes a new Jinja environment for every build, so every rebuild compiled the ~50
theme templates again (half a second). Jinja's bytecode cache keeps them in the serve
session (speed/serve_session.py), keyed by template and checked against its source, so an
edited override is compiled afresh. `mkdocs build` compiles each template once anyway: there
the hook does nothing, as it does when speed/switch.py keeps it off.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from pyairtable_docs.core.wiring import build_state
from pyairtable_docs.speed import serve_session, switch

log = get_plugin_logger(__name__)

NAME = "the template cache (hooks/template_cache.py)"


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates in a dict that outlives the build (the serve session's)."""

    def __init__(self, compiled: dict[str, bytes]) -> None:
        self.compiled = compiled

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)  # ignored by Jinja when the source's checksum changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def on_startup(*, command: str, dirty: bool) -> None:
    serve_session.start(command, dirty)


def on_shutdown() -> None:
    serve_session.stop()


@dataclass
class TemplateCache:
    templates: dict[str, bytes] | None = None  # the serve session's; None: the hook is off


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    session = serve_session.of(config)
    if session is None:
        return config
    if reason := switch.why_off(["Jinja2"], config.theme.name):
        (log.debug if switch.switched_off() else log.info)(f"{NAME} is off: {reason}")
        return config
    build_state(config, TemplateCache).templates = session.templates
    return config


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    if (templates := build_state(config, TemplateCache).templates) is not None:
        env.bytecode_cache = MemoryBytecodeCache(templates)
    return env
