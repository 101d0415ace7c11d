"""Which pages a dirty rebuild (`mkdocs serve --dirty`) must write again though their file did not change.

MkDocs' dirty rebuild writes a page only when its file is newer than the page it wrote
last time. Our hooks add generated parts to pages from other files (the decision log from
every ADR, a service's decisions, the catalog, the dashboard, the diagram gallery), so a
page can be out of date with its file untouched. Each hook records, per page, what it will
add; a page whose additions differ from the previous build's is rebuilt.

The bookkeeping lives in the `serve --dirty` session (speed/serve_session.py); outside one,
``record`` does nothing: a full build writes every page anyway.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pyairtable_docs.speed import serve_session


def is_tracking(config: Any) -> bool:
    """Whether this build is a `serve --dirty` rebuild, whose hooks record what they add."""
    return serve_session.dirty(config) is not None


def record(config: Any, src_uri: str, generated: object) -> None:
    """Note what a hook adds to page ``src_uri`` in this build (any value with a stable repr)."""
    if (session := serve_session.dirty(config)) is not None:
        add(session.refreshing, src_uri, generated)


def add(digests: dict[str, str], src_uri: str, generated: object) -> None:
    digest = hashlib.sha256(repr(generated).encode("utf-8", "surrogatepass")).hexdigest()
    digests[src_uri] = hashlib.sha256((digests.get(src_uri, "") + digest).encode()).hexdigest()


def stale(previous: dict[str, str], current: dict[str, str]) -> set[str]:
    """Pages whose generated parts changed since the previous build (or are new)."""
    return {page for page, digest in current.items() if previous.get(page) != digest}
