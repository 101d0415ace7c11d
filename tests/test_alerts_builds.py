"""Alert rules, runbooks, teams and review dates through real strict builds.

A small hub (two services, their teams, one rules file, one runbook) must build and show the
generated tables; each author mistake must fail the strict build with its one message. The
real site's assertions follow its content: they read the rules and the catalog, so adding an
alert, a runbook or a team never breaks them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import AUTH, GATEWAY, GATEWAY_PAGE, REPO, SMALL_HUB, MiniSite, page_path
from pyairtable_docs.core.codes import coded

pytestmark = pytest.mark.build

SITE_URL = "https://pyairtable.github.io/pyairtable-docs/"
RUNBOOKS = "GUIDES/operations-guide/runbooks/"
RULES = "SCHEMAS/observability/rules/api-gateway.yaml"
RULES_TEXT = f"""groups:
  - name: api-gateway
    rules:
      - alert: GatewayErrorsHigh
        expr: sum(rate(gateway_requests_total{{status=~"5.."}}[5m])) / sum(rate(gateway_requests_total[5m])) > 0.01
        for: 5m
        labels:
          severity: critical
          service: api-gateway
        annotations:
          summary: More than 1% of gateway responses are 5xx.
          runbook_url: {SITE_URL}{RUNBOOKS}gateway-errors/
      - alert: GatewayEventsDropped
        expr: increase(gateway_usage_events_dropped_total[10m]) > 0
        for: 0s
        labels:
          severity: warning
          service: api-gateway
        annotations:
          summary: Usage events were dropped.
          runbook_url: {SITE_URL}{RUNBOOKS}gateway-errors/#gatewayeventsdropped
"""
RUNBOOK = """---
alerts: [GatewayErrorsHigh, GatewayEventsDropped]
services: [api-gateway]
last_reviewed: 2026-11-02
review_every: 90d
tags: [runbook, 5xx]
---

# Gateway errors

{{ alerts }}

## Symptoms

Clients get 502.

## Impact

Every request can fail.

## Diagnosis

Run the alert's expression.

## Mitigation

Roll back.

## Escalation

Page edge-team when the cause is in the gateway.

## Related warnings

### `GatewayEventsDropped`

Kafka was unreachable.
"""
TEAMS = """teams:
  - name: edge-team
    mission: Runs the gateway.
    lead: Maya Lindqvist
    rotation: pyairtable-edge
    channel: "#team-edge"
  - name: identity-team
    mission: Runs sign-in.
    lead: Tomás Ferreira
    rotation: pyairtable-identity
    channel: "#team-identity"
  - name: infra-team
    mission: Runs the platform.
    lead: Grace Kim
    rotation: pyairtable-infra
    channel: "#team-infra"
    platform_rules: true
"""
OPS_HUB = {
    **SMALL_HUB,
    GATEWAY: GATEWAY_PAGE + "\n## Operating it\n\n{{ alerts }}\n",
    "SCHEMAS/observability/alert-rules.schema.json": (
        REPO / "docs/SCHEMAS/observability/alert-rules.schema.json"
    ).read_text(),
    RULES: RULES_TEXT,
    "ARCHITECTURE/teams/teams.yaml": TEAMS,
    "ARCHITECTURE/teams/teams.schema.json": (REPO / "docs/ARCHITECTURE/teams/teams.schema.json").read_text(),
    RUNBOOKS + "README.md": "# Runbooks\n\nWhat to do when an alert fires.\n",
    RUNBOOKS + "gateway-errors.md": RUNBOOK,
    "GUIDES/operations-guide/monitoring.md": "# Monitoring\n\n## Paging\n\n{{ alerts severity=critical }}\n",
}


@pytest.fixture
def ops_hub(mini_site: MiniSite) -> MiniSite:
    mini_site.write(OPS_HUB)
    return mini_site


def html(site: Path, src: str) -> str:
    return page_path(site, src).read_text(encoding="utf-8")


def test_the_tables_come_from_the_rules_and_link_to_the_runbook(ops_hub: MiniSite) -> None:
    site = ops_hub.build()
    service = html(site, GATEWAY)
    alerts = service[service.index('class="hub-alerts"') :]
    assert "<code>GatewayErrorsHigh</code>" in alerts and "critical (pages)" in alerts
    assert 'href="../../../GUIDES/operations-guide/runbooks/gateway-errors/"' in alerts
    assert 'href="../../../GUIDES/operations-guide/runbooks/gateway-errors/#gatewayeventsdropped"' in alerts
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    indexed = {doc["location"].split("#")[0] for doc in index if "GatewayErrorsHigh" in doc["text"]}
    assert indexed == {"GUIDES/operations-guide/runbooks/gateway-errors/"}  # the tables are not searched
    monitoring = html(site, "GUIDES/operations-guide/monitoring.md")
    assert "GatewayErrorsHigh" in monitoring and "GatewayEventsDropped" not in monitoring


def test_a_runbook_shows_its_alerts_promql_owning_team_and_review_dates(ops_hub: MiniSite) -> None:
    runbook = html(ops_hub.build(), RUNBOOKS + "gateway-errors.md")
    assert "gateway_usage_events_dropped_total" in runbook  # the expression, in its tab
    escalation = runbook[runbook.index('id="escalation"') :]
    assert 'href="../../../../ARCHITECTURE/teams/edge-team/"' in escalation
    assert "<code>pyairtable-edge</code>" in escalation
    assert "Last reviewed 2026-11-02" in runbook and "next review due 2027-01-31" in runbook


def test_the_runbooks_index_and_the_team_pages_are_generated(ops_hub: MiniSite) -> None:
    site = ops_hub.build()
    index = html(site, RUNBOOKS + "README.md")
    assert "What to do when an alert fires." in index and 'id="by-service"' in index and 'id="by-alert"' in index
    team = html(site, "ARCHITECTURE/teams/edge-team.md")
    assert "Maya Lindqvist" in team and "pyairtable-gateway" in team and "GatewayErrorsHigh" in team
    teams = html(site, "ARCHITECTURE/teams/README.md")
    assert all(name in teams for name in ("edge-team", "identity-team", "infra-team"))
    assert 'href="../../teams/edge-team/">edge-team</a>' in html(site, GATEWAY)  # the catalog card links the owner


SHOWN = f"docs/{RULES}"
MISTAKES = {
    "unknown-severity": (
        {RULES: RULES_TEXT.replace("severity: critical", "severity: page")},
        [f"FMT007 {SHOWN}:8: alert GatewayErrorsHigh: labels.severity: must be one of critical, warning; got 'page'"],
    ),
    "missing-field": (
        {RULES: RULES_TEXT.replace("          summary: Usage events were dropped.\n", "")},
        [f"FMT005 {SHOWN}:19: alert GatewayEventsDropped: annotations.summary: is required"],
    ),
    "broken-yaml": (
        {RULES: RULES_TEXT.replace("for: 5m", "for: [5m")},
        [f"FMT009 {SHOWN}:7: not valid YAML: "],
    ),
    "duplicate-name": (
        {"SCHEMAS/observability/rules/auth-service.yaml": RULES_TEXT.replace("api-gateway", "auth-service")},
        [
            "ALR002 "
            "docs/SCHEMAS/observability/rules/auth-service.yaml:4: alert GatewayErrorsHigh: is defined twice (also at "
            f"{SHOWN}:4)",
            "ALR002 "
            "docs/SCHEMAS/observability/rules/auth-service.yaml:13: alert GatewayEventsDropped: is defined twice (also "
            f"at {SHOWN}:13)",
        ],
    ),
    "unknown-service": (
        {RULES: RULES_TEXT.replace("service: api-gateway", "service: api-gateways", 1)},
        [
            f"ALR003 {SHOWN}:4: alert GatewayErrorsHigh: labels.service: 'api-gateways' is not a catalog service (nor "
            "'platform') (did you mean 'api-gateway'?)",
            "RUN009 "
            f"docs/{RUNBOOKS}gateway-errors.md:3: services: must list 'api-gateways', the service of GatewayErrorsHigh",
        ],
    ),
    "runbook-url-nowhere": (
        {RULES: RULES_TEXT.replace("gateway-errors/\n", "gateway-error/\n")},
        [
            "ALR006 "
            f"{SHOWN}:4: alert GatewayErrorsHigh: annotations.runbook_url: '{SITE_URL}{RUNBOOKS}gateway-error/' is "
            f"not a page of this site (did you mean {SITE_URL}{RUNBOOKS}gateway-errors/?)",
            "RUN007 "
            f"docs/{RUNBOOKS}gateway-errors.md:2: alerts: lists GatewayErrorsHigh, whose runbook_url leads elsewhere "
            f"({SITE_URL}{RUNBOOKS}gateway-error/)",
        ],
    ),
    "section-missing": (
        {RUNBOOKS + "gateway-errors.md": RUNBOOK.replace("### `GatewayEventsDropped`", "### Dropped events")},
        [
            "ALR009 "
            f"{SHOWN}:13: alert GatewayEventsDropped: annotations.runbook_url: {RUNBOOKS}gateway-errors.md has no "
            "section #gatewayeventsdropped",
        ],
    ),
    "escalation-without-owner": (
        {RUNBOOKS + "gateway-errors.md": RUNBOOK.replace("Page edge-team when", "Page the gateway's owners when")},
        [
            "RUN010 "
            f"docs/{RUNBOOKS}gateway-errors.md:29: the Escalation section must name the owning team edge-team (from "
            "the catalog)"
        ],
    ),
    "owner-not-a-team": (
        {AUTH: SMALL_HUB[AUTH].replace("owner: identity-team", "owner: identity-teams")},
        [
            f"CAT003 docs/{AUTH}: owner: 'identity-teams' is not a team of docs/ARCHITECTURE/teams/teams.yaml "
            "(did you mean 'identity-team'?)"
        ],
    ),
    "service-page-without-table": (
        {GATEWAY: GATEWAY_PAGE},
        [f"ALR004 docs/{GATEWAY}: has alert rules but no `{{{{ alerts }}}}` line to show them"],
    ),
    "lead-in-prose": (
        {"GUIDES/who.md": "# Who\n\nAsk edge-team (Grace Kim).\n"},
        [
            "DRF001 "
            "docs/GUIDES/who.md:3: unknown team lead `Grace Kim`: ARCHITECTURE/teams/teams.yaml gives edge-team the "
            "lead Maya Lindqvist (did you mean `Maya Lindqvist`?); fix the name, or add it to the contract (or to "
            "docs/contract-names.allow.yaml with a reason)"
        ],
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_author_mistake_fails_the_build_with_its_message(
    ops_hub: MiniSite, caplog: pytest.LogCaptureFixture, mistake: str
) -> None:
    files, expected = MISTAKES[mistake]
    ops_hub.write(files)
    found = [m.removeprefix("pyairtable_docs: ") for m in ops_hub.build_fails(caplog)]
    for message in expected:
        assert any(f.startswith(message) for f in found), (message, found)
    assert len(found) == len(expected), found


def test_a_page_overdue_past_the_grace_period_fails_and_one_within_it_is_listed(
    ops_hub: MiniSite, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    ops_hub.write({"SECURITY/policies.md": "---\nlast_reviewed: 2026-09-01\nreview_every: 60d\n---\n\n# Policies\n"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # 2026-11-25: due 2026-10-31, within the grace period
    schedule = html(ops_hub.build(), "TOOLS/reviews.md")
    assert "Today, for this build, is <strong>2026-11-25</strong>" in schedule
    assert re.search(
        r"Policies</a></td>\s*<td>2026-09-01</td>\s*<td>60d</td>\s*<td>2026-10-31</td>\s*<td>due", schedule
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796515200")  # 2026-12-06: 36 days late
    assert [m for m in ops_hub.build_fails(caplog) if "policies" in m] == [
        "pyairtable_docs: "
        + coded(
            "REV005",
            "docs/SECURITY/policies.md: last_reviewed: review overdue: due 2026-10-31 (every 60d), 36 "
            "days ago, past the 30-day grace period; review the page and set last_reviewed to the day you did",
        )
    ]


# ------------------------------------------------------------------ the real site


def rules_of_site() -> list[dict]:
    found = []
    for path in sorted((REPO / "docs/SCHEMAS/observability/rules").glob("*.yaml")):
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]:
            found += group["rules"]
    return found


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def test_every_critical_alert_has_a_runbook_that_lists_it_and_names_its_sections(site: Path) -> None:
    critical = [r for r in rules_of_site() if r["labels"]["severity"] == "critical"]
    assert critical
    for rule in critical:
        path = rule["annotations"]["runbook_url"].removeprefix(SITE_URL)
        source = REPO / "docs" / (path.rstrip("/") + ".md")
        assert "#" not in path and source.parent.name == "runbooks", rule["alert"]
        assert rule["alert"] in front_matter(source)["alerts"]
        page = (site / path / "index.html").read_text(encoding="utf-8")
        for section in ("symptoms", "impact", "diagnosis", "mitigation", "escalation"):
            assert f'id="{section}"' in page, (rule["alert"], section)


def test_service_pages_and_the_monitoring_guide_show_every_alert_generated(site: Path) -> None:
    rules = rules_of_site()
    monitoring = html(site, "GUIDES/operations-guide/monitoring.md")
    for rule in rules:
        assert f"<code>{rule['alert']}</code>" in monitoring, rule["alert"]
        service = rule["labels"]["service"]
        if service != "platform":
            page = html(site, f"ARCHITECTURE/service-catalog/{service}.md")
            tables = "".join(re.findall(r'<div class="hub-alerts".*?</div>', page, re.S))
            assert f"<code>{rule['alert']}</code>" in tables, rule["alert"]


def test_no_hand_written_alert_table_remains() -> None:
    header = re.compile(r"^\|\s*(Platform alert|Alert)\s*\|.*\n\|\s*:?-", re.M)  # a table headed "Alert"
    written = [p.relative_to(REPO).as_posix() for p in (REPO / "docs").rglob("*.md") if header.search(p.read_text())]
    assert written == []


def test_every_catalog_owner_has_a_team_page(site: Path) -> None:
    owners = {
        front_matter(p)["owner"]
        for p in (REPO / "docs/ARCHITECTURE/service-catalog").glob("*.md")
        if p.name != "README.md"
    }
    for owner in owners:
        assert "On-call rotation" in html(site, f"ARCHITECTURE/teams/{owner}.md"), owner
