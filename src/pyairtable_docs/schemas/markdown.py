"""Schema records into Markdown pages: GraphQL types, Kafka topics and event types,
Postgres tables and views, Redis keys, and the REST and internal API references (rendered
by essentials-openapi, with the changes listed at ``TEMPLATES``).

Every value taken from a schema file passes through ``markup`` before it is written.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from pyairtable_docs.catalog.markdown import link_to_page
from pyairtable_docs.core.markup import html_text, md_text
from pyairtable_docs.schemas.records import (
    EVERY_SERVICE,
    HTTP_METHODS,
    KeyPattern,
    SqlFile,
    Table,
    Topic,
    View,
    served_by,
)

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
    lines += ["", "## Event types and payloads", ""]
    for t in topics:
        lines += [f"### {md_text(t.name)}", "", md_text(t.description), "", *_event_types_table(t)]
        lines += ["", "Payload (`data`) of every event type of this topic:", "", *_json_schema_table(t.payload), ""]
    return "\n".join(lines)


def _event_types_table(topic: Topic) -> list[str]:
    if not topic.event_types:
        return ["No event types listed."]
    lines = ["| Event type | When it is published |", "|---|---|"]
    lines += [f"| {_code(e.type)} | {md_text(e.description) or '—'} |" for e in topic.event_types]
    return lines


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
        "| Schema | Owner | Tables | Views |",
        "|---|---|---|---|",
    ]
    for src, sql in files:
        tables = ", ".join(_code(t.name) for t in sql.tables) or "—"
        views = ", ".join(_code(v.name) for v in sql.views) or "—"
        lines.append(
            f"| {link_to_page(sql.schema or src, sql_page_path(src), here)} "
            f"| {_service_links([sql.owner], pages, here)} | {tables} | {views} |"
        )
    return "\n".join(lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def render_sql_page(src: str, sql: SqlFile, pages: ServicePages) -> str:
    here = sql_page_path(src)
    name = posixpath.basename(src)
    counts = [_count(len(sql.tables), "table")] + ([_count(len(sql.views), "view")] if sql.views else [])
    lines = [
        f"# Schema {md_text(sql.schema)}",
        "",
        f"Owner: {_service_links([sql.owner], pages, here)} · source: [{md_text(name)}]({name}) · "
        + " · ".join(counts),
        "",
    ]
    for t in sql.tables:
        lines += _table_section(t)
    for v in sql.views:
        lines += _view_section(v)
    return "\n".join(lines)


def _table_section(t: Table) -> list[str]:
    lines = [f"## {md_text(t.name)}", ""]
    if t.comment:
        lines += [md_text(t.comment), ""]
    if t.partition_of:
        return [*lines, f"Partition of {_code(t.partition_of)}: {_code(t.bounds)}.", ""]
    lines += ["| Column | Type | Null | Default | Notes |", "|---|---|---|---|---|"]
    for c in t.columns:
        notes = "; ".join(filter(None, (c.comment, *c.notes)))
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
    return lines


def _view_section(v: View) -> list[str]:
    kind = "materialized view" if v.materialized else "view"
    lines = [f"## {md_text(v.name)}", "", f"A {kind}, reading {', '.join(map(_code, v.reads)) or 'no table'}.", ""]
    if v.comment:
        lines += [md_text(v.comment), ""]
    lines += [f"Columns: {', '.join(map(_code, v.columns))}.", ""]
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", v.definition)), default=0))
    return [*lines, f"{fence}sql", v.definition, fence, ""]


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
        return [description_html(thing.description), ""] if getattr(thing, "description", None) else []

    def fields_table(fields: Mapping[str, Any], with_args: bool) -> list[str]:
        rows = ["| Field | Type | Description |", "|---|---|---|"]
        for name, f in fields.items():
            args = ""
            if with_args and getattr(f, "args", None):
                args = "(" + ", ".join(f"{a}: {t.type}" for a, t in f.args.items()) + ")"
            rows.append(f"| {_code(name + args)} | {_code(f.type)} | {description_html(f.description or '') or '—'} |")
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
                    f"- {_code(v)}" + (f": {description_html(val.description)}" if val.description else "")
                    for v, val in t.values.items()
                ]
            elif isinstance(t, GraphQLUnionType):
                lines.append("One of " + ", ".join(_code(m.name) for m in t.types))
            elif hasattr(t, "fields"):
                lines += fields_table(t.fields, isinstance(t, GraphQLObjectType | GraphQLInterfaceType))
            lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- descriptions

# Characters that Markdown (and the site's extensions: mark ==, keys ++, attr_list {},
# inlinehilite `#!`) would still read in text already turned into HTML.
_INERT = re.compile(r"[\\`*_{}\[\]()#+!|\":=~^]")
_SAFE_LINK = re.compile(r"^(?:https?:|mailto:|#|[^:]*$)", re.I)
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")  # a tag or a character reference


def description_html(text: object) -> str:
    """A contract's Markdown description as HTML on one line, inert to the page's Markdown.

    OpenAPI and GraphQL descriptions are CommonMark, so backticks, emphasis and lists are
    rendered. Raw HTML in a description is shown as text, and a link keeps its target only
    for http(s), mailto, an anchor or a relative path. The result can stand in an HTML
    table cell, a Markdown table cell, an indented tab or a paragraph alike.
    """
    return _description_html(str(text).replace("\r\n", "\n").replace("\r", "\n") if text else "")


@functools.lru_cache(maxsize=4096)
def _description_html(text: str) -> str:
    import markdown
    from markdown.treeprocessors import Treeprocessor

    class SafeTargets(Treeprocessor):
        def run(self, root: Any) -> None:
            for link in root.iter("a"):
                if not _SAFE_LINK.match(link.get("href", "")):
                    link.attrib.pop("href", None)
            for image in root.iter("img"):  # no third-party requests from a description
                alt = image.get("alt", "")
                image.clear()
                image.tag, image.text = "span", alt

    converter = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
    for registry, name in (
        (converter.preprocessors, "html_block"),
        (converter.inlinePatterns, "html"),
        (converter.inlinePatterns, "entity"),
    ):
        registry.deregister(name)
    converter.treeprocessors.register(SafeTargets(converter), "safe_targets", 0)
    html = converter.convert(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]  # one paragraph: inline, so it can sit in a sentence or a cell
    elif html:
        html = f'<div class="contract-description">{html}</div>'  # one raw HTML block in a page
    return _inert(html)


def _inert(html: str) -> str:
    """HTML whose text Markdown leaves alone: special characters and newlines as references."""
    return "".join(
        part if _MARKUP.fullmatch(part) else _INERT.sub(lambda m: f"&#{ord(m.group())};", part).replace("\n", "&#10;")
        for part in _MARKUP.split(html)
    )


# ---------------------------------------------------------------- OpenAPI references
#
# essentials-openapi (the renderer of the neoteroi-mkdocs plugin) writes the REST and the
# internal API references. Where it would not show the contract as written, it is changed
# here, and only here; tests/test_schema_readability.py checks that each change still
# takes effect, so a new release of the library that moves one fails a test, not the page.
#  1. ContractHandler.generate_example_from_schema: no example is made up from a schema
#     (the library writes "string", 0 and random UUIDs, marked "generated automatically");
#     a body or parameter without an example in the contract shows none.
#  2. ContractHandler.get_content_examples: a named example shows its `value`, captioned
#     with its summary (the library shows a $ref'd Example object whole: summary and value).
#  3. ContractHandler.get_parameters: a security scheme is not listed as a header parameter
#     ("bearerAuth, in header"); each operation states its security requirement instead,
#     linked to the security schemes table.
#  4. TEMPLATES, put in front of the library's own through the Jinja loader: descriptions
#     rendered from Markdown by description_html (the library writes them raw into HTML
#     cells, where backticks stay backticks and HTML is live), parameter examples, response
#     descriptions and headers shown, and tag headings that may link to catalog pages.
#  5. ContractHandler.get_operations: operations grouped by their own tag (the library
#     takes one tag per path, so two owners of one path would share a section).

_PARAMETER_ROW = """\
        <tr>
            <td class="parameter-name"><code>{{ param.name | e }}</code>\
{% if param.required or param.in == "path" %}<br><small>required</small>{% endif %}</td>
            <td>{{ param.in | e }}</td>
            <td>{{ handler.type_text(param.schema or {}) | e }}\
{% with default = read_dict(param, "schema", "default") %}{% if default is not none %}\
<br><small>default</small> {{ handler.value_html(default) }}{% endif %}{% endwith %}</td>
            <td>{{ handler.value_html(handler.parameter_example(param)) }}</td>
            <td>{{ param.description | description }}</td>
        </tr>
"""
_PARAMETER_HEAD = """\
<table>
    <thead>
        <tr>
            <th>{{ texts.parameter }}</th>
            <th>{{ texts.parameter_location }}</th>
            <th>{{ texts.type }}</th>
            <th>{{ texts.example }}</th>
            <th>{{ texts.description }}</th>
        </tr>
    </thead>
    <tbody>
"""
_EXAMPLES = """\
{%- for example in handler.get_content_examples(definition) %}

{% if example.name %}*{{ example.name | text }}*

{% endif %}{{ handler.example_block(example, content_type) }}
{%- endfor %}
"""
TEMPLATES = {
    "partial/info.html": """\
# {{ info.title | text }} <span class="api-version">{{ info.version | e }}</span>

{% if info.description %}{{ info.description | description }}

{% endif -%}
{% if info.contact %}<div class="contact info-data"><strong>{{ texts.contact }}:</strong> \
{{ info.contact.name | e }}{% if info.contact.email %} \
<a href="mailto:{{ info.contact.email | e }}">{{ info.contact.email | e }}</a>{% endif %}</div>

{% endif -%}
{% if info.license %}<div class="license info-data"><strong>{{ texts.license }}:</strong> \
{% if info.license.url %}<a href="{{ info.license.url | e }}">{{ info.license.name | e }}</a>\
{% else %}{{ info.license.name | e }}{% endif %}</div>
{% endif %}
""",
    "partial/servers.html": """\
## {{ texts.servers }}

<table>
    <thead><tr><th>{{ texts.description }}</th><th>{{ texts.url }}</th></tr></thead>
    <tbody>
{%- for server in servers %}
        <tr><td>{{ (server.description or "") | description }}</td><td><code>{{ server.url | e }}</code></td></tr>
{%- endfor %}
    </tbody>
</table>
""",
    "partial/path-items.html": """\
{% for tag, operations in handler.get_operations().items() %}
## {{ handler.tag_heading(tag) }}

{% for path, definition in operations %}
{%- for http_method, operation in definition.items() %}
<hr class="operation-separator" />

### <span class="http-{{ http_method.lower() }}">{{ http_method.upper() }}</span> {{ path | route | safe }}

{% if operation.summary %}{{ operation.summary | text }}

{% endif -%}
{{ handler.security_html(operation) }}

{% if operation["x-served-by"] %}{{ handler.served_by(operation) }}

{% endif -%}

{% if operation.description and operation.summary != operation.description -%}
??? note "{{ texts.description.title() }}"
    {{ operation.description | description }}

{% endif -%}
{%- with parameters = handler.get_parameters(operation) -%}
{%- if parameters %}
{% include "partial/request-parameters.html" %}
{%- endif -%}
{%- endwith -%}
{%- if operation.requestBody %}
{% include "partial/request-body.html" %}
{%- endif %}
{%- if operation.responses %}
{% include "partial/request-responses.html" %}
{%- endif %}
{% endfor %}
{% endfor %}
{% endfor %}
""",
    "partial/request-parameters.html": """
**{{ texts.parameters }}**

"""
    + _PARAMETER_HEAD
    + """\
{%- for param in parameters %}
"""
    + _PARAMETER_ROW
    + """\
{%- endfor %}
    </tbody>
</table>
""",
    "partial/content-examples.html": _EXAMPLES,
    "partial/request-body.html": """\
<p class="request-body-title"><strong>{{ texts.request_body }}</strong></p>

{% if operation.requestBody.description %}{{ operation.requestBody.description | description }}

{% endif -%}
{% with content = handler.simplify_content(operation.requestBody.content) %}
{%- for content_type, definition in content.items() %}
=== "{{ content_type | e }}"
{% filter indent(4, first=True) %}{% include "partial/content-examples.html" %}

??? hint "{{ texts.schema_of_the_request_body }}"
    ```json
    {{ handler.write_content_schema(definition) | indent(4) }}
    ```
{% endfilter %}
{% endfor %}
{%- endwith %}
""",
    "partial/request-responses.html": """\
<p class="responses-title"><strong>{{ texts.responses }}</strong></p>

{% for code, definition in operation.responses.items() %}
=== "{{ handler.status_label(code) | e }}"
{% filter indent(4, first=True) %}
{%- if is_reference(definition) %}
{%- with name = definition["$ref"].replace("#/components/responses/", "") %}
<div class="common-response"><p>See the common response \
<a href="#{{ name.lower() | link }}" class="ref-link">{{ name | e }}</a>.</p></div>
{%- endwith %}
{%- else %}
{{ definition.description | description }}
{%- endif %}
{%- with content = handler.simplify_content(definition.content or {}) %}
{%- for content_type, definition in content.items() %}

=== "{{ content_type | e }}"
{% filter indent(4, first=True) %}{% include "partial/content-examples.html" %}

??? hint "{{ texts.schema_of_the_response_body }}"
    ```json
    {{ handler.write_content_schema(definition) | indent(4) }}
    ```
{% endfilter %}
{%- endfor %}
{%- endwith %}
{%- with headers = handler.get_response_headers(definition) %}
{%- if headers %}

**{{ texts.response_headers }}**

| {{ texts.name }} | {{ texts.description }} | {{ texts.schema }} | {{ texts.example }} |
| --- | --- | --- | --- |
{%- for name, header in headers.items() %}
| <code>{{ name | e }}</code> | {{ header.description | description }} \
| {{ handler.type_text(header.schema or {}) | text }} | {{ handler.value_html(handler.parameter_example(header)) }} |
{%- endfor %}
{%- endif %}
{%- endwith %}
{% endfilter %}
{% endfor %}
""",
    "partial/components-parameters.html": """\
## {{ texts.common_parameters }}

{{ texts.common_parameters_about }}

{% for name, param in components.parameters.items() %}
### {{ name | text }}

"""
    + _PARAMETER_HEAD
    + _PARAMETER_ROW
    + """\
    </tbody>
</table>

{% endfor %}
""",
    "partial/components-security-schemes.html": """\
## {{ texts.security_schemes }}

<table>
    <thead>
        <tr><th>{{ texts.name }}</th><th>{{ texts.type }}</th><th>{{ texts.scheme }}</th>\
<th>Format</th><th>{{ texts.description }}</th></tr>
    </thead>
    <tbody>
{%- for name, scheme in components.securitySchemes.items() %}
        <tr><td><code>{{ name | e }}</code></td><td>{{ scheme.type | e }}</td>\
<td>{{ (scheme.scheme or (scheme["in"] ~ " " ~ scheme.name if scheme.name else "")) | e }}</td>\
<td>{{ (scheme.bearerFormat or "") | e }}</td><td>{{ scheme.description | description }}</td></tr>
{%- endfor %}
    </tbody>
</table>
""",
    "partial/type.html": """\
{% if get_primary_type(definition.type) == "object" %}
{%- with props = handler.get_properties(definition) -%}
{% if props %}
<table>
    <thead>
        <tr><th>{{ texts.name }}</th><th>{{ texts.type }}</th><th>{{ texts.required }}</th>\
<th>{{ texts.description }}</th></tr>
    </thead>
    <tbody>
{%- for name, schema in props %}
        <tr>
            <td><code>{{ name | e }}</code></td>
            <td>{% include "partial/schema-repr.html" %}</td>
            <td>{{ texts.get_yes_no(name in (definition.required or ())) }}</td>
            <td>{{ (schema or {}).description | description }}</td>
        </tr>
{%- endfor %}
    </tbody>
</table>
{%- endif %}
{%- endwith -%}
{%- else -%}
{%- with schema = definition -%}
<span>{{ texts.type }}: </span>
{%- include "partial/schema-repr.html" -%}
{%- endwith -%}
{%- endif %}
{% if definition.description %}
{{ definition.description | description }}
{% endif %}
""",
    "partial/tags.html": """\
## {{ texts.tags }}

<table>
    <thead><tr><th>{{ texts.name }}</th><th>{{ texts.description }}</th></tr></thead>
    <tbody>
{%- for tag in tags %}
        <tr><td>{{ tag.name | e }}</td><td>{{ tag.description | description }}</td></tr>
{%- endfor %}
    </tbody>
</table>
""",
}


def _value_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@functools.cache
def _handler_class() -> type:
    """ContractHandler, made on first use: essentials-openapi takes 0.15 s to import."""
    from jinja2 import ChoiceLoader, DictLoader
    from openapidocs.mk import get_http_status_phrase
    from openapidocs.mk.common import is_reference
    from openapidocs.mk.jinja import Jinja2DocumentsWriter, OutputStyle
    from openapidocs.mk.v3 import ContentExample, OpenAPIV3DocumentationHandler

    class ContractHandler(OpenAPIV3DocumentationHandler):
        """The library's handler, showing what the contract writes and nothing else."""

        def __init__(self, document: Mapping[str, Any], tag_heading: Callable[[str], str]) -> None:
            writer = Jinja2DocumentsWriter("openapidocs.mk.v3", views_style=OutputStyle.MKDOCS)  # change 4
            writer.env.loader = ChoiceLoader([DictLoader(TEMPLATES), writer.env.loader])
            writer.env.filters.update(description=description_html, text=md_text)
            super().__init__(document, writer=writer)
            self.tag_heading = tag_heading  # also writes a service name in x-served-by

        def generate_example_from_schema(self, schema: Any) -> None:  # change 1
            return None

        def get_content_examples(self, data: Mapping[str, Any]) -> Iterator[Any]:  # change 2
            for name, example in (data.get("examples") or {}).items():
                if is_reference(example):
                    example = self.resolve_reference(example) or {}
                if isinstance(example, dict) and "value" in example:
                    caption = example.get("summary") or (name if len(data["examples"]) > 1 else "")
                    yield ContentExample(example["value"], False, caption)
            if "example" in data:
                yield ContentExample(data["example"], False, "")

        def get_operations(self) -> dict[str, list]:  # change 5
            """Operations by their own first tag, in the order the document lists them."""
            groups: dict[str, list] = {}
            for path, item in (self.doc.get("paths") or {}).items():
                for method, operation in (item or {}).items():
                    if method not in HTTP_METHODS or not isinstance(operation, dict):
                        continue
                    if "requestBody" in operation:
                        operation["requestBody"] = self._resolve_opt_ref(operation["requestBody"])
                    operation = self._merge_common_parameters(operation, item.get("parameters", []))
                    tag = (operation.get("tags") or [""])[0]
                    groups.setdefault(tag, []).append((path, {method: operation}))
            return groups

        def get_parameters(self, operation: Mapping[str, Any]) -> list[dict]:  # change 3
            return super().get_parameters({**operation, "security": []})

        def served_by(self, operation: Mapping[str, Any]) -> str:
            names = ", ".join(map(self.tag_heading, served_by(operation)))
            return f"**Services holding data** (`x-served-by`): {names}"

        def security_html(self, operation: Mapping[str, Any]) -> str:
            requirement = self.get_operation_security(operation)
            if requirement is None:
                return ""
            options = [" + ".join(self._scheme_text(name) for name in option) for option in requirement]
            shown = " or ".join(option or "none" for option in options) or "none"
            return f'<p class="operation-security"><strong>Authentication:</strong> {shown}</p>'

        def _scheme_text(self, name: str) -> str:
            scheme = (self.doc.get("components", {}).get("securitySchemes") or {}).get(name) or {}
            kind = scheme.get("scheme") or scheme.get("type") or ""
            if kind == "bearer":
                kind = f"bearer {scheme.get('bearerFormat', 'token')} in the Authorization header"
            link = f'<a href="#security-schemes" class="ref-link"><code>{html_text(name)}</code></a>'
            return f"{link} ({html_text(kind)})" if kind else link

        def parameter_example(self, parameter: Mapping[str, Any]) -> Any:
            """The contract's example of a parameter or header: its own, else its schema's."""
            schema = parameter.get("schema") or {}
            for source in (parameter, schema):
                if "example" in source:
                    return source["example"]
                examples = source.get("examples")
                if isinstance(examples, dict) and examples:
                    first = next(iter(examples.values()))
                    first = self.resolve_reference(first) if is_reference(first) else first
                    return (first or {}).get("value")
                if isinstance(examples, list) and examples:
                    return examples[0]
            return None

        def value_html(self, value: Any) -> str:
            return "" if value is None else f"<code>{_inert(html_text(_value_text(value)))}</code>"

        def type_text(self, schema: Mapping[str, Any]) -> str:
            if is_reference(schema):
                return schema["$ref"].rpartition("/")[2]
            kind = schema.get("type", "")
            kind = " | ".join(map(str, kind)) if isinstance(kind, list) else str(kind)
            if kind == "array" and isinstance(schema.get("items"), dict):
                kind = f"array of {self.type_text(schema['items'])}"
            return f"{kind} ({schema['format']})" if schema.get("format") else kind

        def example_block(self, example: Any, content_type: str) -> str:
            if isinstance(example.value, str) and "json" not in content_type:
                language, body = "text", example.value.rstrip("\n")
            else:
                language, body = "json", self.write_content_example(example, content_type)
            fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", body)), default=0))
            return f"{fence}{language}\n{body}\n{fence}"

        def status_label(self, code: Any) -> str:
            if str(code) == "default":
                return self.texts.other_responses
            phrase = get_http_status_phrase(code)
            return f"{code} {phrase}" if phrase else str(code)

    return ContractHandler


def render_openapi(document: Mapping[str, Any], tag_heading: Callable[[str], str] | None = None) -> str:
    """An OpenAPI document (checked by ``check_openapi``) as a Markdown reference page.

    ``tag_heading`` writes each tag's section heading (Markdown); by default the tag as text.
    """
    heading = tag_heading or (lambda tag: md_text(tag or "Endpoints"))
    markdown = _handler_class()(document, heading).write()
    return markdown.split("-->", 1)[1].lstrip() if markdown.startswith("<!--") else markdown


def render_internal_api(document: Mapping[str, Any], pages: ServicePages, here: str) -> str:
    """internal.yaml as its own reference: operations under the catalog service that serves them."""

    def heading(tag: str) -> str:
        if tag == EVERY_SERVICE:
            return "Every service"
        return link_to_page(tag, pages[tag], here) if tag in pages else md_text(tag or "Untagged")

    reference = render_openapi(document, heading)
    intro = (
        "Generated from `internal.yaml`: the endpoints services call on each other inside the "
        "cluster, grouped by the catalog service that serves them (its one tag); "
        "**Every service** lists the endpoints each service serves. None of them is reachable "
        "through api-gateway; the public API is `openapi.yaml` and its REST API reference."
    )
    title, _, rest = reference.partition("\n")
    return f"{title}\n\n{intro}\n{rest}"
