"""Mermaid diagrams as text: sources, fences in pages, generated pages, naming rules.

Pure functions only. A diagram is a Mermaid source with the file it comes from and
the line of that file where its first line stands, so that a parse error on line N
of the diagram is reported as ``file:line`` of the author's file.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pyairtable_docs.core.markup import md_text
from pyairtable_docs.core.problems import Problem, did_you_mean

DIAGRAM_SUFFIX = ".mermaid"
ARCHITECTURE_DIAGRAMS = "ARCHITECTURE/diagrams/"
NON_SERVICE_PREFIXES = ("res_", "ext_", "grp_")
ANY_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*mermaid\b.*$")
SNIPPET = re.compile(r"^\s*-{1,}8<-{1,}\s+['\"]([^'\"]+)['\"]\s*$")
# A line that pymdownx.snippets would replace (its own pattern, escaped or not).
SNIPPET_LINE = re.compile(
    r"""^(?P<indent>[ \t]*)(?=;*-+8<-+"""
    r"""(?:[ \t]+(?:"(?:\\"|[^"\n\r])+?"|'(?:\\'|[^'\n\r])+?'))?\r?$)""",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Diagram:
    source: str  # the Mermaid text
    path: str  # the author's file, as shown in messages (docs/...)
    first_line: int  # line of ``path`` holding the diagram's first line
    generated: bool = False  # made by a hook (catalog graphs): its lines are not the author's


def title_from_file(src_uri: str) -> str:
    stem = posixpath.basename(src_uri).removesuffix(DIAGRAM_SUFFIX)
    words = re.split(r"[-_ ]+", stem)
    return " ".join([words[0].capitalize(), *words[1:]]).strip()


def description_of(source: str) -> str:
    """The diagram's first line, when it is a ``%%`` comment: its one-sentence description."""
    for line in source.splitlines():
        stripped = line.strip()
        if stripped:
            is_comment = stripped.startswith("%%") and not stripped.startswith("%%{")
            return stripped[2:].strip() if is_comment else ""
    return ""


def mermaid_fences(markdown: str, path: str, line_offset: int = 0, generated: bool = False) -> list[Diagram]:
    """Every ```mermaid fence of a page (a fence that only embeds a file is left out)."""
    diagrams = []
    lines = markdown.split("\n")
    number = 0
    while number < len(lines):
        opening = FENCE_OPEN.match(lines[number])
        other = None if opening else ANY_FENCE_OPEN.match(lines[number])
        number += 1
        if other:  # another kind of code block: what it shows is not drawn
            number = _after_fence(lines, number, other.group("fence"))
            continue
        if not opening:
            continue
        indent, fence = opening.group("indent"), opening.group("fence")
        body, start = [], number
        while number < len(lines):
            line = lines[number]
            number += 1
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                break
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
        source = "\n".join(body)
        if all(SNIPPET.match(line) or not line.strip() for line in body):
            continue  # an embedded .mermaid file: checked as that file
        diagrams.append(Diagram(source, path, line_offset + start + 1, generated))
    return diagrams


def _after_fence(lines: list[str], number: int, fence: str) -> int:
    while number < len(lines):
        stripped = lines[number].strip()
        number += 1
        if stripped.startswith(fence) and not stripped.strip(fence[0]):
            return number
    return number


def fence_for(source: str) -> str:
    """A backtick fence longer than any run of backticks inside ``source``."""
    longest = max((len(run) for run in re.findall(r"`+", source)), default=0)
    return "`" * max(3, longest + 1)


def without_snippets(source: str) -> str:
    """The diagram text as shown in a page, never run through snippets: each ``--8<--``
    line gets snippets' escape ``;``, which snippets removes again. Line breaks are Markdown's
    (``\r`` becomes ``\n`` as Markdown would make it), so no line escapes by another break."""
    return SNIPPET_LINE.sub(r"\g<indent>;", source.replace("\r\n", "\n").replace("\r", "\n"))


def render_diagram_page(src_uri: str, source: str, edit_url: str | None) -> str:
    """The generated page of a ``.mermaid`` file: title, description, drawing, source."""
    name = posixpath.basename(src_uri)
    source = without_snippets(source)
    fence = fence_for(source)
    # Split where Markdown splits (not at U+2028 and the like, which splitlines() also takes).
    indented = "\n".join("    " + line if line else "" for line in source.removesuffix("\n").split("\n"))
    # Diagrams are wide: their pages give them the whole width of the content area.
    lines = ["---", "hide:", "  - navigation", "  - toc", "---", "", f"# {md_text(title_from_file(src_uri))}", ""]
    description = description_of(source)
    if description:
        lines += [md_text(description), ""]
    lines += [
        f"{fence}mermaid",
        source.rstrip("\n"),
        fence,
        "",
        f'??? abstract "Source: {md_text(name)}"',
        "",
        f"    {fence}text",
        indented,
        f"    {fence}",
        "",
    ]
    links = [f"[Download {md_text(name)}]({urllib.parse.quote(name)})"]
    if edit_url:
        links.insert(0, f"[Edit the source]({edit_url})")
    # ";--8<--" is snippets' escape: shown as "--8<--", not replaced by the file.
    lines += [
        " · ".join(links),
        "",
        "Embed this diagram in any page with:",
        "",
        "````markdown",
        "```mermaid",
        f';--8<-- "{src_uri}"',
        "```",
        "````",
        "",
    ]
    return "\n".join(lines)


def render_gallery(sources: Sequence[tuple[str, str]], index_path: str) -> str:
    """The generated gallery: each diagram file with its description and drawing."""
    lines = ["## Gallery", ""]
    for src_uri, source in sources:
        source = without_snippets(source)
        page = src_uri.removesuffix(DIAGRAM_SUFFIX) + ".md"
        link = urllib.parse.quote(posixpath.relpath(page, posixpath.dirname(index_path)))
        fence = fence_for(source)
        lines += [
            f"### [{md_text(title_from_file(src_uri))}]({link})",
            "",
            md_text(description_of(source)) or "",
            "",
            f"{fence}mermaid",
            source.rstrip("\n"),
            fence,
            "",
        ]
    return "\n".join(lines)


def service_node_problems(diagram: Diagram, node_ids: Iterable[str], service_names: Iterable[str]) -> list[Problem]:
    """Node ids that claim to be services (no res_/ext_/grp_ prefix) but are not in the catalog."""
    known = {name.replace("-", "_") for name in service_names}
    problems = []
    for node in sorted(set(node_ids)):
        if node.startswith(NON_SERVICE_PREFIXES) or node in known:
            continue
        problems.append(
            Problem(
                diagram.path,
                "",
                f"node {node!r} is not a catalog service{did_you_mean(node, known)}; a service "
                "node's id is its catalog name with '_' for '-', any other node's id starts with "
                "res_, ext_ or grp_",
                line_of(diagram, node),
                "DIA002",
            )
        )
    return problems


def linkable_services(source: str, service_names: Iterable[str]) -> tuple[str, ...]:
    """The node ids in ``source`` that name a catalog service (its name, or with '_' for '-'):
    the drawing links those nodes to the service's page."""
    found = set()
    for name in service_names:
        for candidate in {name, name.replace("-", "_")}:
            # A whole id: "api_gateway-->x" and "api_gateway->>x" hold it, "api_gateway_v2" does not.
            if re.search(rf"(?<!\w)(?<!\w-){re.escape(candidate)}(?!\w)(?!-\w)", source):
                found.add(candidate)
    return tuple(sorted(found))


def line_of(diagram: Diagram, word: str) -> int | None:
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
    for number, line in enumerate(diagram.source.splitlines()):
        if pattern.search(line) and not line.strip().startswith("%%"):
            return diagram.first_line + number
    return None


def error_line(diagram: Diagram, line_in_diagram: int | None) -> int | None:
    """The author's line for Mermaid's line number, which counts the source as Mermaid
    sees it: ``%%`` comment lines removed, then leading blank lines trimmed."""
    if line_in_diagram is None or diagram.generated:
        return None
    seen = 0
    started = False
    for index, line in enumerate(diagram.source.split("\n")):
        if re.match(r"^\s*%%(?!\{)[^\n]+$", line):
            continue
        if re.match(r"^\s*%%\{.*\}%%\s*$", line):
            line = ""  # a directive: Mermaid removes it and keeps the line break
        if not started and not line.strip():
            continue
        started = True
        seen += 1
        if seen == line_in_diagram:
            return diagram.first_line + index
    return diagram.first_line
