"""Generated references show the contracts as written, and read as prose (issue 14, must-have 4).

The REST reference shows the contract's own examples and invents none; the bearer JWT is a
security scheme, not a header parameter; descriptions are rendered from Markdown, never
shown as backticks; every table and view of a SQL file is listed; numbered lists are not
started by a wrapped line; internal.yaml gets its own page, apart from the public reference;
an event type belongs to one topic.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import DOCS, page_path
from pyairtable_docs.core.codes import coded
from pyairtable_docs.schemas import records as schemas
from pyairtable_docs.schemas.markdown import (
    TEMPLATES,
    description_html,
    render_graphql,
    render_internal_api,
    render_openapi,
    render_sql_index,
    render_sql_page,
    render_topics,
)

PLANTED_UUID = "3c1f5e2a-7b9d-4e8f-a1b2-c3d4e5f6a7b8"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def api(paths: dict, **components: dict) -> dict:
    """A valid OpenAPI 3.1 document with a bearer JWT scheme required everywhere."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Test API", "version": "1"},
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "Access token.",
                }
            },
            **components,
        },
    }


THING = {
    "type": "object",
    "properties": {"id": {"type": "string", "format": "uuid"}, "count": {"type": "integer", "format": "int32"}},
}
DOCUMENT = api(
    {
        "/things": {
            "post": {
                "operationId": "createThing",
                "tags": ["things"],
                "parameters": [
                    {
                        "name": "dryRun",
                        "in": "query",
                        "description": "Check only; see `validate` for the *rules*.",
                        "schema": {"type": "boolean"},
                        "example": False,
                    }
                ],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Thing"},
                            "examples": {"one": {"$ref": "#/components/examples/OneThing"}},
                        }
                    }
                },
                "responses": {
                    "201": {
                        "description": "Made; the `Location` header names it.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                    }
                },
            }
        },
        "/status": {"get": {"operationId": "status", "security": [], "responses": {"200": {"description": "Up."}}}},
    },
    schemas={"Thing": THING},
    examples={"OneThing": {"summary": "A thing with a count", "value": {"id": PLANTED_UUID, "count": 42}}},
)


def outside_code(markdown_or_html: str) -> str:
    """The text a reader sees as prose: fenced blocks, <pre> and <code> taken out."""
    text = re.sub(r"^(\s*)(`{3,}).*?^\1\2\s*$", "", markdown_or_html, flags=re.S | re.M)
    return re.sub(r"<pre.*?</pre>|<code.*?</code>", "", text, flags=re.S)


# ------------------------------------------------------------------ REST reference (pure)


def test_rest_examples_are_the_contracts_own_and_none_is_invented() -> None:
    page = render_openapi(DOCUMENT)
    request_example = json.dumps({"id": PLANTED_UUID, "count": 42})
    assert request_example.replace(" ", "") in re.sub(r"\s", "", page)  # the value, not {summary, value}
    assert "*A thing with a count*" in page
    assert set(UUID.findall(page)) == {PLANTED_UUID}  # no made-up uuid4() for the 201 body
    assert re.findall(r'"count": (\d+)', page) == ["42"]  # no random count for the 201 body either
    assert "generated automatically" not in page
    assert "<td><code>false</code></td>" in page  # the parameter's example


def test_bearer_jwt_is_a_security_scheme_not_a_header_parameter() -> None:
    page = render_openapi(DOCUMENT)
    parameter_names = re.findall(r'<td class="parameter-name"><code>([^<]*)</code>', page)
    assert parameter_names == ["dryRun"]
    create, status = page.split("/things", 1)[1].split("/status", 1)
    assert '<a href="#security-schemes" class="ref-link"><code>bearerAuth</code></a>' in create
    assert "(bearer JWT in the Authorization header)" in create
    assert "<strong>Authentication:</strong> none" in status
    assert re.search(
        r"<td><code>bearerAuth</code></td><td>http</td><td>bearer</td><td>JWT</td><td>Access token\.</td>", page
    )


def test_rest_descriptions_are_rendered_markdown_without_backticks() -> None:
    page = render_openapi(DOCUMENT)
    assert "<code>validate</code>" in page and "<em>rules</em>" in page
    assert "<code>Location</code>" in page
    assert "`" not in outside_code(page)


def test_descriptions_keep_no_markup_of_their_own() -> None:
    shown = description_html("Use `a_b` <script>x()</script> [home](javascript:go()) [docs](https://x.test/a_b)")
    assert shown.startswith("Use <code>a&#95;b</code> &lt;script&gt;")
    assert "<script" not in shown and "javascript" not in shown
    assert '<a href="https://x.test/a_b">docs</a>' in shown
    assert "\n" not in description_html("One.\n\n- two\n- three")  # fits a table cell


def test_every_change_to_essentials_openapi_still_replaces_something() -> None:
    """The templates and methods changed in schemas/markdown.py exist in the installed library."""
    from jinja2 import PackageLoader
    from openapidocs.mk.v3 import OpenAPIV3DocumentationHandler

    library = PackageLoader("openapidocs.mk.v3", "views_mkdocs")
    assert set(TEMPLATES) <= set(library.list_templates())
    for method in ("generate_example_from_schema", "get_content_examples", "get_parameters", "get_operations"):
        assert callable(getattr(OpenAPIV3DocumentationHandler, method)), method


def without_examples(document: dict) -> list[str]:
    """JSON pointers of the parameters, headers and bodies without an example ($refs: where they point)."""

    def has_example(node: dict) -> bool:
        return "$ref" in node or "example" in node or bool(node.get("examples"))

    def key(name: str) -> str:
        return schemas.json_pointer([name])[1:]

    missing = []

    def media(where: str, content: dict | None) -> None:
        missing.extend(
            f"{where}/content/{key(kind)}" for kind, body in (content or {}).items() if not has_example(body)
        )

    def headers(where: str, found: dict | None) -> None:
        missing.extend(f"{where}/headers/{name}" for name, header in (found or {}).items() if not has_example(header))

    def parameters(where: str, found: list | None) -> None:
        missing.extend(f"{where}/parameters/{i}" for i, p in enumerate(found or ()) if not has_example(p))

    for path, item in (document.get("paths") or {}).items():
        where = f"/paths/{key(path)}"
        parameters(where, item.get("parameters"))
        for method, operation in item.items():
            if method in schemas.HTTP_METHODS:
                parameters(f"{where}/{method}", operation.get("parameters"))
                media(f"{where}/{method}/requestBody", (operation.get("requestBody") or {}).get("content"))
                for code, response in (operation.get("responses") or {}).items():
                    media(f"{where}/{method}/responses/{code}", response.get("content"))
                    headers(f"{where}/{method}/responses/{code}", response.get("headers"))
    components = document.get("components") or {}
    for name, parameter in (components.get("parameters") or {}).items():
        if not has_example(parameter):
            missing.append(f"/components/parameters/{name}")
    for name, response in (components.get("responses") or {}).items():
        media(f"/components/responses/{name}", response.get("content"))
        headers(f"/components/responses/{name}", response.get("headers"))
    headers("/components", components.get("headers"))
    return missing


def test_the_example_rule_check_finds_what_lacks_an_example() -> None:
    assert without_examples(DOCUMENT) == ["/paths/~1things/post/responses/201/content/application~1json"]


@pytest.mark.parametrize("contract", ["openapi.yaml", "internal.yaml"])
def test_every_body_parameter_and_header_of_the_api_contracts_has_an_example(contract: str) -> None:
    """The rule of docs/SCHEMAS/api/README.md: the references show the contract's examples only."""
    path = DOCS / "SCHEMAS/api" / contract
    if not path.exists():
        pytest.skip(f"no {contract} in docs/")
    assert without_examples(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


# ------------------------------------------------------------------ GraphQL, SQL, topics, internal (pure)


def test_graphql_descriptions_are_rendered_markdown() -> None:
    schema, _ = schemas.load_graphql(
        '"""The `viewer`, *signed in*."""\ntype Query {\n  """Counts `first` nodes."""\n  n: Int\n}\n', "g"
    )
    page = render_graphql(schema)
    assert "<code>viewer</code>, <em>signed in</em>." in page and "Counts <code>first</code> nodes." in page
    assert "`" not in outside_code(page.split("\n", 3)[3])  # below the page's own intro


VIEWS_SQL = """-- owner: metrics-collector
-- schema: m
CREATE TABLE m.events (id uuid PRIMARY KEY, day date NOT NULL, n bigint NOT NULL);
CREATE OR REPLACE VIEW m.daily_v AS SELECT day, sum(n) AS total FROM m.events GROUP BY day;
CREATE MATERIALIZED VIEW m.top_mv (day, most) AS SELECT day, max(n) FROM m.events GROUP BY day;
COMMENT ON VIEW m.daily_v IS 'Totals per day.';
"""


def test_sql_views_and_materialized_views_are_listed() -> None:
    sql, problems = schemas.load_sql(VIEWS_SQL, "docs/m.sql")
    assert problems == []
    assert sql.objects == ("events", "daily_v", "top_mv")
    daily, top = sql.views
    assert (daily.columns, daily.reads, daily.materialized, daily.comment) == (
        ("day", "total"),
        ("m.events",),
        False,
        "Totals per day.",
    )
    assert (top.columns, top.materialized) == (("day", "most"), True)
    page = html.unescape(render_sql_page("SCHEMAS/database/postgres/m.sql", sql, {}))
    assert "## daily_v" in page and "## top_mv" in page and "A materialized view, reading" in page
    assert "1 table · 2 views" in page
    index = html.unescape(render_sql_index([("SCHEMAS/database/postgres/m.sql", sql)], {}, "x/README.md"))
    assert "| <code>events</code> | <code>daily_v</code>, <code>top_mv</code> |" in index


def test_a_union_view_as_the_files_last_statement_is_read_whole() -> None:
    sql, _ = schemas.load_sql(
        "-- owner: a\n-- schema: s\nCREATE TABLE s.t (a int, b int);\n"
        "CREATE VIEW s.u AS SELECT a FROM s.t UNION SELECT b FROM s.t",  # no closing semicolon
        "docs/s.sql",
    )
    (view,) = sql.views
    assert view.columns == ("a",)
    assert view.definition == "CREATE VIEW s.u AS SELECT a FROM s.t UNION SELECT b FROM s.t"


def topic(name: str, *types: str) -> schemas.Topic:
    events = tuple(schemas.EventType(t, f"When {t} happens.") for t in types)
    return schemas.Topic(name, "d", "k", "7d", 3, ("a",), ("b",), {}, events)


def test_an_event_type_listed_under_two_topics_is_one_problem() -> None:
    topics = [topic("auth.session", "auth.login", "auth.logout"), topic("user.lifecycle", "user.created", "auth.login")]
    assert [str(p) for p in schemas.check_event_types(topics, "t.json")] == [
        coded(
            "SCH004",
            "t.json: /topics/1/eventTypes/1/type: topic 'user.lifecycle': event type 'auth.login' is already "
            "listed under topic 'auth.session'; an event type belongs to one topic",
        )
    ]
    assert schemas.event_topics(topics) == {
        "auth.login": "auth.session",
        "auth.logout": "auth.session",
        "user.created": "user.lifecycle",
    }


def test_the_events_page_lists_each_topics_event_types() -> None:
    page = html.unescape(render_topics([topic("auth.session", "auth.login")], {}, "SCHEMAS/events/README.md"))
    assert "| <code>auth.login</code> | When auth.login happens. |" in page


INTERNAL = {
    "openapi": "3.1.0",
    "info": {"title": "Internal", "version": "1"},
    "paths": {
        "/healthz": {"get": {"tags": ["every-service"], "responses": {"200": {"description": "Alive."}}}},
        "/internal/export": {
            "get": {
                "tags": ["every-service"],
                "x-served-by": ["user-service", "user-svc"],
                "responses": {"200": {"description": "This service's part."}},
            }
        },
        "/internal/users/{userId}": {
            "get": {
                "tags": ["user-service"],
                "parameters": [
                    {"name": "userId", "in": "path", "required": True, "schema": {"type": "string"}, "example": "u1"}
                ],
                "responses": {"200": {"description": "The user."}, "404": {"description": "No such user."}},
            },
            "delete": {"tags": ["user-servce"], "responses": {"204": {"description": "Gone."}}},
        },
        "/internal/x": {"post": {"tags": ["a", "b"], "responses": {"200": {"description": "Ok."}}}},
    },
}


def test_internal_operations_are_owned_by_one_catalog_service() -> None:
    assert [(op.method, op.path, op.owner, op.statuses) for op in schemas.internal_operations(INTERNAL)][:3] == [
        ("GET", "/healthz", "every-service", ("200",)),
        ("GET", "/internal/export", "every-service", ("200",)),
        ("GET", "/internal/users/{userId}", "user-service", ("200", "404")),
    ]
    assert schemas.internal_operations(INTERNAL)[1].served_by == ("user-service", "user-svc")
    assert schemas.served_by({"x-served-by": "user-service"}) == ("user-service",)  # not its letters
    assert [str(p) for p in schemas.check_internal_owners(INTERNAL, ["user-service"], "i.yaml")] == [
        coded(
            "SCH008",
            "i.yaml: /paths/~1internal~1export/get/x-served-by/1: GET /internal/export: x-served-by names "
            "'user-svc', which is not a catalog service (did you mean 'user-service'?)",
        ),
        coded(
            "SCH008",
            "i.yaml: /paths/~1internal~1users~1{userId}/delete/tags: DELETE /internal/users/{userId}: tag "
            "'user-servce' is not a catalog service or 'every-service' (did you mean 'user-service'?)",
        ),
        coded(
            "SCH002",
            "i.yaml: /paths/~1internal~1x/post/tags: POST /internal/x must have exactly one tag, the catalog "
            "service that serves it (or 'every-service'); it has 2",
        ),
    ]


def test_the_internal_page_groups_operations_under_their_services_page() -> None:
    pages = {"user-service": "ARCHITECTURE/service-catalog/user-service.md"}
    page = render_internal_api(INTERNAL, pages, "SCHEMAS/api/internal-reference.md")
    headings = re.findall(r"^## (.*)$", page, re.M)
    service_link = "[user-service](../../ARCHITECTURE/service-catalog/user-service.md)"
    assert headings[:2] == ["Every service", service_link]
    assert f"**Services holding data** (`x-served-by`): {service_link}, user-svc" in page
    assert page.index("/healthz") < page.index("## [user-service]") < page.index("/internal/users/")


# ------------------------------------------------------------------ numbered lists in the docs


ORDERED_ITEM = re.compile(r"^(\s*)(\d+)\.\s")
BULLET_ITEM = re.compile(r"^\s*[-*+]\s")


def accidental_ordered_items(text: str) -> list[tuple[int, str]]:
    """Lines a wrapped sentence starts with a number and a dot, inside a bullet item.

    Markdown reads such a line as a new list item: "... MinIO on\\n  9000. See" renders
    "See" as a bullet and drops 9000. A line in a numbered list (a step and its wrapped
    lines) is meant, so it is not reported.
    """
    found, fenced, bullet_indent = [], False, None  # the indent of the bullet item being read
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or not line.strip():
            bullet_indent = None if not fenced else bullet_indent
            continue
        indent = len(line) - len(line.lstrip())
        ordered = ORDERED_ITEM.match(line)
        if ordered and bullet_indent is not None and indent > bullet_indent:
            found.append((number, line.strip()))
        if BULLET_ITEM.match(line):
            bullet_indent = indent
        elif ordered:
            bullet_indent = None
    return found


def test_the_lint_finds_a_wrapped_number_and_markdown_would_drop_it() -> None:
    import markdown

    text = "- Kafka on 9092 and MinIO on\n  9000. See the guide.\n\n1. One\n2. Two\n   wrapped\n"
    assert accidental_ordered_items(text) == [(2, "9000. See the guide.")]
    assert "9000" not in markdown.markdown(text)


@pytest.mark.parametrize("page", sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")))
def test_numbered_lists_render_as_written(page: str) -> None:
    assert accidental_ordered_items((DOCS / page).read_text(encoding="utf-8")) == []


# ------------------------------------------------------------------ builds


def minimal_openapi(path: str, tag: str) -> str:
    return json.dumps(
        {
            "openapi": "3.1.0",
            "info": {"title": f"{tag} API", "version": "1"},
            "paths": {path: {"get": {"tags": [tag], "responses": {"200": {"description": "Ok."}}}}},
        }
    )


def test_internal_yaml_gets_its_own_page_apart_from_the_public_reference(small_hub) -> None:
    small_hub.write(
        {
            "SCHEMAS/api/openapi.yaml": minimal_openapi("/things", "things"),
            "SCHEMAS/api/internal.yaml": minimal_openapi("/internal/tokens/revoked", "auth-service"),
        }
    )
    site = small_hub.build()
    internal = page_path(site, "SCHEMAS/api/internal-reference.md").read_text(encoding="utf-8")
    public = page_path(site, "SCHEMAS/api/rest-reference.md").read_text(encoding="utf-8")
    assert "/internal/tokens/" in internal and 'href="../../../ARCHITECTURE/service-catalog/auth-service/"' in internal
    assert "/internal/tokens/" not in public and "/things" in public


def test_without_internal_yaml_there_is_no_internal_page(small_hub) -> None:
    site = small_hub.build()
    assert not page_path(site, "SCHEMAS/api/internal-reference.md").exists()


def test_an_invalid_internal_yaml_fails_with_its_file_and_pointer(small_hub, caplog) -> None:
    small_hub.write({"SCHEMAS/api/internal.yaml": "openapi: 3.1.0\ninfo:\n  title: x\npaths: {}\n"})
    messages = small_hub.build_fails(caplog)
    assert (
        "pyairtable_docs: " + coded("SCH001", "docs/SCHEMAS/api/internal.yaml: /info: 'version' is a required property")
        in messages
    )


def test_an_internal_operation_without_a_catalog_owner_fails_with_its_pointer(small_hub, caplog) -> None:
    small_hub.write({"SCHEMAS/api/internal.yaml": minimal_openapi("/internal/x", "auth-svc")})
    messages = small_hub.build_fails(caplog)
    assert (
        "pyairtable_docs: "
        + coded(
            "SCH008",
            "docs/SCHEMAS/api/internal.yaml: /paths/~1internal~1x/get/tags: GET /internal/x: "
            "tag 'auth-svc' is not a catalog service or 'every-service' (did you mean 'auth-service'?)",
        )
        in messages
    ), messages


def test_an_event_type_on_two_topics_fails_the_build(mini_site, caplog) -> None:
    schema = "SCHEMAS/events/kafka-topics.schema.json"
    data = json.loads((DOCS / "SCHEMAS/events/kafka-topics.json").read_text(encoding="utf-8"))
    first, second = (dict(t) for t in data["topics"][:2])
    second["eventTypes"] = [*second["eventTypes"], dict(first["eventTypes"][0])]
    data["topics"] = [first, second]
    mini_site.write(
        {schema: (DOCS / schema).read_text(encoding="utf-8"), "SCHEMAS/events/kafka-topics.json": json.dumps(data)}
    )
    messages = mini_site.build_fails(caplog)
    duplicate = first["eventTypes"][0]["type"]
    assert (
        "pyairtable_docs: "
        + coded(
            "SCH004",
            f"docs/SCHEMAS/events/kafka-topics.json: /topics/1/eventTypes/"
            f"{len(second['eventTypes']) - 1}/type: topic {second['name']!r}: event type {duplicate!r} is already "
            f"listed under topic {first['name']!r}; an event type belongs to one topic",
        )
        in messages
    ), messages


# ------------------------------------------------------------------ the real site


def article(site: Path, src_uri: str) -> str:
    text = page_path(site, src_uri).read_text(encoding="utf-8")
    return text.split("<article", 1)[1].split("</article>", 1)[0]


@pytest.mark.parametrize("src_uri", ["SCHEMAS/api/rest-reference.md", "SCHEMAS/api/graphql-reference.md"])
def test_reference_pages_show_no_literal_markdown(site: Path, src_uri: str) -> None:
    prose = html.unescape(re.sub(r"<[^>]+>", "", outside_code(article(site, src_uri))))
    assert "`" not in prose and "**" not in prose


def test_the_rest_reference_shows_the_bearer_scheme_and_no_invented_example(site: Path) -> None:
    page = article(site, "SCHEMAS/api/rest-reference.md")
    assert "generated automatically" not in page
    assert not re.search(r'class="parameter-name"><code>bearerAuth<', page)
    assert re.search(r"<td><code>bearerAuth</code></td><td>http</td><td>bearer</td><td>JWT</td>", page)


def test_the_internal_api_stays_out_of_the_public_reference(site: Path) -> None:
    if not (DOCS / "SCHEMAS/api/internal.yaml").exists():
        pytest.skip("no internal.yaml in docs/")
    public = article(site, "SCHEMAS/api/rest-reference.md")
    assert "/internal/" not in public
    assert page_path(site, "SCHEMAS/api/internal-reference.md").exists()


def test_a_renderer_failure_is_one_problem_not_a_crash() -> None:
    from pyairtable_docs.schemas.wiring import rendered

    def broken() -> str:
        raise KeyError("components")

    assert [str(p) for p in rendered(broken, "docs/x.yaml")[1]] == [
        coded("SCH001", "docs/x.yaml: the reference page cannot be rendered: KeyError: 'components'")
    ]
