"""Alert rules (Prometheus rule files under SCHEMAS/observability/rules/) as typed records.

A rules file is read, validated against the JSON Schema kept beside the rules
(alert-rules.schema.json) and its expressions parsed as PromQL; every problem is one
Problem naming the file, the line and the alert. Checks that need the other files
(names unique across files, services in the catalog) take what they need as arguments.
Pure: nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pyairtable_docs.core.problems import Problem, did_you_mean
from pyairtable_docs.core.structured import ItemShape, node_lines, schema_problems
from pyairtable_docs.schemas.records import load_yaml

RULES_DIR = "SCHEMAS/observability/rules/"
RULES_SCHEMA = "SCHEMAS/observability/alert-rules.schema.json"
SEVERITIES = {"critical": "pages", "warning": "ticket"}  # severity -> what it does to on-call
PLATFORM = "platform"  # the service label of the rules no single service owns (infra-team's)


@dataclass(frozen=True)
class Alert:
    name: str
    severity: str
    service: str
    expr: str
    duration: str  # the rule's `for`
    summary: str
    runbook_url: str
    source: str  # docs-relative path of its rules file
    line: int


def is_rules_file(src_uri: str) -> bool:
    return src_uri.startswith(RULES_DIR) and src_uri.endswith((".yaml", ".yml"))


def parse_rules(src: str, text: str, schema: Mapping[str, Any], display: str) -> tuple[list[Alert], list[Problem]]:
    """The alerts of one rules file, and every problem in it."""
    data, problems = load_yaml(text, display)
    if problems:
        return [], problems
    lines = node_lines(text)
    problems, broken_rules = schema_problems(data, schema, display, lines, RULE)
    alerts = []
    for (g, r), rule in _rules(data):
        if ("groups", g, "rules", r) in broken_rules or None in broken_rules:  # None: the file's shape is broken
            continue
        alert = Alert(
            name=rule["alert"],
            severity=rule["labels"]["severity"],
            service=rule["labels"]["service"],
            expr=rule["expr"].strip(),
            duration=rule["for"],
            summary=rule["annotations"]["summary"].strip(),
            runbook_url=rule["annotations"]["runbook_url"].strip(),
            source=src,
            line=lines.get(("groups", g, "rules", r), 1),
        )
        error = promql_error(alert.expr)
        if error:
            where = lines.get(("groups", g, "rules", r, "expr"), alert.line)
            problems.append(
                Problem(display, f"alert {alert.name}: expr", f"is not valid PromQL: {error}", where, "ALR001")
            )
        alerts.append(alert)
    return alerts, problems


def promql_error(expr: str) -> str | None:
    """Why ``expr`` is not PromQL, or None; parsed by promql-parser, the PromQL grammar of
    Prometheus compiled for Python (no Prometheus server needed)."""
    import promql_parser

    try:
        promql_parser.parse(expr)
    except ValueError as error:
        return str(error).splitlines()[0] if str(error) else "cannot be parsed"
    return None


RULE = ItemShape(("groups", "rules"), "alert", "alert {name}", "rule {number} of group {parent}")


def _rules(data: Any) -> Iterable[tuple[tuple[int, int], Mapping[str, Any]]]:
    groups = data.get("groups") if isinstance(data, dict) else None
    for g, group in enumerate(groups if isinstance(groups, list) else []):
        rules = group.get("rules") if isinstance(group, dict) else None
        for r, rule in enumerate(rules if isinstance(rules, list) else []):
            if isinstance(rule, dict):
                yield (g, r), rule


def check_alerts(alerts: Sequence[Alert], services: Iterable[str], display: Mapping[str, str]) -> list[Problem]:
    """Alert names unique across files; every alert's service in the catalog (or platform)."""
    known = sorted(set(services) | {PLATFORM})
    problems = []
    first: dict[str, Alert] = {}
    for alert in alerts:
        shown = display.get(alert.source, alert.source)
        if alert.name in first:
            other = first[alert.name]
            where = f"{display.get(other.source, other.source)}:{other.line}"
            problems.append(
                Problem(shown, f"alert {alert.name}", f"is defined twice (also at {where})", alert.line, "ALR002")
            )
        else:
            first[alert.name] = alert
        if alert.service not in known:
            problems.append(
                Problem(
                    shown,
                    f"alert {alert.name}: labels.service",
                    f"{alert.service!r} is not a catalog service (nor {PLATFORM!r})"
                    + did_you_mean(alert.service, known),
                    alert.line,
                    "ALR003",
                )
            )
    return problems


def by_name(alerts: Iterable[Alert]) -> dict[str, Alert]:
    """Each alert by name (the first definition of a duplicated name, which is reported)."""
    named: dict[str, Alert] = {}
    for alert in alerts:
        named.setdefault(alert.name, alert)
    return named


def alert_names(text: str) -> list[tuple[str, tuple[int, int], int]] | None:
    """Every alert name a rules file writes, read leniently (a rule with other problems still
    names its alert), with its (group, rule) index and line; None when the text is not YAML."""
    from pyairtable_docs.schemas.records import load_yaml

    data, problems = load_yaml(text, "")
    if problems:
        return None
    lines = node_lines(text)
    return [
        (rule["alert"], (g, r), lines.get(("groups", g, "rules", r, "alert"), 1))
        for (g, r), rule in _rules(data)
        if isinstance(rule.get("alert"), str)
    ]
