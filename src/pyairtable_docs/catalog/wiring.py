"""MkDocs hook: the service catalog, generated from the service pages' front matter.

- every service page gets a metadata card under its title and a neighbourhood graph;
- the catalog index (ARCHITECTURE/service-catalog/) gets tables and the system graph;
- a page that shows a call to another service must list it in ``dependsOn`` (catalog/evidence.py);
- every problem in the metadata is one warning naming the file and field, so that
  ``mkdocs build --strict`` fails and ``mkdocs serve`` keeps serving.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from pyairtable_docs.catalog.evidence import INTERNAL_API, check_dependency_evidence
from pyairtable_docs.catalog.markdown import neighbourhood, render_card, render_graph, render_index
from pyairtable_docs.catalog.records import CATALOG_DIR, Service, check_catalog, is_service_page, parse_service, used_by
from pyairtable_docs.core.markup import insert_after_title
from pyairtable_docs.core.wiring import build_state, display_path, read_text
from pyairtable_docs.speed import refresh
from pyairtable_docs.teams.records import TEAMS_DIR

log = get_plugin_logger(__name__)

INDEX = CATALOG_DIR + "README.md"
INDEX_TITLE = "# Service catalog\n\n"
# Material's search multiplies a page's scores by its `search.boost`: a search for a service's
# name lands on its catalog page, above the runbooks and decisions that name it (see
# alerts/wiring.py for the runbooks' boost). A page's own front matter may set another value.
SERVICE_BOOST = 2


@dataclass
class Catalog:
    """This build's services, read in on_files and shown by on_page_markdown."""

    services: list[Service] = field(default_factory=list)
    by_path: dict[str, Service] = field(default_factory=dict)
    users_of: dict[str, list[str]] = field(default_factory=dict)  # service -> services that depend on it
    schema_pages: dict[str, str] = field(default_factory=dict)  # schema file -> the page presenting it


def catalog_services(files: Files, config: MkDocsConfig) -> list[Service]:
    """The services of the catalog, for hooks that show them; their problems are this hook's to
    report (parse_service caches, so the pages are not parsed again)."""
    services = []
    for file in sorted(files, key=lambda f: f.src_uri):
        if is_service_page(file.src_uri):
            service, _ = parse_service(file.src_uri, read_text(file, config), display_path(config, file.src_uri))
            services += [service] if service else []
    return services


def schema_page_for(schema: str, files: Files) -> str | None:
    """The page that presents a schema file: the README of its folder, if there is one."""
    folder = posixpath.dirname(schema)
    for name in ("README.md", "index.md"):
        candidate = posixpath.join(folder, name)
        if files.get_file_from_path(candidate) is not None:
            return candidate
    return None


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    catalog = build_state(config, Catalog)
    services = catalog.services
    problems = []
    pages = {}
    for file in sorted(files, key=lambda f: f.src_uri):
        if not is_service_page(file.src_uri):
            continue
        pages[file.src_uri] = read_text(file, config)
        service, found = parse_service(file.src_uri, pages[file.src_uri], display_path(config, file.src_uri))
        problems += found
        if service is not None:
            services.append(service)
    display = {s.path: display_path(config, s.path) for s in services}
    problems += check_catalog(services, (f.src_uri for f in files), display)
    contract = files.get_file_from_path(INTERNAL_API)
    internal_api = read_text(contract, config) if contract is not None else None
    problems += check_dependency_evidence(services, pages, internal_api, display)
    for problem in sorted(problems):
        log.warning(str(problem))

    catalog.users_of.update(used_by(services))
    catalog.by_path.update((s.path, s) for s in services)
    for service in services:
        for api in service.provides_apis:
            page = schema_page_for(api.schema, files)
            if page:
                catalog.schema_pages[api.schema] = page
    if services and files.get_file_from_path(INDEX) is None:
        files.append(File.generated(config, INDEX, content=INDEX_TITLE))
    if refresh.is_tracking(config):  # what on_page_markdown will add, for dirty rebuilds (speed/refresh.py)
        refresh.record(config, INDEX, services)
        for service in services:
            users = catalog.users_of.get(service.name, [])
            drawn = neighbourhood(service, services, users)
            refresh.record(config, service.path, (service, users, drawn, catalog.schema_pages))
    return files


def relative_url(target: str, page: Page) -> str:
    """The site URL ``target`` as seen from ``page`` (both relative to the site root)."""
    here = page.url if page.url.endswith("/") or not page.url else posixpath.dirname(page.url)
    relative = posixpath.relpath(target or ".", here or ".")
    return relative + "/" if target.endswith("/") and relative != "." else relative


def page_hrefs(page: Page, files: Files, drawn: list[Service]) -> dict[str, str]:
    """URLs of the ``drawn`` services' pages, relative to ``page``."""
    hrefs = {}
    for service in drawn:
        file = files.get_file_from_path(service.path)
        if file is not None:
            hrefs[service.name] = relative_url(file.url, page)
    return hrefs


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    catalog = build_state(config, Catalog)
    services = catalog.services
    src_uri = page.file.src_uri
    if src_uri == INDEX and services:
        return markdown.rstrip() + "\n\n" + render_index(services, INDEX, page_hrefs(page, files, services))
    service = catalog.by_path.get(src_uri)
    if service is None:
        return markdown
    search = page.meta.get("search") if isinstance(page.meta.get("search"), dict) else {}
    page.meta["search"] = {"boost": SERVICE_BOOST, **search}
    users = catalog.users_of.get(service.name, [])
    team_page = TEAMS_DIR + service.owner + ".md"
    card = render_card(
        service, services, users, catalog.schema_pages, team_page if files.get_file_from_path(team_page) else None
    )
    drawn = neighbourhood(service, services, users)
    graph = render_graph(drawn, services, page_hrefs(page, files, drawn), focus=service.name)
    return (
        insert_after_title(markdown, card).rstrip()
        + "\n\n## Dependencies\n\nWhat this service calls, what calls it, and the "
        "infrastructure it needs (generated from `dependsOn`).\n\n" + graph + "\n"
    )
