"""Team pages and the teams index, as Markdown, from the team and service records.

A team page's alerts are asked for with ``{{ alerts team=NAME }}``, which the alerts
capability renders, so this module needs nothing of the alert rules. Pure: no MkDocs.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyairtable_docs.catalog.markdown import badge, link_to_page
from pyairtable_docs.catalog.records import Service
from pyairtable_docs.core.markup import md_text
from pyairtable_docs.teams.records import TEAMS_DIR, TEAMS_FILE, Team

INDEX = TEAMS_DIR + "README.md"
RUNBOOKS_INDEX = "GUIDES/operations-guide/runbooks/README.md"
TEAM_BOOST = 1.5  # Material's search multiplies the page's scores by it


def services_of(team: Team, services: Sequence[Service]) -> list[Service]:
    return sorted((s for s in services if s.owner == team.name), key=lambda s: s.name)


def render_team(team: Team, services: Sequence[Service], has_runbooks: bool) -> str:
    here = team.page
    owned = services_of(team, services)
    rows = [
        ("Lead", md_text(team.lead)),
        ("On-call rotation", f"`{team.rotation}` (PagerDuty): paged by the team's critical alerts"),
        ("Escalation channel", f"`{team.channel}`"),
        ("Repositories", ", ".join(sorted({f"`{s.repository}`" for s in owned})) or "—"),
    ]
    out = [
        # A search for a team's name lands on its page rather than on the index listing every team.
        "---",
        f"search:\n  boost: {TEAM_BOOST}",
        "---",
        "",
        f"# {team.name}",
        "",
        md_text(team.mission),
        "",
        "| Team | " + md_text(team.name) + " |",
        "|---|---|",
        *(f"| {label} | {value} |" for label, value in rows),
        "",
        "## Services",
        "",
    ]
    if owned:
        out += ["| Service | Description | Lifecycle | Migration |", "|---|---|---|---|"]
        out += [
            f"| {link_to_page(s.name, s.path, here)} | {md_text(s.description)} | "
            f"{badge('lifecycle', s.lifecycle)} | {badge('migration', s.migration)} |"
            for s in owned
        ]
    else:
        out.append("No catalog service names this team as its owner.")
    if team.platform_rules:
        out += [
            "",
            "This team also owns the platform-wide alert rules (`service: platform`) and the shared "
            "infrastructure the services run on.",
        ]
    out += ["", "## Alerts", "", "What pages this team's rotation (critical) and what opens a ticket (warning).", ""]
    out += [f"{{{{ alerts team={team.name} }}}}", ""]
    if has_runbooks:
        out += [f"All runbooks, by service and by alert: {link_to_page('runbooks', RUNBOOKS_INDEX, here)}.", ""]
    out += [f"*Generated from `docs/{TEAMS_FILE}` and the catalog's `owner` fields.*", ""]
    return "\n".join(out)


def render_index(teams: Sequence[Team], services: Sequence[Service]) -> str:
    out = [
        "# Teams",
        "",
        "Every service in the catalog is owned by one of these teams. The team is who its alerts page, "
        "who reviews changes to it, and who to escalate to. Edit "
        f"`docs/{TEAMS_FILE}` to change a team; its services come from the catalog pages' `owner` field.",
        "",
        "| Team | Lead | Services | On-call rotation | Channel |",
        "|---|---|---|---|---|",
    ]
    for team in sorted(teams, key=lambda t: t.name):
        owned = ", ".join(link_to_page(s.name, s.path, INDEX) for s in services_of(team, services))
        if team.platform_rules:
            owned = ", ".join(filter(None, (owned, "platform rules and shared infrastructure")))
        out.append(
            f"| {link_to_page(team.name, team.page, INDEX)} | {md_text(team.lead)} | {owned or '—'} | "
            f"`{team.rotation}` | `{team.channel}` |"
        )
    return "\n".join(out) + "\n"
