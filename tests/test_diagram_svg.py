"""Drawn diagrams into HTML (diagrams/svg.py), the fence format and the service names a
diagram links: pure functions, no build and no browser."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import markdown
from hypothesis import given
from hypothesis import strategies as st

from pyairtable_docs.diagrams import svg
from pyairtable_docs.diagrams.fence import diagram_slot
from pyairtable_docs.diagrams.sources import linkable_services

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
RENDER_ID = "d0123456789ab"
# What the renderer hands over, in small: XMLSerializer's text, every id starting with the render
# id, a service node wrapped in a placeholder link (XMLSerializer declares the xlink namespace
# on the link itself, as no ancestor declares it), another node left alone.
DRAWN = (
    f'<svg id="{RENDER_ID}" xmlns="http://www.w3.org/2000/svg" class="flowchart" viewBox="0 0 240 80" '
    f'aria-roledescription="flowchart-v2"><style>#{RENDER_ID} .node rect{{fill:#ECECFF;}}</style>'
    '<g class="root"><g class="nodes">'
    '<a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="#hub-service=api_gateway">'
    f'<g class="node" id="{RENDER_ID}-flowchart-api_gateway-0"><rect width="90" height="40"/>'
    "<text>Gateway &amp; edge</text></g></a>"
    f'<g class="node" id="{RENDER_ID}-flowchart-res_db-1"><rect width="90" height="40"/><text>db</text></g>'
    "</g></g></svg>"
)


def root_attributes(drawn: str) -> dict[str, str]:
    """The attributes of the outermost <svg> element, parsed as XML."""
    return dict(ET.fromstring(drawn).attrib)


# ------------------------------------------------------------------ slots


def test_a_slot_gives_back_its_source_with_html_special_characters() -> None:
    source = 'flowchart LR\n  a["<b>A & B</b>"] -->|"x < y"| b\n  %% it\'s </code></pre></div>'
    page = "<p>before</p>" + svg.slot(source) + "<p>between</p>" + svg.slot("pie\n  title P") + "<p>after</p>"
    slots = svg.slots_in(page)
    assert [s.source for s in slots] == [source, "pie\n  title P"]
    assert [page[s.start : s.end] for s in slots] == [svg.slot(source), svg.slot("pie\n  title P")]
    assert "<b>" not in svg.slot(source)  # the source is text, never markup


def test_the_fence_format_writes_the_canonical_source_into_a_slot() -> None:
    written = diagram_slot("\r\n\nflowchart LR\r\n  a --> b\r\n\r\n", "mermaid", "mermaid", {}, None)
    assert written == svg.slot("flowchart LR\n  a --> b")
    assert [s.source for s in svg.slots_in(written)] == ["flowchart LR\n  a --> b"]


def test_markdown_leaves_a_fence_s_slot_whole_also_inside_an_admonition() -> None:
    source = 'flowchart LR\n  a["A & <i>B</i>"] --> b'
    indented = "\n".join("    " + line for line in ["```mermaid", *source.split("\n"), "```"])
    text = f"# T\n\n```mermaid\n{source}\n```\n\n!!! note\n\n{indented}\n"
    fences = {"custom_fences": [{"name": "mermaid", "class": "mermaid", "format": diagram_slot}]}
    page = markdown.markdown(
        text,
        extensions=["admonition", "pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": fences},
    )
    assert [s.source for s in svg.slots_in(page)] == [source, source]


def test_canonical_text_has_markdown_line_breaks_and_no_blank_lines_around() -> None:
    assert svg.canonical("\n\r\nflowchart LR\r  a --> b\r\n\n") == "flowchart LR\n  a --> b"
    assert svg.canonical("  pie\n") == "  pie"  # indentation is the author's: kept
    assert svg.canonical(svg.canonical("\nx\r\n")) == svg.canonical("\nx\r\n")


# ------------------------------------------------------------------ names


def test_the_heading_before_a_diagram_is_its_text_without_the_permalink() -> None:
    page = (
        '<header><h1 class="site">Site</h1></header><article>'
        '<h1 id="t">Title<a class="headerlink" href="#t" title="Permanent link">&para;</a></h1>'
        '<h2 id="f">Flow &lt;&amp;&gt; <code>x</code><a class="headerlink" href="#f" title="Permanent link">'
        "&para;</a></h2><p>text</p>SLOT<h2>After</h2>"
    )
    article = page.find("<article")
    assert svg.heading_before(page, page.find("SLOT"), article) == "Flow <&> x"
    assert svg.heading_before(page, page.find('<h2 id="f"'), article) == "Title"
    assert svg.heading_before(page, article, article) == ""  # the site's header is not the article's


def test_the_accessible_name_names_the_heading_and_the_page() -> None:
    assert svg.accessible_name("Data flow", "Architecture") == "Diagram: Data flow (Architecture)"
    assert svg.accessible_name("Architecture", "Architecture") == "Diagram: Architecture"
    assert svg.accessible_name("", "Architecture") == "Diagram: Architecture"


# ------------------------------------------------------------------ sizes


@given(
    width=st.floats(min_value=1, max_value=20_000, allow_nan=False),
    smallest_font=st.floats(min_value=0, max_value=80, allow_nan=False),
)
def test_the_narrowest_size_keeps_labels_readable_and_never_enlarges(width: float, smallest_font: float) -> None:
    narrowest = svg.min_width(width, smallest_font)
    scale = narrowest / width
    assert narrowest <= width  # never wider than the drawing: min-width would beat max-width
    if smallest_font >= svg.MIN_LABEL_PX:
        assert smallest_font * scale >= svg.MIN_LABEL_PX - 1e-9
    else:  # labels already small: never shrunk further
        assert narrowest == width


def test_the_narrowest_size_of_a_wide_diagram_with_large_labels() -> None:
    assert svg.min_width(1000, 17) == 500  # 17 px labels may halve
    assert svg.min_width(1000, svg.MIN_LABEL_PX) == 1000
    assert svg.min_width(1000, 4) == 1000


# ------------------------------------------------------------------ links and roles


def test_service_links_point_at_their_pages_and_the_own_service_keeps_only_its_drawing() -> None:
    drawn = (
        '<svg><a xlink:href="#hub-service=api_gateway"><g class="node"><text>gw</text></g></a>'
        '<a xlink:href="#hub-service=auth_service"><g class="node"><text>auth</text></g></a></svg>'
    )
    urls = {"api_gateway": "../api-gateway/?a=1&b=2", "auth_service": None}
    linked = svg.with_links(drawn, urls.get)
    assert linked == (
        '<svg><a xlink:href="../api-gateway/?a=1&amp;b=2"><g class="node"><text>gw</text></g></a>'
        '<g class="node"><text>auth</text></g></svg>'
    )


def test_service_links_are_found_as_the_renderer_serializes_them() -> None:
    linked = svg.with_links(DRAWN, {"api_gateway": "../api-gateway/"}.get)
    assert "#hub-service=" not in linked
    (link,) = ET.fromstring(linked).iter(f"{SVG_NS}a")
    assert link.get(XLINK_HREF) == "../api-gateway/"
    assert link.find(f"{SVG_NS}g").get("id") == f"{RENDER_ID}-flowchart-api_gateway-0"
    unlinked = svg.with_links(DRAWN, lambda node: None)
    assert "<a " not in unlinked and f'id="{RENDER_ID}-flowchart-api_gateway-0"' in unlinked


def test_a_drawing_with_links_is_a_group_and_one_without_an_image() -> None:
    plain = f'<svg id="{RENDER_ID}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 80"><g/></svg>'
    shown = svg.inline_svg(plain, width=240, height=80, smallest_font=16, name='Diagram: A & "B"')
    attributes = root_attributes(shown)
    assert attributes["role"] == "img"
    assert attributes["aria-label"] == 'Diagram: A & "B"'
    assert (attributes["width"], attributes["height"]) == ("240", "80")
    style = dict(part.strip().split(": ") for part in attributes["style"].split(";"))
    assert style["max-width"] == "240px"
    assert style["min-width"] == "128px"  # 240 px at 8.5 / 16

    linked = svg.with_links(DRAWN, {"api_gateway": "../api-gateway/"}.get)
    assert root_attributes(svg.inline_svg(linked, width=240, height=80, smallest_font=16, name="x"))["role"] == "group"


def test_a_drawing_named_by_its_acc_title_gets_no_second_name() -> None:
    titled = (
        f'<svg id="{RENDER_ID}" xmlns="http://www.w3.org/2000/svg" aria-labelledby="{RENDER_ID}-chart-title">'
        f'<title id="{RENDER_ID}-chart-title">Login</title><g/></svg>'
    )
    for made in (
        svg.inline_svg(titled, width=10, height=10, smallest_font=16, name="Diagram: heading"),
        svg.standalone_svg(titled, width=10, height=10, name="Diagram: heading"),
    ):
        attributes = root_attributes(made.removeprefix('<?xml version="1.0" encoding="UTF-8"?>\n'))
        assert "aria-label" not in attributes
        assert attributes["aria-labelledby"] == f"{RENDER_ID}-chart-title"


def test_the_standalone_file_is_well_formed_xml_at_natural_size() -> None:
    linked = svg.with_links(DRAWN, {"api_gateway": "../api-gateway/?x=1&y=2"}.get)
    name = 'Diagram: Flow <&> "quoted" (Page)'
    document = svg.standalone_svg(linked, width=240.5, height=80, name=name)
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(document.encode("utf-8"))
    assert root.tag == f"{SVG_NS}svg"
    assert (root.get("width"), root.get("height")) == ("240.5", "80")
    assert root.get("aria-label") == name
    assert "#fff" in root.get("style")
    assert [a.get(XLINK_HREF) for a in root.iter(f"{SVG_NS}a")] == ["../api-gateway/?x=1&y=2"]


def test_the_figure_links_the_full_size_file_and_stays_out_of_search() -> None:
    shown = svg.figure("<svg/>", kind_themed=True, full_size_href="flow%20chart.svg")
    assert shown.startswith('<figure class="hub-diagram" data-search-exclude>')
    assert '<a href="flow%20chart.svg">Open full size</a>' in shown
    assert 'class="hub-diagram hub-diagram--light"' in svg.figure("<svg/>", kind_themed=False, full_size_href="x.svg")


def test_the_placeholder_shows_the_source_and_the_reason_as_text() -> None:
    shown = svg.placeholder("flowchart LR\n  a[<b>] --> b", "no Chromium at /x & y")
    assert "Diagram not drawn: no Chromium at /x &amp; y</p>" in shown
    assert "<pre><code>flowchart LR\n  a[&lt;b&gt;] --&gt; b</code></pre>" in shown
    assert "data-search-exclude" in shown and not svg.slots_in(shown)


# ------------------------------------------------------------------ ids and file names


def test_a_drawing_shown_twice_on_a_page_gets_a_second_id() -> None:
    assert list(svg.unique_ids(["da", "db", "da", "da"])) == ["da", "db", "da-2", "da-3"]
    assert list(svg.unique_ids([])) == []


def test_full_size_files_are_named_after_their_diagram_file_else_their_place() -> None:
    flow = "%% A flow.\nflowchart LR\n  a --> b"
    sources = ["pie\n  title P", "\n" + flow + "\r\n", "sequenceDiagram\n  a->>b: hi"]
    files = {svg.canonical(flow): "flow.mermaid"}
    assert svg.standalone_names(sources, files) == ["diagram-1.svg", "flow.svg", "diagram-3.svg"]
    assert svg.standalone_names(sources, files, prefix="page") == [
        "page-diagram-1.svg",
        "page-flow.svg",
        "page-diagram-3.svg",
    ]


# ------------------------------------------------------------------ which nodes link


def test_the_linkable_services_are_node_ids_that_name_a_catalog_service() -> None:
    source = (
        "flowchart LR\n  api_gateway --> auth-service\n  api_gateway_v2 --> res_billing\n  %% user-service is retired"
    )
    names = ["api-gateway", "auth-service", "billing", "user-service", "llm-orchestrator"]
    # Words only: a service named in a comment is harmless, as the renderer links drawn nodes only.
    assert linkable_services(source, names) == ("api_gateway", "auth-service", "user-service")
    assert linkable_services("flowchart LR\n  x --> y", names) == ()


def test_node_ids_written_against_an_arrow_are_linkable_too() -> None:
    # Mermaid needs no spaces around an arrow: `a-->b`, and a sequence diagram's `a->>b: hi`.
    names = ["api-gateway", "auth-service"]
    assert linkable_services("flowchart LR\n  api_gateway-->auth_service", names) == ("api_gateway", "auth_service")
    assert linkable_services("sequenceDiagram\n  api_gateway->>auth_service: hi", names) == (
        "api_gateway",
        "auth_service",
    )


def test_two_drawings_never_share_a_full_size_file_name() -> None:
    # two .mermaid files of one name in different folders, embedded on one page
    names = svg.standalone_names(
        ["flowchart LR\n  a", "flowchart LR\n  b", "flowchart LR\n  a"],
        {
            "flowchart LR\n  a": "x.mermaid",
            "flowchart LR\n  b": "x.mermaid",
        },
    )
    assert names == ["x.svg", "x-2.svg", "x.svg"]
