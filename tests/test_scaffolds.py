"""`new service`, `new adr`, `new runbook`, `new diagram`, `new team`: each writes a page that passes
`check` and the strict build at once and shows in the generated indexes; a bad name or an existing
file is refused with one line, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import page_path
from pyairtable_docs.authoring.edits import Refusal, append_list_item
from pyairtable_docs.authoring.scaffolds import new_adr, new_diagram, new_runbook, new_team
from pyairtable_docs.cli import check, main
from pyairtable_docs.teams.records import TEAMS_FILE, Team
from repo_copy import copy_repository

TODAY = dt.date(2026, 11, 25)
TEAMS = (
    "# The teams.\n"
    "teams:\n"
    "  - name: edge-team\n"
    "    mission: Runs the edge.   # the gateway\n"
    "    lead: Maya Lindqvist\n"
    "    rotation: pyairtable-edge\n"
    '    channel: "#team-edge"\n'
    "# new teams go above this line\n"
)
EDGE = Team("edge-team", "Runs the edge.", "Maya Lindqvist", "pyairtable-edge", "#team-edge", False, 3)
BILLING = (
    "  - name: billing-team\n"
    "    mission: Bills customers.\n"
    "    lead: Ana Souza\n"
    "    rotation: pyairtable-billing\n"
    '    channel: "#team-billing"\n'
)


def letters(n: int) -> str:
    """a, b, ..., z, ba, bb, ...: names without digits (the drift check reads `name-1` as a deployment)."""
    return ("" if n < 26 else letters(n // 26)) + chr(ord("a") + n % 26)


def unused(docs: Path, pattern: str) -> str:
    """The first name ``pattern.format(letters)`` whose file does not exist yet."""
    return next(name for n in range(1000) if not list(docs.rglob((name := pattern.format(letters(n))) + ".*")))


# ------------------------------------------------------------------ unit: what each scaffold writes


def test_a_new_team_is_appended_keeping_every_other_byte() -> None:
    _, text = new_team(TEAMS, [EDGE], "billing-team", "Ana Souza", "Bills customers.", None, None)
    assert text == TEAMS.replace("# new teams", BILLING + "# new teams")
    crlf = TEAMS.replace("\n", "\r\n")
    _, text = new_team(crlf, [EDGE], "billing-team", "Ana Souza", "Bills customers.", None, None)
    assert text == crlf.replace("# new teams", BILLING.replace("\n", "\r\n") + "# new teams")


def test_a_new_team_follows_a_last_entry_that_ends_in_a_block_text_or_a_comment() -> None:
    block = TEAMS.replace(
        '    channel: "#team-edge"\n', '    channel: "#team-edge"\n    platform_rules: true  # infra\n'
    )
    _, text = new_team(block, [EDGE], "billing-team", "Ana Souza", "Bills customers.", None, None)
    assert text == block.replace("# new teams", BILLING + "# new teams")
    folded = TEAMS.replace("    mission: Runs the edge.   # the gateway\n", "").replace(
        '    channel: "#team-edge"\n', '    channel: "#team-edge"\n    mission: >\n      Runs the edge.\n\n'
    )
    _, text = new_team(folded, [EDGE], "billing-team", "Ana Souza", "Bills customers.", None, None)
    assert text == folded.replace("      Runs the edge.\n\n", "      Runs the edge.\n\n" + BILLING)


def test_a_team_value_yaml_would_misread_is_quoted() -> None:
    _, text = new_team(TEAMS, [EDGE], "billing-team", "Ana Souza", "Bills: invoices # and more", "#bills", "on")
    assert '    mission: "Bills: invoices # and more"\n' in text
    assert '    rotation: "on"\n    channel: "#bills"\n' in text


@pytest.mark.parametrize(
    "name, lead, mission, slack, message",
    [
        (
            "billing",
            "Ana Souza",
            "m",
            None,
            "'billing' is not a team name: lower-case words joined by '-', ending in -team (e.g. billing-team)",
        ),
        ("edge-team", "Ana Souza", "m", None, f"docs/{TEAMS_FILE} already has edge-team (line 3)"),
        ("billing-team", "Ana", "m", None, "--lead must be a first and last name, e.g. 'Ana Souza'; got 'Ana'"),
        ("billing-team", "Ana Souza", " ", None, "--mission must be one line on what the team is for; got ' '"),
        (
            "billing-team",
            "Ana Souza",
            "m",
            "billing",
            "--slack must be a Slack channel with its #, in lower case, e.g. '#team-billing'; got 'billing'",
        ),
    ],
)
def test_a_bad_team_is_refused_saying_why(name: str, lead: str, mission: str, slack: str | None, message: str) -> None:
    with pytest.raises(Refusal) as refused:
        new_team(TEAMS, [EDGE], name, lead, mission, slack, None)
    assert str(refused.value) == message


def test_a_list_laid_out_otherwise_is_refused_rather_than_broken() -> None:
    with pytest.raises(Refusal, match=r"^has no block list under `teams:` to add to$"):
        append_list_item("teams: [{name: a-team}]\n", "teams", [("name", "b-team")])


def test_a_runbook_names_its_owning_team_and_a_diagram_its_title() -> None:
    template = "services: [{{service}}]\nlast_reviewed: {{date}}\n# {{title}}\n{{ alerts }}\n{{team}} owns it\n"
    path, text = new_runbook(
        template, "billing-invoices-stuck", "billing-service", {"billing-service": "b-team"}, TODAY
    )
    assert path == "GUIDES/operations-guide/runbooks/billing-invoices-stuck.md"
    assert (
        text
        == "services: [billing-service]\nlast_reviewed: 2026-11-25\n# Billing Invoices Stuck\n{{ alerts }}\n"
        + ("b-team owns it\n")
    )
    with pytest.raises(Refusal) as refused:
        new_runbook(template, "x", "billing-servce", {"billing-service": "b-team"}, TODAY)
    assert str(refused.value) == (
        "--service 'billing-servce' is not a catalog service (nor 'platform') (did you mean 'billing-service'?)"
    )
    assert new_diagram("%% {{title}}\n", "billing-flow") == (
        "ARCHITECTURE/diagrams/billing-flow.mermaid",
        "%% Billing Flow\n",
    )


# ------------------------------------------------------------------ the command line refuses and writes nothing


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_repository(tmp_path_factory.mktemp("scaffolds") / "repository")


BAD_NAMES = [
    (["new", "service", "Billing_Service", "--owner", "edge-team"], "'Billing_Service' is not a service name"),
    (["new", "runbook", "Billing Stuck"], "'Billing Stuck' is not a runbook name"),
    (["new", "diagram", "billing_flow"], "'billing_flow' is not a diagram name"),
    (["new", "team", "Billing", "--lead", "Ana Souza", "--mission", "m"], "'Billing' is not a team name"),
    (["new", "service", "billing-x", "--owner", "nobody"], "--owner 'nobody' is not a team of"),
    # A name the build would have to write as a file name over the file system's limit.
    (["new", "team", "b" * 300 + "-team", "--lead", "Ana Souza", "--mission", "m"], f"'{'b' * 20}'... is 305"),
    (["new", "diagram", "b" * 61], f"'{'b' * 20}'... is 61 characters long; a name takes at most 60"),
    # Names that can never be taken: a team's ends in -team, a catalog name has no space.
    (["new", "runbook", "billing-x", "--service", "nothing here"], "--service 'nothing here' is not a catalog"),
]


@pytest.mark.parametrize("args, start", BAD_NAMES, ids=[" ".join(a[:3]) for a, _ in BAD_NAMES])
def test_a_bad_name_is_refused_and_nothing_is_written(repository: Path, capsys, args: list[str], start: str) -> None:
    docs = repository / "docs"
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    assert main(["--docs", str(docs), *args], today=TODAY) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"pyairtable-docs: {start}") and err.count("\n") == 1
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


# ------------------------------------------------------------------ all five, checked and built at once


def test_every_scaffold_passes_check_and_the_strict_build_and_shows_in_the_indexes(
    repository: Path, capsys, caplog: pytest.LogCaptureFixture
) -> None:
    docs = repository / "docs"
    service = unused(docs, "scaffold-service-{}")
    runbook, diagram = unused(docs, "scaffold-runbook-{}"), unused(docs, "scaffold-diagram-{}")
    teams = (docs / TEAMS_FILE).read_text(encoding="utf-8")
    team = next(name for n in range(1000) if (name := f"scaffold-{letters(n)}-team") not in teams)
    title = "Scaffold check " + unused(docs, "*-scaffold-check-{}").removeprefix("*-scaffold-check-")
    commands = [
        ["new", "team", team, "--lead", "Ana Souza", "--mission", "Checks that scaffolds build."],
        ["new", "service", service, "--owner", team],
        ["new", "runbook", runbook, "--service", service],
        ["new", "diagram", diagram],
        ["new", "adr", title],
    ]
    for command in commands:
        assert main(["--docs", str(docs), *command], today=TODAY) == 0, capsys.readouterr().err
    written = capsys.readouterr().out.splitlines()
    adr = Path(written[-1])
    assert check(docs) == []
    for command in commands[1:]:  # a second time: refused, nothing overwritten
        if command[1] != "adr":
            assert main(["--docs", str(docs), *command], today=TODAY) == 1
            assert "already exists; nothing was written\n" in capsys.readouterr().err

    site = repository / "site"
    with caplog.at_level(logging.WARNING):
        build(load_config(str(repository / "mkdocs.yml"), strict=True, site_dir=str(site)))

    def html(src: str) -> str:
        return page_path(site, src).read_text(encoding="utf-8")

    assert f"{service}/" in html("ARCHITECTURE/service-catalog/README.md")
    assert (
        f"{team}/" in html("ARCHITECTURE/teams/README.md")
        and page_path(site, f"ARCHITECTURE/teams/{team}.md").is_file()
    )
    runbooks = html("GUIDES/operations-guide/runbooks/README.md")
    assert f"{runbook}/" in runbooks.split('id="by-service"')[1]
    assert f"{diagram}/" in html("ARCHITECTURE/diagrams/README.md")
    assert adr.name.removesuffix(".md") + "/" in html("ARCHITECTURE/decisions/README.md")
    assert f"{team}" in html(f"GUIDES/operations-guide/runbooks/{runbook}.md")  # Escalation names the owner


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Cache Airtable reads in Zürich", "cache-airtable-reads-in-zurich"),
        ("Über-caching für Straßen", "uber-caching-fur-strassen"),
        ("Café: crème brûlée", "cafe-creme-brulee"),
    ],
)
def test_an_accented_title_keeps_its_letters_in_the_slug(title: str, slug: str) -> None:
    """The slug is what authors type (`accept SLUG`): 'Zürich' must not become 'z-rich'."""
    path, text = new_adr("---\nstatus: proposed\ndate: {{date}}\n---\n\n# {{title}}\n", title, [], [], [], TODAY)
    assert path == f"ARCHITECTURE/decisions/001-{slug}.md"
    assert f"# {title}\n" in text
