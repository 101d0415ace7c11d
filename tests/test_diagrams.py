"""Diagrams: pure parsing and page generation, failing builds, and drawing in Chromium."""

from __future__ import annotations

import re
import shutil

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import CHROMIUM, REPO, MiniSite, skip_or_fail, warnings_in
from pyairtable_docs.diagrams.sources import (
    Diagram,
    description_of,
    error_line,
    mermaid_fences,
    render_diagram_page,
    service_node_problems,
    title_from_file,
)


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
        "docs/d.mermaid:2: node 'auth_servce' is not a catalog service (did you mean "
        "'auth_service'?); a service node's id is its catalog name with '_' for '-', any other "
        "node's id starts with res_, ext_ or grp_"
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
            r"docs/ARCHITECTURE/diagrams/flow\.mermaid:4: Mermaid cannot parse this "
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
    assert any(m.startswith("pyairtable_docs: docs/page.md:8: Mermaid cannot parse") for m in messages), messages


def test_an_unknown_service_node_fails_the_build(diagram_site, caplog):
    needs_browser()
    diagram_site.write({FLOW: "%% A flow.\nflowchart LR\n  ext_user --> api_gatway\n"})
    messages = diagram_site.build_fails(caplog)
    assert any("flow.mermaid:3: node 'api_gatway' is not a catalog service" in m for m in messages), messages


def test_the_embed_syntax_puts_the_file_into_the_page(diagram_site):
    site = diagram_site.build()
    html = (site / "embed/index.html").read_text()
    assert '<pre class="mermaid"><code>%% A flow.\nflowchart LR\n  ext_user --&gt; res_db' in html
    page = (site / "ARCHITECTURE/diagrams/flow/index.html").read_text()
    assert "A flow." in page and '<pre class="mermaid">' in page
    assert (site / "assets/javascripts/mermaid.min.js").stat().st_size > 1_000_000


def test_a_mermaid_fence_shown_inside_another_code_block_is_not_a_diagram() -> None:
    page = "````markdown\n```mermaid\nflowchart LR\n  a --> b\n```\n````\n\n```mermaid\npie\n```\n"
    assert [d.source for d in mermaid_fences(page, "docs/x.md")] == ["pie"]


def test_without_npm_packages_the_build_says_so_once_and_strict_fails(tmp_path, caplog) -> None:
    # A project of its own: package.json beside mkdocs.yml, `npm ci` not run.
    shutil.copy(REPO / "package.json", tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/README.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: T\nhooks:\n  - {REPO / 'hooks/mermaid_diagrams.py'}\n")
    with pytest.raises(Abort):
        build(load_config(str(tmp_path / "mkdocs.yml"), strict=True))
    notices = [m for m in warnings_in(caplog) if "Mermaid is not installed" in m]
    assert notices == [
        f"pyairtable_docs: Mermaid is not installed (run `npm ci` in {tmp_path}); "
        "diagrams load https://cdn.jsdelivr.net/npm/mermaid@12.3.0/dist/mermaid.min.js "
        "for this preview only"
    ]
