"""The awesome-pages ``.pages`` files: checked before the plugin reads them.

The plugin raises a bare traceback on a broken ``.pages`` file and only emits a
Python warning (which ``--strict`` does not see) for an entry that names nothing.
These functions turn both into Problems that name the file, the line and the entry.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

import yaml

from pyairtable_docs.core.frontmatter import SafeLoaderWithoutAliases
from pyairtable_docs.core.problems import Problem, did_you_mean

# awesome-pages titles reach the theme's HTML unescaped (nav, tabs, page headers).
MARKUP = re.compile(r'[<>"]')
KNOWN_KEYS = (
    "title",
    "nav",
    "arrange",
    "collapse",
    "collapse_single_pages",
    "hide",
    "ignore_case",
    "order",
    "sort_type",
    "order_by",
)


def check_pages_file(
    display: str, folder: str, text: str, existing: Iterable[str]
) -> tuple[list[Problem], list[Problem]]:
    """(fatal problems, warnings) for one ``.pages`` file in docs folder ``folder``.

    ``existing`` holds the docs-relative paths of every file; a folder exists when
    some file lies below it.
    """
    try:
        # No aliases: a nav made of nested aliases could take exponential time to walk.
        node = yaml.compose(text, Loader=SafeLoaderWithoutAliases)
        data = yaml.load(text, Loader=SafeLoaderWithoutAliases)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        return [Problem(display, "", f"not valid YAML: {error.problem}", line, "NAV001")], []
    except yaml.YAMLError as error:
        first_line = str(error).partition("\n")[0]
        return [Problem(display, "", f"not valid YAML: {first_line}", code="NAV001")], []
    except RecursionError:
        return [Problem(display, "", "not valid YAML: nested too deeply to read", code="NAV001")], []
    if data is None:
        return [], []
    if not isinstance(data, dict):
        return [Problem(display, "", "must be a mapping (title:, nav:, ...)", code="NAV003")], []
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value} if node else {}
    fatal = []
    for key in data:
        if key not in KNOWN_KEYS:
            fatal.append(
                Problem(
                    display,
                    str(key),
                    "is not an awesome-pages setting" + did_you_mean(str(key), KNOWN_KEYS),
                    lines.get(key),
                    "NAV002",
                )
            )
    if "title" in data and not isinstance(data["title"], str):
        fatal.append(Problem(display, "title", "must be a text", lines.get("title"), "NAV003"))
    nav = data.get("nav", [])
    if not isinstance(nav, list):
        return [*fatal, Problem(display, "nav", "must be a list", lines.get("nav"), "NAV003")], []
    existing = set(existing)
    folders = {posixpath.dirname(p) for p in existing}
    folders |= {f.rsplit("/", i)[0] for f in list(folders) for i in range(1, f.count("/") + 1)}
    warnings = []
    titles = [("title", data["title"])] if isinstance(data.get("title"), str) else []
    for field, title in [*titles, *(("nav", t) for t in _titles(nav))]:
        if MARKUP.search(title):
            warnings.append(
                Problem(
                    display,
                    field,
                    f'title {title!r} must not contain <, > or " (the theme would show it as HTML)',
                    lines.get(field),
                    "NAV004",
                )
            )
    for entry in _entries(nav):
        if entry is None:
            why = "each entry is a name, `...`, or `Title: name`"
            fatal.append(Problem(display, "nav", why, lines.get("nav"), "NAV003"))
            continue
        if entry == "..." or "://" in entry or entry.startswith("..."):
            continue
        target = posixpath.normpath(posixpath.join(folder, entry)) if folder else entry
        if target not in existing and target not in folders:
            siblings = [posixpath.basename(p) for p in existing | folders if posixpath.dirname(p) == folder]
            warnings.append(
                Problem(
                    display,
                    "nav",
                    f"entry {entry!r} names no file or folder here{did_you_mean(entry, siblings)}",
                    _line_of(text, entry) or lines.get("nav"),
                    "NAV005",
                )
            )
    return fatal, warnings


def _line_of(text: str, entry: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("-") and line.rstrip().endswith(entry):
            return number
    return None


def _titles(nav: list) -> Iterable[str]:
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            yield str(title)
            if isinstance(value, list):
                yield from _titles(value)


def _entries(nav: list) -> Iterable[str | None]:
    for item in nav:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict) and len(item) == 1:
            (value,) = item.values()
            if isinstance(value, list):
                yield from _entries(value)
            else:
                yield value if isinstance(value, str) else None
        else:
            yield None
