"""The drift check's pure logic: each kind of contract name resolves, or is reported with
its line and the nearest known name; the allow-list; the payload and status conventions.

The contracts here are small hand-made ones, so each test states exactly what exists.
"""

from __future__ import annotations

import json

import pytest

from pyairtable_docs.core.codes import coded
from pyairtable_docs.drift.contracts import load_registry
from pyairtable_docs.drift.markdown_blocks import blocks
from pyairtable_docs.drift.names import check_page
from pyairtable_docs.drift.scan import ALLOW_SHOWN, load_allow_list, message, scan

OPENAPI = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /items/{itemId}:
    get:
      responses:
        "200": {description: ok, headers: {X-RateLimit-Remaining: {schema: {type: integer}}}}
        "404": {description: gone, content: {application/problem+json: {example: {type: "https://x/problems/not-found"}}}}
  /items:
    post:
      parameters: [{name: Idempotency-Key, in: header, schema: {type: string}}]
      responses: {"201": {description: made}}
"""
INTERNAL = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /internal/things/{thingId}:
    put:
      tags: [thing-service]
      parameters: [{name: X-Workspace-Id, in: header, required: true, schema: {type: string}}]
      responses: {"204": {description: stored}}
"""
TOPICS = {
    "envelope": {},
    "topics": [
        {
            "name": "thing.lifecycle",
            "eventTypes": [
                {"type": "thing.created", "description": "d"},
                {"type": "thing.deleted", "description": "d"},
            ],
            "payload": {
                "type": "object",
                "properties": {"thingId": {"type": "string"}, "owner": {"type": "object", "properties": {"id": {}}}},
            },
        }
    ],
}
KEYSPACE = '- {pattern: "thing:lock:{thingId}", owner: thing-service, type: string, ttl: "30s"}\n'
SQL = """-- owner: thing-service
-- schema: things
create table things.things (id uuid primary key, name text);
create view things.things_v as select id from things.things;
"""
GRAPHQL = "type Query { thing(id: ID!): Thing }\ntype Thing { id: ID!  name: String }\n"
SERVICE = """---
name: thing-service
repository: pyairtable-things
---
# Thing Service

{{ alerts }}
"""
RULES = """groups:
  - name: thing-service
    rules:
      - alert: ThingLockStuckHigh
        expr: max(thing_lock_age_seconds) > 300
        for: 5m
        labels: {severity: critical, service: thing-service}
        annotations: {summary: A thing lock is held for over 5 minutes., runbook_url: "https://x/r/"}
"""
CONTRACTS = {
    "SCHEMAS/api/openapi.yaml": OPENAPI,
    "SCHEMAS/api/internal.yaml": INTERNAL,
    "SCHEMAS/events/kafka-topics.json": json.dumps(TOPICS),
    "SCHEMAS/database/redis/keyspace.yaml": KEYSPACE,
    "SCHEMAS/database/postgres/things.sql": SQL,
    "SCHEMAS/api/graphql.schema": GRAPHQL,
    "ARCHITECTURE/service-catalog/thing-service.md": SERVICE,
    "ARCHITECTURE/decisions/001-use-things.md": "# ADR-001\n",
    "SCHEMAS/observability/rules/thing-service.yaml": RULES,
}

WHY_ALLOWED = "why the pages name it although no contract has it"


@pytest.fixture(scope="module")
def registry():
    found, problems = load_registry(CONTRACTS, {})
    assert problems == []
    return found


def refs(registry, markdown: str, src: str = "GUIDES/page.md") -> list[tuple[str, str, int, bool, str]]:
    return [(r.kind, r.name, r.line, r.known, r.nearest) for r in check_page(src, markdown, registry)]


@pytest.mark.parametrize(
    ("written", "kind", "name"),
    [
        ("`thing.created`", "event type", "thing.created"),
        ("`thing.lifecycle`", "event type", "thing.lifecycle"),
        ("`thing.created.owner.id`", "payload field", "thing.created.owner.id"),
        ("`GET /api/v1/items/{itemId}`", "operation", "GET /api/v1/items/{itemId}"),
        ("`POST /items`", "operation", "POST /items"),
        ("`PUT /internal/things/{thingId}`", "operation", "PUT /internal/things/{thingId}"),
        ("`PUT https://api.pyairtable.app/internal/things/42`", "operation", "PUT /internal/things/42"),
        ("`/api/v1/items/*`", "operation", "/api/v1/items/*"),
        ("`X-RateLimit-Remaining`", "header", "X-RateLimit-Remaining"),
        ("`Idempotency-Key: 7`", "header", "Idempotency-Key"),
        ("`x-workspace-id`", "header", "x-workspace-id"),
        ("`ThingLockStuckHigh`", "alert", "ThingLockStuckHigh"),
        ("`thing:lock:{thingId}`", "Redis key", "thing:lock:{thingId}"),
        ("`thing:lock:*`", "Redis key", "thing:lock:*"),
        ("`thing:`", "Redis key", "thing:"),
        ("`things.things`", "Postgres name", "things.things"),
        ("`things.things_v`", "Postgres name", "things.things_v"),
        ("`things.things.name`", "Postgres name", "things.things.name"),
        ("`Thing.name`", "GraphQL name", "Thing.name"),
        ("`thing-service`", "service", "thing-service"),
        ("ADR-001", "ADR", "ADR-001"),
    ],
)
def test_a_name_its_contract_defines_resolves(registry, written: str, kind: str, name: str) -> None:
    assert refs(registry, f"Intro.\n\nSee {written} here.\n") == [(kind, name, 3, True, "")]


@pytest.mark.parametrize(
    ("written", "kind", "name", "nearest"),
    [
        ("`thing.creatd`", "event type", "thing.creatd", "thing.created"),
        ("`thing.created.ownr`", "payload field", "thing.created.ownr", "owner"),
        ("`GET /api/v1/item/{itemId}`", "operation", "GET /api/v1/item/{itemId}", "GET /api/v1/items/{itemId}"),
        (
            "`DELETE /internal/things/{thingId}`",
            "operation",
            "DELETE /internal/things/{thingId}",
            "PUT /internal/things/{thingId}",
        ),
        ("`X-RateLimit-Remaning`", "header", "X-RateLimit-Remaning", "X-RateLimit-Remaining"),
        ("`ThingLockStuckHi`", "alert", "ThingLockStuckHi", "ThingLockStuckHigh"),
        ("`thing:locks:{thingId}`", "Redis key", "thing:locks:{thingId}", "thing:lock:{thingId}"),
        ("`things.thing`", "Postgres name", "things.thing", "things.things"),
        ("`things.things.nam`", "Postgres name", "things.things.nam", "name"),
        ("`Thing.nme`", "GraphQL name", "Thing.nme", "name"),
        ("`thing-servce`", "service", "thing-servce", "thing-service"),
        ("ADR-003", "ADR", "ADR-003", "ADR-001"),
    ],
)
def test_an_unknown_name_is_reported_with_its_line_and_the_nearest_known_name(
    registry, written: str, kind: str, name: str, nearest: str
) -> None:
    assert refs(registry, f"Intro.\n\nFirst line,\nthen {written} here.\n") == [(kind, name, 4, False, nearest)]


@pytest.mark.parametrize(
    "written",
    [
        "`mkdocs.yml`",  # a file name
        "`api.pyairtable.app`",  # a host
        "`pyairtable-things`",  # a repository, not a service
        "`thing.v1`",  # a versioned package
        "`Content-Type`",  # a standard header no contract declares
        "`GET https://api.airtable.com/v0/appX/tbl`",  # a third-party API
        "`GET /v0/appX/tbl`",  # Airtable's path
        "`NavCache`",  # CamelCase, but not shaped like this catalog's alerts
        "`uv pip install -e .`",
    ],
)
def test_a_name_outside_every_namespace_is_not_checked(registry, written: str) -> None:
    assert refs(registry, f"See {written}.\n") == []


def test_fenced_code_front_matter_and_html_are_not_prose(registry) -> None:
    page = "---\ntitle: `X-Nope`\n---\n\n```bash\ncurl -H 'X-Nope: 1'\n```\n\n<p><code>X-Nope</code></p>\n"
    assert refs(registry, page) == []


def test_admonition_and_tab_bodies_are_prose_with_their_own_lines(registry) -> None:
    page = '# T\n\n!!! note "Careful"\n    Send `X-Nope`.\n\n=== "Tab"\n\n    Then `thing.gone`.\n'
    assert [(r[1], r[2], r[3]) for r in refs(registry, page)] == [("X-Nope", 4, False), ("thing.gone", 8, False)]


def test_table_rows_carry_their_own_line(registry) -> None:
    page = "| Header | H |\n|---|---|\n| `X-Nope` | x |\n| y | `X-Other` |\n"
    assert [(r[1], r[2]) for r in refs(registry, page)] == [("X-Nope", 3), ("X-Other", 4)]


def test_fields_in_a_parenthesis_after_an_event_are_checked_against_its_payload(registry) -> None:
    page = "On `thing.created` (`thingId`, `owner.id` and `colour`) we act.\n"
    assert [(r[0], r[1], r[3]) for r in refs(registry, page)] == [
        ("event type", "thing.created", True),
        ("payload field", "thing.created.thingId", True),
        ("payload field", "thing.created.owner.id", True),
        ("payload field", "thing.created.colour", False),
    ]


def test_a_parenthesis_of_prose_after_an_event_is_not_a_field_list(registry) -> None:
    page = "On `thing.created` (status `a` or `b`) we act.\n"
    assert [r[1] for r in refs(registry, page)] == ["thing.created"]


def test_a_field_table_after_one_event_is_checked_against_its_payload(registry) -> None:
    page = "The payload of `thing.deleted`:\n\n| `data` field | Meaning |\n|---|---|\n"
    page += "| `thingId` | which |\n| `reason` | why |\n"
    assert [(r[1], r[2], r[3]) for r in refs(registry, page) if r[0] == "payload field"] == [
        ("thing.deleted.thingId", 5, True),
        ("thing.deleted.reason", 6, False),
    ]


def test_a_status_code_is_checked_against_the_one_operation_of_its_sentence(registry) -> None:
    page = "`GET /api/v1/items/{itemId}` returns 404 when gone. `POST /items` answers `201` or `409 item-exists`.\n"
    statuses = [(r[1], r[3]) for r in refs(registry, page) if r[0] == "status code"]
    assert statuses == [
        ("404 for GET /api/v1/items/{itemId}", True),
        ("201 for POST /api/v1/items", True),
        ("409 for POST /api/v1/items", False),
    ]
    assert ("problem type", "item-exists", 1, False, "") in refs(registry, page)


def test_a_status_code_in_a_row_is_checked_against_the_rows_operation(registry) -> None:
    page = "| Operation | Errors |\n|---|---|\n| `PUT /internal/things/{thingId}` | `204`, `400 not-found` |\n"
    found = refs(registry, page)
    assert ("status code", "204 for PUT /internal/things/{thingId}", 3, True, "") in found
    assert ("status code", "400 for PUT /internal/things/{thingId}", 3, False, "") in found
    assert ("problem type", "not-found", 3, True, "") in found


def test_the_alert_rules_define_alerts_and_pages_refer_to_them(registry) -> None:
    assert registry.alerts == {"ThingLockStuckHigh": ("SCHEMAS/observability/rules/thing-service.yaml", 4)}
    assert refs(registry, "`ThingLockStuckHigh` fired.\n") == [("alert", "ThingLockStuckHigh", 1, True, "")]


def test_a_hand_written_alert_table_defines_nothing(registry) -> None:
    page = "| Alert | Condition |\n|---|---|\n| `ThingQueueStuckHigh` | never |\n"
    assert refs(registry, page, "ARCHITECTURE/service-catalog/thing-service.md") == [
        ("alert", "ThingQueueStuckHigh", 3, False, "ThingLockStuckHigh")
    ]


def test_blocks_keep_lines_through_front_matter() -> None:
    page = "---\na: 1\nb: 2\n---\n\nText `x`.\n"
    assert [(b.kind, b.line, [s.text for s in b.spans]) for b in blocks(page)] == [("paragraph", 6, ["x"])]


# ---------------------------------------------------------------- the allow-list


def test_an_allow_list_entry_accepts_its_unknown_name_and_is_counted(registry) -> None:
    allow, problems = load_allow_list("- name: X-Legacy\n  reason: removed in phase 2, named on purpose\n", ALLOW_SHOWN)
    assert problems == []
    report = scan({"GUIDES/a.md": "The old `X-Legacy` header.\n"}, registry, allow, {})
    assert report.problems == []
    assert report.allowed["header"] == 1


def test_an_allow_list_entry_without_a_reason_is_a_problem() -> None:
    allow, problems = load_allow_list("- name: X-Legacy\n- name: X-Other\n  reason: '  '\n", ALLOW_SHOWN)
    assert allow == []
    assert [str(p) for p in problems] == [
        coded("DRF004", f"{ALLOW_SHOWN}:1: [0].reason: 'X-Legacy' needs a reason: {WHY_ALLOWED}"),
        coded("DRF004", f"{ALLOW_SHOWN}:2: [1].reason: 'X-Other' needs a reason: {WHY_ALLOWED}"),
    ]


def test_an_unused_allow_list_entry_is_a_problem(registry) -> None:
    allow, _ = load_allow_list("- name: X-Legacy\n  reason: removed\n", ALLOW_SHOWN)
    report = scan({"GUIDES/a.md": "Nothing here.\n"}, registry, allow, {})
    assert [str(p) for p in report.problems] == [
        coded("DRF002", f"{ALLOW_SHOWN}:1: 'X-Legacy': no page needs this entry any more; remove it")
    ]


def test_an_allow_list_entry_limited_to_a_file_does_not_cover_other_pages(registry) -> None:
    allow, _ = load_allow_list("- name: X-Legacy\n  file: MIGRATION/a.md\n  reason: removed\n", ALLOW_SHOWN)
    report = scan(
        {"MIGRATION/a.md": "`X-Legacy`\n", "GUIDES/b.md": "`X-Legacy`\n"},
        registry,
        allow,
        {"GUIDES/b.md": "docs/GUIDES/b.md"},
    )
    assert [p.path for p in report.problems] == ["docs/GUIDES/b.md"]


def test_a_broken_allow_list_is_one_problem_naming_the_file_and_line() -> None:
    allow, problems = load_allow_list("- name: [unclosed\n", ALLOW_SHOWN)
    assert allow == []
    assert len(problems) == 1 and problems[0].path == ALLOW_SHOWN and problems[0].line is not None
    assert problems[0].message.startswith("not valid YAML")


def test_the_message_names_the_kind_the_name_what_it_was_checked_against_and_the_fix(registry) -> None:
    ref = check_page("GUIDES/a.md", "`X-RateLimit-Remaning`\n", registry)[0]
    assert message(ref) == (
        "unknown header `X-RateLimit-Remaning`: not declared in SCHEMAS/api/openapi.yaml or SCHEMAS/api/internal.yaml"
        " (did you mean `X-RateLimit-Remaining`?); fix the name, or add it to the contract"
        f" (or to {ALLOW_SHOWN} with a reason)"
    )


def test_an_unparseable_contract_is_one_problem_and_its_names_go_unchecked() -> None:
    broken = {**CONTRACTS, "SCHEMAS/events/kafka-topics.json": '{"topics": ['}
    registry, problems = load_registry(
        broken, {"SCHEMAS/events/kafka-topics.json": "docs/SCHEMAS/events/kafka-topics.json"}
    )
    assert [(p.path, p.line) for p in problems] == [("docs/SCHEMAS/events/kafka-topics.json", 1)]
    assert "not valid JSON" in problems[0].message
    assert registry.events == {}


def test_a_deployment_named_after_a_service_refers_to_it(registry) -> None:
    assert refs(registry, "Roll `thing-service-next` out.\n") == [("service", "thing-service-next", 1, True, "")]


# ---------------------------------------------------------------- values embedded from contracts


def _load(path: str):
    from pyairtable_docs.drift.embeds import MISSING

    return {"SCHEMAS/events/t.json": TOPICS, "SCHEMAS/k.yaml": [{"pattern": "a:{id}", "ttl": "30s"}]}.get(path, MISSING)


def test_an_embed_is_replaced_by_the_contract_value_items_chosen_by_index_or_name() -> None:
    from pyairtable_docs.drift.embeds import render_embeds

    page = (
        "TTL {{ SCHEMAS/k.yaml#/a:{id}/ttl }}, type {{SCHEMAS/events/t.json#/topics/0/eventTypes/thing.deleted/type}}."
    )
    assert render_embeds(page, _load) == ("TTL 30s, type thing.deleted.", [])


@pytest.mark.parametrize(
    ("embed", "code", "error"),
    [
        ("{{ SCHEMAS/nope.json#/a }}", "DRF005", "no contract file SCHEMAS/nope.json"),
        ("{{ SCHEMAS/k.yaml#/a:{id}/tll }}", "DRF006", "/a:{id}/tll is not in the contract (did you mean 'ttl'?)"),
        (
            "{{ SCHEMAS/k.yaml#/b:{id}/ttl }}",
            "DRF006",
            "/b:{id}: no list item with that index or name (did you mean 'a:{id}'?)",
        ),
        ("{{ SCHEMAS/k.yaml#/0 }}", "DRF007", "/0 is a mapping; embed a single value"),
        ("{{ SCHEMAS/k.yaml#/0/ttl/x }}", "DRF006", "/0/ttl/x: /0/ttl is a single value, not a mapping or list"),
    ],
)
def test_an_embed_that_does_not_resolve_stays_as_written_with_its_line_and_why(
    embed: str, code: str, error: str
) -> None:
    from pyairtable_docs.drift.embeds import render_embeds

    page = f"Title\n\nValue {embed} here.\n"
    assert render_embeds(page, _load) == (page, [(3, code, f"embed {embed}: {error}")])


def test_template_braces_that_name_no_contract_are_left_alone() -> None:
    from pyairtable_docs.drift.embeds import render_embeds

    page = "Subject: {{trigger.record.fields.Title}} and {{ steps.5.output.text }}"
    assert render_embeds(page, _load) == (page, [])


def test_code_shows_an_embed_as_written() -> None:
    from pyairtable_docs.drift.embeds import render_embeds

    embed = "{{ SCHEMAS/k.yaml#/0/ttl }}"
    page = f"Value {embed}, `{embed}`.\n\n```yaml\nttl: {embed}\n```\n\nAgain {embed}.\n"
    assert render_embeds(page, _load) == (
        page.replace(f"Value {embed}", "Value 30s").replace(f"Again {embed}", "Again 30s"),
        [],
    )


def test_a_namespace_without_its_contract_is_not_checked() -> None:
    without_apis = {k: v for k, v in CONTRACTS.items() if not k.startswith("SCHEMAS/api/")}
    bare, _ = load_registry(without_apis, {})
    page = "`GET /healthz`, `PUT /internal/x`, `GET /api/v1/x`, `X-Anything` and `thing.created`.\n"
    assert [(r[0], r[1], r[3]) for r in refs(bare, page)] == [("event type", "thing.created", True)]


def test_an_openapi_extension_field_is_not_a_header(registry) -> None:
    assert refs(registry, "The limit lives in `x-rate-limits`; the header is `X-Rate-Limits`.\n") == [
        ("header", "X-Rate-Limits", 1, False, "X-RateLimit-Remaining")
    ]


# ---------------------------------------------------------------- found by a second reader


@pytest.mark.parametrize(
    ("contract", "text"),
    [
        ("SCHEMAS/api/openapi.yaml", "openapi: 3.1.0\npaths:\n  - /a\n"),  # paths as a list
        ("SCHEMAS/api/openapi.yaml", "openapi: 3.1.0\npaths:\n  /a:\n    200: {}\n"),  # a key that is no method
        ("SCHEMAS/events/kafka-topics.json", '{"topics": [{"name": "thing.x", "payload": {"properties": []}}]}'),
        ("SCHEMAS/events/kafka-topics.json", '{"topics": 3}'),
    ],
)
def test_an_oddly_shaped_contract_never_raises(contract: str, text: str) -> None:
    registry, problems = load_registry({**CONTRACTS, contract: text}, {})
    check_page("GUIDES/a.md", "`GET /api/v1/a`, `thing.x.field` and `thing.created.thingId`.\n", registry)
    assert all(p.path == contract for p in problems)


def test_a_prose_typo_that_is_no_url_never_raises(registry) -> None:
    assert refs(registry, "`GET http://[::1/x`\n") == []


@pytest.mark.parametrize(
    "written",
    [
        "| `DELETE` | `/api/v1/items/{itemId}` | gone |",
        "| DELETE | `/api/v1/items/{itemId}` | gone |",
        "Call DELETE `/api/v1/items/{itemId}` to remove it.",
        "Call `DELETE` `/api/v1/items/{itemId}` to remove it.",
    ],
)
def test_a_method_beside_its_path_is_checked_with_it(registry, written: str) -> None:
    page = "| Method | Path | What |\n|---|---|---|\n" + written if written.startswith("|") else written
    found = [(r[0], r[1], r[3]) for r in refs(registry, page + "\n") if r[0] == "operation"]
    assert found == [("operation", "DELETE /api/v1/items/{itemId}", False)]


def test_a_status_in_a_row_with_a_method_cell_is_checked_against_that_operation(registry) -> None:
    page = "| Method | Path | Errors |\n|---|---|---|\n| GET | `/api/v1/items/{itemId}` | `404`, `418` |\n"
    statuses = [(r[1], r[3]) for r in refs(registry, page) if r[0] == "status code"]
    assert statuses == [("404 for GET /api/v1/items/{itemId}", True), ("418 for GET /api/v1/items/{itemId}", False)]


@pytest.mark.parametrize(
    "sentence",
    [
        "`GET /api/v1/items/{itemId}` returns 100 items at most.",
        "`GET /api/v1/items/{itemId}` answers in `500 ms`.",
        "`GET /api/v1/items/{itemId}` takes `300 seconds` at worst.",
    ],
)
def test_numbers_that_are_no_status_are_not_checked_as_one(registry, sentence: str) -> None:
    assert [r[0] for r in refs(registry, sentence + "\n")] == ["operation"]


@pytest.mark.parametrize("phrase", ["returns HTTP 418", "returns a 418", "replies 418", "fails with 418 when gone"])
def test_a_status_is_found_in_the_usual_phrasings(registry, phrase: str) -> None:
    found = [
        (r[1], r[3]) for r in refs(registry, f"`GET /api/v1/items/{{itemId}}` {phrase}.\n") if r[0] == "status code"
    ]
    assert found == [("418 for GET /api/v1/items/{itemId}", False)]


def test_a_near_miss_of_a_declared_header_is_checked_outside_the_x_family(registry) -> None:
    assert refs(registry, "Send `Idempotency-Kay`.\n") == [("header", "Idempotency-Kay", 1, False, "Idempotency-Key")]


def test_a_tag_over_two_lines_moves_the_line_on(registry) -> None:
    assert [r[2] for r in refs(registry, 'a <span\nclass="x">b</span> `X-Nope-Zz`\n')] == [2]


def test_a_rule_with_other_problems_still_defines_its_name_for_prose() -> None:
    broken = RULES.replace("severity: critical", "severity: page").replace("for: 5m", "for: soon")
    defined, problems = load_registry({**CONTRACTS, "SCHEMAS/observability/rules/thing-service.yaml": broken}, {})
    assert problems == []  # the alerts hook reports the rule; prose naming it is not flagged twice
    assert "ThingLockStuckHigh" in defined.alerts


@pytest.mark.parametrize(("written", "flagged"), [("ThingLockConfig", False), ("ThngLockStuckHigh", True)])
def test_class_names_are_not_alerts_but_a_typo_of_an_alert_is(registry, written: str, flagged: bool) -> None:
    assert bool(refs(registry, f"`{written}`\n")) is flagged


def test_envelope_fields_are_fields_of_every_event() -> None:
    topics = {**TOPICS, "envelope": {"properties": {"eventId": {}, "occurredAt": {}, "data": {}}}}
    registry, _ = load_registry({**CONTRACTS, "SCHEMAS/events/kafka-topics.json": json.dumps(topics)}, {})
    found = refs(registry, "`thing.created.eventId` and `thing.created.data.thingId`.\n")
    assert [(r[1], r[3]) for r in found] == [("thing.created.eventId", True), ("thing.created.thingId", True)]


def test_postgres_names_need_their_schema_and_view_columns_are_checked(registry) -> None:
    assert refs(registry, "`things_v.id` and `things_v.size`\n") == []
    found = refs(registry, "`things.things_v.id` and `things.things_v.name`\n")
    assert [(r[1], r[3]) for r in found] == [("things.things_v.id", True), ("things.things_v.name", False)]


def test_third_party_paths_are_not_ours(registry) -> None:
    assert refs(registry, "`POST /v1/chat/completions` and `POST /api/chat.postMessage`\n") == []


def test_a_redis_family_is_written_with_literal_segments_and_a_prefix_typo_is_checked(registry) -> None:
    found = refs(registry, "`thing:lock`, `thing:{thingId}` and `thnig:lock:{thingId}`\n")
    assert [(r[1], r[3]) for r in found] == [
        ("thing:lock", True),
        ("thing:{thingId}", False),
        ("thnig:lock:{thingId}", False),
    ]


def test_punctuation_inside_the_backticks_does_not_hide_a_name(registry) -> None:
    assert [(r[1], r[3]) for r in refs(registry, "`thing.creatd.` and `X-Nope,`\n")] == [
        ("thing.creatd", False),
        ("X-Nope", False),
    ]


def test_graphql_types_and_nested_fields() -> None:
    schema = GRAPHQL + "type Owner { thing: Thing }\n"
    registry, _ = load_registry({**CONTRACTS, "SCHEMAS/api/graphql.schema": schema}, {})
    found = refs(registry, "`Owner.thing.name`, `Owner.thing.nme` and `Thingg.name`\n")
    assert [(r[1], r[3], r[4]) for r in found] == [
        ("Owner.thing.name", True, ""),
        ("Owner.thing.nme", False, "name"),
        ("Thingg.name", False, "Thing"),
    ]


@pytest.mark.parametrize(("written", "known"), [("thing-service-staging", True), ("thing-service-v2", False)])
def test_only_environment_suffixes_name_a_deployment_of_a_service(registry, written: str, known: bool) -> None:
    assert [r[3] for r in refs(registry, f"`{written}`\n")] == [known]


def test_tab_blocks_with_a_plus_and_tab_indented_admonitions_are_prose(registry) -> None:
    page = '===+ "Tab"\n\n    `X-Nope`\n\n!!! note\n\t`X-Other`\n'
    assert [(r[1], r[2]) for r in refs(registry, page)] == [("X-Nope", 3), ("X-Other", 6)]


def test_adr_mentions_with_a_space(registry) -> None:
    assert [(r[1], r[3]) for r in refs(registry, "See ADR 001 and ADR 009.\n")] == [
        ("ADR 001", True),
        ("ADR 009", False),
    ]


def test_an_allowed_file_is_a_whole_path_not_a_suffix(registry) -> None:
    allow, _ = load_allow_list("- name: X-Legacy\n  file: a.md\n  reason: removed\n", ALLOW_SHOWN)
    report = scan({"GUIDES/data.md": "`X-Legacy`\n", "GUIDES/a.md": "`X-Legacy`\n"}, registry, allow, {})
    assert [(p.path, p.line) for p in report.problems] == [("GUIDES/data.md", 1)]


def test_check_reports_embeds_that_do_not_resolve_with_their_line() -> None:
    from pyairtable_docs.drift.scan import check_sources

    page = "---\ntitle: T\n---\n\nTTL {{ SCHEMAS/database/redis/keyspace.yaml#/thing:lock:{thingId}/tll }}.\n"
    report, _, _ = check_sources({**CONTRACTS, "GUIDES/t.md": page}, {}, None, embeds=True)
    assert [(p.path, p.line) for p in report.problems] == [("GUIDES/t.md", 5)]
    assert "did you mean 'ttl'" in report.problems[0].message


def test_a_problem_type_comes_with_the_status_its_contract_examples_give(registry) -> None:
    assert registry.problem_statuses == {}  # the small contract's example has no status
    openapi = OPENAPI.replace(
        'example: {type: "https://x/problems/not-found"}',
        'example: {type: "https://x/problems/not-found", status: 404}',
    )
    paired, _ = load_registry({**CONTRACTS, "SCHEMAS/api/openapi.yaml": openapi}, {})
    table = "| Status | Problem type | When |\n|---|---|---|\n"
    table += "| 404 | `not-found` | gone |\n| 410 | `not-found` | gone |\n| 404 | `not-fund` | x |\n"
    found = [(r[1], r[2], r[3]) for r in refs(paired, table) if r[0] == "problem type"]
    assert found == [("not-found", 3, True), ("410 not-found", 4, False), ("not-fund", 5, False)]
    assert [(r[1], r[3]) for r in refs(paired, "Gone: `410 not-found`.\n")] == [("410 not-found", False)]


def test_query_parameters_are_checked_against_the_operation() -> None:
    openapi = OPENAPI.replace(
        "  /items:\n    post:",
        "  /items:\n    parameters: [{$ref: '#/components/parameters/Fields'}]\n    get:\n"
        "      parameters: [{name: sort, in: query, schema: {type: string}}]\n"
        "      responses: {'200': {description: ok}}\n    post:",
    )
    openapi += "components:\n  parameters:\n    Fields: {name: fields, in: query, schema: {type: string}}\n"
    registry, problems = load_registry({**CONTRACTS, "SCHEMAS/api/openapi.yaml": openapi}, {})
    assert problems == []
    found = refs(registry, "`GET /api/v1/items?fields=a&fields=b&sort[0][field]=a`\n")
    assert [(r[0], r[1], r[3], r[4]) for r in found] == [
        ("operation", "GET /api/v1/items", True, ""),
        ("query parameter", "GET /api/v1/items?fields", True, ""),
        ("query parameter", "GET /api/v1/items?fields", True, ""),
        ("query parameter", "GET /api/v1/items?sort[0][field]", False, "sort"),
    ]


def test_a_code_span_over_two_lines_moves_the_line_on(registry) -> None:
    assert [(r[1], r[2]) for r in refs(registry, "a `x\ny` b\nc `X-Nope-Zz`\n")] == [("X-Nope-Zz", 3)]


def test_the_most_literal_path_template_is_the_operation_meant() -> None:
    from pyairtable_docs.drift.contracts import Endpoint
    from pyairtable_docs.drift.names import find_endpoint

    by_id = Endpoint("GET", "/internal/things/{thingId}", "internal", "thing-service", frozenset({"200", "404"}))
    mine = Endpoint("GET", "/internal/things/mine", "internal", "thing-service", frozenset({"200"}))
    assert find_endpoint("GET", "/internal/things/mine", [by_id, mine]) is mine
    assert find_endpoint("GET", "/internal/things/42", [by_id, mine]) is by_id


def _session_check(cache: dict, texts: dict[str, str]) -> list[str]:
    from pyairtable_docs.drift.scan import check_sources

    report, _, _ = check_sources(texts, {}, None, cache=cache)
    return [str(p) for p in report.problems] + sorted(report.resolved.elements())


@pytest.mark.parametrize(
    "change",
    [
        {"ARCHITECTURE/decisions/002-more.md": "# More\n"},  # an ADR added: the page's mention now resolves
        {"ARCHITECTURE/service-catalog/web-app.md": "---\nname: web-app\n---\n# Web\n"},  # a service added
        {"GUIDES/b.md": "See ADR-001.\n"},  # a page's text changed, the registry not
    ],
)
def test_a_preview_rebuild_finds_what_a_fresh_check_finds(change: dict[str, str]) -> None:
    pages = {"GUIDES/a.md": "See ADR-002.\n", "GUIDES/b.md": "See ADR-009.\n", "GUIDES/c.md": "`web-app` prose.\n"}
    cache: dict = {}
    before = {**CONTRACTS, **pages}
    assert _session_check(cache, before) == _session_check({}, before)
    after = {**before, **change}
    assert _session_check(cache, after) == _session_check({}, after)
    assert _session_check(cache, after) == _session_check({}, after)  # the cache as the rebuild left it


def test_only_the_pages_mentioning_an_adr_are_checked_again_when_an_adr_is_added(monkeypatch) -> None:
    from pyairtable_docs.drift import scan as scan_module

    pages = {"GUIDES/a.md": "See ADR-002.\n", "GUIDES/c.md": "`web-app` prose.\n"}
    cache: dict = {}
    _session_check(cache, {**CONTRACTS, **pages})
    checked: list[str] = []
    real = scan_module.check_page
    monkeypatch.setattr(scan_module, "check_page", lambda src, *rest: checked.append(src) or real(src, *rest))
    _session_check(cache, {**CONTRACTS, **pages, "ARCHITECTURE/decisions/002-more.md": "# More\n"})
    # 001's page mentions ADR-001, a.md ADR-002, 002 is new; the service page and c.md mention none
    assert checked == ["ARCHITECTURE/decisions/001-use-things.md", "ARCHITECTURE/decisions/002-more.md", "GUIDES/a.md"]
    checked.clear()
    _session_check(
        cache, {**CONTRACTS, **pages, "ARCHITECTURE/service-catalog/web-app.md": "---\nname: web-app\n---\n"}
    )
    assert "GUIDES/c.md" in checked  # a service added may change any page's result
