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


# What a page shows of the other pages, beyond the parts the hooks record: MkDocs reads only
# the pages it rewrites, so the others' titles would be None in the navigation it writes, and
# a page whose file did not change would keep another page's old title. A page is rewritten
# when what it shows of the others changed (``shown``), which is exactly its navigation (the
# items Material writes for it), its footer links and, on a tags index, every tagged page.

NAV_META = ("icon", "status", "subtitle")  # the front matter Material's navigation shows


def _item(item: Any) -> tuple:
    meta = getattr(item, "meta", None) or {}
    return (item.title, getattr(item, "url", None), tuple(meta.get(key) for key in NAV_META))


def _pruned(section: Any) -> tuple:
    """What Material writes for a section off the page's path: its title, a link to its first
    page, and (whitespace, from its loop looking for an index page) one mark per child."""
    children = section.children or []
    first = children[0] if children else None
    shape = tuple(bool(getattr(child, "is_index", False)) for child in children)
    if first is not None and getattr(first, "children", None):
        return ("section", section.title, shape, _pruned(first))
    return ("section", section.title, shape, _item(first) if first is not None else None)


def nav_shown(items: Any, page: Any, pruned: bool) -> tuple:
    """The navigation items Material writes for ``page``: with navigation.prune, a section off
    the page's path shows only its title and first link (Material's render_pruned)."""
    on_path = set()
    parent = getattr(page, "parent", None)
    while parent is not None:
        on_path.add(id(parent))
        parent = getattr(parent, "parent", None)

    def shown(item: Any) -> tuple:
        children = getattr(item, "children", None)
        if children is None:
            return _item(item)
        if pruned and id(item) not in on_path:
            return _pruned(item)
        return ("section", item.title, tuple(shown(child) for child in children))

    return tuple(shown(item) for item in items)


def page_shown(items: Any, page: Any, pruned: bool, tagged: Any = None) -> tuple:
    """Everything ``page`` shows of other pages; ``tagged`` (a tags index only): every tagged page."""
    neighbours = tuple(_item(p) if p is not None else None for p in (page.previous_page, page.next_page))
    return (_item(page), neighbours, nav_shown(items, page, pruned), tagged)


def tagged_pages(pages: Any, tags_key: str = "tags") -> tuple:
    """What a tags index lists: each tagged page's title, address and tags."""
    listed = []
    for page in pages:
        tags = page.meta.get(tags_key) or ()
        if tags:
            listed.append((page.url, str(page.title), (tags,) if isinstance(tags, str) else tuple(map(str, tags))))
    return tuple(sorted(listed))
