"""The speed hooks cannot change the published site: with them on and off, every file is byte-identical.

Each build runs as CI runs it (`python -m mkdocs build --strict`) in a fresh process, with the
same SOURCE_DATE_EPOCH; PYAIRTABLE_DOCS_FAST=0 turns every speed hook off. The comparison
is of raw bytes, file by file, sitemap.xml.gz and the search index included: no normalisation.
Once for the real docs (below the parallel renderer's 200 pages), once for a synthetic hub
above it, where every speed hook runs; the verbose log shows that each did.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from small_sites import EPOCH, REPO, differing_files, site_config
from synthetic_hub import write_hub

pytestmark = pytest.mark.build

ON = {
    "the fast navigation (hooks/fast_nav.py) is on",
    "the highlighting shortcuts (hooks/highlight_speed.py) is on",
    "the Content Security Policies are written by process",
    "the secret scan runs in process",
}
PARALLEL = "the parallel Markdown conversion (hooks/parallel_render.py): "


def build(config_file: Path, site_dir: Path, fast: str) -> str:
    """A fresh-process strict build; returns its verbose log."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(Path.home()),
        "SOURCE_DATE_EPOCH": EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        "PYAIRTABLE_DOCS_FAST": fast,
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "-f", str(config_file), "-d", str(site_dir)]
    done = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def speed_work_done(log: str) -> set[str]:
    return {line for line in ON | {PARALLEL} if line in log}


@pytest.fixture(scope="module")
def real_docs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, str]:
    root = tmp_path_factory.mktemp("real")
    fast = build(REPO / "mkdocs.yml", root / "fast", "1")
    plain = build(REPO / "mkdocs.yml", root / "plain", "0")
    return root / "fast", root / "plain", fast, plain


@pytest.fixture(scope="module")
def synthetic_hub(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, str]:
    root = tmp_path_factory.mktemp("hub")
    config_file = site_config(write_hub(root / "hub", 220), root / "mkdocs.yml")
    fast = build(config_file, root / "fast", "1")
    plain = build(config_file, root / "plain", "0")
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
