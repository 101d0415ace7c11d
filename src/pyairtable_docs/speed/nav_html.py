"""Material's primary navigation, with each link off the current page's path rendered once per folder.

Material renders the whole navigation tree for every page through a recursive Jinja macro
(``render`` in partials/nav-item.html), which is most of a large site's build time. Here the
macro stays Material's own: its two call sites (the top level in partials/nav.html, the
loop over a section's children in partials/nav-item.html) are rewritten to go through
``NavCache``, which calls the macro and keeps its output for an item that is not on the
current page's path. Such an item's markup depends on the page only through relative URLs,
which read the same from every page of a folder; so the next page of that folder gets it
from the cache, and a section's hundreds of links cost a page two joins. The markup is
Material's, byte for byte, by construction: its macro writes every piece, and the loop's
own text is taken from its template.

Works on any objects shaped like MkDocs' nav items (``url``, ``children``, ``active``);
imports nothing from MkDocs or Jinja.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# What the rewritten templates call, and the call sites they replace, as Material 9.8 writes
# them (speed/private_api.py). If a call site is not found exactly once, the hook stays off.
ITEM_GLOBAL = "pyairtable_docs_nav_item"
CHILDREN_GLOBAL = "pyairtable_docs_nav_children"
TEMPLATES = ("partials/nav.html", "partials/nav-item.html")
TOP_LEVEL_CALL = "{{ item.render(nav_item, path, 1) }}"
TOP_LEVEL_REPLACEMENT = "{{ " + ITEM_GLOBAL + "(item.render, nav_item, path, 1, none, page, base_url) }}"
# A section's loop over its children; the whitespace between its tags is written by every
# iteration, so it is captured and written by NavCache.children exactly as Jinja would.
CHILDREN_LOOP = re.compile(
    r"\{% for item in nav_item\.children %\}(\s*)"
    r"\{% if not index or item != index %\}(\s*)"
    r'\{\{ render\(item, path ~ "_" ~ loop\.index, level \+ 1, nav_item\) \}\}(\s*)'
    r"\{% endif %\}(\s*)"
    r"\{% endfor %\}"
)
CHILDREN_REPLACEMENT = "{{ " + CHILDREN_GLOBAL + "(render, nav_item, index, path, level, page, base_url) }}"


@dataclass(frozen=True)
class Rewritten:
    templates: dict[str, str]  # template name -> its rewritten text
    loop_text: tuple[str, str, str, str]  # the children loop's text: before the if, inside it, after it


def rewritten(sources: Mapping[str, str | None]) -> Rewritten | None:
    """Material's nav partials with their macro calls going through NavCache; None: a call site is missing."""
    top, items = sources.get(TEMPLATES[0]), sources.get(TEMPLATES[1])
    if top is None or items is None or top.count(TOP_LEVEL_CALL) != 1:
        return None
    loops = list(CHILDREN_LOOP.finditer(items))
    if len(loops) != 1:
        return None
    loop = loops[0]
    return Rewritten(
        templates={
            TEMPLATES[0]: top.replace(TOP_LEVEL_CALL, TOP_LEVEL_REPLACEMENT),
            TEMPLATES[1]: items[: loop.start()] + CHILDREN_REPLACEMENT + items[loop.end() :],
        },
        loop_text=loop.groups(),
    )


# The theme features the byte-identical tests build with (tests/test_speed_safety.py, test_fast_nav.py).
VERIFIED_FEATURES = frozenset({"navigation.tabs", "navigation.indexes", "navigation.prune"})
_FEATURE_TEST = re.compile(r"""["']([a-z]+(?:\.[a-z]+)+)["']\s+in\s+features""")


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


def _child_on_path(section: Any, page: Any) -> Any:
    """The child of ``section`` that is ``page`` or holds it (MkDocs links items to their parent)."""
    item = page
    while item is not None and getattr(item, "parent", None) is not section:
        item = getattr(item, "parent", None)
    return item


class NavCache:
    """Material's nav macro, called once per item and folder of pages; one instance per build.

    ``nav_items`` is the navigation's top level, from which the folders are found;
    ``loop_text`` the text of the children loop in Material's template (Rewritten.loop_text).
    """

    def __init__(self, nav_items: Sequence[Any], loop_text: tuple[str, str, str, str]) -> None:
        self._folders = folder_urls(nav_items)
        before, opening, closing, after = loop_text
        self._skipped = before + after  # what an iteration writes for the section's index page
        self._opening, self._closing = before + opening, closing + after
        self._markup: dict[tuple, Any] = {}
        self._children: dict[tuple, tuple[list[str], set[int]]] = {}  # iterations written, positions missing
        self._positions: dict[int, dict[int, int]] = {}
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

    def children(
        self, macro: Callable[..., Any], section: Any, index: Any, path: str, level: int, page: Any, base_url: str
    ) -> str:
        """What Material's loop over a section's children writes for ``page``.

        The iterations of the children off the page's path read the same from every page of a
        folder: they are kept as a list, and a page costs two joins and its own child's iteration.
        """
        children = section.children
        folder = self.folder_key(page, base_url)
        if folder is None:
            return "".join(
                self._iteration(macro, section, index, path, level, page, base_url, n) for n in range(len(children))
            )
        active = self._position(section, _child_on_path(section, page))
        key = (id(section), path, folder, bool(getattr(section, "active", False)))
        if key not in self._children:
            self._children[key] = ([""] * len(children), set(range(len(children))))
        written, missing = self._children[key]
        for n in [n for n in missing if n != active]:
            written[n] = self._iteration(macro, section, index, path, level, page, base_url, n)
            missing.discard(n)
        if active is None:
            return "".join(written)
        current = self._iteration(macro, section, index, path, level, page, base_url, active)
        return "".join(written[:active]) + current + "".join(written[active + 1 :])

    def _iteration(
        self,
        macro: Callable[..., Any],
        section: Any,
        index: Any,
        path: str,
        level: int,
        page: Any,
        base_url: str,
        n: int,
    ) -> str:
        child = section.children[n]
        if not (not index or child != index):  # Material's test, as its template writes it
            return self._skipped
        markup = self.item(macro, child, f"{path}_{n + 1}", level + 1, section, page, base_url)
        return f"{self._opening}{markup}{self._closing}"

    def _position(self, section: Any, child: Any) -> int | None:
        if child is None:
            return None
        if id(section) not in self._positions:
            self._positions[id(section)] = {id(c): n for n, c in enumerate(section.children)}
        return self._positions[id(section)].get(id(child))
