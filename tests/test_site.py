"""The whole site: the seed's tree is there, the build is strict and offline, search works.

What the generated pages must list comes from the docs (site_content), never from a snapshot
of today's services, decisions or diagrams.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

import site_content
from conftest import DOCS, page_path

# Every path of the seed's proposed tree (../shared/seed), as it must exist under docs/.
SEED_PATHS = """
README.md
ARCHITECTURE/README.md
ARCHITECTURE/decisions/001-microservices-vs-monolith.md
ARCHITECTURE/decisions/002-go-python-hybrid.md
ARCHITECTURE/decisions/003-repository-structure.md
ARCHITECTURE/decisions/004-deployment-strategy.md
ARCHITECTURE/diagrams/system-overview.mermaid
ARCHITECTURE/diagrams/service-communication.mermaid
ARCHITECTURE/diagrams/data-flow.mermaid
ARCHITECTURE/diagrams/deployment-architecture.mermaid
ARCHITECTURE/service-catalog/api-gateway.md
ARCHITECTURE/service-catalog/auth-service.md
ARCHITECTURE/service-catalog/airtable-gateway.md
PROGRESS/README.md
PROGRESS/completed/2024-01-phase1.md
PROGRESS/completed/2024-02-phase2.md
PROGRESS/in-progress/current-sprint.md
PROGRESS/roadmap/2024-q1.md
PROGRESS/roadmap/2024-q2.md
GUIDES/user-guide/getting-started.md
GUIDES/user-guide/api-reference.md
GUIDES/user-guide/tutorials/
GUIDES/developer-guide/setup.md
GUIDES/developer-guide/contributing.md
GUIDES/developer-guide/testing.md
GUIDES/developer-guide/deployment.md
GUIDES/operations-guide/monitoring.md
GUIDES/operations-guide/troubleshooting.md
GUIDES/operations-guide/runbooks/
MIGRATION/README.md
MIGRATION/strategy.md
MIGRATION/runbooks/phase1-repository-split.md
MIGRATION/runbooks/phase2-service-migration.md
MIGRATION/runbooks/phase3-deployment.md
MIGRATION/checklists/pre-migration.md
SCHEMAS/api/openapi.yaml
SCHEMAS/api/graphql.schema
SCHEMAS/database/postgres/
SCHEMAS/database/redis/
SCHEMAS/events/kafka-topics.json
SECURITY/policies.md
SECURITY/compliance/
SECURITY/incident-response.md
TOOLS/scripts/
TOOLS/templates/
""".split()


def built_path(site: Path, seed_path: str) -> Path:
    if seed_path.endswith("/"):
        return site / seed_path / "index.html"
    if seed_path.endswith(".md"):
        return page_path(site, seed_path)
    return site / seed_path


@pytest.mark.parametrize("seed_path", SEED_PATHS)
def test_seed_path_is_in_the_docs_and_in_the_built_site(site: Path, seed_path: str) -> None:
    assert (DOCS / seed_path).exists(), f"docs/{seed_path} is missing"
    assert built_path(site, seed_path).is_file(), f"{seed_path} was not built"


def test_every_service_has_its_page_and_a_row_in_the_catalog(site: Path) -> None:
    assert site_content.catalog_problems(DOCS, site) == []


def test_every_adr_has_its_page_and_its_status_in_the_decision_log(site: Path) -> None:
    assert site_content.decision_log_problems(DOCS, site) == []


def test_every_diagram_file_is_published_drawn_and_in_the_gallery(site: Path) -> None:
    assert site_content.diagram_problems(DOCS, site) == []


def test_dashboard_numbers_equal_counts_taken_from_the_sources(site: Path) -> None:
    assert site_content.dashboard_problems(DOCS, site) == []


@pytest.mark.parametrize(
    "folder, minimum",
    [("GUIDES/user-guide/tutorials", 1), ("GUIDES/operations-guide/runbooks", 2)],
)
def test_seed_folders_hold_real_pages(folder: str, minimum: int) -> None:
    pages = [p for p in (DOCS / folder).glob("*.md") if p.name != "README.md"]
    assert len(pages) >= minimum


def test_search_index_holds_every_page(site: Path) -> None:
    assert site_content.search_index_problems(site) == []


class _FetchedResources(HTMLParser):
    """Collects every URL a browser would fetch while loading the page."""

    FETCHING: ClassVar[dict[str, tuple[str, ...]]] = {
        "script": ("src",),
        "img": ("src", "srcset"),
        "source": ("src", "srcset"),
        "iframe": ("src",),
        "video": ("src", "poster"),
        "audio": ("src",),
        "embed": ("src",),
        "object": ("data",),
        "use": ("href", "xlink:href"),
        "image": ("href", "xlink:href"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in self.FETCHING.get(tag, ()):
            if values.get(name):
                self.urls.append(values[name])
        if tag == "link" and values.get("href"):
            rel = (values.get("rel") or "").lower()
            if any(
                kind in rel
                for kind in (
                    "stylesheet",
                    "icon",
                    "preload",
                    "prefetch",
                    "modulepreload",
                    "manifest",
                    "preconnect",
                    "dns-prefetch",
                )
            ):
                self.urls.append(values["href"])
        if values.get("style"):
            self.urls.extend(re.findall(r"url\(\s*['\"]?([^'\")]+)", values["style"]))
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(re.findall(r"url\(\s*['\"]?([^'\")]+)", data))
            self.urls.extend(re.findall(r"@import\s+['\"]([^'\"]+)", data))


def is_off_host(url: str) -> bool:
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:)?//", url, re.I)) and not url.startswith("data:")


def test_no_built_page_references_anything_off_host(site: Path) -> None:
    offenders = []
    for html in sorted(site.rglob("*.html")):
        collector = _FetchedResources()
        collector.feed(html.read_text(encoding="utf-8"))
        offenders += [f"{html.relative_to(site)}: {u}" for u in collector.urls if is_off_host(u)]
    assert not offenders, "\n".join(offenders)


def test_no_stylesheet_loads_anything_off_host(site: Path) -> None:
    offenders = []
    for css in sorted(site.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if is_off_host(url):
                offenders.append(f"{css.relative_to(site)}: {url}")
    assert not offenders, "\n".join(offenders)


def test_the_off_host_detector_catches_a_planted_reference() -> None:
    collector = _FetchedResources()
    collector.feed(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example/x.js"></script><img src="ok.png">'
    )
    assert [u for u in collector.urls if is_off_host(u)] == [
        "https://fonts.googleapis.com/css?family=Roboto",
        "//cdn.example/x.js",
    ]


def test_pages_carry_edit_and_view_source_links(site: Path) -> None:
    html = page_path(site, "ARCHITECTURE/README.md").read_text()
    assert "https://github.com/pyairtable/pyairtable-docs/edit/main/docs/ARCHITECTURE/README.md" in html
    assert "https://github.com/pyairtable/pyairtable-docs/raw/main/docs/ARCHITECTURE/README.md" in html


def test_home_page_links_every_section(site: Path) -> None:
    html = (site / "index.html").read_text()
    for section in ("ARCHITECTURE", "PROGRESS", "GUIDES", "MIGRATION", "SCHEMAS", "SECURITY", "TOOLS"):
        assert f'href="{section}/' in html, f"home page does not link {section}"
