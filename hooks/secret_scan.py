"""MkDocs hook: no page or schema that looks like it holds a real credential is published.

Every text file of the docs tree (pages, schemas, data, templates) is scanned by
secret_patterns; each suspected secret is one warning ``docs/<file>:<line>: ...`` naming
its kind and a redacted hint, so ``mkdocs build --strict`` fails. A file that cannot be
scanned (over 2 MiB, binary, not UTF-8) is a warning too: nothing unscanned is published.
"""

from __future__ import annotations

import os
import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from hook_files import display_path
from secret_patterns import find_secrets

log = get_plugin_logger(__name__)

MAX_BYTES = 2 * 1024 * 1024
TEXT_SUFFIXES = {
    ".md", ".markdown", ".yaml", ".yml", ".json", ".jsonl", ".sql", ".schema", ".graphql", ".gql",
    ".proto", ".mermaid", ".mmd", ".txt", ".template", ".env", ".example", ".sample", ".toml",
    ".ini", ".cfg", ".conf", ".properties", ".csv", ".tsv", ".xml",
}
TEXT_NAMES = {".pages", ".env"}


def is_scanned(src_uri: str) -> bool:
    name = posixpath.basename(src_uri)
    return (posixpath.splitext(name)[1].lower() in TEXT_SUFFIXES or name in TEXT_NAMES
            or name.startswith(".env."))


def size_of(file: File) -> int:
    if file.abs_src_path is not None:
        return os.path.getsize(file.abs_src_path)
    return len(file.content_bytes)


def scannable_text(file: File, config: MkDocsConfig) -> str | None:
    """The file's text, or None (with a warning) when it cannot be scanned."""
    where = display_path(config, file.src_uri)
    try:
        size = size_of(file)
        if size > MAX_BYTES:
            log.warning(f"{where}: is larger than 2 MiB ({size} bytes); not scanned for secrets")
            return None
        data = file.content_bytes
    except OSError as error:
        raise PluginError(f"{where}: cannot be read: {error.strerror}") from None
    nul = data.find(b"\0")
    if nul >= 0:
        log.warning(f"{where}: is binary (NUL byte at offset {nul}); not scanned for secrets")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        log.warning(f"{where}: is not UTF-8 text (invalid byte at offset {error.start}); "
                    f"not scanned for secrets")
        return None


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    for file in sorted(files, key=lambda f: f.src_uri):
        if file.generated_by is not None or not is_scanned(file.src_uri):
            continue
        text = scannable_text(file, config)
        if text is not None:
            for problem in find_secrets(text, display_path(config, file.src_uri)):
                log.warning(str(problem))
    return files
