"""The Consistency page: what the drift check reads, and how much of the prose it resolved."""

from __future__ import annotations

from collections.abc import Sequence

from pyairtable_docs.core.markup import md_text
from pyairtable_docs.drift.scan import Allowed, Report, kind_table

AUTHORING_GUIDE = "../GUIDES/developer-guide/docs-authoring.md#contract-names-in-prose"


def render_consistency(report: Report, allow: Sequence[Allowed], allow_file: str, link_guide: bool = True) -> str:
    resolved = sum(report.resolved.values())
    how = f"[contract names in prose]({AUTHORING_GUIDE})" if link_guide else "contract names in prose"
    lines = [
        "# Consistency",
        "",
        "Every build checks the names that prose pages write as inline code against the contracts that",
        "define them: an event type against the Kafka topics, `METHOD /path` against the OpenAPI",
        "contracts, a header against the headers they declare, and so on. A name that no contract",
        "defines fails `mkdocs build --strict` and `pyairtable-docs check`, with its file, line and the",
        f"nearest known name. How to write names so they are checked: {how}.",
        "",
        f"This build resolved **{resolved}** references in **{report.pages}** pages.",
        "",
        "| Kind | Checked against | Source | Resolved | Allowed |",
        "|---|---|---|---:|---:|",
    ]
    for row in kind_table(report):
        sources = "<br>".join(_code(_short(source)) for source in row["sources"])
        lines.append(f"| {row['kind']} | {row['against']} | {sources} | {row['resolved']} | {row['allowed']} |")
    lines += ["", "## Deliberate exceptions", ""]
    if not allow:
        lines.append(f"None: {_code(allow_file)} lists no names.")
    else:
        lines += [
            f"Names that pages mention on purpose although no contract defines them, from {_code(allow_file)}:",
            "",
            "| Name | Page | Reason |",
            "|---|---|---|",
        ]
        lines += [f"| {_code(a.name)} | {md_text(a.file) or 'any'} | {md_text(a.reason)} |" for a in allow]
    return "\n".join(lines) + "\n"


def _short(source: str) -> str:
    """`openapi.yaml` for one file; a pattern keeps its folder (`service-catalog/*.md`)."""
    name = source.rsplit("/", 1)[-1]
    return "/".join(source.split("/")[-2:]) if name.startswith(("*", "NNN")) else name


def _code(value: object) -> str:
    # md_text, not a code span: Markdown still reads inside inline HTML, and would take
    # "{id}" for an attribute list; entities inside a code span would show as written.
    return f"<code>{md_text(value)}</code>"
