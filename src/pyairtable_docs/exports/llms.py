"""llms.txt and llms-full.txt (the llmstxt.org format), from the pages' twins in reading order.

llms.txt is the map: an H1 with the site's name, its summary as a blockquote, a paragraph on
how the hub can be read, then one section per top-level part of the navigation, each page a
``- [title](twin): what it is about`` line, and an "Optional" section with what an assistant
can skip when its context is short. llms-full.txt is every twin, one after the other.
Pure functions only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pyairtable_docs.exports.twins import lines_outside_fences

OPTIONAL = "Optional"
DESCRIPTION_LIMIT = 200


@dataclass(frozen=True)
class Entry:
    """One page as the llms files list it."""

    title: str
    section: str  # the top-level navigation section it is in
    twin: str  # its twin's URL, as llms.txt links it
    description: str
    optional: bool
    text: str  # its twin with links from the site root, for llms-full.txt


# A paragraph that is not prose: heading, admonition, HTML, table, list, quote, attribute list...
_NOT_PROSE = re.compile(r"^\s*(?:#|!!!|\?\?\?|<|\||[-*+] |\d+[.)] |>|\{|\[TOC\]|-+8<-|:::|---|\*\*\*$|\$\$)")
_LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_ATTRIBUTES = re.compile(r"\{[:#.][^}]*\}|\{ [^}]*\}")


def describe(markdown: str, description: object = None) -> str:
    """One line about a page: its front matter's ``description``, else its first sentence of prose."""
    if isinstance(description, str) and description.strip():
        return _shorten(html.unescape(" ".join(description.split())))
    for paragraph in _paragraphs(markdown):
        if not _NOT_PROSE.match(paragraph):
            text = _ATTRIBUTES.sub("", _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", " ".join(paragraph.split()))))
            return _shorten(_first_sentence(html.unescape(text).strip()))
    return ""


def _paragraphs(markdown: str) -> list[str]:
    """The blocks of text outside fenced code, as blank lines separate them."""
    paragraphs, current = [], []
    for line in [*lines_outside_fences(markdown), ""]:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return paragraphs


def _first_sentence(text: str) -> str:
    match = re.search(r"(?<=[a-z0-9)\"'`’])[.!?](?=\s+[A-Z(\"'`])", text)
    return text[: match.end()] if match and match.end() >= 20 else text


def _shorten(text: str) -> str:
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    cut = text[: DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _link_text(title: str) -> str:
    return re.sub(r"([\[\]\\])", r"\\\1", " ".join(title.split()))


def _line(entry: Entry) -> str:
    about = f": {entry.description}" if entry.description else ""
    return f"- [{_link_text(entry.title)}]({entry.twin}){about}"


def render_llms_txt(
    name: str, summary: str, about: str, entries: Sequence[Entry], exports: Mapping[str, str] = {}
) -> str:
    """llms.txt: ``about`` is Markdown (no heading); ``exports`` maps a link to its one-line description."""
    lines = [f"# {name}", ""]
    if summary:
        lines += [f"> {' '.join(summary.split())}", ""]
    if about:
        lines += [about.strip(), ""]
    sections: dict[str, list[Entry]] = {}
    for entry in entries:
        sections.setdefault(OPTIONAL if entry.optional else entry.section, []).append(entry)
    if exports:
        lines += ["## Machine-readable exports", ""]
        lines += [f"- {link}: {description}" for link, description in exports.items()]
        lines.append("")
    for section in [s for s in sections if s != OPTIONAL] + ([OPTIONAL] if OPTIONAL in sections else []):
        lines += [f"## {section}", "", *(_line(e) for e in sections[section]), ""]
    return "\n".join(lines)


def render_llms_full(name: str, summary: str, entries: Sequence[Entry]) -> str:
    """llms-full.txt: the title and summary, then every page's twin in reading order."""
    parts = [f"# {name}\n" + (f"\n> {' '.join(summary.split())}\n" if summary else "")]
    for entry in entries:
        parts.append(f"Source: {entry.twin}\n\n{entry.text.strip()}\n")
    return "\n---\n\n".join(parts)
