"""The awesome-pages ``.pages`` files: checked before the plugin reads them.

The plugin raises a bare traceback on a broken ``.pages`` file and only emits a
Python warning (which ``--strict`` does not see) for an entry that names nothing.
These functions turn both into Problems that name the file, the line and the entry.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

import yaml

from problems import Problem, did_you_mean

KNOWN_KEYS = ("title", "nav", "arrange", "collapse", "collapse_single_pages", "hide",
              "ignore_case", "order", "sort_type", "order_by")


def check_pages_file(display: str, folder: str, text: str,
                     existing: Iterable[str]) -> tuple[list[Problem], list[Problem]]:
    """(fatal problems, warnings) for one ``.pages`` file in docs folder ``folder``.

    ``existing`` holds the docs-relative paths of every file; a folder exists when
    some file lies below it.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        return [Problem(display, "", f"not valid YAML: {error.problem}", line)], []
    if data is None:
        return [], []
    if not isinstance(data, dict):
        return [Problem(display, "", "must be a mapping (title:, nav:, ...)")], []
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value} if node else {}
    fatal = []
    for key in data:
        if key not in KNOWN_KEYS:
            fatal.append(Problem(display, str(key), "is not an awesome-pages setting"
                                 + did_you_mean(str(key), KNOWN_KEYS), lines.get(key)))
    if "title" in data and not isinstance(data["title"], str):
        fatal.append(Problem(display, "title", "must be a text", lines.get("title")))
    nav = data.get("nav", [])
    if not isinstance(nav, list):
        return [*fatal, Problem(display, "nav", "must be a list", lines.get("nav"))], []
    existing = set(existing)
    folders = {posixpath.dirname(p) for p in existing}
    folders |= {f.rsplit("/", i)[0] for f in list(folders) for i in range(1, f.count("/") + 1)}
    warnings = []
    for entry in _entries(nav):
        if entry is None:
            fatal.append(Problem(display, "nav", "each entry is a name, `...`, or `Title: name`",
                                 lines.get("nav")))
            continue
        if entry == "..." or "://" in entry or entry.startswith("..."):
            continue
        target = posixpath.normpath(posixpath.join(folder, entry)) if folder else entry
        if target not in existing and target not in folders:
            siblings = [posixpath.basename(p) for p in existing | folders
                        if posixpath.dirname(p) == folder]
            warnings.append(Problem(display, "nav", f"entry {entry!r} names no file or folder "
                                    f"here{did_you_mean(entry, siblings)}",
                                    _line_of(text, entry) or lines.get("nav")))
    return fatal, warnings


def _line_of(text: str, entry: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("-") and line.rstrip().endswith(entry):
            return number
    return None


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
