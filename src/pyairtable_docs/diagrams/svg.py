"""Drawn diagrams into HTML: the slot a fence leaves, the figure that replaces it, the
standalone file, the placeholder shown when nothing could draw it.

Pure functions on text. A fence is first written as a *slot* (the superfences format in
``fence.py``) that holds its source; the wiring swaps each slot for the drawing once the
page is written, with the ids, links and accessible name of that page.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

SLOT_CLASS = "hub-diagram-slot"
# Material's search leaves out any element marked so: diagram labels are not page text.
SLOT = re.compile(
    rf'<div class="{SLOT_CLASS}" data-search-exclude>\s*<pre><code>(?P<source>.*?)</code></pre>\s*</div>', re.S
)
SERVICE_LINK = re.compile(
    r'<a (?P<before>[^>]*?)xlink:href="#hub-service=(?P<id>[^"]+)"(?P<after>[^>]*)>(?P<inside>.*?)</a>', re.S
)
HEADING = re.compile(r"<h(?P<level>[1-6])\b[^>]*>(?P<text>.*?)</h(?P=level)>", re.S)
SVG_START = re.compile(r"<svg\b")
# The smallest a label may be drawn, in CSS px: the diagram scales down to fit the column
# only as far as its smallest text stays this high, then the reader scrolls it.
MIN_LABEL_PX = 8.5


# Published with the site and loaded by every page (diagrams/wiring.py).
LINKS_SCRIPT_PATH = "assets/javascripts/hub-diagrams.js"
LINKS_SCRIPT = """\
// A link inside a diagram (an SVG <a>, drawn at build time) is followed by the browser itself.
// Material's instant navigation reads a clicked link's href as a string, which an SVG link's
// href is not: left to it, the click throws and stops instant navigation until the next load.
document.addEventListener("click", function (event) {
  if (event.target instanceof Element && event.target.closest("svg a")) {
    event.stopPropagation();
  }
}, true);
"""


def slot(source: str) -> str:
    """What a ```mermaid fence becomes in the page's HTML until the drawing replaces it."""
    return f'<div class="{SLOT_CLASS}" data-search-exclude><pre><code>{html.escape(source)}</code></pre></div>'


@dataclass(frozen=True)
class Slot:
    start: int
    end: int
    source: str


def slots_in(page_html: str) -> list[Slot]:
    return [Slot(m.start(), m.end(), html.unescape(m["source"])) for m in SLOT.finditer(page_html)]


def canonical(source: str) -> str:
    """The text that is drawn: line breaks as Markdown makes them, blank lines around removed
    (Mermaid ignores them), so a fence and the file it embeds draw once."""
    return source.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def heading_before(page_html: str, position: int, start: int = 0) -> str:
    """The text of the last heading between ``start`` and ``position``, without its permalink."""
    text = ""
    for match in HEADING.finditer(page_html, max(start, 0), position):
        text = match["text"]
    text = re.sub(r'<a class="headerlink".*?</a>', "", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def accessible_name(heading: str, page_title: str) -> str:
    if not heading:
        return f"Diagram: {page_title}"
    if heading == page_title:
        return f"Diagram: {heading}"
    return f"Diagram: {heading} ({page_title})"


def min_width(width: float, smallest_font: float) -> float:
    """The narrowest the drawing may be shown before its smallest label drops below MIN_LABEL_PX
    (never wider than the drawing itself, which the max-width keeps it to)."""
    scale = min(1.0, MIN_LABEL_PX / max(smallest_font, 1.0))
    return min(float(math.ceil(width * scale)), width)


def with_links(svg: str, url_of: Callable[[str], str | None]) -> str:
    """Point each placeholder service link at ``url_of(node id)``; a node whose URL is None
    (the page's own service) keeps its drawing and loses the link."""

    def link(match: re.Match) -> str:
        url = url_of(match["id"])
        if url is None:
            return match["inside"]
        return f'<a {match["before"]}xlink:href="{html.escape(url)}"{match["after"]}>{match["inside"]}</a>'

    return SERVICE_LINK.sub(link, svg)


def _root_attributes(svg: str, attributes: Mapping[str, str]) -> str:
    rendered = "".join(f' {name}="{html.escape(value)}"' for name, value in attributes.items())
    return SVG_START.sub("<svg" + rendered, svg, count=1)


def inline_svg(svg: str, *, width: float, height: float, smallest_font: float, name: str) -> str:
    """The drawing as it stands in a page: its role and name, and a size that fits the column
    but never shrinks a label below MIN_LABEL_PX."""
    attributes = {
        "role": "group" if "<a " in svg else "img",  # axe: no focusable content inside role=img
        "width": f"{width:g}",
        "height": f"{height:g}",
        "style": f"width: 100%; height: auto; max-width: {width:g}px; min-width: {min_width(width, smallest_font):g}px",
    }
    if "aria-labelledby=" not in svg[: svg.find(">")]:  # an accTitle already names it
        attributes["aria-label"] = name
    return _root_attributes(svg, attributes)


def standalone_svg(svg: str, *, width: float, height: float, name: str) -> str:
    """The drawing as a file of its own, at natural size on a white ground (the light scheme)."""
    attributes = {"width": f"{width:g}", "height": f"{height:g}", "style": "background-color: #fff"}
    if "aria-labelledby=" not in svg[: svg.find(">")]:
        attributes["aria-label"] = name
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _root_attributes(svg, attributes) + "\n"


def figure(inline: str, *, kind_themed: bool, full_size_href: str) -> str:
    """The drawing in its frame, with the link to the full-size file."""
    classes = "hub-diagram" if kind_themed else "hub-diagram hub-diagram--light"
    return (
        f'<figure class="{classes}" data-search-exclude>'
        f'<div class="hub-diagram__canvas" tabindex="0">{inline}</div>'
        f'<figcaption class="hub-diagram__actions"><a href="{html.escape(full_size_href)}">'
        "Open full size</a></figcaption></figure>"
    )


def placeholder(source: str, reason: str) -> str:
    """Shown instead of a drawing that could not be made: the source, and why."""
    return (
        '<div class="admonition warning hub-diagram-missing" data-search-exclude>'
        f'<p class="admonition-title">Diagram not drawn: {html.escape(reason)}</p>'
        f"<pre><code>{html.escape(source)}</code></pre></div>"
    )


def standalone_names(sources: Sequence[str], file_names: Mapping[str, str], prefix: str = "") -> list[str]:
    """The name of each drawing's full-size file: a ``.mermaid`` file's own name, else its
    place on the page; ``prefix`` (the page's name) when pages share a folder."""
    names: list[str] = []
    drawn_as: dict[str, str] = {}  # name -> the source it holds: one name never holds two drawings
    for number, source in enumerate(sources, start=1):
        file_name = file_names.get(canonical(source))
        stem = file_name.removesuffix(".mermaid") if file_name else f"diagram-{number}"
        name = base = f"{prefix}-{stem}" if prefix else stem
        suffix = 1
        while drawn_as.setdefault(name, canonical(source)) != canonical(source):
            suffix += 1
            name = f"{base}-{suffix}"
        names.append(name + ".svg")
    return names


def unique_ids(render_ids: list[str]) -> Iterator[str]:
    """A page id for each drawing on a page: the render id, suffixed when a page shows the
    same drawing twice."""
    seen: dict[str, int] = {}
    for render_id in render_ids:
        seen[render_id] = seen.get(render_id, 0) + 1
        yield render_id if seen[render_id] == 1 else f"{render_id}-{seen[render_id]}"
