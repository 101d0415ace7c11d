"""The service catalog: service pages' front matter in, typed records and problems out.

Pure functions only (no MkDocs): ``parse_service`` reads one page, ``check_catalog``
checks the services against each other; catalog/markdown.py turns the records into
Markdown (index tables, Mermaid dependency graphs, the card on each page).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pyairtable_docs.core.fields import FieldReader, read_document
from pyairtable_docs.core.problems import Problem, did_you_mean

CATALOG_DIR = "ARCHITECTURE/service-catalog/"
GITHUB_ORG = "https://github.com/pyairtable"

# The twelve repositories of the seed's proposal, in its order.
REPOSITORIES = (
    "pyairtable-docs",
    "pyairtable-shared",
    "pyairtable-gateway",
    "pyairtable-auth",
    "pyairtable-airtable",
    "pyairtable-ai",
    "pyairtable-platform",
    "pyairtable-analytics",
    "pyairtable-automation",
    "pyairtable-data",
    "pyairtable-infra",
    "pyairtable-frontend",
)
LANGUAGES = ("go", "python", "typescript")
TYPES = ("service", "gateway", "worker", "frontend", "library")
LIFECYCLES = ("experimental", "production", "deprecated")
MIGRATION_STATES = ("not-started", "in-progress", "migrated")
REQUIRED = ("name", "title", "description", "repository", "language", "type", "lifecycle", "owner", "migration")
OPTIONAL = ("port", "dependsOn", "providesApis", "consumesApis", "tags")
# Page settings that MkDocs and Material read from front matter; allowed beside ours.
THEME_FIELDS = ("hide", "search", "template", "icon", "status", "subtitle", "comments")

KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
RESOURCE = re.compile(r"^resource:([a-z][a-z0-9]*(-[a-z0-9]+)*)$")


@dataclass(frozen=True)
class ProvidedApi:
    name: str
    schema: str  # docs-relative path of the SCHEMAS file that defines the API


@dataclass(frozen=True)
class Service:
    path: str  # docs-relative source path, e.g. ARCHITECTURE/service-catalog/auth-service.md
    name: str
    title: str
    description: str
    repository: str
    language: str
    type: str
    lifecycle: str
    owner: str
    migration: str
    port: int | None = None
    depends_on: tuple[str, ...] = ()
    provides_apis: tuple[ProvidedApi, ...] = ()
    consumes_apis: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def services_depended_on(self) -> tuple[str, ...]:
        return tuple(d for d in self.depends_on if not d.startswith("resource:"))

    @property
    def resources(self) -> tuple[str, ...]:
        return tuple(d.removeprefix("resource:") for d in self.depends_on if d.startswith("resource:"))


def is_service_page(src_uri: str) -> bool:
    return (
        src_uri.startswith(CATALOG_DIR)
        and src_uri.endswith(".md")
        and "/" not in src_uri[len(CATALOG_DIR) :]
        and src_uri != CATALOG_DIR + "README.md"
        and src_uri != CATALOG_DIR + "index.md"
    )


def service_name(src_uri: str) -> str | None:
    """The service a page describes (its file name), or None when it is not a service page."""
    return src_uri.rsplit("/", 1)[-1].removesuffix(".md") if is_service_page(src_uri) else None


# Several hooks read the catalog, and `serve` rebuilds re-read unchanged pages: one parse
# per distinct page text is enough.
@functools.lru_cache(maxsize=8192)
def parse_service(
    src_uri: str, text: str, display_path: str | None = None
) -> tuple[Service | None, tuple[Problem, ...]]:
    """One service page's front matter as a Service, plus every problem in it."""
    display = display_path or src_uri
    document, problems = read_document(text, display, "a service page")
    if document is None:
        return None, tuple(problems)
    fields = FieldReader(display, document)
    fields.refuse_unknown(REQUIRED + OPTIONAL, THEME_FIELDS, "a service catalog field")

    name = fields.text("name")
    file_stem = src_uri.rsplit("/", 1)[-1].removesuffix(".md")
    if name and not KEBAB.match(name):
        fields.problem("name", f"must be kebab-case (lowercase words joined by '-'); got {name!r}", "CAT001")
    elif name and name != file_stem:
        fields.problem("name", f"{name!r} does not match the file name {file_stem + '.md'!r}", "CAT002")

    description = fields.text("description")
    if "\n" in description:
        fields.problem("description", "must be one sentence on one line", "CAT004")

    service = Service(
        path=src_uri,
        name=name,
        title=fields.text("title"),
        description=description,
        repository=fields.choice("repository", REPOSITORIES),
        language=fields.choice("language", LANGUAGES),
        type=fields.choice("type", TYPES),
        lifecycle=fields.choice("lifecycle", LIFECYCLES),
        owner=fields.text("owner"),
        migration=fields.choice("migration", MIGRATION_STATES),
        port=_port(fields),
        depends_on=_depends_on(fields),
        provides_apis=_provided_apis(fields),
        consumes_apis=fields.word_list("consumesApis"),
        tags=fields.word_list("tags"),
    )
    return service, tuple(fields.problems)


def _port(fields: FieldReader) -> int | None:
    value = fields.meta.get("port")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        fields.problem("port", f"must be a whole number from 1 to 65535; got {value!r}", "CAT005")
        return None
    return value


def _depends_on(fields: FieldReader) -> tuple[str, ...]:
    entries = fields.word_list("dependsOn")
    for entry in entries:
        if entry.startswith("resource:") and not RESOURCE.match(entry):
            fields.problem(
                "dependsOn",
                f"{entry!r} is not a valid resource (write resource:<kebab-case-name>, e.g. resource:postgres)",
                "CAT008",
            )
    return entries


def _provided_apis(fields: FieldReader) -> tuple[ProvidedApi, ...]:
    value = fields.meta.get("providesApis")
    if value is None:
        return ()
    apis = []
    if not isinstance(value, list):
        fields.problem("providesApis", "must be a list of {name, schema} entries", "CAT012")
        return ()
    for entry in value:
        if (
            not isinstance(entry, dict)
            or set(entry) != {"name", "schema"}
            or not all(isinstance(v, str) and v.strip() for v in entry.values())
        ):
            fields.problem(
                "providesApis",
                f"each entry needs exactly `name` and `schema` (a SCHEMAS file); got {entry!r}",
                "CAT012",
            )
            continue
        apis.append(ProvidedApi(entry["name"].strip(), entry["schema"].strip()))
    return tuple(apis)


def check_catalog(
    services: Sequence[Service], existing_files: Iterable[str], display: Mapping[str, str] | None = None
) -> list[Problem]:
    """Problems between services: unknown or cyclic dependencies, duplicates, missing schemas."""
    display = display or {}
    existing_files = set(existing_files)
    by_name = {s.name: s for s in services if s.name}
    problems: list[Problem] = []

    def report(service: Service, field: str, message: str, code: str) -> None:
        problems.append(Problem(display.get(service.path, service.path), field, message, code=code))

    first_with = {}
    for service in services:
        for field, value in (("name", service.name), ("port", service.port)):
            if not value:
                continue
            other = first_with.setdefault((field, value), service)
            if other is not service:
                report(service, field, f"{value!r} is already used by {display.get(other.path, other.path)}", "CAT006")

    provided = {api.name for s in services for api in s.provides_apis}
    for service in services:
        for dependency in service.services_depended_on:
            target = by_name.get(dependency)
            if target is None:
                report(
                    service,
                    "dependsOn",
                    f"unknown service {dependency!r}"
                    + did_you_mean(dependency, by_name)
                    + "; use a catalog name or resource:<name>",
                    "CAT007",
                )
            elif service.lifecycle == "production" and target.lifecycle == "deprecated":
                message = f"production service depends on deprecated service {dependency!r}"
                report(service, "dependsOn", message, "CAT009")
        for api in service.provides_apis:
            if not api.schema.startswith("SCHEMAS/") or api.schema not in existing_files:
                report(
                    service,
                    "providesApis",
                    f"API {api.name!r}: schema {api.schema!r} is not a file under docs/SCHEMAS/",
                    "CAT013",
                )
        for api in service.consumes_apis:
            if api not in provided:
                message = f"no service provides API {api!r}" + did_you_mean(api, provided)
                report(service, "consumesApis", message, "CAT014")

    for cycle in dependency_cycles(services):
        report(by_name[cycle[0]], "dependsOn", "dependency cycle: " + " → ".join(cycle), "CAT010")
    return problems


def dependency_cycles(services: Sequence[Service]) -> list[list[str]]:
    """One cycle per group of services that depend on each other, as a path back to its start."""
    graph = {s.name: sorted(set(s.services_depended_on)) for s in services if s.name}
    return find_cycles(graph)


def find_cycles(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """One shortest cycle through the smallest node of each strongly connected component."""
    cycles = []
    for component in strongly_connected(graph):
        start = min(component)
        if len(component) == 1 and start not in graph.get(start, ()):
            continue
        cycles.append(_shortest_path_back(graph, start, component))
    return sorted(cycles)


def strongly_connected(graph: Mapping[str, Sequence[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (no recursion limit on large catalogs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c in graph), None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(graph.get(child, ()))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return components


def _shortest_path_back(graph: Mapping[str, Sequence[str]], start: str, within: set[str]) -> list[str]:
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in graph.get(node, ()):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child in within and child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"{start} is in a cycle but no path leads back to it")


def used_by(services: Sequence[Service]) -> dict[str, list[str]]:
    """For each service name, the names of the services that depend on it."""
    result: dict[str, list[str]] = {s.name: [] for s in services}
    for service in sorted(services, key=lambda s: s.name):
        for dependency in service.services_depended_on:
            result.setdefault(dependency, []).append(service.name)
    return result
