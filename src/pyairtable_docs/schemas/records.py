"""The SCHEMAS folder: each schema validated by the library made for its kind, then
turned into records the pages are rendered from.

Pure functions only. Each ``load_*`` takes a file's text and the path to show, and
returns the loaded records plus a Problem per error, with the library's own message
and its line (or JSON path where the library gives no line). Nothing here raises on
bad input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from pyairtable_docs.core.frontmatter import SafeLoaderWithoutAliases
from pyairtable_docs.core.problems import Problem, did_you_mean

# ---------------------------------------------------------------- data files


def load_yaml(text: str, display: str) -> tuple[Any, list[Problem]]:
    try:
        return yaml.load(text, Loader=SafeLoaderWithoutAliases), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return None, [Problem(display, "", f"not valid YAML: {error.problem}", mark.line + 1 if mark else None)]
    except (yaml.YAMLError, RecursionError) as error:
        return None, [Problem(display, "", f"not valid YAML: {error}")]


def load_json(text: str, display: str) -> tuple[Any, list[Problem]]:
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        return None, [Problem(display, "", f"not valid JSON: {error.msg} (column {error.colno})", error.lineno)]
    except RecursionError:
        return None, [Problem(display, "", "not valid JSON: nested too deeply")]


def json_pointer(path: Iterable[object]) -> str:
    return "/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in path)


def check_against(data: Any, schema: Mapping[str, Any], display: str) -> list[Problem]:
    """Every way ``data`` breaks the JSON Schema ``schema``, one Problem each."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [Problem(display, json_pointer(e.absolute_path), e.message) for e in errors]


# ---------------------------------------------------------------- OpenAPI


def check_openapi(document: Any, display: str) -> list[Problem]:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    if not isinstance(document, dict):
        return [Problem(display, "", "an OpenAPI document must be a mapping")]
    try:
        errors = list(OpenAPIV31SpecValidator(document).iter_errors())
    except Exception as error:  # the validator itself gave up on this document
        return [Problem(display, "", f"OpenAPI validation failed: {error}")]
    return [Problem(display, json_pointer(e.absolute_path), e.message.splitlines()[0]) for e in errors]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    tags: tuple[str, ...]


def operations(document: Mapping[str, Any]) -> list[Operation]:
    found = []
    for path, item in (document.get("paths") or {}).items():
        for method, op in (item or {}).items():
            if method in ("get", "put", "post", "delete", "patch", "head", "options", "trace"):
                found.append(
                    Operation(
                        method.upper(),
                        path,
                        op.get("operationId", ""),
                        op.get("summary", ""),
                        tuple(op.get("tags", ())),
                    )
                )
    return found


# ---------------------------------------------------------------- GraphQL


def load_graphql(text: str, display: str):  # -> tuple[GraphQLSchema | None, list[Problem]]
    from graphql import GraphQLError, build_schema, validate_schema

    try:
        schema = build_schema(text)
    except GraphQLError as error:
        line = error.locations[0].line if error.locations else None
        return None, [Problem(display, "", f"not valid GraphQL: {error.message}", line)]
    except (TypeError, RecursionError) as error:
        return None, [Problem(display, "", f"not valid GraphQL: {error}")]
    problems = []
    for error in validate_schema(schema):
        line = error.locations[0].line if error.locations else None
        problems.append(Problem(display, "", f"invalid GraphQL schema: {error.message}", line))
    return (schema if not problems else None), problems


# ---------------------------------------------------------------- Kafka topics


@dataclass(frozen=True)
class Topic:
    name: str
    description: str
    key: str
    retention: str
    partitions: int | None
    producers: tuple[str, ...]
    consumers: tuple[str, ...]
    payload: Mapping[str, Any] = field(default_factory=dict)


def topics_from(data: Mapping[str, Any]) -> list[Topic]:
    """Topic records from a ``kafka-topics.json`` already checked against its schema."""
    return [
        Topic(
            t["name"],
            t.get("description", ""),
            t.get("key", ""),
            t.get("retention", ""),
            t.get("partitions"),
            tuple(t.get("producers", ())),
            tuple(t.get("consumers", ())),
            t.get("payload") or {},
        )
        for t in data.get("topics", [])
    ]


def check_topics(
    topics: Sequence[Topic],
    services: Iterable[str],
    display: str,
    provided: Mapping[str, set[str]],
    consumed: Mapping[str, set[str]],
) -> list[Problem]:
    """Topics against the catalog: known services, both ends present, pages agreeing.

    ``provided``/``consumed`` map a topic name to the services whose catalog page lists
    ``events:<topic>`` under providesApis/consumesApis.
    """
    services = set(services)
    problems = []
    for index, topic in enumerate(topics):
        where = f"/topics/{index}"
        for role, names in (("producers", topic.producers), ("consumers", topic.consumers)):
            for name in names:
                if name not in services:
                    problems.append(
                        Problem(
                            display,
                            f"{where}/{role}",
                            f"topic {topic.name!r}: {name!r} is not a catalog service" + did_you_mean(name, services),
                        )
                    )
        if not topic.producers:
            problems.append(Problem(display, where, f"topic {topic.name!r} has no producer"))
        if not topic.consumers:
            problems.append(Problem(display, where, f"topic {topic.name!r} has no consumer"))
        for role, names, pages, field_name in (
            ("producers", topic.producers, provided, "providesApis"),
            ("consumers", topic.consumers, consumed, "consumesApis"),
        ):
            listed = pages.get(topic.name, set())
            for name in sorted(set(names) - listed):
                if name in services:
                    problems.append(
                        Problem(
                            display,
                            f"{where}/{role}",
                            f"topic {topic.name!r}: "
                            f"{name}'s catalog page does not list "
                            f"'events:{topic.name}' in {field_name}",
                        )
                    )
            for name in sorted(listed - set(names)):
                problems.append(
                    Problem(
                        display,
                        f"{where}/{role}",
                        f"topic {topic.name!r}: "
                        f"{name}'s catalog page lists 'events:{topic.name}' in "
                        f"{field_name}, but {name} is not among its {role}",
                    )
                )
    known = {t.name for t in topics}
    for topic in sorted(set(provided) | set(consumed)):
        if topic not in known:
            problems.append(
                Problem(
                    display,
                    "",
                    f"catalog pages name 'events:{topic}', which is not a topic here" + did_you_mean(topic, known),
                )
            )
    return problems


# ---------------------------------------------------------------- PostgreSQL

HEADER = re.compile(r"^--\s*(owner|schema):\s*(\S+)\s*$", re.M)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    default: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    comment: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[str, ...]
    indexes: tuple[str, ...]
    partitioned_by: str = ""


@dataclass(frozen=True)
class SqlFile:
    path: str
    owner: str
    schema: str
    tables: tuple[Table, ...]


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, max(offset, 0)) + 1


def load_sql(text: str, display: str) -> tuple[SqlFile | None, list[Problem]]:
    """Parse PostgreSQL DDL with PostgreSQL's own parser (pglast) and list its tables."""
    import pglast

    header = dict(HEADER.findall(text))
    problems = [
        Problem(display, "", f"the file must start with a `-- {name}: ...` line")
        for name in ("owner", "schema")
        if name not in header
    ]
    try:
        statements = pglast.parse_sql(text)
    except pglast.parser.ParseError as error:
        offset = error.args[1] if len(error.args) > 1 else 0
        return None, [
            *problems,
            Problem(display, "", f"PostgreSQL cannot parse this: {error.args[0]}", line_at(text, offset)),
        ]
    except RecursionError:
        return None, [*problems, Problem(display, "", "PostgreSQL cannot parse this: too deeply nested")]
    return SqlFile(display, header.get("owner", ""), header.get("schema", ""), tuple(_tables(statements))), problems


def _sql(node: Any) -> str:
    from pglast.stream import RawStream

    return RawStream()(node)


def _tables(statements: Sequence[Any]) -> list[Table]:
    from pglast import ast
    from pglast.enums import ConstrType

    comments: dict[tuple[str, str], str] = {}
    indexes: dict[tuple[str, str], list[str]] = {}
    creates = []
    for raw in statements:
        node = raw.stmt
        if isinstance(node, ast.CreateStmt):
            creates.append(node)
        elif isinstance(node, ast.IndexStmt):
            key = (node.relation.schemaname or "", node.relation.relname)
            columns = ", ".join(_sql(p) for p in node.indexParams)
            kind = "unique " if node.unique else ""
            method = f" using {node.accessMethod}" if node.accessMethod not in (None, "btree") else ""
            where = f" where {_sql(node.whereClause)}" if node.whereClause else ""
            indexes.setdefault(key, []).append(f"{node.idxname}: {kind}({columns}){method}{where}")
        elif isinstance(node, ast.CommentStmt) and node.objtype.name == "OBJECT_TABLE" and node.comment:
            names = [n.sval for n in node.object]
            comments[(names[0] if len(names) > 1 else "", names[-1])] = node.comment
    tables = []
    for node in creates:
        schema, name = node.relation.schemaname or "", node.relation.relname
        columns, primary, foreign = [], [], []
        for element in node.tableElts or ():
            if isinstance(element, ast.ColumnDef):
                kinds = {c.contype for c in element.constraints or ()}
                notes = []
                default = next(
                    (
                        _sql(c.raw_expr)
                        for c in element.constraints or ()
                        if c.contype == ConstrType.CONSTR_DEFAULT and c.raw_expr
                    ),
                    "",
                )
                if ConstrType.CONSTR_PRIMARY in kinds:
                    primary.append(element.colname)
                if ConstrType.CONSTR_UNIQUE in kinds:
                    notes.append("unique")
                for c in element.constraints or ():
                    if c.contype == ConstrType.CONSTR_FOREIGN:
                        foreign.append(f"{element.colname} → {_sql(c.pktable)}")
                    elif c.contype == ConstrType.CONSTR_CHECK:
                        notes.append(f"check ({_sql(c.raw_expr)})")
                nullable = not kinds & {ConstrType.CONSTR_NOTNULL, ConstrType.CONSTR_PRIMARY}
                columns.append(Column(element.colname, _sql(element.typeName), nullable, default, tuple(notes)))
            elif isinstance(element, ast.Constraint):
                keys = [k.sval for k in element.keys or ()]
                if element.contype == ConstrType.CONSTR_PRIMARY:
                    primary.extend(keys)
                elif element.contype == ConstrType.CONSTR_FOREIGN:
                    local = ", ".join(k.sval for k in element.fk_attrs or ())
                    remote = ", ".join(k.sval for k in element.pk_attrs or ())
                    foreign.append(f"({local}) → {_sql(element.pktable)} ({remote})")
                elif element.contype == ConstrType.CONSTR_UNIQUE:
                    indexes.setdefault((schema, name), []).append(f"unique ({', '.join(keys)})")
        primary_set = set(primary)
        columns = [
            Column(c.name, c.type, c.nullable and c.name not in primary_set, c.default, c.notes) for c in columns
        ]
        partition = _sql(node.partspec) if node.partspec else ""
        tables.append(
            Table(
                schema,
                name,
                comments.get((schema, name), ""),
                tuple(columns),
                tuple(primary),
                tuple(foreign),
                tuple(indexes.get((schema, name), ())),
                partition,
            )
        )
    return tables


def check_sql_owner(sql: SqlFile, services: Iterable[str]) -> list[Problem]:
    services = set(services)
    if sql.owner and sql.owner not in services:
        return [
            Problem(sql.path, "owner", f"{sql.owner!r} is not a catalog service" + did_you_mean(sql.owner, services), 1)
        ]
    return []


# ---------------------------------------------------------------- Redis


@dataclass(frozen=True)
class KeyPattern:
    pattern: str
    owner: str
    type: str
    ttl: str
    purpose: str
    example: str
    readers: tuple[str, ...]


def key_patterns_from(data: Sequence[Mapping[str, Any]]) -> list[KeyPattern]:
    return [
        KeyPattern(
            k["pattern"],
            k["owner"],
            k["type"],
            str(k["ttl"]),
            k.get("purpose", ""),
            k.get("example", ""),
            tuple(k.get("readers", ())),
        )
        for k in data
    ]


def check_key_owners(keys: Sequence[KeyPattern], services: Iterable[str], display: str) -> list[Problem]:
    services = set(services)
    problems = []
    for index, key in enumerate(keys):
        for role, names in (("owner", (key.owner,)), ("readers", key.readers)):
            for name in names:
                if name not in services:
                    problems.append(
                        Problem(
                            display,
                            f"/{index}/{role}",
                            f"key {key.pattern!r}: {name!r} is not a catalog service" + did_you_mean(name, services),
                        )
                    )
    return problems


def check_json_schemas(data: Mapping[str, Any], display: str) -> list[Problem]:
    """The envelope and every payload of kafka-topics.json must themselves be valid JSON Schemas."""
    from jsonschema import Draft202012Validator

    meta = Draft202012Validator(Draft202012Validator.META_SCHEMA)
    found = [("/envelope", data.get("envelope"))]
    found += [
        (f"/topics/{i}/payload", t.get("payload")) for i, t in enumerate(data.get("topics", [])) if isinstance(t, dict)
    ]
    problems = []
    for where, schema in found:
        for error in meta.iter_errors(schema):
            problems.append(
                Problem(display, where + json_pointer(error.absolute_path), f"not a valid JSON Schema: {error.message}")
            )
    return problems
