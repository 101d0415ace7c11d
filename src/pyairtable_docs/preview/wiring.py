"""MkDocs hook: under `mkdocs serve`, each problem the build logs is shown on the page it is about.

Only while serving (a serve session, speed/serve_session.py): `mkdocs build` and plain
``build()`` calls write exactly what they would without this hook. From on_config to the end
of the build, a logging handler on the "mkdocs" logger keeps every warning or error whose
message names a file under docs/ (preview/banner.py). A page written after its problems
were logged gets the banner in on_post_page; in on_post_build, a page whose problems came
later (or that a dirty rebuild did not write again) has its output file rewritten with the
banner, and a page that showed a banner last time and has no problem now loses it.

A build that stops (a PluginError: unreadable input) would leave `mkdocs serve` stuck: its
server answers no request until a build succeeds. Here the builder is wrapped (on_serve) so
that a failed rebuild is logged and the server goes on serving the last build; the page the
error names shows the error above its last content. Nothing is written under docs/.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from pyairtable_docs.core.wiring import build_state
from pyairtable_docs.preview import banner
from pyairtable_docs.speed import serve_session
from pyairtable_docs.speed.private_api import CONFIG_CURRENT_PAGE, SERVER_BUILDER

log = get_plugin_logger(__name__)


Problem = tuple[str, str]  # (the docs path it is about, the message as logged)


class Collector(logging.Handler):
    """Every warning or error logged during one build that names a file under docs/, by the
    page MkDocs was reading or writing when it was logged ("": none, a check of the whole site)."""

    def __init__(self, config: MkDocsConfig) -> None:
        super().__init__(logging.WARNING)
        self.config = config
        self.problems: dict[str, list[Problem]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if (path := banner.problem_path(message)) is not None:
            page = CONFIG_CURRENT_PAGE.get_from(self.config)
            known = self.problems.setdefault(page.file.src_uri if page is not None else "", [])
            if (path, message) not in known:
                known.append((path, message))

    def snapshot(self) -> dict[str, list[Problem]]:
        """The problems so far (drawing threads log while pages are written: Handler.handle holds
        this lock around emit)."""
        with self.lock:
            return {page: list(found) for page, found in self.problems.items()}


@dataclass
class Preview:
    collector: Collector | None = None  # None: not serving
    site_dir: str = ""
    files: Files | None = None
    dest: dict[str, str] = field(default_factory=dict)  # page -> its output file
    shown: dict[str, str] = field(default_factory=dict)  # page -> the banner written into it this build


_collecting: list[Preview] = []  # builds under way (on_build_error is given no config)


def on_startup(*, command: str, dirty: bool) -> None:
    serve_session.start(command, dirty)


def on_shutdown() -> None:
    serve_session.stop()


@event_priority(1000)  # first: the problems the other hooks log from on_config on are collected
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if serve_session.of(config) is None:
        return config
    state = build_state(config, Preview)
    state.collector, state.site_dir = Collector(config), config.site_dir
    logging.getLogger("mkdocs").addHandler(state.collector)
    _collecting.append(state)
    return config


@event_priority(-1000)  # last: the pages the other hooks generate are there
def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    state = build_state(config, Preview)
    if state.collector is not None:
        state.files = files
        state.dest = {f.src_uri: f.abs_dest_path for f in files.documentation_pages()}
    return files


def _problems(state: Preview) -> dict[str, list[Problem]]:
    """This build's problems by the page being read when logged, and, for a page a dirty
    rebuild did not read again, the problems its last reading logged (they still hold)."""
    assert state.collector is not None
    problems = state.collector.snapshot()
    session = serve_session.running()
    if session is not None and state.files is not None:
        read = {
            f.src_uri for f in state.files.documentation_pages() if f.page is not None and f.page.markdown is not None
        }
        for page, kept in session.page_problems.items():
            if page not in read and page in state.dest:  # still holds, unless its page was checked afresh
                kept = [(path, m) for path, m in kept if banner.page_of(path, state.dest.__contains__) not in read]
                problems.setdefault(page, kept)
    return problems


def _output_of(state: Preview, path: str) -> str | None:
    """The page showing docs file ``path`` (a build that stopped before on_files has no map: the
    output file of the page made from it, if one was written)."""
    if (page := banner.page_of(path, state.dest.__contains__)) is not None or state.collector is None:
        return page
    config = state.collector.config
    for candidate in (path, path.rpartition(".")[0] + ".md"):
        dest = File(candidate, config.docs_dir, config.site_dir, config.use_directory_urls).abs_dest_path
        if candidate.endswith(".md") and os.path.isfile(dest):
            state.dest[candidate] = dest
            return candidate
    return None


def _banners(state: Preview, *, stopped: str = "") -> dict[str, str]:
    """page -> its banner, for every page a problem (or ``stopped``, the error that stopped the build) is about."""
    by_page: dict[str, list[str]] = {}
    for path, message in (problem for found in _problems(state).values() for problem in found):
        if (page := banner.page_of(path, state.dest.__contains__)) is not None:
            by_page.setdefault(page, []).append(message)
    shown = {page: banner.banner(messages) for page, messages in by_page.items()}
    path = banner.problem_path(stopped) if stopped else None
    if path is not None and (page := _output_of(state, path)) is not None:
        shown[page] = banner.banner([stopped], stopped=True)
    return shown


@event_priority(-90)  # after the hooks that change the HTML, before the CSP hashes it (-100)
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str:
    state = build_state(config, Preview)
    if state.collector is None:
        return output
    if shown := _banners(state).get(page.file.src_uri, ""):
        state.shown[page.file.src_uri] = shown
    return banner.with_banner(output, shown)


def _rewrite(path: str, shown: str) -> None:
    with contextlib.suppress(OSError):
        with open(path, encoding="utf-8") as page_file:
            text = page_file.read()
        if (changed := banner.with_banner(text, shown)) != text:
            with open(path, "w", encoding="utf-8") as page_file:
                page_file.write(changed)


def _finish(state: Preview, banners: dict[str, str]) -> None:
    """Every page's output file shows its banner, and only its banner; the collector stops."""
    session = serve_session.running()
    before = session.banners if session is not None else {}
    site = os.path.realpath(state.site_dir) + os.sep
    for page in {*banners, *before}:
        shown = banners.get(page, "")
        path = state.dest.get(page) or before.get(page, ("", ""))[0]
        if path and os.path.realpath(path).startswith(site) and state.shown.get(page) != shown:
            _rewrite(path, shown)
    if session is not None:
        session.banners = {page: (state.dest[page], shown) for page, shown in banners.items() if page in state.dest}
        session.page_problems = {page: found for page, found in _problems(state).items() if page}
    if state.collector is not None:
        logging.getLogger("mkdocs").removeHandler(state.collector)
    if state in _collecting:
        _collecting.remove(state)


@event_priority(-200)  # after every other hook's on_post_build, whose problems it shows too
def on_post_build(*, config: MkDocsConfig) -> None:
    state = build_state(config, Preview)
    if state.collector is not None:
        _finish(state, _banners(state))


def on_build_error(*, error: Exception) -> None:
    for state in list(_collecting):
        _finish(state, _banners(state, stopped=str(error)))


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    rebuild = SERVER_BUILDER.get_from(server)

    def rebuild_or_keep_serving() -> None:
        try:
            rebuild()
        except Exception as error:  # a build that stops: the server would answer nothing until the next one
            log.error(
                f"the build stopped ({error.__class__.__name__}; the problem is named above); "
                "the site shows the last build, the page named shows the problem: fix it and save"
            )

    SERVER_BUILDER.set_on(server, rebuild_or_keep_serving)
    return server
