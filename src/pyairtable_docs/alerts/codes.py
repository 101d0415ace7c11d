"""The codes of the alerting checks: alert rules (ALR) and runbooks (RUN), each with a bad example."""

from __future__ import annotations

from pyairtable_docs.core.codes import Code, Example

RULES = "SCHEMAS/observability/rules/"
RUNBOOKS = "GUIDES/operations-guide/runbooks/"
RUNBOOK_URL = "https://pyairtable.github.io/pyairtable-docs/" + RUNBOOKS

CODES: tuple[Code, ...] = (
    Code(
        "ALR001",
        "An alert's `expr` is not valid PromQL.",
        "Correct the expression at the position the message names: brackets and parentheses must pair, "
        "label matchers go inside `{...}`, a range such as `[5m]` follows a selector. "
        "Try it in Prometheus' expression browser first.",
        (
            Example(
                RULES + "embedding-service.yaml",
                'outcome!="ok"}[5m])\n',
                replaces='outcome!="ok"}[5m]))\n',
            ),
        ),
    ),
    Code(
        "ALR002",
        "Two alert rules have the same `alert` name.",
        "Alert names are unique across every rules file: Alertmanager, the runbooks and the alert tables "
        "tell alerts apart by name. Rename the new alert (UpperCamelCase, naming what it measures), or "
        "delete the copy.",
        (
            Example(
                RULES + "example-airtable-quota.yaml",
                "groups:\n"
                "  - name: airtable-quota\n"
                "    rules:\n"
                "      - alert: AirtableUpstream429\n"
                "        expr: |\n"
                '          sum(rate(airtable_upstream_429_total{namespace="pyairtable-prod"}[5m])) * 60 > 5\n'
                "        for: 5m\n"
                "        labels:\n"
                "          severity: critical\n"
                "          service: airtable-gateway\n"
                "        annotations:\n"
                "          summary: Airtable answers more than 5 requests per minute from airtable-gateway with 429.\n"
                f"          runbook_url: {RUNBOOK_URL}airtable-rate-limit/\n",
            ),
        ),
    ),
    Code(
        "ALR003",
        "An alert's `labels.service` is not a service of the catalog (nor `platform`).",
        "Write the service's catalog name (the `name` of its page under `ARCHITECTURE/service-catalog/`), "
        "or `platform` for a rule about shared infrastructure that infra-team owns.",
        (
            Example(
                RULES + "mcp-server.yaml",
                "severity: critical\n          service: mcp-servers\n",
                replaces="severity: critical\n          service: mcp-server\n",
            ),
        ),
    ),
    Code(
        "ALR004",
        "A service has alert rules but its catalog page has no `{{ alerts }}` line to show them.",
        "Put a line holding only `{{ alerts }}` on the service's page where its alerts belong (usually "
        "under its monitoring section); the build replaces it with the table of the service's alerts.",
        (
            Example(
                "ARCHITECTURE/service-catalog/metrics-collector.md",
                "Debugging:",
                replaces="{{ alerts }}\n\nDebugging:",
            ),
        ),
    ),
    Code(
        "ALR005",
        "An `{{ alerts ... }}` line asks for a table the build cannot make.",
        "Write `{{ alerts }}` alone on a service page or a runbook; anywhere else choose the alerts with "
        "`severity=critical` or `severity=warning`, `service=` and a catalog service, or `team=` and a "
        "team that owns a service.",
        (
            Example(
                "GUIDES/operations-guide/example-paging-alerts.md", "# Alerts that page\n\n{{ alerts severity=page }}\n"
            ),
        ),
        via="build",
    ),
    Code(
        "ALR006",
        "An alert's `runbook_url` does not lead to a runbook page of this site.",
        f"Write the runbook's published address: the site's URL, then the page's path without `.md`, ending in "
        f"`/` (for `docs/{RUNBOOKS}redis-memory.md`, `{RUNBOOK_URL}redis-memory/`). No query string; "
        "`https`, as the site is published.",
        (
            Example(
                RULES + "report-generator.yaml",
                "runbook_url: http://pyairtable.github.io/pyairtable-docs/" + RUNBOOKS + "reports-stuck-or-failing/",
                replaces="runbook_url: " + RUNBOOK_URL + "reports-stuck-or-failing/",
            ),
        ),
    ),
    Code(
        "ALR007",
        "A critical alert's `runbook_url` points at a section of a runbook.",
        "A critical alert pages someone, who starts from the top of its runbook: link the whole page "
        "(remove the `#...` part). Only warnings may link to a section.",
        (
            Example(
                RULES + "frontend.yaml",
                "runbooks/frontend-errors/#diagnosis\n",
                replaces="runbooks/frontend-errors/\n",
            ),
        ),
    ),
    Code(
        "ALR008",
        "An alert's `runbook_url` leads to a runbook whose front matter `alerts` does not list the alert.",
        "Add the alert's name to the `alerts` list at the top of that runbook, or point `runbook_url` at "
        "the runbook that handles it.",
        (
            Example(
                RULES + "example-airtable-quota-warning.yaml",
                "groups:\n"
                "  - name: airtable-quota-warning\n"
                "    rules:\n"
                "      - alert: AirtableQuotaNearlyUsed\n"
                "        expr: |\n"
                '          sum(rate(airtable_upstream_429_total{namespace="pyairtable-prod"}[15m])) * 60 > 1\n'
                "        for: 15m\n"
                "        labels:\n"
                "          severity: warning\n"
                "          service: airtable-gateway\n"
                "        annotations:\n"
                "          summary: Airtable answers some requests from airtable-gateway with 429.\n"
                f"          runbook_url: {RUNBOOK_URL}airtable-rate-limit/\n",
            ),
        ),
    ),
    Code(
        "ALR009",
        "An alert's `runbook_url` names a section (`#...`) its runbook does not have.",
        "Use the anchor of an existing heading of the runbook: the heading's text in lower case, spaces "
        "as `-`, punctuation dropped (the message suggests the nearest), or give the heading an "
        "explicit id (`## Parse jobs killed { #fileprocessorparsekilled }`).",
        (
            Example(
                RULES + "file-processor.yaml",
                "#fileprocessor-parse-killed\n",
                replaces="#fileprocessorparsekilled\n",
            ),
        ),
    ),
    Code(
        "RUN001",
        "A runbook does not start with YAML front matter.",
        "Start the page with the front matter every runbook has (copy it from a neighbour): `alerts` and "
        "`services` it covers, `last_reviewed` and `review_every`, between two `---` lines.",
        (
            Example(
                RUNBOOKS + "example-cache-warm-up.md",
                "# Cache warm-up after a deploy\n\n"
                "## Symptoms\n\nAirtable calls rise for ten minutes after a deploy.\n",
            ),
        ),
    ),
    Code(
        "RUN002",
        "A runbook lacks one of the sections Symptoms, Impact, Diagnosis, Mitigation, Escalation.",
        "Add the missing `## ...` heading with its text, spelt exactly so: on-call engineers jump to these "
        "sections by name. Other sections (Verification, Follow-up, Related warnings) are optional.",
        (Example(RUNBOOKS + "redis-memory.md", "## Business impact\n", replaces="## Impact\n"),),
    ),
    Code(
        "RUN003",
        "A runbook's required sections are not in the order Symptoms, Impact, Diagnosis, Mitigation, Escalation.",
        "Move the sections into that order; optional sections may sit between them.",
        (
            Example(
                RUNBOOKS + "retention-purge-stale.md",
                "## Impact\n\n- The alert names",
                replaces="## Symptoms\n\n- The alert names",
            ),
            Example(
                RUNBOOKS + "retention-purge-stale.md",
                "users. Tables of the service grow a little faster than usual.\n\n## Symptoms\n",
                replaces="users. Tables of the service grow a little faster than usual.\n\n## Impact\n",
            ),
        ),
    ),
    Code(
        "RUN004",
        "A runbook has the same required section twice.",
        "Merge the two sections into one, or rename the second (for example `## Verification`).",
        (Example(RUNBOOKS + "pods-crash-looping.md", "## Mitigation\n", replaces="## Verification\n"),),
    ),
    Code(
        "RUN005",
        "A runbook's title holds `:` or `\"`, which the site's search reads as query syntax.",
        "Reword the title without them, for example with a dash or `and`: an engineer who types the title "
        "into the search box should find the runbook.",
        (
            Example(
                RUNBOOKS + "usage-metering.md",
                "# Usage metering: events rejected or behind\n",
                replaces="# Usage metering rejecting events or falling behind\n",
            ),
        ),
    ),
    Code(
        "RUN006",
        "A runbook's `alerts` names an alert no rules file defines.",
        "Write the alert's exact name (the `alert:` of its rule under `SCHEMAS/observability/rules/`), or "
        "add the rule first.",
        (
            Example(
                RUNBOOKS + "slo-burn-rate.md",
                "alerts: [SLOFastBurn, SLOSlowBurn, SLOBudgetExhausted]\n",
                replaces="alerts: [SLOFastBurn, SLOSlowBurn]\n",
            ),
        ),
        alone=True,  # a rules file that is not YAML (FMT) hides which names exist, so this is not reported
    ),
    Code(
        "RUN007",
        "A runbook's `alerts` lists an alert whose `runbook_url` leads to another page.",
        "Each alert has one runbook: remove the alert from this list, or change the alert's `runbook_url` "
        "to this runbook (and remove it from the other runbook's list).",
        (
            Example(
                RUNBOOKS + "postgres-connections.md",
                "alerts: [PostgresConnectionsHigh, KubePodCrashLooping]\n",
                replaces="alerts: [PostgresConnectionsHigh]\n",
            ),
        ),
    ),
    Code(
        "RUN008",
        "A runbook's `services` names something that is not a catalog service (nor `platform`).",
        "List catalog service names only (the `name` of each page under `ARCHITECTURE/service-catalog/`), "
        "or `platform` for shared infrastructure; mention other systems in the text.",
        (
            Example(
                RUNBOOKS + "notification-smtp-failures.md",
                "services: [notification-service, smtp-relay]\n",
                replaces="services: [notification-service]\n",
            ),
        ),
    ),
    Code(
        "RUN009",
        "A runbook's `services` leaves out the service of one of its alerts.",
        "Add the alert's `labels.service` to `services`: the runbook's Escalation section and the service "
        "pages' alert tables follow it.",
        (
            Example(
                RUNBOOKS + "reports-stuck-or-failing.md",
                "services: [report-generator]\n",
                replaces="services: [analytics-service, report-generator]\n",
            ),
        ),
    ),
    Code(
        "RUN010",
        "A runbook's Escalation section does not name a team that owns one of its services.",
        "Name each owning team (the catalog's `owner` of each service in `services`) in the Escalation "
        "section, with how to reach it.",
        (
            Example(
                RUNBOOKS + "airtable-watch-poll-stalled.md",
                "- The poller's team (Priya Raman):",
                replaces="- The poller belongs to integrations-team (Priya Raman):",
            ),
        ),
    ),
)
