"""A dirty rebuild (what `python3 dev.py serve` runs) writes the edited page and the pages generated from it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, copy_docs, page_path
from pyairtable_docs.speed import refresh

ADR = "ARCHITECTURE/decisions/002-go-python-hybrid.md"


def dirty_build(docs: Path, site: Path) -> None:
    build(load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site)), dirty=True)


def test_an_adr_edit_rewrites_the_adr_the_log_and_only_the_pages_that_show_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refresh, "tracking", True)  # as on_startup sets it for `serve --dirty`
    docs, site = copy_docs(tmp_path / "docs"), tmp_path / "site"
    dirty_build(docs, site)  # the first build writes everything
    index = page_path(site, "ARCHITECTURE/decisions/README.md")
    written = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}

    adr = docs / ADR
    text = adr.read_text()
    title = next(line for line in text.splitlines() if line.startswith("# "))
    adr.write_text(text.replace(title, title + " (revised)", 1))
    os.utime(adr, ns=(written[index] + 10**9, written[index] + 10**9))  # newer than its page, whatever the clock
    dirty_build(docs, site)

    assert title[2:] + " (revised)" in page_path(site, ADR).read_text()
    assert title[2:] + " (revised)" in index.read_text()
    rewritten = {p.relative_to(site).as_posix() for p, before in written.items() if p.stat().st_mtime_ns != before}
    affected = yaml.safe_load(text.split("---")[1])["affects"]  # services that list this decision
    assert rewritten == {
        "404.html",
        *(
            str(page_path(site, p).relative_to(site))
            for p in (
                ADR,
                "ARCHITECTURE/decisions/README.md",
                *(f"ARCHITECTURE/service-catalog/{name}.md" for name in affected),
            )
        ),
    }
