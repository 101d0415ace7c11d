"""Schemas in the real site (every item rendered, dashboard exact) and broken schemas failing builds."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import Abort

from conftest import DOCS, build_site, page_path, warnings_in
from pyairtable_docs.schemas.wiring import render_openapi

SCHEMAS = DOCS / "SCHEMAS"


def article(site: Path, src_uri: str) -> str:
    text = page_path(site, src_uri).read_text(encoding="utf-8")
    return html.unescape(text.split("<article", 1)[1].split("</article>", 1)[0])


def test_rest_reference_shows_every_operation(site: Path) -> None:
    spec = yaml.safe_load((SCHEMAS / "api/openapi.yaml").read_text())
    page = re.sub(r'<span class="route-param">(.*?)</span>', r"\1", article(site, "SCHEMAS/api/rest-reference.md"))
    methods = {"get", "post", "put", "patch", "delete"}
    operations = [(m.upper(), p) for p, item in spec["paths"].items() for m in item if m in methods]
    assert len(operations) > 20
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
    keys = yaml.safe_load((SCHEMAS / "database/redis/keyspace.yaml").read_text())
    page = article(site, "SCHEMAS/database/redis/README.md")
    for key in keys:
        assert f"<code>{key['pattern']}</code>" in page


@pytest.mark.parametrize("sql", sorted(p.name for p in (SCHEMAS / "database/postgres").glob("*.sql")))
def test_every_postgres_table_is_rendered(site: Path, sql: str) -> None:
    source = (SCHEMAS / "database/postgres" / sql).read_text()
    tables = re.findall(r"^CREATE TABLE(?: IF NOT EXISTS)?\s+\w+\.(\w+)", source, re.M | re.I)
    page = article(site, f"SCHEMAS/database/postgres/{sql.removesuffix('.sql')}.md")
    assert tables
    for table in tables:
        assert re.search(rf"<h2 id=\"[^\"]*\">{table}<", page), table


def count_tasks(path: Path) -> tuple[int, int]:
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
    done = len(re.findall(r"^\s*[-*+] \[[xX]\] ", text, re.M))
    return done, done + len(re.findall(r"^\s*[-*+] \[ \] ", text, re.M))


def test_dashboard_numbers_equal_counts_taken_from_the_sources(site: Path) -> None:
    page = article(site, "PROGRESS/README.md")
    states = [
        re.search(r"^migration: (\S+)$", p.read_text(), re.M).group(1)
        for p in (DOCS / "ARCHITECTURE/service-catalog").glob("*-*.md")
    ] + [
        re.search(r"^migration: (\S+)$", (DOCS / "ARCHITECTURE/service-catalog/frontend.md").read_text(), re.M).group(1)
    ]
    migrated = states.count("migrated")
    assert f"{migrated} of {len(states)} services migrated" in page
    assert f"{states.count('not-started')} not started, {states.count('in-progress')} in progress" in page
    for folder in ("MIGRATION/checklists", "PROGRESS/in-progress", "PROGRESS/roadmap"):
        for path in sorted((DOCS / folder).glob("*.md")):
            if path.name == "README.md":
                continue
            done, total = count_tasks(path)
            assert f"{done} of {total}" in page, path
    statuses = [
        re.search(r"^status: (\S+)$", p.read_text(), re.M).group(1)
        for p in (DOCS / "ARCHITECTURE/decisions").glob("[0-9][0-9][0-9]-*.md")
    ]
    row = re.search(r"accepted</span> \| (\d+) \|", article_markdown_rows(page))
    assert row and int(row.group(1)) == statuses.count("accepted")


def article_markdown_rows(page: str) -> str:
    """The dashboard's decision table as 'status | count |' text, from its HTML cells."""
    cells = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(\d+)</td>", page, re.S)
    return "\n".join(f"{status} | {count} |" for status, count in cells)


# ------------------------------------------------------------------ broken schemas fail the build


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "SCHEMAS").mkdir(parents=True)
    (root / "README.md").write_text("# Home\n")
    return root


def put(docs: Path, relative: str, text: str | None = None) -> Path:
    target = docs / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        shutil.copy(DOCS / relative, target)
    else:
        target.write_text(text)
    return target


def failing(docs: Path, tmp_path: Path, caplog) -> list[str]:
    with pytest.raises(Abort):
        build_site(tmp_path / "site", docs)
    return warnings_in(caplog)


def test_an_invalid_openapi_document_fails_with_its_path(docs, tmp_path, caplog) -> None:
    put(docs, "SCHEMAS/api/openapi.yaml", "openapi: 3.1.0\ninfo:\n  title: x\npaths: {}\n")
    messages = failing(docs, tmp_path, caplog)
    assert "pyairtable_docs: docs/SCHEMAS/api/openapi.yaml: /info: 'version' is a required property" in messages


def test_an_invalid_graphql_schema_fails_with_its_line(docs, tmp_path, caplog) -> None:
    put(docs, "SCHEMAS/api/graphql.schema", "type Query {\n  me: User\n}\n")
    messages = failing(docs, tmp_path, caplog)
    assert any(
        m.startswith("pyairtable_docs: docs/SCHEMAS/api/graphql.schema:") and "Unknown type 'User'" in m
        for m in messages
    ), messages


def test_broken_kafka_topics_json_fails_with_its_line(docs, tmp_path, caplog) -> None:
    put(docs, "SCHEMAS/events/kafka-topics.schema.json")
    put(docs, "SCHEMAS/events/kafka-topics.json", '{\n  "topics": [\n    {"name": "a.b",}\n  ]\n}\n')
    messages = failing(docs, tmp_path, caplog)
    assert any(
        m.startswith("pyairtable_docs: docs/SCHEMAS/events/kafka-topics.json:3: not valid JSON") for m in messages
    ), messages


def test_a_topic_breaking_our_json_schema_fails_with_its_pointer(docs, tmp_path, caplog) -> None:
    put(docs, "SCHEMAS/events/kafka-topics.schema.json")
    data = json.loads((DOCS / "SCHEMAS/events/kafka-topics.json").read_text())
    data["topics"][2]["retention"] = "forever"
    put(docs, "SCHEMAS/events/kafka-topics.json", json.dumps(data))
    messages = failing(docs, tmp_path, caplog)
    assert (
        "pyairtable_docs: docs/SCHEMAS/events/kafka-topics.json: /topics/2/retention: "
        "'forever' does not match '^[1-9][0-9]*[hd]$'" in messages
    )


def test_topic_producers_and_consumers_must_be_catalog_services(docs, tmp_path, caplog) -> None:
    put(docs, "SCHEMAS/events/kafka-topics.schema.json")
    put(docs, "SCHEMAS/events/kafka-topics.json")
    messages = failing(docs, tmp_path, caplog)  # no service pages at all in this tree
    assert (
        "pyairtable_docs: docs/SCHEMAS/events/kafka-topics.json: /topics/0/producers: "
        "topic 'airtable.record.changed': 'airtable-gateway' is not a catalog service" in messages
    )


def test_a_postgres_syntax_error_fails_with_its_line(docs, tmp_path, caplog) -> None:
    source = (DOCS / "SCHEMAS/database/postgres/auth.sql").read_text()
    put(docs, "SCHEMAS/database/postgres/auth.sql", source.replace("NOT NULL", "NOT NUL", 1))
    line = source[: source.index("NOT NULL")].count("\n") + 1
    messages = failing(docs, tmp_path, caplog)
    assert any(
        m.startswith(
            f"pyairtable_docs: docs/SCHEMAS/database/postgres/auth.sql:{line}: "
            "PostgreSQL cannot parse this: syntax error"
        )
        for m in messages
    ), messages


def test_a_redis_key_without_ttl_fails_with_its_pointer(docs, tmp_path, caplog) -> None:
    put(docs, "SCHEMAS/database/redis/keyspace.schema.json")
    keys = yaml.safe_load((DOCS / "SCHEMAS/database/redis/keyspace.yaml").read_text())
    del keys[1]["ttl"]
    put(docs, "SCHEMAS/database/redis/keyspace.yaml", yaml.safe_dump(keys))
    messages = failing(docs, tmp_path, caplog)
    assert "pyairtable_docs: docs/SCHEMAS/database/redis/keyspace.yaml: /1: 'ttl' is a required property" in messages


def test_the_rest_reference_is_the_same_on_every_render() -> None:
    document = yaml.safe_load((DOCS / "SCHEMAS" / "api" / "openapi.yaml").read_text())
    first = render_openapi(document)
    assert render_openapi(document) == first  # its made-up example values too
