"""The page-weight budget, measured in Chromium: the cold view of every built page transfers at
most 150 KB gzipped (250 KB for the generated API reference under SCHEMAS/api/), not counting
the search index, which every page fetches alike and which is reported on its own.

KB here is 1,000 bytes, as benchmarks/page_weight.py prints it. The pages are every page of the
session's build (benchmarks.page_weight.site_pages); adding a page adds a case.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from page_weight import PageWeight, gzipped_size, measure, serving, site_pages
from site_content import all_pages_in

pytestmark = pytest.mark.browser

KB = 1000
BUDGET = 150 * KB
API_REFERENCE = "SCHEMAS/api/"
API_BUDGET = 250 * KB


def budget(path: str) -> int:
    return API_BUDGET if path.startswith(API_REFERENCE) else BUDGET


def describe(weight: PageWeight) -> str:
    largest = ", ".join(f"{name or '(home)'} {size / KB:.1f}" for name, size in weight.largest)
    return f"/{weight.path}: {weight.transferred / KB:.1f} KB (largest: {largest})"


def test_every_page_is_within_its_budget(site: Path, served_site: str) -> None:
    paths = site_pages(site)
    assert set(paths) == {page for page in all_pages_in(site) if page == "" or page.endswith("/")}
    started = time.perf_counter()
    weights = measure(site, served_site, paths)
    seconds = time.perf_counter() - started
    assert [w.path for w in weights] == paths, "a page was not measured"

    heaviest = sorted(weights, key=lambda w: -w.transferred)[:3]
    indexes = {w.search_index for w in weights}
    report = "\n".join(
        [
            f"{len(weights)} pages measured in {seconds:.1f} s; the three heaviest:",
            *(f"  {describe(w)}" for w in heaviest),
            f"search index (fetched by {sum(1 for w in weights if w.search_index)} pages, not counted): "
            + ", ".join(f"{size / KB:.1f} KB" for size in sorted(indexes)),
        ]
    )
    print(report)
    over = [f"{describe(w)} > {budget(w.path) / KB:.0f} KB" for w in weights if w.transferred > budget(w.path)]
    assert not over, f"{len(over)} pages over budget:\n" + "\n".join(over) + "\n" + report


def test_the_measure_counts_every_response_gzipped_and_the_search_index_apart(tmp_path: Path, browser) -> None:
    """On a page of known files: the page, its stylesheet, icon and a large image are counted at
    their gzip sizes; the search index it fetches is not, and is reported apart."""
    files = {
        "index.html": (
            b'<!doctype html><html><head><link rel="stylesheet" href="style.css">'
            b'<link rel="icon" href="icon.png"></head><body><img src="photo.bin" alt="">'
            b'<script>fetch("search/search_index.json")</script></body></html>'
        ),
        "style.css": b"body { margin: 0 }\n" * 200,
        "icon.png": os.urandom(500),
        "photo.bin": os.urandom(BUDGET + 1),  # gzip cannot shrink random bytes: over budget alone
        "search/search_index.json": b'{"docs": []}' + b" " * 50_000,
    }
    for name, body in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(body)
    with serving(tmp_path) as base:
        (weight,) = measure(tmp_path, base, [""], tabs=1)
    counted = ("index.html", "style.css", "icon.png", "photo.bin")
    assert weight.transferred == sum(gzipped_size(files[name]) for name in counted)
    assert weight.transferred > budget(weight.path)
    assert weight.search_index == gzipped_size(files["search/search_index.json"])
    assert weight.largest[0] == ("photo.bin", gzipped_size(files["photo.bin"]))
