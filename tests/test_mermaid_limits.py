"""A catalog large enough to draw more than Mermaid's default 500 edges is still drawn."""

from __future__ import annotations

import re

import pytest

from conftest import CHROMIUM, REPO, skip_or_fail
from pyairtable_docs.diagrams import renderer
from pyairtable_docs.diagrams.renderer import MAX_EDGES, BackgroundRender, Request

pytestmark = pytest.mark.browser
MERMAID = REPO / "node_modules/mermaid/dist/mermaid.min.js"


def test_a_graph_over_mermaids_default_edge_limit_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    if not CHROMIUM.exists() or not MERMAID.exists():
        skip_or_fail(f"needs {CHROMIUM} and the npm packages")
    monkeypatch.setattr(renderer, "_drawn", {})  # drawn now, not taken from an earlier build
    # Over Mermaid's default of 500, as the system graph of a 90-service catalog is; between
    # few nodes, so that the layout takes seconds, not minutes.
    edges = 520
    assert edges <= MAX_EDGES
    source = "flowchart LR\n" + "\n".join(f"  svc_{i // 26} --> hub_{i % 26}" for i in range(edges))
    [drawing] = BackgroundRender(MERMAID).results([Request(source)])
    assert drawing.ok, drawing.message
    assert {"svc_0", "svc_19", "hub_0", "hub_25"} <= set(drawing.node_ids)
    assert len(re.findall(r'<path [^>]*class="[^"]*\bflowchart-link\b', drawing.svg)) == edges
    assert drawing.width > 0 and drawing.height > 0
