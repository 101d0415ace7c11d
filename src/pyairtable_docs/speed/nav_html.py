"""The primary navigation of a page as HTML, in the markup Material's nav partial writes.

Material renders the whole navigation tree for every page through a recursive Jinja macro,
which is most of a large site's build time. Here the tree is walked in Python, and every
link that is not on the current page's path (a sibling page, a pruned section) is rendered
once per folder of pages and reused: such a link reads the same from every page of a folder.
Supported: the features this site uses (navigation.tabs, .indexes, .prune); others raise.

Works on any objects shaped like MkDocs' nav items (``title``, ``url``, ``children``,
``active``, ``is_index``, ``meta``, ``parent``); imports nothing from MkDocs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

SUPPORTED = frozenset({"navigation.tabs", "navigation.indexes", "navigation.prune"})
# Features that change what the nav partial writes and that this renderer does not write.
UNSUPPORTED = frozenset({"navigation.sections", "navigation.expand", "toc.integrate"})

# Where the current page's table of contents goes: the template includes Material's own
# toc partial there, so it keeps the page's full context.
TOC_MARKER = "<!--nav-toc-->"
ICON_SPAN = '<span class="md-nav__icon md-icon"></span>'

# The navigation written into each page (src_uri -> its parts), for hooks/csp.py: the CSP scan
# steps over it. Written from titles hooks/theme_guard.py escaped, it holds no script; were one
# there, skipping it would only leave it out of the page's policy, where the browser blocks it.
written: dict[str, tuple[str, ...]] = {}


def unsupported_features(features: Sequence[str]) -> list[str]:
    return sorted(UNSUPPORTED.intersection(features))


def _parent_folder(url: str) -> str:
    return url.rstrip("/").rpartition("/")[0]


def _folder_urls(items: Sequence[Any]) -> set[str]:
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


class _SiblingList:
    """The items of one section as seen from one folder of pages; an index page is not an item."""

    def __init__(self, children: Sequence[Any], index: Any) -> None:
        self.html = ["" for _ in children]
        self.missing = {n for n, child in enumerate(children) if child is not index}
        self._positions = {id(child): n for n, child in enumerate(children)}

    def position(self, child: Any) -> int | None:
        return None if child is None else self._positions.get(id(child))


class NavRenderer:
    """Renders navigation lists; one instance per build, so its cache lives for one build.

    ``relative(url, page, base_url)`` makes a nav URL relative to the page, or to the base URL
    where there is no page (the 404 page), as MkDocs' ``url`` filter does;
    ``icon(name)`` returns the SVG of a theme icon; ``status_titles`` is ``extra.status``.
    """

    def __init__(
        self,
        features: Sequence[str],
        relative: Callable[[str, Any, str], str],
        icon: Callable[[str], str],
        status_titles: dict | None = None,
    ) -> None:
        self.tabs = "navigation.tabs" in features
        self.indexes = "navigation.indexes" in features
        self.prune = "navigation.prune" in features
        self.relative = relative
        self.icon = icon
        self.status_titles = status_titles or {}
        self._reusable: dict[tuple[int, str], str] = {}
        self._lists: dict[tuple[int, str], _SiblingList] = {}
        self._indexes: dict[int, Any] = {}
        self._openings: dict[tuple, str] = {}
        self._folders: set[str] | None = None  # URLs that other pages' URLs lie under
        self._base_url = ""

    def items(self, items: Sequence[Any], page: Any, base_url: str = "") -> str:
        """The ``<li>`` items of the top level of the navigation, for ``page`` (None: the 404 page)."""
        self._base_url = base_url
        if self._folders is None:
            self._folders = _folder_urls(items)
        return "".join(self._item(item, page, f"__nav_{n}", 1) for n, item in enumerate(items, 1))

    # --- one item -------------------------------------------------------------------------

    def _item(self, item: Any, page: Any, path: str, level: int) -> str:
        if item is page:
            return self._current_page(item, page)
        children = getattr(item, "children", None)
        if children:
            section = self.tabs and level == 1 and item.active
            if not (self.prune and not section and not item.active):
                return self._open_section(item, page, path, level, section)
        return self._reused(item, page, path, level)

    def _reused(self, item: Any, page: Any, path: str, level: int) -> str:
        """A link off the current page's path; the same markup for every page in a folder."""
        folder = self._folder_key(page)
        if folder is None:  # a page under whose URL other pages lie: links into it differ
            return self._closed(item, page, path, level)
        key = (id(item), folder)
        html = self._reusable.get(key)
        if html is None:
            html = self._reusable[key] = self._closed(item, page, path, level)
        return html

    def _closed(self, item: Any, page: Any, path: str, level: int) -> str:
        if not getattr(item, "children", None):
            href = self._href(item.url, page)
            return (
                f'<li class="{self._class(item)}"><a href="{href}" class="md-nav__link">{self._content(item)}</a></li>'
            )
        if self.prune:
            return (
                f'<li class="{self._class(item)} md-nav__item--pruned md-nav__item--nested">'
                f"{self._pruned_link(item, item, page)}</li>"
            )
        return self._open_section(item, page, path, level, False)

    def _pruned_link(self, item: Any, ref: Any, page: Any) -> str:
        first = item.children[0]
        if getattr(first, "children", None):
            return self._pruned_link(first, ref, page)
        return f'<a href="{self._href(first.url, page)}" class="md-nav__link">{self._content(ref)}{ICON_SPAN}</a>'

    def _current_page(self, item: Any, page: Any) -> str:
        toc = list(page.toc or [])
        if toc and toc[0].level == 1:
            toc = toc[0].children
        label = (
            (f'<label class="md-nav__link md-nav__link--active" for="__toc">{self._content(item)}{ICON_SPAN}</label>')
            if toc
            else ""
        )
        return (
            f'<li class="{self._class(item)}">'
            '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
            f'{label}<a href="{self._href(item.url, page)}" class="md-nav__link md-nav__link--active">'
            f"{self._content(item)}</a>{TOC_MARKER if toc else ''}</li>"
        )

    def _open_section(self, item: Any, page: Any, path: str, level: int, section: bool) -> str:
        index = self._index(item)
        folder = self._folder_key(page)
        key = (id(item), folder, bool(item.active), index is page, section, path)
        opening = self._openings.get(key) if folder is not None else None
        if opening is None:
            opening = self._opening(item, page, path, level, section, index)
            if folder is not None:
                self._openings[key] = opening
        return opening + self._children(item, page, path, level + 1, index) + "</ul></nav></li>"

    def _opening(self, item: Any, page: Any, path: str, level: int, section: bool, index: Any) -> str:
        """A section's markup up to its list of items: the same for every page of a folder."""
        checked = " checked" if item.active else ""
        tabindex = "" if section else "0"
        extra = " md-nav__item--section" if section else ""
        parts = [
            f'<li class="{self._class(item)}{extra} md-nav__item--nested">',
            f'<input class="md-nav__toggle md-toggle" type="checkbox" id="{path}"{checked}>',
        ]
        if index is None:
            parts.append(
                f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="{tabindex}">'
                f"{self._content(item)}{ICON_SPAN}</label>"
            )
        else:
            active = " md-nav__link--active" if index is page else ""
            parts.append(
                '<div class="md-nav__link md-nav__container">'
                f'<a href="{self._href(index.url, page)}" class="md-nav__link{active}">'
                f"{self._content(index, item)}</a>"
            )
            if len(item.children) > 1:
                parts.append(
                    f'<label class="md-nav__link{active}" for="{path}" id="{path}_label" '
                    f'tabindex="{tabindex}">{ICON_SPAN}</label>'
                )
            parts.append("</div>")
        parts.append(
            f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{path}_label" '
            f'aria-expanded="{json.dumps(bool(item.active))}">'
            f'<label class="md-nav__title" for="{path}">{ICON_SPAN}{item.title}</label>'
            '<ul class="md-nav__list" data-md-scrollfix>'
        )
        return "".join(parts)

    def _children(self, section: Any, page: Any, path: str, level: int, index: Any) -> str:
        """A section's items. The ones off the page's path are rendered once per folder of pages
        and kept as a list, so a page of a section with hundreds of pages costs two joins."""
        children = section.children
        folder = self._folder_key(page)
        if folder is None:
            return "".join(
                self._item(child, page, f"{path}_{n}", level)
                for n, child in enumerate(children, 1)
                if child is not index
            )
        siblings = self._lists.get((id(section), folder))
        if siblings is None:
            siblings = self._lists[(id(section), folder)] = _SiblingList(children, index)
        active = siblings.position(_child_on_path(section, page)) if section.active else None
        if active is not None and children[active] is index:
            active = None
        for n in [n for n in siblings.missing if n != active]:
            siblings.html[n] = self._closed(children[n], page, f"{path}_{n + 1}", level)
            siblings.missing.discard(n)
        if active is None:
            return "".join(siblings.html)
        current = self._item(children[active], page, f"{path}_{active + 1}", level)
        return "".join(siblings.html[:active]) + current + "".join(siblings.html[active + 1 :])

    def _index(self, section: Any) -> Any:
        """The section's index page (navigation.indexes), looked up once per section."""
        if not self.indexes:
            return None
        if id(section) not in self._indexes:
            self._indexes[id(section)] = next((c for c in section.children if getattr(c, "is_index", False)), None)
        return self._indexes[id(section)]

    def _folder_key(self, page: Any) -> str | None:
        """Pages with the same key see every other page's link alike; None: no reuse for this page."""
        if page is None:
            return "\0" + self._base_url
        if not page.url or page.url in (self._folders or ()):
            return None
        return _parent_folder(page.url)

    # --- pieces ---------------------------------------------------------------------------

    def _href(self, url: str, page: Any) -> str:
        return self.relative(url, page, self._base_url)

    def _class(self, item: Any) -> str:
        return "md-nav__item md-nav__item--active" if getattr(item, "active", False) else "md-nav__item"

    def _content(self, item: Any, ref: Any = None) -> str:
        """The inside of a link: icon, title, subtitle and status, as Material writes them.

        Titles and subtitles are written as they are, like the theme does: hooks/theme_guard.py
        has escaped authors' front matter before any template reads it.
        """
        meta = getattr(item, "meta", None) or {}
        title = (ref or item).title
        icon = self.icon(meta["icon"]) if meta.get("icon") else ""
        subtitle = f"<br><small>{meta['subtitle']}</small>" if meta.get("subtitle") else ""
        status = meta.get("status")
        badge = ""
        if status:
            title_attr = f' title="{self.status_titles[status]}"' if self.status_titles.get(status) else ""
            badge = f'<span class="md-status md-status--{status}"{title_attr}></span>'
        return f'{icon}<span class="md-ellipsis">{title}{subtitle}</span>{badge}'
