"""`python3 dev.py serve` in real Chromium: each save shows what a build would, and problems show on their page.

One serve session (`serve --dirty`, as authors run it) on a private copy of the docs. An ADR
is added, retitled and moved, a service added and retitled, a diagram added; after each save
the page itself, the generated indexes, the tags index and the navigation of other pages show
the new title (never "None", never the old title). Then bad edits: the terminal names the
problem, the page shows it in an alert banner readable in both schemes, and the rest of the
site keeps answering; an edit that stops the build too. The names added are chosen unused in
today's docs, and the files edited are found by parsing them (site_content).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

import test_serve
from conftest import DOCS
from pyairtable_docs.adr.records import ADR_DIR
from pyairtable_docs.catalog.records import CATALOG_DIR
from pyairtable_docs.diagrams.sources import ARCHITECTURE_DIAGRAMS, DIAGRAM_SUFFIX
from site_content import adrs_in, page_url, services_in
from test_serve import BUILD_START, STARTUP, ServerLog, finished_builds, get, serving_url

server = test_serve.server  # the fixture: `python3 dev.py serve` on a private copy of the docs
UPDATE = 150  # seconds from a save to the page showing it: generous, for a loaded CI machine
ANSWER = 60  # seconds a page may take to answer (the server holds requests while it rebuilds)
TAGS_PAGE = "tags.md"
NAV_TEXTS = """() => [...document.querySelectorAll('.md-nav__link, .md-tabs__link, .md-footer__link')]
    .map(e => e.textContent.replace(/\\s+/g, ' ').trim()).filter(Boolean)"""
ARTICLE_TEXT = "() => (document.querySelector('article') || document.body).innerText"
BANNER = '.hub-preview-problems[role="alert"]'


def unused(wanted: str, taken: set[str]) -> str:
    return next(name for n in range(1, 1000) if (name := wanted if n == 1 else f"{wanted}-{n}") not in taken)


class Site:
    """The served copy as Chromium sees it."""

    def __init__(self, tab, url: str, docs: Path, log: ServerLog) -> None:
        self.tab, self.url, self.docs, self.log = tab, url, docs, log

    def open(self, src_uri: str) -> int:
        """The page's HTTP status (0: no answer in time: the server waits for a rebuild to finish)."""
        try:
            response = self.tab.goto(self.url + page_url(src_uri), wait_until="domcontentloaded", timeout=ANSWER * 1000)
        except PlaywrightError:  # no answer in time, or another navigation came first
            return 0
        return response.status if response is not None else 0

    def nav(self, src_uri: str) -> list[str]:
        self.open(src_uri)
        return self.tab.evaluate(NAV_TEXTS)

    def text(self, src_uri: str) -> str:
        self.open(src_uri)
        return self.tab.evaluate(ARTICLE_TEXT)

    def eventually(self, problems: Callable[[], list[str]], what: str, timeout: float = UPDATE) -> float:
        """Wait until ``problems()`` finds none; the seconds it took."""
        start = time.monotonic()
        found = problems()
        while found and time.monotonic() - start < timeout:
            time.sleep(0.5)
            found = problems()
        assert not found, (
            f"{what}, {timeout:.0f} s after saving:\n  " + "\n  ".join(found) + "\n" + self.log.text()[-3000:]
        )
        return time.monotonic() - start


def shows_title(
    site: Site, title: str, old: str | None, own: str, listed_on: list[str], nav_of: list[str]
) -> list[str]:
    """What is wrong: ``title`` missing (``old`` still shown) on its page, the pages that list it, other navigations."""
    problems = []
    if site.open(own) != 200 or title not in site.text(own):
        problems.append(f"{own}: not served with {title!r}")
    for src_uri in listed_on:
        text = site.text(src_uri)
        if title not in text or (old and re.search(rf"\b{re.escape(old)}\b", text)):
            problems.append(f"{src_uri}: does not list {title!r} (or still lists {old!r})")
    for src_uri in [own, *nav_of]:
        texts = site.nav(src_uri)
        if "None" in texts:
            problems.append(f"{src_uri}: navigation shows 'None'")
        if title not in texts or (old and old in texts):
            problems.append(f"{src_uri}: navigation lacks {title!r} (or still shows {old!r})")
    return problems


def no_none(site: Site, pages: list[str]) -> list[str]:
    return [f"{p}: navigation shows 'None'" for p in pages if "None" in site.nav(p)]


def banner_problems(site: Site, src_uri: str, expected: str) -> list[str]:
    status = site.open(src_uri)
    banner = site.tab.locator(BANNER)
    if banner.count() != 1 or not banner.is_visible():
        return [f"{src_uri}: no visible problem banner (HTTP {status}, {banner.count()} banners)"]
    return [] if expected in banner.inner_text() else [f"{src_uri}: banner without {expected!r}: {banner.inner_text()}"]


def readable_in_both_schemes(site: Site, src_uri: str) -> list[str]:
    problems = []
    for scheme in ("light", "dark"):
        site.tab.emulate_media(color_scheme=scheme)
        site.open(src_uri)
        result = Axe().run(site.tab, context=BANNER).response
        problems += [
            f"{scheme}: {v['id']} ({v['impact']})"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    site.tab.emulate_media(color_scheme="light")
    return problems


def build_lines(log: ServerLog, since: int) -> list[str]:
    return [line for build in finished_builds(log.lines[since:]) for line in build]


def saved(log: ServerLog, since: int) -> None:
    """Wait for the rebuild a save starts: a build finished after ``since``, none under way."""

    def settled(lines: list[str]) -> bool:
        started = sum(BUILD_START in line for line in lines)
        return started > 0 and len(finished_builds(lines)) == started

    log.wait_for(settled, since=since, timeout=UPDATE, what="rebuild after the save")


def test_each_save_shows_everywhere_and_problems_show_on_their_page(server, browser) -> None:
    process, log, docs = server
    url = log.wait_for(serving_url, since=0, timeout=STARTUP, what="'Serving on' line")
    context = browser.new_context()
    # No live reload: a page reloading itself after a rebuild would cut into the checks, which
    # open each page themselves.
    context.route("**/livereload/**", lambda route: route.abort())
    site = Site(context.new_page(), url, docs, log)
    adrs, services = adrs_in(DOCS), services_in(DOCS)
    other_adr, other_service = adrs[0].path, services[0].path
    decisions, catalog = ADR_DIR + "README.md", CATALOG_DIR + "README.md"
    started = len(log.lines)

    # One save adds an ADR, a service and a diagram; the next retitles both; the last moves the ADR.
    number = max(a.number for a in adrs) + 1
    slug = unused("preview-check", {Path(a.path).stem.partition("-")[2] for a in adrs})
    adr, moved = f"{ADR_DIR}{number:03d}-{slug}.md", f"{ADR_DIR}{number:03d}-{slug}-moved.md"
    title, retitled, tag = (
        f"Preview checks decision {number}",
        f"Preview rechecks decision {number}",
        f"preview-{number}",
    )
    adr_text = (
        f"---\nstatus: proposed\ndate: 2024-03-01\ndecision-makers: [Daniel Osei]\naffects: [{services[0].name}]\n"
        f"tags: [{tag}]\n---\n\n# {title}\n\nWhat the preview shows.\n"
    )
    name = unused("preview-check-service", {s.name for s in services})
    service = f"{CATALOG_DIR}{name}.md"
    service_title, service_retitled = "Preview Check Service", "Preview Recheck Service"
    service_text = (
        f"---\nname: {name}\ntitle: {service_title}\ndescription: Checks the preview.\n"
        f"repository: {services[0].repository}\nlanguage: python\ntype: service\nlifecycle: production\n"
        f"owner: {services[0].owner}\nmigration: migrated\ntags: [{tag}]\n---\n\n# {service_title}\n\nChecks it.\n"
    )
    stem = unused("preview-check-flow", {p.stem for p in (DOCS / ARCHITECTURE_DIAGRAMS).glob(f"*{DIAGRAM_SUFFIX}")})
    diagram = f"{ARCHITECTURE_DIAGRAMS}{stem}{DIAGRAM_SUFFIX}"
    gallery, diagram_page = ARCHITECTURE_DIAGRAMS + "README.md", f"{ARCHITECTURE_DIAGRAMS}{stem}.md"

    def diagram_shown() -> list[str]:
        site.open(gallery)
        linked = site.tab.locator(f'a[href*="{stem}/"]').count()
        status = site.open(diagram_page)
        drawn = site.tab.locator("figure.hub-diagram svg").count()
        return (
            [] if linked and status == 200 and drawn else [f"gallery links: {linked}, page: {status}, drawn: {drawn}"]
        )

    at = len(log.lines)
    (docs / adr).write_text(adr_text, encoding="utf-8")
    (docs / service).write_text(service_text, encoding="utf-8")
    (docs / diagram).write_text(
        f"%% How the preview is checked.\nflowchart LR\n  ext_user --> {name.replace('-', '_')}\n"
    )
    saved(log, at)
    site.eventually(
        lambda: (
            shows_title(site, title, None, adr, [decisions, TAGS_PAGE], [other_adr])
            + shows_title(site, service_title, None, service, [catalog, TAGS_PAGE], [other_service])
            + diagram_shown()
            + no_none(site, ["README.md", gallery])
        ),
        "the added ADR, service and diagram",
    )

    at = len(log.lines)
    (docs / adr).write_text(adr_text.replace(f"# {title}", f"# {retitled}"), encoding="utf-8")
    service_text = service_text.replace(service_title, service_retitled)
    (docs / service).write_text(service_text, encoding="utf-8")
    saved(log, at)
    site.eventually(
        lambda: (
            shows_title(site, retitled, title, adr, [decisions, TAGS_PAGE], [other_adr, decisions])
            + shows_title(
                site, service_retitled, service_title, service, [catalog, TAGS_PAGE], [other_service, catalog]
            )
        ),
        "the retitled ADR and service",
    )

    at = len(log.lines)
    (docs / adr).rename(docs / moved)
    saved(log, at)
    site.eventually(
        lambda: (
            shows_title(site, retitled, None, moved, [decisions, TAGS_PAGE], [other_adr])
            + ([] if site.open(adr) == 404 else [f"{adr}: still served after the move"])
        ),
        "the moved ADR",
    )

    normal = build_lines(log, started)
    assert [line for line in normal if "WARNING" in line] == [], "\n".join(normal)
    assert "A 'dirty' build" not in log.text()

    # Bad edits: named in the terminal, shown on their page, the rest of the site still served.
    at = len(log.lines)
    (docs / service).write_text(service_text.replace(f"owner: {services[0].owner}", "owner: no-such-team"))
    (docs / moved).write_text(adr_text.replace("status: proposed", "status: approved"), encoding="utf-8")
    saved(log, at)
    for path, expected in ((service, "no-such-team"), (moved, "approved")):
        named = [line for line in log.lines[at:] if f"docs/{path}" in line and expected in line]
        assert named, f"the terminal does not name docs/{path}:\n" + log.text(at)
        site.eventually(lambda path=path, expected=expected: banner_problems(site, path, expected), f"{path}'s banner")
    assert readable_in_both_schemes(site, service) == []
    for src_uri in (other_adr, catalog, "README.md"):
        assert site.open(src_uri) == 200 and site.tab.locator(BANNER).count() == 0, src_uri

    at = len(log.lines)
    (docs / service).write_bytes(service_text.encode() + b"\n\xff\xfe\n")  # unreadable: the build stops
    saved(log, at)
    assert any("is not UTF-8" in line and f"docs/{service}" in line for line in log.lines[at:]), log.text(at)
    site.eventually(lambda: banner_problems(site, service, "stopped the build"), "the banner of a stopped build")
    assert process.poll() is None, log.text()
    for src_uri in (other_adr, catalog, "README.md"):
        assert get(url + page_url(src_uri))[0] == 200, src_uri

    at = len(log.lines)
    (docs / service).write_text(service_text, encoding="utf-8")
    (docs / moved).write_text(adr_text.replace(f"# {title}", f"# {retitled}"), encoding="utf-8")
    saved(log, at)
    site.eventually(
        lambda: [p for p in (service, moved) if site.open(p) != 200 or site.tab.locator(BANNER).count()],
        "the banners gone once fixed",
    )
    context.close()
