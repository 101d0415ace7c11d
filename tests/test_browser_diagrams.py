"""In real Chromium, every diagram is an inline SVG drawn at build time: no Mermaid script, no
request off the host, both colour schemes readable, service nodes linked, labels legible at a
1280 px window, a full-size file beside each, printable, and ids unique on their page.

What to look at comes from the content: the pages with diagrams are the built pages holding a
`figure.hub-diagram` (and they must include every diagram page and every service page the docs
give), the services are the catalog's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import DOCS
from pyairtable_docs.catalog.markdown import node_id
from pyairtable_docs.catalog.records import CATALOG_DIR, Service
from site_content import diagram_page, diagrams_in, page_url, services_in

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 900}
A4 = {"width": 794, "height": 1123}  # 210 x 297 mm at 96 px to the inch
FIGURE = "article figure.hub-diagram"
SVG = FIGURE + " > .hub-diagram__canvas > svg"
PALETTE_TOGGLE = "form[data-md-component=palette] label:visible"
SCHEMES = {"light": "default", "dark": "slate"}
MIN_LABEL_PX = 8  # the floor for a label's height at a 1280 px window
MIN_CONTRAST = 4.5  # WCAG AA for text of normal size

# The elements of a drawing that hold text of their own (a non-blank text node as a child):
# SVG text and tspan, and the HTML Mermaid puts in foreignObject. "Of their own" rather than
# "without children", so that a label broken by <br> is still found.
LABELS_JS = """
function labelsIn(svg) {
  return [...svg.querySelectorAll("text, tspan, foreignObject *")].filter((element) =>
    [...element.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim())
    && element.getClientRects().length > 0);
}
"""

# A label's height on screen: its computed font-size times the vertical scale from its own
# coordinates to the screen (getScreenCTM: the viewBox-to-rendered-width ratio and any scale
# on the way). The font size, not the glyph box: a bounding box holds the line height (1.5 in
# Mermaid's labels) and padding, so it would pass text that is drawn smaller than it claims.
LABEL_SIZES = (
    "svg => {"
    + LABELS_JS
    + """
  return labelsIn(svg).map((label) => {
    const placed = label instanceof SVGGraphicsElement ? label : label.closest("foreignObject");
    const matrix = placed.getScreenCTM();
    const scale = Math.hypot(matrix.b, matrix.d);
    return [label.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(label).fontSize) * scale];
  });
}"""
)

# Each label's colour and what lies under its middle, top layer first, down to the first opaque
# one: an SVG shape's fill (a node's shape for a node's text) or an HTML element's background.
LABEL_COLOURS = (
    "svg => {"
    + LABELS_JS
    + """
  const SHAPES = new Set(["rect", "path", "polygon", "circle", "ellipse"]);
  const alphaOf = (colour) => { const m = colour.match(/rgba?\\([^)]*,\\s*([\\d.]+)\\)$/); return m ? +m[1] : 1; };
  const paint = (element) => {
    const style = getComputedStyle(element);
    if (element instanceof SVGElement) {
      if (!SHAPES.has(element.tagName) || style.fill === "none" || !style.fill.startsWith("rgb")) return null;
      return [style.fill, parseFloat(style.fillOpacity) * parseFloat(style.opacity)];
    }
    return [style.backgroundColor, parseFloat(style.opacity)];
  };
  return labelsIn(svg).map((label) => {
    if (label.classList.contains("sequenceNumber")) {  // drawn on a marker, which is not hit-tested
      const marker = getComputedStyle(svg.querySelector('[id$="-sequencenumber"] circle'));
      return [label.textContent.trim(), getComputedStyle(label).fill, [[marker.fill, 1]]];
    }
    label.scrollIntoView({block: "center", inline: "center"});
    const box = label.getBoundingClientRect();
    const layers = [];
    for (const element of document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)) {
      const layer = paint(element);
      if (!layer || layer[1] === 0 || alphaOf(layer[0]) === 0) continue;
      layers.push(layer);
      if (layer[1] === 1 && alphaOf(layer[0]) === 1) break;
    }
    const style = getComputedStyle(label);
    const colour = label instanceof SVGElement ? style.fill : style.color;
    return [label.textContent.trim().slice(0, 40), colour, layers];
  });
}"""
)

NODE_COLOURS = """svg => {
  const shape = svg.querySelector("g.node rect, g.node path, g.node polygon, g.node circle, rect.actor");
  const label = svg.querySelector("g.node .nodeLabel, g.node text, text.actor");
  const ink = getComputedStyle(label);
  return [getComputedStyle(shape).fill, label instanceof SVGElement ? ink.fill : ink.color];
}"""


# ------------------------------------------------------------------ what the content gives


def pages_with_diagrams(site: Path) -> list[str]:
    """The URL path of every built page that holds a drawn diagram."""
    found = []
    for html in sorted(site.rglob("index.html")):
        if re.search(r'<figure class="hub-diagram[" ]', html.read_text(encoding="utf-8")):
            found.append("" if html.parent == site else html.parent.relative_to(site).as_posix() + "/")
    return found


def pages_that_must_draw() -> set[str]:
    """Pages the docs say draw a diagram: each diagram file's page, each service's page, the catalog."""
    return (
        {page_url(diagram_page(src)) for src in diagrams_in(DOCS)}
        | {page_url(service.path) for service in services_in(DOCS)}
        | {page_url(CATALOG_DIR + "README.md")}
    )


@pytest.fixture(scope="module")
def diagram_pages(site: Path) -> list[str]:
    pages = pages_with_diagrams(site)
    missing = pages_that_must_draw() - set(pages)
    assert not missing, f"pages that should show a drawn diagram but do not: {sorted(missing)}"
    return pages


def a_service_and_one_it_depends_on() -> tuple[Service, Service]:
    """A service that depends on another of the catalog, and that one. A service whose page
    also holds a sequence diagram of its own comes first: both kinds are then looked at."""
    by_name = {service.name: service for service in services_in(DOCS)}
    pairs = [
        (service, by_name[name])
        for service in sorted(by_name.values(), key=lambda s: s.name)
        for name in service.services_depended_on
        if name in by_name
    ]
    return min(pairs, key=lambda pair: "sequenceDiagram" not in (DOCS / pair[0].path).read_text(encoding="utf-8"))


def a_flowchart_page() -> str:
    """The page of a diagram file drawn as a flowchart (its nodes have themed shapes); one with
    subgraphs first, whose titles lie on the group's fill."""
    kind = re.compile(r"^\s*(flowchart|graph)\b", re.M)
    flowcharts = [src for src in diagrams_in(DOCS) if kind.search((DOCS / src).read_text(encoding="utf-8"))]
    src = min(flowcharts, key=lambda src: "subgraph" not in (DOCS / src).read_text(encoding="utf-8"))
    return page_url(diagram_page(src))


PAGES = {
    "service": lambda: page_url(a_service_and_one_it_depends_on()[0].path),
    "diagram": a_flowchart_page,
}


# ------------------------------------------------------------------ one visit to every page with diagrams

# Per figure: its inline SVGs, whether the first shows, its nodes, its "Open full size" links.
FIGURES = """() => [...document.querySelectorAll("article figure.hub-diagram")].map((figure) => {
  const svgs = figure.querySelectorAll(":scope > .hub-diagram__canvas > svg");
  const box = svgs.length ? svgs[0].getBoundingClientRect() : null;
  return {
    svgs: svgs.length,
    visible: !!box && box.width > 0 && box.height > 0 && getComputedStyle(svgs[0]).visibility === "visible",
    nodes: svgs.length ? svgs[0].querySelectorAll("g.node, .actor").length : 0,
    fullSize: [...figure.querySelectorAll("figcaption a")]
      .filter((a) => a.textContent.trim() === "Open full size").map((a) => a.href),
  };
})"""


@dataclass
class Visit:
    """What one page with diagrams showed at 1280x900 (and in print)."""

    figures: list[dict]
    strays: int  # elements with class mermaid, or "Diagram not drawn" placeholders
    problems: list[str]  # console errors and uncaught exceptions
    labels: list[list]  # per drawing: (text, px high)
    services: list[list]  # per drawing: (node id, href, resolved URL)
    ids: dict
    printed: list[dict]


@dataclass
class Survey:
    base: str
    visits: dict[str, Visit]
    scripts: list[str]  # every script URL any page loaded
    off_host: list[str]


def visit(page, path: str, problems: list[str]) -> Visit:
    open_page(page, path)
    svgs = page.locator(SVG).all()
    found = Visit(
        figures=page.evaluate(FIGURES),
        strays=page.locator(".mermaid, .hub-diagram-missing").count(),
        problems=[],
        labels=[svg.evaluate(LABEL_SIZES) for svg in svgs],
        services=[svg.evaluate(SERVICE_NODES) for svg in svgs],
        ids=page.evaluate(IDS),
        printed=[],
    )
    # In print, at the width of an A4 sheet: a 1280 px window would leave room a page lacks.
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    found.printed = page.evaluate(PRINTED)
    page.emulate_media(media="screen")
    page.set_viewport_size(VIEWPORT)
    found.problems = list(problems)
    problems.clear()
    return found


@pytest.fixture(scope="module")
def survey(browser, served_site: str, diagram_pages: list[str]) -> Iterator[Survey]:
    """Each page with diagrams, opened once and looked at for every test below that reads it
    (a page load costs more than all the looking). Requests off 127.0.0.1 are blocked and
    recorded, as conftest's `page` does."""
    context = browser.new_context(viewport=VIEWPORT)
    off_host: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            off_host.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.base_url = served_site
    problems = watch(page)
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    try:
        yield Survey(served_site, {path: visit(page, path, problems) for path in diagram_pages}, scripts, off_host)
    finally:
        context.close()


# ------------------------------------------------------------------ browser helpers


def watch(page) -> list[str]:
    """Console errors and uncaught exceptions of the page from now on."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    return problems


def open_page(page, path: str) -> None:
    page.set_viewport_size(VIEWPORT)
    page.goto(page.base_url + path, wait_until="load")


def switch_scheme(page, scheme: str) -> None:
    """Switch Material's palette with its header toggle, as a reader does (no reload)."""
    if page.locator("body").get_attribute("data-md-color-scheme") != SCHEMES[scheme]:
        page.locator(PALETTE_TOGGLE).first.click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme === {SCHEMES[scheme]!r}")


def channels(colour: str) -> tuple[float, float, float, float]:
    """(r, g, b, alpha) of a computed CSS colour, rgb() or rgba()."""
    match = re.fullmatch(r"rgba?\(([^)]*)\)", colour.strip())
    assert match, f"not a computed rgb colour: {colour!r}"
    parts = [float(p) for p in re.split(r"[,\s/]+", match[1].strip()) if p]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def flatten(layers: list[tuple[str, float]], ground: tuple[float, float, float] = (255, 255, 255)) -> tuple:
    """The colour seen through the layers (top first), over `ground` if none is opaque."""
    seen = ground
    for colour, opacity in reversed(layers):
        r, g, b, alpha = channels(colour)
        a = alpha * opacity
        seen = tuple(a * c + (1 - a) * s for c, s in zip((r, g, b), seen, strict=True))
    return seen


def luminance(rgb: tuple) -> float:
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple, other: tuple) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def low_contrast_labels(page, where: str) -> list[str]:
    """Every label of every diagram on the page whose contrast with what is under it is too low."""
    problems = []
    svgs = page.locator(SVG)
    labels = [(index, label) for index in range(svgs.count()) for label in svgs.nth(index).evaluate(LABEL_COLOURS)]
    assert labels, f"{where}: no label in any diagram"
    for index, (text, colour, layers) in labels:
        ground = flatten(layers)
        r, g, b, alpha = channels(colour)
        ink = flatten([(colour, 1.0)], ground) if alpha < 1 else (r, g, b)
        ratio = contrast(ink, ground)
        if ratio < MIN_CONTRAST:
            shown = tuple(round(c) for c in ground)
            problems.append(f"{where}, diagram {index + 1}: {text!r} {colour} on rgb{shown}: {ratio:.2f}")
    return problems


# ------------------------------------------------------------------ the helpers themselves


def test_contrast_is_wcag_contrast_of_what_shows_through() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    half_black = flatten([("rgba(0, 0, 0, 0.5)", 1.0)], (255, 255, 255))
    assert half_black == pytest.approx((127.5, 127.5, 127.5))
    assert flatten([("rgb(10, 20, 30)", 1.0), ("rgb(255, 0, 0)", 1.0)]) == (10, 20, 30)


# ------------------------------------------------------------------ 1. drawn, offline, no Mermaid


def test_every_diagram_is_an_inline_svg_with_nodes_and_no_mermaid_loads(survey: Survey) -> None:
    failures = []
    for path, seen in survey.visits.items():
        for number, figure in enumerate(seen.figures, start=1):
            if figure["svgs"] != 1 or not figure["visible"]:
                failures.append(f"{path}: figure {number} shows no inline SVG")
            elif figure["nodes"] == 0:
                failures.append(f"{path}: figure {number} has no nodes")
        if seen.strays:
            failures.append(f"{path}: a .mermaid element or a 'Diagram not drawn' placeholder is on the page")
        failures += [f"{path}: {problem}" for problem in seen.problems]
    failures += [f"a script of Mermaid was loaded: {url}" for url in survey.scripts if "mermaid" in url.lower()]
    failures += [f"a request left the host: {url}" for url in survey.off_host]
    assert survey.scripts, "no script was loaded at all: the pages were not seen"
    assert not failures, "\n".join(failures)


# ------------------------------------------------------------------ 2. light and dark


@pytest.mark.parametrize("kind", PAGES)
def test_diagrams_follow_the_palette_toggle_and_stay_readable(page, kind: str) -> None:
    path = PAGES[kind]()
    problems = watch(page)
    open_page(page, path)
    page.evaluate("window.__hubMarker = 1")
    svg = page.locator(SVG).first
    switch_scheme(page, "light")
    light = svg.evaluate(NODE_COLOURS)
    switch_scheme(page, "dark")
    dark = svg.evaluate(NODE_COLOURS)
    assert page.evaluate("window.__hubMarker") == 1, "the palette toggle reloaded the page"
    assert light[0] != dark[0], f"{path}: a node's fill stays {light[0]} in both schemes"
    assert light[1] != dark[1], f"{path}: a label's colour stays {light[1]} in both schemes"
    assert not problems, problems


def test_every_label_of_every_diagram_is_readable_in_both_schemes(page, diagram_pages: list[str]) -> None:
    # axe does not judge text inside SVG: every label against what is drawn behind it.
    low = []
    for path in diagram_pages:
        open_page(page, path)
        for scheme in SCHEMES:
            switch_scheme(page, scheme)
            low += low_contrast_labels(page, f"{path} ({scheme})")
    assert not low, f"{len(low)} labels below {MIN_CONTRAST}:1\n" + "\n".join(low)


def test_the_contrast_check_sees_a_faint_label(page) -> None:
    open_page(page, PAGES["diagram"]())
    assert not low_contrast_labels(page, "before")
    page.locator(SVG).first.evaluate(
        "svg => svg.querySelectorAll('.nodeLabel, text')"
        ".forEach(l => { l.style.color = '#e6e6ff'; l.style.fill = '#e6e6ff'; })"
    )
    assert low_contrast_labels(page, "after")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_violation_in_the_diagrams_nor_a_serious_one_on_the_page(page, kind: str, scheme: str) -> None:
    """Inside the figures: no violation of any impact. On the whole page: none serious or
    critical (Material's own chrome has moderate ones the site does not control)."""
    open_page(page, PAGES[kind]())
    switch_scheme(page, scheme)
    inside = Axe().run(page, context={"include": [["article figure.hub-diagram"]]}).response
    whole = Axe().run(page).response
    found = [
        f"{v['id']} ({v['impact']}): {node['target']} - {v['help']}"
        for v in inside["violations"]
        for node in v["nodes"]
    ] + [
        f"{v['id']} ({v['impact']}): {node['target']} - {v['help']}"
        for v in whole["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]
    assert not found, "\n".join(found)
    assert page.off_host_requests == []


def test_the_audit_of_the_figures_sees_a_drawing_without_a_name(page) -> None:
    open_page(page, PAGES["diagram"]())
    page.locator(SVG).first.evaluate(
        "svg => { svg.removeAttribute('aria-label'); svg.removeAttribute('aria-labelledby');"
        " svg.setAttribute('role', 'img'); }"
    )
    found = Axe().run(page, context={"include": [["article figure.hub-diagram"]]}).response["violations"]
    assert "svg-img-alt" in [violation["id"] for violation in found]


# ------------------------------------------------------------------ 3. service links


def service_link(page, name: str):
    """The link around the node that draws service `name` in a diagram of the page."""
    node = page.locator(f'g.node[id*="-flowchart-{node_id(name)}-"]')
    return page.locator(f"{SVG} a").filter(has=node).first


def test_a_service_node_opens_its_service_also_after_instant_navigation(page) -> None:
    service, dependency = a_service_and_one_it_depends_on()
    problems = watch(page)
    # Straight to the service page: the dependency's node leads to its page.
    open_page(page, page_url(service.path))
    service_link(page, dependency.name).click()
    page.wait_for_url(page.base_url + page_url(dependency.path))
    assert page.locator("article h1").first.inner_text().startswith(dependency.title)

    # Again, arriving at the service page by instant navigation from the catalog's sidebar.
    open_page(page, page_url(CATALOG_DIR + "README.md"))
    page.evaluate("window.__hubMarker = 1")
    page.locator(f'.md-sidebar--primary a.md-nav__link[href$="{service.name}/"]').first.click()
    page.wait_for_url(page.base_url + page_url(service.path))
    page.locator(SVG).first.wait_for()
    assert page.evaluate("window.__hubMarker") == 1, "the sidebar link reloaded the page: no instant navigation"
    service_link(page, dependency.name).click()
    page.wait_for_url(page.base_url + page_url(dependency.path))
    assert page.locator("article h1").first.inner_text().startswith(dependency.title)

    # Instant navigation still works on the page the diagram led to.
    page.evaluate("window.__hubMarker = 2")
    page.locator(f'.md-sidebar--primary a.md-nav__link[href$="{service.name}/"]').first.click()
    page.wait_for_url(page.base_url + page_url(service.path))
    assert page.evaluate("window.__hubMarker") == 2, "instant navigation stopped working after a diagram link"
    assert not problems, problems
    assert page.off_host_requests == []


SERVICE_NODES = """svg => [...svg.querySelectorAll("g.node[id], rect.actor[name]")].map((node) => {
  const link = node.closest("a");
  const href = link && (link.getAttribute("href") || link.getAttributeNS("http://www.w3.org/1999/xlink", "href"));
  return [node.tagName === "rect" ? node.getAttribute("name") : node.id, href,
          href === null ? null : new URL(href, location.href).href];
})"""


def test_every_service_node_links_to_that_services_page(survey: Survey) -> None:
    services = services_in(DOCS)
    by_node = {node_id(s.name): s for s in services} | {s.name: s for s in services}
    own = {page_url(s.path): s.name for s in services}
    failures, linked = [], 0
    for path, seen in survey.visits.items():
        for number, nodes in enumerate(seen.services, start=1):
            for node, href, resolved in nodes:
                match = re.fullmatch(r".+?-flowchart-(.+)-\d+", node)
                service = by_node.get(match[1] if match else node)
                if service is None:
                    continue
                where = f"{path}, diagram {number}, node {service.name}"
                if service.name == own.get(path):
                    if href is not None:
                        failures.append(f"{where}: the page's own service links to {href!r}")
                elif resolved != survey.base + page_url(service.path):
                    failures.append(f"{where}: links to {href!r}, not to its page")
                else:
                    linked += 1
    assert linked, "no service node found in any diagram"
    assert not failures, f"{len(failures)} service nodes:\n" + "\n".join(failures)


# ------------------------------------------------------------------ 4. readable at 1280 px


def small_labels(drawings: list[list], where: str) -> list[str]:
    """One line for each label (of LABEL_SIZES, per drawing) drawn under MIN_LABEL_PX."""
    return [
        f"{where}, diagram {number}: {text!r} is {px:.1f} px high"
        for number, sizes in enumerate(drawings, start=1)
        for text, px in sizes
        if px < MIN_LABEL_PX
    ]


def test_every_label_is_at_least_8px_high_at_1280px(survey: Survey) -> None:
    small = [line for path, seen in survey.visits.items() for line in small_labels(seen.labels, path)]
    counted = sum(len(sizes) for seen in survey.visits.values() for sizes in seen.labels)
    assert counted, "no label found in any diagram"
    assert not small, f"{len(small)} of {counted} labels under {MIN_LABEL_PX} px:\n" + "\n".join(small)


def test_the_size_check_sees_a_diagram_squeezed_to_fit(page) -> None:
    open_page(page, PAGES["diagram"]())
    assert small_labels([svg.evaluate(LABEL_SIZES) for svg in page.locator(SVG).all()], "before") == []
    page.locator(SVG).first.evaluate("svg => { svg.style.minWidth = '0'; svg.style.width = '200px'; }")
    assert small_labels([svg.evaluate(LABEL_SIZES) for svg in page.locator(SVG).all()], "after")


# ------------------------------------------------------------------ 5. full size


FULL_SIZE = """() => {
  const root = document.documentElement;
  const labels = [...document.querySelectorAll("text, tspan, foreignObject *")].filter((element) => {
    const box = element.getBoundingClientRect();
    return [...element.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim())
      && box.width > 0 && box.height > 0;
  });
  const links = [...document.querySelectorAll("a")].map((link) =>
    link.getAttribute("href") || link.getAttributeNS("http://www.w3.org/1999/xlink", "href"));
  return {tag: root.tagName, width: parseFloat(root.getAttribute("width")),
          height: parseFloat(root.getAttribute("height")), labels: labels.length,
          links: links.map((href) => [href, new URL(href, location.href).href])};
}"""


def test_each_figure_opens_full_size_as_an_svg_whose_links_lead_to_pages(page, survey: Survey) -> None:
    files: dict[str, str] = {}
    failures = []
    for path, seen in survey.visits.items():
        for number, figure in enumerate(seen.figures, start=1):
            if len(figure["fullSize"]) != 1:
                failures.append(f"{path}: figure {number} has {len(figure['fullSize'])} 'Open full size' links")
                continue
            url = figure["fullSize"][0]
            if not url.endswith(".svg"):
                failures.append(f"{path}: figure {number} opens {url}, not an .svg")
            files[url] = f"{path}, figure {number}"
    targets: dict[str, str] = {}
    for url, where in files.items():
        response = page.goto(url)
        if response is None or response.status != 200:
            failures.append(f"{where}: {url} answers {response and response.status}")
            continue
        shown = page.evaluate(FULL_SIZE)
        if shown["tag"] != "svg":
            failures.append(f"{where}: {url} is a <{shown['tag']}> document, not an SVG")
            continue
        if not (shown["width"] > 0 and shown["height"] > 0):
            failures.append(f"{where}: {url} has no width and height")
        if not shown["labels"]:
            failures.append(f"{where}: {url} shows no text")
        for href, resolved in shown["links"]:
            if href.startswith("#") or not resolved.startswith(page.base_url):
                failures.append(f"{where}: {url} links to {href!r}, not to a page of the site")
            else:
                targets.setdefault(resolved, f"{where}: {url} links to {href!r}")
    for resolved, where in targets.items():
        answer = page.request.get(resolved)
        if answer.status != 200 or "text/html" not in answer.headers.get("content-type", ""):
            failures.append(f"{where}, which answers {answer.status}")
    assert files, "no figure links a full-size file"
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
    assert page.off_host_requests == []


# ------------------------------------------------------------------ 6. print


PRINTED = """() => {
  const article = document.querySelector("article");
  const style = getComputedStyle(article);
  const content = article.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [...document.querySelectorAll("article figure.hub-diagram > .hub-diagram__canvas > svg")].map((svg) => {
    const box = svg.getBoundingClientRect();
    const shown = getComputedStyle(svg);
    return {width: box.width, height: box.height, content,
            visible: shown.display !== "none" && shown.visibility === "visible"};
  });
}"""


def test_diagrams_print_visible_within_the_content_box(survey: Survey) -> None:
    failures = []
    for path, seen in survey.visits.items():
        for number, svg in enumerate(seen.printed, start=1):
            if not (svg["visible"] and svg["width"] > 0 and svg["height"] > 0):
                failures.append(f"{path}: diagram {number} is not shown in print")
            elif svg["width"] > svg["content"] + 0.5:
                failures.append(
                    f"{path}: diagram {number} prints {svg['width']:.0f} px wide in {svg['content']:.0f} px"
                )
    assert any(seen.printed for seen in survey.visits.values()), "no diagram was looked at in print"
    assert not failures, "\n".join(failures)


# ------------------------------------------------------------------ 7. unique ids


IDS = """() => {
  const count = new Map();
  for (const element of document.querySelectorAll("[id]")) count.set(element.id, (count.get(element.id) || 0) + 1);
  const figures = "article figure.hub-diagram";
  const inside = [...document.querySelectorAll(`${figures} svg[id], ${figures} svg [id]`)];
  const shared = [...new Set(inside.map((e) => e.id).filter((id) => count.get(id) > 1))];
  // every url(#id) a drawing uses names an element of that same drawing
  const stray = [];
  for (const svg of document.querySelectorAll("article figure.hub-diagram > .hub-diagram__canvas > svg")) {
    for (const element of [svg, ...svg.querySelectorAll("*")]) {
      for (const attribute of element.attributes) {
        for (const [, id] of attribute.value.matchAll(/url\\(#([^)]+)\\)/g)) {
          const target = document.getElementById(id);
          if (!target || !svg.contains(target)) stray.push(svg.id + ": url(#" + id + ")");
        }
      }
    }
  }
  return {ids: inside.length, shared, stray};
}"""


def test_ids_inside_diagrams_are_unique_on_their_page(survey: Survey) -> None:
    failures = []
    for path, seen in survey.visits.items():
        failures += [f"{path}: id {id!r} is used more than once" for id in seen.ids["shared"]]
        failures += [f"{path}: {ref} points outside its drawing" for ref in seen.ids["stray"]]
    assert sum(seen.ids["ids"] for seen in survey.visits.values()), "no id inside any diagram: nothing was checked"
    assert not failures, "\n".join(failures)
