"""Putting author-controlled text into generated Markdown, HTML and Mermaid safely.

Every value from front matter goes through one of these before it is rendered: it
comes out as literal text, never as markup, a link or a script.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pyairtable_docs.core.problems import Problem

# Characters that Markdown (tables, links, emphasis, code, emoji, attr_list, HTML)
# would read as syntax; written as numeric references they render as themselves.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()<>#+!|&\":=]")


def md_text(value: object) -> str:
    """``value`` as inline Markdown that renders as exactly that text, on one line."""
    # Control characters are no text; two of them (STX, ETX) are Markdown's own placeholders.
    text = re.sub(r"[\x00-\x1f\x7f]", "", " ".join(str(value).split()))
    return _MARKDOWN_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)


def html_text(value: object) -> str:
    return html.escape(str(value), quote=True)


def mermaid_label(value: object) -> str:
    """Text for inside a quoted Mermaid label: no quotes, brackets or markup survive."""
    text = " ".join(str(value).split())
    return re.sub(r"[\"<>&#;`\[\]{}()|]", lambda m: f"#{ord(m.group())};", text)


def css_token(value: str) -> str:
    """A value as a CSS class suffix (enumerated values only, but never trusted)."""
    return re.sub(r"[^a-z0-9-]", "", value.lower())


def insert_after_title(markdown: str, block: str) -> str:
    """``block`` right under the page's first level-1 heading (or on top when it has none)."""
    lines = markdown.split("\n")
    in_fence = False
    for number, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and line.startswith("# "):
            return "\n".join([*lines[: number + 1], "", block, *lines[number + 1 :]])
    return block + "\n" + markdown


# Page settings that the theme writes into its HTML as they are (Material's templates do
# not escape): the page title in the nav, <title> and header, <meta> contents, nav subtitle
# and status, and the redirect target.
THEME_TEXT_FIELDS = ("title", "description", "author", "subtitle", "status", "location")


def theme_meta(
    meta: Mapping[Any, Any], display: str, theme_file: Callable[[str], bool]
) -> tuple[dict[Any, Any], list[Problem]]:
    """A page's front matter as the theme may safely read it, and the settings it drops.

    Texts (and tag names) come out HTML-escaped, as MkDocs' own page titles are. A setting
    that would crash the theme (``hide``, ``search``, ``template``, ``icon``) is dropped
    with a Problem. ``theme_file`` tells whether a file exists in the theme's folders.
    """
    safe = dict(meta)
    problems = []

    def drop(field: str, message: str) -> None:
        del safe[field]
        problems.append(Problem(display, field, message, code="FMT008"))

    for field in THEME_TEXT_FIELDS:
        value = safe.get(field)
        if isinstance(value, str | int | float | dt.date):
            safe[field] = html_text(value)
        elif value is not None:
            drop(field, f"must be a text; got a {type(value).__name__}")
    if isinstance(safe.get("tags"), list | tuple | set | dict):  # Material takes any of these
        safe["tags"] = [html_text(tag) if isinstance(tag, str) else tag for tag in safe["tags"]]
    if safe.get("hide") is not None and not isinstance(safe["hide"], list | str):
        drop("hide", "must be a list of the parts to hide (navigation, toc, ...)")
    search = safe.get("search")
    if search and not (isinstance(search, dict) and isinstance(search.get("boost", 1), int | float)):
        drop("search", "must be a mapping such as {exclude: true} or {boost: 2}")
    for field, path in (("template", "{}"), ("icon", ".icons/{}.svg")):
        value = safe.get(field)
        if value is not None and not (isinstance(value, str) and _inside(value) and theme_file(path.format(value))):
            drop(field, f"names no {field} of the theme; got {_short(value)}")
    return safe, problems


def _inside(name: str) -> bool:
    """A relative path that stays inside the folder it is read from (as Jinja requires)."""
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and "\\" not in name and ".." not in parts


def _short(value: object) -> str:
    return repr(value[:60]) if isinstance(value, str) else f"a {type(value).__name__}"


CODE_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def lines_outside_code(markdown: str) -> Iterator[tuple[int, str]]:
    """(1-based number, line) of every line that is not inside, or a marker of, a fenced code block."""
    fence = ""
    for number, line in enumerate(markdown.split("\n"), 1):
        opening = CODE_FENCE.match(line)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)[:3]
        elif not fence:
            yield number, line


# pymdownx.snippets' syntax: `--8<-- "file"` on a line of its own, or file names one per line
# between two bare `--8<--` lines; a leading `;` escapes a marker or comments out a name. A name
# may end in a selector (`:12`, `:3:9`, `:section`), and names a file under the docs folder.
SNIPPET_MARKER = re.compile(
    r"""^[ \t]*(?P<escape>;*)-+8<-+(?:[ \t]+(?P<quoted>"(?:\\"|[^"\r\n])+?"|'(?:\\'|[^'\r\n])+?'))?\r?$"""
)
SNIPPET_SELECTOR = re.compile(r"(?i)(?:(?::-?[0-9]*){1,2}(?:,(?=[-0-9:])-?[0-9]*(?::-?[0-9]*)?)*|:[a-z][-_0-9a-z]*)$")


def snippet_files(markdown: str) -> Iterator[tuple[int, str]]:
    """(1-based line, file) of every local file the snippet lines of ``markdown`` include (URLs left out)."""
    block = False
    for number, line in enumerate(markdown.split("\n"), 1):
        marker = SNIPPET_MARKER.match(line)
        if marker and marker["escape"]:
            continue
        if marker and marker["quoted"] is None:
            block = not block
            continue
        if marker and not block:
            name = marker["quoted"][1:-1].strip()
        elif block and not marker:
            name = line.strip()
            if not name or name.startswith(";"):
                continue
        else:
            continue  # a quoted marker inside a block: the extension skips it
        if not name.lower().startswith(("http://", "https://")):
            yield number, SNIPPET_SELECTOR.sub("", name, count=1)
