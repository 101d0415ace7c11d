"""The Mermaid check's disk cache: builds side by side add to it, another Mermaid empties it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyairtable_docs.diagrams import mermaid_check
from pyairtable_docs.diagrams.mermaid_check import DiskCache, ParseResult


@pytest.fixture
def results(monkeypatch) -> dict[str, ParseResult]:
    checked = {"flowchart LR\n  a --> b": ParseResult(True, ("a", "b")), "pie": ParseResult(False, (), "bad", 1)}
    monkeypatch.setattr(mermaid_check, "_cache", dict(checked))
    return checked


def test_two_builds_saving_to_one_file_keep_each_others_results(tmp_path: Path, results, monkeypatch) -> None:
    bundle, cache_file = tmp_path / "mermaid.min.js", tmp_path / ".cache/mermaid-checks.json"
    bundle.write_text("// mermaid")
    first, second = list(results)
    DiskCache(cache_file, bundle).save([first])
    DiskCache(cache_file, bundle).save([second])

    monkeypatch.setattr(mermaid_check, "_cache", {})
    DiskCache(cache_file, bundle).load(results)
    assert mermaid_check._cache == results
    assert [p.name for p in cache_file.parent.iterdir()] == ["mermaid-checks.json"]  # no temporary left


def test_results_of_another_mermaid_are_dropped_on_save(tmp_path: Path, results) -> None:
    bundle, cache_file = tmp_path / "mermaid.min.js", tmp_path / "checks.json"
    bundle.write_text("// mermaid 1")
    first, second = list(results)
    DiskCache(cache_file, bundle).save([first])
    bundle.write_text("// mermaid 2, another size")
    DiskCache(cache_file, bundle).save([second])
    assert len(json.loads(cache_file.read_text())) == 1
