"""Material's primary navigation, with each link off the current page's path rendered once per folder.

Material renders the whole navigation tree for every page through a recursive Jinja macro
(``render`` in partials/nav-item.html), which is most of a large site's build time. Here the
macro stays Material's own: its two call sites (the top level in partials/nav.html, the
children of a section in partials/nav-item.html) are rewritten to go through ``NavCache``,
which calls the macro and keeps its output for an item that is not on the current page's
path. Such an item's markup depends on the page only through relative URLs, which read the
same from every page of a folder; so the next page of that folder gets it from the cache.
The markup is Material's, byte for byte, by construction.

Works on any objects shaped like MkDocs' nav items (``url``, ``children``, ``active``);
imports nothing from MkDocs or Jinja.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

# The global the rewritten templates call, and the two call sites it replaces, as Material
# 9.8 writes them (speed/private_api.py). If either is not found exactly once, the hook stays off.
GLOBAL = "pyairtable_docs_nav_item"
CALL_SITES = {
    "partials/nav.html": (
        "{{ item.render(nav_item, path, 1) }}",
        "{{ " + GLOBAL + "(item.render, nav_item, path, 1, none, page, base_url) }}",
    ),
    "partials/nav-item.html": (
        '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
        "{{ " + GLOBAL + '(render, item, path ~ "_" ~ loop.index, level + 1, nav_item, page, base_url) }}',
    ),
}
# The theme features the byte-identical tests build with (tests/test_speed_safety.py, test_fast_nav.py).
VERIFIED_FEATURES = frozenset({"navigation.tabs", "navigation.indexes", "navigation.prune"})
_FEATURE_TEST = re.compile(r"""["']([a-z]+(?:\.[a-z]+)+)["']\s+in\s+features""")


def rewritten(name: str, source: str) -> str | None:
    """The template ``name`` with its macro call going through the cache; None: the call site is not there."""
    original, replacement = CALL_SITES[name]
    if source.count(original) != 1:
        return None
    return source.replace(original, replacement)


def unverified_features(sources: Sequence[str], enabled: Sequence[str]) -> list[str]:
    """Enabled features that the nav templates test and the byte-identical tests do not build with."""
    tested = {match for source in sources for match in _FEATURE_TEST.findall(source)}
    return sorted(tested.intersection(enabled) - VERIFIED_FEATURES)


def _parent_folder(url: str) -> str:
    return url.rstrip("/").rpartition("/")[0]


def folder_urls(items: Sequence[Any]) -> set[str]:
    """Every URL under which another page's URL lies (a folder's index page, the home page)."""
    urls: set[str] = set()
    stack = list(items)
    while stack:
        item = stack.pop()
        if getattr(item, "children", None):
            stack.extend(item.children)
        elif url := getattr(item, "url", ""):
            parts = url.rstrip("/").split("/")[:-1]
            urls.update("/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1))
    return urls


class NavCache:
    """Material's nav macro, called once per item and folder of pages; one instance per build.

    ``nav_items`` is the navigation's top level, from which the folders are found.
    """

    def __init__(self, nav_items: Sequence[Any]) -> None:
        self._folders = folder_urls(nav_items)
        self._markup: dict[tuple, Any] = {}
        self.calls = 0  # macro calls made, for tests

    def folder_key(self, page: Any, base_url: str) -> str | None:
        """Pages with the same key see every other page's link alike; None: no reuse for this page."""
        if page is None:
            return "\0" + base_url
        if not page.url or page.url in self._folders:
            return None  # other pages lie under this page's URL: links into it read differently
        return _parent_folder(page.url)

    def item(
        self, macro: Callable[..., Any], item: Any, path: str, level: int, parent: Any, page: Any, base_url: str
    ) -> Any:
        """What ``macro(item, path, level, parent)`` writes for ``page``; from the cache where it is the same."""
        folder = None if getattr(item, "active", False) else self.folder_key(page, base_url)
        key = (id(item), path, level, bool(getattr(parent, "active", False)), folder)
        if folder is not None and key in self._markup:
            return self._markup[key]
        self.calls += 1
        markup = macro(item, path, level) if parent is None else macro(item, path, level, parent)
        if folder is not None:
            self._markup[key] = markup
        return markup
