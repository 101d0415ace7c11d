"""Alert tables and the runbooks index, as Markdown, from the alert records.

Pages ask for a table with a line of their own:

- ``{{ alerts }}``: on a service page, that service's alerts; on a runbook, the alerts its
  front matter lists, with their PromQL;
- ``{{ alerts severity=critical }}`` or ``severity=warning``: every alert of that severity;
- ``{{ alerts service=NAME }}``: one service's alerts (``platform`` for infra-team's rules).

Links are given as functions from a record to a URL relative to the page, so this module
knows nothing of where pages live. Pure: nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pyairtable_docs.alerts.records import PLATFORM, SEVERITIES, Alert
from pyairtable_docs.alerts.runbooks import Runbook
from pyairtable_docs.core.markup import lines_outside_code, md_text

MARKER = re.compile(r"^\{\{[ \t]*alerts(?:[ \t]+(?P<key>[a-z]+)=(?P<value>[A-Za-z0-9_-]+))?[ \t]*\}\}[ \t]*$", re.M)
SEVERITY_ORDER = {name: index for index, name in enumerate(SEVERITIES)}

Link = Callable[[str], str | None]  # a service, team or runbook path -> its URL from this page


@dataclass(frozen=True)
class Request:
    line: int  # 1-based, in the Markdown given
    key: str  # "", "severity" or "service"
    value: str


def requests(markdown: str) -> list[Request]:
    """Every ``{{ alerts ... }}`` line outside fenced code."""
    matches = ((number, MARKER.match(line)) for number, line in lines_outside_code(markdown))
    return [Request(number, m.group("key") or "", m.group("value") or "") for number, m in matches if m]


def replace_requests(markdown: str, render: Callable[[Request], str]) -> str:
    lines = markdown.split("\n")
    for request in reversed(requests(markdown)):
        lines[request.line - 1] = render(request)
    return "\n".join(lines)


def sort_alerts(alerts: Sequence[Alert]) -> list[Alert]:
    return sorted(alerts, key=lambda a: (SEVERITY_ORDER.get(a.severity, 9), a.service, a.name))


def severity_cell(alert: Alert) -> str:
    return f"{alert.severity} ({SEVERITIES[alert.severity]})"


def runbook_cell(runbook_title: str | None, href: str | None, fragment: str) -> str:
    if not href:
        return "—"
    text = md_text(runbook_title or "runbook")
    return f"[{text}]({href}{'#' + fragment if fragment else ''})"


def service_cell(service: str, link: Link) -> str:
    if service == PLATFORM:
        return "platform"
    href = link(service)
    return f"[{service}]({href})" if href else service


@dataclass(frozen=True)
class RunbookLinks:
    """Where each alert's runbook is, as the page being rendered sees it."""

    title_of: Mapping[str, str]  # alert -> its runbook's title
    href_of: Link  # alert -> URL of its runbook page, relative to the page
    fragment_of: Mapping[str, str]  # alert -> section anchor, or ""


def alert_table(alerts: Sequence[Alert], runbooks: RunbookLinks, service_link: Link | None = None) -> str:
    """One row per alert: name, severity (or service), how long it must hold, summary, runbook."""
    if not alerts:
        return "*No alert rules yet.*\n"
    by_service = service_link is not None
    head = (
        "| Alert | Service | For | Summary | Runbook |"
        if by_service
        else "| Alert | Severity | For | Summary | Runbook |"
    )
    rows = [head, "|---|---|---|---|---|"]
    for alert in sort_alerts(alerts):
        second = service_cell(alert.service, service_link) if service_link else severity_cell(alert)
        link = runbook_cell(
            runbooks.title_of.get(alert.name),
            runbooks.href_of(alert.name),
            runbooks.fragment_of.get(alert.name, ""),
        )
        rows.append(f"| `{alert.name}` | {second} | {alert.duration} | {md_text(alert.summary)} | {link} |")
    return "\n".join(rows) + "\n"


def runbook_alerts(alerts: Sequence[Alert], service_link: Link) -> str:
    """A runbook's own alerts: a table, then each alert's PromQL in a tab of its own."""
    if not alerts:
        return "*This runbook covers no alert.*\n"
    rows = ["| Alert | Severity | Service | For | Summary |", "|---|---|---|---|---|"]
    ordered = sort_alerts(alerts)
    for alert in ordered:
        rows.append(
            f"| `{alert.name}` | {severity_cell(alert)} | {service_cell(alert.service, service_link)} | "
            f"{alert.duration} | {md_text(alert.summary)} |"
        )
    tabs = []
    for alert in ordered:
        body = "\n".join("        " + line if line else "" for line in alert.expr.split("\n"))
        tabs.append(f'=== "{alert.name}"\n\n    ```promql\n{body}\n    ```\n')
    lead = "The expression of each alert, as Prometheus evaluates it (paste it into Grafana Explore):\n"
    table = '<div class="hub-alerts" markdown>\n\n' + "\n".join(rows) + "\n\n</div>\n"
    return table + "\n" + lead + "\n" + "\n".join(tabs)


def runbooks_index(
    runbooks: Sequence[Runbook],
    alerts: Mapping[str, Alert],
    owners: Mapping[str, str],
    runbook_link: Link,
    service_link: Link,
    team_link: Link,
    fragment_of: Mapping[str, str],
) -> str:
    """The runbooks by service and by alert, for the runbooks' index page."""
    ordered = sorted(runbooks, key=lambda r: r.title.lower())
    out = ["## By service", "", "| Service | Owning team | Runbooks |", "|---|---|---|"]
    services = sorted({s for r in runbooks for s in r.services}, key=lambda s: (s == PLATFORM, s))
    for service in services:
        team = owners.get(service, "")
        team_cell = f"[{team}]({team_link(team)})" if team and team_link(team) else (team or "—")
        links = ", ".join(f"[{md_text(r.title)}]({runbook_link(r.path)})" for r in ordered if service in r.services)
        out.append(f"| {service_cell(service, service_link)} | {team_cell} | {links} |")
    # Out of the search index, as every alert table: a search for an alert finds its runbook.
    out += ["", "## By alert", "", '<div class="hub-alerts" data-search-exclude markdown>', ""]
    out += ["| Alert | Severity | Service | Runbook |", "|---|---|---|---|"]
    runbook_of = {name: r for r in runbooks for name in r.alerts}
    for alert in sort_alerts(list(alerts.values())):
        runbook = runbook_of.get(alert.name)
        fragment = fragment_of.get(alert.name, "")
        link = (
            f"[{md_text(runbook.title)}]({runbook_link(runbook.path)}{'#' + fragment if fragment else ''})"
            if runbook
            else "—"
        )
        out.append(
            f"| `{alert.name}` | {severity_cell(alert)} | {service_cell(alert.service, service_link)} | {link} |"
        )
    return "\n".join([*out, "", "</div>"]) + "\n"


@dataclass(frozen=True)
class Contact:
    """An owning team as the Escalation section shows it (from teams.yaml)."""

    team: str
    lead: str
    rotation: str
    channel: str
    href: str | None  # its team page, relative to the runbook


def escalation_table(contacts: Sequence[Contact]) -> str:
    """Who owns what this runbook covers: generated under the runbook's Escalation heading."""
    if not contacts:
        return ""
    rows = ["| Owning team | Lead | PagerDuty rotation | Channel |", "|---|---|---|---|"]
    for contact in contacts:
        team = f"[{contact.team}]({contact.href})" if contact.href else contact.team
        rows.append(f"| {team} | {md_text(contact.lead)} | `{contact.rotation}` | `{contact.channel}` |")
    return "\n".join(rows) + "\n"


def insert_under_heading(markdown: str, heading: str, block: str) -> str:
    """``block`` right under the first level-2 ``heading`` outside fenced code (unchanged if absent)."""
    lines = markdown.split("\n")
    for number, line in lines_outside_code(markdown):
        if line.rstrip() == f"## {heading}":
            rest = lines[number:]
            rest = rest if rest and not rest[0].strip() else ["", *rest]
            return "\n".join([*lines[:number], "", block.rstrip("\n"), *rest])
    return markdown
