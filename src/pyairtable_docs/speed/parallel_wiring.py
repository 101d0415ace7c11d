"""MkDocs hook: on `mkdocs build`, the second half of the pages is converted from Markdown
by a forked copy of the build, on another core, while this process converts the first half.

Markdown conversion is half of a build, and it is a pure function of a page's Markdown, the
site's files and the configuration. So only that step moves: the child runs the same
events as MkDocs on its pages (pre_page, read_source, page_markdown), converts them, and
hands back each page's HTML, table of contents, title, anchors and the messages the
conversion logged. The parent still runs every event of every page itself; when it comes to
convert one of the child's pages, it takes the child's result only if the Markdown it has
is the Markdown the child converted (else it converts the page itself), and it logs the
child's messages as its own, so `--strict` counts them. Everything else stays in order.

If a page fails to convert, in the child or here, MkDocs stops the build naming the page
(the parent converts it itself), and the child is ended and collected: no process outlives
the build. Off under `mkdocs serve` (threads; rebuilds are incremental), without os.fork,
on one core, below MIN_PAGES, and whenever speed/switch.py keeps it off.
PYAIRTABLE_DOCS_PARALLEL=0 turns it off, =1 forces it on (tests: small sites).
The private MkDocs APIs it uses are listed in speed/private_api.py.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import logging
import os
import pickle
import signal
import tempfile
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from pyairtable_docs.core.wiring import build_state
from pyairtable_docs.speed import serve_session, switch
from pyairtable_docs.speed.private_api import (
    LOGGER_CALL_HANDLERS,
    PAGE_LINKS_TO_ANCHORS,
    PAGE_PRESENT_ANCHOR_IDS,
    PAGE_RENDER,
    PAGE_TITLE_FROM_RENDER,
)

log = get_plugin_logger(__name__)

NAME = "the parallel Markdown conversion (hooks/parallel_render.py)"
MIN_PAGES = 200  # below this, forking costs more than it saves


@dataclass
class ParallelRender:
    allowed: bool = False  # decided in on_config
    pid: int | None = None  # the child of this build, until collected
    path: str = ""  # where it writes its results
    results: dict[str, Any] | None = None
    collected: list[int] = field(default_factory=list)  # pids of children waited for (tests)


# Builds whose child is not collected yet: on_build_error is given no config to find them by.
# A process table, not build state: each entry leaves when its child is collected.
_unfinished: list[ParallelRender] = []


def on_startup(*, command: str, dirty: bool) -> None:
    serve_session.start(command, dirty)


def on_shutdown() -> None:
    serve_session.stop()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state = build_state(config, ParallelRender)
    if reason := switch.why_off([], config.theme.name):
        (log.debug if switch.switched_off() else log.info)(f"{NAME} is off: {reason}")
        return config
    state.allowed = serve_session.of(config) is None and hasattr(os, "fork")
    return config


def wanted(state: ParallelRender, page_count: int) -> bool:
    if not state.allowed:
        return False
    setting = os.environ.get("PYAIRTABLE_DOCS_PARALLEL", "")
    if setting in ("0", "1"):
        return setting == "1"
    return (os.cpu_count() or 1) > 1 and page_count >= MIN_PAGES


def _digest(markdown: str) -> str:
    return hashlib.sha256(markdown.encode("utf-8", "surrogatepass")).hexdigest()


@event_priority(-100)  # after every other nav handler: the nav is final when the child copies it
def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    state = build_state(config, ParallelRender)
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    if not wanted(state, len(pages)) or not hasattr(os, "fork"):
        return nav
    theirs = pages[len(pages) // 2 :]
    handle, path = tempfile.mkstemp(prefix="pyairtable-docs-render-", suffix=".pickle")
    os.close(handle)
    gc.freeze()  # the child's garbage collector then leaves the shared heap unwritten (copy-on-write)
    pid = os.fork()
    if pid == 0:  # the child: convert, write the results, and leave without cleanup
        status = 1
        try:
            _convert_in_child(theirs, config, files, path)
            status = 0
        finally:
            os._exit(status)
    gc.unfreeze()
    log.debug(f"{NAME}: {len(theirs)} of {len(pages)} pages are converted by process {pid}")
    state.pid, state.path = pid, path
    _unfinished.append(state)
    for page in theirs:
        PAGE_RENDER.set_on(page, functools.partial(_render_from_child, page))  # this page object only
    return nav


def _convert_in_child(pages: list[Page], config: MkDocsConfig, files: Files, path: str) -> None:
    captured: list[tuple[str, int, str]] = []
    # Nothing the child logs is printed; what a conversion logs is handed to the parent.
    LOGGER_CALL_HANDLERS.set(lambda self, record: captured.append((record.name, record.levelno, record.getMessage())))
    render = PAGE_RENDER.get()
    results = {}
    for page in pages:
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            digest = _digest(page.markdown)
            captured.clear()
            render(page, config, files)
        except Exception:  # the parent converts this page itself and reports the error
            continue
        results[page.file.src_uri] = {
            "digest": digest,
            "content": page.content,
            "toc": page.toc,
            "title": getattr(page, PAGE_TITLE_FROM_RENDER.attribute),
            "anchors": getattr(page, PAGE_PRESENT_ANCHOR_IDS.attribute),
            "messages": list(captured),
            "links": {
                to.src_uri: links for to, links in (getattr(page, PAGE_LINKS_TO_ANCHORS.attribute) or {}).items()
            },
        }
    with open(path, "wb") as out:
        pickle.dump(results, out, protocol=pickle.HIGHEST_PROTOCOL)


def _collect(state: ParallelRender, *, stop: bool = False) -> dict[str, Any]:
    """The child's results, once it has finished (``stop``: end it first; its results are not wanted)."""
    if state.results is None and state.pid is not None:
        pid, state.pid = state.pid, None
        _unfinished.remove(state)
        if stop:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        state.collected.append(pid)
        try:
            with open(state.path, "rb") as result_file:
                state.results = pickle.load(result_file) if status == 0 and not stop else {}
        except (OSError, pickle.UnpicklingError, EOFError):
            state.results = {}
        finally:
            with contextlib.suppress(OSError):
                os.unlink(state.path)
    return state.results or {}


def _render_from_child(page: Page, config: MkDocsConfig, files: Files) -> None:
    render = PAGE_RENDER.get()
    result = _collect(build_state(config, ParallelRender)).get(page.file.src_uri)
    if result is None or page.markdown is None or result["digest"] != _digest(page.markdown):
        render(page, config, files)
        return
    page.content, page.toc = result["content"], result["toc"]
    setattr(page, PAGE_TITLE_FROM_RENDER.attribute, result["title"])
    setattr(page, PAGE_PRESENT_ANCHOR_IDS.attribute, result["anchors"])
    links = {files.get_file_from_path(uri): links for uri, links in result["links"].items()}
    setattr(page, PAGE_LINKS_TO_ANCHORS.attribute, links)
    for name, level, message in result["messages"]:
        logging.getLogger(name).log(level, message)


def on_post_build(*, config: MkDocsConfig) -> None:
    _collect(build_state(config, ParallelRender))  # no page needed it: still collect the child


def on_build_error(*, error: Exception) -> None:
    for state in list(_unfinished):
        _collect(state, stop=True)
