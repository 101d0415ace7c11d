"""ADR records into Markdown: the decision log, the timeline and each page's banner.

A successor that is only proposed does not replace anything yet: the log and the banner show it
as a pending supersession ("ADR-012 (proposed) would supersede it") beside the decision in force.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from pyairtable_docs.adr.records import STATUSES, WAS_ACCEPTED, Adr
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


def _pending(numbers: Sequence[int], by_number: Mapping[int, Adr]) -> list[Adr]:
    """The proposed ADRs among ``numbers``: they would supersede, once accepted."""
    return [by_number[n] for n in numbers if n in by_number and by_number[n].status == "proposed"]


def _would_supersede(pending: Sequence[Adr], from_path: str) -> str:
    links = ", ".join(f"{link_to_page(a.label, a.path, from_path)} (proposed)" for a in pending)
    return f"{links} would supersede it" if pending else ""


def _successors(numbers: Sequence[int], by_number: Mapping[int, Adr], from_path: str) -> str:
    """The "Superseded by" cell: the ADRs that took over, then the proposed ones."""
    took_over = [n for n in numbers if n not in by_number or by_number[n].status in WAS_ACCEPTED]
    pending = _pending(numbers, by_number)
    cells = [_refs(took_over, by_number, from_path)] if took_over else []
    cells += [f"{link_to_page(a.label, a.path, from_path)} (proposed)" for a in pending]
    return ", ".join(cells) or "—"


def render_log(adrs: Sequence[Adr], replaced_by: Mapping[int, list[int]], index_path: str) -> str:
    """The generated part of the decisions index: counts, decisions in force, log, timeline."""
    by_number = {a.number: a for a in adrs}
    ordered = sorted(adrs, key=lambda a: a.number)
    counts = Counter(a.status for a in adrs)
    summary = " · ".join(f"{badge('status', s)} {counts[s]}" for s in STATUSES if counts[s])
    lines = ["## Decision log", "", f"**{len(adrs)} decisions** · {summary}", ""]

    in_force = [a for a in ordered if a.status == "accepted"]
    lines += ["### In force", ""]
    for a in in_force:
        pending = _would_supersede(_pending(replaced_by.get(a.number, []), by_number), index_path)
        lines.append(f"- {_link(a, index_path)} ({a.date or 'no date'})" + (f" — {pending}" if pending else ""))
    lines += [] if in_force else ["None."]
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
            f"| {_successors(replaced_by.get(a.number, []), by_number, index_path)} |"
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
    if pending := _would_supersede(_pending(replaced_by, by_number), adr.path):
        until = "; until then this decision is in force" if adr.status == "accepted" else ""
        body.append(f"**Pending:** {pending} once accepted{until}.")
    took_over = [n for n in replaced_by if n in by_number and by_number[n].status in WAS_ACCEPTED]
    if adr.status == "superseded" and took_over:
        newest = by_number.get(took_over[-1])
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
        verb = "Would supersede" if adr.status == "proposed" else "Supersedes"
        after = " once accepted" if adr.status == "proposed" else ""
        split = " (each in part: `supersession: split`)" if adr.split else ""
        body.append(f"**{verb}** {_refs(adr.supersedes, by_number, adr.path)}{after}{split}")
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
