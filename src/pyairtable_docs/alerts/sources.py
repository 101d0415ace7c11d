"""Every alerting check in one call: the rules files, the runbooks and the service pages that
show the alerts, read together into records and problems.

The build (alerts/wiring.py) and ``pyairtable-docs check`` (cli.py) both call
``check_alerting``, so what one reports the other does. Pure: nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pyairtable_docs.alerts.markdown import requests
from pyairtable_docs.alerts.records import Alert, alert_names, by_name, check_alerts, parse_rules
from pyairtable_docs.alerts.runbooks import (
    Runbook,
    Slugify,
    Target,
    check_runbooks,
    owners_of,
    parse_runbook,
    runbook_problems,
    toc_slugify,
)
from pyairtable_docs.catalog.records import Service
from pyairtable_docs.core.problems import Problem


@dataclass
class Alerting:
    """The alerts, the runbooks and the links between them."""

    alerts: dict[str, Alert] = field(default_factory=dict)
    runbooks: dict[str, Runbook] = field(default_factory=dict)  # page -> runbook
    targets: dict[str, Target] = field(default_factory=dict)  # alert -> where its runbook_url lands
    owners: dict[str, str] = field(default_factory=dict)  # service (and platform) -> team


def check_alerting(
    rules: Mapping[str, str],
    runbooks: Mapping[str, str],
    service_pages: Mapping[str, str],
    services: Iterable[Service],
    schema: Mapping[str, Any],
    platform_team: str | None,
    site_url: str | None,
    page_by_url: Mapping[str, str],
    display: Mapping[str, str],
    slugify: Slugify = toc_slugify,
) -> tuple[Alerting, list[Problem]]:
    """``rules``, ``runbooks`` and ``service_pages`` map each file to its text; ``site_url`` is
    the published one (None: not known here, so runbook links are not resolved)."""
    services = list(services)
    problems: list[Problem] = []
    alerts: list[Alert] = []
    named: set[str] | None = set()  # every name the files write, valid or not; None: a file is not YAML
    for src, text in sorted(rules.items()):
        found, found_problems = parse_rules(src, text, schema, display.get(src, src))
        alerts += found
        problems += found_problems
        written = alert_names(text)
        named = None if named is None or written is None else named | {name for name, _, _ in written}
    problems += check_alerts(alerts, [s.name for s in services], display)

    state = Alerting(alerts=by_name(alerts))
    state.owners = owners_of({s.name: s.owner for s in services}, platform_team)
    for src, text in sorted(runbooks.items()):
        runbook, found_problems = parse_runbook(src, text, display.get(src, src), slugify)
        problems += found_problems
        if runbook is not None:
            state.runbooks[src] = runbook
    problems += check_runbooks(list(state.runbooks.values()), state.alerts, state.owners, display, named)
    if site_url is not None:
        state.targets, link_problems = runbook_problems(alerts, site_url, page_by_url, state.runbooks, display)
        problems += link_problems
    return state, problems + pages_without_table(services, service_pages, state.alerts, display)


def pages_without_table(
    services: Iterable[Service], pages: Mapping[str, str], alerts: Mapping[str, Alert], display: Mapping[str, str]
) -> list[Problem]:
    """A service with alert rules shows them on its page: the page needs its ``{{ alerts }}`` line."""
    with_alerts = {a.service for a in alerts.values()}
    return [
        Problem(
            display.get(s.path, s.path), "", "has alert rules but no `{{ alerts }}` line to show them", code="ALR004"
        )
        for s in services
        if s.name in with_alerts and s.path in pages and not requests(pages[s.path])
    ]
