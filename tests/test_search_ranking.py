"""The site's search settings make no page-title search worse than Material's defaults.

benchmarks/search_ranking.py runs Material's own search worker in Node on the session's
search index, with this site's settings and with Material's defaults; every page title and
critical alert is a query. The Chromium test checks the on-call queries in a real browser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search_ranking import cases_from, rank, with_material_defaults

pytestmark = pytest.mark.build


def test_no_title_search_lands_worse_than_with_materials_defaults(site: Path, tmp_path: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    cases = cases_from(index)
    ours, plain = rank(index, cases, tmp_path), rank(with_material_defaults(index), cases, tmp_path)
    first = {query: expected for query, expected in cases}
    worse = [q for q in first if plain[q][:1] == [first[q]] and ours[q][:1] != [first[q]]]
    assert worse == []
    assert sum(ours[q][:1] == [first[q]] for q in first) >= sum(plain[q][:1] == [first[q]] for q in first)
