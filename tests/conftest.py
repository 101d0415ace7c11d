"""Shared fixtures: the real site built once, minimal fixture sites, captured warnings, a real browser.

Every test belongs to exactly one tier, run alone with `python3 dev.py test -m <tier>`:

    unit     no MkDocs build and no browser: the whole tier takes seconds
    build    MkDocs builds: minimal sites in tmp_path, or the real site (built once per session)
    browser  Chromium drives the built site (or a build checks diagrams in it)

A test module or test may carry its tier as a mark; otherwise the tier follows from what the
test uses (`pytest_collection_modifyitems` below): a browser fixture makes it a browser test,
a build, or a fixture or helper that builds, a build test, anything else a unit test. A unit
test that builds a site all the same fails, naming the mark it needs.
"""

from __future__ import annotations

import dis
import functools
import http.server
import logging
import os
import shutil
import threading
import types
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import mkdocs.commands.build
import pytest
from hypothesis import settings
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from pyairtable_docs.catalog.records import Service
from pyairtable_docs.diagrams.renderer import CHROMIUM_ARGS

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
TESTS = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
# Set by .ci/run: there, a test that would skip for a missing tool fails instead.
IN_CI = os.environ.get("PYAIRTABLE_DOCS_CI") == "1"

# In CI the property tests draw the same examples on every run, so a failure belongs to the
# change that caused it, never to a later pull request by chance. Locally every run draws
# afresh (and replays the failures .hypothesis/ remembers), which is where new finds come from.
settings.register_profile("ci", derandomize=True)
if IN_CI:
    settings.load_profile("ci")

TIERS = ("unit", "build", "browser")
BROWSER_FIXTURES = frozenset({"browser", "page", "served_site"})
BUILD_FIXTURES = frozenset({"site", "_server", "mini_site"})


def build_site(site_dir: Path, docs_dir: Path | None = None, **settings: str) -> Path:
    """Build the site strictly with the repository's mkdocs.yml; return the site dir."""
    overrides = {"site_dir": str(site_dir), **settings}
    if docs_dir is not None:
        overrides["docs_dir"] = str(docs_dir)
    config = load_config(str(REPO / "mkdocs.yml"), strict=True, **overrides)
    build(config)
    return site_dir


def copy_docs(target: Path) -> Path:
    """A private copy of the real docs tree. Rule tests use `mini_site` instead."""
    shutil.copytree(DOCS, target)
    return target


def warnings_in(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write each file (path relative to root: text or bytes), making its folders."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


class MiniSite:
    """A minimal docs tree in a temp folder, built with the repository's mkdocs.yml and hooks.

    Rule tests write into it only the pages the rule needs; it starts with a home page.
    """

    def __init__(self, root: Path) -> None:
        self.docs = write_files(root / "docs", {"README.md": "# Home\n"})
        self.site_dir = root / "site"

    def write(self, files: Mapping[str, str | bytes]) -> None:
        write_files(self.docs, files)

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace the first `old` in docs/<name> by `new`; `old` must be there."""
        path = self.docs / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def build(self, **settings: str) -> Path:
        """The strict build of the tree: any warning raises Abort."""
        return build_site(self.site_dir, self.docs, **settings)

    def build_fails(self, caplog: pytest.LogCaptureFixture) -> list[str]:
        """Build, expecting Abort; the warnings logged on the way."""
        with pytest.raises(Abort):
            self.build()
        return warnings_in(caplog)


@pytest.fixture
def mini_site(tmp_path: Path) -> MiniSite:
    return MiniSite(tmp_path)


# A small valid hub for the catalog and decision rules: two services (one consumes the other's
# API), two ADRs (the second supersedes the first), and the schema the gateway provides.
CATALOG = "ARCHITECTURE/service-catalog/"
DECISIONS = "ARCHITECTURE/decisions/"
DIAGRAMS = "ARCHITECTURE/diagrams/"
GATEWAY, AUTH = CATALOG + "api-gateway.md", CATALOG + "auth-service.md"
ADR_1, ADR_2 = DECISIONS + "001-one-gateway.md", DECISIONS + "002-regional-gateways.md"
GATEWAY_PAGE = """---
name: api-gateway
title: API Gateway
description: Routes every public request.
repository: pyairtable-gateway
language: go
type: gateway
lifecycle: production
owner: edge-team
port: 8080
dependsOn: [auth-service, resource:redis]
providesApis:
  - name: public-rest-api
    schema: SCHEMAS/api/openapi.yaml
migration: migrated
tags: [edge]
---

# API Gateway

Routes requests.
"""
AUTH_PAGE = """---
name: auth-service
title: Auth Service
description: Issues tokens.
repository: pyairtable-auth
language: go
type: service
lifecycle: production
owner: identity-team
port: 8081
dependsOn: [resource:postgres]
consumesApis: [public-rest-api]
migration: migrated
tags: [auth]
---

# Auth Service

Issues tokens.
"""
ADR_1_PAGE = """---
status: superseded
date: 2024-01-08
decision-makers: [Daniel Osei]
affects: [api-gateway]
---

# Use one gateway
"""
ADR_2_PAGE = """---
status: accepted
date: 2024-02-01
decision-makers: [Daniel Osei]
supersedes: [1]
affects: [api-gateway, auth-service]
---

# Use one gateway per region

We keep one per region.
"""
SMALL_HUB = {
    CATALOG + "README.md": "# Service catalog\n\nHand-written intro.\n",
    GATEWAY: GATEWAY_PAGE,
    AUTH: AUTH_PAGE,
    DECISIONS + "README.md": "# Decisions\n\nHand-written intro.\n",
    ADR_1: ADR_1_PAGE,
    ADR_2: ADR_2_PAGE,
    "SCHEMAS/api/README.md": "# API\n",
    "SCHEMAS/api/openapi.yaml": "openapi: 3.1.0\ninfo:\n  title: API\n  version: '1'\npaths: {}\n",
}


def service_record(name: str, **fields: object) -> Service:
    """A valid catalog record named `name`; `fields` replace any of its values."""
    values: dict[str, object] = dict(
        path=f"{CATALOG}{name}.md",
        name=name,
        title=name.title(),
        description="d.",
        repository="pyairtable-ai",
        language="python",
        type="service",
        lifecycle="production",
        owner="ai-team",
        migration="migrated",
    )
    return Service(**{**values, **fields})


@pytest.fixture
def small_hub(mini_site: MiniSite) -> MiniSite:
    """A minimal site holding SMALL_HUB."""
    mini_site.write(SMALL_HUB)
    return mini_site


# ------------------------------------------------------------------ the real site, once per session


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

    Every assertion on the real site's HTML uses this build; no test builds the real docs again
    to look at them. Its site_url is the loopback server's, as `mkdocs serve` does: Material's
    instant navigation only follows links that lie under site_url.
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
    page.base_url = served_site
    yield page
    context.close()


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


# ------------------------------------------------------------------ tiers


def pytest_configure(config: pytest.Config) -> None:
    # One run of several workers shares the on-disk caches beside mkdocs.yml (.cache/); the
    # tests that drive the session's Chromium through the served site stay in one worker.
    config.addinivalue_line("markers", "xdist_group(name): run in the same xdist worker (pytest-xdist)")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give every test its tier; a test marked with two tiers fails collection."""
    wrong = []
    for item in items:
        marked = {mark.name for mark in item.iter_markers() if mark.name in TIERS}
        if len(marked) > 1:
            wrong.append(f"{item.nodeid}: marked {', '.join(sorted(marked))}; a test has one tier")
            continue
        if not marked:
            item.add_marker(inferred_tier(item))
        if set(getattr(item, "fixturenames", ())) & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.xdist_group("browser"))  # one Chromium, one served site
    if wrong:
        raise pytest.UsageError("\n".join(wrong))


# Modules whose tests build sites in a child process, where the inference cannot see it.
BUILDS_IN_A_CHILD_PROCESS = frozenset({"test_benchmark.py"})


def inferred_tier(item: pytest.Item) -> str:
    fixtures = set(getattr(item, "fixturenames", ()))
    if fixtures & BROWSER_FIXTURES:
        return "browser"
    if fixtures & BUILD_FIXTURES or any(reaches_a_build(f) for f in functions_of(item)):
        return "build"
    if item.path.name in BUILDS_IN_A_CHILD_PROCESS:
        return "build"
    return "unit"


def functions_of(item: pytest.Item) -> list[Callable]:
    """The test function and the functions of the fixtures it uses."""
    function = getattr(item, "function", None)
    function = getattr(getattr(function, "hypothesis", None), "inner_test", function)
    fixture_info = getattr(item, "_fixtureinfo", None)
    definitions = fixture_info.name2fixturedefs.values() if fixture_info else ()
    fixtures = [d[-1].func for d in definitions if d]
    return [f for f in [function, *fixtures] if f is not None and in_test_suite(f)]


BUILDERS = (build, build_site, MiniSite)


def reaches_a_build(function: Callable, seen: set | None = None) -> bool:
    """Whether the function, or a function of the test suite it names, calls a MkDocs build."""
    seen = set() if seen is None else seen
    code = getattr(function, "__code__", None)
    if code is None or function in seen:
        return False
    seen.add(function)
    namespace = getattr(function, "__globals__", {})
    for name in names_used(code):
        target = namespace.get(name)
        if any(target is builder for builder in BUILDERS):
            return True
        if isinstance(target, types.FunctionType) and in_test_suite(target) and reaches_a_build(target, seen):
            return True
    return False


def names_used(code: types.CodeType) -> set[str]:
    """The global names the code (and the functions and lambdas nested in it) looks up."""
    names = {i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= names_used(constant)
    return names


def in_test_suite(function: Callable) -> bool:
    code = getattr(function, "__code__", None)
    return code is not None and Path(code.co_filename).resolve().is_relative_to(TESTS)


def _refuse_build(*args: object, **kwargs: object) -> None:
    raise AssertionError("a unit test ran a MkDocs build: mark it (or its module) pytest.mark.build")


@pytest.fixture(autouse=True)
def _unit_tests_build_nothing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The unit tier stays fast: a MkDocs build in a unit test fails it."""
    if request.node.get_closest_marker("unit"):
        monkeypatch.setattr(mkdocs.commands.build, "get_files", _refuse_build)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """In CI nothing may be skipped: a skip becomes a failure that keeps its reason."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {report.longrepr}"
