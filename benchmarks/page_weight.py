"""What a reader's browser downloads for the cold view of each page, gzipped.

    .venv/bin/python benchmarks/page_weight.py SITE_DIR [URL_PATH ...]

Each page is opened in headless Chromium (Debian's, as in the tests) with the browser cache
off, and every response it receives until it settles (the HTML, stylesheets, scripts,
images, the search worker, the sitemap Material reads, the favicon) is counted at its gzip
size, as a static host that compresses would send it. The search index is counted apart: it
is fetched once per visit, whatever the page. Figures, never pass/fail:
tests/test_page_weight.py holds the budget.

Speed: each tab is reused from page to page with Chromium's cache switched off for it (a
fresh browser context per page cost more than the page: 0.9 s a page before, 0.3 s now),
the search index is answered with an empty one (Material would spend seconds of CPU per
page building it), and a file of the site is counted as its gzip size on disk, computed
once. The figures are the same as with a fresh context per page.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import functools
import gzip
import http.server
import os
import posixpath
import threading
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = os.environ.get("PYAIRTABLE_DOCS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]
SEARCH_INDEX = "search/search_index.json"
EMPTY_INDEX = '{"config": {"lang": ["en"], "separator": "[\\\\s\\\\-]+", "pipeline": []}, "docs": []}'
# How long a page may take, after its load event, to fetch what it still fetches then.
SETTLE_S = 10.0


@dataclass(frozen=True)
class PageWeight:
    path: str  # URL path below the site root, e.g. "ARCHITECTURE/"
    transferred: int  # gzip bytes of every response but the search index
    search_index: int  # gzip bytes of the search index, when the page fetched it
    largest: tuple[tuple[str, int], ...]  # (URL path, gzip bytes) of its heaviest responses


def gzipped_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


@functools.cache
def _file_size(path: Path) -> int:
    return gzipped_size(path.read_bytes())


def search_index_size(site: Path) -> int:
    return _file_size(site / SEARCH_INDEX)


def site_file(site: Path, url_path: str) -> Path | None:
    """The file of the site a URL path (below the site root) is served from, if any."""
    path = urllib.parse.unquote(url_path.split("#", 1)[0].split("?", 1)[0])
    if path == "" or path.endswith("/"):
        path += "index.html"
    path = posixpath.normpath(path)
    if path.startswith("../"):
        return None
    target = site / path
    return target if target.is_file() else None


def site_pages(site: Path) -> list[str]:
    """The URL path of every page of a built site (directory URLs), the home page first."""
    pages = sorted(html.parent.relative_to(site).as_posix() for html in site.rglob("index.html"))
    return ["" if page == "." else page + "/" for page in pages]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def handle(self) -> None:
        # A page closed before a response finished (the next page starts at once): not an error.
        with contextlib.suppress(ConnectionError):
            super().handle()


@contextlib.contextmanager
def serving(site: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _Quiet) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1, for as long as the block runs; yields its URL."""
    handler = functools.partial(handler_class, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Pages open at a time: one per core (up to 4). Measured on this 2-core machine, the whole
# site took as long with 1 tab as with 2, and longer with 4: Chromium's work per page is CPU.
TABS = max(1, min(4, os.cpu_count() or 1))


def measure(site: Path, base: str, paths: Sequence[str], *, tabs: int = TABS) -> list[PageWeight]:
    """Open each page cold in Chromium, ``tabs`` at a time, from the site served at ``base``.

    Callable from code that already runs an event loop (a test using Playwright's sync API
    does): the measurement then runs its own loop in a thread of its own.
    """
    run = functools.partial(asyncio.run, _measure(site, base, list(paths), tabs))
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


async def _measure(site: Path, base: str, paths: list[str], tabs: int) -> list[PageWeight]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue()
            for number, path in enumerate(paths):
                queue.put_nowait((number, path))
            weights: list[PageWeight | None] = [None] * len(paths)

            async def tab() -> None:
                context = await browser.new_context(viewport={"width": 1280, "height": 900})
                try:
                    await context.route("**/" + SEARCH_INDEX, _empty_index)
                    page = await context.new_page()
                    # Chromium's HTTP cache off for this tab: each page is a cold view.
                    cdp = await context.new_cdp_session(page)
                    await cdp.send("Network.enable")
                    await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                    while not queue.empty():
                        number, path = queue.get_nowait()
                        weights[number] = await _open_cold(page, site, base, path)
                finally:
                    await context.close()

            await asyncio.gather(*(tab() for _ in range(max(1, min(tabs, len(paths))))))
            return [weight for weight in weights if weight is not None]
        finally:
            await browser.close()


async def _empty_index(route: object) -> None:
    # Counted apart, once (see search_index_size): building it is seconds of CPU per page.
    await route.fulfill(content_type="application/json", body=EMPTY_INDEX)


async def _open_cold(page: object, site: Path, base: str, path: str) -> PageWeight:
    received: dict[str, object] = {}
    pending: set[object] = set()

    def asked(request: object) -> None:
        pending.add(request)

    def done(request: object) -> None:
        pending.discard(request)

    def seen(response: object) -> None:
        if response.url.startswith(base):  # a request that left the site: the offline tests catch those
            received[response.url.removeprefix(base)] = response

    listeners = {"request": asked, "requestfinished": done, "requestfailed": done, "response": seen}
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        await page.goto(base + path, wait_until="load")
        await _settle(page, base, received, pending)
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
    sizes: dict[str, int] = {}
    index_fetched = received.pop(SEARCH_INDEX, None) is not None
    for url_path, response in received.items():
        file = site_file(site, url_path) if response.ok else None
        if file is not None:
            sizes[url_path.split("#", 1)[0]] = _file_size(file)
        else:
            with contextlib.suppress(Exception):  # a redirect or an aborted request has no body
                sizes[url_path] = gzipped_size(await response.body())
    heaviest = tuple(sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:3])
    return PageWeight(path, sum(sizes.values()), search_index_size(site) if index_fetched else 0, heaviest)


async def _settle(page: object, base: str, received: dict[str, object], pending: set[object]) -> None:
    """Wait, after the load event, for what a page still fetches then: the favicon it declares
    (Chromium asks for it after load), the search index (Material's script fetches it), and
    every request under way. Otherwise what is counted would depend on the machine's speed."""
    expected = await page.evaluate(
        """() => [document.querySelector("link[rel~=icon]")?.href || "",
                  document.querySelector("[data-md-component=search]") ? "search" : ""]"""
    )
    awaited = []
    if expected[0].startswith(base):
        awaited.append(expected[0].removeprefix(base).split("#", 1)[0])
    if expected[1]:
        awaited.append(SEARCH_INDEX)
    deadline = asyncio.get_running_loop().time() + SETTLE_S
    while pending or any(name not in received for name in awaited):
        if asyncio.get_running_loop().time() > deadline:
            break  # counted as it stands: a page that never asks is lighter, not broken
        await asyncio.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("paths", nargs="*", help="URL paths below the site root (default: every page)")
    args = parser.parse_args()
    paths = args.paths or site_pages(args.site)
    with serving(args.site) as base:
        weights = measure(args.site, base, paths)
    for weight in sorted(weights, key=lambda w: -w.transferred):
        largest = ", ".join(f"{name} {size / 1000:.1f}" for name, size in weight.largest)
        index = weight.search_index / 1000
        print(f"{weight.transferred / 1000:8.1f} KB  /{weight.path}  (search index {index:.1f} KB; largest: {largest})")


if __name__ == "__main__":
    main()
