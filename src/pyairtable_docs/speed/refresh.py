"""Which pages a dirty rebuild (`mkdocs serve --dirty`) must write again though their file did not change.

MkDocs' dirty rebuild writes a page only when its file is newer than the page it wrote
last time. Our hooks add generated parts to pages from other files (the decision log from
every ADR, a service's decisions, the catalog, the dashboard, the diagram gallery), so a
page can be out of date with its file untouched. Each hook records, per page, what it will
add; a page whose additions differ from the previous build's is rebuilt. Only while
``tracking`` (dirty builds): a full build rebuilds everything anyway.
"""

from __future__ import annotations

import hashlib

tracking = False
_previous: dict[str, str] = {}  # page (src_uri) -> digest of its generated parts, last build
_current: dict[str, str] = {}


def begin_build() -> None:
    global _previous, _current
    _previous, _current = _current, {}


def record(src_uri: str, generated: object) -> None:
    """Note what a hook adds to this page in this build (any value with a stable repr)."""
    digest = hashlib.sha256(repr(generated).encode("utf-8", "surrogatepass")).hexdigest()
    _current[src_uri] = hashlib.sha256((_current.get(src_uri, "") + digest).encode()).hexdigest()


def stale() -> set[str]:
    """Pages whose generated parts changed since the previous build (or are new)."""
    return {page for page, digest in _current.items() if _previous.get(page) != digest}
