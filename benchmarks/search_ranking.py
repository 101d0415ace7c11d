"""Where searches land: every page's title, and every critical alert's name, against the built index.

Runs Material's own search worker (the JavaScript the site ships) in Node on the site's
search_index.json, twice in the same run: as this site configures search (field weights in
mkdocs.yml, page boosts from the hooks) and with Material's defaults (tags weigh 1,000 times a
title, no page boost). Prints how many queries find their own page first in each, the ratio,
every query the configuration makes worse, and the misses left. The Chromium test
(tests/test_browser_search.py) asserts what the issue requires; this shows the whole picture.

    .venv/bin/python benchmarks/search_ranking.py [--site SITE_DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
MATERIAL_DEFAULT_FIELDS = {"title": {"boost": 1e3}, "text": {"boost": 1.0}, "tags": {"boost": 1e6}}


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    subprocess.run(command, check=True, env=env, cwd=REPO)


def worker_script() -> Path:
    import material

    workers = Path(material.__file__).parent / "templates/assets/javascripts/workers"
    return next(workers.glob("search.*.min.js"))


def node() -> str:
    found = shutil.which("node") or str(Path(sys.executable).parent / "node")
    if not Path(found).exists():
        raise SystemExit("search_ranking: needs Node (python3 dev.py test sets it up)")
    return found


def cases_from(index: dict) -> list[tuple[str, str]]:
    """(query, expected page): each page title that names one page, and each critical alert."""
    pages = [(d["title"], d["location"]) for d in index["docs"] if "#" not in d["location"] and d["title"]]
    counts = Counter(title for title, _ in pages)
    cases = [(title, location) for title, location in pages if counts[title] == 1]
    sys.path.insert(0, str(REPO / "src"))
    from pyairtable_docs.alerts.records import is_rules_file, parse_rules
    from pyairtable_docs.alerts.runbooks import site_url_in

    docs = REPO / "docs"
    schema = json.loads((docs / "SCHEMAS/observability/alert-rules.schema.json").read_text(encoding="utf-8"))
    prefix = site_url_in(REPO / "mkdocs.yml") or ""
    for path in sorted(docs.rglob("*.yaml")):
        src = path.relative_to(docs).as_posix()
        if is_rules_file(src):
            alerts, _ = parse_rules(src, path.read_text(encoding="utf-8"), schema, src)
            cases += [(a.name, a.runbook_url.removeprefix(prefix)) for a in alerts if a.severity == "critical"]
    return cases


def rank(index: dict, cases: list[tuple[str, str]], work: Path) -> dict[str, list[str]]:
    (work / "index.json").write_text(json.dumps(index), encoding="utf-8")
    (work / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    script = HERE / "search_worker.js"
    done = subprocess.run(
        [node(), str(script), str(worker_script()), str(work / "index.json"), str(work / "cases.json")],
        check=True,
        capture_output=True,
        text=True,
    )
    return {row["query"]: row["results"] for row in map(json.loads, done.stdout.splitlines())}


def with_material_defaults(index: dict) -> dict:
    plain = json.loads(json.dumps(index))
    plain["config"]["fields"] = MATERIAL_DEFAULT_FIELDS
    for doc in plain["docs"]:
        doc.pop("boost", None)
    return plain


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to read (default: build one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        site = args.site or work / "site"
        if args.site is None:
            build(site)
        index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
        cases = cases_from(index)
        ours, plain = rank(index, cases, work), rank(with_material_defaults(index), cases, work)
    first = lambda results, expected: bool(results) and results[0] == expected  # noqa: E731
    ours_ok = {q for q, e in cases if first(ours[q], e)}
    plain_ok = {q for q, e in cases if first(plain[q], e)}
    print(f"queries: {len(cases)} (page titles and critical alerts)")
    print(f"own page first, this site's search settings: {len(ours_ok)}")
    print(f"own page first, Material's defaults:         {len(plain_ok)}")
    print(f"ratio: {len(ours_ok) / max(len(plain_ok), 1):.2f}")
    worse = sorted(plain_ok - ours_ok)
    print(f"worse than Material's defaults: {len(worse)}")
    for query in worse:
        print(f"  {query!r}: {ours[query][:2]}")
    expected = dict(cases)
    for query in sorted(q for q, _ in cases if q not in ours_ok):
        print(f"  miss {query!r}: expected {expected[query]}, got {ours[query][:2]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
