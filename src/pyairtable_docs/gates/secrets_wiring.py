"""MkDocs hook: no page or schema that looks like it holds a real credential is published.

Every text file of the docs tree (pages, schemas, data, templates) is scanned by
secret_patterns; each suspected secret is one warning ``docs/<file>:<line>: ...`` naming
its kind and a redacted hint, so ``mkdocs build --strict`` fails. A file that cannot be
scanned (over 2 MiB, binary, not UTF-8) is a warning too: nothing unscanned is published.

On `mkdocs build` the scan runs in a forked process while MkDocs writes the pages (the
second core is idle then), and its warnings are logged when the build ends. Under
`mkdocs serve`, without os.fork, or when speed/switch.py keeps speed work off
(PYAIRTABLE_DOCS_FAST=0), it runs in on_files. Under `mkdocs serve` a file whose text has not
changed since the previous rebuild is not scanned again: the results are kept in the serve
session (speed/serve_session.py). Everything else lives in a SecretScan per build.
"""

from __future__ import annotations

import os
import pickle
import posixpath
import tempfile
from dataclasses import dataclass, field

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from pyairtable_docs.core.codes import coded
from pyairtable_docs.core.wiring import build_state, display_path
from pyairtable_docs.gates.secret_patterns import find_secrets
from pyairtable_docs.speed import serve_session, switch

log = get_plugin_logger(__name__)

MAX_BYTES = 2 * 1024 * 1024
TEXT_SUFFIXES = {
    ".md",
    ".markdown",
    ".yaml",
    ".yml",
    ".json",
    ".jsonl",
    ".sql",
    ".schema",
    ".graphql",
    ".gql",
    ".proto",
    ".mermaid",
    ".mmd",
    ".txt",
    ".template",
    ".env",
    ".example",
    ".sample",
    ".toml",
    ".ini",
    ".cfg",
    ".conf",
    ".properties",
    ".csv",
    ".tsv",
    ".xml",
}
TEXT_NAMES = {".pages", ".env"}


@dataclass
class SecretScan:
    fork: bool = False  # whether the scan may run in a forked process
    findings: dict[tuple[str, bytes], list[str]] = field(default_factory=dict)  # (file, text) -> warnings
    pending: list[File] = field(default_factory=list)  # files the forked process scans
    child: dict[str, object] = field(default_factory=dict)  # pid and result file of the scanning process


# Builds whose scanning process is not collected yet: on_build_error is given no config to find them by.
_unfinished: list[SecretScan] = []


def on_startup(*, command: str, dirty: bool) -> None:
    serve_session.start(command, dirty)


def on_shutdown() -> None:
    serve_session.stop()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state = build_state(config, SecretScan)
    session = serve_session.of(config)
    if session is not None:
        state.findings = session.secret_findings  # kept across rebuilds
    reason = switch.why_off([], config.theme.name)
    if reason and not switch.switched_off():
        log.info(f"the secret scan runs in the build's own process: {reason}")
    state.fork = session is None and reason is None and hasattr(os, "fork")
    return config


def is_scanned(src_uri: str) -> bool:
    name = posixpath.basename(src_uri)
    return posixpath.splitext(name)[1].lower() in TEXT_SUFFIXES or name in TEXT_NAMES or name.startswith(".env.")


def size_of(file: File) -> int:
    if file.abs_src_path is not None:
        return os.path.getsize(file.abs_src_path)
    return len(file.content_bytes)


def scannable_text(file: File, config: MkDocsConfig) -> tuple[str | None, list[str]]:
    """The file's text, or None and the warning saying why it cannot be scanned."""
    where = display_path(config, file.src_uri)
    try:
        size = size_of(file)
        if size > MAX_BYTES:
            return None, [coded("SEC002", f"{where}: is larger than 2 MiB ({size} bytes); not scanned for secrets")]
        data = file.content_bytes
    except OSError as error:
        raise PluginError(coded("FMT001", f"{where}: cannot be read: {error.strerror}")) from None
    nul = data.find(b"\0")
    if nul >= 0:
        return None, [coded("SEC003", f"{where}: is binary (NUL byte at offset {nul}); not scanned for secrets")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        why = f"{where}: is not UTF-8 text (invalid byte at offset {error.start}); not scanned for secrets"
        return None, [coded("FMT001", why)]


def scan(file: File, config: MkDocsConfig) -> list[str]:
    """The warnings for one file: each suspected secret, or why it could not be scanned."""
    text, problems = scannable_text(file, config)
    if text is None:
        return problems
    findings = build_state(config, SecretScan).findings
    key = (file.src_uri, text.encode("utf-8"))
    if key not in findings:
        findings[key] = [str(p) for p in find_secrets(text, display_path(config, file.src_uri))]
    return findings[key]


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    state = build_state(config, SecretScan)
    scanned = [f for f in sorted(files, key=lambda f: f.src_uri) if f.generated_by is None and is_scanned(f.src_uri)]
    if state.fork:
        state.pending.extend(scanned)  # scanned beside the page writing, from on_env
        return files
    current = {f.src_uri: f for f in scanned}
    for key in [k for k in state.findings if k[0] not in current]:
        del state.findings[key]  # a deleted file's results go
    for file in scanned:
        for message in scan(file, config):
            log.warning(message)
    return files


def _scan_in_child(config: MkDocsConfig, path: str) -> None:
    results: list[tuple[str, str]] = []
    for file in build_state(config, SecretScan).pending:
        try:
            results += [("warning", message) for message in scan(file, config)]
        except PluginError as error:
            results.append(("error", str(error)))
    with open(path, "wb") as out:
        pickle.dump(results, out)


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    state = build_state(config, SecretScan)
    if not state.pending:
        return env
    handle, path = tempfile.mkstemp(prefix="pyairtable-docs-secrets-", suffix=".pickle")
    os.close(handle)
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            _scan_in_child(config, path)
            status = 0
        finally:
            os._exit(status)
    log.debug(f"the secret scan runs in process {pid}")
    state.child.update(pid=pid, path=path)
    _unfinished.append(state)
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    state = build_state(config, SecretScan)
    if not state.child:
        return
    results = _collect(state, config)
    errors = [message for kind, message in results if kind == "error"]
    for kind, message in results:
        if kind == "warning":
            log.warning(message)
    if errors:
        raise PluginError(errors[0])


def _collect(state: SecretScan, config: MkDocsConfig) -> list[tuple[str, str]]:
    """The scanning process's results; if it failed, the scan is done here instead."""
    status = _wait(state)
    path = str(state.child.pop("path"))
    try:
        with open(path, "rb") as result_file:
            if status == 0:
                return pickle.load(result_file)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    finally:
        os.unlink(path)
    return [("warning", message) for file in state.pending for message in scan(file, config)]


def _wait(state: SecretScan) -> int:
    _, status = os.waitpid(int(state.child.pop("pid")), 0)
    _unfinished.remove(state)
    return status


def on_build_error(*, error: Exception) -> None:
    for state in list(_unfinished):
        _wait(state)
        os.unlink(str(state.child.pop("path")))
