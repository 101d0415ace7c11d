"""Shared fixtures: strict builds into temp dirs, captured warnings, a real browser."""

from __future__ import annotations

import functools
import http.server
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""
# Set by .ci/run: there, a test that would skip for a missing tool fails instead.
IN_CI = os.environ.get("PYAIRTABLE_DOCS_CI") == "1"


def build_site(site_dir: Path, docs_dir: Path | None = None, **settings: str) -> Path:
    """Build the site strictly with the repository's mkdocs.yml; return the site dir."""
    overrides = {"site_dir": str(site_dir), **settings}
    if docs_dir is not None:
        overrides["docs_dir"] = str(docs_dir)
    config = load_config(str(REPO / "mkdocs.yml"), strict=True, **overrides)
    build(config)
    return site_dir


def copy_docs(target: Path) -> Path:
    """A private copy of the real docs tree, for tests that break one file of it."""
    shutil.copytree(DOCS, target)
    return target


def warnings_in(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.fixture(scope="session")
def _server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[http.server.HTTPServer, Path]]:
    """A loopback HTTP server for the built site; bound first, so the build knows its URL."""
    site_dir = tmp_path_factory.mktemp("site")
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    yield server, site_dir
    server.server_close()


@pytest.fixture(scope="session")
def site(_server) -> Path:
    """The real site, built once per test session (strict: any warning aborts).

    Its site_url is the loopback server's, as `mkdocs serve` does: Material's instant
    navigation only follows links that lie under site_url.
    """
    server, site_dir = _server
    return build_site(site_dir, site_url=f"http://127.0.0.1:{server.server_address[1]}/")


def page_path(site: Path, src_uri: str) -> Path:
    """Where MkDocs writes the page built from docs/<src_uri>."""
    stem = src_uri.removesuffix(".md")
    if stem == "README" or stem.endswith("/README") or stem == "index" or stem.endswith("/index"):
        return site / stem.rpartition("/")[0] / "index.html"
    return site / stem / "index.html"


def skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI must run this test)")
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def served_site(site: Path, _server) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1, as a browser sees it once published."""
    server, _ = _server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        skip_or_fail(f"browser test needs Debian chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, served_site: str) -> Iterator[object]:
    """A fresh browser page that records (and blocks) every request off 127.0.0.1."""
    context = browser.new_context()
    page = context.new_page()
    page.off_host_requests = []

    def guard(route) -> None:
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            page.off_host_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    # Material draws each diagram into a closed shadow root; opening it lets tests see the SVG.
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page.base_url = served_site
    yield page
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """In CI nothing may be skipped: a skip becomes a failure that keeps its reason."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {report.longrepr}"


def search(page, query: str) -> None:
    """Open Material's search and type a query, key by key, once its index is ready.

    The index loads in a web worker; Material shows "Initializing search" until it is ready.
    The query is typed as a reader types it: Material answers key events, and a value set
    at once (Playwright's fill) sometimes went unanswered.
    """
    page.keyboard.press("/")  # Material's shortcut: open the search box
    page.wait_for_function(
        "() => { const meta = document.querySelector('.md-search-result__meta');"
        " return meta && !meta.textContent.includes('Initializing'); }",
        timeout=60_000,
    )
    page.locator("input.md-search__input").press_sequentially(query)
