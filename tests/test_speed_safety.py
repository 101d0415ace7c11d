"""The speed hooks cannot change the published site: with them on and off, every file is byte-identical.

Each build runs as CI runs it (`python -m mkdocs build --strict`) in a fresh process, with the
same SOURCE_DATE_EPOCH; PYAIRTABLE_DOCS_FAST=0 turns every speed hook off. The comparison
is of raw bytes, file by file, sitemap.xml.gz and the search index included: no normalisation.
Once for the real docs (below the parallel renderer's 200 pages), once for a synthetic hub
above it, where every speed hook runs; the verbose log shows that each did.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pyairtable_docs.core.wiring import build_state
from pyairtable_docs.gates.csp_wiring import CspBuild
from pyairtable_docs.gates.secrets_wiring import SecretScan
from pyairtable_docs.speed import switch
from pyairtable_docs.speed.nav_wiring import FastNav
from pyairtable_docs.speed.parallel_wiring import ParallelRender
from pyairtable_docs.speed.private_api import VERIFIED
from small_sites import EPOCH, REPO, build_fresh, build_here, commit_epoch, differing_files, folder_site, site_config
from synthetic_hub import write_hub

pytestmark = pytest.mark.build

ON = {
    "the fast navigation (hooks/fast_nav.py) is on",
    "the highlighting shortcuts (hooks/highlight_speed.py) is on",
    "the Content Security Policies are written by process",
    "the secret scan runs in process",
}
PARALLEL = "the parallel Markdown conversion (hooks/parallel_render.py): "


def speed_work_done(log: str) -> set[str]:
    return {line for line in ON | {PARALLEL} if line in log}


@pytest.fixture(scope="module")
def real_docs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, str]:
    root = tmp_path_factory.mktemp("real")
    epoch = commit_epoch()
    fast = build_fresh(REPO / "mkdocs.yml", root / "fast", PYAIRTABLE_DOCS_FAST="1", SOURCE_DATE_EPOCH=epoch)
    plain = build_fresh(REPO / "mkdocs.yml", root / "plain", PYAIRTABLE_DOCS_FAST="0", SOURCE_DATE_EPOCH=epoch)
    return root / "fast", root / "plain", fast, plain


@pytest.fixture(scope="module")
def synthetic_hub(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, str]:
    root = tmp_path_factory.mktemp("hub")
    config_file = site_config(write_hub(root / "hub", 220), root / "mkdocs.yml")
    fast = build_fresh(config_file, root / "fast", PYAIRTABLE_DOCS_FAST="1")
    plain = build_fresh(config_file, root / "plain", PYAIRTABLE_DOCS_FAST="0")
    return root / "fast", root / "plain", fast, plain


def test_the_real_docs_are_byte_identical_with_the_speed_hooks_off(real_docs) -> None:
    fast, plain, fast_log, plain_log = real_docs
    assert speed_work_done(fast_log) == ON
    assert speed_work_done(plain_log) == set()
    assert differing_files(fast, plain) == []
    assert (fast / "sitemap.xml.gz").is_file() and (fast / "search/search_index.json").is_file()


def test_a_hub_above_the_parallel_threshold_is_byte_identical_with_the_speed_hooks_off(synthetic_hub) -> None:
    fast, plain, fast_log, plain_log = synthetic_hub
    assert speed_work_done(fast_log) == ON | {PARALLEL}
    assert speed_work_done(plain_log) == set()
    assert differing_files(fast, plain) == []
    assert len(list(fast.rglob("*.html"))) > 200


def test_with_a_version_it_was_not_verified_on_each_speed_hook_says_so_once_and_stays_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("PYAIRTABLE_DOCS_PARALLEL", "1")
    installed = switch.installed
    monkeypatch.setattr(switch, "installed", lambda name: "99.0" if name == "mkdocs-material" else installed(name))
    config_file = site_config(folder_site(tmp_path / "docs", folders=2, pages_per_folder=3), tmp_path / "mkdocs.yml")
    with caplog.at_level(logging.INFO):
        config = build_here(config_file, tmp_path / "site")
    low, high = VERIFIED["mkdocs-material"]
    reason = f"not verified with mkdocs-material 99.0 (verified: >={low},<{high})"
    assert sorted(r.getMessage() for r in caplog.records if reason in r.getMessage()) == [
        f"pyairtable_docs: the Content Security Policies are written in the build's own process: {reason}",
        f"pyairtable_docs: the fast navigation (hooks/fast_nav.py) is off: {reason}",
        f"pyairtable_docs: the highlighting shortcuts (hooks/highlight_speed.py) is off: {reason}",
        f"pyairtable_docs: the parallel Markdown conversion (hooks/parallel_render.py) is off: {reason}",
        f"pyairtable_docs: the secret scan runs in the build's own process: {reason}",
    ]
    assert build_state(config, FastNav).cache is None and build_state(config, ParallelRender).collected == []
    assert not build_state(config, CspBuild).fork and not build_state(config, SecretScan).fork
    monkeypatch.setenv("PYAIRTABLE_DOCS_FAST", "0")
    build_here(config_file, tmp_path / "plain")
    assert differing_files(tmp_path / "site", tmp_path / "plain") == []
