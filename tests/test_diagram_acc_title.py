"""A diagram named by Mermaid's accTitle and accDescr keeps that name in the page.

Mermaid points the root <svg>'s aria-labelledby and aria-describedby at its <title> and <desc>.
The drawing gives every id inside the SVG the diagram's prefix; the references on the root must
follow, or the accessible name and description point at nothing.
"""

from __future__ import annotations

import re

import pytest

from conftest import CHROMIUM, MiniSite, page_path, skip_or_fail

pytestmark = pytest.mark.browser

ROOT_SVG = re.compile(r"<svg\b[^>]*>")
IDREFS = re.compile(r'\baria-(?:labelledby|describedby)="(?P<ids>[^"]*)"')


def test_the_root_references_of_an_acc_title_and_description_resolve_in_the_page(mini_site: MiniSite) -> None:
    if not CHROMIUM.exists():
        skip_or_fail(f"drawing diagrams needs Debian chromium at {CHROMIUM}")
    title, description = "Calls between two boxes", "The first box calls the second."
    mini_site.write(
        {
            "named.md": (
                "# Named\n\n## Calls\n\n```mermaid\nflowchart TB\n"
                f"  accTitle: {title}\n  accDescr: {description}\n  ext_a --> ext_b\n```\n"
            )
        }
    )
    html = page_path(mini_site.build(), "named.md").read_text(encoding="utf-8")

    [root] = [tag for tag in ROOT_SVG.findall(html) if "aria-roledescription" in tag]
    references = [ref for match in IDREFS.finditer(root) for ref in match["ids"].split()]
    assert len(references) == 2, f"the root should point at its title and its description: {root}"
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert [ref for ref in references if ref not in ids] == [], "aria references to ids the page lacks"
    assert "aria-label=" not in root  # the accTitle names it; no second name is added
    assert re.search(rf"<title id=\"[^\"]+\">{title}</title>", html)
    assert re.search(rf"<desc id=\"[^\"]+\">{description}</desc>", html)
