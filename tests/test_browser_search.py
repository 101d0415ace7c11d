"""An on-call engineer's searches land on the runbook, in real Chromium against Material's search.

The queries come from the content: the symptom phrases the issue names (each found through the
runbook that carries it as a tag), every runbook's title and every critical alert's name. The
searches that must not get worse are every service's title (its catalog page first), every
ADR's title (the ADR first) and every team's name (its team page first). Adding a runbook, an
alert, a service, an ADR or a team adds cases; it never breaks the test by being there.
"""

from __future__ import annotations

import json

import pytest

from conftest import DOCS, REPO, search
from pyairtable_docs.alerts.records import RULES_DIR, is_rules_file, parse_rules
from pyairtable_docs.alerts.runbooks import is_runbook, parse_runbook, site_url_in
from pyairtable_docs.teams.records import TEAMS_FILE, TEAMS_SCHEMA, parse_teams
from site_content import adrs_in, page_url, services_in, source_files

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("chromium")]

SYMPTOMS = ("rate limit", "kafka lag", "rotate jwt")  # as an on-call engineer types them
SITE_PREFIX = site_url_in(REPO / "mkdocs.yml")  # runbook links are absolute under the published site


def runbooks() -> list:
    found = []
    for src in source_files(DOCS):
        if is_runbook(src):
            runbook, _ = parse_runbook(src, (DOCS / src).read_text(encoding="utf-8"), src)
            found.append(runbook)
    return found


def critical_alerts() -> list:
    schema = json.loads((DOCS / "SCHEMAS/observability/alert-rules.schema.json").read_text(encoding="utf-8"))
    found = []
    for src in source_files(DOCS):
        if is_rules_file(src) and src.startswith(RULES_DIR):
            alerts, _ = parse_rules(src, (DOCS / src).read_text(encoding="utf-8"), schema, src)
            found += [a for a in alerts if a.severity == "critical"]
    return found


def expected_searches() -> list[tuple[str, str]]:
    """(query, the page that must be the first result), for every case the content gives."""
    books = runbooks()
    cases = []
    for symptom in SYMPTOMS:
        tagged = [b for b in books if symptom in (b.tags or ())]
        assert len(tagged) == 1, f"one runbook carries the tag {symptom!r}: {[b.path for b in tagged]}"
        cases.append((symptom, page_url(tagged[0].path)))
    cases += [(b.title, page_url(b.path)) for b in books]
    cases += [(a.name, a.runbook_url.removeprefix(SITE_PREFIX)) for a in critical_alerts()]
    return cases


def unchanged_searches() -> list[tuple[str, str]]:
    cases = [(s.title, page_url(s.path)) for s in services_in(DOCS)]
    cases += [(adr.title, page_url(adr.path)) for adr in adrs_in(DOCS)]
    schema = json.loads((DOCS / TEAMS_SCHEMA).read_text(encoding="utf-8"))
    teams, _ = parse_teams((DOCS / TEAMS_FILE).read_text(encoding="utf-8"), schema, TEAMS_FILE)
    return cases + [(team.name, page_url(team.page)) for team in teams]


def first_results(page, query: str) -> list[str]:
    """The first results of a query in the open search box, once Material has stopped updating them."""
    field = page.locator("input.md-search__input")
    # The whole query at once, then a key Material listens to: it searches for the full text
    # only, instead of every prefix typed on the way (whose late answers could land last).
    field.fill(query)
    field.press("End")
    previous, steady = None, 0
    for _ in range(80):
        page.wait_for_timeout(50)
        current = page.eval_on_selector_all(
            ".md-search-result__item > a", "links => links.slice(0, 3).map(a => a.pathname)"
        )
        steady = steady + 1 if current == previous else 0
        previous = current
        if steady >= (8 if current else 20):
            break
    root = page.evaluate("new URL(document.baseURI).pathname.replace(/[^/]*$/, '')")
    return [path.removeprefix(root) for path in previous or []]


def run(page, cases: list[tuple[str, str]]) -> list[str]:
    page.goto(page.base_url, wait_until="networkidle")
    search(page, "")  # opens the search box once its index is ready
    misses = []
    for query, expected in cases:
        found = first_results(page, query)
        if not found or found[0] != expected:
            misses.append(f"{query!r}: expected {expected}, got {found}")
    return misses


def test_symptoms_runbook_titles_and_critical_alerts_find_their_runbook_first(page) -> None:
    cases = expected_searches()
    assert len(cases) > len(SYMPTOMS)
    assert all(path.startswith("GUIDES/operations-guide/runbooks/") for _, path in cases)
    assert run(page, cases) == []


def test_service_decision_and_team_titles_find_their_own_page_first(page) -> None:
    assert run(page, unchanged_searches()) == []
