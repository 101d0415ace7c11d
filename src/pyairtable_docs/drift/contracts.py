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
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pyairtable_docs.adr.records import ADR_DIR, is_adr_page
from pyairtable_docs.alerts.records import alert_names, is_rules_file
from pyairtable_docs.catalog.records import service_name
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.drift.markdown_blocks import Block
from pyairtable_docs.schemas.records import (
    GRAPHQL,
    INTERNAL_API,
    KEYSPACE,
    PUBLIC_API,
    SQL_DIR,
    TOPICS,
    load_graphql,
    load_json,
    load_sql,
    load_yaml,
)
from pyairtable_docs.teams.records import TEAMS_FILE

PUBLIC_BASE = "/api/v1"
HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS")
PROBLEM_TYPE = re.compile(r"/problems/([a-z0-9-]+)")
ADR_FILE = re.compile(r"^(\d{3,})-")
ALERT_NAME = re.compile(r"^[A-Z][A-Za-z0-9]+$")
REPOSITORY_FIELD = re.compile(r"^repository:\s*[\"']?([\w.-]+)", re.M)
OWNER_FIELD = re.compile(r"^owner:\s*[\"']?([\w.-]+)", re.M)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # as the contract writes it; public paths without the /api/v1 base
    api: str  # "public" or "internal"
    owner: str  # internal: the owning service (the operation's tag); public: ""
    statuses: frozenset[str]
    at_root: bool = False  # a public path served at the host root (its own `servers`), not under /api/v1
    query: frozenset[str] = frozenset()  # names of its query parameters

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
    problem_statuses: dict[str, set[str]] = field(default_factory=dict)  # type -> statuses its examples give
    events: dict[str, str] = field(default_factory=dict)  # event type -> its topic
    topics: dict[str, dict[str, Any]] = field(default_factory=dict)  # topic -> payload schema
    envelope: set[str] = field(default_factory=set)  # field paths of the event envelope
    keys: list[str] = field(default_factory=list)
    tables: dict[str, set[str]] = field(default_factory=dict)  # "schema.table" -> columns (views: empty)
    graphql: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> field -> its named type
    services: set[str] = field(default_factory=set)
    repositories: set[str] = field(default_factory=set)
    adrs: set[int] = field(default_factory=set)
    alerts: dict[str, tuple[str, int]] = field(default_factory=dict)  # alert -> (defining page, line)
    leads: dict[str, str] = field(default_factory=dict)  # team -> its lead (teams.yaml)
    rotations: dict[str, str] = field(default_factory=dict)  # PagerDuty rotation -> its team
    channels: dict[str, str] = field(default_factory=dict)  # escalation channel -> its team
    owners: dict[str, str] = field(default_factory=dict)  # service -> owning team (catalog front matter)
    sources: dict[str, list[str]] = field(default_factory=dict)  # kind -> files it is read from

    def payload_fields(self, event: str) -> set[str]:
        """A field path of the event's payload (the envelope's data), or of the envelope itself."""
        topic = self.events.get(event, event if event in self.topics else "")
        return set(field_paths(self.topics.get(topic, {}))) | self.envelope

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
                problems += _guarded(shown(src), "SCH001", _add_openapi, registry, document, api, src)
    if TOPICS in texts:
        data, found = load_json(texts[TOPICS], shown(TOPICS))
        problems += found
        if isinstance(data, dict):
            problems += _guarded(shown(TOPICS), "SCH011", _add_topics, registry, data)
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
            for view in sql.views:
                registry.tables[f"{view.schema or sql.schema}.{view.name}"] = set(view.columns)
            registry.sources.setdefault("table", []).append(src)
    if GRAPHQL in texts:
        schema, found = load_graphql(texts[GRAPHQL], shown(GRAPHQL))
        problems += found
        if schema is not None:
            problems += _guarded(shown(GRAPHQL), "SCH003", _add_graphql, registry, schema)
    _add_catalog_and_decisions(registry, texts)
    if TEAMS_FILE in texts:
        teams, _ = load_yaml(texts[TEAMS_FILE], shown(TEAMS_FILE))  # its problems: the teams hook's to report
        entries = teams.get("teams") if isinstance(teams, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str) and isinstance(entry.get("lead"), str):
                registry.leads.setdefault(entry["name"], entry["lead"].strip())
                registry.rotations.setdefault(str(entry.get("rotation")), entry["name"])
                registry.channels.setdefault(str(entry.get("channel")), entry["name"])
        registry.sources["team"] = [TEAMS_FILE]
    return registry, problems


def _guarded(shown: str, code: str, add: Callable[..., None], *args: Any) -> list[Problem]:
    """Run ``add``; a contract shaped in a way the names cannot be read from is one Problem, not a traceback.

    Its code is the contract's own (``code``: not valid OpenAPI, GraphQL, or against its schema), which the
    build reports from the schema pages; ``pyairtable-docs check`` reports it from here."""
    try:
        add(*args)
    except (AttributeError, TypeError, KeyError, ValueError, RecursionError) as error:
        why = f"cannot read the names this file defines ({type(error).__name__}: {error})"
        return [Problem(shown, "", why, code=code)]
    return []


def _add_openapi(registry: Registry, document: Mapping[str, Any], api: str, src: str) -> None:
    paths = document.get("paths") or {}
    if not isinstance(paths, dict):
        raise TypeError("paths is not a mapping")
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method, operation in item.items():
            if str(method).upper() in HTTP_METHODS and isinstance(operation, dict):
                tags = operation.get("tags") or [""]
                statuses = frozenset(str(code) for code in (operation.get("responses") or {}))
                owner = str(tags[0]) if api == "internal" else ""
                at_root = bool(item.get("servers") or operation.get("servers"))
                parameters = [*(item.get("parameters") or ()), *(operation.get("parameters") or ())]
                query = frozenset(
                    str(p.get("name"))
                    for p in map(lambda p: _resolved(document, p), parameters)
                    if p.get("in") == "query"
                )
                endpoint = Endpoint(str(method).upper(), str(path), api, owner, statuses, at_root, query)
                registry.endpoints.append(endpoint)
    for name in _header_names(document):
        registry.headers.setdefault(name.lower(), name)
    registry.problem_types |= set(PROBLEM_TYPE.findall(str(document)))
    for slug, status in _problem_examples(document):
        registry.problem_statuses.setdefault(slug, set()).add(status)
    registry.sources.setdefault("header", []).append(src)
    registry.sources.setdefault("operation", []).append(src)


def _resolved(document: Mapping[str, Any], node: Any) -> Mapping[str, Any]:
    """``node``, or what its local ``$ref`` (#/components/...) points at."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target: Any = document
        for part in node["$ref"][2:].split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(target, dict) else None
        if target is node:
            break
        node = target
    return node if isinstance(node, dict) else {}


def _problem_examples(node: Any) -> Iterator[tuple[str, str]]:
    """(type, status) of every example problem document: what status each problem type comes with."""
    if isinstance(node, dict):
        kind, status = node.get("type"), node.get("status")
        if isinstance(kind, str) and isinstance(status, int) and (match := PROBLEM_TYPE.search(kind)):
            yield match.group(1), str(status)
        for value in node.values():
            yield from _problem_examples(value)
    elif isinstance(node, list):
        for value in node:
            yield from _problem_examples(value)


def _header_names(node: Any, key: str = "") -> Iterator[str]:
    """Every header an OpenAPI document declares: header parameters and response headers."""
    if isinstance(node, dict):
        if node.get("in") == "header" and isinstance(node.get("name"), str):
            yield node["name"]
        for name, value in node.items():
            if name == "headers" and isinstance(value, dict) and key != "components":
                yield from (str(header) for header in value)  # a response's headers, by name
            yield from _header_names(value, str(name))
    elif isinstance(node, list):
        for value in node:
            yield from _header_names(value)


def _add_topics(registry: Registry, data: Mapping[str, Any]) -> None:
    registry.envelope = set(field_paths(data.get("envelope") or {}))
    for topic in data.get("topics") or ():
        if not isinstance(topic, dict) or "name" not in topic:
            continue
        name = str(topic["name"])
        registry.topics[name] = topic.get("payload") or {}
        for event in topic.get("eventTypes") or ():
            if isinstance(event, dict) and "type" in event:
                registry.events.setdefault(str(event["type"]), name)
    registry.sources["event"] = [TOPICS]


def field_paths(schema: Any, prefix: str = "") -> Iterator[str]:
    """``a``, ``a.b``, ``items.c``: every property path of a JSON Schema, arrays seen through."""
    if not isinstance(schema, dict):
        return
    for keyword in ("items", "additionalProperties"):
        if isinstance(schema.get(keyword), dict):
            yield from field_paths(schema[keyword], prefix)
    for keyword in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(keyword) or ():
            yield from field_paths(branch, prefix)
    properties = schema.get("properties") or {}
    for name, value in properties.items() if isinstance(properties, dict) else ():
        path = f"{prefix}{name}"
        yield path
        yield from field_paths(value, path + ".")


def _add_graphql(registry: Registry, schema: Any) -> None:
    from graphql import get_named_type

    for name, kind in schema.type_map.items():
        if name.startswith("__"):
            continue
        fields = getattr(kind, "fields", None) or {}
        values = getattr(kind, "values", None) or {}
        registry.graphql[name] = {f: get_named_type(d.type).name for f, d in fields.items()} | {v: "" for v in values}
    registry.sources["graphql"] = [GRAPHQL]


def _add_catalog_and_decisions(registry: Registry, texts: Mapping[str, str]) -> None:
    for src, text in texts.items():
        name = service_name(src)
        if name:
            registry.services.add(name)
            front = text.split("\n---", 1)[0]
            registry.repositories.update(REPOSITORY_FIELD.findall(front))
            registry.owners.update((name, owner) for owner in OWNER_FIELD.findall(front)[:1])
            registry.sources.setdefault("service", []).append(src)
        elif is_adr_page(src) and (number := ADR_FILE.match(src[len(ADR_DIR) :])):
            registry.adrs.add(int(number.group(1)))
        elif is_rules_file(src):
            for alert, line in alert_definitions(src, text):
                registry.alerts.setdefault(alert, (src, line))
            registry.sources.setdefault("alert", []).append(src)
    registry.sources["service"] = sorted(registry.sources.get("service", []))


def alert_definitions(src: str, text: str) -> list[tuple[str, int]]:
    """The alert names a rules file defines, with their lines; a rule with another problem
    (reported by the alerts hook) still defines its name for prose."""
    return [(name, line) for name, _, line in alert_names(text) or () if ALERT_NAME.match(name)]


def first_cell(block: Block) -> str:
    return block.cell_texts[0].replace("`", "").strip().lower() if block.cell_texts else ""
