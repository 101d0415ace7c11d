"""A dirty rebuild (what `python3 dev.py serve` runs) writes the edited page and the pages generated from it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import ADR_1, ADR_2, AUTH, CATALOG, DECISIONS, GATEWAY, REPO, MiniSite, page_path
from pyairtable_docs.speed import refresh, refresh_wiring, serve_session


def dirty_build(docs: Path, site: Path) -> None:
    build(load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site)), dirty=True)


@pytest.fixture
def dirty_serve_session() -> Iterator[None]:
    """What `mkdocs serve --dirty` starts (on_startup) and ends (on_shutdown) around its builds."""
    serve_session.start("serve", dirty=True)
    yield
    serve_session.stop()


@pytest.fixture
def serve_dirty() -> Iterator[None]:
    """What `mkdocs serve --dirty` starts and ends around its builds, hooks included (the dirty-build
    warning filtered), for tests that follow a preview session from build to build."""
    refresh_wiring.on_startup(command="serve", dirty=True)
    yield
    refresh_wiring.on_shutdown()


@pytest.mark.unit
def test_without_a_dirty_serve_session_nothing_is_recorded() -> None:
    config = SimpleNamespace(config_file_path=None, docs_dir="docs")
    assert not refresh.is_tracking(config)
    refresh.record(config, "page.md", "generated")  # a no-op, not an error
    serve_session.start("serve", dirty=False)
    try:
        assert not refresh.is_tracking(SimpleNamespace(config_file_path=None, docs_dir="docs"))
    finally:
        serve_session.stop()


@pytest.mark.unit
def test_a_changed_configuration_starts_a_new_session(tmp_path: Path, dirty_serve_session) -> None:
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: A\n")
    first = serve_session.of(SimpleNamespace(config_file_path=str(config_file), docs_dir="docs"))
    first.templates["x"] = b"compiled"
    again = serve_session.of(SimpleNamespace(config_file_path=str(config_file), docs_dir="docs"))
    assert again is first
    config_file.write_text("site_name: B\n")
    changed = serve_session.of(SimpleNamespace(config_file_path=str(config_file), docs_dir="docs"))
    assert changed is not first and changed.templates == {} and changed.dirty


@pytest.mark.build
def test_an_adr_edit_rewrites_the_adr_the_log_and_only_the_pages_that_show_it(
    small_hub: MiniSite, dirty_serve_session
) -> None:
    site = small_hub.site_dir
    small_hub.write({"guide.md": "# Guide\n\nUnrelated to decisions.\n"})
    dirty_build(small_hub.docs, site)  # the first build writes everything
    index = page_path(site, DECISIONS + "README.md")
    written = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}

    small_hub.edit(ADR_2, "# Use one gateway per region", "# Use one gateway per region (revised)")
    later = written[index] + 10**9
    os.utime(small_hub.docs / ADR_2, ns=(later, later))  # newer than its page, whatever the clock
    dirty_build(small_hub.docs, site)

    assert "per region (revised)" in page_path(site, ADR_2).read_text()
    assert "per region (revised)" in index.read_text()
    rewritten = {p.relative_to(site).as_posix() for p, before in written.items() if p.stat().st_mtime_ns != before}
    # ADR 2 affects both services; the superseded ADR 1 names ADR 2 in its banner and, as its
    # neighbour in the decisions section, in its navigation; the catalog index comes next in
    # the navigation, so its footer names ADR 2 as the previous page.
    shown_on = [ADR_2, DECISIONS + "README.md", ADR_1, GATEWAY, AUTH, CATALOG + "README.md"]
    assert rewritten == {"404.html", *(page_path(site, p).relative_to(site).as_posix() for p in shown_on)}


@pytest.mark.build
def test_a_contract_edit_rewrites_the_pages_that_embed_its_values(small_hub: MiniSite, dirty_serve_session) -> None:
    site = small_hub.site_dir
    keyspace = '- {pattern: "lock:{id}", owner: auth-service, type: string, ttl: "30s",'
    keyspace += ' purpose: "One lease per job, held while it runs.", example: "lock:1"}\n'
    schema = (REPO / "docs/SCHEMAS/database/redis/keyspace.schema.json").read_text(encoding="utf-8")
    small_hub.write(
        {
            "SCHEMAS/database/redis/keyspace.yaml": keyspace,
            "SCHEMAS/database/redis/keyspace.schema.json": schema,
            "locks.md": "# Locks\n\nA lock lives {{ SCHEMAS/database/redis/keyspace.yaml#/lock:{id}/ttl }}.\n",
        }
    )
    dirty_build(small_hub.docs, site)
    assert "A lock lives 30s." in page_path(site, "locks.md").read_text()

    small_hub.edit("SCHEMAS/database/redis/keyspace.yaml", 'ttl: "30s"', 'ttl: "45s"')
    dirty_build(small_hub.docs, site)
    assert "A lock lives 45s." in page_path(site, "locks.md").read_text()


def test_an_alert_rule_edit_rewrites_the_service_runbook_and_team_pages(
    mini_site: MiniSite, dirty_serve_session
) -> None:
    from test_alerts_builds import OPS_HUB, RULES, RUNBOOKS

    mini_site.write(OPS_HUB)
    site = mini_site.site_dir
    dirty_build(mini_site.docs, site)
    pages = (GATEWAY, RUNBOOKS + "gateway-errors.md", "ARCHITECTURE/teams/edge-team.md")
    assert all("More than 1% of gateway responses are 5xx." in page_path(site, p).read_text() for p in pages)

    mini_site.edit(RULES, "More than 1% of gateway", "Over 2% of gateway")
    dirty_build(mini_site.docs, site)
    changed = [p for p in pages if "Over 2% of gateway responses are 5xx." in page_path(site, p).read_text()]
    assert changed == list(pages)


def test_a_diagram_edit_redraws_that_diagram_only(
    mini_site: MiniSite, dirty_serve_session, caplog: pytest.LogCaptureFixture
) -> None:
    # Labels unique to this test, so no drawing cached by another test is reused.
    label = f"dirty-{os.getpid()}-{id(caplog)}"
    mini_site.write(
        {
            "ARCHITECTURE/diagrams/flow.mermaid": f"%% A flow.\nflowchart LR\n  ext_a[{label} a] --> res_b\n",
            "steps.md": f"# Steps\n\n```mermaid\nflowchart TB\n  ext_c[{label} c] --> ext_d\n```\n",
        }
    )
    site = mini_site.site_dir
    caplog.set_level("INFO")
    dirty_build(mini_site.docs, site)
    assert "2 drawn" in caplog.text
    gallery = page_path(site, "ARCHITECTURE/diagrams/README.md")
    written = gallery.stat().st_mtime_ns

    caplog.clear()
    mini_site.edit("steps.md", f"{label} c]", f"{label} changed]")
    dirty_build(mini_site.docs, site)
    assert "1 drawn" in caplog.text  # the edited fence; the .mermaid file's drawing is cached
    assert f"{label} changed" in page_path(site, "steps.md").read_text()
    assert gallery.stat().st_mtime_ns == written  # the page showing the other diagram is not rewritten


def fresh_build(docs: Path, site: Path) -> None:
    """A whole build into an empty folder, in a serve session of its own (as `serve --full`)."""
    running = serve_session._running  # the dirty session under test goes on afterwards, browser and all
    serve_session._running = None
    serve_session.start("serve", dirty=False)
    try:
        build(load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site)))
    finally:
        serve_session.stop()  # closes this session's browser
        serve_session._running = running


def assert_as_a_whole_build_writes(hub: MiniSite, tmp_path: Path, page: str) -> None:
    """The page the dirty rebuilds left is the one a whole build of the same docs writes."""
    fresh_build(hub.docs, tmp_path / "whole")
    assert page_path(hub.site_dir, page).read_text() == page_path(tmp_path / "whole", page).read_text()


def html_of(site: Path) -> dict[str, bytes]:
    """The pages and what is made from them for machines: twins, llms files, JSON exports, Backstage."""
    made = [*site.rglob("*.html"), *site.rglob("*.md"), *site.glob("llms*.txt"), *site.glob("backstage/**/*.yaml")]
    made += (p for p in site.glob("*.json") if p.name != "tags.json")  # Material's own file, not made here
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(made)}


ADR_3 = DECISIONS + "003-regional-failover.md"
ADR_3_PAGE = """---
status: proposed
date: 2024-03-01
decision-makers: [Daniel Osei]
affects: [auth-service]
tags: [failover]
---

# Fail over between regions

Each region takes the other's traffic.
"""
TAGS_INDEX = "# Tags\n\n<!-- material/tags -->\n"
BILLING = CATALOG + "billing-service.md"
BILLING_PAGE = """---
name: billing-service
title: Billing Service
description: Bills workspaces.
repository: pyairtable-platform
language: python
type: worker
lifecycle: experimental
owner: platform-team
migration: not-started
---

# Billing Service

Bills workspaces.
"""


@pytest.mark.build
def test_each_dirty_rebuild_writes_what_a_whole_build_writes(
    small_hub: MiniSite,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    serve_dirty: None,
) -> None:
    """Added, retitled, moved and deleted pages: every page a dirty rebuild leaves is the whole build's, byte for byte
    (navigation titles and neighbours, the tags index, the decision log), and no stale page stays behind."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same page dates in every build
    small_hub.write({"tags.md": TAGS_INDEX, "guide.md": "---\ntags: [guides]\n---\n# Guide\n\nHow to.\n"})
    site = small_hub.site_dir
    caplog.set_level("INFO")
    dirty_build(small_hub.docs, site)
    steps = {
        "an ADR added": lambda: small_hub.write({ADR_3: ADR_3_PAGE}),
        "an ADR retitled": lambda: small_hub.edit(ADR_3, "# Fail over between regions", "# Regions fail over"),
        "a page's tags changed": lambda: small_hub.edit("guide.md", "[guides]", "[guides, failover]"),
        "an ADR moved": lambda: (small_hub.docs / ADR_3).rename(small_hub.docs / (DECISIONS + "004-failover.md")),
        "a page retitled by its front matter": lambda: small_hub.edit("guide.md", "---\n#", "title: Handbook\n---\n#"),
        "a page deleted": lambda: (small_hub.docs / "guide.md").unlink(),
        "a service added": lambda: small_hub.write({BILLING: BILLING_PAGE}),
        "a service deleted": lambda: (small_hub.docs / BILLING).unlink(),
    }
    for n, (step, edit) in enumerate(steps.items()):
        edit()
        time.sleep(0.05)  # the edit is newer than the pages the last build wrote
        dirty_build(small_hub.docs, site)
        whole = tmp_path / f"whole-{n}"
        fresh_build(small_hub.docs, whole)
        dirty, expected = html_of(site), html_of(whole)
        assert sorted(dirty) == sorted(expected), step
        differing = [name for name in expected if dirty[name] != expected[name]]
        assert differing == [], f"after {step}, these pages differ from a whole build: {differing}"
    assert "A 'dirty' build is being performed" not in caplog.text
    assert "None" not in page_path(site, ADR_1).read_text()


@pytest.mark.build
def test_a_rebuild_checks_the_prose_of_the_edited_page_only(
    small_hub: MiniSite, dirty_serve_session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyairtable_docs.drift import scan

    checked: list[str] = []
    check_page = scan.check_page
    monkeypatch.setattr(scan, "check_page", lambda src, *args: checked.append(src) or check_page(src, *args))
    small_hub.write({"guide.md": "# Guide\n\nThe `auth-service` issues tokens.\n"})
    dirty_build(small_hub.docs, small_hub.site_dir)
    assert "guide.md" in checked and len(checked) > 1
    checked.clear()
    small_hub.edit("guide.md", "issues tokens", "issues short-lived tokens")
    dirty_build(small_hub.docs, small_hub.site_dir)
    assert checked == ["guide.md"]
    checked.clear()
    small_hub.edit(GATEWAY, "# API Gateway", "# API Gateway\n\nSee `auth-service`.")  # the registry is the same
    dirty_build(small_hub.docs, small_hub.site_dir)
    assert checked == [GATEWAY]


@pytest.mark.build
def test_a_page_whose_link_was_broken_is_rewritten_once_its_target_exists(
    small_hub: MiniSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve_dirty: None
) -> None:
    """Adding the missing file fixes the link and the problem on the page that names it, though that page's
    file and navigation did not change: the dirty rebuild writes what a whole build writes, without the banner."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    small_hub.write({"guide.md": "# Guide\n\n![A drawing](assets/drawing.png)\n"})
    site = small_hub.site_dir
    dirty_build(small_hub.docs, site)
    assert "hub-preview-problems" in page_path(site, "guide.md").read_text()  # the link names no file
    (small_hub.docs / "assets").mkdir(exist_ok=True)
    (small_hub.docs / "assets" / "drawing.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    time.sleep(0.05)
    dirty_build(small_hub.docs, site)
    assert_as_a_whole_build_writes(small_hub, tmp_path, "guide.md")


@pytest.mark.build
def test_an_image_deleted_is_named_on_the_pages_linking_to_it_and_gone_from_the_site(
    small_hub: MiniSite,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    serve_dirty: None,
) -> None:
    """The page that shows it did not change, yet a whole build warns there and has no copy of the image."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    small_hub.write({"guide.md": "# Guide\n\n![A drawing](assets/drawing.png)\n"})
    (small_hub.docs / "assets").mkdir(exist_ok=True)
    (small_hub.docs / "assets" / "drawing.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    site = small_hub.site_dir
    dirty_build(small_hub.docs, site)
    (small_hub.docs / "assets" / "drawing.png").unlink()
    caplog.clear()
    dirty_build(small_hub.docs, site)
    assert "contains a link 'assets/drawing.png', but the target is not found" in caplog.text
    assert "hub-preview-problems" in page_path(site, "guide.md").read_text()
    assert not (site / "assets" / "drawing.png").exists()
    assert_as_a_whole_build_writes(small_hub, tmp_path, "guide.md")


@pytest.mark.build
def test_a_snippet_file_edited_rewrites_the_pages_including_it(
    small_hub: MiniSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve_dirty: None
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    small_hub.write({"guide.md": '# Guide\n\n--8<-- "parts/step.txt"\n', "parts/step.txt": "Run the first step.\n"})
    site = small_hub.site_dir
    dirty_build(small_hub.docs, site)
    small_hub.edit("parts/step.txt", "first", "second")
    dirty_build(small_hub.docs, site)
    assert "Run the second step." in page_path(site, "guide.md").read_text()
    assert_as_a_whole_build_writes(small_hub, tmp_path, "guide.md")


@pytest.mark.build
def test_a_page_edited_in_a_rebuild_that_warned_has_its_new_text_in_its_twin_once_the_warning_is_fixed(
    small_hub: MiniSite,
    serve_dirty: None,
) -> None:
    """A rebuild with a warning writes no export, but what it read of the other pages counts next time."""
    small_hub.write({"guide.md": "# Guide\n\nHow to.\n", "notes.md": "# Notes\n\nSee [the guide](guide.md).\n"})
    site = small_hub.site_dir
    dirty_build(small_hub.docs, site)
    small_hub.edit("guide.md", "How to.", "How to, step by step.")
    small_hub.edit("notes.md", "(guide.md)", "(gone.md)")
    time.sleep(0.05)
    dirty_build(small_hub.docs, site)  # warns: notes.md links to no file; nothing for machines is written
    assert "step by step" not in (site / "guide/index.md").read_text()
    small_hub.edit("notes.md", "(gone.md)", "(guide.md)")
    time.sleep(0.05)
    dirty_build(small_hub.docs, site)  # guide.md did not change again, so it is not read again
    assert "How to, step by step." in (site / "guide/index.md").read_text()
    assert "How to, step by step." in (site / "llms-full.txt").read_text()
