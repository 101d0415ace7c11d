"""Every name the contracts define, by kind: what prose may mention.

``load_registry`` reads the machine-readable sources (OpenAPI contracts, Kafka topics,
Redis keyspace, PostgreSQL DDL, GraphQL schema, catalog pages, ADR files) from a mapping
of docs-relative path to text, so the build and ``pyairtable-docs check`` read the same
things. A contract that cannot be read adds a Problem and leaves its kinds empty; the
checker then reports nothing for names only that contract could resolve (the schema pages
already report the broken file once).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pyairtable_docs.adr.records import ADR_DIR, is_adr_page
from pyairtable_docs.catalog.records import service_name
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.drift.markdown_blocks import blocks
from pyairtable_docs.schemas.records import load_graphql, load_json, load_sql, load_yaml

PUBLIC_API = "SCHEMAS/api/openapi.yaml"
INTERNAL_API = "SCHEMAS/api/internal.yaml"
GRAPHQL = "SCHEMAS/api/graphql.schema"
TOPICS = "SCHEMAS/events/kafka-topics.json"
KEYSPACE = "SCHEMAS/database/redis/keyspace.yaml"
SQL_DIR = "SCHEMAS/database/postgres/"
PUBLIC_BASE = "/api/v1"
HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS")
PROBLEM_TYPE = re.compile(r"/problems/([a-z0-9-]+)")
VIEW = re.compile(
    r"create\s+(?:or\s+replace\s+)?(?:materialized\s+)?view\s+(?:if\s+not\s+exists\s+)?(\w+)\.(\w+)", re.I
)
ADR_FILE = re.compile(r"^(\d{3,})-")
ALERT_NAME = re.compile(r"^[A-Z][A-Za-z0-9]+$")
REPOSITORY_FIELD = re.compile(r"^repository:\s*[\"']?([\w.-]+)", re.M)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # as the contract writes it; public paths without the /api/v1 base
    api: str  # "public" or "internal"
    owner: str  # internal: the owning service (the operation's tag); public: ""
    statuses: frozenset[str]
    at_root: bool = False  # a public path served at the host root (its own `servers`), not under /api/v1

    @property
    def shown(self) -> str:
        under_base = self.api == "public" and not self.at_root
        return f"{self.method} {PUBLIC_BASE + self.path if under_base else self.path}"


@dataclass
class Registry:
    """The names of each kind, and where each kind comes from."""

    endpoints: list[Endpoint] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # lower-case name -> name as declared
    problem_types: set[str] = field(default_factory=set)
    events: dict[str, str] = field(default_factory=dict)  # event type -> its topic
    topics: dict[str, dict[str, Any]] = field(default_factory=dict)  # topic -> payload schema
    keys: list[str] = field(default_factory=list)
    tables: dict[str, set[str]] = field(default_factory=dict)  # "schema.table" -> columns (views: empty)
    graphql: dict[str, set[str]] = field(default_factory=dict)  # type -> fields
    services: set[str] = field(default_factory=set)
    repositories: set[str] = field(default_factory=set)
    adrs: set[int] = field(default_factory=set)
    alerts: dict[str, tuple[str, int]] = field(default_factory=dict)  # alert -> (defining page, line)
    sources: dict[str, list[str]] = field(default_factory=dict)  # kind -> files it is read from

    def payload_fields(self, event: str) -> set[str]:
        return set(_field_paths(self.topics.get(self.events.get(event, ""), {})))

    @property
    def schemas(self) -> set[str]:
        return {name.split(".")[0] for name in self.tables}


def load_registry(texts: Mapping[str, str], display: Mapping[str, str]) -> tuple[Registry, list[Problem]]:
    """The registry from ``texts`` (docs-relative path -> text); ``display`` names files for messages."""
    registry, problems = Registry(), []
    shown = lambda src: display.get(src, src)  # noqa: E731
    for src, api in ((PUBLIC_API, "public"), (INTERNAL_API, "internal")):
        if src in texts:
            document, found = load_yaml(texts[src], shown(src))
            problems += found
            if isinstance(document, dict):
                _add_openapi(registry, document, api)
                registry.sources.setdefault("operation", []).append(src)
    if TOPICS in texts:
        data, found = load_json(texts[TOPICS], shown(TOPICS))
        problems += found
        if isinstance(data, dict):
            _add_topics(registry, data)
    if KEYSPACE in texts:
        data, found = load_yaml(texts[KEYSPACE], shown(KEYSPACE))
        problems += found
        if isinstance(data, list):
            registry.keys = [str(k["pattern"]) for k in data if isinstance(k, dict) and "pattern" in k]
            registry.sources["key"] = [KEYSPACE]
    for src in sorted(s for s in texts if s.startswith(SQL_DIR) and s.endswith(".sql")):
        sql, found = load_sql(texts[src], shown(src))
        problems += found
        if sql is not None:
            for table in sql.tables:
                registry.tables[f"{table.schema or sql.schema}.{table.name}"] = {c.name for c in table.columns}
            for schema, view in VIEW.findall(texts[src]):
                registry.tables.setdefault(f"{schema}.{view}", set())
            registry.sources.setdefault("table", []).append(src)
    if GRAPHQL in texts:
        schema, found = load_graphql(texts[GRAPHQL], shown(GRAPHQL))
        problems += found
        if schema is not None:
            _add_graphql(registry, schema)
    _add_catalog_and_decisions(registry, texts)
    return registry, problems


def _add_openapi(registry: Registry, document: Mapping[str, Any], api: str) -> None:
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method, operation in item.items():
            if method.upper() in HTTP_METHODS and isinstance(operation, dict):
                tags = operation.get("tags") or [""]
                statuses = frozenset(str(code) for code in (operation.get("responses") or {}))
                owner = str(tags[0]) if api == "internal" else ""
                at_root = bool(item.get("servers") or operation.get("servers"))
                registry.endpoints.append(Endpoint(method.upper(), str(path), api, owner, statuses, at_root))
    for name in _header_names(document):
        registry.headers.setdefault(name.lower(), name)
    registry.problem_types |= set(PROBLEM_TYPE.findall(str(document)))
    registry.sources.setdefault("header", []).append(INTERNAL_API if api == "internal" else PUBLIC_API)


def _header_names(node: Any, key: str = "") -> Iterator[str]:
    """Every header an OpenAPI document declares: header parameters and response headers."""
    if isinstance(node, dict):
        if node.get("in") == "header" and isinstance(node.get("name"), str):
            yield node["name"]
        for name, value in node.items():
            if name == "headers" and isinstance(value, dict):
                yield from (str(header) for header in value)
            yield from _header_names(value, str(name))
    elif isinstance(node, list):
        for value in node:
            yield from _header_names(value)


def _add_topics(registry: Registry, data: Mapping[str, Any]) -> None:
    for topic in data.get("topics") or ():
        if not isinstance(topic, dict) or "name" not in topic:
            continue
        name = str(topic["name"])
        registry.topics[name] = topic.get("payload") or {}
        for event in topic.get("eventTypes") or ():
            if isinstance(event, dict) and "type" in event:
                registry.events.setdefault(str(event["type"]), name)
    registry.sources["event"] = [TOPICS]


def _field_paths(schema: Any, prefix: str = "") -> Iterator[str]:
    """``a``, ``a.b``, ``items.c``: every property path of a JSON Schema, arrays seen through."""
    if not isinstance(schema, dict):
        return
    for keyword in ("items", "additionalProperties"):
        if isinstance(schema.get(keyword), dict):
            yield from _field_paths(schema[keyword], prefix)
    for keyword in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(keyword) or ():
            yield from _field_paths(branch, prefix)
    for name, value in (schema.get("properties") or {}).items():
        path = f"{prefix}{name}"
        yield path
        yield from _field_paths(value, path + ".")


def _add_graphql(registry: Registry, schema: Any) -> None:
    for name, kind in schema.type_map.items():
        if name.startswith("__"):
            continue
        fields = getattr(kind, "fields", None) or getattr(kind, "values", None) or {}
        registry.graphql[name] = set(fields)
    registry.sources["graphql"] = [GRAPHQL]


def _add_catalog_and_decisions(registry: Registry, texts: Mapping[str, str]) -> None:
    for src, text in texts.items():
        name = service_name(src)
        if name:
            registry.services.add(name)
            registry.repositories.update(REPOSITORY_FIELD.findall(text.split("\n---", 1)[0]))
            registry.sources.setdefault("service", []).append(src)
        elif is_adr_page(src) and (number := ADR_FILE.match(src[len(ADR_DIR) :])):
            registry.adrs.add(int(number.group(1)))
        if src.endswith(".md") and ("| Alert" in text or "| Platform alert" in text):
            for alert, line in alert_definitions(src, text):
                registry.alerts.setdefault(alert, (src, line))
    registry.sources["service"] = sorted(registry.sources.get("service", []))


def alert_definitions(src: str, page: str) -> list[tuple[str, int]]:
    """The alerts a page defines: each code span in the first cell of a defining table.

    A service page's table whose first header cell is "Alert" defines that service's alerts;
    a table headed "Platform alert", on any page, defines the alerts no single service owns.
    """
    headers = {"alert", "platform alert"} if service_name(src) else {"platform alert"}
    found, defining = [], set()
    for block in blocks(page):
        if block.kind == "header" and block.cell_texts and block.cell_texts[0].strip().lower() in headers:
            defining.add(block.table)
        elif block.kind == "row" and block.table in defining and block.cells:
            found += [(span.text, block.line) for span in block.cells[0] if ALERT_NAME.match(span.text)]
    return found
