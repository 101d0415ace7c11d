"""The build benchmark works (run once, at a tiny N: its figures are not checked, it is no timed test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from bench_build import baseline_config, full_config
from conftest import REPO
from synthetic_hub import SHAPES, write_hub


@pytest.mark.parametrize("shape", SHAPES)
def test_the_synthetic_hub_builds_strictly_with_both_configurations(tmp_path: Path, shape: str) -> None:
    docs = write_hub(tmp_path, 60, shape=shape)
    pages = list(docs.rglob("*.md"))
    assert len(pages) >= 40
    assert any("```mermaid" in p.read_text() for p in pages)
    for config in (full_config(docs, tmp_path / "ours.yml"), baseline_config(docs, tmp_path / "baseline.yml")):
        build(load_config(str(config), strict=True, site_dir=str(tmp_path / config.stem)))
    # Ours generated the service catalog and the decision log from the hub's front matter.
    services = sorted(p.stem for p in (docs / "ARCHITECTURE" / "service-catalog").glob("*.md") if p.stem != "README")
    catalog = (tmp_path / "ours" / "ARCHITECTURE" / "service-catalog" / "index.html").read_text()
    assert all(name in catalog for name in services)
    assert "Decision 2" in (tmp_path / "ours" / "ARCHITECTURE" / "decisions" / "index.html").read_text()


def test_the_benchmark_prints_its_figures() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_build.py"), "--pages", "20", "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    header, *rows = result.stdout.splitlines()
    assert header.split() == [
        "shape",
        "pages",
        "baseline",
        "s",
        "ours",
        "s",
        "ours/base",
        "cpu",
        "ours/base",
        "ms/page",
        "base",
        "ms/page",
        "peak",
        "MB",
        "hooks",
    ]
    assert [row.split()[0] for row in rows] == list(SHAPES)
    assert rows[0].split()[1] == "22"  # the classic shape: 20 pages and 2 section indexes
    assert all(row.split()[-1].endswith("%") for row in rows)


def test_the_check_benchmark_prints_its_figures() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_check.py"), "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    header, row, _, files_header, *files = result.stdout.splitlines()
    assert header.split() == ["docs", "pages", "check", "s", "build", "s", "check/build", "refs"]
    assert row.split()[0] == "repository" and int(row.split()[-1]) > 0
    assert files_header.split() == ["check", "FILE...", "(pre-commit)", "files", "s", "/full", "check", "budget", "s"]
    assert [line.split(":")[0] for line in files] == ["repository"] * len(files) and len(files) >= 2
