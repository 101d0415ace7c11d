"""Which contract a name in prose belongs to, and whether the contract has it.

A code span is checked only when it falls inside a known namespace: an HTTP method and
path, a header of the X-/RateLimit- families or one a contract declares (or a near miss of
one), a Redis key whose first segment is a keyspace prefix, a dotted name whose first part
is an event domain, a Postgres schema or a GraphQL type, a CamelCase name shaped like the
catalog's alerts, a kebab-case name shaped like a catalog service, and ``ADR-NNN`` anywhere
in prose. A namespace whose contract the site does not have is not checked. Anything else
(file names, hosts, shell commands, package names) is not a contract name and passes.

A method may stand in its own code span, word or table cell beside the path. Payload
fields are checked in three light forms, documented in the authoring guide:
``event.type.field``; a parenthesised list right after an event, ``schedule.fired``
(``scheduleId``, ``firedAt``); and a table whose first header cell is "Field" (or "`data`
field") placed right after a paragraph or heading that names exactly one event type.
A status code is checked against an operation when a table row or sentence names exactly
one operation.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from pyairtable_docs.alerts.records import RULES_DIR
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
    first_cell,
)
from pyairtable_docs.drift.markdown_blocks import Block, Span, blocks
from pyairtable_docs.schemas.records import EVERY_SERVICE, path_match
from pyairtable_docs.teams.records import TEAMS_FILE

OPERATION = re.compile(rf"^({'|'.join(HTTP_METHODS)})\s+(\S+)$")
METHOD_BEFORE = re.compile(rf"(?:^|\s)({'|'.join(HTTP_METHODS)})\s*$")
INTERNAL_ROOTS = ("/internal/", "/.well-known/", "/mcp", "/healthz", "/readyz", "/livez", "/metrics")
HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9*]+)+|X-\*)(?::\s*.*)?$")
DOTTED = re.compile(r"^[A-Za-z_][\w-]*(?:\.[\w\[\]-]+)+$")
FILE_SUFFIXES = {"md", "py", "ts", "tsx", "js", "json", "yaml", "yml", "sql", "toml", "txt", "proto", "go", "html"}
CAMEL = re.compile(r"^[A-Z][A-Za-z0-9]+$")
HUMPS = re.compile(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*")
KEBAB = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
STATUS = re.compile(r"^([2-5]\d\d)(?:\s+(.+))?$")
PROBLEM_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
REASON_PHRASE = re.compile(r"^[A-Z][A-Za-z-]*(?: [A-Z][A-Za-z-]*)*$")  # 202 Accepted, 304 Not Modified
CONNECTORS = "with|when|if|and|or|for|on|unless|after|because|to|from|as|in|instead|until|while|once|plus|but"
STATUS_IN_TEXT = re.compile(
    r"\b(?:returns?|gets?|answers?|responds?(?:\s+with)?|replies|fails?\s+with)\s+(?:(?:an?|HTTP|status)\s+)*"
    rf"([2-5]\d\d)\b(?!\s+(?!(?:{CONNECTORS})\b)[a-z])"
)
ADR_MENTION = re.compile(r"\bADR[- ](\d{1,4})\b")
VERSION = re.compile(r"^v\d+$")
LIST_GLUE = re.compile(r"^\s*(?:,|,?\s*and|,?\s*or)\s*$")
SENTENCE_END = re.compile(r"[.!?:;](?:\s|$)")
TRAILING_PUNCTUATION = ".,;!?"
FIELD_TABLE_HEADERS = {"field", "data field", "payload field"}
DEPLOYMENT_SUFFIXES = {"next", "prod", "production", "staging", "dev", "local", "canary", "test"}
NEAR_MISS = 0.85  # how close an out-of-namespace name must be to a known one to be checked as a typo of it

KINDS = {
    # kind: (what it is checked against, the contracts it is read from)
    "event type": ("event types and topics", (TOPICS,)),
    "payload field": ("the event's payload schema and the envelope", (TOPICS,)),
    "operation": ("operations and paths", (PUBLIC_API, INTERNAL_API)),
    "header": ("declared header parameters and response headers", (PUBLIC_API, INTERNAL_API)),
    "status code": ("the responses of the operation named beside it", (PUBLIC_API, INTERNAL_API)),
    "query parameter": ("the query parameters of the operation written with them", (PUBLIC_API, INTERNAL_API)),
    "problem type": ("problem types used by the contracts", (PUBLIC_API, INTERNAL_API)),
    "alert": ("the alerting rules", (RULES_DIR + "*.yaml",)),
    "Redis key": ("key patterns of the keyspace registry", (KEYSPACE,)),
    "Postgres name": ("schemas, tables, views and columns", (SQL_DIR + "*.sql",)),
    "GraphQL name": ("types and fields", (GRAPHQL,)),
    "service": ("catalog service names", ("ARCHITECTURE/service-catalog/*.md",)),
    "team": ("the teams of teams.yaml, their PagerDuty rotations and escalation channels", (TEAMS_FILE,)),
    "team lead": ("the lead teams.yaml gives the team (of the service) named beside them", (TEAMS_FILE,)),
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


def nearest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=cutoff)
    return close[0] if close else ""


def check_page(src_uri: str, page: str, registry: Registry, page_blocks: list[Block] | None = None) -> list[Reference]:
    """Every contract name ``page`` mentions, resolved or not (``page_blocks``: ``blocks(page)``, if known)."""
    found: list[Reference] = []
    page_blocks = blocks(page) if page_blocks is None else page_blocks
    headers: dict[int | None, Block] = {b.table: b for b in page_blocks if b.kind == "header"}
    for index, block in enumerate(page_blocks):
        written = operations_written(block)
        for span in block.spans:
            text = written.get(span, span.text)
            ref = classify(Span(text, span.line), registry)
            if ref:
                found.append(ref)
                if ref.kind == "operation" and ref.known and "?" in text:
                    found += _query_parameters(text.strip(), span.line, registry)
        found += _adr_mentions(block, registry)
        found += _statuses(block, written, registry)
        found += _payload_lists(block, registry)
        found += _field_table_rows(page_blocks, index, registry)
        found += _problem_table_rows(block, headers.get(block.table), registry)
        found += _team_leads(block, headers.get(block.table), registry)
    return found


def operations_written(block: Block) -> dict[Span, str]:
    """Paths whose method stands beside them: ``DELETE `/x` ``, `` `DELETE` `/x` `` or a method cell in the row."""
    paired: dict[Span, str] = {}
    sequence = block.sequence
    for position, (kind, item) in enumerate(sequence):
        if kind != "code" or not item.text.startswith(("/", "http")) or OPERATION.match(item.text):
            continue
        before = sequence[position - 1] if position else None
        method = None
        if before and before[0] == "text" and (match := METHOD_BEFORE.search(before[1].text)):
            method = match.group(1)
        elif before and before[0] == "text" and not before[1].text.strip() and position >= 2:
            previous = sequence[position - 2]
            method = previous[1].text if previous[0] == "code" and previous[1].text in HTTP_METHODS else None
        elif before and before[0] == "code" and before[1].text in HTTP_METHODS:
            method = before[1].text
        if method:
            paired[item] = f"{method} {item.text}"
    if block.kind == "row":
        methods = [c.replace("`", "").strip() for c in block.cell_texts if c.replace("`", "").strip() in HTTP_METHODS]
        paths = [s for s in block.spans if s.text.startswith("/") and not OPERATION.match(s.text)]
        if len(methods) == 1 and len(paths) == 1:
            paired.setdefault(paths[0], f"{methods[0]} {paths[0].text}")
    return paired


def classify(span: Span, registry: Registry) -> Reference | None:
    text = span.text.strip().rstrip(TRAILING_PUNCTUATION)
    for check in (_operation, _path, _header, _redis_key, _dotted, _alert, _team, _service, _status_type):
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


def _query_parameters(text: str, line: int, registry: Registry) -> list[Reference]:
    """Each parameter of `GET /path?name=value` against the query parameters of that operation."""
    match = OPERATION.match(text)
    path = _own_path(match.group(2), registry) if match else None
    endpoint = find_endpoint(match.group(1), path, registry.endpoints) if match and path else None
    if endpoint is None:
        return []
    refs = []
    for name in query_names(match.group(2)):
        known = name in endpoint.query
        why = "" if known else f"{endpoint.shown} has no query parameter {name}"
        shown = f"{endpoint.shown}?{name}"
        suggestion = "" if known else nearest(re.sub(r"\[.*$", "", name), endpoint.query)  # sort[0][field] -> sort
        refs.append(Reference("query parameter", shown, line, known, suggestion, why))
    return refs


def query_names(target: str) -> list[str]:
    """The parameter names of a written query: `?fields=a&fields=b&sort=x` -> fields, fields, sort."""
    query = target.partition("?")[2].partition("#")[0]
    return [pair.partition("=")[0] for pair in query.split("&") if pair.partition("=")[0]]


def _own_path(target: str, registry: Registry) -> str | None:
    """The path of ``target`` if it is one of ours; None for third-party APIs."""
    if "://" in target:
        try:
            parts = urlsplit(target)
            host = parts.hostname or ""
        except ValueError:
            return None  # not a URL at all
        ours = host.endswith("pyairtable.app") or host == "localhost" or host in registry.services
        if not ours:
            return None
        target = parts.path or "/"
    target = target.split("?")[0].split("#")[0]
    if not target.startswith("/"):
        return None
    if target.startswith((PUBLIC_BASE, *INTERNAL_ROOTS)):
        return target
    # Without a host and outside /api/v1 and the internal roots, a path is ours only if our
    # contracts have paths starting the same way (/auth/login is; Airtable's /v0/... is not).
    first = _segments(target)[:1]
    ours = {tuple(_segments(e.path)[:1]) for e in registry.endpoints}
    return target if tuple(first) in ours else None


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
    prefix = path.endswith(("*", "/")) and method is None
    written = path.rstrip("*/") if prefix else path
    matching = [
        (score, index, endpoint)
        for index, endpoint in enumerate(endpoints)
        if not method or endpoint.method == method
        if (score := path_match(_template(endpoint, path), written, prefix)) is not None
    ]
    # /internal/users/lookup before /internal/users/{userId}: the most literal template wins
    return max(matching, key=lambda m: (m[0], -m[1]))[2] if matching else None


def _template(endpoint: Endpoint, path: str) -> str:
    """The endpoint's path as ``path`` is written: with the /api/v1 base when the writer used it."""
    under_base = endpoint.api == "public" and not endpoint.at_root and path.startswith(PUBLIC_BASE)
    return PUBLIC_BASE + endpoint.path if under_base else endpoint.path


def _segments(path: str) -> list[str]:
    return path.strip("/").split("/") if path.strip("/") else []


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


# ---------------------------------------------------------------- headers, status codes, problem types


def _header(text: str, line: int, registry: Registry) -> Reference | None:
    match = HEADER.match(text)
    if not match or not registry.sources.get("header"):
        return None  # not header-shaped, or no API contract in this site
    name = match.group(1)
    lower = name.lower()
    # "X-" as headers are written; lower-case x-... is an OpenAPI extension field, not a header
    family = name.startswith("X-") or lower.startswith("ratelimit")
    near_miss = name[:1].isupper() and nearest(lower, registry.headers, NEAR_MISS)
    if lower == "x-*" or not (family or lower in registry.headers or near_miss):
        return None
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


def status_parts(text: str, problem_types: Iterable[str]) -> tuple[str, str] | None:
    """(code, problem type or "") of a written status such as `404`, `409 conflict` or `202 Accepted`.

    None when the number is not a status: `500 ms`, `100 requests`.
    """
    match = STATUS.match(text.strip())
    if not match:
        return None
    code, rest = match.group(1), (match.group(2) or "").strip()
    if not rest or REASON_PHRASE.match(rest):
        return code, ""
    if PROBLEM_SLUG.match(rest) and ("-" in rest or rest in problem_types or nearest(rest, problem_types, 0.8)):
        return code, rest
    return None


def _status_type(text: str, line: int, registry: Registry) -> Reference | None:
    parts = status_parts(text, registry.problem_types)
    if not parts or not parts[1] or not registry.problem_types:
        return None
    return problem_type(parts[1], parts[0], line, registry)


def problem_type(slug: str, status: str, line: int, registry: Registry) -> Reference:
    """A problem type, and the status written with it, against the types and statuses the contracts give."""
    if slug not in registry.problem_types:
        why = f"no problem type of that name in {PUBLIC_API} or {INTERNAL_API}"
        return Reference("problem type", slug, line, False, nearest(slug, registry.problem_types), why)
    statuses = registry.problem_statuses.get(slug, set())
    if status and statuses and status not in statuses:
        why = f"the contracts give {slug} with status {', '.join(sorted(statuses))}, not {status}"
        return Reference("problem type", f"{status} {slug}", line, False, "", why)
    return Reference("problem type", slug, line, True)


def _problem_table_rows(block: Block, header: Block | None, registry: Registry) -> list[Reference]:
    """A row of a table headed "Status" and "Problem type" (or "`type`"): each type against the row's status."""
    if block.kind != "row" or header is None or not registry.problem_types:
        return []
    names = [c.replace("`", "").strip().lower() for c in header.cell_texts]
    status_column = next((i for i, n in enumerate(names) if n == "status"), None)
    type_column = next((i for i, n in enumerate(names) if "problem type" in n or n.startswith("type")), None)
    if status_column is None or type_column is None or len(block.cell_texts) <= max(status_column, type_column):
        return []
    status = STATUS.match(block.cell_texts[status_column].replace("`", "").strip())
    code = status.group(1) if status else ""
    slugs = [s for s in block.cells[type_column] if PROBLEM_SLUG.match(s.text)]
    return [problem_type(s.text, code, s.line, registry) for s in slugs]


def _statuses(block: Block, written: dict[Span, str], registry: Registry) -> list[Reference]:
    """Status codes stated for an operation: in a table row, or a sentence, naming exactly one operation."""
    refs = []
    for sentence in [block.sequence] if block.kind == "row" else _sentences(block.sequence):
        operations = set()
        for kind, item in sentence:
            if kind == "code":
                ref = _operation(written.get(item, item.text).strip(), item.line, registry)
                if ref is not None and ref.known:
                    operations.add(ref.name)
        if len(operations) == 1:
            method, path = operations.pop().split(" ", 1)
            refs += _codes_for(find_endpoint(method, path, registry.endpoints), sentence, registry)
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


def _codes_for(endpoint: Endpoint | None, sentence: Sequence[tuple[str, Span]], registry: Registry) -> list[Reference]:
    if endpoint is None:
        return []
    codes = [
        (parts[0], s.line)
        for kind, s in sentence
        if kind == "code" and (parts := status_parts(s.text, registry.problem_types))
    ]
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
    first = key.split(":")[0]
    if first not in prefixes and not nearest(first, prefixes, 0.8):
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
    """`auth:denylist` or `ratelimit:`: literal leading segments of a pattern, naming a family of keys."""
    written = key.rstrip(":").split(":")
    template = pattern.split(":")
    literal = not any(_is_placeholder(segment) for segment in written)
    return literal and len(written) < len(template) and template[: len(written)] == written


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
    graphql_type = parts[0] if parts[0] in registry.graphql else nearest(parts[0], registry.graphql, NEAR_MISS)
    if graphql_type and parts[0][:1].isupper():
        return _graphql(graphql_type, parts, text, line, registry)
    if parts[0] in registry.schemas:
        postgres = _postgres(parts, text, line, registry)
        if postgres.known or ".".join(parts[:2]) in registry.tables or parts[0] not in _event_domains(registry):
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
    fields = registry.payload_fields(event)
    field_path = field_path.removeprefix("data.")
    known = field_path in fields or field_path == "data"
    why = "" if known else f"not a field of the {event} payload or the envelope in {TOPICS}"
    return Reference(
        "payload field", f"{event}.{field_path}", line, known, "" if known else nearest(field_path, fields), why
    )


def _event_domains(registry: Registry) -> set[str]:
    return {name.split(".")[0] for name in (*registry.events, *registry.topics)}


def _postgres(parts: list[str], text: str, line: int, registry: Registry) -> Reference:
    tables = registry.tables
    table, column = ".".join(parts[:2]), ".".join(parts[2:])
    if table not in tables:
        return Reference("Postgres name", text, line, False, nearest(text, tables), "no such table or view in the SQL")
    if not column or column in tables[table]:
        return Reference("Postgres name", text, line, True)
    why = f"{table} has no column {column}"
    return Reference("Postgres name", text, line, False, nearest(column, tables[table]), why)


def _graphql(type_name: str, parts: list[str], text: str, line: int, registry: Registry) -> Reference:
    """``Type.field`` or ``Type.field.field``: each step a field of the type the previous one returns."""
    if type_name != parts[0]:
        why = f"no type {parts[0]} in {GRAPHQL}"
        return Reference("GraphQL name", text, line, False, type_name, why)
    current = type_name
    for step in parts[1:]:
        fields = registry.graphql.get(current, {})
        if step not in fields:
            why = f"{current} has no field {step} in {GRAPHQL}"
            return Reference("GraphQL name", text, line, False, nearest(step, fields), why)
        current = fields[step]
    return Reference("GraphQL name", text, line, True)


# ---------------------------------------------------------------- alerts, services, ADRs


def _alert(text: str, line: int, registry: Registry) -> Reference | None:
    if not CAMEL.match(text) or not registry.alerts:
        return None
    if text in registry.graphql:
        return Reference("GraphQL name", text, line, True)
    if text in registry.alerts:
        return Reference("alert", text, line, True)
    humps = HUMPS.findall(text)
    first_words = {hump for alert in registry.alerts for hump in HUMPS.findall(alert)[:1]}
    last_words = {hump for alert in registry.alerts for hump in HUMPS.findall(alert)[-1:]}
    middle_words = {hump for alert in registry.alerts for hump in HUMPS.findall(alert)[1:-1]}
    # Shaped like this catalog's alerts: their last word (High, Stale, ...), and their first
    # word or one of their middle words (an old KafkaConsumerLagHigh beside WorkflowEngineConsumerLagHigh).
    shaped = (
        len(humps) >= 3
        and humps[-1] in last_words
        and (humps[0] in first_words or any(h in middle_words for h in humps[1:-1]))
    )
    close = nearest(text, registry.alerts, 0.8)
    if not (shaped or close):
        return None  # a class or type name, not an alert
    why = "no alerting rule under SCHEMAS/observability/rules/ defines it"
    return Reference("alert", text, line, False, close or nearest(text, registry.alerts), why)


def _service(text: str, line: int, registry: Registry) -> Reference | None:
    if text in registry.services or text == EVERY_SERVICE:
        return Reference("service", text, line, True)
    if text in registry.repositories:
        return None  # a repository of the catalog, not a service
    service, _, environment = text.rpartition("-")
    if service in registry.services and environment in DEPLOYMENT_SUFFIXES:
        return Reference("service", text, line, True)  # a deployment of it: <service>-next, <service>-prod
    suffixes = {name.rsplit("-", 1)[-1] for name in registry.services if "-" in name}
    close = nearest(text, registry.services, NEAR_MISS)
    if not KEBAB.match(text) or not (text.rsplit("-", 1)[-1] in suffixes or close):
        return None  # kebab-case that is neither shaped like a service name nor a near miss of one
    why = "no catalog page ARCHITECTURE/service-catalog/<name>.md"
    return Reference("service", text, line, False, nearest(text, registry.services), why)


def _team(text: str, line: int, registry: Registry) -> Reference | None:
    if not registry.leads:
        return None
    if text.startswith(CHANNEL_PREFIX) or text in registry.rotations:
        return _rotation_or_channel(text, line, registry)
    if not TEAM_NAME.match(text):
        return None
    known = text in registry.leads
    return Reference(
        "team",
        text,
        line,
        known,
        "" if known else nearest(text, registry.leads),
        "" if known else f"no such team in {TEAMS_FILE}",
    )


def _rotation_or_channel(text: str, line: int, registry: Registry) -> Reference:
    if text in registry.rotations or text in registry.channels:
        return Reference("team", text, line, True)
    why = f"no team in {TEAMS_FILE} has this escalation channel"
    return Reference("team", text, line, False, nearest(text, registry.channels), why)


# ---------------------------------------------------------------- team leads

CHANNEL_PREFIX = "#team-"

TEAM_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-team$")
PERSON = r"[A-ZÀ-Þ][\w'’.-]+(?:[ \t]+[A-ZÀ-Þ][\w'’.-]+)+"
TEAM_WITH_LEAD = re.compile(rf"`?\b([a-z][a-z0-9]*(?:-[a-z0-9]+)*-team)\b`?\s*\(({PERSON})\)")
LEAD_HEADERS = {"lead", "team lead"}
TEAM_HEADERS = {"team", "owner", "owning team"}
SERVICE_LINK = re.compile(r"service-catalog/([a-z0-9-]+)\.md")


def _team_leads(block: Block, header: Block | None, registry: Registry) -> list[Reference]:
    """A lead named with their team, "data-team (Nina Petrova)", or in a table's Lead column
    beside a team or a service, must be the lead teams.yaml gives that team."""
    if not registry.leads:
        return []
    refs = []
    pieces = [(item.text if kind == "text" else f"`{item.text}`", item.line) for kind, item in block.sequence]
    text, starts, offset = "", [], 0
    for piece, line in pieces:
        starts.append((offset, line))
        text += piece
        offset += len(piece)
    for match in TEAM_WITH_LEAD.finditer(text):
        line = next((ln for start, ln in reversed(starts) if start <= match.start()), block.line)
        refs += _lead_reference(match.group(1), match.group(2), line, registry)
    if block.kind == "row" and header is not None:
        names = [cell.replace("`", "").strip().lower() for cell in header.cell_texts]
        leads = [i for i, name in enumerate(names) if name in LEAD_HEADERS and i < len(block.cell_texts)]
        for column in leads:
            person = block.cell_texts[column].strip()
            team = _row_team(block, names, registry)
            if team and re.fullmatch(PERSON, person):
                refs += _lead_reference(team, person, block.line, registry)
    return refs


def _row_team(row: Block, headers: list[str], registry: Registry) -> str:
    """The one team a table row is about: its team column, else the owner of the services it names."""
    for index, name in enumerate(headers):
        if name in TEAM_HEADERS and index < len(row.cell_texts):
            team = row.cell_texts[index].replace("`", "").strip()
            if team in registry.leads:
                return team
    services = {m for cell in row.cell_texts for m in SERVICE_LINK.findall(cell)}
    services |= {s.text for s in row.spans if s.text in registry.services}
    teams = {registry.owners[s] for s in services if s in registry.owners}
    return teams.pop() if len(teams) == 1 else ""


def _lead_reference(team: str, person: str, line: int, registry: Registry) -> list[Reference]:
    lead = registry.leads.get(team)
    if lead is None:
        return []  # an unknown team is reported as such
    if person == lead:
        return [Reference("team lead", person, line, True)]
    return [Reference("team lead", person, line, False, lead, f"{TEAMS_FILE} gives {team} the lead {lead}")]


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
    if header.kind != "header" or first_cell(header) not in FIELD_TABLE_HEADERS or index == 0:
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
