"""What a reader's browser downloads for the cold view of each page, gzipped.

    .venv/bin/python benchmarks/page_weight.py SITE_DIR [URL_PATH ...]

Each page is opened in headless Chromium (Debian's, as in the tests) with the browser cache
off, and every response it receives (the HTML, stylesheets, scripts, images, the search
worker and what it fetches) is counted at its gzip size, as a static host that compresses
would send it. The search index is counted apart: it is fetched once per visit, by the
search worker, whatever the page. Figures, never pass/fail: tests/test_page_weight.py holds
the budget.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gzip
import http.server
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = os.environ.get("PYAIRTABLE_DOCS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]
SEARCH_INDEX = "search/search_index.json"
EMPTY_INDEX = '{"config": {"lang": ["en"], "separator": "[\\\\s\\\\-]+", "pipeline": []}, "docs": []}'


@functools.cache
def search_index_size(site: Path) -> int:
    return gzipped_size((site / SEARCH_INDEX).read_bytes())


@dataclass(frozen=True)
class PageWeight:
    path: str  # URL path below the site root, e.g. "ARCHITECTURE/"
    transferred: int  # gzip bytes of every response but the search index
    search_index: int  # gzip bytes of the search index, when the page fetched it
    largest: tuple[tuple[str, int], ...]  # (URL path, gzip bytes) of its heaviest responses


def gzipped_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def site_pages(site: Path) -> list[str]:
    """The URL path of every page of a built site (directory URLs), the home page first."""
    pages = sorted(html.parent.relative_to(site).as_posix() for html in site.rglob("index.html"))
    return ["" if page == "." else page + "/" for page in pages]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure(site: Path, base: str, paths: Sequence[str], *, tabs: int = 4) -> list[PageWeight]:
    """Open each page cold in Chromium, ``tabs`` at a time, from the site served at ``base``."""
    return asyncio.run(_measure(site, base, list(paths), tabs))


async def _measure(site: Path, base: str, paths: list[str], tabs: int) -> list[PageWeight]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            free = asyncio.Semaphore(tabs)

            async def one(path: str) -> PageWeight:
                async with free:
                    return await _open_cold(browser, site, base, path)

            return list(await asyncio.gather(*(one(path) for path in paths)))
        finally:
            await browser.close()


async def _open_cold(browser: object, site: Path, base: str, path: str) -> PageWeight:
    # A context of its own: nothing cached, and every response (the search worker's included) is its.
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        responses: list[object] = []
        index_fetched = asyncio.Event()

        def seen(response: object) -> None:
            responses.append(response)
            if response.url.endswith(SEARCH_INDEX):
                index_fetched.set()

        context.on("response", seen)

        async def empty_index(route: object) -> None:
            # Counted apart, once (see search_index_size): building it is seconds of CPU per page.
            await route.fulfill(content_type="application/json", body=EMPTY_INDEX)

        await context.route("**/" + SEARCH_INDEX, empty_index)
        page = await context.new_page()
        await page.goto(base + path, wait_until="load")
        # Material's search worker fetches the index once the page has loaded.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(index_fetched.wait(), timeout=10)
        sizes: dict[str, int] = {}
        for response in responses:
            if not response.url.startswith(base):
                continue  # a request that left the site: the offline tests catch those
            with contextlib.suppress(Exception):  # a redirect or an aborted request has no body
                sizes[response.url.removeprefix(base)] = gzipped_size(await response.body())
        index = search_index_size(site) if sizes.pop(SEARCH_INDEX, None) is not None else 0
        heaviest = tuple(sorted(sizes.items(), key=lambda item: -item[1])[:3])
        return PageWeight(path, sum(sizes.values()), index, heaviest)
    finally:
        await context.close()


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
