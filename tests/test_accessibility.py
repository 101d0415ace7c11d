"""axe-core in Chromium: no serious or critical accessibility violation, in light and dark mode.

Each audit's full axe report is written to reports/accessibility/<page>-<scheme>.json (and
into $ACCESSIBILITY_REPORT_DIR when set), for CI to keep as an artifact.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import DOCS, REPO
from pyairtable_docs.alerts.runbooks import is_runbook
from site_content import adrs_in, diagram_page, first_diagram, page_url, services_in, source_files

pytestmark = pytest.mark.browser

# One page of each kind; which ADR, service and diagram comes from the docs.
PAGES = {
    "home": "",
    "adr": page_url(adrs_in(DOCS)[0].path),
    "service": page_url(services_in(DOCS)[0].path),
    "catalog": "ARCHITECTURE/service-catalog/",
    "adr-index": "ARCHITECTURE/decisions/",
    "diagram": page_url(diagram_page(first_diagram(DOCS))),
    "api-reference": "GUIDES/user-guide/api-reference/",
    "runbook": page_url(next(p for p in source_files(DOCS) if is_runbook(p))),
    "runbooks-index": "GUIDES/operations-guide/runbooks/",
    "team": f"ARCHITECTURE/teams/{services_in(DOCS)[0].owner}/",
    "review-schedule": "TOOLS/reviews/",
}
# The reader's colour-scheme preference -> the Material palette the site must then show.
SCHEMES = {"light": "default", "dark": "slate"}
BLOCKING = ("serious", "critical")
REPORTS = REPO / "reports" / "accessibility"


def open_page(page, site: Path, path: str, scheme: str) -> None:
    """Load a page as a reader who prefers `scheme` sees it."""
    page.emulate_media(color_scheme=scheme)
    page.goto(page.base_url + path, wait_until="networkidle")
    shown = page.locator("body").get_attribute("data-md-color-scheme")
    assert shown == SCHEMES[scheme], f"{path or 'home'}: palette {shown!r} for a {scheme} preference"


def audit(page) -> dict:
    """axe-core's full result for the page as it is now (axe ships with the package: no network)."""
    return Axe().run(page).response


def blocking(result: dict) -> list[str]:
    """One line per element that violates a rule of serious or critical impact."""
    return [
        f"{violation['id']} ({violation['impact']}): {json.dumps(node['target'])} - {violation['help']}"
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


def save_report(result: dict, name: str) -> None:
    folders = [REPORTS]
    if os.environ.get("ACCESSIBILITY_REPORT_DIR"):
        folders.append(Path(os.environ["ACCESSIBILITY_REPORT_DIR"]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(result, indent=2), encoding="utf-8")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_violation(page, site: Path, name: str, scheme: str) -> None:
    open_page(page, site, PAGES[name], scheme)
    result = audit(page)
    save_report(result, f"{name}-{scheme}.json")
    problems = blocking(result)
    assert not problems, f"{name} ({scheme}), {len(problems)} violations:\n" + "\n".join(problems)
    assert page.off_host_requests == []


def test_the_audit_catches_an_image_without_alt_and_unreadable_text(page, site: Path) -> None:
    open_page(page, site, "", "light")
    page.evaluate("""() => {
        const article = document.querySelector("article");
        const image = document.createElement("img");
        image.src = "assets/images/favicon.png";
        const faint = document.createElement("p");
        faint.textContent = "Pale grey on white";
        faint.style.color = "#d0d0d0";
        article.append(image, faint);
    }""")
    problems = blocking(audit(page))
    assert any(p.startswith("image-alt (critical)") for p in problems), problems
    assert any(p.startswith("color-contrast (serious)") for p in problems), problems
