"""Teams (ARCHITECTURE/teams/teams.yaml) as typed records, checked against the catalog.

Each catalog ``owner`` must be a team defined here once; a team's services are derived
from the catalog, never listed twice. Pure: nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pyairtable_docs.core.problems import Problem, did_you_mean
from pyairtable_docs.core.structured import ItemShape, node_lines, schema_problems
from pyairtable_docs.schemas.records import load_yaml

TEAMS_DIR = "ARCHITECTURE/teams/"
TEAMS_FILE = TEAMS_DIR + "teams.yaml"
TEAMS_SCHEMA = TEAMS_DIR + "teams.schema.json"
TEAM = ItemShape(("teams",), "name", "team {name}", "team {number}")


@dataclass(frozen=True)
class Team:
    name: str
    mission: str
    lead: str
    rotation: str  # the PagerDuty schedule that pages for the team's critical alerts
    channel: str  # the Slack channel to escalate to
    platform_rules: bool  # owns the alert rules labelled service: platform, and shared infrastructure
    line: int

    @property
    def page(self) -> str:
        return f"{TEAMS_DIR}{self.name}.md"


def parse_teams(text: str, schema: Mapping[str, Any], display: str) -> tuple[list[Team], list[Problem]]:
    data, problems = load_yaml(text, display)
    if problems:
        return [], problems
    lines = node_lines(text)
    problems, _ = schema_problems(data, schema, display, lines, TEAM)
    if problems:
        return [], problems
    teams, seen = [], {}
    for index, entry in enumerate(data["teams"]):
        line = lines.get(("teams", index), 1)
        team = Team(
            entry["name"],
            entry["mission"].strip(),
            entry["lead"].strip(),
            entry["rotation"],
            entry["channel"],
            bool(entry.get("platform_rules", False)),
            line,
        )
        if team.name in seen:
            problems.append(
                Problem(
                    display, f"team {team.name}", f"is defined twice (also at line {seen[team.name]})", line, "TEM001"
                )
            )
            continue
        seen[team.name] = line
        teams.append(team)
    platform = [t for t in teams if t.platform_rules]
    for extra in platform[1:]:
        problems.append(
            Problem(
                display,
                f"team {extra.name}: platform_rules",
                f"only one team owns the platform rules; {platform[0].name} already does",
                extra.line,
                "TEM002",
            )
        )
    return teams, problems


def check_owners(owners: Mapping[str, str], teams: Sequence[Team], display: Mapping[str, str]) -> list[Problem]:
    """``owners`` maps each service page to its owner: every owner must be a team."""
    names = [t.name for t in teams]
    return [
        Problem(
            display.get(page, page),
            "owner",
            f"{owner!r} is not a team of docs/{TEAMS_FILE}" + did_you_mean(owner, names),
            code="CAT003",
        )
        for page, owner in sorted(owners.items())
        if owner and owner not in names
    ]


def platform_team(teams: Iterable[Team]) -> str | None:
    return next((t.name for t in teams if t.platform_rules), None)
