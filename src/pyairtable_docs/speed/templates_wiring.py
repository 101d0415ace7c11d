"""MkDocs hook: compiled theme templates are kept across `mkdocs serve` rebuilds.

MkDocs makes a new Jinja environment for every build, so every rebuild compiled the ~50
theme templates again (half a second). Jinja's bytecode cache keeps them in memory, keyed
by template and checked against its source, so an edited override is compiled afresh.
"""

from __future__ import annotations

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)  # ignored by Jinja when the source's checksum changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_templates = MemoryBytecodeCache()  # lives as long as the process: that is its purpose


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = _templates
    return env
