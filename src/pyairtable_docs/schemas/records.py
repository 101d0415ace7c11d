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


# A data file that cannot be parsed is FMT009 (core/codes.py); a JSON Schema that cannot, FMT010.
def load_yaml(text: str, display: str, code: str = "FMT009") -> tuple[Any, list[Problem]]:
    try:
        return yaml.load(text, Loader=SafeLoaderWithoutAliases), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        return None, [Problem(display, "", f"not valid YAML: {error.problem}", line, code)]
    except (yaml.YAMLError, RecursionError) as error:
        return None, [Problem(display, "", f"not valid YAML: {error}", code=code)]


def load_json(text: str, display: str, code: str = "FMT009") -> tuple[Any, list[Problem]]:
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} (column {error.colno})"
        return None, [Problem(display, "", message, error.lineno, code)]
    except RecursionError:
        return None, [Problem(display, "", "not valid JSON: nested too deeply", code=code)]


def json_pointer(path: Iterable[object]) -> str:
    return "/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in path)


def check_against(data: Any, schema: Mapping[str, Any], display: str) -> list[Problem]:
    """Every way ``data`` breaks the JSON Schema ``schema``, one Problem each."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [Problem(display, json_pointer(e.absolute_path), e.message, code="SCH011") for e in errors]


# ---------------------------------------------------------------- OpenAPI


def check_openapi(document: Any, display: str) -> list[Problem]:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    if not isinstance(document, dict):
        return [Problem(display, "", "an OpenAPI document must be a mapping", code="SCH001")]
    try:
        errors = list(OpenAPIV31SpecValidator(document).iter_errors())
    except Exception as error:  # the validator itself gave up on this document
        return [Problem(display, "", f"OpenAPI validation failed: {error}", code="SCH001")]
    return [Problem(display, json_pointer(e.absolute_path), e.message.splitlines()[0], code="SCH001") for e in errors]


HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# Where each contract lives in docs/: the schema pages, the drift check and the dependency
# evidence all read the same files.
PUBLIC_API = "SCHEMAS/api/openapi.yaml"
INTERNAL_API = "SCHEMAS/api/internal.yaml"
GRAPHQL = "SCHEMAS/api/graphql.schema"
TOPICS = "SCHEMAS/events/kafka-topics.json"
KEYSPACE = "SCHEMAS/database/redis/keyspace.yaml"
SQL_DIR = "SCHEMAS/database/postgres/"

EVERY_SERVICE = "every-service"  # internal.yaml's tag for what every service serves (/healthz, ...)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    tags: tuple[str, ...]
    statuses: tuple[str, ...] = ()  # its response codes as written ("200", "4XX", "default")
    served_by: tuple[str, ...] = ()  # internal.yaml, every-service: x-served-by, the services that hold data

    @property
    def owner(self) -> str:
        """internal.yaml: the owning service, named by the operation's one tag ("" if not one)."""
        return self.tags[0] if len(self.tags) == 1 else ""


def operations(document: Mapping[str, Any]) -> list[Operation]:
    """Every operation of an OpenAPI document already checked by ``check_openapi``."""
    found = []
    for path, item in (document.get("paths") or {}).items():
        for method, op in (item or {}).items():
            if method in HTTP_METHODS:
                found.append(
                    Operation(
                        method.upper(),
                        path,
                        op.get("operationId", ""),
                        op.get("summary", ""),
                        tuple(op.get("tags", ())),
                        tuple(str(code) for code in op.get("responses") or ()),
                        served_by(op),
                    )
                )
    return found


def served_by(operation: Mapping[str, Any]) -> tuple[str, ...]:
    """An operation's ``x-served-by`` names (one name written without a list counts as a list of one)."""
    names = operation.get("x-served-by") or ()
    return tuple(map(str, names)) if isinstance(names, list | tuple) else (str(names),)


def path_match(template: str, written: str, prefix: bool = False) -> int | None:
    """How many literal segments of the path template ``template`` the path ``written`` matches,
    or None when it does not match. A ``{placeholder}`` matches any one non-empty segment; with
    ``prefix``, ``written`` need only match the template's leading segments.
    """
    expected = [part for part in template.strip("/").split("/") if part]
    actual = [part for part in written.strip("/").split("/") if part]
    if prefix:
        expected = expected[: len(actual)]
    if len(expected) != len(actual):
        return None
    literal = 0
    for wanted, got in zip(expected, actual, strict=True):
        if wanted.startswith("{") and wanted.endswith("}"):
            continue
        if wanted != got:
            return None
        literal += 1
    return literal


def internal_operations(document: Mapping[str, Any]) -> list[Operation]:
    """internal.yaml's operations; ``owner`` is the service that serves each (or ``every-service``)."""
    return operations(document)


def check_internal_owners(document: Mapping[str, Any], services: Iterable[str], display: str) -> list[Problem]:
    """Every internal operation names its owner: exactly one tag, a catalog service or ``every-service``."""
    owners = set(services) | {EVERY_SERVICE}
    problems = []
    for op in operations(document):
        where = json_pointer(["paths", op.path, op.method.lower(), "tags"])
        shown = f"{op.method} {op.path}"
        if len(op.tags) != 1:
            problems.append(
                Problem(
                    display,
                    where,
                    f"{shown} must have exactly one tag, the catalog service that serves it "
                    f"(or {EVERY_SERVICE!r}); it has {len(op.tags)}",
                    code="SCH002",
                )
            )
        elif op.owner not in owners:
            problems.append(
                Problem(
                    display,
                    where,
                    f"{shown}: tag {op.owner!r} is not a catalog service or {EVERY_SERVICE!r}"
                    + did_you_mean(op.owner, owners),
                    code="SCH008",
                )
            )
        for position, name in enumerate(op.served_by):
            if name not in owners - {EVERY_SERVICE}:
                problems.append(
                    Problem(
                        display,
                        json_pointer(["paths", op.path, op.method.lower(), "x-served-by", position]),
                        f"{shown}: x-served-by names {name!r}, which is not a catalog service"
                        + did_you_mean(name, owners - {EVERY_SERVICE}),
                        code="SCH008",
                    )
                )
    return problems


# ---------------------------------------------------------------- GraphQL


def load_graphql(text: str, display: str):  # -> tuple[GraphQLSchema | None, list[Problem]]
    from graphql import GraphQLError, build_schema, validate_schema

    try:
        schema = build_schema(text)
    except GraphQLError as error:
        line = error.locations[0].line if error.locations else None
        return None, [Problem(display, "", f"not valid GraphQL: {error.message}", line, "SCH003")]
    except (TypeError, RecursionError) as error:
        return None, [Problem(display, "", f"not valid GraphQL: {error}", code="SCH003")]
    problems = []
    for error in validate_schema(schema):
        line = error.locations[0].line if error.locations else None
        problems.append(Problem(display, "", f"invalid GraphQL schema: {error.message}", line, "SCH003"))
    return (schema if not problems else None), problems


# ---------------------------------------------------------------- Kafka topics


@dataclass(frozen=True)
class EventType:
    type: str  # e.g. auth.login; its payload schema is its topic's payload
    description: str


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
    event_types: tuple[EventType, ...] = ()


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
            tuple(EventType(e["type"], e.get("description", "")) for e in t.get("eventTypes", ())),
        )
        for t in data.get("topics", [])
    ]


def event_topics(topics: Sequence[Topic]) -> dict[str, str]:
    """Event type -> the topic it is published on (the first, if a type is listed twice)."""
    found: dict[str, str] = {}
    for topic in topics:
        for event in topic.event_types:
            found.setdefault(event.type, topic.name)
    return found


def check_event_types(topics: Sequence[Topic], display: str) -> list[Problem]:
    """An event type belongs to one topic: a second listing, on any topic, is a Problem."""
    first: dict[str, str] = {}
    problems = []
    for index, topic in enumerate(topics):
        for position, event in enumerate(topic.event_types):
            if event.type in first:
                problems.append(
                    Problem(
                        display,
                        f"/topics/{index}/eventTypes/{position}/type",
                        f"topic {topic.name!r}: event type {event.type!r} is already listed "
                        f"under topic {first[event.type]!r}; an event type belongs to one topic",
                        code="SCH004",
                    )
                )
            else:
                first[event.type] = topic.name
    return problems


def check_topics(
    topics: Sequence[Topic],
    services: Iterable[str],
    display: str,
    provided: Mapping[str, set[str]],
    consumed: Mapping[str, set[str]],
    page_of: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Topics against the catalog: known services, both ends present, pages agreeing.

    ``provided``/``consumed`` map a topic name to the services whose catalog page lists
    ``events:<topic>`` under providesApis/consumesApis; ``page_of`` maps a service to its
    page as shown to authors (where a topic that does not exist is reported).
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
                            code="SCH008",
                        )
                    )
        if not topic.producers:
            problems.append(Problem(display, where, f"topic {topic.name!r} has no producer", code="SCH005"))
        if not topic.consumers:
            problems.append(Problem(display, where, f"topic {topic.name!r} has no consumer", code="SCH005"))
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
                            code="SCH006",
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
                        code="SCH006",
                    )
                )
    known = {t.name for t in topics}
    page_of = page_of or {}
    for field_name, named in (("providesApis", provided), ("consumesApis", consumed)):
        for topic, names in sorted(named.items()):
            if topic in known:
                continue
            for name in sorted(names):  # the mistake is on the catalog page: reported there
                message = f"'events:{topic}' is not a topic of {display}" + did_you_mean(topic, known)
                problems.append(Problem(page_of.get(name, name), field_name, message, code="SCH007"))
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
    comment: str = ""


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
    partition_of: str = ""  # "schema.parent" for a PARTITION OF table
    bounds: str = ""  # its FOR VALUES clause, or DEFAULT


@dataclass(frozen=True)
class View:
    schema: str
    name: str
    comment: str
    columns: tuple[str, ...]
    reads: tuple[str, ...]  # "schema.table" of every relation its query reads
    materialized: bool
    definition: str  # the CREATE statement as the file writes it


@dataclass(frozen=True)
class SqlFile:
    path: str
    owner: str
    schema: str
    tables: tuple[Table, ...]
    views: tuple[View, ...] = ()

    @property
    def objects(self) -> tuple[str, ...]:
        """The name of every table and view the file creates, in the order written."""
        return tuple(t.name for t in self.tables) + tuple(v.name for v in self.views)


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, max(offset, 0)) + 1


def load_sql(text: str, display: str) -> tuple[SqlFile | None, list[Problem]]:
    """Parse PostgreSQL DDL with PostgreSQL's own parser (pglast) and list its tables."""
    import pglast

    header = dict(HEADER.findall(text))
    problems = [
        Problem(display, "", f"the file must start with a `-- {name}: ...` line", code="SCH009")
        for name in ("owner", "schema")
        if name not in header
    ]
    try:
        statements = pglast.parse_sql(text)
    except pglast.parser.ParseError as error:
        offset = error.args[1] if len(error.args) > 1 else 0
        return None, [
            *problems,
            Problem(display, "", f"PostgreSQL cannot parse this: {error.args[0]}", line_at(text, offset), "SCH010"),
        ]
    except RecursionError:
        return None, [*problems, Problem(display, "", "PostgreSQL cannot parse this: too deeply nested", code="SCH010")]
    sql = SqlFile(
        display,
        header.get("owner", ""),
        header.get("schema", ""),
        tuple(_tables(statements)),
        tuple(_views(statements, text)),
    )
    return sql, problems


def _sql(node: Any) -> str:
    from pglast.stream import RawStream

    return RawStream()(node)


def _comments(statements: Sequence[Any], kind: str) -> dict[tuple[str, ...], str]:
    """COMMENT ON <kind> texts by (schema, name[, column]); schema "" when not written."""
    from pglast import ast

    found = {}
    for raw in statements:
        node = raw.stmt
        if isinstance(node, ast.CommentStmt) and node.objtype.name == f"OBJECT_{kind}" and node.comment:
            names = [n.sval for n in node.object]
            width = 3 if kind == "COLUMN" else 2
            found[tuple(["", *names][-width:])] = node.comment
    return found


def _relations_read(query: Any) -> tuple[str, ...]:
    from pglast.visitors import Visitor

    class Reads(Visitor):
        def __init__(self) -> None:
            super().__init__()
            self.names: list[str] = []

        def visit_RangeVar(self, ancestors: Any, node: Any) -> None:
            self.names.append(f"{node.schemaname}.{node.relname}" if node.schemaname else node.relname)

    reads = Reads()
    reads(query)
    return tuple(dict.fromkeys(reads.names))


def _output_names(query: Any, aliases: Sequence[Any] | None) -> tuple[str, ...]:
    """A view's column names: its alias list, or each select item's name as PostgreSQL derives it."""
    from pglast import ast

    if aliases:
        return tuple(a.sval for a in aliases)
    while getattr(query, "targetList", None) is None and getattr(query, "larg", None) is not None:
        query = query.larg  # UNION and the like: the first branch names the columns
    names = []
    for target in getattr(query, "targetList", None) or ():
        if target.name:
            names.append(target.name)
        elif isinstance(target.val, ast.ColumnRef):
            last = target.val.fields[-1]
            names.append("*" if isinstance(last, ast.A_Star) else last.sval)
        else:
            names.append("?column?")
    return tuple(names)


def _views(statements: Sequence[Any], text: str) -> list[View]:
    """CREATE [OR REPLACE] VIEW and CREATE MATERIALIZED VIEW, with their comments."""
    from pglast import ast

    comments = _comments(statements, "VIEW") | _comments(statements, "MATVIEW")
    views = []
    for raw in statements:
        node = raw.stmt
        if isinstance(node, ast.ViewStmt):
            relation, query, aliases, materialized = node.view, node.query, node.aliases, False
        elif isinstance(node, ast.CreateTableAsStmt) and node.objtype.name == "OBJECT_MATVIEW":
            relation, query, aliases, materialized = node.into.rel, node.query, node.into.colNames, True
        else:
            continue
        schema, name = relation.schemaname or "", relation.relname
        views.append(
            View(
                schema,
                name,
                comments.get((schema, name), ""),
                _output_names(query, aliases),
                _relations_read(query),
                materialized,
                _statement_text(text, raw),
            )
        )
    return views


def _statement_text(text: str, raw: Any) -> str:
    end = raw.stmt_location + raw.stmt_len if raw.stmt_len else len(text)  # 0: up to the end
    return text[raw.stmt_location : end].strip().removesuffix(";")


def _tables(statements: Sequence[Any]) -> list[Table]:
    from pglast import ast
    from pglast.enums import ConstrType

    comments = _comments(statements, "TABLE")
    column_comments = _comments(statements, "COLUMN")
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
                comment = column_comments.get((schema, name, element.colname), "")
                columns.append(
                    Column(element.colname, _sql(element.typeName), nullable, default, tuple(notes), comment)
                )
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
            Column(c.name, c.type, c.nullable and c.name not in primary_set, c.default, c.notes, c.comment)
            for c in columns
        ]
        partition = _sql(node.partspec) if node.partspec else ""
        parent = _sql(node.inhRelations[0]) if node.partbound and node.inhRelations else ""
        bounds = _partition_bounds(node.partbound) if node.partbound else ""
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
                parent,
                bounds,
            )
        )
    return tables


def _partition_bounds(bound: Any) -> str:
    """FOR VALUES ... of a partition, or DEFAULT, as PostgreSQL writes it."""
    if bound.is_default:
        return "DEFAULT"
    if bound.strategy == "r":
        low = ", ".join(_sql(d) for d in bound.lowerdatums or ())
        high = ", ".join(_sql(d) for d in bound.upperdatums or ())
        return f"FOR VALUES FROM ({low}) TO ({high})"
    if bound.strategy == "l":
        return f"FOR VALUES IN ({', '.join(_sql(d) for d in bound.listdatums or ())})"
    return f"FOR VALUES WITH (MODULUS {bound.modulus}, REMAINDER {bound.remainder})"


def check_sql_owner(sql: SqlFile, services: Iterable[str]) -> list[Problem]:
    services = set(services)
    if sql.owner and sql.owner not in services:
        return [
            Problem(
                sql.path,
                "owner",
                f"{sql.owner!r} is not a catalog service" + did_you_mean(sql.owner, services),
                1,
                "SCH008",
            )
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
                            code="SCH008",
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
                Problem(
                    display,
                    where + json_pointer(error.absolute_path),
                    f"not a valid JSON Schema: {error.message}",
                    code="SCH012",
                )
            )
    return problems
