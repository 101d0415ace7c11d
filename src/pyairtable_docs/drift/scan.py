"""Check every prose page against the contracts: problems to report and counts to show.

The one entry point both the build and ``pyairtable-docs check`` call. The allow-list
(``docs/contract-names.allow.yaml``, kept out of the site) holds deliberate mentions of names that
do not exist, each with a reason: an entry without a reason, or one that no page needs,
is itself a problem, so the list cannot silently grow stale.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from pyairtable_docs.core.problems import Problem
from pyairtable_docs.drift.contracts import Registry, load_registry
from pyairtable_docs.drift.embeds import MISSING, render_embeds
from pyairtable_docs.drift.markdown_blocks import Block, blocks
from pyairtable_docs.drift.names import KINDS, Reference, check_page
from pyairtable_docs.schemas.records import load_json, load_yaml

ALLOW_FILE = "contract-names.allow.yaml"  # in docs/, excluded from the site
ALLOW_SHOWN = f"docs/{ALLOW_FILE}"
ALLOW_FIELDS = {"name", "reason", "file"}


@dataclass(frozen=True)
class Allowed:
    name: str
    reason: str
    file: str  # "" allows the name on every page
    line: int


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    resolved: Counter[str] = field(default_factory=Counter)  # kind -> references that resolved
    allowed: Counter[str] = field(default_factory=Counter)  # kind -> unknown names the allow-list accepts
    pages: int = 0


def load_allow_list(text: str | None, display: str) -> tuple[list[Allowed], list[Problem]]:
    if text is None:
        return [], []
    data, problems = load_yaml(text, display)
    if problems or data is None:
        return [], problems
    if not isinstance(data, list):
        return [], [Problem(display, "", "must be a list of entries with `name` and `reason`", code="DRF003")]
    lines = _entry_lines(text)
    entries = []
    for index, entry in enumerate(data):
        line = lines[index] if index < len(lines) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            problems.append(
                Problem(display, f"[{index}]", "an entry needs `name`: the name as the page writes it", line, "DRF003")
            )
            continue
        unknown = sorted(set(map(str, entry)) - ALLOW_FIELDS)
        if unknown:
            problems.append(
                Problem(
                    display,
                    f"[{index}]",
                    f"unknown field(s) {', '.join(unknown)}; allowed: name, reason, file",
                    line,
                    "DRF003",
                )
            )
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            problems.append(
                Problem(
                    display,
                    f"[{index}].reason",
                    f"{entry['name']!r} needs a reason: why the pages name it although no contract has it",
                    line,
                    "DRF004",
                )
            )
            continue
        entries.append(Allowed(entry["name"].strip(), reason.strip(), str(entry.get("file") or ""), line or 0))
    return entries, problems


def _entry_lines(text: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if line.startswith("- ")]


def scan(
    pages: Mapping[str, str],
    registry: Registry,
    allow: list[Allowed],
    display: Mapping[str, str],
    checked: dict[tuple[str, str], list[Reference]] | None = None,
    parsed: dict[str, list[Block]] | None = None,
) -> Report:
    """Check ``pages`` (docs-relative path -> Markdown) and count what resolved, by kind.

    ``checked``: each page's references found earlier against this same registry (or one whose
    change cannot alter them: ``still_valid``), by path and text (a preview rebuild checks again
    only the pages whose text changed); filled in here. ``parsed``: each page's blocks, by text,
    whatever the registry; filled in here too.
    """
    report, used = Report(pages=len(pages)), set()
    for src in sorted(pages):
        refs = checked.get((src, pages[src])) if checked is not None else None
        if refs is None:
            page_blocks = parsed.get(pages[src]) if parsed is not None else None
            if parsed is not None and page_blocks is None:
                page_blocks = parsed[pages[src]] = blocks(pages[src])
            refs = check_page(src, pages[src], registry, page_blocks)
            if checked is not None:
                checked[(src, pages[src])] = refs
        for ref in refs:
            if ref.known:
                report.resolved[ref.kind] += 1
                continue
            entry = _allowed(ref, src, allow)
            if entry is not None:
                used.add(entry)
                report.allowed[ref.kind] += 1
                continue
            report.problems.append(Problem(display.get(src, src), "", message(ref), ref.line, "DRF001"))
    for entry in allow:
        if entry not in used:
            report.problems.append(
                Problem(
                    ALLOW_SHOWN,
                    "",
                    f"{entry.name!r}: no page needs this entry any more; remove it",
                    entry.line or None,
                    "DRF002",
                )
            )
    return report


def check_sources(
    texts: Mapping[str, str],
    display: Mapping[str, str],
    allow_text: str | None,
    embeds: bool = False,
    cache: dict[str, Any] | None = None,
) -> tuple[Report, list[Allowed], list[Problem]]:
    """The whole check: contracts and prose from ``texts`` (docs-relative path -> text).

    Returns the report, the allow-list, and the problems of reading the contracts and the
    allow-list (the build leaves contract problems to the schema pages, which report them).
    ``cache`` (a serve session's): the registry, the pages' references and blocks, kept for the next rebuild.
    """
    registry, contract_problems = load_registry(texts, display)
    allow, allow_problems = load_allow_list(allow_text, ALLOW_SHOWN)
    pages = {src: text for src, text in texts.items() if src.endswith(".md")}
    checked = parsed = None
    if cache is not None:
        valid = still_valid(cache.get("checked", {}), cache.get("registry"), registry)
        checked = {key: refs for key, refs in valid.items() if pages.get(key[0]) == key[1]}
        texts_now = set(pages.values())
        parsed = {text: b for text, b in cache.get("parsed", {}).items() if text in texts_now}
        cache.clear()  # only what the current registry and pages need is kept
        cache.update(registry=registry, checked=checked, parsed=parsed)
    report = scan(pages, registry, allow, display, checked, parsed)
    if embeds:  # the build checks embeds as it renders them (drift/wiring.py)
        report.problems += embed_problems(pages, texts, display)
    return report, allow, contract_problems + allow_problems


def still_valid(
    checked: dict[tuple[str, str], list[Reference]], before: Registry | None, now: Registry
) -> dict[tuple[str, str], list[Reference]]:
    """The references found against registry ``before`` that ``now`` finds too.

    All of them when the registries are equal. When only the ADR numbers changed (an ADR added,
    removed or renumbered), a page's references depend on them only through the ADR mentions its
    text holds: the pages that had none keep theirs; the others are checked again. Any other
    change (a service, a contract) may change any page's result: every page is checked again.
    """
    if before is None:
        return {}
    changed = {f.name for f in fields(Registry) if getattr(before, f.name) != getattr(now, f.name)}
    if not changed:
        return checked
    if changed == {"adrs"} and before.adrs and now.adrs:  # with no ADRs, mentions are not even looked for
        return {key: refs for key, refs in checked.items() if not any(ref.kind == "ADR" for ref in refs)}
    return {}


def embed_problems(pages: Mapping[str, str], texts: Mapping[str, str], display: Mapping[str, str]) -> list[Problem]:
    """Every embed that does not resolve, with its line in the page as written."""
    parsed: dict[str, Any] = {}

    def load(src: str) -> Any:
        if src not in parsed:
            loader = load_json if src.endswith(".json") else load_yaml
            parsed[src] = MISSING if src not in texts else loader(texts[src], src)[0]
        return parsed[src]

    problems = []
    for src, page in sorted(pages.items()):
        if "{{" in page:
            shown = display.get(src, src)
            problems += [Problem(shown, "", m, line, code) for line, code, m in render_embeds(page, load)[1]]
    return problems


def _allowed(ref: Reference, src: str, allow: list[Allowed]) -> Allowed | None:
    return next((a for a in allow if a.name == ref.name and (not a.file or _same_page(src, a.file))), None)


def _same_page(src: str, allowed_file: str) -> bool:
    allowed_file = allowed_file.removeprefix("docs/")
    return src == allowed_file or src.endswith("/" + allowed_file)


def message(ref: Reference) -> str:
    text = f"unknown {ref.kind} `{ref.name}`"
    if ref.why:
        text += f": {ref.why}"
    if ref.nearest:
        text += f" (did you mean `{ref.nearest}`?)"
    return text + f"; fix the name, or add it to the contract (or to {ALLOW_SHOWN} with a reason)"


def kind_table(report: Report) -> list[dict[str, Any]]:
    """One row per kind: what it is checked against, its sources and the counts."""
    rows = []
    for kind, (against, sources) in KINDS.items():
        rows.append(
            {
                "kind": kind,
                "against": against,
                "sources": sources,
                "resolved": report.resolved.get(kind, 0),
                "allowed": report.allowed.get(kind, 0),
            }
        )
    return rows
