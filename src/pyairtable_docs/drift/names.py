"""Which contract a name in prose belongs to, and whether the contract has it.

A code span is checked only when it falls inside a known namespace: an HTTP method and
path, a header of the X-/RateLimit- families or one a contract declares, a Redis key whose
first segment is a keyspace prefix, a dotted name whose first part is an event domain, a
Postgres schema or a GraphQL type, a CamelCase name shaped like the catalog's alerts, a
kebab-case name shaped like a catalog service, and ``ADR-NNN`` anywhere in prose. Anything
else (file names, hosts, shell commands, package names) is not a contract name and passes.

Payload fields are checked in three light forms, documented in the authoring guide:
``event.type.field``; a parenthesised list right after an event, ``schedule.fired``
(``scheduleId``, ``firedAt``); and a table whose first header cell is "Field" (or "`data`
field") placed right after a paragraph or heading that names exactly one event type.
A status code is checked against an operation when a table row or paragraph names exactly
one operation.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from pyairtable_docs.catalog.records import is_service_page
from pyairtable_docs.drift.contracts import (
    GRAPHQL,
    HTTP_METHODS,
    INTERNAL_API,
    KEYSPACE,
    PUBLIC_API,
    PUBLIC_BASE,
    SQL_DIR,
    TOPICS,
    Endpoint,
    Registry,
)
from pyairtable_docs.drift.markdown_blocks import Block, Span, blocks
from pyairtable_docs.schemas.records import EVERY_SERVICE

OPERATION = re.compile(rf"^({'|'.join(HTTP_METHODS)})\s+(\S+)$")
INTERNAL_ROOTS = ("/internal/", "/.well-known/", "/mcp", "/healthz", "/readyz", "/livez", "/metrics")
HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9*]+)+|X-\*)(?::\s*.*)?$")
DOTTED = re.compile(r"^[A-Za-z_][\w-]*(?:\.[\w\[\]-]+)+$")
FILE_SUFFIXES = {"md", "py", "ts", "tsx", "js", "json", "yaml", "yml", "sql", "toml", "txt", "proto", "go", "html"}
CAMEL = re.compile(r"^[A-Z][A-Za-z0-9]+$")
HUMPS = re.compile(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*")
KEBAB = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
STATUS = re.compile(r"^([1-5]\d\d)(?:\s+([a-z][a-z0-9-]*))?\b")
STATUS_IN_TEXT = re.compile(r"\b(?:returns?|gets?|answers?|responds? with|fails? with)\s+([1-5]\d\d)\b")
ADR_MENTION = re.compile(r"\bADR-(\d{3,})\b")
VERSION = re.compile(r"^v\d+$")
LIST_GLUE = re.compile(r"^\s*(?:,|,?\s*and|,?\s*or)\s*$")
SENTENCE_END = re.compile(r"[.!?:;](?:\s|$)")
FIELD_TABLE_HEADERS = {"field", "data field", "payload field"}

KINDS = {
    # kind: (what it is checked against, the contracts it is read from)
    "event type": ("event types and topics", (TOPICS,)),
    "payload field": ("the event's payload schema", (TOPICS,)),
    "operation": ("operations and paths", (PUBLIC_API, INTERNAL_API)),
    "header": ("declared header parameters and response headers", (PUBLIC_API, INTERNAL_API)),
    "status code": ("the responses of the operation named beside it", (PUBLIC_API, INTERNAL_API)),
    "problem type": ("problem types used by the contracts", (PUBLIC_API, INTERNAL_API)),
    "alert": ("Alert tables of service pages, Platform alert tables", ("ARCHITECTURE/service-catalog/*.md",)),
    "Redis key": ("key patterns of the keyspace registry", (KEYSPACE,)),
    "Postgres name": ("schemas, tables, views and columns", (SQL_DIR + "*.sql",)),
    "GraphQL name": ("types and fields", (GRAPHQL,)),
    "service": ("catalog service names", ("ARCHITECTURE/service-catalog/*.md",)),
    "ADR": ("the decision log", ("ARCHITECTURE/decisions/NNN-*.md",)),
}


@dataclass(frozen=True)
class Reference:
    kind: str
    name: str
    line: int
    known: bool
    nearest: str = ""  # for an unknown name: the closest known one, if any is close
    why: str = ""  # for an unknown name: what it was checked against, when more than "unknown"


def nearest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return close[0] if close else ""


def check_page(src_uri: str, page: str, registry: Registry) -> list[Reference]:
    """Every contract name ``page`` mentions, resolved or not."""
    found: list[Reference] = []
    page_blocks = blocks(page)
    definitions = _alert_definition_lines(src_uri, page_blocks)
    for index, block in enumerate(page_blocks):
        block_refs = []
        for span in block.spans:
            if span.line in definitions and span.text in registry.alerts:
                continue
            ref = classify(span, registry)
            if ref:
                block_refs.append(ref)
        block_refs += _adr_mentions(block, registry)
        block_refs += _statuses(block, registry)
        block_refs += _payload_lists(block, registry)
        block_refs += _field_table_rows(page_blocks, index, registry)
        found += block_refs
    return found


def _alert_definition_lines(src_uri: str, page_blocks: Sequence[Block]) -> set[int]:
    """The lines of the rows that define alerts (contracts.alert_definitions): sources, not references."""
    headers = {"alert", "platform alert"} if is_service_page(src_uri) else {"platform alert"}
    defining = {b.table for b in page_blocks if b.kind == "header" and _first_cell(b) in headers}
    return {b.line for b in page_blocks if b.kind == "row" and b.table in defining}


def _first_cell(block: Block) -> str:
    return block.cell_texts[0].replace("`", "").strip().lower() if block.cell_texts else ""


def classify(span: Span, registry: Registry) -> Reference | None:
    text = span.text.strip()
    for check in (_operation, _path, _header, _redis_key, _dotted, _alert, _service, _status_type):
        ref = check(text, span.line, registry)
        if ref is not None:
            return ref
    return None


# ---------------------------------------------------------------- HTTP


def _operation(text: str, line: int, registry: Registry) -> Reference | None:
    match = OPERATION.match(text)
    if not match:
        return None
    method, target = match.groups()
    path = _own_path(target, registry)
    if path is None or not _has_contract_for(path, registry):
        return None
    endpoint = find_endpoint(method, path, registry.endpoints)
    shown = f"{method} {path}"
    if endpoint:
        return Reference("operation", shown, line, True)
    choices = [e.shown for e in registry.endpoints]
    return Reference("operation", shown, line, False, nearest(shown, choices), _where_operation(path))


def _own_path(target: str, registry: Registry) -> str | None:
    """The path of ``target`` if it is one of ours; None for third-party APIs."""
    if "://" in target:
        parts = urlsplit(target)
        host = parts.hostname or ""
        ours = host.endswith("pyairtable.app") or host == "localhost" or host in registry.services
        if not ours:
            return None
        target = parts.path or "/"
    target = target.split("?")[0].split("#")[0]
    if not target.startswith("/") or target.startswith("/v0/"):
        return None  # /v0/ is Airtable's own API: out of scope
    return target


def _has_contract_for(path: str, registry: Registry) -> bool:
    """Whether the contract that would define ``path`` exists: a site without one checks nothing there."""
    if path.startswith(PUBLIC_BASE):
        return PUBLIC_API in registry.sources.get("operation", ())
    if path.startswith(INTERNAL_ROOTS):
        return INTERNAL_API in registry.sources.get("operation", ())
    return bool(registry.sources.get("operation"))


def _where_operation(path: str) -> str:
    if path.startswith(PUBLIC_BASE):
        return f"not an operation of {PUBLIC_API}"
    if path.startswith(INTERNAL_ROOTS):
        return f"not an operation of {INTERNAL_API}"
    return f"not an operation of {PUBLIC_API} (under {PUBLIC_BASE}) or {INTERNAL_API}"


def find_endpoint(method: str | None, path: str, endpoints: Sequence[Endpoint]) -> Endpoint | None:
    """The contract operation ``method path`` names (any method when None); public paths may omit the base."""
    wanted = _segments(path)
    prefix = path.endswith(("*", "/")) and method is None
    if prefix:
        wanted = [s for s in wanted if s not in ("*", "")]
    for endpoint in endpoints:
        if method and endpoint.method != method:
            continue
        for template in _candidates(endpoint, path):
            if _matches(wanted, template, prefix):
                return endpoint
    return None


def _candidates(endpoint: Endpoint, path: str) -> list[list[str]]:
    template = _segments(endpoint.path)
    if endpoint.api == "internal" or endpoint.at_root:
        return [template]
    with_base = _segments(PUBLIC_BASE) + template
    return [with_base] if path.startswith(PUBLIC_BASE) else [template]


def _segments(path: str) -> list[str]:
    return path.strip("/").split("/") if path.strip("/") else []


def _matches(wanted: list[str], template: list[str], prefix: bool) -> bool:
    if prefix:
        if len(wanted) > len(template):
            return False
        template = template[: len(wanted)]
    if len(wanted) != len(template):
        return False
    return all(_segment_matches(w, t) for w, t in zip(wanted, template, strict=True))


def _segment_matches(written: str, template: str) -> bool:
    placeholder = template.startswith("{") and template.endswith("}")
    if placeholder:
        return bool(written)
    return written == template


def _path(text: str, line: int, registry: Registry) -> Reference | None:
    if not text.startswith((PUBLIC_BASE + "/", *INTERNAL_ROOTS)) or " " in text:
        return None
    path = text.split("?")[0].replace("…", "*").replace("...", "*")
    if not _has_contract_for(path, registry):
        return None
    if find_endpoint(None, path, registry.endpoints):
        return Reference("operation", path, line, True)
    choices = [e.shown.split(" ", 1)[1] for e in registry.endpoints]
    return Reference("operation", path, line, False, nearest(path, choices), _where_operation(path))


# ---------------------------------------------------------------- headers and problem types


def _header(text: str, line: int, registry: Registry) -> Reference | None:
    match = HEADER.match(text)
    if not match:
        return None
    name = match.group(1)
    lower = name.lower()
    # "X-" as headers are written; lower-case x-... is an OpenAPI extension field, not a header
    family = name.startswith("X-") or lower.startswith("ratelimit")
    if lower == "x-*" or not (family or lower in registry.headers):
        return None
    if not registry.sources.get("header"):
        return None  # no API contract in this site
    if lower.endswith("*"):
        known = any(h.startswith(lower[:-1]) for h in registry.headers)
    else:
        known = lower in registry.headers
    return Reference(
        "header",
        name,
        line,
        known,
        "" if known else nearest(name, registry.headers.values()),
        "" if known else f"not declared in {PUBLIC_API} or {INTERNAL_API}",
    )


def _status_type(text: str, line: int, registry: Registry) -> Reference | None:
    match = STATUS.match(text)
    if not match or not match.group(2) or not registry.problem_types:
        return None
    slug = match.group(2)
    known = slug in registry.problem_types
    return Reference(
        "problem type", slug, line, known, "" if known else nearest(slug, registry.problem_types), _types_why(known)
    )


def _types_why(known: bool) -> str:
    return "" if known else f"no problem type of that name in {PUBLIC_API} or {INTERNAL_API}"


def _statuses(block: Block, registry: Registry) -> list[Reference]:
    """Status codes stated for an operation: in a table row, or a sentence, naming exactly one operation."""
    refs = []
    for sentence in [block.sequence] if block.kind == "row" else _sentences(block.sequence):
        operations = set()
        for kind, item in sentence:
            ref = _operation(item.text.strip(), item.line, registry) if kind == "code" else None
            if ref is not None and ref.known:
                operations.add(ref.name)
        if len(operations) == 1:
            method, path = operations.pop().split(" ", 1)
            refs += _codes_for(find_endpoint(method, path, registry.endpoints), sentence)
    return refs


def _sentences(sequence: Sequence[tuple[str, Span]]) -> list[list[tuple[str, Span]]]:
    sentences: list[list[tuple[str, Span]]] = [[]]
    for kind, item in sequence:
        if kind == "text":
            pieces = SENTENCE_END.split(item.text)
            for number, piece in enumerate(pieces):
                if number:
                    sentences.append([])
                sentences[-1].append(("text", Span(piece, item.line)))
        else:
            sentences[-1].append((kind, item))
    return sentences


def _codes_for(endpoint: Endpoint | None, sentence: Sequence[tuple[str, Span]]) -> list[Reference]:
    if endpoint is None:
        return []
    codes = [(m.group(1), s.line) for kind, s in sentence if kind == "code" and (m := STATUS.match(s.text.strip()))]
    codes += [(m.group(1), s.line) for kind, s in sentence if kind == "text" for m in STATUS_IN_TEXT.finditer(s.text)]
    refs = []
    for code, line in codes:
        known = code in endpoint.statuses or f"{code[0]}XX" in endpoint.statuses
        why = "" if known else f"not a response of {endpoint.shown} ({', '.join(sorted(endpoint.statuses))})"
        refs.append(Reference("status code", f"{code} for {endpoint.shown}", line, known, "", why))
    return refs


# ---------------------------------------------------------------- Redis


def _redis_key(text: str, line: int, registry: Registry) -> Reference | None:
    key = re.sub(r"^%R[W]?~|^~", "", text)
    if ":" not in key or " " in key or not registry.keys:
        return None
    prefixes = {pattern.split(":")[0] for pattern in registry.keys}
    if key.split(":")[0] not in prefixes:
        return None
    known = any(_key_matches(key, pattern) or _is_key_family(key, pattern) for pattern in registry.keys)
    why = "" if known else f"no key pattern of {KEYSPACE} matches it"
    return Reference("Redis key", key, line, known, "" if known else nearest(key, registry.keys), why)


def _key_matches(key: str, pattern: str) -> bool:
    written, template = key.split(":"), pattern.split(":")
    if written[-1] == "*":
        written = written[:-1]
        template = template[: len(written)]
    if len(written) != len(template):
        return False
    return all(w == t or _is_placeholder(t) for w, t in zip(written, template, strict=True))


def _is_key_family(key: str, pattern: str) -> bool:
    """`auth:denylist` or `ratelimit:`: the leading segments of a pattern, naming a family of keys."""
    written = key.rstrip(":").split(":")
    return len(written) < len(pattern.split(":")) and pattern.split(":")[: len(written)] == written


def _is_placeholder(segment: str) -> bool:
    return segment.startswith(("{", "<")) or segment == "*"


# ---------------------------------------------------------------- dotted names


def _dotted(text: str, line: int, registry: Registry) -> Reference | None:
    last = text.rsplit(".", 1)[-1]
    if not DOTTED.match(text) or last in FILE_SUFFIXES or VERSION.match(last):
        return None  # a file name, or a versioned package such as the proto package users.v1
    if text in registry.events or text in registry.topics:
        return Reference("event type", text, line, True)
    if text in registry.tables:
        return Reference("Postgres name", text, line, True)
    parts = text.split(".")
    event = _longest_event_prefix(text, registry)
    if event:
        return _payload_field(event, text[len(event) + 1 :], line, registry)
    if parts[0] in registry.graphql:
        return _graphql(parts, text, line, registry)
    if parts[0] in registry.schemas or parts[0] in _table_names(registry):
        postgres = _postgres(parts, text, line, registry)
        if postgres.known or parts[0] not in _event_domains(registry):
            return postgres
    if parts[0] in _event_domains(registry):
        choices = [*registry.events, *registry.topics]
        why = f"not an event type or topic of {TOPICS}"
        if parts[0] in registry.schemas:
            choices += list(registry.tables)
            why += " nor a Postgres table"
        return Reference("event type", text, line, False, nearest(text, choices), why)
    return None


def _longest_event_prefix(text: str, registry: Registry) -> str:
    names = [e for e in (*registry.events, *registry.topics) if text.startswith(e + ".")]
    return max(names, key=len, default="")


def _payload_field(event: str, field_path: str, line: int, registry: Registry) -> Reference:
    fields = registry.payload_fields(event) or _topic_fields(event, registry)
    field_path = field_path.removeprefix("data.")
    known = field_path in fields
    why = "" if known else f"not a field of the {event} payload in {TOPICS}"
    return Reference(
        "payload field", f"{event}.{field_path}", line, known, "" if known else nearest(field_path, fields), why
    )


def _topic_fields(topic: str, registry: Registry) -> set[str]:
    from pyairtable_docs.drift.contracts import _field_paths

    return set(_field_paths(registry.topics.get(topic, {})))


def _event_domains(registry: Registry) -> set[str]:
    return {name.split(".")[0] for name in (*registry.events, *registry.topics)}


def _table_names(registry: Registry) -> dict[str, str]:
    """Table name -> schema.table, for names that only one schema uses."""
    by_name: dict[str, list[str]] = {}
    for qualified in registry.tables:
        by_name.setdefault(qualified.split(".", 1)[1], []).append(qualified)
    return {name: found[0] for name, found in by_name.items() if len(found) == 1}


def _postgres(parts: list[str], text: str, line: int, registry: Registry) -> Reference:
    tables = registry.tables
    if parts[0] in registry.schemas:
        table, column = ".".join(parts[:2]), ".".join(parts[2:])
    else:
        table, column = _table_names(registry)[parts[0]], ".".join(parts[1:])
    if table not in tables:
        return Reference("Postgres name", text, line, False, nearest(text, tables), "no such table or view in the SQL")
    if not column or column in tables[table] or not tables[table]:
        return Reference("Postgres name", text, line, True)
    why = f"{table} has no column {column}"
    return Reference("Postgres name", text, line, False, nearest(column, tables[table]), why)


def _graphql(parts: list[str], text: str, line: int, registry: Registry) -> Reference:
    fields = registry.graphql[parts[0]]
    known = len(parts) == 2 and parts[1] in fields
    why = "" if known else f"{parts[0]} has no field {'.'.join(parts[1:])} in {GRAPHQL}"
    return Reference("GraphQL name", text, line, known, "" if known else nearest(parts[1], fields), why)


# ---------------------------------------------------------------- alerts, services, ADRs


def _alert(text: str, line: int, registry: Registry) -> Reference | None:
    if not CAMEL.match(text) or not registry.alerts:
        return None
    if text in registry.graphql:
        return Reference("GraphQL name", text, line, True)
    humps = HUMPS.findall(text)
    first_words = {hump for alert in registry.alerts for hump in HUMPS.findall(alert)[:1]}
    if len(humps) < 3 or humps[0] not in first_words:
        return None
    known = text in registry.alerts
    why = "" if known else "no service page's alert table defines it"
    return Reference("alert", text, line, known, "" if known else nearest(text, registry.alerts), why)


def _service(text: str, line: int, registry: Registry) -> Reference | None:
    if text in registry.services or text == EVERY_SERVICE:
        return Reference("service", text, line, True)
    if text in registry.repositories:
        return None  # a repository of the catalog, not a service
    if any(text.startswith(name + "-") for name in registry.services):
        return Reference("service", text, line, True)  # a deployment of it: <service>-next, <service>-prod
    suffixes = {name.rsplit("-", 1)[-1] for name in registry.services if "-" in name}
    close = difflib.get_close_matches(text, sorted(registry.services), n=1, cutoff=0.85)
    if not KEBAB.match(text) or not (text.rsplit("-", 1)[-1] in suffixes or close):
        return None  # kebab-case that is neither shaped like a service name nor a near miss of one
    why = "no catalog page ARCHITECTURE/service-catalog/<name>.md"
    return Reference("service", text, line, False, nearest(text, registry.services), why)


def _adr_mentions(block: Block, registry: Registry) -> list[Reference]:
    if not registry.adrs:
        return []
    refs = []
    for run in (*block.texts, *block.spans):
        for match in ADR_MENTION.finditer(run.text):
            number = int(match.group(1))
            known = number in registry.adrs
            shown = min(registry.adrs, key=lambda n: abs(n - number))
            nearest_name = "" if known else f"ADR-{shown:03d}"
            refs.append(Reference("ADR", match.group(0), run.line, known, nearest_name, "" if known else "no such ADR"))
    return refs


# ---------------------------------------------------------------- payload field conventions


def _payload_lists(block: Block, registry: Registry) -> list[Reference]:
    """`event` (`field`, `field`): the code spans of a parenthesis right after an event type."""
    refs = []
    sequence = block.sequence
    for position, (kind, item) in enumerate(sequence):
        if kind != "code" or item.text not in registry.events:
            continue
        after = sequence[position + 1 :]
        if not after or after[0][0] != "text" or after[0][1].text.strip() != "(":
            continue
        listed = []
        for next_kind, next_item in after[1:]:
            if next_kind == "code":
                listed.append(next_item)
            elif next_item.text.strip() == ")" or next_item.text.startswith(")"):
                refs += [_payload_field(item.text, span.text, span.line, registry) for span in listed]
                break
            elif not LIST_GLUE.match(next_item.text):
                break  # prose inside the parenthesis: not a list of fields
    return refs


def _field_table_rows(page_blocks: Sequence[Block], index: int, registry: Registry) -> list[Reference]:
    """A "Field" table right after a paragraph or heading naming exactly one event type: its first cells."""
    header = page_blocks[index]
    if header.kind != "header" or _first_cell(header) not in FIELD_TABLE_HEADERS or index == 0:
        return []
    before = page_blocks[index - 1]
    events = {s.text for s in before.spans if s.text in registry.events}
    if len(events) != 1:
        return []
    event = events.pop()
    refs = []
    for row in page_blocks[index + 1 :]:
        if row.table != header.table:
            break
        for span in row.cells[0] if row.cells else ():
            if re.fullmatch(r"[A-Za-z_][\w.]*", span.text):
                refs.append(_payload_field(event, span.text, span.line, registry))
    return refs
