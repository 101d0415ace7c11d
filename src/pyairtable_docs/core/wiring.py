"""Plumbing shared by the hooks: how a docs file is named to its author, and read."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from pyairtable_docs.core.codes import coded
from pyairtable_docs.core.problems import Problem


def display_path(config: MkDocsConfig, src_uri: str) -> str:
    """The path an author knows: relative to the repository, e.g. docs/ARCHITECTURE/..."""
    return f"{posixpath.basename(config.docs_dir.rstrip('/'))}/{src_uri}"


def read_json_schema(files: Files, config: MkDocsConfig, src_uri: str, of: str) -> tuple[dict, list[Problem]]:
    """The JSON Schema ``src_uri`` that validates the data file ``of``; ({}, problem) when it is
    missing or not JSON (the data is then not validated, and the build says why)."""
    file = files.get_file_from_path(src_uri)
    if file is None:
        return {}, [Problem(display_path(config, of), "", f"has no JSON Schema beside it ({src_uri})", code="FMT010")]
    try:
        return json.loads(read_text(file, config)), []
    except json.JSONDecodeError as error:
        where = display_path(config, src_uri)
        return {}, [Problem(where, "", f"not valid JSON: {error.msg}", error.lineno, "FMT010")]


def read_text(file: File, config: MkDocsConfig) -> str:
    """The file's text; unreadable or non-UTF-8 input stops the build naming the file."""
    try:
        return file.content_string
    except UnicodeDecodeError as error:
        where = display_path(config, file.src_uri)
        raise PluginError(
            coded("FMT001", f"{where}: is not UTF-8 text (invalid byte at offset {error.start})")
        ) from None
    except OSError as error:
        where = display_path(config, file.src_uri)
        raise PluginError(coded("FMT001", f"{where}: cannot be read: {error.strerror}")) from None


# The checkout this package runs from, when it runs from one (src/pyairtable_docs/core/...):
# tests and benchmarks build sites whose mkdocs.yml lies elsewhere with its npm packages.
CHECKOUT = Path(__file__).resolve().parents[3]


def npm_project(config: MkDocsConfig) -> Path:
    """The folder of package.json and node_modules (the pinned Mermaid): beside mkdocs.yml, else the checkout's."""
    beside_config = Path(config.config_file_path).parent
    if (beside_config / "package.json").is_file() or not (CHECKOUT / "package.json").is_file():
        return beside_config
    return CHECKOUT


def mermaid_bundle(config: MkDocsConfig) -> Path:
    return npm_project(config) / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"


State = TypeVar("State")


def build_state(config: MkDocsConfig, kind: type[State]) -> State:
    """This build's instance of ``kind`` (made on first use), kept on the build's config object.

    MkDocs loads a new config object for every build, ``serve`` rebuilds included, and passes it
    to every event; state hung on it cannot leak into another build, as module globals would
    (MkDocs imports hook modules once per process). What must outlive a build belongs to the
    serve session (pyairtable_docs.speed.serve_session).
    """
    states: dict[type, object] = config.__dict__.setdefault("_pyairtable_docs_state", {})
    if kind not in states:
        states[kind] = kind()
    return states[kind]  # type: ignore[return-value]
