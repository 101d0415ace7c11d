"""MkDocs hook: a dirty rebuild also writes the pages whose generated parts changed (speed/refresh.py).

`python3 dev.py serve` runs `mkdocs serve --dirty`: after an edit only the edited file's
page is written again, plus, through this hook, every page that shows something generated
from it (the decision log after an ADR edit, a service's decisions, the catalog index).
Pages generated whole by hooks (diagram pages, schema references), which MkDocs would write
on every dirty build, are written only when their text changed. The digests of the previous
build live in the serve session (speed/serve_session.py); without a `serve --dirty`
session the hook does nothing.

MkDocs reads only the pages it rewrites, so in the pages it writes every other page's title
would be None and its front matter empty. In on_env, before any template is rendered, each
page MkDocs did not read gets back the title and front matter it had when last written (the
session keeps them); the tags plugin is given the tagged ones. A page whose navigation,
footer links or tags listing now shows something else (an ADR added, retitled, moved) is
read and rewritten too, as is a page whose last reading logged a problem (the preview's banner:
a link to a file added since resolves now), and every page once a file that is no page (an image) is
deleted, as any page may link to it; the output file of a page or file that is gone is deleted, as a full
build would not have written it. MkDocs' warning that a dirty build may show inaccurate
navigation is not printed under `serve --dirty` (that is what this hook fixes).
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from pyairtable_docs.core.wiring import build_state
from pyairtable_docs.speed import refresh, serve_session
from pyairtable_docs.speed.private_api import (
    DIRTY_BUILD_WARNING,
    FILE_IS_MODIFIED,
    POPULATE_PAGE,
    TAGS_ON_PAGE_MARKDOWN,
)

TAGS_PLUGIN = "material/tags"


@dataclass
class Refresh:
    nav: Navigation | None = None
    files: Files | None = None
    titled: set[int] = field(default_factory=set)  # ids of the pages given their last title (not read)
    lists_tags: set[str] = field(default_factory=set)  # pages read in this build that hold a tags listing
    shown: dict[str, str] = field(default_factory=dict)
    others: dict[str, str] = field(default_factory=dict)  # the docs' files that are no page -> output file

    def assigned_title(self, page: Page) -> bool:
        return id(page) in self.titled


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(DIRTY_BUILD_WARNING.text)


def on_startup(*, command: str, dirty: bool) -> None:
    serve_session.start(command, dirty)
    logger = logging.getLogger(DIRTY_BUILD_WARNING.logger)
    logger.removeFilter(_not_the_dirty_warning)
    if command == "serve" and dirty:
        logger.addFilter(_not_the_dirty_warning)


def on_shutdown() -> None:
    serve_session.stop()
    logging.getLogger(DIRTY_BUILD_WARNING.logger).removeFilter(_not_the_dirty_warning)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    serve_session.of(config)  # this build joins the session (and starts its record) before any hook records
    return config


def _always() -> bool:
    return True


def _never() -> bool:
    return False


@event_priority(-100)  # after every hook has recorded its pages in on_files
def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    session = serve_session.dirty(config)
    if session is None:
        return nav
    generated = [f for f in files.documentation_pages() if f.generated_by is not None]
    for file in generated:  # MkDocs rewrites a generated page on every dirty build; unchanged, it need not
        refresh.record(config, file.src_uri, file.content_string)
    stale = refresh.stale(session.refreshed, session.refreshing)
    for file in generated:
        if file.src_uri not in stale:
            FILE_IS_MODIFIED.set_on(file, _never)  # this File object, this build only
    for src_uri in stale:
        if (file := files.get_file_from_path(src_uri)) is not None:
            FILE_IS_MODIFIED.set_on(file, _always)
    others = {f.src_uri: f.abs_dest_path for f in files if not f.is_documentation_page() and f.generated_by is None}
    removed = session.others.keys() - others.keys()  # an image deleted: any page linking to it now warns
    for file in files.documentation_pages():
        # not written in this session: nothing to show for it; or its last reading logged a problem, which another
        # file may have fixed since (a link to a file now added): read again, its output and problems are current
        # a tags index, too, whatever changed: without its listing read, the tags plugin writes the tags of a
        # page it rewrites as plain text, where a whole build links them to the index
        written = session.pages.get(file.src_uri)
        if removed or written is None or file.src_uri in session.page_problems or written.lists_tags:
            FILE_IS_MODIFIED.set_on(file, _always)
    state = build_state(config, Refresh)
    state.nav, state.files, state.others = nav, files, others
    return nav


def on_build_error(*, error: Exception) -> None:
    """A build that stopped while writing: the next one reads and writes every page."""
    session = serve_session.running()
    if session is not None and session.writing:
        session.pages, session.writing = {}, False


def _tags_plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get(TAGS_PLUGIN)


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Note a tags listing before the tags plugin (priority -50) replaces its directive."""
    tags = _tags_plugin(config)
    if tags is not None and refresh.is_tracking(config) and f"<!-- {tags.config.listings_directive}" in markdown:
        build_state(config, Refresh).lists_tags.add(page.file.src_uri)
    return markdown


@event_priority(200)  # every page is read, no template rendered; the tags plugin fills its listings at 100
def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    session = serve_session.dirty(config)
    state = build_state(config, Refresh)
    if session is None or state.nav is None:
        return env
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    unread = [p for p in pages if p.markdown is None and p.file.src_uri in session.pages]
    for page in unread:  # as last written: the navigation shows its title, the tags index its tags
        written = session.pages[page.file.src_uri]
        page.meta = dict(written.meta)
        if "title" not in page.__dict__:  # a title from the nav configuration stays
            page.title = written.title  # type: ignore[misc]  # MkDocs' weak_property takes an assignment
            state.titled.add(id(page))
    tags = _tags_plugin(config)
    unread_ids = {id(p) for p in unread}
    lists_tags = {
        p.file.src_uri
        for p in pages
        if p.file.src_uri in state.lists_tags or (id(p) in unread_ids and session.pages[p.file.src_uri].lists_tags)
    }
    tagged = refresh.tagged_pages(pages, tags.config.tags_name_property) if tags is not None else ()
    pruned = "navigation.prune" in config.theme.get("features", [])
    for page in pages:
        uri = page.file.src_uri
        shown = refresh.page_shown(state.nav.items, page, pruned, tagged if uri in lists_tags else None)
        refresh.add(state.shown, uri, shown)
    stale = refresh.stale(session.shown, state.shown)
    session.writing = True  # until on_post_build: a build that stops now leaves pages the session does not know
    for page in unread:
        if page.file.src_uri in stale:  # read and written as MkDocs does a modified page
            if id(page) in state.titled:
                del page.__dict__["title"]
                state.titled.discard(id(page))
            page.meta = {}
            POPULATE_PAGE.get()(page, config, files, False)
            FILE_IS_MODIFIED.set_on(page.file, _always)
        elif tags is not None and page.meta.get(tags.config.tags_name_property):
            TAGS_ON_PAGE_MARKDOWN.get()(tags, "", page=page, config=config, files=files)
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    """The pages are written: what they show is the reference for the next rebuild."""
    session, state = serve_session.dirty(config), build_state(config, Refresh)
    if session is None or state.files is None:
        return
    session.refreshed, session.shown, session.writing = session.refreshing, state.shown, False
    before, session.pages = session.pages, {}
    for file in state.files.documentation_pages():
        if (page := file.page) is not None and page.markdown is not None and not state.assigned_title(page):
            lists_tags = file.src_uri in state.lists_tags
            session.pages[file.src_uri] = serve_session.Written(
                page.title, dict(page.meta), file.abs_dest_path, lists_tags
            )
        elif file.src_uri in before:
            session.pages[file.src_uri] = before[file.src_uri]
    site = os.path.realpath(config.site_dir)
    gone = [w.dest for src_uri, w in before.items() if src_uri not in session.pages]
    gone += [dest for src_uri, dest in session.others.items() if src_uri not in state.others]
    session.others = state.others
    for dest in gone:  # moved or deleted: a full build would not have its output
        if os.path.realpath(dest).startswith(site + os.sep):
            with contextlib.suppress(OSError):
                os.remove(dest)
