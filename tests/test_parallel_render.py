"""Pages converted by the forked child (hooks/parallel_render.py) are the pages a serial build writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import build_site, copy_docs, warnings_in

# Pages git does not know show the build time (hooks/page_dates.py): two builds differ there only.
BUILD_TIME = re.compile(rb'title="[A-Z][a-z]+ \d+, \d{4} \d\d:\d\d:\d\d UTC"')


def normalised(path: Path) -> bytes:
    return BUILD_TIME.sub(b'title="(build time)"', path.read_bytes())


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYAIRTABLE_DOCS_PARALLEL", "1")  # the real site is below MIN_PAGES


def test_a_parallel_build_writes_the_same_site(site: Path, _server, tmp_path: Path, parallel) -> None:
    server, _ = _server
    other = build_site(tmp_path / "site", site_url=f"http://127.0.0.1:{server.server_address[1]}/")
    written = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file() and p.suffix != ".gz")
    assert written == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file() and p.suffix != ".gz")
    different = [str(p) for p in written if normalised(site / p) != normalised(other / p)]
    assert different == []
    assert len(written) > 100


def test_a_bad_link_in_a_page_the_child_converts_is_reported_once(tmp_path: Path, parallel, caplog) -> None:
    docs = copy_docs(tmp_path / "docs")
    last = sorted(docs.glob("TOOLS/*.md"))[-1]  # TOOLS/ comes late: in the child's half
    last.write_text(last.read_text() + "\n\nSee [the missing page](missing-page.md).\n")
    with pytest.raises(Abort):
        build_site(tmp_path / "site", docs)
    shown = f"TOOLS/{last.name}"
    assert [m for m in warnings_in(caplog) if "missing-page.md" in m] == [
        f"Doc file '{shown}' contains a link 'missing-page.md', but the target 'TOOLS/missing-page.md' "
        "is not found among documentation files."
    ]
    # ...and it is the child's message, logged again by the parent: the page was not converted twice.
    assert [Path(r.pathname).name for r in caplog.records if "missing-page.md" in r.getMessage()] == [
        "parallel_render.py"
    ]
