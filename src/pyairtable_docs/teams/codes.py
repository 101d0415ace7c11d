"""Codes of the teams file's own problems (teams/records.py). A catalog owner that is no team is
CAT003; fields of the wrong shape in teams.yaml are FMT codes. Never renumber or reuse."""

from __future__ import annotations

from pyairtable_docs.core.codes import Code, Example

TEAMS = "ARCHITECTURE/teams/teams.yaml"
FRONTEND = '    channel: "#team-frontend"\n'

CODES: tuple[Code, ...] = (
    Code(
        "TEM001",
        "A team is defined twice in `teams.yaml`.",
        "Keep one entry per team: merge what the second entry says into the first and delete the second. "
        "A new team needs a name of its own.",
        (
            Example(
                TEAMS,
                FRONTEND + "  - name: data-team\n"
                "    mission: Runs the imports of CSV files and spreadsheets into Airtable bases.\n"
                "    lead: Nina Petrova\n    rotation: pyairtable-data\n"
                '    channel: "#team-data"\n',
                replaces=FRONTEND,
            ),
        ),
        alone=True,
    ),
    Code(
        "TEM002",
        "More than one team has `platform_rules: true`.",
        "Leave `platform_rules: true` on the one team that owns the platform-wide alert rules and shared "
        "infrastructure, and remove it from the others.",
        (Example(TEAMS, FRONTEND + "    platform_rules: true\n", replaces=FRONTEND),),
        alone=True,
    ),
)
