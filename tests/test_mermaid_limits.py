"""A catalog large enough to draw more than Mermaid's default 500 edges still passes the check."""

from __future__ import annotations

import re

import pytest

from conftest import CHROMIUM, REPO, skip_or_fail
from pyairtable_docs.diagrams.mermaid_check import MAX_EDGES, BackgroundCheck

pytestmark = pytest.mark.browser
MERMAID = REPO / "node_modules/mermaid/dist/mermaid.min.js"


def test_a_graph_over_mermaids_default_edge_limit_parses() -> None:
    if not CHROMIUM.exists() or not MERMAID.exists():
        skip_or_fail(f"needs {CHROMIUM} and the npm packages")
    edges = 600  # over Mermaid's default of 500, as the system graph of a 90-service catalog is
    source = "flowchart LR\n" + "\n".join(f"  svc_{i} --> hub_{i % 40}" for i in range(edges))
    check = BackgroundCheck(MERMAID)
    check.submit([source], last=True)
    [result] = check.results([source])
    assert result.ok, result.message
    assert {"svc_0", "hub_39"} <= set(result.node_ids)


def test_the_browser_draws_with_the_limit_the_build_checks_with() -> None:
    loader = (REPO / "overrides/assets/javascripts/mermaid-local.js").read_text()
    assert re.search(r"config\.maxEdges = (\d+);", loader)[1] == str(MAX_EDGES)
