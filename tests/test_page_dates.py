"""Last-changed dates: one git log read (unit) and the footer of a built page (build)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import DOCS, page_path, write_files
from pyairtable_docs.dates.revisions import last_changed, revision_html
from small_sites import EPOCH, build_here, site_config

LOG = "\0" + "1764000000\n\nguide.md\nADR/001.md\n" + "\0" + "1700000000\n\nguide.md\nold.md\n"


def test_the_newest_commit_of_each_file_wins() -> None:
    assert last_changed(LOG) == {"guide.md": 1764000000, "ADR/001.md": 1764000000, "old.md": 1700000000}


def test_output_that_is_not_a_log_gives_no_dates() -> None:
    assert last_changed("") == {}
    assert last_changed("\0not-a-time\n\nx.md\n") == {}


def test_the_footer_shows_the_day_and_the_utc_time_as_its_tooltip() -> None:
    assert revision_html(1764000000) == (
        '<span class="md-revision-date" title="November 24, 2025 16:00:00 UTC">November 24, 2025</span>'
    )


def test_a_committed_page_shows_its_last_commit_date(site: Path) -> None:
    source = "ARCHITECTURE/decisions/001-microservices-vs-monolith.md"
    committed = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", source], cwd=DOCS, capture_output=True, text=True, check=True
    ).stdout.strip()
    if not committed:
        pytest.skip("not a git checkout with history")
    assert revision_html(int(committed)) in page_path(site, source).read_text()


def test_a_page_git_does_not_know_shows_source_date_epoch_not_the_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    docs = write_files(tmp_path / "docs", {"index.md": "# Home\n", "new.md": "# New\n"})  # no git checkout here
    build_here(site_config(docs, tmp_path / "mkdocs.yml"), tmp_path / "site")
    for page in ("index.html", "new/index.html"):
        assert revision_html(int(EPOCH)) in (tmp_path / "site" / page).read_text()
