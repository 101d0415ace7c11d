"""Dependencies from evidence: a service page that shows a call must list the callee in ``dependsOn``.

Pure functions only (no MkDocs). A service page P is evidence that P calls another catalog
service Q when it has, outside the parts that describe someone else's calls:

- a ``*_URL`` setting (a table row whose first cell is a code span such as ``WORKFLOW_SCHEDULER_URL``)
  whose value is a URL on Q's host (``http://scheduler-service:8087``) or on ``localhost`` at Q's
  port (ports are unique and the same locally and in the cluster), whose name ends with Q's name
  (``STORAGE_SERVICE_URL``), or whose other cells name Q;
- inline code naming an endpoint that Q owns in the internal API contract
  (``SCHEMAS/api/internal.yaml``, one tag per operation = its owner): ``PUT /internal/schedules/{id}``,
  or a bare path or URL such as ``/.well-known/jwks.json`` when only Q serves that path. Fetching
  auth-service's JWKS is this case, and a ``JWKS_URL`` setting the first one.

Not evidence: fenced code blocks (commands and diagrams), table columns that name callers
(``Called by``, ``Reached from``, ``Exposed via``, ``Used by``), the sections ``Running locally``
and ``Operating it`` (what a person runs, not what the service calls), endpoints served by every
service (tag ``every-service``: ``/healthz``, ``/readyz``, ``/metrics``), a service's own endpoints
and URLs, and ``resource:`` dependencies. docs-authoring.md states the rule for authors.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pyairtable_docs.catalog.records import Service
from pyairtable_docs.core.frontmatter import FRONT_MATTER
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.schemas.records import EVERY_SERVICE, INTERNAL_API, load_yaml, path_match

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# Column headers (lowercase prefixes) under which a table names who calls the page's service.
CALLER_COLUMNS = ("called by", "caller", "reached from", "exposed via", "used by")
# Level-2 sections that describe what people run, not what the service calls.
PEOPLE_SECTIONS = ("running locally", "operating it")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0")

CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
SETTING = re.compile(r"^`([A-Z][A-Z0-9_]*_URL)`$")
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://([A-Za-z0-9.-]+)(?::(\d+))?[^\s`|]*")
ENDPOINT = re.compile(
    r"^(?:(?P<method>GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE)\s+)?"
    r"(?:[a-z][a-z0-9+.-]*://[^/\s]+)?(?P<path>/[^\s?#]*)(?:[?#]\S*)?$"
)
TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True)
class Endpoint:
    method: str  # upper case, e.g. GET
    path: str  # the contract's path template, e.g. /internal/users/{userId}
    owner: str  # the catalog service that serves it, or every-service


@dataclass(frozen=True)
class Call:
    """Evidence on ``caller``'s page, at ``line``, that it calls ``callee``."""

    caller: str
    callee: str
    line: int
    evidence: str


def endpoints_from(document: Any) -> tuple[Endpoint, ...]:
    """Each operation of an OpenAPI document with its owner (its one tag); the rest is skipped.

    A malformed contract yields what can be read of it: the schema check reports the
    contract's own problems, so they are not repeated here.
    """
    paths = document.get("paths") if isinstance(document, dict) else None
    found = []
    for path, item in (paths if isinstance(paths, dict) else {}).items():
        for method, operation in (item if isinstance(item, dict) else {}).items():
            tags = operation.get("tags") if isinstance(operation, dict) else None
            if method in HTTP_METHODS and isinstance(tags, list) and len(tags) == 1 and isinstance(tags[0], str):
                found.append(Endpoint(method.upper(), str(path), tags[0]))
    return tuple(found)


@functools.lru_cache(maxsize=16)
def endpoints_in(contract_text: str) -> tuple[Endpoint, ...]:
    document, _problems = load_yaml(contract_text, INTERNAL_API)
    return endpoints_from(document)


def owner_of(span: str, endpoints: Sequence[Endpoint]) -> str | None:
    """The one service that serves the endpoint a code span names, if it names one."""
    written = ENDPOINT.match(span.strip())
    if written is None:
        return None
    method, path = written["method"], written["path"]
    scored = [
        (score, endpoint.owner)
        for endpoint in endpoints
        if method in (None, endpoint.method) and (score := path_match(endpoint.path, path)) is not None
    ]
    if not scored:
        return None
    best = max(score for score, _ in scored)
    owners = {owner for score, owner in scored if score == best}
    return owners.pop() if len(owners) == 1 and EVERY_SERVICE not in owners else None


def _cells(row: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", row.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [cell.strip() for cell in cells]


def _is_caller_column(header: str) -> bool:
    return header.replace("`", "").strip().lower().startswith(CALLER_COLUMNS)


def evidence_lines(text: str) -> Iterator[tuple[int, list[str] | None, list[str]]]:
    """The page's lines that may hold evidence: (line number, table headers or None, texts).

    For a table row the texts are its cells (caller columns blanked), else the line itself.
    Front matter, fences, header rows and the sections people run are left out.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    front = FRONT_MATTER.match(text)
    first_line = front.group(0).count("\n") + 1 if front else 1
    lines = text[front.end() if front else 0 :].split("\n")
    fence, skipping, headers = "", False, None
    for index, line in enumerate(lines):
        number = first_line + index
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        heading = HEADING.match(line)
        if heading:
            if len(heading.group(1)) <= 2:
                skipping = len(heading.group(1)) == 2 and heading.group(2).strip().lower() in PEOPLE_SECTIONS
            headers = None
            continue
        if skipping:
            continue
        stripped = line.strip()
        if not stripped.startswith("|"):
            headers = None
            yield number, None, [line]
            continue
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if headers is None and TABLE_SEPARATOR.match(following) and "-" in following:
            headers = _cells(stripped)
            continue
        if TABLE_SEPARATOR.match(stripped) and "-" in stripped:
            continue
        cells = _cells(stripped)
        for column, header in enumerate(headers or ()):
            if column < len(cells) and _is_caller_column(header):
                cells[column] = ""
        yield number, headers, cells


@functools.lru_cache(maxsize=16)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``names`` as a whole word (not part of a longer kebab-case name)."""
    longest_first = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, longest_first)) + r")(?![\w-])")


def setting_calls(setting: str, rest: Sequence[str], ports: Mapping[str, int | None]) -> Iterator[tuple[str, str]]:
    """(callee, evidence) for each service a ``*_URL`` setting's row points at."""
    port_owner = {port: name for name, port in ports.items() if port}
    found: dict[str, str] = {}
    row_text = " | ".join(rest)
    for url in URL.finditer(row_text):
        host, port = url.group(1).lower(), url.group(2)
        callee = host if host in ports else None
        if callee is None and host in LOCAL_HOSTS and port:
            callee = port_owner.get(int(port))
        if callee:
            found.setdefault(callee, f"setting `{setting}` = `{url.group(0)}`")
    stem = re.sub(r"(_BASE)?_URL$", "", setting).lower().replace("_", "-")
    words = stem.split("-")
    named = next((name for i in range(len(words)) if (name := "-".join(words[i:])) in ports), None)
    if named:
        found.setdefault(named, f"setting `{setting}` is {named}'s URL")
    for mention in _names_pattern(tuple(ports)).finditer(row_text) if ports else ():
        found.setdefault(mention.group(1), f"setting `{setting}` names {mention.group(1)}")
    yield from found.items()


@functools.lru_cache(maxsize=4096)
def calls_on_page(
    caller: str, text: str, ports: tuple[tuple[str, int | None], ...], endpoints: tuple[Endpoint, ...]
) -> tuple[Call, ...]:
    """Every piece of evidence on ``caller``'s page that it calls another catalog service."""
    port_of = dict(ports)
    calls: dict[tuple[int, str, str], Call] = {}

    def found(line: int, callee: str, evidence: str) -> None:
        if callee != caller:
            calls.setdefault((line, callee, evidence), Call(caller, callee, line, evidence))

    for number, headers, texts in evidence_lines(text):
        setting = SETTING.match(texts[0]) if headers is not None and texts else None
        if setting:
            for callee, evidence in setting_calls(setting.group(1), texts[1:], port_of):
                found(number, callee, evidence)
            continue
        for cell in texts:
            for span in CODE_SPAN.finditer(cell):
                owner = owner_of(span.group(2), endpoints)
                if owner in port_of:
                    found(number, owner, f"`{span.group(2).strip()}` is served by {owner}")
    return tuple(calls.values())


def missing_dependencies(
    services: Sequence[Service],
    pages: Mapping[str, str],
    endpoints: Sequence[Endpoint],
    display: Mapping[str, str] | None = None,
) -> list[Problem]:
    """One problem per piece of evidence whose callee the calling service does not list in dependsOn.

    ``pages`` maps a service's path to its page text (front matter included, for line numbers).
    """
    display = display or {}
    ports = tuple(sorted((s.name, s.port) for s in services if s.name))
    problems = []
    for service in services:
        text = pages.get(service.path)
        if not service.name or text is None:
            continue
        for call in calls_on_page(service.name, text, ports, tuple(endpoints)):
            if call.callee in service.depends_on:
                continue
            problems.append(
                Problem(
                    display.get(service.path, service.path),
                    "dependsOn",
                    f"{call.caller} calls {call.callee} ({call.evidence}) but does not list it; "
                    f"add `- {call.callee}` to dependsOn",
                    call.line,
                    "CAT011",
                )
            )
    return problems


def check_dependency_evidence(
    services: Sequence[Service],
    pages: Mapping[str, str],
    internal_api: str | None,
    display: Mapping[str, str] | None = None,
) -> list[Problem]:
    """``missing_dependencies`` with the endpoints of the internal API contract's text, if there is one."""
    endpoints = endpoints_in(internal_api) if internal_api is not None else ()
    return missing_dependencies(services, pages, endpoints, display)
