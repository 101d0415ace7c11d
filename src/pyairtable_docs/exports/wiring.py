"""MkDocs hook: the hub for machines. llms.txt and llms-full.txt, a Markdown twin beside every
page, the JSON exports with their schemas, and the Backstage descriptors.

- on_files registers every file it will write, so pages can link to them and MkDocs checks
  those links; the files hold nothing yet;
- on_page_markdown keeps each page's final Markdown (every generator has added its part);
- on_env takes the files out of MkDocs' copying: they are written by this hook, last;
- on_post_build makes them from the pages and records, checks the JSON against its schemas and
  the descriptors with Backstage's own validation, and writes them only when the whole build
  logged no warning. MkDocs runs on_post_build before `--strict` stops a build with warnings,
  so without that check bad metadata would still publish exports missing what it describes.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import os
import posixpath
import re
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from pyairtable_docs.adr.wiring import DecisionLog
from pyairtable_docs.catalog.records import REPOSITORIES
from pyairtable_docs.catalog.wiring import Catalog
from pyairtable_docs.core.frontmatter import FrontMatterError, split_front_matter
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.core.wiring import build_state, display_path, npm_project, read_text
from pyairtable_docs.exports import backstage, backstage_validation, json_exports, llms, twins
from pyairtable_docs.exports.json_schemas import SCHEMAS, check_export
from pyairtable_docs.progress.wiring import DASHBOARD, Dashboard
from pyairtable_docs.schemas.codes import TOPICS
from pyairtable_docs.schemas.records import INTERNAL_API, Topic, internal_operations, topics_from
from pyairtable_docs.schemas.wiring import INTERNAL_PAGE, TOPICS_PAGE
from pyairtable_docs.speed import serve_session
from pyairtable_docs.teams.wiring import Teams

log = get_plugin_logger(__name__)

Topics = tuple[list[Topic], dict[str, Any]]  # the Kafka contract's topics and envelope schema

LLMS = "llms.txt"
GUIDE = "TOOLS/machine-readable.md"  # the page on using these files, named in llms.txt's introduction
INTERNAL_API_NAME = "internal-http-api"  # internal.yaml's API entity: no service lists it in providesApis
LLMS_FULL = "llms-full.txt"
TWIN_SOURCE = ".twin"  # a twin's made-up source name ends so, that MkDocs takes it for a file to copy, not a page
HISTORY = ("superseded", "rejected", "deprecated")  # ADRs an assistant short of room can skip
EXPORTS = {
    LLMS_FULL: "every page of the hub in one Markdown file, in reading order",
    json_exports.CATALOG: "the services, with dependencies, users, APIs and owners",
    json_exports.ADRS: "the architecture decisions, with status and supersession",
    json_exports.EVENTS: "the Kafka topics, producers, consumers and payload schemas",
    json_exports.PROGRESS: "the progress dashboard's figures",
    backstage.ALL: "a Backstage Location listing every catalog entity",
}


class WarningCount(logging.Handler):
    """Counts what MkDocs' strict mode counts: WARNING and above on the ``mkdocs`` loggers."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class Exports:
    counter: WarningCount = field(default_factory=WarningCount)
    registered: dict[str, File] = field(default_factory=dict)  # site path -> file, written in on_post_build
    twin_of: dict[str, str] = field(default_factory=dict)  # page source -> its twin's site path
    markdown: dict[str, str] = field(default_factory=dict)  # page source -> final Markdown, this build
    order: list[str] = field(default_factory=list)  # page sources in reading order
    files: Files | None = None


@event_priority(900)  # early: every warning from here on counts
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    logging.getLogger("mkdocs").addHandler(build_state(config, Exports).counter)
    return config


def _stop_counting(config: MkDocsConfig) -> None:
    logging.getLogger("mkdocs").removeHandler(build_state(config, Exports).counter)


@event_priority(-900)  # after every generator has added its pages, before the preview reads them (-1000)
def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    state = build_state(config, Exports)
    for page in files.documentation_pages():
        twin = twins.twin_uri(page.dest_uri)
        state.twin_of[page.src_uri] = twin
        _register(state, files, config, twin, source=twin + TWIN_SOURCE)
    services = build_state(config, Catalog).services
    paths = [LLMS, LLMS_FULL, *json_exports_paths(), *descriptor_paths(s.name for s in services)]
    for path in paths:
        _register(state, files, config, path)
    return files


def json_exports_paths() -> list[str]:
    return [path for export in SCHEMAS for path in (export, json_exports.schema_name(export))]


def descriptor_paths(service_names: Iterable[str]) -> list[str]:
    components = [f"{backstage.FOLDER}components/{backstage.entity_name(n)}/catalog-info.yaml" for n in service_names]
    kinds = ["systems", "groups", "resources", "apis"]
    return [*sorted(components), *(f"{backstage.FOLDER}{kind}.yaml" for kind in kinds), backstage.ALL]


def _register(state: Exports, files: Files, config: MkDocsConfig, path: str, source: str | None = None) -> None:
    if files.get_file_from_path(source or path) is not None:
        return  # an author's file of that name is published as it is
    file = File.generated(config, source or path, content="")
    file.dest_uri = path
    files.append(file)
    state.registered[path] = file


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    state = build_state(config, Exports)
    in_nav = [page.file.src_uri for page in nav.pages]
    state.order = in_nav + sorted(set(state.twin_of) - set(in_nav))
    return nav


@event_priority(-200)  # after every hook that adds to a page (the diagrams' collection runs at -100)
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build_state(config, Exports).markdown[page.file.src_uri] = markdown
    return markdown


@event_priority(-300)
def on_env(env, /, *, config: MkDocsConfig, files: Files):
    """The registered files leave MkDocs' copying here: on_post_build writes them, or not."""
    state = build_state(config, Exports)
    state.files = files
    for file in state.registered.values():
        if file.src_uri in files:
            files.remove(file)
    return env


def on_page_context(context, /, *, page: Page, config: MkDocsConfig, nav: Navigation):
    """The twin's URL relative to the page, for the theme's link and "View as Markdown" button."""
    twin = build_state(config, Exports).twin_of.get(page.file.src_uri)
    if twin is not None:
        context["markdown_twin"] = posixpath.relpath(twin, posixpath.dirname(page.file.dest_uri) or ".")
    return context


@event_priority(-150)  # after the hooks that report problems at the end (diagrams, CSP), before the preview (-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    state = build_state(config, Exports)
    _stop_counting(config)
    if state.files is None:
        return
    pages = {f.src_uri: f.page for f in state.files.documentation_pages() if f.page is not None}
    markdown = _final_markdown(state, config, pages)  # under serve, kept even when nothing is written now
    if state.counter.count:
        log.info(f"llms.txt, twins and exports not written: the build logged {state.counter.count} warnings")
        return
    started = time.perf_counter()
    contents = _contents(state, config, state.files, pages, markdown)
    if contents is None:
        return
    written = 0
    for path, content in sorted(contents.items()):
        file = state.registered.get(path)
        if file is not None:
            file.content_string = content
            file.copy_file()
            written += len(file.content_bytes)
    _remove_stale(config, set(contents))
    twin_count = sum(1 for path in contents if path in state.twin_of.values())
    log.info(
        f"Exports: {twin_count} twins and {len(contents) - twin_count} other files, {written / 1e6:.2f} MB, "
        f"in {time.perf_counter() - started:.2f} s"
    )


def _remove_stale(config: MkDocsConfig, written: set[str]) -> None:
    """Under serve --dirty, what an earlier rebuild wrote and this one did not (the twin of a deleted
    page, the descriptor of a renamed service) is deleted: a whole build would not have it."""
    session = serve_session.of(config)
    if session is None:
        return
    for path in sorted(session.exports_written - written):
        full = os.path.join(config.site_dir, path)
        if os.path.realpath(full).startswith(os.path.realpath(config.site_dir) + os.sep) and os.path.isfile(full):
            os.remove(full)
    session.exports_written = written


def on_build_error(*, error: Exception) -> None:
    for handler in list(logging.getLogger("mkdocs").handlers):
        if isinstance(handler, WarningCount):
            logging.getLogger("mkdocs").removeHandler(handler)


# ------------------------------------------------------------------ making the files


def _contents(
    state: Exports, config: MkDocsConfig, files: Files, pages: dict[str, Page], markdown: dict[str, str]
) -> dict[str, str] | None:
    contents: dict[str, str] = {}
    topics = _topics(config, files)  # read once, for events.json and the API entities
    made = _descriptors(contents, config, files, topics)
    problems = [f"{path}: {message}" for path, message in backstage.unresolved_refs(made)]
    with concurrent.futures.ThreadPoolExecutor(1) as background:
        # Node checks the descriptors (about 0.4 s, mostly its start) while this thread makes the rest.
        verdict = background.submit(_backstage_refusals, made, config, build_state(config, Catalog))
        _pages_and_llms(contents, state, config, files, pages, markdown)
        problems += _json_exports(contents, config, files, topics)
        problems += verdict.result()
    for problem in problems:
        log.warning(problem)
    return None if problems else contents


def _pages_and_llms(
    contents: dict[str, str],
    state: Exports,
    config: MkDocsConfig,
    files: Files,
    pages: dict[str, Page],
    markdown: dict[str, str],
) -> None:
    session = serve_session.of(config)
    kept = session.plain if session is not None else None  # under serve: last rebuild's, by Markdown
    made: dict[str, str] = {}
    site = _site_map(state, files)
    base = config.site_url or ""
    entries = []
    for src in state.order:
        page = pages.get(src)
        if page is None or src not in markdown:
            continue
        plain = _plain(config, _with_tags_listing(page, markdown[src], config, files), kept, made)
        contents[state.twin_of[src]] = _twin(page, plain, config, site)
        entries.append(_entry(page, plain, config, site, base, state.twin_of[src]))
    about = (
        "Each link below is the Markdown twin of a page of the hub, published beside the page's HTML, with "
        "generated tables, contract values and diagram sources in it. The same facts as data are listed first."
    )
    guide = state.twin_of.get(GUIDE)
    if guide is not None:
        about += f" How to use them: [The hub for machines]({base}{urllib.parse.quote(guide)})."
    exports = {f"[{path}]({base}{path})": text for path, text in EXPORTS.items()}
    contents[LLMS] = llms.render_llms_txt(config.site_name, config.site_description or "", about, entries, exports)
    contents[LLMS_FULL] = llms.render_llms_full(config.site_name, config.site_description or "", entries)
    if session is not None:
        session.plain = made  # what this rebuild used, no more


def _final_markdown(state: Exports, config: MkDocsConfig, pages: dict[str, Page]) -> dict[str, str]:
    """Each page's final Markdown: this build's, or, for a page a dirty rebuild did not read, the session's."""
    session = serve_session.of(config)
    if session is None:
        return state.markdown
    known = {**session.twins, **{src: (state.twin_of[src], text) for src, text in state.markdown.items()}}
    session.twins = {src: known[src] for src in known if src in pages}
    return {src: text for src, (_, text) in session.twins.items()}


def _site_map(state: Exports, files: Files) -> twins.SiteMap:
    page_urls = {urllib.parse.unquote(f.url): state.twin_of[f.src_uri] for f in files.documentation_pages()}
    others = {f.src_uri: urllib.parse.unquote(f.url) for f in files if not f.is_documentation_page()}
    others.update({path: path for path in state.registered})
    return twins.SiteMap(state.twin_of, page_urls, others)


def _included(config: MkDocsConfig, name: str) -> str | None:
    docs = os.path.realpath(config.docs_dir)
    path = os.path.realpath(os.path.join(docs, name))
    if not path.startswith(docs + os.sep) or not os.path.isfile(path):
        return None
    return Path(path).read_text(encoding="utf-8", errors="replace")


def _plain(config: MkDocsConfig, markdown: str, kept: dict[str, str] | None = None, made: dict | None = None) -> str:
    """A page's final Markdown with its snippets put in and the generators' HTML as Markdown: made once,
    then linked twice (from its twin, and from the site root for llms-full.txt). Under serve, ``kept``
    holds the last rebuild's by Markdown, unless the page includes files (they change on their own)."""
    if kept is None or made is None or "--8<--" in markdown:
        return twins.plain_markdown(twins.include_snippets(markdown, lambda name: _included(config, name)))
    made[markdown] = kept[markdown] if markdown in kept else twins.plain_markdown(markdown)
    return made[markdown]


def _linked(page: Page, plain: str, site: twins.SiteMap, base: str | None) -> str:
    url = urllib.parse.unquote(page.url)
    return twins.rewrite_links(plain, lambda t: twins.link_target(t, page.file.src_uri, url, site, base))


def _twin(page: Page, plain: str, config: MkDocsConfig, site: twins.SiteMap) -> str:
    front_matter = "" if page.file.generated_by else twins.front_matter_block(read_text(page.file, config))
    return twins.twin_text(_linked(page, plain, site, None), page.title, front_matter)


def _with_tags_listing(page: Page, markdown: str, config: MkDocsConfig, files: Files) -> str:
    """The tags index page's own Markdown with the listing in place of the marker."""
    authored = _authored(page, config)
    if authored is None or twins.TAGS_MARKER not in authored:
        return markdown
    tagged: dict[str, list[tuple[str, str]]] = {}
    here = posixpath.dirname(page.file.src_uri)
    for file in files.documentation_pages():
        tags = file.page.meta.get("tags") if file.page is not None else None
        for tag in tags if isinstance(tags, list) else []:
            link = urllib.parse.quote(posixpath.relpath(file.src_uri, here or "."))
            tagged.setdefault(str(tag), []).append((file.page.title or file.name, link))
    return authored.replace(twins.TAGS_MARKER, twins.tags_listing(tagged), 1)


def _description(page: Page, plain: str, config: MkDocsConfig) -> str:
    """From the page as authored (without the lines hooks put under its title), unless that sentence
    holds a contract embed, which only the rendered Markdown has the value of."""
    authored = llms.describe(_authored(page, config) or plain, page.meta.get("description"))
    return llms.describe(plain, page.meta.get("description")) if "{{" in authored else authored


def _entry(page: Page, plain: str, config: MkDocsConfig, site: twins.SiteMap, base: str, twin: str) -> llms.Entry:
    in_nav = page.parent is not None or page.is_homepage or page.previous_page or page.next_page
    section = page.ancestors[-1].title if page.ancestors else "Home" if in_nav else "Other pages"
    adr = build_state(config, DecisionLog).by_path.get(page.file.src_uri)
    optional = page.file.src_uri.startswith("TOOLS/") or (adr is not None and adr.status in HISTORY)
    return llms.Entry(
        title=page.title or page.file.name,
        section=section,
        twin=base + urllib.parse.quote(twin),
        description=_description(page, plain, config),
        optional=optional,
        text=twins.twin_text(_linked(page, plain, site, base), page.title),
    )


def _authored(page: Page, config: MkDocsConfig) -> str | None:
    """An authored page's own Markdown (without what hooks add, such as an ADR's status line)."""
    if page.file.generated_by is not None:
        return None
    try:
        return split_front_matter(read_text(page.file, config)).body
    except FrontMatterError:
        return None  # reported by the theme guard; no export is written then


def _links(files: Files, state_twins: dict[str, str]) -> dict[str, tuple[str, str]]:
    links = {}
    for file in files.documentation_pages():
        links[file.src_uri] = (urllib.parse.unquote(file.url), state_twins.get(file.src_uri, ""))
    for file in files:
        if not file.is_documentation_page():
            links.setdefault(file.src_uri, (urllib.parse.unquote(file.url), ""))
    return links


def _json_exports(contents: dict[str, str], config: MkDocsConfig, files: Files, topics: Topics) -> list[str]:
    catalog, decisions, dashboard = (build_state(config, k) for k in (Catalog, DecisionLog, Dashboard))
    links = _links(files, build_state(config, Exports).twin_of)
    topics, envelope = topics
    data = {
        json_exports.CATALOG: json_exports.catalog_export(catalog.services, catalog.users_of, links),
        json_exports.ADRS: json_exports.adrs_export(decisions.adrs, decisions.replaced_by, links),
        json_exports.EVENTS: json_exports.events_export(topics, envelope, TOPICS, TOPICS_PAGE, links),
        json_exports.PROGRESS: json_exports.progress_export(
            dashboard.services, dashboard.checklists, dashboard.plans, dashboard.adrs, links, DASHBOARD
        ),
    }
    problems = []
    for export, value in data.items():
        for error in check_export(export, value):
            # Not the authors' input (that is checked before): the exports and their schemas disagree.
            problems.append(f"{export} does not match {json_exports.schema_name(export)}: {error}")
        contents[export] = json_exports.dump(value)
        contents[json_exports.schema_name(export)] = json_exports.dump(SCHEMAS[export])
    return problems


def _topics(config: MkDocsConfig, files: Files) -> Topics:
    file = files.get_file_from_path(TOPICS)
    if file is None:
        return [], {}
    try:
        data = json.loads(read_text(file, config))
    except ValueError:
        return [], {}  # the schemas hook reports it
    return topics_from(data), data.get("envelope", {})


def _descriptors(
    contents: dict[str, str], config: MkDocsConfig, files: Files, topics: Topics
) -> list[backstage.Descriptor]:
    catalog, teams = build_state(config, Catalog), build_state(config, Teams)
    links = _links(files, {})
    edit = urllib.parse.urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri) if config.repo_url else ""
    branch = re.match(r"(?:edit|blob)/([^/]+)/", config.edit_uri or "")
    pages = {src: url for src, (url, _) in links.items()}
    repository = (config.repo_url or "").rstrip("/")
    techdocs = f"{repository}/tree/{branch.group(1)}" if repository and branch else repository
    hub = backstage.Hub(config.site_url or "", techdocs, pages, edit if config.edit_uri else "")
    contracts = {}
    for service in catalog.services:
        for api in service.provides_apis:
            file = files.get_file_from_path(api.schema)
            if file is not None and not api.name.startswith("events:"):
                contracts[api.schema] = read_text(file, config)
    topics, envelope = topics
    apis = backstage.provided_apis(catalog.services, contracts, topics, envelope, catalog.schema_pages)
    owners = sorted({s.owner for s in catalog.services})
    platform = teams.platform or (owners[0] if owners else "")
    apis += _internal_api(config, files, catalog, platform)
    made = backstage.descriptors(catalog.services, teams.teams, REPOSITORIES, platform, apis, hub)
    for descriptor in made:
        contents[descriptor.path] = backstage.render(descriptor)
    return made


def _internal_api(config: MkDocsConfig, files: Files, catalog: Catalog, owner: str) -> list[backstage.Api]:
    """internal.yaml as one API, provided by the services its operations name as owners (their one tag)."""
    file = files.get_file_from_path(INTERNAL_API)
    if file is None or not owner:
        return []
    text = read_text(file, config)
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        return []  # the schemas hook reports it
    if not isinstance(document, dict):
        return []
    services = {s.name for s in catalog.services}
    providers = [op.owner for op in internal_operations(document) if op.owner in services]
    info = document.get("info") if isinstance(document.get("info"), dict) else {}
    about = str(info.get("summary") or info.get("title") or "The internal HTTP API.")
    page = INTERNAL_PAGE if files.get_file_from_path(INTERNAL_PAGE) is not None else None
    return [backstage.internal_api(INTERNAL_API_NAME, text, about, page, providers, owner)]


def _backstage_refusals(made: list[backstage.Descriptor], config: MkDocsConfig, catalog: Catalog) -> list[str]:
    """Backstage's own verdict on each entity, reported at the docs file the entity comes from."""
    node = backstage_validation.find_node()
    project = npm_project(config)
    entities = [(d.path, e) for d in made for e in d.entities]
    session = serve_session.of(config)
    asked = json.dumps([entities, node, str(project)], sort_keys=True)
    try:
        if node is None:
            raise RuntimeError("Node.js is not installed (no `node` on PATH or beside Python)")
        if session is not None and session.backstage_verdict and session.backstage_verdict[0] == asked:
            refused = session.backstage_verdict[1]  # the same descriptors as the last rebuild's: the same verdict
        else:
            refused = backstage_validation.validate_entities(entities, project, node)
            if session is not None:
                session.backstage_verdict = (asked, refused)
    except RuntimeError as error:
        message = f"the Backstage descriptors could not be checked: {error}"
        if os.environ.get("PYAIRTABLE_DOCS_CI") == "1":
            return [str(Problem("mkdocs.yml", "", message + " (CI must check them)", None, "EXP002"))]
        log.info(str(Problem("mkdocs.yml", "", message + "; they are published unchecked", None, "EXP002")))
        return []
    sources = {
        f"{backstage.FOLDER}components/{backstage.entity_name(s.name)}/catalog-info.yaml": s.path
        for s in catalog.services
    }
    problems = []
    for path, message in refused:
        source = sources.get(path)
        where = display_path(config, source) if source else path
        field = "name" if "metadata.name" in message and source else ""
        problems.append(str(Problem(where, field, f"Backstage refuses {path}: {message}", None, "EXP001")))
    return problems
