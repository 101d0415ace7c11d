"""A page's Content Security Policy: its inline scripts allowed by hash, nothing else inline.

Pure text work on one built HTML page (no mkdocs imports). The page is scanned the way
an HTML tokenizer reads it, only as far as scripts are concerned: comments, doctypes and
the raw-text elements (style, textarea, title, ...) are skipped whole, attribute values
are quoted, and a script ends where the browser ends it. A script inside inline SVG or
MathML is read as in HTML; were its text to hold character references, the browser would
decode them, and block the script: the build test (tests/test_csp.py) would say so.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable
from typing import NamedTuple

# Inline styles stay allowed: Mermaid writes a <style> element and style attributes into
# every SVG it draws, and Python-Markdown aligns table cells with style="text-align: ...".
POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

# Elements whose content is text to the tokenizer: a <script> inside them is no script.
_RAW_TEXT = {"style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}
_JAVASCRIPT_TYPES = {
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}
# Script types a browser runs or applies, and so checks against script-src.
_EXECUTABLE_TYPES = _JAVASCRIPT_TYPES | {"module", "importmap", "speculationrules"}

_COMMENT = r"<!--(?:-?>|.*?--!?>|.*\Z)"  # a comment, including <!--> and one never closed
_BOGUS = r"<[!?][^>]*>?"  # a doctype, <![CDATA[...]> or <?...>: skipped like comments
_ATTRS = r"""(?:[^>"'=]++|=\s*"[^"]*"|=\s*'[^']*'|[="'])*+"""
_TOKEN = re.compile(rf"{_COMMENT}|{_BOGUS}|<(?P<end>/?)(?P<name>[a-zA-Z][^\s/>]*)(?P<attrs>{_ATTRS})>", re.DOTALL)
# The tags inline_scripts() looks at (scripts, and the elements whose text hides them);
# _SCRIPT_TOKEN steps over all others (and over text,
# comments and doctypes) inside the regex engine, the way _TOKEN would, one match per page
# stretch instead of one per tag: a built page has thousands of tags, a few of them scripts.
# Names spelled as [sS][cC]...: re.IGNORECASE would slow the whole scan by a third.
_WANTED = (
    "(?:"
    + "|".join("".join(f"[{c}{c.upper()}]" for c in name) for name in ["script", "plaintext", *sorted(_RAW_TEXT)])
    + r")(?=[\s/>])"
)
# Div tags, to find where Material's container element ends. Counted without the tokenizer
# (a div in a comment would count): this only decides which scripts instant navigation runs
# again, for the build's warning, never what a policy allows.
_DIV = re.compile(r"<(/?)[dD][iI][vV](?=[\s/>])([^>]*)>")
# The commonest tags of a built page (highlighted code is mostly spans), skipped first: the
# general alternative below would skip them the same way, only slower.
_COMMON = r'</(?:span|a|li|code|td|tr|th|p|ul|em|strong)>|<span class="[\w -]*+">'
_SCRIPT_TOKEN = re.compile(
    rf"(?:[^<]++|{_COMMON}|{_COMMENT}|{_BOGUS}|</?(?!{_WANTED})[a-zA-Z][^\s/>]*{_ATTRS}>|<(?!/?{_WANTED}))*+"
    rf"(?:<(?P<end>/?)(?P<name>{_WANTED}[^\s/>]*)(?P<attrs>{_ATTRS})>)?",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""(?P<name>[^\s/>=][^\s/>=]*)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s>]*))?""")
# Inside a script, "<!--" and "<script" can hide a "</script>" from the tokenizer.
_SCRIPT_MARK = re.compile(r"<!--|(?<=--)>|</?script(?=[\s/>])", re.IGNORECASE)
_META = '<meta http-equiv="Content-Security-Policy" content="{}">'
_CHARSET = re.compile(r"\s*<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)


def attributes(attrs: str) -> dict[str, str]:
    """A start tag's attributes (lowercase names, decoded values); the first of a repeated name wins."""
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(attrs):
        value = match["value"] or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        found.setdefault(match["name"].lower(), html.unescape(value))
    return found


def is_executable(attrs: dict[str, str]) -> bool:
    """Whether a browser runs (or applies) a script element with these attributes."""
    if "type" in attrs:
        kind = attrs["type"]
    elif attrs.get("language"):
        kind = "text/" + attrs["language"]
    else:
        return True
    kind = kind.strip(" \t\n\f\r").lower()
    return kind == "" or kind in _EXECUTABLE_TYPES


def _script_end(page: str, start: int) -> tuple[int, int] | None:
    """(end of the script's text, end of its end tag) for a script whose text begins at start.

    None for a script left open at the end of the page: a browser does not run that one.
    """
    escaped = double_escaped = False
    for mark in _SCRIPT_MARK.finditer(page, start):
        text = mark.group().lower()
        if text == "<!--":
            escaped = escaped or not double_escaped
        elif text == ">":
            if escaped:
                escaped = double_escaped = False
        elif text == "<script":
            double_escaped = double_escaped or escaped
        elif double_escaped:  # "</script" inside "<!-- <script>": back to merely escaped
            double_escaped = False
        else:
            close = page.find(">", mark.end())
            return None if close < 0 else (mark.start(), close + 1)
    return None


def _tags(page: str, token: re.Pattern = _TOKEN) -> Iterable[tuple[str, str, int, int]]:
    """(name, attribute text, start, end) of each tag, "/name" for an end tag; raw-text content skipped.

    For a script, start and end bound its text instead: the text the browser runs (or not).
    With token=_SCRIPT_TOKEN, only the tags inline_scripts() needs, found the same way.
    """
    position = 0
    while position < len(page) and (match := token.search(page, position)):
        if not match["name"]:
            # _TOKEN skips a "<" that opens no tag; _SCRIPT_TOKEN stops there.
            position = match.end() + (token is _SCRIPT_TOKEN)
            continue
        position = match.end()
        name = match["end"] + match["name"].lower()
        if name == "plaintext":
            return
        if name == "script":
            if (end := _script_end(page, position)) is None:
                return
            yield name, match["attrs"], match.end(), end[0]
            position = end[1]
            continue
        yield name, match["attrs"], match.start("end") - 1, match.end()
        if name in _RAW_TEXT:
            close = re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE).search(page, position)
            position = len(page) if close is None else close.end()


class InlineScript(NamedTuple):
    text: str
    # Inside Material's data-md-component="container": instant navigation swaps that element
    # in from the next page and runs its scripts again, under the policy already in force.
    rerun: bool


def _container(page: str) -> tuple[int, int]:
    """Where Material's data-md-component="container" element starts and ends; (-1, -1) if absent."""
    start = depth = -1
    for match in _DIV.finditer(page):
        if start < 0:
            if (
                not match[1]
                and "data-md-component" in match[2]
                and attributes(match[2]).get("data-md-component") == "container"
            ):
                start, depth = match.start(), 1
            continue
        depth += -1 if match[1] else 1
        if depth == 0:
            return start, match.end()
    return (start, len(page)) if start >= 0 else (-1, -1)


def inline_scripts(page: str) -> list[InlineScript]:
    """Every inline script the browser would run, in page order."""
    found = []
    container_start, container_end = _container(page)
    for name, attrs, start, end in _tags(page, _SCRIPT_TOKEN):
        if name == "script":
            found_attrs = attributes(attrs)
            if "src" not in found_attrs and is_executable(found_attrs):
                found.append(InlineScript(page[start:end], rerun=container_start <= start < container_end))
    return found


def script_hash(text: str) -> str:
    """The CSP source expression allowing exactly this script text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")  # as the parser sees it
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes: Iterable[str], script_sources: Iterable[str] = (), *, any_inline_script: bool = False) -> str:
    """The policy allowing these inline-script hashes and extra script sources.

    any_inline_script allows every inline script instead (a hash in the list would cancel that).
    """
    inline = ["'unsafe-inline'"] if any_inline_script else dict.fromkeys(hashes)
    extra = " ".join([*inline, *script_sources])
    return "; ".join(
        f"{name} {value} {extra}" if name == "script-src" and extra else f"{name} {value}" for name, value in POLICY
    )


def page_policy(page: str, script_sources: Iterable[str] = ()) -> str:
    """The policy for this page: its own inline scripts by hash, nothing else inline."""
    return policy((script_hash(script.text) for script in inline_scripts(page)), script_sources)


def head_start(page: str) -> int:
    """Where the content of <head> begins; ValueError if the page has no <head> start tag."""
    for name, _, _, end in _tags(page):
        if name == "head":
            return end
        if name != "html":
            break
    raise ValueError("the page has no <head> start tag before its first element")


def with_policy(page: str, content: str) -> str:
    """The page with a CSP meta tag opening its <head>, so that it governs every element after it.

    Only a leading <meta charset> stays before it: that must lie within the first 1024 bytes.
    """
    at = head_start(page)
    if charset := _CHARSET.match(page, at):
        at = charset.end()
    content = html.escape(content, quote=False).replace('"', "&quot;")
    return f"{page[:at]}{_META.format(content)}{page[at:]}"


def blocked_after_navigation(rerun: dict[str, set[str]], allowed: dict[str, set[str]]) -> dict[str, list[str]]:
    """For each page whose re-run scripts (rerun, by hash) some page's policy (allowed) lacks: those pages.

    The first page a reader opens keeps its policy through instant navigation, so a script that
    navigation runs again must be allowed by every page's policy, not only by its own.
    """
    order = {name: n for n, name in enumerate(allowed)}
    pages_allowing: dict[frozenset[str], list[str]] = {}  # pages share a few distinct policies
    for other, hashes_allowed in allowed.items():
        pages_allowing.setdefault(frozenset(hashes_allowed), []).append(other)
    blockers_of: dict[frozenset[str], list[str]] = {}
    blocked = {}
    for name, hashes in rerun.items():
        key = frozenset(hashes)
        if key not in blockers_of:
            blockers_of[key] = [
                other
                for policy_hashes, others in pages_allowing.items()
                if not key <= policy_hashes
                for other in others
            ]
        if blockers_of[key]:
            blocked[name] = sorted(blockers_of[key], key=order.__getitem__)
    return blocked
