"""The drawings' disk cache: a warm build reads what a cold one stored, another Mermaid misses,
unused drawings are pruned, builds side by side keep each other's drawings."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from pyairtable_docs.diagrams import renderer
from pyairtable_docs.diagrams.renderer import DiskCache, Drawing, Request

FLOW = Request("flowchart LR\n  api_gateway --> res_db", ("api_gateway",))
BROKEN = Request("flowchart LR\n  a -->(b")
DRAWINGS = {
    FLOW: Drawing(
        True,
        ("api_gateway", "res_db"),
        svg='<svg id="d1"><a xlink:href="#hub-service=api_gateway"><g/></a></svg>',
        width=320.5,
        height=80.0,
        smallest_font=14.0,
        kind="flowchart-v2",
    ),
    BROKEN: Drawing(False, message="Expecting 'SEMI', got 'PS'", line=2),
}


def installed_mermaid(root: Path, version: str) -> Path:
    """A node_modules/mermaid of this version under ``root``; the path of its bundle."""
    package = root / "node_modules/mermaid"
    (package / "dist").mkdir(parents=True, exist_ok=True)
    (package / "package.json").write_text(json.dumps({"name": "mermaid", "version": version}))
    bundle = package / "dist/mermaid.min.js"
    bundle.write_text("// mermaid")
    return bundle


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> dict[Request, Drawing]:
    """This process's drawings: the two above, as if Chromium had just drawn them."""
    monkeypatch.setattr(renderer, "_drawn", dict(DRAWINGS))
    return renderer._drawn


def fresh_process(monkeypatch: pytest.MonkeyPatch) -> dict[Request, Drawing]:
    """The process cache of a build that has drawn nothing yet."""
    monkeypatch.setattr(renderer, "_drawn", {})
    return renderer._drawn


def test_a_fresh_process_loads_the_drawings_a_build_saved(tmp_path: Path, drawn, monkeypatch) -> None:
    bundle, folder = installed_mermaid(tmp_path, "11.4.1"), tmp_path / ".cache/diagrams"
    DiskCache(folder, bundle).save(DRAWINGS)
    assert sorted(p.suffix for p in folder.iterdir()) == [".json", ".json"]  # one file each, no temporary left

    loaded = fresh_process(monkeypatch)
    DiskCache(folder, bundle).load(DRAWINGS)
    assert loaded == DRAWINGS
    assert isinstance(loaded[FLOW].node_ids, tuple)


def test_another_mermaid_version_misses(tmp_path: Path, drawn, monkeypatch) -> None:
    folder = tmp_path / "cache"
    DiskCache(folder, installed_mermaid(tmp_path / "old", "11.4.1")).save(DRAWINGS)

    loaded = fresh_process(monkeypatch)
    DiskCache(folder, installed_mermaid(tmp_path / "new", "11.5.0")).load(DRAWINGS)
    assert loaded == {}
    DiskCache(folder, installed_mermaid(tmp_path / "again", "11.4.1")).load(DRAWINGS)
    assert loaded == DRAWINGS  # the same version, installed elsewhere, hits


def test_another_request_for_the_same_text_misses(tmp_path: Path, drawn, monkeypatch) -> None:
    # The services a drawing links are part of it: a catalog that gains a service draws again.
    bundle, folder = installed_mermaid(tmp_path, "11.4.1"), tmp_path / "cache"
    DiskCache(folder, bundle).save([FLOW])
    loaded = fresh_process(monkeypatch)
    DiskCache(folder, bundle).load([Request(FLOW.source, ("api_gateway", "res_db"))])
    assert loaded == {}


def test_saving_prunes_drawings_unused_for_too_long(tmp_path: Path, drawn, monkeypatch) -> None:
    bundle, folder = installed_mermaid(tmp_path, "11.4.1"), tmp_path / "cache"
    cache = DiskCache(folder, bundle)
    cache.save([FLOW])
    (kept,) = folder.iterdir()
    long_ago = time.time() - DiskCache.PRUNE_AFTER - 3600
    os.utime(kept, (long_ago, long_ago))
    stale = folder / ("0" * 32 + ".json")
    stale.write_text(json.dumps({"ok": True}))
    os.utime(stale, (long_ago, long_ago))

    fresh_process(monkeypatch)
    cache.load([FLOW])  # this build shows FLOW: it counts as used
    monkeypatch.setattr(renderer, "_drawn", dict(DRAWINGS))
    cache.save([BROKEN])
    assert not stale.exists()
    assert kept.exists()
    assert len(list(folder.glob("*.json"))) == 2


def test_two_caches_saving_to_one_folder_keep_both(tmp_path: Path, drawn, monkeypatch) -> None:
    bundle, folder = installed_mermaid(tmp_path, "11.4.1"), tmp_path / "cache"
    first, second = DiskCache(folder, bundle), DiskCache(folder, bundle)
    first.save([FLOW])
    second.save([BROKEN])

    loaded = fresh_process(monkeypatch)
    DiskCache(folder, bundle).load(DRAWINGS)
    assert loaded == DRAWINGS


def test_a_drawing_not_drawn_is_not_stored_and_a_damaged_file_is_a_miss(tmp_path: Path, monkeypatch) -> None:
    bundle, folder = installed_mermaid(tmp_path, "11.4.1"), tmp_path / "cache"
    fresh_process(monkeypatch)
    DiskCache(folder, bundle).save([FLOW])  # never drawn (no browser): nothing to store
    assert list(folder.iterdir()) == []

    monkeypatch.setattr(renderer, "_drawn", dict(DRAWINGS))
    DiskCache(folder, bundle).save([FLOW])
    (stored,) = folder.iterdir()
    stored.write_text('{"ok": true, "node_ids": [')
    loaded = fresh_process(monkeypatch)
    DiskCache(folder, bundle).load([FLOW])
    assert loaded == {}
