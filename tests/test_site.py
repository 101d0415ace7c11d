"""The whole site: the seed's tree is there, the build is strict and offline, search works."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

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

SERVICES = """
api-gateway auth-service airtable-gateway llm-orchestrator mcp-server embedding-service
user-service workspace-service notification-service analytics-service report-generator metrics-collector
workflow-engine scheduler-service webhook-handler data-pipeline file-processor storage-service
frontend
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


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_of_the_ecosystem_has_a_catalog_page(site: Path, service: str) -> None:
    assert (site / "ARCHITECTURE/service-catalog" / service / "index.html").is_file()


@pytest.mark.parametrize(
    "folder, minimum",
    [("GUIDES/user-guide/tutorials", 1), ("GUIDES/operations-guide/runbooks", 2)],
)
def test_seed_folders_hold_real_pages(folder: str, minimum: int) -> None:
    pages = [p for p in (DOCS / folder).glob("*.md") if p.name != "README.md"]
    assert len(pages) >= minimum


def all_pages_in(site: Path) -> set[str]:
    """URLs (relative to the site root) of every HTML page that MkDocs built."""
    urls = set()
    for html in site.rglob("*.html"):
        rel = html.relative_to(site).as_posix()
        if rel in {"404.html"}:
            continue
        urls.add(rel.removesuffix("index.html"))
    return urls


def test_search_index_holds_every_page(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text())
    indexed = {doc["location"].split("#")[0] for doc in index["docs"]}
    missing = sorted(all_pages_in(site) - indexed)
    assert not missing, f"pages missing from the search index: {missing}"


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


def test_the_decision_log_lists_adrs_001_to_004_with_their_status(site: Path) -> None:
    log = (site / "ARCHITECTURE/decisions/index.html").read_text().split("<article")[1]
    for number in ("001", "002", "003", "004"):
        row = re.search(rf"<td>ADR-{number}</td>.*?</tr>", log, re.S)
        assert row and "hub-badge--status-accepted" in row.group(0), number
    assert "Timeline" in log
