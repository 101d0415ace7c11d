"""A service page that shows a call to another service must list it in dependsOn (catalog/evidence.py)."""

from __future__ import annotations

import re

import pytest

from conftest import AUTH, CATALOG, DOCS, SMALL_HUB, service_record, write_files
from pyairtable_docs.catalog.evidence import (
    INTERNAL_API,
    Endpoint,
    calls_on_page,
    check_dependency_evidence,
    endpoints_from,
    endpoints_in,
    missing_dependencies,
)
from pyairtable_docs.catalog.records import is_service_page, parse_service
from pyairtable_docs.cli import check
from pyairtable_docs.core.codes import coded

PORTS = (("api-gateway", 8080), ("auth-service", 8081), ("scheduler-service", 8087), ("workflow-engine", 8086))
ENDPOINTS = (
    Endpoint("GET", "/.well-known/jwks.json", "auth-service"),
    Endpoint("PUT", "/internal/schedules/{workflowId}", "scheduler-service"),
    Endpoint("GET", "/internal/schedules/{workflowId}/preview", "scheduler-service"),
    Endpoint("GET", "/internal/workflows/{workflowId}/webhook", "workflow-engine"),
    Endpoint("GET", "/healthz", "every-service"),
)
FRONT = "---\nname: {name}\n---\n\n# {name}\n\n"  # the body starts on line 7


def calls(body: str, caller: str = "workflow-engine") -> set[tuple[str, int]]:
    """(callee, line) of each piece of evidence on ``caller``'s page."""
    found = calls_on_page(caller, FRONT.format(name=caller) + body, PORTS, ENDPOINTS)
    return {(call.callee, call.line) for call in found}


def settings(*rows: str) -> str:
    return "## Configuration\n\n| Variable | Default | Meaning |\n|---|---|---|\n" + "\n".join(rows) + "\n"


# ------------------------------------------------------------------ each kind of evidence


@pytest.mark.parametrize(
    "row",
    [
        "| `WORKFLOW_SCHEDULER_URL` | `http://scheduler-service:8087` | Schedules |",  # the URL's host
        "| `SCHEDULES_URL` | `http://localhost:8087` | Schedules |",  # localhost at the service's port
        "| `SCHEDULER_SERVICE_BASE_URL` | none | Schedules |",  # the setting's name
        "| `SCHEDULES_URL` | none | scheduler-service base URL |",  # the description
    ],
    ids=["host", "local-port", "name", "description"],
)
def test_a_url_setting_pointing_at_a_service_is_a_call(row: str) -> None:
    assert calls(settings(row)) == {("scheduler-service", 11)}


def test_a_url_setting_pointing_nowhere_in_the_catalog_is_no_call() -> None:
    rows = settings(
        "| `DATABASE_URL` | `postgres://app:dev@localhost:5432/pyairtable` | PostgreSQL |",
        "| `AIRTABLE_API_BASE_URL` | `https://api.airtable.com/v0` | Airtable |",
        "| `SCHEDULER_TIMEOUT` | `http://scheduler-service:8087` | not a `*_URL` setting |",
    )
    assert calls(rows) == set()


def test_an_endpoint_another_service_owns_is_a_call_on_its_line() -> None:
    body = "Registers schedules\nwith `PUT /internal/schedules/{workflowId}`.\n"
    assert calls(body) == {("scheduler-service", 8)}


def test_concrete_paths_and_query_strings_match_the_contract_template() -> None:
    assert calls("`GET /internal/schedules/wf_1/preview?count=5`\n") == {("scheduler-service", 7)}


def test_a_method_the_contract_does_not_give_that_path_is_no_call() -> None:
    assert calls("`DELETE /internal/workflows/{workflowId}/webhook`\n", caller="api-gateway") == set()


@pytest.mark.parametrize(
    "mention",
    [
        "| `JWKS_URL` | `http://auth-service:8081/.well-known/jwks.json` | JWT verification |",
        "The keys come from auth-service's `/.well-known/jwks.json`.",
        "It fetches `GET http://auth-service:8081/.well-known/jwks.json` every five minutes.",
    ],
    ids=["setting", "bare-path", "url"],
)
def test_fetching_the_jwks_is_a_call_to_auth_service(mention: str) -> None:
    body = settings(mention) if mention.startswith("|") else mention + "\n"
    assert {callee for callee, _ in calls(body, caller="api-gateway")} == {"auth-service"}


# ------------------------------------------------------------------ what is not evidence


def test_a_service_naming_its_own_endpoints_and_url_is_no_call() -> None:
    body = "`PUT /internal/schedules/{workflowId}`\n" + settings(
        "| `PUBLIC_URL` | `http://scheduler-service:8087` | scheduler-service itself |"
    )
    assert calls(body, caller="scheduler-service") == set()


def test_endpoints_every_service_serves_are_no_call() -> None:
    assert calls("Exposes `GET /healthz` and `/healthz`.\n") == set()


def test_a_page_naming_its_callers_is_no_call_to_them() -> None:
    # scheduler-service lists workflow-engine as the caller of its own endpoints: the call goes
    # workflow-engine -> scheduler-service, so the scheduler's page is evidence of nothing.
    body = (
        "## API\n\n| Method and path | Called by | Purpose |\n|---|---|---|\n"
        "| `PUT /internal/schedules/{workflowId}` | workflow-engine "
        "(after `GET /internal/workflows/{workflowId}/webhook`) | Store a schedule |\n"
    )
    assert calls(body, caller="scheduler-service") == set()


def test_the_same_endpoint_in_another_column_is_a_call() -> None:
    body = "| Tool | Backed by |\n|---|---|\n| `preview` | `GET /internal/schedules/{workflowId}/preview` |\n"
    assert calls(body) == {("scheduler-service", 9)}


def test_fenced_code_and_the_sections_people_run_are_no_call() -> None:
    body = (
        "```bash\ncurl http://scheduler-service:8087/internal/schedules/wf_1\n`PUT /internal/schedules/{x}`\n```\n\n"
        "## Running locally\n\nCheck `GET /internal/schedules/{workflowId}/preview`.\n\n"
        "## Operating it\n\n### Common failures\n\nAsk `GET /internal/schedules/{workflowId}/preview`.\n"
    )
    assert calls(body) == set()


def test_evidence_after_a_people_section_counts_again() -> None:
    body = "## Operating it\n\nRun things.\n\n## Scheduling\n\n`PUT /internal/schedules/{workflowId}`\n"
    assert calls(body) == {("scheduler-service", 13)}


# ------------------------------------------------------------------ warnings


def pages_of(*services_and_bodies: tuple[object, str]) -> dict[str, str]:
    return {service.path: FRONT.format(name=service.name) + body for service, body in services_and_bodies}


def test_a_listed_dependency_gives_no_warning() -> None:
    engine = service_record("workflow-engine", depends_on=("scheduler-service",))
    scheduler = service_record("scheduler-service")
    body = "`PUT /internal/schedules/{workflowId}`\n"
    assert missing_dependencies([engine, scheduler], pages_of((engine, body)), ENDPOINTS) == []


def test_each_piece_of_evidence_without_the_dependency_is_one_warning_naming_file_and_line() -> None:
    engine, scheduler = service_record("workflow-engine"), service_record("scheduler-service", port=8087)
    body = "`PUT /internal/schedules/{workflowId}`\n\n" + settings(
        "| `WORKFLOW_SCHEDULER_URL` | `http://scheduler-service:8087` | Schedules |"
    )
    display = {engine.path: "docs/" + engine.path}
    problems = missing_dependencies([engine, scheduler], pages_of((engine, body)), ENDPOINTS, display)
    assert [str(p) for p in problems] == [
        coded(
            "CAT011",
            f"docs/{CATALOG}workflow-engine.md:7: dependsOn: workflow-engine calls scheduler-service "
            "(`PUT /internal/schedules/{workflowId}` is served by scheduler-service) but does not list it; "
            "add `- scheduler-service` to dependsOn",
        ),
        coded(
            "CAT011",
            f"docs/{CATALOG}workflow-engine.md:13: dependsOn: workflow-engine calls scheduler-service "
            "(setting `WORKFLOW_SCHEDULER_URL` = `http://scheduler-service:8087`) but does not list it; "
            "add `- scheduler-service` to dependsOn",
        ),
    ]


def test_the_contract_gives_each_operation_its_one_tag_as_owner() -> None:
    document = {
        "paths": {
            "/internal/a": {"get": {"tags": ["a-service"]}, "parameters": [], "post": {"tags": ["x", "y"]}},
            "/internal/b": None,
            "/internal/c": {"put": "not an operation"},
        }
    }
    assert endpoints_from(document) == (Endpoint("GET", "/internal/a", "a-service"),)
    assert endpoints_from(["not", "a", "mapping"]) == ()


@pytest.mark.parametrize("contract", [None, "paths: [unclosed", "just text", ""])
def test_a_missing_or_unreadable_contract_leaves_the_url_evidence(contract: str | None) -> None:
    engine, scheduler = service_record("workflow-engine"), service_record("scheduler-service", port=8087)
    body = "`PUT /internal/schedules/{workflowId}`\n\n" + settings(
        "| `WORKFLOW_SCHEDULER_URL` | `http://scheduler-service:8087` | Schedules |"
    )
    problems = check_dependency_evidence([engine, scheduler], pages_of((engine, body)), contract)
    assert [p.line for p in problems] == [13]


# ------------------------------------------------------------------ the real docs and the command


def real_catalog() -> tuple[list, dict[str, str], str | None]:
    services, pages = [], {}
    for path in sorted(DOCS.rglob("*.md")):
        src = path.relative_to(DOCS).as_posix()
        if is_service_page(src):
            pages[src] = path.read_text(encoding="utf-8")
            services.append(parse_service(src, pages[src])[0])
    contract = DOCS / INTERNAL_API
    return services, pages, contract.read_text(encoding="utf-8") if contract.is_file() else None


def test_the_rule_catches_the_two_misses_of_issue_14_on_the_real_pages() -> None:
    services, pages, contract = real_catalog()
    ports = tuple(sorted((s.name, s.port) for s in services))
    endpoints = endpoints_in(contract) if contract else ()
    evidence = {(c.caller, c.callee) for s in services for c in calls_on_page(s.name, pages[s.path], ports, endpoints)}
    assert ("workflow-engine", "scheduler-service") in evidence
    jwks_users = {s.name for s in services if re.search(r"^\| `JWKS_URL` \|", pages[s.path], re.M)}
    assert jwks_users and {(user, "auth-service") for user in jwks_users} <= evidence


def test_the_real_pages_list_every_service_they_call() -> None:
    services, pages, contract = real_catalog()
    assert [str(p) for p in check_dependency_evidence(services, pages, contract)] == []


def test_the_check_command_reports_a_missing_dependency(tmp_path) -> None:
    docs = write_files(tmp_path / "docs", SMALL_HUB)
    page = docs / AUTH
    page.write_text(page.read_text() + "\n" + settings("| `GATEWAY_URL` | `http://api-gateway:8080` | The gateway |"))
    line = page.read_text().splitlines().index("| `GATEWAY_URL` | `http://api-gateway:8080` | The gateway |") + 1
    assert [str(p) for p in check(docs) if p.field == "dependsOn"] == [
        coded(
            "CAT011",
            f"docs/{AUTH}:{line}: dependsOn: auth-service calls api-gateway "
            "(setting `GATEWAY_URL` = `http://api-gateway:8080`) but does not list it; "
            "add `- api-gateway` to dependsOn",
        )
    ]


# ------------------------------------------------------------------ the build


def test_a_missing_dependency_fails_the_strict_build_naming_file_and_line(small_hub, caplog) -> None:
    row = "| `GATEWAY_URL` | `http://api-gateway:8080` | The gateway |"
    small_hub.edit(AUTH, "# Auth Service\n\nIssues tokens.\n", "# Auth Service\n\nIssues tokens.\n\n" + settings(row))
    line = (small_hub.docs / AUTH).read_text().splitlines().index(row) + 1
    messages = [m for m in small_hub.build_fails(caplog) if "dependsOn" in m]
    assert messages == [
        "pyairtable_docs: "
        + coded(
            "CAT011",
            f"docs/{AUTH}:{line}: dependsOn: auth-service calls api-gateway "
            "(setting `GATEWAY_URL` = `http://api-gateway:8080`) but does not list it; "
            "add `- api-gateway` to dependsOn",
        )
    ]
