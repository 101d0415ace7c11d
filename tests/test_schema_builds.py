"""Schemas in the real site (every item rendered) and broken schemas failing builds of minimal sites."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import DOCS, MiniSite, page_path
from pyairtable_docs.core.codes import coded
from pyairtable_docs.schemas.markdown import render_openapi

SCHEMAS = DOCS / "SCHEMAS"
TOPICS = "SCHEMAS/events/kafka-topics.json"
TOPICS_SCHEMA = "SCHEMAS/events/kafka-topics.schema.json"
KEYSPACE = "SCHEMAS/database/redis/keyspace.yaml"
KEYSPACE_SCHEMA = "SCHEMAS/database/redis/keyspace.schema.json"


def article(site: Path, src_uri: str) -> str:
    text = page_path(site, src_uri).read_text(encoding="utf-8")
    return html.unescape(text.split("<article", 1)[1].split("</article>", 1)[0])


def test_rest_reference_shows_every_operation(site: Path) -> None:
    spec = yaml.safe_load((SCHEMAS / "api/openapi.yaml").read_text())
    page = re.sub(r'<span class="route-param">(.*?)</span>', r"\1", article(site, "SCHEMAS/api/rest-reference.md"))
    methods = {"get", "post", "put", "patch", "delete"}
    operations = [(m.upper(), p) for p, item in spec["paths"].items() for m in item if m in methods]
    assert operations
    for method, path in operations:
        assert re.search(rf">{method}</span>\s*{re.escape(path)}<", page), f"{method} {path}"


def test_graphql_reference_shows_every_type_and_operation(site: Path) -> None:
    sdl = (SCHEMAS / "api/graphql.schema").read_text()
    page = article(site, "SCHEMAS/api/graphql-reference.md")
    for name in re.findall(r"^(?:type|enum|input|scalar|interface|union)\s+(\w+)", sdl, re.M):
        assert name in page, name
    query = re.search(r"type Query \{(.*?)\n\}", sdl, re.S).group(1)
    for field in re.findall(r"^\s+(\w+)\s*[(:]", query, re.M):
        assert f"<code>{field}" in page, field


def test_every_topic_and_key_pattern_is_rendered(site: Path) -> None:
    topics = json.loads((SCHEMAS / "events/kafka-topics.json").read_text())["topics"]
    page = article(site, "SCHEMAS/events/README.md")
    for topic in topics:
        assert f"<code>{topic['name']}</code>" in page
        for event in topic["eventTypes"]:
            assert f"<code>{event['type']}</code>" in page
    keys = yaml.safe_load((SCHEMAS / "database/redis/keyspace.yaml").read_text())
    page = article(site, "SCHEMAS/database/redis/README.md")
    for key in keys:
        assert f"<code>{key['pattern']}</code>" in page


CREATED = re.compile(
    r"^CREATE\s+(?:OR\s+REPLACE\s+)?(?:MATERIALIZED\s+)?(?:TABLE|VIEW)(?:\s+IF\s+NOT\s+EXISTS)?\s+\w+\.(\w+)",
    re.M | re.I,
)


@pytest.mark.parametrize("sql", sorted(p.name for p in (SCHEMAS / "database/postgres").glob("*.sql")))
def test_every_postgres_table_and_view_is_rendered(site: Path, sql: str) -> None:
    source = (SCHEMAS / "database/postgres" / sql).read_text()
    objects = CREATED.findall(source)
    page = article(site, f"SCHEMAS/database/postgres/{sql.removesuffix('.sql')}.md")
    assert objects
    for name in objects:
        assert re.search(rf"<h2 id=\"[^\"]*\">{name}<", page), name


# ------------------------------------------------------------------ broken schemas fail the build


def copy_from_docs(mini_site: MiniSite, relative: str) -> None:
    """A file the rule needs as it is in docs/ (a JSON schema that is part of the repository)."""
    mini_site.write({relative: (DOCS / relative).read_text(encoding="utf-8")})


def test_an_invalid_openapi_document_fails_with_its_path(mini_site, caplog) -> None:
    mini_site.write({"SCHEMAS/api/openapi.yaml": "openapi: 3.1.0\ninfo:\n  title: x\npaths: {}\n"})
    messages = mini_site.build_fails(caplog)
    assert (
        "pyairtable_docs: " + coded("SCH001", "docs/SCHEMAS/api/openapi.yaml: /info: 'version' is a required property")
        in messages
    )


def test_an_invalid_graphql_schema_fails_with_its_line(mini_site, caplog) -> None:
    mini_site.write({"SCHEMAS/api/graphql.schema": "type Query {\n  me: User\n}\n"})
    messages = mini_site.build_fails(caplog)
    assert any(
        m.startswith("pyairtable_docs: SCH003 docs/SCHEMAS/api/graphql.schema:") and "Unknown type 'User'" in m
        for m in messages
    ), messages


def test_broken_kafka_topics_json_fails_with_its_line(mini_site, caplog) -> None:
    copy_from_docs(mini_site, TOPICS_SCHEMA)
    mini_site.write({TOPICS: '{\n  "topics": [\n    {"name": "a.b",}\n  ]\n}\n'})
    messages = mini_site.build_fails(caplog)
    assert any(
        m.startswith("pyairtable_docs: FMT009 docs/SCHEMAS/events/kafka-topics.json:3: not valid JSON")
        for m in messages
    ), messages


def one_topic() -> dict:
    """docs/SCHEMAS/events/kafka-topics.json cut down to its first topic."""
    data = json.loads((DOCS / TOPICS).read_text(encoding="utf-8"))
    data["topics"] = data["topics"][:1]
    return data


def test_a_topic_breaking_our_json_schema_fails_with_its_pointer(mini_site, caplog) -> None:
    copy_from_docs(mini_site, TOPICS_SCHEMA)
    data = one_topic()
    data["topics"][0]["retention"] = "forever"
    mini_site.write({TOPICS: json.dumps(data)})
    messages = mini_site.build_fails(caplog)
    assert (
        "pyairtable_docs: "
        + coded(
            "SCH011",
            "docs/SCHEMAS/events/kafka-topics.json: /topics/0/retention: 'forever' does not match '^[1-9][0-9]*[hd]$'",
        )
        in messages
    ), messages


def test_topic_producers_and_consumers_must_be_catalog_services(mini_site, caplog) -> None:
    copy_from_docs(mini_site, TOPICS_SCHEMA)
    data = one_topic()
    topic = data["topics"][0]
    mini_site.write({TOPICS: json.dumps(data)})
    messages = mini_site.build_fails(caplog)  # no service pages at all in this tree
    assert (
        "pyairtable_docs: "
        + coded(
            "SCH008",
            f"docs/SCHEMAS/events/kafka-topics.json: /topics/0/producers: "
            f"topic '{topic['name']}': '{topic['producers'][0]}' is not a catalog service",
        )
        in messages
    ), messages


def test_a_postgres_syntax_error_fails_with_its_line(mini_site, caplog) -> None:
    sql = "CREATE TABLE auth.users (\n  id uuid PRIMARY KEY,\n  email text NOT NUL\n);\n"
    mini_site.write({"SCHEMAS/database/postgres/auth.sql": sql})
    messages = mini_site.build_fails(caplog)
    assert any(
        m.startswith(
            "pyairtable_docs: SCH010 docs/SCHEMAS/database/postgres/auth.sql:3: PostgreSQL cannot parse this: "
            "syntax error"
        )
        for m in messages
    ), messages


def test_a_redis_key_without_ttl_fails_with_its_pointer(mini_site, caplog) -> None:
    copy_from_docs(mini_site, KEYSPACE_SCHEMA)
    keys = yaml.safe_load((DOCS / KEYSPACE).read_text(encoding="utf-8"))[:1]
    del keys[0]["ttl"]
    mini_site.write({KEYSPACE: yaml.safe_dump(keys)})
    messages = mini_site.build_fails(caplog)
    assert (
        "pyairtable_docs: "
        + coded("SCH011", "docs/SCHEMAS/database/redis/keyspace.yaml: /0: 'ttl' is a required property")
        in messages
    )


def test_the_rest_reference_is_the_same_on_every_render() -> None:
    document = yaml.safe_load((DOCS / "SCHEMAS" / "api" / "openapi.yaml").read_text())
    first = render_openapi(document)
    assert render_openapi(document) == first  # its made-up example values too
