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

Off under `mkdocs serve` (threads; rebuilds are incremental), without os.fork, on one
core, and below MIN_PAGES. PYAIRTABLE_DOCS_PARALLEL=0 turns it off, =1 forces it on.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import os
import pickle
import tempfile
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

MIN_PAGES = 200  # below this, forking costs more than it saves

_serving = False
_child: dict[str, Any] = {}  # pid, result file and (once read) results of this build's child


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(*, config: MkDocsConfig) -> None:
    _child.clear()


def wanted(page_count: int) -> bool:
    setting = os.environ.get("PYAIRTABLE_DOCS_PARALLEL", "")
    if setting in ("0", "1"):
        return setting == "1" and hasattr(os, "fork")
    return not _serving and hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and page_count >= MIN_PAGES


def _digest(markdown: str) -> str:
    return hashlib.sha256(markdown.encode("utf-8", "surrogatepass")).hexdigest()


@event_priority(-100)  # after every other nav handler: the nav is final when the child copies it
def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    if not wanted(len(pages)):
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
    _child.update(pid=pid, path=path)
    for page in theirs:
        page.render = functools.partial(_render_from_child, page)  # this page object only
    return nav


def _convert_in_child(pages: list[Page], config: MkDocsConfig, files: Files, path: str) -> None:
    captured: list[tuple[str, int, str]] = []
    # Nothing the child logs is printed; what a conversion logs is handed to the parent.
    logging.Logger.callHandlers = lambda self, record: captured.append(  # type: ignore[method-assign]
        (record.name, record.levelno, record.getMessage())
    )
    results = {}
    for page in pages:
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            digest = _digest(page.markdown)
            captured.clear()
            Page.render(page, config, files)
        except Exception:  # the parent converts this page itself and reports the error
            continue
        results[page.file.src_uri] = {
            "digest": digest,
            "content": page.content,
            "toc": page.toc,
            "title": page._title_from_render,
            "anchors": page.present_anchor_ids,
            "messages": list(captured),
            "links": {to.src_uri: links for to, links in (page.links_to_anchors or {}).items()},
        }
    with open(path, "wb") as out:
        pickle.dump(results, out, protocol=pickle.HIGHEST_PROTOCOL)


def _results() -> dict[str, Any]:
    if "results" not in _child:
        _, status = os.waitpid(_child["pid"], 0)
        try:
            with open(_child["path"], "rb") as result_file:
                _child["results"] = pickle.load(result_file) if status == 0 else {}
        except (OSError, pickle.UnpicklingError, EOFError):
            _child["results"] = {}
        finally:
            os.unlink(_child["path"])
    return _child["results"]


def _render_from_child(page: Page, config: MkDocsConfig, files: Files) -> None:
    result = _results().get(page.file.src_uri)
    if result is None or page.markdown is None or result["digest"] != _digest(page.markdown):
        Page.render(page, config, files)
        return
    page.content, page.toc = result["content"], result["toc"]
    page._title_from_render = result["title"]
    page.present_anchor_ids = result["anchors"]
    page.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in result["links"].items()}
    for name, level, message in result["messages"]:
        logging.getLogger(name).log(level, message)


def on_post_build(*, config: MkDocsConfig) -> None:
    if "pid" in _child and "results" not in _child:  # no page needed it: still collect the child
        _results()


def on_build_error(*, error: Exception) -> None:
    on_post_build(config=None)  # type: ignore[arg-type]
