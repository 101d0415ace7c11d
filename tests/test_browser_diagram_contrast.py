"""In real Chromium, every label of every diagram stands out from what is drawn behind it, in both schemes.

axe does not judge text inside SVG, so this test does: for each text of each drawing it takes
the colour of the text and of the shapes under its centre (elementsFromPoint), composes them
over the page's background, and computes WCAG's contrast ratio. It found sequence notes left
yellow behind light text in the dark scheme.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

MIN_RATIO = 4.5  # WCAG AA for normal text

LOW_CONTRAST = """(minimum) => {
  const parse = (css) => {
    const match = css.match(/rgba?\\(([^)]+)\\)/);
    if (!match) return null;
    const [r, g, b, a] = match[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r, g, b, a: a === undefined ? 1 : a};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = (c) => {
    const channel = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const SHAPES = new Set(["rect", "path", "polygon", "circle", "ellipse"]);
  const pageColour = parse(getComputedStyle(document.body).backgroundColor);
  const found = [];
  for (const figure of document.querySelectorAll("figure.hub-diagram")) {
    const svg = figure.querySelector("svg");
    svg.style.minWidth = "0";  // the whole drawing in the column, so every label can be hit
    svg.scrollIntoView({block: "start"});
    const panel = parse(getComputedStyle(figure.querySelector(".hub-diagram__canvas")).backgroundColor);
    const ground = panel && panel.a > 0 ? over(panel, pageColour) : pageColour;
    const leaves = [...svg.querySelectorAll("text, tspan, foreignObject *")].filter(
      (e) => e.textContent.trim() && ![...e.children].some((c) => c.textContent.trim()));
    for (const text of leaves) {
      const html = !!text.closest("foreignObject");
      const colour = parse(html ? getComputedStyle(text).color : getComputedStyle(text).fill);
      const box = text.getBoundingClientRect();
      if (!colour || !box.width) continue;
      let behind = ground;
      if (text.classList.contains("sequenceNumber")) {  // drawn on a marker, which is not hit-tested
        behind = over(parse(getComputedStyle(svg.querySelector('[id$="-sequencenumber"] circle')).fill), ground);
      } else {
        const layers = [];
        for (const element of document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2)) {
          if (element === svg || !svg.contains(element)) break;
          const style = getComputedStyle(element);
          let paint = null;
          if (element.closest("foreignObject")) paint = parse(style.backgroundColor);
          else if (SHAPES.has(element.tagName) && style.fill !== "none") {
            paint = parse(style.fill);
            if (paint) paint.a *= parseFloat(style.fillOpacity) * parseFloat(style.opacity);
          }
          if (paint && paint.a > 0) layers.push(paint);
        }
        for (const layer of layers.reverse()) behind = over(layer, behind);
      }
      const contrast = ratio(over(colour, behind), behind);
      if (contrast < minimum) found.push(`"${text.textContent.trim().slice(0, 40)}" ${contrast.toFixed(2)}:1`);
    }
  }
  return found;
}"""


def pages_with_diagrams(site: Path) -> list[str]:
    found = []
    for html in sorted(site.rglob("index.html")):
        if 'class="hub-diagram' in html.read_text(encoding="utf-8"):
            path = html.parent.relative_to(site).as_posix()
            found.append("" if path == "." else path + "/")
    return found


def test_every_diagram_label_is_readable_in_both_schemes(page, site: Path) -> None:
    pages = pages_with_diagrams(site)
    assert pages, "the site shows no diagram"
    page.set_viewport_size({"width": 1280, "height": 6000})  # tall drawings fit: every label can be hit
    page.emulate_media(color_scheme="light")
    unreadable = []
    for path in pages:
        page.goto(page.base_url + path)
        for scheme in ("default", "slate"):  # the palette toggle switches the page in place
            if page.locator("body").get_attribute("data-md-color-scheme") != scheme:
                page.locator("form[data-md-component=palette] label:visible").first.click()
            assert page.locator("body").get_attribute("data-md-color-scheme") == scheme
            unreadable += [f"{path} ({scheme}): {item}" for item in page.evaluate(LOW_CONTRAST, MIN_RATIO)]
    assert unreadable == [], "\n".join(unreadable)


def test_the_check_sees_a_label_that_matches_its_box(page, site: Path) -> None:
    path = pages_with_diagrams(site)[0]
    page.goto(page.base_url + path)
    # Paint every shape in the colour of the text: nothing can be read any more.
    page.add_style_tag(
        content="figure.hub-diagram svg * { fill: rgb(90, 90, 90) !important; color: rgb(90, 90, 90) !important;"
        " background-color: transparent !important }"
    )
    assert page.evaluate(LOW_CONTRAST, MIN_RATIO) != []
