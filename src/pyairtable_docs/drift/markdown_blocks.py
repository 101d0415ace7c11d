"""A page's prose as blocks of code spans and text, each with its line in the page.

Authors write plain Markdown; a contract name in prose is an inline code span. This module
finds them with markdown-it-py (a CommonMark parser with source line maps) and keeps, for
each span, its line and the block it stands in: a paragraph, a heading, a list item's
paragraph or one table row. Fenced and indented code, HTML and front matter are not prose
and are skipped. Pure: nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Blocks whose body is indented under a marker line: admonitions, collapsible blocks and
# content tabs of pymdown-extensions. CommonMark would read their bodies as indented code.
CONTAINER_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?|===[+!]?)[ \t]")
SNIPPET_LINE = re.compile(r"^\s*-{2}8<-{2}")
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
INLINE_LANGUAGE = re.compile(r"^#!\w+\s+")  # pymdownx.inlinehilite: `#!python x = 1`


@dataclass(frozen=True)
class Span:
    text: str
    line: int  # 1-based line of the page


@dataclass
class Block:
    kind: str  # "paragraph", "heading", "row" (a table body row) or "header" (a table head row)
    line: int
    spans: list[Span] = field(default_factory=list)
    texts: list[Span] = field(default_factory=list)  # the plain text runs, for mentions outside code
    sequence: list[tuple[str, Span]] = field(default_factory=list)  # ("code" | "text", span) in reading order
    cells: list[list[Span]] = field(default_factory=list)  # rows: the code spans of each cell
    cell_texts: list[str] = field(default_factory=list)  # rows: each cell's whole text
    table: int | None = None  # rows of one table share this number


def _lines_spanned(content: str, lines: list[str], line: int, block_end: int) -> int:
    """How many line breaks a code span holds (CommonMark turns them into spaces in its content)."""
    if " " not in content.strip():
        return 0
    words = [re.escape(word) for word in content.split()]
    pattern = re.compile("`+\\s*" + "\\s+".join(words) + "\\s*`+")
    match = pattern.search("\n".join(lines[line - 1 : block_end]))
    return match.group(0).count("\n") if match else 0


def prose_lines(page: str) -> str:
    """The page with everything that is not prose blanked, line numbers unchanged."""
    page = page.lstrip("\ufeff").replace("\r\n", "\n")
    front = FRONT_MATTER.match(page)
    if front:
        page = "\n" * front.group(0).count("\n") + page[front.end() :]
    return "\n".join(_unwrap_containers(page.split("\n")))


def _unwrap_containers(lines: list[str]) -> list[str]:
    """Dedent admonition and tab bodies so CommonMark reads them as prose, marker lines blanked."""
    out: list[str] = []
    bodies: list[int] = []  # the indentation each open container's body starts at
    for line in lines:
        line = line.expandtabs(4) if line.startswith((" ", "\t")) else line
        width = len(line) - len(line.lstrip(" "))
        if line.strip():
            while bodies and width < bodies[-1]:
                bodies.pop()
        dedent = 4 * len(bodies)
        shown = line[min(dedent, width) :] if line.strip() else ""
        marker = CONTAINER_MARKER.match(line)
        if marker or SNIPPET_LINE.match(line):
            if marker:
                bodies.append(len(marker.group("indent").expandtabs(4)) + 4)
            shown = ""
        out.append(shown)
    return out


def blocks(page: str) -> list[Block]:
    parser = MarkdownIt("commonmark").enable("table")
    prose = prose_lines(page)
    tokens = parser.parse(prose)
    lines = prose.split("\n")
    found: list[Block] = []
    row: Block | None = None
    tables = 0
    in_head = heading = False
    for token in tokens:
        if token.type == "table_open":
            tables += 1
        elif token.type in ("thead_open", "thead_close"):
            in_head = token.type == "thead_open"
        elif token.type == "tr_open":
            row = Block("header" if in_head else "row", token.map[0] + 1 if token.map else 0, table=tables)
        elif token.type == "tr_close" and row is not None:
            found.append(row)
            row = None
        elif token.type == "heading_open":
            heading = True
        elif token.type == "inline" and token.map:
            spans, texts, sequence = _inline(token, lines)
            if row is not None:
                row.spans += spans
                row.texts += texts
                row.sequence += sequence
                row.cells.append(spans)
                row.cell_texts.append(token.content)
            else:
                found.append(Block("heading" if heading else "paragraph", token.map[0] + 1, spans, texts, sequence))
            heading = False
    return found


def _inline(token: Token, lines: list[str]) -> tuple[list[Span], list[Span], list[tuple[str, Span]]]:
    line = token.map[0] + 1
    sequence: list[tuple[str, Span]] = []
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            line += 1
            sequence.append(("text", Span(" ", line)))
        elif child.type == "code_inline":
            sequence.append(("code", Span(INLINE_LANGUAGE.sub("", child.content).strip(), line)))
            line += _lines_spanned(child.content, lines, line, token.map[1])
        elif child.type == "text":
            sequence.append(("text", Span(child.content, line)))
        elif child.type == "html_inline":
            line += child.content.count("\n")  # a tag written over two lines
    spans = [span for kind, span in sequence if kind == "code"]
    texts = [span for kind, span in sequence if kind == "text"]
    return spans, texts, sequence
