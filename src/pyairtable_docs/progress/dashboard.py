"""The progress dashboard, computed from the docs: migration status of every service,
checklist completion, ADR states, and the sprint and roadmap pages' own task lists.

Pure functions only; the numbers come from the same records the other pages show.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pyairtable_docs.adr.records import STATUSES, Adr
from pyairtable_docs.catalog.markdown import MIGRATION_LABELS, badge, link_to_page
from pyairtable_docs.catalog.records import MIGRATION_STATES, REPOSITORIES, Service
from pyairtable_docs.core.markup import html_text, md_text

TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class TaskPage:
    path: str
    title: str
    done: int
    total: int


def task_counts(markdown: str) -> tuple[int, int]:
    """(ticked, all) Markdown task-list items of a page, code blocks left out."""
    done = total = 0
    in_fence = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else TASK.match(line)
        if match:
            total += 1
            done += match.group(1) in "xX"
    return done, total


def bar(done: int, total: int, label: str) -> str:
    """An accessible progress bar with its numbers written beside it."""
    percent = round(100 * done / total) if total else 0
    return (
        f'<progress class="hub-progress" value="{done}" max="{max(total, 1)}" '
        f'aria-label="{html_text(label)}: {percent}%"></progress> {done}/{total} ({percent}%)'
    )


def render_migration(services: Sequence[Service], here: str) -> list[str]:
    counts = Counter(s.migration for s in services)
    summary = ", ".join(f"{counts[m]} {MIGRATION_LABELS[m]}" for m in MIGRATION_STATES)
    lines = [
        "## Migration to the twelve repositories",
        "",
        f"**{counts['migrated']} of {len(services)} services migrated** · {summary}",
        "",
        "| Repository | Services | Migrated | In progress | Not started | Progress |",
        "|---|---|---|---|---|---|",
    ]
    by_repository: dict[str, list[Service]] = {}
    for service in services:
        by_repository.setdefault(service.repository, []).append(service)
    order = {name: index for index, name in enumerate(REPOSITORIES)}
    for repository in sorted(by_repository, key=lambda r: order.get(r, len(order))):
        members = by_repository[repository]
        count = Counter(s.migration for s in members)
        lines.append(
            f"| {md_text(repository)} | {len(members)} | {count['migrated']} "
            f"| {count['in-progress']} | {count['not-started']} "
            f"| {bar(count['migrated'], len(members), repository)} |"
        )
    lines += ["", "| Service | Repository | Status |", "|---|---|---|"]
    for s in sorted(
        services, key=lambda s: (MIGRATION_STATES.index(s.migration) if s.migration in MIGRATION_STATES else 0, s.name)
    ):
        lines.append(
            f"| {link_to_page(s.title, s.path, here)} | {md_text(s.repository)} | {badge('migration', s.migration)} |"
        )
    return lines


def render_task_pages(title: str, pages: Sequence[TaskPage], here: str) -> list[str]:
    lines = [f"## {title}", "", "| Page | Done | Progress |", "|---|---|---|"]
    for p in pages:
        lines.append(
            f"| {link_to_page(p.title, p.path, here)} | {p.done} of {p.total} | {bar(p.done, p.total, p.title)} |"
        )
    return lines


def render_decisions(adrs: Sequence[Adr], here: str) -> list[str]:
    counts = Counter(a.status for a in adrs)
    lines = ["## Architecture decisions", "", "| Status | Count | Decisions |", "|---|---|---|"]
    for status in STATUSES:
        members = sorted((a for a in adrs if a.status == status), key=lambda a: a.number)
        links = ", ".join(link_to_page(a.label, a.path, here) for a in members) or "—"
        lines.append(f"| {badge('status', status)} | {counts[status]} | {links} |")
    return lines


def render_dashboard(
    services: Sequence[Service],
    checklists: Sequence[TaskPage],
    plans: Sequence[TaskPage],
    adrs: Sequence[Adr],
    here: str,
) -> str:
    lines = [
        *render_migration(services, here),
        "",
        *render_task_pages("Migration checklists", checklists, here),
        "",
        *render_task_pages("Current sprint and roadmap", plans, here),
        "",
        *render_decisions(adrs, here),
        "",
    ]
    return "\n".join(lines)
