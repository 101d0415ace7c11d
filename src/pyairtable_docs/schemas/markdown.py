"""Schema records into Markdown pages: GraphQL types, Kafka topics, Postgres tables,
Redis keys. (The REST reference is rendered by essentials-openapi, see schemas/wiring.py.)

Every value taken from a schema file passes through ``markup`` before it is written.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pyairtable_docs.catalog.markdown import link_to_page
from pyairtable_docs.core.markup import md_text
from pyairtable_docs.schemas.records import KeyPattern, SqlFile, Topic

# service name -> its catalog page (docs-relative), for links
ServicePages = Mapping[str, str]


def _service_links(names: Sequence[str], pages: ServicePages, here: str) -> str:
    return ", ".join(link_to_page(n, pages[n], here) if n in pages else md_text(n) for n in names) or "—"


def _code(value: object) -> str:
    # md_text, not html_text: Markdown still reads inside inline HTML, and would take
    # "{id}" for an attribute list or ":lock:" for an emoji.
    return f"<code>{md_text(value)}</code>"


def render_topics(topics: Sequence[Topic], pages: ServicePages, here: str) -> str:
    lines = [
        "## Topics",
        "",
        f"{len(topics)} topics, generated from `kafka-topics.json`.",
        "",
        "| Topic | Key | Payload | Retention | Producers | Consumers |",
        "|---|---|---|---|---|---|",
    ]
    for t in topics:
        fields = ", ".join(_code(name) for name in (t.payload.get("properties") or {}))
        lines.append(
            f"| {_code(t.name)} | {_code(t.key)} | {fields or '—'} | {md_text(t.retention)} "
            f"| {_service_links(t.producers, pages, here)} "
            f"| {_service_links(t.consumers, pages, here)} |"
        )
    lines += ["", "## Payloads", ""]
    for t in topics:
        lines += [f"### {md_text(t.name)}", "", md_text(t.description), "", *_json_schema_table(t.payload), ""]
    return "\n".join(lines)


def _json_schema_table(schema: Mapping[str, Any]) -> list[str]:
    properties = schema.get("properties") or {}
    if not properties:
        return ["No payload fields."]
    required = set(schema.get("required") or ())
    lines = ["| Field | Type | Required | Description |", "|---|---|---|---|"]
    for name, spec in properties.items():
        spec = spec if isinstance(spec, dict) else {}
        kind = spec.get("type", "object" if "properties" in spec else "")
        if isinstance(kind, list):
            kind = " | ".join(map(str, kind))
        if spec.get("enum"):
            kind = f"{kind} ({', '.join(map(str, spec['enum']))})"
        if spec.get("format"):
            kind = f"{kind}, {spec['format']}"
        lines.append(
            f"| {_code(name)} | {md_text(kind) or '—'} | {'yes' if name in required else 'no'} "
            f"| {md_text(spec.get('description', '')) or '—'} |"
        )
    return lines


def render_keys(keys: Sequence[KeyPattern], pages: ServicePages, here: str) -> str:
    lines = [
        "## Key patterns",
        "",
        f"{len(keys)} key patterns, generated from `keyspace.yaml`.",
        "",
        "| Pattern | Owner | Type | TTL | Readers | Purpose |",
        "|---|---|---|---|---|---|",
    ]
    for k in keys:
        lines.append(
            f"| {_code(k.pattern)} | {_service_links([k.owner], pages, here)} | {md_text(k.type)} "
            f"| {md_text(k.ttl)} | {_service_links(k.readers, pages, here)} "
            f"| {md_text(k.purpose)} |"
        )
    return "\n".join(lines) + "\n"


def sql_page_path(sql_src: str) -> str:
    return sql_src.removesuffix(".sql") + ".md"


def render_sql_index(files: Sequence[tuple[str, SqlFile]], pages: ServicePages, here: str) -> str:
    lines = [
        "## Schemas and tables",
        "",
        "Generated from the `.sql` files of this folder.",
        "",
        "| Schema | Owner | Tables |",
        "|---|---|---|",
    ]
    for src, sql in files:
        tables = ", ".join(_code(t.name) for t in sql.tables) or "—"
        lines.append(
            f"| {link_to_page(sql.schema or src, sql_page_path(src), here)} "
            f"| {_service_links([sql.owner], pages, here)} | {tables} |"
        )
    return "\n".join(lines) + "\n"


def render_sql_page(src: str, sql: SqlFile, pages: ServicePages) -> str:
    here = sql_page_path(src)
    name = posixpath.basename(src)
    lines = [
        f"# Schema {md_text(sql.schema)}",
        "",
        f"Owner: {_service_links([sql.owner], pages, here)} · source: [{md_text(name)}]({name}) · "
        f"{len(sql.tables)} table{'s' if len(sql.tables) != 1 else ''}",
        "",
    ]
    for t in sql.tables:
        lines += [f"## {md_text(t.name)}", ""]
        if t.comment:
            lines += [md_text(t.comment), ""]
        lines += ["| Column | Type | Null | Default | Notes |", "|---|---|---|---|---|"]
        for c in t.columns:
            notes = "; ".join(c.notes)
            lines.append(
                f"| {_code(c.name)}{' 🔑' if c.name in t.primary_key else ''} | {_code(c.type)} "
                f"| {'yes' if c.nullable else 'no'} | {_code(c.default) if c.default else '—'} "
                f"| {md_text(notes) or '—'} |"
            )
        lines.append("")
        facts = [("Primary key", ", ".join(t.primary_key)), ("Partitioned by", t.partitioned_by)]
        facts += [("Foreign key", fk) for fk in t.foreign_keys]
        facts += [("Index", ix) for ix in t.indexes]
        lines += [f"- **{label}** {_code(value)}" for label, value in facts if value]
        lines.append("")
    return "\n".join(lines)


def render_graphql(schema: Any) -> str:
    """Operations first (Query, Mutation), then every named type of the schema."""
    from graphql import (
        GraphQLEnumType,
        GraphQLInputObjectType,
        GraphQLInterfaceType,
        GraphQLObjectType,
        GraphQLScalarType,
        GraphQLUnionType,
    )

    def described(thing: Any) -> list[str]:
        return [md_text(thing.description), ""] if getattr(thing, "description", None) else []

    def fields_table(fields: Mapping[str, Any], with_args: bool) -> list[str]:
        rows = ["| Field | Type | Description |", "|---|---|---|"]
        for name, f in fields.items():
            args = ""
            if with_args and getattr(f, "args", None):
                args = "(" + ", ".join(f"{a}: {t.type}" for a, t in f.args.items()) + ")"
            rows.append(f"| {_code(name + args)} | {_code(f.type)} | {md_text(f.description or '') or '—'} |")
        return rows

    types = {n: t for n, t in schema.type_map.items() if not n.startswith("__")}
    roots = [t for t in (schema.query_type, schema.mutation_type, schema.subscription_type) if t]
    lines = [
        "# GraphQL reference",
        "",
        "Generated from `graphql.schema`; served by api-gateway at `POST /graphql`.",
        "",
    ]
    for root in roots:
        lines += [f"## {md_text(root.name)}", "", *described(root), *fields_table(root.fields, True), ""]
    groups: list[tuple[str, Callable[[Any], bool]]] = [
        ("Object types", lambda t: isinstance(t, GraphQLObjectType) and t not in roots),
        ("Interfaces", lambda t: isinstance(t, GraphQLInterfaceType)),
        ("Unions", lambda t: isinstance(t, GraphQLUnionType)),
        ("Input types", lambda t: isinstance(t, GraphQLInputObjectType)),
        ("Enums", lambda t: isinstance(t, GraphQLEnumType)),
        ("Scalars", lambda t: isinstance(t, GraphQLScalarType)),
    ]
    builtin = {"String", "Int", "Float", "Boolean", "ID"}
    for title, wanted in groups:
        members = [t for n, t in sorted(types.items()) if wanted(t) and n not in builtin]
        if not members:
            continue
        lines += [f"## {title}", ""]
        for t in members:
            lines += [f"### {md_text(t.name)}", "", *described(t)]
            if isinstance(t, GraphQLEnumType):
                lines += [
                    f"- {_code(v)}" + (f": {md_text(val.description)}" if val.description else "")
                    for v, val in t.values.items()
                ]
            elif isinstance(t, GraphQLUnionType):
                lines.append("One of " + ", ".join(_code(m.name) for m in t.types))
            elif hasattr(t, "fields"):
                lines += fields_table(t.fields, isinstance(t, GraphQLObjectType | GraphQLInterfaceType))
            lines.append("")
    return "\n".join(lines)
