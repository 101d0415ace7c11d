"""Builds in one process do not leak into each other: each writes what a fresh process writes.

Two different small sites (a hub with services, ADRs and diagrams; a few guides with other
theme features, for which the fast navigation stays off) are built one after the other in
this process, then again in the other order; every site is compared byte for byte with a
build of the same site in a fresh process. Hook state hangs on each build's config object
(core/wiring.build_state); only a `mkdocs serve` session outlives a build, and plain builds
have none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_files
from pyairtable_docs.core.wiring import build_state
from pyairtable_docs.speed import serve_session
from pyairtable_docs.speed.nav_wiring import FastNav
from small_sites import EPOCH, build_fresh, build_here, differing_files, site_config
from synthetic_hub import write_hub

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("isolation")
    first = write_hub(root / "first", 30)  # services, ADRs, diagrams: every generator's state
    second = write_files(
        root / "second-docs",
        {
            "index.md": "# Second home\n\n```go\nfunc main() {}\n```\n",
            "guide/index.md": "# Guide\n",
            "guide/setup.md": "# Setup\n\n## Install\n\nText.\n",
            "guide/usage.md": "# Usage\n\n[Setup](setup.md#install)\n",
        },
    )
    return {
        "first": site_config(first, root / "first.yml"),
        "second": site_config(second, root / "second.yml", ["navigation.tabs", "navigation.expand", "toc.follow"]),
    }


@pytest.fixture(scope="module")
def fresh_builds(sites: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("fresh")
    for name, config_file in sites.items():
        build_fresh(config_file, root / name)
    return {name: root / name for name in sites}


@pytest.mark.parametrize("order", [("first", "second"), ("second", "first")], ids=["first-then-second", "reversed"])
def test_each_build_in_one_process_equals_a_fresh_process_build(
    sites: dict[str, Path], fresh_builds: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("PYAIRTABLE_DOCS_PARALLEL", "1")  # the forked converter's state too
    for name in order:
        build_here(sites[name], tmp_path / name)
    for name in order:
        assert differing_files(tmp_path / name, fresh_builds[name]) == [], name


def test_only_a_serve_session_outlives_a_build(sites: dict[str, Path], tmp_path: Path) -> None:
    assert serve_session.of(build_here(sites["second"], tmp_path / "plain")) is None
    serve_session.start("serve", dirty=False)  # as `mkdocs serve` does, around its rebuilds
    try:
        first = build_here(sites["second"], tmp_path / "first")
        second = build_here(sites["second"], tmp_path / "second")
    finally:
        serve_session.stop()
    session = serve_session.of(first)
    assert session is not None and serve_session.of(second) is session
    assert session.templates  # the theme's compiled templates, kept for the next rebuild
    assert build_state(first, FastNav) is not build_state(second, FastNav)
    assert serve_session.of(build_here(sites["second"], tmp_path / "after")) is None
