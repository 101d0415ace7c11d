"""Service records into Markdown: the catalog index, the dependency graphs, the card.

Every author-controlled value passes through ``markup`` before it is written.
Links to pages are Markdown links to ``.md`` sources (MkDocs resolves and checks
them); links inside Mermaid graphs are site URLs given by the caller in ``hrefs``.
"""

from __future__ import annotations

import functools
import posixpath
import re
import urllib.parse
from collections import Counter
from collections.abc import Mapping, Sequence

from pyairtable_docs.catalog.records import GITHUB_ORG, LIFECYCLES, MIGRATION_STATES, REPOSITORIES, Service
from pyairtable_docs.core.markup import css_token, md_text, mermaid_label

MIGRATION_LABELS = {"not-started": "not started", "in-progress": "in progress", "migrated": "migrated"}


# Generated pages repeat a few badges and links thousands of times in a large hub (every
# service lists the decisions affecting it): both are computed once per distinct value.
@functools.lru_cache(maxsize=1024)
def badge(kind: str, value: str) -> str:
    label = MIGRATION_LABELS.get(value, value) if kind == "migration" else value
    return f'<span class="hub-badge hub-badge--{css_token(kind)}-{css_token(value)}">{md_text(label)}</span>'


def link_to_page(title: str, target_path: str, from_path: str) -> str:
    """A Markdown link from the page at ``from_path`` to the page at ``target_path``."""
    return _link_from_folder(title, target_path, posixpath.dirname(from_path))


@functools.lru_cache(maxsize=16384)
def _link_from_folder(title: str, target_path: str, folder: str) -> str:
    # surrogatepass: a file name that is not valid UTF-8 comes in with lone surrogates.
    relative = posixpath.relpath(target_path, folder or ".")
    return f"[{md_text(title)}]({urllib.parse.quote(relative, errors='surrogatepass')})"


def _counts(values: Sequence[str], order: Sequence[str], labels: Mapping[str, str] = {}) -> str:
    counted = Counter(values)
    return ", ".join(f"{counted[v]} {labels.get(v, v)}" for v in order if counted[v])


def render_summary(services: Sequence[Service]) -> str:
    repositories = {s.repository for s in services}
    return (
        f"**{len(services)} services** in **{len(repositories)} repositories** · "
        f"lifecycle: {_counts([s.lifecycle for s in services], LIFECYCLES)} · "
        f"migration: {_counts([s.migration for s in services], MIGRATION_STATES, MIGRATION_LABELS)}"
    )


def render_index(services: Sequence[Service], index_path: str, hrefs: Mapping[str, str]) -> str:
    """The generated part of the catalog index page at ``index_path``."""
    lines = ["## All services", "", render_summary(services), ""]
    by_repository: dict[str, list[Service]] = {}
    for service in services:
        by_repository.setdefault(service.repository, []).append(service)
    for repository in sorted(by_repository, key=_repository_order):
        members = sorted(by_repository[repository], key=lambda s: s.name)
        lines += [
            f"### {md_text(repository)}",
            "",
            f"{len(members)} service{'s' if len(members) != 1 else ''} · "
            f"[{md_text(repository)} on GitHub]({GITHUB_ORG}/{urllib.parse.quote(repository)})",
            "",
            "| Service | Description | Language | Type | Lifecycle | Owner | Port | Migration |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for s in members:
            lines.append(
                f"| {link_to_page(s.title, s.path, index_path)} | {md_text(s.description)} "
                f"| {md_text(s.language)} | {md_text(s.type)} | {badge('lifecycle', s.lifecycle)} "
                f"| {md_text(s.owner)} | {s.port or '—'} | {badge('migration', s.migration)} |"
            )
        lines.append("")
    lines += [
        "## Dependency graph",
        "",
        "Every arrow is a `dependsOn` entry: the service at its tail calls the one at its "
        "head. Click a service to open its page, whose own graph adds the shared resources it "
        "uses; drawn here, their arrows would make the graph too wide to read.",
        "",
        # Top to bottom and without resources: the whole catalog then reads in the page's column.
        render_graph(services, services, hrefs, direction="TB", resources=False),
        "",
    ]
    return "\n".join(lines)


def _repository_order(repository: str) -> int:
    return REPOSITORIES.index(repository) if repository in REPOSITORIES else len(REPOSITORIES)


def node_id(service_name: str) -> str:
    # A name that fails the catalog's rules is still drawn (by `serve`): never as Mermaid syntax.
    return re.sub(r"[^A-Za-z0-9_]", "_", service_name)


def resource_id(resource: str) -> str:
    return "res_" + node_id(resource)


def render_graph(
    shown: Sequence[Service],
    catalog: Sequence[Service],
    hrefs: Mapping[str, str],
    focus: str | None = None,
    *,
    direction: str = "LR",
    resources: bool = True,
) -> str:
    """A Mermaid flowchart of ``shown`` services, their dependencies and (``resources``) resources."""
    by_name = {s.name: s for s in catalog}
    names = {s.name for s in shown}
    lines = ["```mermaid", f"flowchart {direction}"]
    drawn: set[str] = set()

    def draw(name: str) -> None:
        if name in drawn:
            return
        drawn.add(name)
        service = by_name.get(name)
        label = service.title if service else name
        lines.append(f'  {node_id(name)}["{mermaid_label(label)}"]')
        if name in hrefs and name != focus:
            lines.append(f'  click {node_id(name)} href "{mermaid_label(hrefs[name])}"')

    edges = []
    for service in sorted(shown, key=lambda s: s.name):
        draw(service.name)
        for dependency in service.services_depended_on:
            if focus is None and dependency not in names:
                continue
            draw(dependency)
            edges.append(f"  {node_id(service.name)} --> {node_id(dependency)}")
        for resource in service.resources if resources else ():
            if resource_id(resource) not in drawn:
                drawn.add(resource_id(resource))
                lines.append(f'  {resource_id(resource)}[("{mermaid_label(resource)}")]')
            edges.append(f"  {node_id(service.name)} -.-> {resource_id(resource)}")
    lines += edges
    lines.append("  classDef resource stroke-dasharray: 4 3")
    resources = sorted(d for d in drawn if d.startswith("res_"))
    if resources:
        lines.append(f"  class {','.join(resources)} resource")
    if focus:
        lines.append("  classDef focus stroke-width:3px")
        lines.append(f"  class {node_id(focus)} focus")
    lines.append("```")
    return "\n".join(lines)


def neighbourhood(service: Service, catalog: Sequence[Service], users: Sequence[str]) -> list[Service]:
    """The service, what it depends on and what depends on it."""
    wanted = {service.name, *service.services_depended_on, *users}
    return [s for s in catalog if s.name in wanted]


def render_card(
    service: Service,
    catalog: Sequence[Service],
    users: Sequence[str],
    schema_pages: Mapping[str, str],
    team_page: str | None = None,
) -> str:
    """The metadata card shown under the title of a service page; the owner links to ``team_page``."""
    by_name = {s.name: s for s in catalog}
    here = service.path

    def service_links(names: Sequence[str]) -> str:
        links = [link_to_page(by_name[n].title, by_name[n].path, here) if n in by_name else md_text(n) for n in names]
        return ", ".join(links) or "—"

    def api_link(name: str, schema: str) -> str:
        page = schema_pages.get(schema)
        return link_to_page(name, page, here) if page else md_text(name)

    rows = [
        ("Repository", f"[{md_text(service.repository)}]({GITHUB_ORG}/{urllib.parse.quote(service.repository)})"),
        ("Owner", link_to_page(service.owner, team_page, here) if team_page else md_text(service.owner)),
        ("Language · type", f"{md_text(service.language)} · {md_text(service.type)}"),
        ("Lifecycle", badge("lifecycle", service.lifecycle)),
        ("Migration", badge("migration", service.migration)),
        ("Port", str(service.port) if service.port else "—"),
        ("Depends on", service_links(service.services_depended_on)),
        ("Resources", ", ".join(f"<code>{md_text(r)}</code>" for r in service.resources) or "—"),
        ("Used by", service_links(users)),
    ]
    if service.provides_apis:
        rows.append(("Provides APIs", ", ".join(api_link(a.name, a.schema) for a in service.provides_apis)))
    if service.consumes_apis:
        providers = {a.name: a.schema for s in catalog for a in s.provides_apis}
        rows.append(("Consumes APIs", ", ".join(api_link(n, providers.get(n, "")) for n in service.consumes_apis)))
    table = "\n".join(f"| {label} | {value} |" for label, value in rows)
    return (
        f'<div class="hub-card" markdown>\n\n{md_text(service.description)}\n\n'
        f"| Field | Value |\n|---|---|\n{table}\n\n</div>\n"
    )
