"""hooks/parallel_render.py: pages converted by the forked child are the pages a serial build writes.

PYAIRTABLE_DOCS_PARALLEL=1 makes it fork for small sites too (it starts at 200 pages); the
200-page proof, in fresh processes, is tests/test_speed_safety.py.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import warnings_in
from pyairtable_docs.core.codes import coded
from pyairtable_docs.core.wiring import build_state
from pyairtable_docs.speed.parallel_wiring import ParallelRender
from small_sites import EPOCH, build_here, differing_files, folder_site, site_config

pytestmark = pytest.mark.build


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYAIRTABLE_DOCS_PARALLEL", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return folder_site(tmp_path / "docs", folders=2, pages_per_folder=6)


def child_of(config) -> int:
    [pid] = build_state(config, ParallelRender).collected
    return pid


def assert_collected(pid: int) -> None:
    """The child is gone and waited for: no zombie, no orphan."""
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_parallel_build_writes_the_same_site(tmp_path: Path, docs: Path, parallel, monkeypatch) -> None:
    config_file = site_config(docs, tmp_path / "mkdocs.yml")
    assert_collected(child_of(build_here(config_file, tmp_path / "site")))
    monkeypatch.setenv("PYAIRTABLE_DOCS_PARALLEL", "0")
    assert build_state(build_here(config_file, tmp_path / "serial"), ParallelRender).collected == []
    assert differing_files(tmp_path / "site", tmp_path / "serial") == []


def test_without_fork_the_build_is_serial_and_the_same(tmp_path: Path, docs: Path, parallel, monkeypatch) -> None:
    config_file = site_config(docs, tmp_path / "mkdocs.yml")
    build_here(config_file, tmp_path / "site")
    monkeypatch.delattr(os, "fork")  # as on Windows
    config = build_here(config_file, tmp_path / "serial")
    assert build_state(config, ParallelRender).collected == []
    assert differing_files(tmp_path / "site", tmp_path / "serial") == []


def test_a_bad_link_in_a_page_the_child_converts_is_reported_once(tmp_path: Path, docs: Path, parallel, caplog) -> None:
    last = docs / "part-1/page-005.md"  # the last page: in the child's half
    last.write_text(last.read_text() + "\n\nSee [the missing page](missing-page.md).\n")
    with pytest.raises(Abort):
        build_here(site_config(docs, tmp_path / "mkdocs.yml"), tmp_path / "site")
    assert [m for m in warnings_in(caplog) if "missing-page.md" in m] == [
        coded(
            "LNK001",
            "docs/part-1/page-005.md: contains a link 'missing-page.md', but the target "
            "'part-1/missing-page.md' is not found among documentation files.",
        )
    ]
    # ...and it is the child's message, logged again by the parent: the page was not converted twice.
    assert [Path(r.pathname).name for r in caplog.records if "missing-page.md" in r.getMessage()] == [
        "parallel_wiring.py"
    ]


@pytest.mark.parametrize("broken", ["part-0/page-000.md", "part-1/page-005.md"], ids=["parent's half", "child's half"])
def test_a_page_that_fails_to_convert_stops_the_build_naming_it_and_leaves_no_process(
    tmp_path: Path, docs: Path, parallel, caplog, broken: str
) -> None:
    page = docs / broken
    page.write_text(page.read_text() + '\n--8<-- "no-such-snippet.md"\n')  # a missing snippet stops the build
    config = load_config(str(site_config(docs, tmp_path / "mkdocs.yml")), strict=True, site_dir=str(tmp_path / "site"))
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(config)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(broken in m for m in errors) and any("SNP001" in m and "no-such-snippet.md" in m for m in errors)
    assert_collected(child_of(config))
