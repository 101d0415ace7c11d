"""The live preview's problem banner (preview/): only under `mkdocs serve`, on the page a problem is about."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.utils.yaml import yaml_load

from conftest import ADR_2, GATEWAY, REPO, MiniSite, page_path
from pyairtable_docs.preview import banner, wiring
from pyairtable_docs.speed import refresh_wiring

HOOK = "hooks/live_preview.py"
BAD_STATUS = ("status: accepted", "status: approved")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("message", "path"),
    [
        (
            "ADR007 docs/ARCHITECTURE/decisions/002-x.md:2: status: must be one of ...",
            "ARCHITECTURE/decisions/002-x.md",
        ),
        ("pyairtable_docs: docs/a/b.md: owner: 'x' is not a team", "a/b.md"),
        (
            "pyairtable_docs: DIA004 docs/ARCHITECTURE/diagrams/flow.mermaid:3: Mermaid cannot parse",
            "ARCHITECTURE/diagrams/flow.mermaid",
        ),
        ("Doc file 'guide.md' contains a link 'missing.md', but the target is not found", "guide.md"),
        ("Error reading page 'guide.md': boom", "guide.md"),
        ("pyairtable_docs: Diagrams: 3 shown, 0 drawn", None),
        ("the build stopped; see docs/x.md", None),
    ],
)
def test_a_problem_is_about_the_docs_file_its_message_starts_with(message: str, path: str | None) -> None:
    assert banner.problem_path(message) == path


@pytest.mark.unit
def test_a_problem_in_a_file_without_a_page_shows_on_the_page_made_from_it() -> None:
    pages = {"ARCHITECTURE/diagrams/flow.md", "guide.md"}.__contains__
    assert banner.page_of("guide.md", pages) == "guide.md"
    assert banner.page_of("ARCHITECTURE/diagrams/flow.mermaid", pages) == "ARCHITECTURE/diagrams/flow.md"
    assert banner.page_of("ARCHITECTURE/teams/teams.yaml", pages) is None


@pytest.mark.unit
def test_the_banner_is_an_alert_at_the_top_of_the_content_escaped_replaced_and_removable() -> None:
    page = '<body><div><article class="md-content__inner md-typeset"><h1>Title</h1></article></div></body>'
    first = banner.banner(["pyairtable_docs: docs/a.md: bad <script>x</script> (how to fix: https://h.example/p#c)"])
    shown = banner.with_banner(page, first)
    assert shown.index("hub-preview-problems") > shown.index("md-content__inner") and shown.index("<h1>") > shown.index(
        "hub-preview-problems"
    )
    assert 'role="alert"' in first and "<script>" not in first and "&lt;script&gt;" in first
    assert '<a href="https://h.example/p#c">' in first and "pyairtable_docs:" not in first
    again = banner.with_banner(shown, banner.banner(["docs/a.md: other", "docs/a.md: more"], stopped=False))
    assert again.count(banner.START) == 1 and "other" in again and "bad" not in again
    assert banner.with_banner(again, "") == page == banner.without_banner(again)
    assert "stopped the build" in banner.banner(["docs/a.md: unreadable"], stopped=True)


@pytest.mark.unit
def test_a_rebuild_that_raises_is_logged_and_the_server_keeps_serving(caplog: pytest.LogCaptureFixture) -> None:
    calls = []

    def failing() -> None:
        calls.append(1)
        raise Abort("Aborted with a BuildError!")

    server = SimpleNamespace(builder=failing)
    wiring.on_serve(server, config=None, builder=failing)
    server.builder()  # what MkDocs' server calls on each change: no exception escapes
    assert calls == [1]
    assert "the build stopped" in caplog.text


def config_of(docs: Path, site: Path, *, with_hook: bool = True, strict: bool = False):
    hooks = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["hooks"]
    hooks = [str(REPO / hook) for hook in hooks if with_hook or hook != HOOK]
    return load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), hooks=hooks, strict=strict)


def html_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


@pytest.mark.build
def test_mkdocs_build_writes_the_same_site_with_or_without_the_preview(
    small_hub: MiniSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    small_hub.edit(ADR_2, *BAD_STATUS)  # a problem the build logs (a warning: not strict here)
    wiring.on_startup(command="build", dirty=False)  # what `mkdocs build` starts: no serve session
    build(config_of(small_hub.docs, tmp_path / "with"))
    build(config_of(small_hub.docs, tmp_path / "without", with_hook=False))
    assert HOOK in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    with_hook, without = html_of(tmp_path / "with"), html_of(tmp_path / "without")
    assert with_hook == without
    assert not any(b"hub-preview-problems" in page for page in with_hook.values())


@pytest.fixture
def serving() -> Iterator[None]:
    """What `mkdocs serve --dirty` starts around its builds (on_startup, on_shutdown)."""
    refresh_wiring.on_startup(command="serve", dirty=True)
    wiring.on_startup(command="serve", dirty=True)
    yield
    wiring.on_shutdown()
    refresh_wiring.on_shutdown()


def banner_in(page: Path) -> str:
    """The problem banner the page shows ("" when none)."""
    text = page.read_text(encoding="utf-8")
    start, end = text.find(banner.START), text.find(banner.END)
    return text[start:end] if start >= 0 else ""


def rebuild(docs: Path, site: Path) -> None:
    time.sleep(0.05)  # an edit just made is newer than the pages the last build wrote
    build(config_of(docs, site), dirty=True)


@pytest.mark.build
def test_under_serve_a_problem_shows_on_its_page_until_fixed(small_hub: MiniSite, serving) -> None:
    site = small_hub.site_dir
    small_hub.write({"guide.md": "# Guide\n\nSee [the missing page](missing.md).\n"})
    rebuild(small_hub.docs, site)
    guide = page_path(site, "guide.md")
    assert "missing.md" in banner_in(guide) and 'role="alert"' in banner_in(guide)  # logged reading the page
    assert banner_in(page_path(site, ADR_2)) == ""

    small_hub.edit(ADR_2, *BAD_STATUS)
    rebuild(small_hub.docs, site)
    assert "got &#x27;approved&#x27;" in banner_in(page_path(site, ADR_2))
    assert banner_in(page_path(site, GATEWAY)) == ""
    # guide.md was not read again by this dirty rebuild: its problem still holds, and still shows.
    assert "missing.md" in banner_in(guide)

    small_hub.edit(ADR_2, *reversed(BAD_STATUS))
    small_hub.edit("guide.md", "(missing.md)", "(README.md)")
    rebuild(small_hub.docs, site)
    assert not any(b"hub-preview-problems" in page for page in html_of(site).values())


@pytest.mark.build
def test_under_serve_an_edit_that_stops_the_build_shows_on_the_last_page_built(
    small_hub: MiniSite, serving, caplog: pytest.LogCaptureFixture
) -> None:
    site = small_hub.site_dir
    rebuild(small_hub.docs, site)
    (small_hub.docs / ADR_2).write_bytes((small_hub.docs / ADR_2).read_bytes() + b"\n\xff\xfe\n")
    caplog.set_level(logging.INFO)
    with pytest.raises(Abort):
        rebuild(small_hub.docs, site)
    assert "stopped the build" in banner_in(page_path(site, ADR_2)) and "UTF-8" in banner_in(page_path(site, ADR_2))
    assert "Use one gateway per region" in page_path(site, ADR_2).read_text()  # the last page built, under it
    assert not (small_hub.docs / ADR_2).read_bytes().count(b"hub-preview")  # nothing written into docs/
    assert "hub-preview-problems" not in page_path(site, GATEWAY).read_text()
