"""Diagrams: pure parsing and page generation, failing builds, the drawings the build writes into
pages (inline SVG, full-size files, ids, links, search, the cache), and builds without a browser."""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from pymdownx.superfences import fence_div_format

from conftest import CHROMIUM, GATEWAY, REPO, MiniSite, page_path, skip_or_fail, write_files
from pyairtable_docs.core.codes import coded, help_url
from pyairtable_docs.core.wiring import mermaid_bundle
from pyairtable_docs.diagrams import renderer, wiring
from pyairtable_docs.diagrams.renderer import DiskCache
from pyairtable_docs.diagrams.sources import (
    Diagram,
    description_of,
    error_line,
    mermaid_fences,
    render_diagram_page,
    service_node_problems,
    title_from_file,
)
from pyairtable_docs.speed import serve_session
from site_content import FULL_SIZE, article, page_url


def test_title_and_description_come_from_the_file() -> None:
    assert title_from_file("ARCHITECTURE/diagrams/system-overview.mermaid") == "System overview"
    assert description_of("%% Every service.\n%% Ids: see the guide.\nflowchart LR") == "Every service."
    assert description_of("flowchart LR\n%% not a description") == ""
    assert description_of("%%{init: {}}%%\nflowchart LR") == ""


def test_fences_are_found_with_the_line_of_their_first_diagram_line() -> None:
    page = "# T\n\n!!! note\n\n    ```mermaid\n    flowchart LR\n      a --> b\n    ```\n\ntext\n"
    (diagram,) = mermaid_fences(page, "docs/x.md")
    assert diagram.source == "flowchart LR\n  a --> b"
    assert diagram.first_line == 6


def test_a_fence_that_only_embeds_a_file_is_checked_as_that_file() -> None:
    page = '```mermaid\n--8<-- "ARCHITECTURE/diagrams/data-flow.mermaid"\n```\n'
    assert mermaid_fences(page, "docs/x.md") == []


def test_error_lines_skip_the_comments_and_directives_mermaid_drops() -> None:
    diagram = Diagram("%% about\n\nflowchart LR\n  a --> b\n  c-->(d", "docs/x.mermaid", 1)
    assert error_line(diagram, 3) == 5
    diagram = Diagram('%% about\n%%{init: {"theme": "base"}}%%\nflowchart LR\n  c-->(d', "docs/x.mermaid", 1)
    assert error_line(diagram, 2) == 4


def test_service_ids_must_be_catalog_names_unless_prefixed() -> None:
    diagram = Diagram("flowchart LR\n  api_gateway --> auth_servce\n  auth_servce --> res_pg", "docs/d.mermaid", 1)
    problems = service_node_problems(
        diagram, ["api_gateway", "auth_servce", "res_pg", "grp_x"], ["api-gateway", "auth-service"]
    )
    assert [str(p) for p in problems] == [
        coded(
            "DIA002",
            "docs/d.mermaid:2: node 'auth_servce' is not a catalog service (did you mean "
            "'auth_service'?); a service node's id is its catalog name with '_' for '-', any other "
            "node's id starts with res_, ext_ or grp_",
        )
    ]


def test_the_generated_page_shows_drawing_source_and_embed_syntax() -> None:
    page = render_diagram_page(
        "ARCHITECTURE/diagrams/x.mermaid", "%% About x.\nflowchart LR\n  a", "https://example.test/edit/x.mermaid"
    )
    assert page.startswith(
        "---\nhide:\n  - navigation\n  - toc\n---\n\n# X\n\nAbout x.\n\n```mermaid\n%% About x.\nflowchart LR\n  a\n```"
    )
    assert '??? abstract "Source: x.mermaid"' in page
    assert "[Edit the source](https://example.test/edit/x.mermaid)" in page
    assert ';--8<-- "ARCHITECTURE/diagrams/x.mermaid"' in page


def needs_browser() -> None:
    if not CHROMIUM.exists():
        skip_or_fail(f"the diagram check needs Debian chromium at {CHROMIUM}")


FLOW = "ARCHITECTURE/diagrams/flow.mermaid"


@pytest.fixture
def diagram_site(mini_site: MiniSite) -> MiniSite:
    """A home page, one diagram file, and a page that embeds it."""
    mini_site.write(
        {
            FLOW: "%% A flow.\nflowchart LR\n  ext_user --> res_db\n",
            "embed.md": '# Embed\n\n```mermaid\n--8<-- "ARCHITECTURE/diagrams/flow.mermaid"\n```\n',
        }
    )
    return mini_site


def test_a_broken_diagram_file_fails_the_build_with_file_and_line(diagram_site, caplog):
    needs_browser()
    diagram_site.write({FLOW: "%% A flow.\nflowchart LR\n  ext_user --> res_db\n  res_db -->(oops\n"})
    messages = diagram_site.build_fails(caplog)
    assert any(
        re.search(
            r"DIA001 docs/ARCHITECTURE/diagrams/flow\.mermaid:4: Mermaid cannot parse this "
            r"diagram: Expecting",
            m,
        )
        for m in messages
    ), messages


def test_a_broken_fence_fails_the_build_with_the_line_in_the_page(diagram_site, caplog):
    needs_browser()
    diagram_site.write(
        {"page.md": "# Page\n\nText.\n\n```mermaid\nsequenceDiagram\n  ext_a->>ext_b: hi\n  ext_b-->>>ext_a\n```\n"}
    )
    messages = diagram_site.build_fails(caplog)
    assert any(m.startswith("pyairtable_docs: DIA001 docs/page.md:8: Mermaid cannot parse") for m in messages), messages


def test_an_unknown_service_node_fails_the_build(diagram_site, caplog):
    needs_browser()
    diagram_site.write({FLOW: "%% A flow.\nflowchart LR\n  ext_user --> api_gatway\n"})
    messages = diagram_site.build_fails(caplog)
    assert any(
        m.startswith("pyairtable_docs: DIA002 docs/ARCHITECTURE/diagrams/flow.mermaid:3: node 'api_gatway' is not a ")
        for m in messages
    ), messages


def test_a_fence_embedding_another_kind_of_file_is_checked_on_its_page(diagram_site, caplog):
    needs_browser()
    diagram_site.write(
        {
            "parts/flow.mmd": "flowchart LR\n  ext_a -->(oops\n",
            "page.md": '# Page\n\n```mermaid\n--8<-- "parts/flow.mmd"\n```\n',
        }
    )
    messages = diagram_site.build_fails(caplog)
    [message] = [m for m in messages if "Mermaid cannot parse" in m]
    assert message.startswith("pyairtable_docs: DIA001 docs/page.md: Mermaid cannot parse this diagram: "), messages


def test_a_label_that_loads_an_image_fails_the_build(diagram_site, caplog):
    needs_browser()
    diagram_site.write({"page.md": "# Page\n\n```mermaid\nflowchart LR\n  ext_a[\"<img src='logo.png'/> A\"]\n```\n"})
    messages = diagram_site.build_fails(caplog)
    assert messages == ["pyairtable_docs: " + coded("DIA003", f"docs/page.md:5: {wiring.IMAGE_PROBLEM}")], messages


def test_a_mermaid_fence_shown_inside_another_code_block_is_not_a_diagram() -> None:
    page = "````markdown\n```mermaid\nflowchart LR\n  a --> b\n```\n````\n\n```mermaid\npie\n```\n"
    assert [d.source for d in mermaid_fences(page, "docs/x.md")] == ["pie"]


# ------------------------------------------------------------------ drawn into the page at build time

WIRING_LOG = "mkdocs.plugins.pyairtable_docs.diagrams.wiring"
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
DRAWING = re.compile(r'<figure class="hub-diagram\b.*?</figure>', re.S)


def drawings_in(page_html: str) -> list[str]:
    """Each drawn diagram of the page: its figure, inline SVG and link to the full-size file."""
    return DRAWING.findall(page_html)


def ids_in(drawing: str) -> list[str]:
    return re.findall(r'(?<![\w-])id="([^"]+)"', drawing)


def references_in(drawing: str) -> set[str]:
    """The ids a drawing points at: url(#...), links within the page, aria-labelledby and the like."""
    found = set(re.findall(r"url\(#([^)\s]+)\)", drawing))
    found |= set(re.findall(r'(?<![\w-])(?:xlink:)?href="#([^"]+)"', drawing))
    for value in re.findall(r'aria-(?:labelledby|describedby)="([^"]*)"', drawing):
        found |= set(value.split())
    return found


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture
def fresh_drawings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A build that has drawn nothing before: no drawing in this process, an empty disk cache
    (its folder, returned) instead of the one beside mkdocs.yml."""
    folder = tmp_path / "diagram-cache"
    monkeypatch.setattr(renderer, "_drawn", {})
    monkeypatch.setattr(wiring, "disk_cache", lambda config: DiskCache(folder, mermaid_bundle(config)))
    return folder


def test_the_embed_and_the_diagram_page_show_an_inline_svg_and_its_full_size_file(diagram_site):
    needs_browser()
    site = diagram_site.build()
    for page in ("embed.md", "ARCHITECTURE/diagrams/flow.md"):
        shown = article(site, page)
        (drawing,) = drawings_in(shown)
        assert re.search(r'<div class="hub-diagram__canvas" tabindex="0"><svg\b', drawing), page
        assert "Diagram not drawn" not in shown
        href = FULL_SIZE.search(drawing)[1]
        full_size = page_path(site, page).parent / urllib.parse.unquote(href)
        assert full_size.suffix == ".svg" and full_size.is_file(), (page, href)
        root = ET.parse(full_size).getroot()
        assert root.tag == f"{SVG_NS}svg"
        _, _, width, height = (float(n) for n in root.get("viewBox").split())
        assert (float(root.get("width")), float(root.get("height"))) == (width, height), page
        assert width > 0 and height > 0
    assert "A flow." in article(site, "ARCHITECTURE/diagrams/flow.md")
    assert not [p for p in html_files(site) if 'class="mermaid"' in p.read_text(encoding="utf-8")]
    assert not [p for p in html_files(site) if "mermaid.min.js" in p.read_text(encoding="utf-8")]
    assert not list(site.rglob("mermaid*.js"))


def test_two_identical_diagrams_on_one_page_share_no_id(diagram_site):
    needs_browser()
    flow = "```mermaid\nflowchart LR\n  ext_user -->|asks| res_db[(Database)]\n```\n"
    sequence = "```mermaid\nsequenceDiagram\n  ext_user->>res_db: query\n  res_db-->>ext_user: rows\n```\n"
    diagram_site.write({"twice.md": f"# Twice\n\n{flow}\n{sequence}\n## Again\n\n{flow}\n{sequence}"})
    drawings = drawings_in(article(diagram_site.build(), "twice.md"))
    assert len(drawings) == 4
    seen: dict[str, int] = {}
    for number, drawing in enumerate(drawings):
        ids = ids_in(drawing)
        assert ids and len(set(ids)) == len(ids), number
        clashes = {i: seen[i] for i in ids if i in seen}
        assert not clashes, f"drawing {number} reuses ids of earlier drawings: {clashes}"
        seen |= dict.fromkeys(ids, number)
        assert references_in(drawing) <= set(ids)  # markers, filters and styles are each drawing's own
    assert len({FULL_SIZE.search(drawing)[1] for drawing in drawings}) == 4


def test_what_a_drawing_points_at_is_inside_it_also_its_accessible_name(diagram_site):
    needs_browser()
    diagram_site.write(
        {
            "named.md": "# Named\n\n```mermaid\nsequenceDiagram\n  accTitle: Sign in\n  accDescr: The user signs in.\n"
            "  ext_user->>res_db: query\n  res_db-->>ext_user: rows\n```\n"
        }
    )
    (drawing,) = drawings_in(article(diagram_site.build(), "named.md"))
    svg_tag = re.search(r"<svg\b[^>]*>", drawing)[0]
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg_tag)
    assert labelled_by, svg_tag
    (title,) = re.findall(rf'<title\b[^>]*id="{re.escape(labelled_by[1])}"[^>]*>([^<]*)</title>', drawing)
    assert title == "Sign in"
    assert "aria-label=" not in svg_tag
    assert references_in(drawing) <= set(ids_in(drawing))


def test_service_nodes_link_to_their_pages_except_on_their_own(small_hub):
    needs_browser()
    small_hub.write({"links.md": "# Links\n\n```mermaid\nflowchart LR\n  api_gateway --> auth_service\n```\n"})
    site = small_hub.build()
    (drawing,) = drawings_in(article(site, "links.md"))
    assert re.search(r'<svg role="group"', drawing)
    links = re.findall(r'xlink:href="([^"]+)"', drawing)
    assert sorted(links) == [
        "../ARCHITECTURE/service-catalog/api-gateway/",
        "../ARCHITECTURE/service-catalog/auth-service/",
    ]
    for target in links:
        assert (site / "links" / target / "index.html").is_file(), target
    full_size = ET.parse(page_path(site, "links.md").parent / FULL_SIZE.search(drawing)[1]).getroot()
    assert sorted(a.get(XLINK_HREF) for a in full_size.iter(f"{SVG_NS}a")) == sorted(links)

    own = page_url(GATEWAY)
    shown = article(site, GATEWAY)
    assert re.search(r'id="[^"]*-flowchart-api_gateway-\d+"', "".join(drawings_in(shown)))  # still drawn
    for target in re.findall(r'xlink:href="([^"]+)"', shown):
        assert urllib.parse.urljoin("https://h/" + own, target) != "https://h/" + own, target
    assert "hub-service=" not in "".join(p.read_text(encoding="utf-8") for p in html_files(site))
    assert "hub-service=" not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.svg"))


def test_diagram_labels_stay_out_of_the_search_index(diagram_site):
    needs_browser()
    diagram_site.write(
        {
            "indexed.md": "# Indexed\n\nMarmalade explains the flow.\n\n"
            "```mermaid\nflowchart LR\n  ext_a[Zebrafinch] -->|Quetzal| ext_b[Ocelot]\n```\n"
        }
    )
    site = diagram_site.build()
    assert "Zebrafinch" in article(site, "indexed.md")  # drawn into the page
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    page_text = " ".join(d["text"] for d in docs if d["location"].split("#")[0] == page_url("indexed.md"))
    assert "Marmalade explains the flow." in page_text
    indexed = json.dumps(docs)
    assert not [label for label in ("Zebrafinch", "Quetzal", "Ocelot") if label in indexed]


def drawn_counts(caplog: pytest.LogCaptureFixture) -> list[tuple[int, int]]:
    """(shown, drawn) of each build's summary line."""
    return [
        (int(m[1]), int(m[2]))
        for r in caplog.records
        if r.name == WIRING_LOG and r.levelno == logging.INFO
        if (m := re.match(r"pyairtable_docs: Diagrams: (\d+) shown, (\d+) drawn \(", r.getMessage()))
    ]


def test_a_warm_build_draws_nothing(diagram_site, fresh_drawings, caplog, monkeypatch):
    needs_browser()
    caplog.set_level(logging.INFO, logger=WIRING_LOG)
    site = diagram_site.build()
    ((shown, drawn),) = drawn_counts(caplog)
    assert shown > 0 and drawn == shown
    cold = article(site, "embed.md")

    caplog.clear()
    monkeypatch.setattr(renderer, "_drawn", {})  # a new process: only the disk cache remembers
    site = diagram_site.build()
    assert drawn_counts(caplog) == [(shown, 0)]
    assert drawings_in(article(site, "embed.md")) == drawings_in(cold)


def descendants() -> set[int]:
    """The processes this one started, and theirs (Linux /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":  # a zombie is gone, only not yet reaped
            parents[int(stat.parent.name)] = int(fields[1])
    found, todo = set(), [os.getpid()]
    while todo:
        pid = todo.pop()
        children = {child for child, parent in parents.items() if parent == pid} - found
        found |= children
        todo += children
    return found


def test_under_serve_one_browser_draws_across_rebuilds_and_goes_with_the_session(
    diagram_site, fresh_drawings, monkeypatch
):
    needs_browser()
    launched = []
    real = renderer._mermaid_page
    monkeypatch.setattr(renderer, "_mermaid_page", lambda *args: launched.append(1) or real(*args))
    before = descendants()
    serve_session.start("serve", False)
    try:
        site = diagram_site.build()
        cold = drawings_in(article(site, "embed.md"))
        browser = serve_session.running().browser
        assert cold and browser.thread is not None  # kept up for the next rebuild
        monkeypatch.setattr(renderer, "_drawn", {})  # the next rebuild must draw again
        shutil.rmtree(fresh_drawings)
        assert drawings_in(article(diagram_site.build(), "embed.md")) == cold
        assert len(launched) == 1 and serve_session.running().browser is browser
        assert descendants() - before  # the browser is still up
    finally:
        serve_session.stop()
    assert browser.thread is None and not descendants() - before


def test_a_hung_lasting_browser_is_left_behind_and_the_next_batch_starts_another(monkeypatch):
    needs_browser()
    monkeypatch.setattr(renderer, "DRAWING_TIMEOUT", 2)
    launched, hang = [], threading.Event()
    real_page, real_draw = renderer._mermaid_page, renderer._draw
    monkeypatch.setattr(renderer, "_mermaid_page", lambda *args: launched.append(1) or real_page(*args))
    monkeypatch.setattr(renderer, "_draw", lambda page, batch: hang.wait(30) and real_draw(page, batch))
    before = descendants()
    browser = renderer.LastingBrowser(REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js")
    request = renderer.Request("flowchart LR\n  a --> b")
    try:
        with pytest.raises(renderer.BrowserUnavailable, match="drew nothing"):
            browser.draw([request])
        hung = threading.enumerate()
        hang.set()  # from now on a browser draws: the new one, and the hung one if it wakes
        monkeypatch.setattr(renderer, "DRAWING_TIMEOUT", 180)  # time for a browser to start
        [drawing] = browser.draw([request])
        assert drawing.svg.startswith("<svg") and len(launched) == 2
    finally:
        browser.close()
        for thread in hung:
            if thread.name == "mermaid-browser":
                thread.join(30)
    assert browser.thread is None and not descendants() - before


def no_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Chromium missing; the reason the build gives."""
    missing = tmp_path / "no-chromium"
    monkeypatch.setattr(renderer, "CHROMIUM", missing)
    return f"no Chromium at {missing} (apt-get install chromium)"


def test_without_a_browser_a_local_build_shows_the_source_and_the_reason(
    diagram_site, fresh_drawings, caplog, monkeypatch, tmp_path
):
    reason = no_browser(monkeypatch, tmp_path)
    monkeypatch.delenv("PYAIRTABLE_DOCS_CI", raising=False)
    caplog.set_level(logging.INFO, logger=WIRING_LOG)
    site = diagram_site.build()
    shown = article(site, "embed.md")
    assert not drawings_in(shown)
    assert (
        '<div class="admonition warning hub-diagram-missing" data-search-exclude>'
        f'<p class="admonition-title">Diagram not drawn: {html.escape(reason)}</p>'
        "<pre><code>%% A flow.\nflowchart LR\n  ext_user --&gt; res_db</code></pre></div>"
    ) in shown
    (said,) = [r.getMessage() for r in caplog.records if r.name == WIRING_LOG and reason in r.getMessage()]
    assert re.fullmatch(
        rf"pyairtable_docs: DIA005 docs/\S+: this diagram( and \d+ others)? could not be drawn or checked: "
        rf"{re.escape(reason)}; "
        rf"pages show their source instead \(how to fix: {re.escape(help_url('DIA005'))}\)",
        said,
    ), said


def test_without_a_browser_a_ci_build_fails_naming_the_reason(
    diagram_site, fresh_drawings, caplog, monkeypatch, tmp_path
):
    reason = no_browser(monkeypatch, tmp_path)
    monkeypatch.setenv("PYAIRTABLE_DOCS_CI", "1")
    (warning,) = diagram_site.build_fails(caplog)
    assert re.fullmatch(
        rf"pyairtable_docs: DIA005 docs/\S+: this diagram( and \d+ others)? could not be drawn or checked: "
        rf"{re.escape(reason)} "
        rf"\(CI must draw them\) \(how to fix: {re.escape(help_url('DIA005'))}\)",
        warning,
    ), warning


def test_a_mermaid_fence_with_another_format_stops_the_build() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    (fence,) = [f for f in config.mdx_configs["pymdownx.superfences"]["custom_fences"] if f["name"] == "mermaid"]
    assert wiring.on_config(config) is config
    fence["format"] = fence_div_format  # Material's client-side Mermaid
    with pytest.raises(PluginError) as raised:
        wiring.on_config(config)
    assert str(raised.value) == (
        f"{REPO / 'mkdocs.yml'}: markdown_extensions: pymdownx.superfences: custom_fences: the 'mermaid' "
        "fence must use format !!python/name:pyairtable_docs.diagrams.fence.diagram_slot "
        "(diagrams are drawn at build time)"
    )


NPM_PROJECT_SITE = f"""site_name: T
hooks:
  - {REPO / "hooks/mermaid_diagrams.py"}
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pyairtable_docs.diagrams.fence.diagram_slot
"""


def test_an_npm_project_without_mermaid_says_why_diagrams_are_not_drawn(tmp_path, caplog, monkeypatch) -> None:
    # A project of its own: package.json beside mkdocs.yml, `npm ci` not run.
    shutil.copy(REPO / "package.json", tmp_path)
    (tmp_path / "mkdocs.yml").write_text(NPM_PROJECT_SITE)
    write_files(tmp_path / "docs", {"README.md": "# Home\n\n```mermaid\nflowchart LR\n  a --> b\n```\n"})
    monkeypatch.setattr(renderer, "_drawn", {})
    # Chromium is looked for before Mermaid: any existing file passes that look, and nothing is
    # launched once Mermaid is found missing; so this holds on a machine without Chromium too.
    monkeypatch.setattr(renderer, "CHROMIUM", Path(shutil.which("python3") or "/bin/sh"))
    monkeypatch.delenv("PYAIRTABLE_DOCS_CI", raising=False)
    caplog.set_level(logging.INFO, logger=WIRING_LOG)
    build(load_config(str(tmp_path / "mkdocs.yml"), strict=True))
    reason = f"Mermaid is not installed at {tmp_path / 'node_modules/mermaid/dist/mermaid.min.js'} (npm ci)"
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert f"Diagram not drawn: {html.escape(reason)}</p>" in home
    assert any(reason in r.getMessage() for r in caplog.records if r.name == WIRING_LOG)
