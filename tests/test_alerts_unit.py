"""Alert rules, runbooks, teams and review dates as pure functions: text in, records and problems out."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import REPO
from pyairtable_docs.alerts.markdown import (
    Contact,
    RunbookLinks,
    alert_table,
    escalation_table,
    insert_under_heading,
    requests,
    runbook_alerts,
    runbooks_index,
)
from pyairtable_docs.alerts.records import Alert, check_alerts, parse_rules, promql_error
from pyairtable_docs.alerts.runbooks import check_runbooks, parse_runbook, resolve_runbook_url, runbook_problems
from pyairtable_docs.core.codes import coded
from pyairtable_docs.reviews.records import Review, parse_review, review_problems
from pyairtable_docs.teams.records import check_owners, parse_teams, platform_team

pytestmark = pytest.mark.unit

SCHEMA = json.loads((REPO / "docs/SCHEMAS/observability/alert-rules.schema.json").read_text(encoding="utf-8"))
TEAMS_SCHEMA = json.loads((REPO / "docs/ARCHITECTURE/teams/teams.schema.json").read_text(encoding="utf-8"))
SHOWN = "docs/SCHEMAS/observability/rules/thing-service.yaml"
SITE = "https://docs.example/hub/"
RULES = """groups:
  - name: thing-service
    rules:
      - alert: ThingErrorsHigh
        expr: sum(rate(thing_requests_total{code=~"5.."}[5m])) / sum(rate(thing_requests_total[5m])) > 0.01
        for: 5m
        labels:
          severity: critical
          service: thing-service
        annotations:
          summary: More than 1% of thing requests fail.
          runbook_url: https://docs.example/hub/GUIDES/operations-guide/runbooks/thing-errors/
      - alert: ThingSlow
        expr: histogram_quantile(0.95, sum by (le) (rate(thing_duration_seconds_bucket[5m]))) > 0.3
        for: 10m
        labels:
          severity: warning
          service: thing-service
        annotations:
          summary: p95 above 300 ms.
          runbook_url: https://docs.example/hub/GUIDES/operations-guide/runbooks/thing-errors/#thingslow
"""
RUNBOOK = """---
alerts: [ThingErrorsHigh, ThingSlow]
services: [thing-service]
last_reviewed: 2026-11-02
review_every: 90d
tags: [runbook, thing errors]
---

# Thing errors

{{ alerts }}

## Symptoms

Users see errors.

## Impact

Things fail.

## Diagnosis

Run the query.

## Mitigation

Roll back.

## Escalation

Page things-team.

## Related warnings

### `ThingSlow`

Slow.
"""
RUNBOOK_SRC = "GUIDES/operations-guide/runbooks/thing-errors.md"


def rules(text: str = RULES) -> tuple[list[Alert], list[str]]:
    alerts, problems = parse_rules("SCHEMAS/observability/rules/thing-service.yaml", text, SCHEMA, SHOWN)
    return alerts, [str(p) for p in problems]


def test_a_valid_rules_file_gives_one_record_per_alert_with_its_line() -> None:
    alerts, problems = rules()
    assert problems == []
    assert [(a.name, a.severity, a.service, a.duration, a.line) for a in alerts] == [
        ("ThingErrorsHigh", "critical", "thing-service", "5m", 4),
        ("ThingSlow", "warning", "thing-service", "10m", 13),
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "severity: critical",
            "severity: page",
            f"FMT007 {SHOWN}:8: alert ThingErrorsHigh: labels.severity: must be one of critical, warning; got 'page'",
        ),
        ("        for: 5m\n", "", f"FMT005 {SHOWN}:4: alert ThingErrorsHigh: for: is required"),
        (
            "for: 5m",
            "for: 5 minutes",
            f"FMT006 {SHOWN}:6: alert ThingErrorsHigh: for: must be a Prometheus duration such as 30s, 5m or 1h30m; "
            f"got '5 minutes'",
        ),
        (
            "alert: ThingErrorsHigh",
            "alert: thing_errors",
            f"FMT006 {SHOWN}:4: alert thing_errors: alert: must be UpperCamelCase letters and digits (e.g. "
            f"GatewayHigh5xxRate); got 'thing_errors'",
        ),
        (
            "          service: thing-service\n        annotations:\n          summary: More",
            "          service: thing-service\n          team: things\n        annotations:\n          summary: More",
            f"FMT004 {SHOWN}:10: alert ThingErrorsHigh: labels.team: is not a known field",
        ),
        ("> 0.01", "> > 0.01", f"ALR001 {SHOWN}:5: alert ThingErrorsHigh: expr: is not valid PromQL: "),
        (
            "runbook_url: https://docs.example/hub/GUIDES/operations-guide/runbooks/thing-errors/\n",
            "runbook_url: runbooks/thing-errors/\n",
            f"FMT006 {SHOWN}:12: alert ThingErrorsHigh: annotations.runbook_url: must be an absolute URL (Alertmanager "
            f"shows it as a link); got 'runbooks/thing-errors/'",
        ),
    ],
    ids=["severity", "missing-for", "duration", "name", "extra-label", "promql", "relative-url"],
)
def test_each_mistake_in_a_rule_is_one_problem_naming_the_file_line_alert_and_field(
    old: str, new: str, expected: str
) -> None:
    assert old in RULES
    alerts, problems = rules(RULES.replace(old, new, 1))
    assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert "ThingSlow" in [a.name for a in alerts]  # the other rule is still read


def test_broken_yaml_is_one_problem_and_no_alerts() -> None:
    alerts, problems = rules("groups:\n  - name: [x\n")
    assert (
        alerts == []
        and len(problems) == 1
        and problems[0].startswith(f"FMT009 {SHOWN}:")
        and "not valid YAML" in problems[0]
    )


def test_promql_is_parsed_by_a_real_grammar() -> None:
    assert promql_error('sum by (service) (rate(x_total{code=~"5.."}[5m])) > 0') is None
    assert promql_error('label_replace(up, "a", "$1", "b", "(.*)")') is None
    assert promql_error("sum(rate(x[5m])") == "unclosed left parenthesis"


def test_a_duplicate_name_across_files_and_an_unknown_service_are_reported() -> None:
    alerts, _ = rules()
    other = Alert(
        "ThingSlow", "warning", "thing-servise", "x", "5m", "s", "u", "SCHEMAS/observability/rules/other.yaml", 3
    )
    problems = [str(p) for p in check_alerts([*alerts, other], ["thing-service"], {})]
    assert problems == [
        coded(
            "ALR002",
            "SCHEMAS/observability/rules/other.yaml:3: alert ThingSlow: is defined twice (also at "
            "SCHEMAS/observability/rules/thing-service.yaml:13)",
        ),
        coded(
            "ALR003",
            "SCHEMAS/observability/rules/other.yaml:3: alert ThingSlow: labels.service: 'thing-servise' is not a "
            "catalog service (nor 'platform') (did you mean 'thing-service'?)",
        ),
    ]


def runbook(text: str = RUNBOOK):
    return parse_runbook(RUNBOOK_SRC, text, "docs/" + RUNBOOK_SRC)


def test_a_runbook_names_its_alerts_services_and_sections() -> None:
    book, problems = runbook()
    assert problems == []
    assert (book.title, book.alerts, book.services) == (
        "Thing errors",
        ("ThingErrorsHigh", "ThingSlow"),
        ("thing-service",),
    )
    assert book.sections == ("Symptoms", "Impact", "Diagnosis", "Mitigation", "Escalation", "Related warnings")


def test_a_runbook_missing_a_section_or_out_of_order_is_reported() -> None:
    _, problems = runbook(RUNBOOK.replace("## Impact\n", "## Effect\n"))
    assert [str(p) for p in problems] == [
        coded(
            "RUN002",
            "docs/GUIDES/operations-guide/runbooks/thing-errors.md: has no '## Impact' section; a runbook has "
            "Symptoms, Impact, Diagnosis, Mitigation, Escalation, in this order",
        )
    ]
    _, problems = runbook(
        RUNBOOK.replace("## Symptoms", "## Tmp").replace("## Impact", "## Symptoms").replace("## Tmp", "## Impact")
    )
    assert [p.code for p in problems] == ["RUN003"]
    assert (
        "sections must come in the order Symptoms, Impact, Diagnosis, Mitigation, Escalation; found Impact, Symptoms"
        in str(problems)
    )


def test_a_runbook_without_front_matter_says_what_it_needs() -> None:
    _, problems = runbook("# Thing errors\n")
    assert [(p.code, p.message) for p in problems] == [
        (
            "RUN001",
            "a runbook must start with YAML front matter naming its alerts, services, last_reviewed and review_every "
            "(see the runbooks' index page)",
        )
    ]


def test_runbook_front_matter_is_checked_against_the_rules_and_the_owners() -> None:
    alerts, _ = rules()
    book, _ = runbook(RUNBOOK.replace("[ThingErrorsHigh, ThingSlow]", "[ThingErrorsHigh, ThingSlow, ThingGone]"))
    problems = [
        str(p) for p in check_runbooks([book], {a.name: a for a in alerts}, {"thing-service": "thing-team"}, {})
    ]
    assert problems == [
        coded("RUN006", f"{RUNBOOK_SRC}:2: alerts: 'ThingGone' is not an alert of the rules"),
        coded(
            "RUN010",
            f"{RUNBOOK_SRC}:29: the Escalation section must name the owning team thing-team (from the catalog)",
        ),
    ]


def test_runbook_urls_resolve_to_a_runbook_that_lists_the_alert() -> None:
    alerts, _ = rules()
    book, _ = runbook()
    pages = {"GUIDES/operations-guide/runbooks/thing-errors/": RUNBOOK_SRC, "GUIDES/": "GUIDES/README.md"}
    targets, problems = runbook_problems(alerts, SITE, pages, {RUNBOOK_SRC: book}, {})
    assert problems == []
    assert {name: (t.src, t.fragment) for name, t in targets.items()} == {
        "ThingErrorsHigh": (RUNBOOK_SRC, ""),
        "ThingSlow": (RUNBOOK_SRC, "thingslow"),
    }


@pytest.mark.parametrize(
    ("url", "severity", "code", "why"),
    [
        (
            "https://elsewhere.example/runbooks/thing-errors/",
            "critical",
            "ALR006",
            "must start with the site's URL https://docs.example/hub/",
        ),
        (
            SITE + "GUIDES/operations-guide/runbooks/thing-errrors/",
            "critical",
            "ALR006",
            "is not a page of this site (did you mean "
            "https://docs.example/hub/GUIDES/operations-guide/runbooks/thing-errors/?)",
        ),
        (SITE + "GUIDES/", "critical", "ALR006", "leads to GUIDES/README.md, which is not a runbook"),
        (
            SITE + "GUIDES/operations-guide/runbooks/thing-errors/#impact",
            "critical",
            "ALR007",
            "a critical alert links to a whole runbook page, not a section (#impact)",
        ),
    ],
    ids=["off-site", "typo", "not-a-runbook", "critical-section"],
)
def test_a_runbook_url_that_does_not_land_says_why(url: str, severity: str, code: str, why: str) -> None:
    book, _ = runbook()
    pages = {"GUIDES/operations-guide/runbooks/thing-errors/": RUNBOOK_SRC, "GUIDES/": "GUIDES/README.md"}
    alert = Alert("ThingErrorsHigh", severity, "thing-service", "up", "5m", "s", url, "r.yaml", 1)
    target, found, reason = resolve_runbook_url(alert, SITE, pages, {RUNBOOK_SRC: book})
    assert target is None and found == code and why in reason


def test_an_alert_its_runbook_does_not_list_is_refused() -> None:
    book, _ = runbook(RUNBOOK.replace("[ThingErrorsHigh, ThingSlow]", "[ThingSlow]"))
    alert = Alert(
        "ThingErrorsHigh",
        "critical",
        "thing-service",
        "up",
        "5m",
        "s",
        SITE + "GUIDES/operations-guide/runbooks/thing-errors/",
        "r.yaml",
        1,
    )
    _, code, reason = resolve_runbook_url(
        alert, SITE, {"GUIDES/operations-guide/runbooks/thing-errors/": RUNBOOK_SRC}, {RUNBOOK_SRC: book}
    )
    assert (code, reason) == (
        "ALR008",
        f"leads to {RUNBOOK_SRC}, whose front matter `alerts` does not list ThingErrorsHigh",
    )


def test_alert_requests_are_whole_lines_outside_code() -> None:
    page = "{{ alerts }}\n\n```text\n{{ alerts }}\n```\n\nSee `{{ alerts }}`.\n{{ alerts severity=warning }}\n"
    assert [(r.line, r.key, r.value) for r in requests(page)] == [(1, "", ""), (8, "severity", "warning")]


def test_alert_table_rows_link_each_alert_to_its_runbook_section() -> None:
    alerts, _ = rules()
    links = RunbookLinks(
        {a.name: "Thing errors" for a in alerts},
        lambda name: "../runbooks/thing-errors.md",
        {"ThingErrorsHigh": "", "ThingSlow": "thingslow"},
    )
    table = alert_table(alerts, links)
    assert (
        "| `ThingErrorsHigh` | critical (pages) | 5m | More than 1% of thing requests fail. | [Thing "
        "errors](../runbooks/thing-errors.md) |" in table
    )
    assert "[Thing errors](../runbooks/thing-errors.md#thingslow)" in table
    assert alert_table([], links) == "*No alert rules yet.*\n"


def test_a_runbook_shows_each_alert_expression_in_a_tab() -> None:
    alerts, _ = rules()
    shown = runbook_alerts(alerts, lambda service: None)
    assert '=== "ThingErrorsHigh"\n\n    ```promql\n        sum(rate(' in shown
    assert shown.index('=== "ThingErrorsHigh"') < shown.index('=== "ThingSlow"')  # critical first


def test_the_runbooks_index_lists_by_service_and_by_alert() -> None:
    alerts, _ = rules()
    book, _ = runbook()
    index = runbooks_index(
        [book],
        {a.name: a for a in alerts},
        {"thing-service": "thing-team"},
        lambda p: p.rsplit("/", 1)[-1],
        lambda s: f"{s}.md",
        lambda t: f"{t}.md",
        {"ThingSlow": "thingslow"},
    )
    assert (
        "| [thing-service](thing-service.md) | [thing-team](thing-team.md) | [Thing errors](thing-errors.md) |" in index
    )
    assert (
        "| `ThingSlow` | warning (ticket) | [thing-service](thing-service.md) | [Thing "
        "errors](thing-errors.md#thingslow) |" in index
    )


def test_escalation_goes_under_the_heading_and_not_into_code() -> None:
    table = escalation_table([Contact("thing-team", "Ada Byron", "things", "#things", "../teams/thing-team.md")])
    assert table.splitlines()[2] == "| [thing-team](../teams/thing-team.md) | Ada Byron | `things` | `#things` |"
    page = "```md\n## Escalation\n```\n\n## Escalation\n\nPage them.\n"
    assert (
        insert_under_heading(page, "Escalation", "X\n")
        == "```md\n## Escalation\n```\n\n## Escalation\n\nX\n\nPage them.\n"
    )
    assert insert_under_heading("# T\n", "Escalation", "X\n") == "# T\n"


TEAMS = """teams:
  - name: thing-team
    mission: Runs things.
    lead: Ada Byron
    rotation: pyairtable-things
    channel: "#team-things"
    platform_rules: true
  - name: other-team
    mission: Runs the rest.
    lead: Alan Turing
    rotation: pyairtable-other
    channel: "#team-other"
"""


def test_teams_are_read_and_every_owner_must_be_one() -> None:
    teams, problems = parse_teams(TEAMS, TEAMS_SCHEMA, "teams.yaml")
    assert problems == [] and [t.name for t in teams] == ["thing-team", "other-team"]
    assert platform_team(teams) == "thing-team"
    owners = {"ARCHITECTURE/service-catalog/a.md": "thing-team", "ARCHITECTURE/service-catalog/b.md": "thing-tem"}
    assert [str(p) for p in check_owners(owners, teams, {})] == [
        coded(
            "CAT003",
            "ARCHITECTURE/service-catalog/b.md: owner: 'thing-tem' is not a team of docs/ARCHITECTURE/teams/teams.yaml "
            "(did you mean 'thing-team'?)",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("lead: Ada Byron", "lead: Ada", "FMT006 teams.yaml:4: team thing-team: lead: must match"),
        ('    channel: "#team-things"\n', "", "FMT005 teams.yaml:2: team thing-team: channel: is required"),
        (
            "name: other-team",
            "name: thing-team",
            "TEM001 teams.yaml:8: team thing-team: is defined twice (also at line 2)",
        ),
        (
            '    channel: "#team-other"\n',
            '    channel: "#team-other"\n    platform_rules: true\n',
            "TEM002 teams.yaml:8: team other-team: platform_rules: only one team owns the platform rules; thing-team "
            "already does",
        ),
    ],
    ids=["lead", "missing", "twice", "two-platform-teams"],
)
def test_each_mistake_in_teams_yaml_names_the_team_and_field(old: str, new: str, expected: str) -> None:
    _, problems = parse_teams(TEAMS.replace(old, new, 1), TEAMS_SCHEMA, "teams.yaml")
    assert len(problems) == 1 and str(problems[0]).startswith(expected), problems


def review(meta: dict, src: str = "SECURITY/policies.md"):
    return parse_review(src, "Policies", meta, {"last_reviewed": 2, "review_every": 3}, "docs/" + src)


def test_review_dates_and_their_status_around_the_grace_period() -> None:
    found, problems = review({"last_reviewed": dt.date(2026, 9, 1), "review_every": "90d"})
    assert problems == [] and found.due == dt.date(2026, 11, 30)
    assert found.status(dt.date(2026, 11, 30)) == "current"
    assert found.status(dt.date(2026, 12, 30)) == "due"
    assert found.status(dt.date(2026, 12, 31)) == "overdue"
    weeks, _ = review({"last_reviewed": "2026-09-01", "review_every": "12w"})
    assert weeks.due == dt.date(2026, 11, 24)


def test_only_pages_past_the_grace_period_or_reviewed_in_the_future_are_problems() -> None:
    late = Review("SECURITY/a.md", "A", dt.date(2026, 1, 1), dt.timedelta(days=90), "90d")
    grace = Review("SECURITY/b.md", "B", dt.date(2026, 8, 1), dt.timedelta(days=90), "90d")
    future = Review("SECURITY/c.md", "C", dt.date(2027, 1, 1), dt.timedelta(days=90), "90d")
    problems = [str(p) for p in review_problems([late, grace, future], dt.date(2026, 11, 20), {})]
    assert problems == [
        coded(
            "REV005",
            "SECURITY/a.md: last_reviewed: review overdue: due 2026-04-01 (every 90d), 233 days ago, past the 30-day "
            "grace period; review the page and set last_reviewed to the day you did",
        ),
        coded("REV004", "SECURITY/c.md: last_reviewed: 2027-01-01 is after today (2026-11-20, the commit's date)"),
    ]


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            {},
            [
                coded(
                    "REV001",
                    "docs/SECURITY/policies.md:2: last_reviewed: is required (runbooks and SECURITY pages are "
                    "reviewed on a schedule)",
                ),
                coded(
                    "REV001",
                    "docs/SECURITY/policies.md:3: review_every: is required (runbooks and SECURITY pages are "
                    "reviewed on a schedule)",
                ),
            ],
        ),
        (
            {"last_reviewed": "last week", "review_every": "90d"},
            [
                coded(
                    "REV002",
                    "docs/SECURITY/policies.md:2: last_reviewed: must be a date written YYYY-MM-DD; got 'last week'",
                )
            ],
        ),
        (
            {"last_reviewed": "2026-01-01", "review_every": "3 months"},
            [
                coded(
                    "REV003",
                    "docs/SECURITY/policies.md:3: review_every: must be a number of days or weeks, such as 90d or "
                    "12w; got '3 months'",
                )
            ],
        ),
    ],
    ids=["missing", "date", "interval"],
)
def test_review_fields_are_required_on_security_pages_and_checked(meta: dict, expected: list[str]) -> None:
    found, problems = review(meta)
    assert found is None and [str(p) for p in problems] == expected


def test_other_pages_need_no_review_dates() -> None:
    assert review({}, "GUIDES/setup.md") == (None, [])
    assert review({}, "GUIDES/operations-guide/runbooks/README.md") == (None, [])


def drift_refs(page: str) -> list[tuple[str, str, bool, str]]:
    from pyairtable_docs.drift.contracts import load_registry
    from pyairtable_docs.drift.names import check_page

    service = "---\nname: thing-service\nrepository: pyairtable-things\nowner: thing-team\n---\n# Thing\n"
    registry, problems = load_registry(
        {"ARCHITECTURE/teams/teams.yaml": TEAMS, "ARCHITECTURE/service-catalog/thing-service.md": service}, {}
    )
    assert problems == []
    return [(r.kind, r.name, r.known, r.nearest) for r in check_page("GUIDES/x.md", page, registry) if "team" in r.kind]


def test_prose_naming_a_team_its_lead_rotation_or_channel_must_match_teams_yaml() -> None:
    assert drift_refs("Page thing-team (Ada Byron) on `pyairtable-things` in `#team-things`.\n") == [
        ("team", "pyairtable-things", True, ""),
        ("team", "#team-things", True, ""),
        ("team lead", "Ada Byron", True, ""),
    ]
    assert drift_refs("Ask `things-team` or other-team (Ada Byron) in `#team-thngs`.\n") == [
        ("team", "things-team", False, "thing-team"),
        ("team", "#team-thngs", False, "#team-things"),
        ("team lead", "Ada Byron", False, "Alan Turing"),
    ]


def test_a_lead_column_is_checked_against_the_team_of_the_service_in_the_row() -> None:
    table = "| Service | Team lead |\n|---|---|\n| [thing](../service-catalog/thing-service.md) | Alan Turing |\n"
    assert drift_refs(table) == [("team lead", "Alan Turing", False, "Ada Byron")]
