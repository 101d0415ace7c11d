"""MkDocs hook: the SCHEMAS folder validated on every build and rendered as pages.

- openapi.yaml (openapi-spec-validator) -> SCHEMAS/api/rest-reference/ (essentials-openapi,
  the renderer of the neoteroi-mkdocs plugin, with our changes listed in schemas/markdown.py);
- internal.yaml (the same validator; each operation's one tag a catalog service or
  every-service) -> SCHEMAS/api/internal-reference/, apart from the public reference;
- graphql.schema (graphql-core) -> SCHEMAS/api/graphql-reference/;
- kafka-topics.json (our JSON Schema beside it; event types unique across topics) -> topics,
  event types and payloads in events/README.md;
- each postgres/*.sql (pglast, PostgreSQL's parser) -> a page of its tables and views;
- redis/keyspace.yaml (our JSON Schema beside it) -> key patterns in redis/README.md;
- cross-checks with the service catalog (owners, producers, consumers, events:<topic> APIs).
Each problem is one warning naming the file and the line or JSON path.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from pyairtable_docs.catalog.records import parse_service, service_name
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.core.wiring import build_state, display_path, read_text
from pyairtable_docs.schemas import records as schemas
from pyairtable_docs.schemas.markdown import (
    render_graphql,
    render_internal_api,
    render_keys,
    render_openapi,
    render_sql_index,
    render_sql_page,
    render_topics,
    sql_page_path,
)
from pyairtable_docs.schemas.records import GRAPHQL, INTERNAL_API, KEYSPACE, PUBLIC_API, SQL_DIR, TOPICS
from pyairtable_docs.speed import refresh

log = get_plugin_logger(__name__)

OPENAPI = PUBLIC_API
REST_PAGE = "SCHEMAS/api/rest-reference.md"
INTERNAL = INTERNAL_API
INTERNAL_PAGE = "SCHEMAS/api/internal-reference.md"
GRAPHQL_PAGE = "SCHEMAS/api/graphql-reference.md"
TOPICS_SCHEMA = "SCHEMAS/events/kafka-topics.schema.json"
TOPICS_PAGE = "SCHEMAS/events/README.md"
KEYSPACE_SCHEMA = "SCHEMAS/database/redis/keyspace.schema.json"
KEYSPACE_PAGE = "SCHEMAS/database/redis/README.md"
SQL_PAGE = SQL_DIR + "README.md"
MARKER = "<!-- generated -->"


@dataclass
class GeneratedParts:
    """This build's Markdown for schema pages, put at a page's MARKER (or at its end)."""

    by_page: dict[str, str] = field(default_factory=dict)  # page src_uri -> Markdown


def _text(files: Files, src: str, config: MkDocsConfig) -> str | None:
    file = files.get_file_from_path(src)
    return read_text(file, config) if file is not None else None


def _catalog(files: Files, config: MkDocsConfig) -> tuple[dict[str, str], dict[str, set], dict[str, set]]:
    """Service pages by name, and which services list events:<topic> as provided/consumed."""
    pages, provided, consumed = {}, {}, {}
    for file in files:
        name = service_name(file.src_uri)
        if not name:
            continue
        pages[name] = file.src_uri
        # problems: catalog hook (the same arguments as its call: the parse is cached, not repeated)
        service, _ = parse_service(file.src_uri, read_text(file, config), display_path(config, file.src_uri))
        for api in service.provides_apis if service else ():
            if api.name.startswith("events:"):
                provided.setdefault(api.name.removeprefix("events:"), set()).add(name)
        for api in service.consumes_apis if service else ():
            if api.startswith("events:"):
                consumed.setdefault(api.removeprefix("events:"), set()).add(name)
    return pages, provided, consumed


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    shown = lambda src: display_path(config, src)  # noqa: E731
    pages, provided, consumed = _catalog(files, config)
    problems: list[Problem] = []

    text = _text(files, OPENAPI, config)
    if text is not None:
        markdown, found = openapi_reference(text, shown(OPENAPI))
        problems += found
        if markdown:
            files.append(File.generated(config, REST_PAGE, content=titled("REST API reference", markdown)))

    text = _text(files, INTERNAL, config)
    if text is not None:  # optional: no file, no page
        markdown, found = internal_reference(text, shown(INTERNAL), tuple(sorted(pages.items())))
        problems += found
        if markdown:
            files.append(File.generated(config, INTERNAL_PAGE, content=titled("Internal API reference", markdown)))

    text = _text(files, GRAPHQL, config)
    if text is not None:
        schema, found = schemas.load_graphql(text, shown(GRAPHQL))
        problems += found
        if schema is not None:
            files.append(File.generated(config, GRAPHQL_PAGE, content=render_graphql(schema)))

    parts = build_state(config, GeneratedParts).by_page
    problems += _topics(files, config, parts, pages, provided, consumed)
    problems += _keyspace(files, config, parts, pages)
    problems += _postgres(files, config, parts, pages)
    for problem in problems:
        log.warning(str(problem))
    return files


def titled(title: str, markdown: str) -> str:
    """The page under a short title in the navigation; its heading stays the API's own title."""
    return f"---\ntitle: {title}\n---\n\n{markdown}"


# Validating and rendering take about two seconds; a pure function of its arguments, so
# `serve` rebuilds redo them only when the file changed (the last result is kept).
@functools.lru_cache(maxsize=1)
def openapi_reference(text: str, shown: str) -> tuple[str, tuple[Problem, ...]]:
    document, found = checked_openapi(text, shown)
    return ("", found) if found else rendered(lambda: render_openapi(document), shown)


@functools.lru_cache(maxsize=1)
def internal_reference(text: str, shown: str, pages: tuple[tuple[str, str], ...]) -> tuple[str, tuple[Problem, ...]]:
    """internal.yaml's page, or its problems; ``pages``: (service, catalog page) pairs."""
    document, found = checked_openapi(text, shown)
    found = found or tuple(schemas.check_internal_owners(document, dict(pages), shown))
    if found:
        return "", found
    return rendered(lambda: render_internal_api(document, dict(pages), INTERNAL_PAGE), shown)


def rendered(render: Callable[[], str], shown: str) -> tuple[str, tuple[Problem, ...]]:
    """A reference page, or one Problem if the renderer fails on a document its validator passed."""
    try:
        return render(), ()
    except Exception as error:  # a third-party renderer: its failure is a warning, not a crashed build
        message = f"the reference page cannot be rendered: {type(error).__name__}: {error}"
        return "", (Problem(shown, "", message, code="SCH001"),)


@functools.lru_cache(maxsize=2)
def checked_openapi(text: str, shown: str) -> tuple[Any, tuple[Problem, ...]]:
    """An OpenAPI file loaded and validated (the last two kept, as the rendering above)."""
    document, found = schemas.load_yaml(text, shown)
    return document, tuple(found or schemas.check_openapi(document, shown))


def _load_checked(files: Files, config: MkDocsConfig, src: str, schema_src: str, loader) -> tuple[Any, list[Problem]]:
    text, schema_text = _text(files, src, config), _text(files, schema_src, config)
    if text is None:
        return None, []
    data, problems = loader(text, display_path(config, src))
    if problems:
        return None, problems
    if schema_text is None:
        return None, [Problem(display_path(config, src), "", f"its JSON Schema {schema_src} is missing", code="FMT010")]
    schema, problems = schemas.load_json(schema_text, display_path(config, schema_src), code="FMT010")
    if problems:
        return None, problems
    problems = schemas.check_against(data, schema, display_path(config, src))
    return (None if problems else data), problems


def _topics(files, config, parts, pages, provided, consumed) -> list[Problem]:
    data, problems = _load_checked(files, config, TOPICS, TOPICS_SCHEMA, schemas.load_json)
    if data is None:
        return problems
    shown = display_path(config, TOPICS)
    problems = schemas.check_json_schemas(data, shown)
    topics = schemas.topics_from(data)
    problems += schemas.check_event_types(topics, shown)
    page_of = {name: display_path(config, src) for name, src in pages.items()}
    problems += schemas.check_topics(topics, pages, shown, provided, consumed, page_of)
    parts[TOPICS_PAGE] = render_topics(topics, pages, TOPICS_PAGE)
    return problems


def _keyspace(files, config, parts, pages) -> list[Problem]:
    data, problems = _load_checked(files, config, KEYSPACE, KEYSPACE_SCHEMA, schemas.load_yaml)
    if data is None:
        return problems
    keys = schemas.key_patterns_from(data)
    parts[KEYSPACE_PAGE] = render_keys(keys, pages, KEYSPACE_PAGE)
    return schemas.check_key_owners(keys, pages, display_path(config, KEYSPACE))


def _postgres(files, config, parts, pages) -> list[Problem]:
    problems, loaded = [], []
    for file in sorted(files, key=lambda f: f.src_uri):
        src = file.src_uri
        if not (src.startswith(SQL_DIR) and src.endswith(".sql") and "/" not in src[len(SQL_DIR) :]):
            continue
        sql, found = schemas.load_sql(read_text(file, config), display_path(config, src))
        problems += found
        if sql is None:
            continue
        problems += schemas.check_sql_owner(sql, pages)
        loaded.append((src, sql))
        if files.get_file_from_path(sql_page_path(src)) is None:
            files.append(File.generated(config, sql_page_path(src), content=render_sql_page(src, sql, pages)))
    if loaded:
        parts[SQL_PAGE] = render_sql_index(loaded, pages, SQL_PAGE)
    return problems


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    if refresh.is_tracking(config):
        for src_uri, part in build_state(config, GeneratedParts).by_page.items():
            refresh.record(config, src_uri, part)  # for dirty rebuilds (speed/refresh.py)
    return nav


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    part = build_state(config, GeneratedParts).by_page.get(page.file.src_uri)
    if part is None:
        return markdown
    if MARKER in markdown:
        return markdown.replace(MARKER, part, 1)
    return markdown.rstrip() + "\n\n" + part
