"""In real Chromium, every diagram is drawn as SVG, offline; plain pages carry no Mermaid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DOCS
from pyairtable_docs.catalog.records import Service
from site_content import all_pages_in, diagram_page, diagrams_in, page_url, services_in

pytestmark = pytest.mark.browser

NODES = "g.node, .actor, g.cluster, .task, .section, rect"
NODE_FILL = "svg => { const t = svg.querySelector('.nodeLabel, g.node text'); return getComputedStyle(t).color; }"


def pages_with_diagrams(site: Path) -> list[tuple[str, int]]:
    """(URL path, number of diagrams) for every built page that holds a diagram."""
    found = []
    for html in sorted(site.rglob("index.html")):
        count = len(re.findall(r'<pre class="mermaid">', html.read_text(encoding="utf-8")))
        if count:
            found.append((html.parent.relative_to(site).as_posix() + "/", count))
    return found


def test_every_diagram_is_drawn_as_svg_with_nodes_and_no_request_leaves(site, page) -> None:
    pages = pages_with_diagrams(site)
    failures = []
    for url, count in pages:
        page.goto(page.base_url + url, wait_until="load")
        drawn = page.locator("article div.mermaid svg")
        try:
            drawn.nth(count - 1).wait_for(timeout=15_000)
        except Exception:
            failures.append(f"{url}: {drawn.count()} of {count} diagrams drawn")
            continue
        for index in range(count):
            svg = drawn.nth(index)
            if svg.locator(NODES).count() == 0 or "Syntax error" in svg.text_content():
                failures.append(f"{url}: diagram {index + 1} has no nodes or shows an error")
    assert not failures, "\n".join(failures)
    assert page.off_host_requests == []


def test_a_page_without_diagrams_loads_no_mermaid(site, page) -> None:
    with_diagrams = {url for url, _ in pages_with_diagrams(site)}
    plain = next(url for url in sorted(all_pages_in(site)) if url.endswith("/") and url not in with_diagrams)
    scripts = []
    page.on("request", lambda request: scripts.append(request.url))
    page.goto(page.base_url + plain, wait_until="networkidle")
    assert not [url for url in scripts if "mermaid.min.js" in url]
    assert page.evaluate("typeof window.mermaid") == "undefined"


def first_flowchart() -> str:
    """The src_uri of the first diagram file drawn as a flowchart (NODE_FILL reads its nodes)."""
    kind = re.compile(r"^\s*(flowchart|graph)\b", re.M)
    return next(src for src in diagrams_in(DOCS) if kind.search((DOCS / src).read_text()))


def test_diagrams_draw_after_instant_navigation_and_follow_dark_mode(page) -> None:
    diagram = page_url(diagram_page(first_flowchart()))
    page.goto(page.base_url + "SECURITY/", wait_until="networkidle")
    page.evaluate("window.__marker = 1")
    # navigate the way a reader does: through a link, handled by instant navigation
    page.evaluate(
        """url => { const a = document.createElement('a');
        a.href = new URL('../' + url, location.href).href;
        document.querySelector('article').appendChild(a); a.click(); }""",
        diagram,
    )
    page.wait_for_url(f"**/{diagram}")
    page.locator("article div.mermaid svg").first.wait_for(timeout=15_000)
    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not navigated"
    light = page.locator("article div.mermaid svg").first.evaluate(NODE_FILL)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    dark = page.locator("article div.mermaid svg").first.evaluate(NODE_FILL)
    assert light != dark
    assert page.off_host_requests == []


def a_service_and_one_it_depends_on() -> tuple[Service, Service]:
    by_name = {service.name: service for service in services_in(DOCS)}
    return next(
        (service, by_name[name]) for service in by_name.values() for name in service.depends_on if name in by_name
    )


def test_a_service_in_a_dependency_graph_links_to_its_page(page) -> None:
    service, dependency = a_service_and_one_it_depends_on()
    page.goto(page.base_url + page_url(service.path), wait_until="networkidle")
    links = page.locator("article div.mermaid svg a")
    links.first.wait_for(state="attached", timeout=15_000)
    targets = [
        links.nth(i).get_attribute("xlink:href") or links.nth(i).get_attribute("href") for i in range(links.count())
    ]
    assert "." not in targets, "the service's own node must not link to itself"
    links.nth(targets.index(f"../{dependency.name}/")).locator("g").first.click()
    page.wait_for_url(f"**/{page_url(dependency.path)}")
    assert page.locator("article h1").first.inner_text().startswith(dependency.title)


def test_subgraphs_follow_the_palette_so_their_labels_stay_readable(page) -> None:
    with_subgraphs = [src for src in diagrams_in(DOCS) if re.search(r"^\s*subgraph\b", (DOCS / src).read_text(), re.M)]
    assert with_subgraphs, "no diagram in docs/ has a subgraph to look at"
    page.goto(page.base_url + page_url(diagram_page(with_subgraphs[0])), wait_until="networkidle")
    svg = page.locator("article div.mermaid svg").first
    svg.wait_for(timeout=15_000)
    colours = (
        "svg => [getComputedStyle(svg.querySelector('.cluster rect, .cluster path')).fill,"
        " getComputedStyle(svg.querySelector('.cluster-label span, .cluster-label, .cluster text')).color]"
    )
    light = svg.evaluate(colours)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_timeout(500)
    dark = page.locator("article div.mermaid svg").first.evaluate(colours)
    assert light[0] != dark[0] and light[1] != dark[1]
    assert dark[0] != "rgb(238, 242, 255)", "subgraphs kept Mermaid's light default fill"
