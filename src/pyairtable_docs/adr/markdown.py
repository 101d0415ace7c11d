"""ADR records into Markdown: the decision log, the timeline and each page's banner."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from pyairtable_docs.adr.records import STATUSES, Adr
from pyairtable_docs.catalog.markdown import badge, link_to_page
from pyairtable_docs.core.markup import md_text

BANNERS = {
    "proposed": ("info", "Proposed: under discussion, not yet in force"),
    "accepted": ("success", "Accepted: in force"),
    "rejected": ("failure", "Rejected: considered and not adopted"),
    "deprecated": ("warning", "Deprecated: no longer in force"),
    "superseded": ("danger", "Superseded: no longer in force"),
}


def _link(adr: Adr, from_path: str) -> str:
    return link_to_page(f"{adr.label}: {adr.title}", adr.path, from_path)


def _refs(numbers: Sequence[int], by_number: Mapping[int, Adr], from_path: str) -> str:
    links = [
        link_to_page(by_number[n].label, by_number[n].path, from_path) if n in by_number else f"ADR-{n:03d}"
        for n in numbers
    ]
    return ", ".join(links) or "—"


def render_log(adrs: Sequence[Adr], replaced_by: Mapping[int, list[int]], index_path: str) -> str:
    """The generated part of the decisions index: counts, decisions in force, log, timeline."""
    by_number = {a.number: a for a in adrs}
    ordered = sorted(adrs, key=lambda a: a.number)
    counts = Counter(a.status for a in adrs)
    summary = " · ".join(f"{badge('status', s)} {counts[s]}" for s in STATUSES if counts[s])
    lines = ["## Decision log", "", f"**{len(adrs)} decisions** · {summary}", ""]

    in_force = [a for a in ordered if a.status == "accepted"]
    lines += ["### In force", ""]
    lines += [f"- {_link(a, index_path)} ({a.date or 'no date'})" for a in in_force] or ["None."]
    lines += [
        "",
        "### All decisions",
        "",
        "| ADR | Title | Status | Date | Decision-makers | Supersedes | Superseded by |",
        "|---|---|---|---|---|---|---|",
    ]
    for a in ordered:
        lines.append(
            f"| {a.label} | {link_to_page(a.title, a.path, index_path)} | {badge('status', a.status)} "
            f"| {a.date or '—'} | {md_text(', '.join(a.decision_makers)) or '—'} "
            f"| {_refs(a.supersedes, by_number, index_path)} "
            f"| {_refs(replaced_by.get(a.number, []), by_number, index_path)} |"
        )
    lines += ["", render_timeline(adrs, index_path)]
    return "\n".join(lines)


def render_timeline(adrs: Sequence[Adr], index_path: str) -> str:
    """Decisions by date of their last status change, newest first, grouped by month."""
    lines = ["## Timeline", ""]
    dated = sorted((a for a in adrs if a.date), key=lambda a: (a.date, a.number), reverse=True)
    month = None
    for a in dated:
        if a.date.strftime("%B %Y") != month:
            month = a.date.strftime("%B %Y")
            lines += ["", f"### {month}", ""]
        lines.append(f"- **{a.date.isoformat()}** · {_link(a, index_path)} · {badge('status', a.status)}")
    return "\n".join(lines) + "\n"


def render_banner(
    adr: Adr, by_number: Mapping[int, Adr], replaced_by: Sequence[int], service_pages: Mapping[str, tuple[str, str]]
) -> str:
    """The admonition under an ADR's title: its state, and what replaced it."""
    kind, headline = BANNERS.get(adr.status, ("note", md_text(adr.status)))
    body = []
    if adr.status == "superseded" and replaced_by:
        newest = by_number.get(replaced_by[-1])
        if newest:
            body.append(
                f"**Replaced by {_link(newest, adr.path)}** ({newest.date or 'no date'}). Read that decision instead."
            )
    facts = [f"**Date** {adr.date or '—'}", f"**Decision-makers** {md_text(', '.join(adr.decision_makers)) or '—'}"]
    if adr.consulted:
        facts.append(f"**Consulted** {md_text(', '.join(adr.consulted))}")
    if adr.informed:
        facts.append(f"**Informed** {md_text(', '.join(adr.informed))}")
    body.append(" · ".join(facts))
    if adr.supersedes:
        body.append(f"**Supersedes** {_refs(adr.supersedes, by_number, adr.path)}")
    if adr.affects:
        links = [
            link_to_page(service_pages[n][1], service_pages[n][0], adr.path) if n in service_pages else md_text(n)
            for n in adr.affects
        ]
        body.append("**Affects** " + ", ".join(links))
    indented = "\n\n".join("    " + paragraph for paragraph in body)
    return f'!!! {kind} "{headline}"\n\n{indented}\n'


def render_decisions_for_service(adrs: Sequence[Adr], service_path: str) -> str:
    """The section listing the ADRs whose ``affects`` names the service."""
    lines = ["## Decisions affecting this service", ""]
    for a in sorted(adrs, key=lambda a: a.number):
        lines.append(f"- {_link(a, service_path)} · {badge('status', a.status)} · {a.date or '—'}")
    return "\n".join(lines) + "\n"
