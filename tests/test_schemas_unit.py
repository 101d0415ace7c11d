"""Pure tests of the schema loaders, cross-checks, renderers and the progress counts."""

from __future__ import annotations

import datetime as dt
import html

from pyairtable_docs.adr.records import Adr
from pyairtable_docs.catalog.records import Service
from pyairtable_docs.core.codes import help_url
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.progress.dashboard import TaskPage, render_dashboard, task_counts
from pyairtable_docs.schemas import records as schemas
from pyairtable_docs.schemas.markdown import render_graphql, render_keys, render_sql_page, render_topics

SQL = """-- owner: auth-service
-- schema: auth
CREATE SCHEMA IF NOT EXISTS auth;
CREATE TABLE auth.credentials (
    user_id uuid PRIMARY KEY,
    email text NOT NULL UNIQUE,
    role text NOT NULL DEFAULT 'viewer' CHECK (role IN ('owner', 'viewer')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE auth.tokens (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth.credentials (user_id)
);
CREATE INDEX tokens_user_idx ON auth.tokens (user_id);
COMMENT ON TABLE auth.credentials IS 'Sign-in secrets <b>per user</b>.';
"""


def shown(problem: Problem) -> str:
    """The problem as printed, code first, without the link to its fix."""
    return str(problem).removesuffix(f" (how to fix: {help_url(problem.code)})")


def test_sql_tables_columns_keys_and_indexes_are_read_by_postgres_parser() -> None:
    sql, problems = schemas.load_sql(SQL, "docs/auth.sql")
    assert problems == []
    assert (sql.owner, sql.schema) == ("auth-service", "auth")
    credentials, tokens = sql.tables
    assert [c.name for c in credentials.columns] == ["user_id", "email", "role", "created_at"]
    assert credentials.primary_key == ("user_id",)
    assert credentials.columns[2].default == "'viewer'"
    assert credentials.comment == "Sign-in secrets <b>per user</b>."
    assert tokens.foreign_keys == ("user_id → auth.credentials",)
    assert tokens.indexes == ("tokens_user_idx: (user_id)",)
    page = render_sql_page("SCHEMAS/database/postgres/auth.sql", sql, {})
    assert "## credentials" in page and "## tokens" in page
    assert "<b>" not in page  # the comment is shown as text


def test_a_sql_syntax_error_names_the_line() -> None:
    _, problems = schemas.load_sql("-- owner: a\n-- schema: b\nCREATE TABLE x (\n  a int,,\n);\n", "docs/x.sql")
    assert [shown(p) for p in problems] == [
        'SCH010 docs/x.sql:4: PostgreSQL cannot parse this: syntax error at or near ","'
    ]


def test_sql_without_header_lines_is_reported() -> None:
    _, problems = schemas.load_sql("CREATE TABLE x (a int);", "docs/x.sql")
    assert {p.code for p in problems} == {"SCH009"}
    assert [p.message for p in problems] == [
        "the file must start with a `-- owner: ...` line",
        "the file must start with a `-- schema: ...` line",
    ]


def test_sql_owner_must_be_a_catalog_service() -> None:
    sql, _ = schemas.load_sql(SQL.replace("auth-service", "auth-svc"), "docs/auth.sql")
    assert [shown(p) for p in schemas.check_sql_owner(sql, ["auth-service"])] == [
        "SCH008 docs/auth.sql:1: owner: 'auth-svc' is not a catalog service (did you mean 'auth-service'?)"
    ]


def test_graphql_errors_carry_the_line() -> None:
    _, problems = schemas.load_graphql("type Query {\n  a: String\n  b: \n}\n", "docs/g.schema")
    assert shown(problems[0]).startswith("SCH003 docs/g.schema:4: not valid GraphQL: Syntax Error")
    _, problems = schemas.load_graphql("type Query {\n  a: Missing\n}\n", "docs/g.schema")
    assert "Unknown type 'Missing'" in str(problems[0])


def test_graphql_page_lists_operations_and_types() -> None:
    schema, _ = schemas.load_graphql(
        '"""Root."""\ntype Query {\n  user(id: ID!): User\n}\n'
        "type User {\n  name: String\n}\nenum Role { OWNER VIEWER }\n",
        "g",
    )
    page = html.unescape(render_graphql(schema))
    assert "## Query" in page and "user(id: ID!)" in page
    assert "### User" in page and "### Role" in page and "<code>OWNER</code>" in page


def test_openapi_errors_name_the_json_path() -> None:
    problems = schemas.check_openapi({"openapi": "3.1.0", "info": {"title": "x"}, "paths": {}}, "docs/o.yaml")
    assert [shown(p) for p in problems] == ["SCH001 docs/o.yaml: /info: 'version' is a required property"]


def test_yaml_and_json_syntax_errors_carry_the_line() -> None:
    _, problems = schemas.load_yaml("a: 1\nb: [2\n", "docs/k.yaml")
    assert shown(problems[0]).startswith("FMT009 docs/k.yaml:3: not valid YAML")
    _, problems = schemas.load_json('{\n  "a": 1,\n}\n', "docs/t.json")
    assert shown(problems[0]) == (
        "FMT009 docs/t.json:3: not valid JSON: Expecting property name enclosed in double quotes (column 1)"
    )


def test_json_schema_errors_name_the_pointer() -> None:
    schema = {"type": "object", "properties": {"topics": {"type": "array", "items": {"required": ["name"]}}}}
    problems = schemas.check_against({"topics": [{"name": "a"}, {}]}, schema, "docs/t.json")
    assert [shown(p) for p in problems] == ["SCH011 docs/t.json: /topics/1: 'name' is a required property"]


def topic(name: str, producers=("a",), consumers=("b",)) -> schemas.Topic:
    return schemas.Topic(name, "d", "k", "7d", 3, tuple(producers), tuple(consumers), {})


def test_topics_are_checked_against_the_catalog_in_both_directions() -> None:
    topics = [topic("x.made", producers=("a", "ghost")), topic("y.made", consumers=())]
    provided = {"x.made": {"a"}, "y.made": {"a"}, "z.made": {"b"}}
    consumed = {"x.made": {"b", "c"}}
    pages = {"a": "docs/a.md", "b": "docs/b.md"}
    problems = [shown(p) for p in schemas.check_topics(topics, ["a", "b", "c"], "t", provided, consumed, pages)]
    assert problems == [
        "SCH008 t: /topics/0/producers: topic 'x.made': 'ghost' is not a catalog service",
        "SCH006 t: /topics/0/consumers: topic 'x.made': c's catalog page lists 'events:x.made' in "
        "consumesApis, but c is not among its consumers",
        "SCH005 t: /topics/1: topic 'y.made' has no consumer",
        "SCH007 docs/b.md: providesApis: 'events:z.made' is not a topic of t (did you mean 'y.made'?)",
    ]


def test_key_owners_and_readers_must_be_services() -> None:
    keys = [schemas.KeyPattern("a:{id}", "auth-service", "string", "1h", "p", "a:1", ("gatway",))]
    assert [shown(p) for p in schemas.check_key_owners(keys, ["auth-service", "gateway"], "k")] == [
        "SCH008 k: /0/readers: key 'a:{id}': 'gatway' is not a catalog service (did you mean 'gateway'?)"
    ]
    assert "<code>a:{id}</code>" in html.unescape(render_keys(keys, {}, "SCHEMAS/database/redis/README.md"))


def test_topic_table_escapes_and_links_services() -> None:
    t = schemas.Topic(
        "x.made",
        "<script>x</script>",
        "id",
        "7d",
        3,
        ("a",),
        ("b",),
        {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
    )
    page = render_topics([t], {"a": "ARCHITECTURE/service-catalog/a.md"}, "SCHEMAS/events/README.md")
    assert "[a](../../ARCHITECTURE/service-catalog/a.md)" in page
    assert "<script>" not in page
    assert "| <code>id</code> | string | yes |" in page


def test_task_counts_ignore_code_blocks() -> None:
    page = "- [x] one\n- [ ] two\n* [X] three\n1. [ ] four\n```\n- [x] not a task\n```\n- [] no\n"
    assert task_counts(page) == (2, 4)


def test_dashboard_counts() -> None:
    def svc(name, repo, migration):
        return Service(
            path=f"ARCHITECTURE/service-catalog/{name}.md",
            name=name,
            title=name,
            description="d",
            repository=repo,
            language="go",
            type="service",
            lifecycle="production",
            owner="o",
            migration=migration,
        )

    services = [
        svc("a", "pyairtable-ai", "migrated"),
        svc("b", "pyairtable-ai", "in-progress"),
        svc("c", "pyairtable-auth", "not-started"),
    ]
    adrs = [Adr("ARCHITECTURE/decisions/001-x.md", 1, "X", "accepted", dt.date(2024, 1, 1), ("D",))]
    page = render_dashboard(
        services, [TaskPage("MIGRATION/checklists/pre.md", "Pre", 3, 4)], [], adrs, "PROGRESS/README.md"
    )
    assert "**1 of 3 services migrated** · 1 not started, 1 in progress, 1 migrated" in page
    assert "| pyairtable-ai | 2 | 1 | 1 | 0 |" in page
    assert '<progress class="hub-progress" value="3" max="4" aria-label="Pre: 75%"></progress> 3/4 (75%)' in page
    assert "| [ADR-001](../ARCHITECTURE/decisions/001-x.md) |" in page


def test_path_match_counts_literal_segments_and_needs_every_segment() -> None:
    from pyairtable_docs.schemas.records import path_match

    assert path_match("/internal/users/{userId}", "/internal/users/42") == 2
    assert path_match("/internal/users/lookup", "/internal/users/lookup") == 3
    assert path_match("/internal/users/{userId}", "/internal/users") is None
    assert path_match("/internal/users/{userId}", "/internal/user/42") is None
    assert path_match("/internal/users/{userId}/export", "/internal/users", prefix=True) == 2
