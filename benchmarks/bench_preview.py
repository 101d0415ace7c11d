"""Live-preview benchmark: seconds from saving a file to every page that shows it being served updated.

    .venv/bin/python benchmarks/bench_preview.py              # the real docs, one round
    .venv/bin/python benchmarks/bench_preview.py --rounds 3   # medians of three

On a copy of the repository's docs (with the drawings already made, as a warm checkout has
them) it starts `mkdocs serve --dirty` (what `python3 dev.py serve` runs), then, as an author
would, saves one edit at a time: a page's text changed, an ADR retitled, added and moved, a
service retitled and added, a diagram added. After each save it asks the server, every 50 ms,
for the edited page and the pages generated from it (the decision log, the catalog, the tags
index, the gallery, another ADR or service whose navigation lists it) until all of them show
the edit, and prints that time. Then the same edits against `mkdocs serve` without --dirty
(every save rebuilds the whole site, as `dev.py serve --full`), on a fresh copy, and the
ratio full / dirty for each edit. Target: at most 2 s after a save. Figures, never
pass/fail: this is no test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from site_content import adrs_in, page_url, services_in  # noqa: E402

PARTS = ("docs", "hooks", "overrides", "mkdocs.yml")
TARGET = 2.0
TIMEOUT = 180.0
DECISIONS, CATALOG, DIAGRAMS = "ARCHITECTURE/decisions/", "ARCHITECTURE/service-catalog/", "ARCHITECTURE/diagrams/"


@dataclass
class Edit:
    name: str
    save: Callable[[Path], None]  # makes the edit in the docs folder
    shown: dict[str, str]  # page src_uri -> text it must then show


def copy_site(target: Path) -> Path:
    for part in PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    if (REPO / ".cache" / "diagrams").is_dir():
        shutil.copytree(REPO / ".cache" / "diagrams", target / ".cache" / "diagrams")
    return target / "mkdocs.yml"


def replace(src_uri: str, old: str, new: str) -> Callable[[Path], None]:
    def save(docs: Path) -> None:
        text = (docs / src_uri).read_text(encoding="utf-8")
        (docs / src_uri).write_text(text.replace(old, new, 1), encoding="utf-8")

    return save


def write(src_uri: str, text: str) -> Callable[[Path], None]:
    return lambda docs: (docs / src_uri).write_text(text, encoding="utf-8")


def move(src_uri: str, to: str) -> Callable[[Path], None]:
    return lambda docs: (docs / src_uri).rename(docs / to)


def edits(docs: Path, round_: int) -> list[Edit]:
    """The edits of one round, on today's docs: names are made unused, files found by parsing."""
    adrs, services = adrs_in(docs), services_in(docs)
    adr, other_adr, service, other = adrs[-1], adrs[0], services[-1], services[0]
    number = max(a.number for a in adrs) + 1
    new_adr = f"{DECISIONS}{number:03d}-bench-{round_}.md"
    moved = f"{DECISIONS}{number:03d}-bench-{round_}-moved.md"
    new_service = next(
        f"bench-service-{round_}-{n}"
        for n in range(1000)
        if f"bench-service-{round_}-{n}" not in {s.name for s in services}
    )
    stem = next(
        f"bench-flow-{round_}-{n}"
        for n in range(1000)
        if not (docs / f"{DIAGRAMS}bench-flow-{round_}-{n}.mermaid").exists()
    )
    guide = "GUIDES/developer-guide/docs-build-speed.md"
    adr_title, service_title = f"Bench decision {round_}", f"Bench Service {round_}"
    adr_text = (
        f"---\nstatus: proposed\ndate: 2024-03-01\ndecision-makers: [Daniel Osei]\naffects: [{other.name}]\n"
        f"tags: [bench]\n---\n\n# {adr_title}\n\nMeasured.\n"
    )
    service_text = (
        f"---\nname: {new_service}\ntitle: {service_title}\ndescription: Measured.\nrepository: {other.repository}\n"
        f"language: python\ntype: service\nlifecycle: production\nowner: {other.owner}\nmigration: migrated\n"
        f"tags: [bench]\n---\n\n# {service_title}\n\nMeasured.\n"
    )
    heading = next(line for line in (docs / adr.path).read_text(encoding="utf-8").splitlines() if line.startswith("# "))
    return [
        Edit("page text", replace(guide, "\n\n", f"\n\nBench edit {round_}.\n\n"), {guide: f"Bench edit {round_}."}),
        Edit(
            "ADR retitled",
            replace(adr.path, heading, f"{heading} (bench {round_})"),
            {
                adr.path: f"(bench {round_})",
                DECISIONS + "README.md": f"(bench {round_})",
                other_adr.path: f"(bench {round_})",
            },
        ),
        Edit(
            "ADR added",
            write(new_adr, adr_text),
            {new_adr: adr_title, DECISIONS + "README.md": adr_title, "tags.md": adr_title, other_adr.path: adr_title},
        ),
        Edit(
            "ADR moved",
            move(new_adr, moved),
            {moved: adr_title, DECISIONS + "README.md": f"{number:03d}-bench-{round_}-moved"},
        ),
        Edit(
            "service retitled",
            replace(service.path, f"title: {service.title}", f"title: {service.title} (bench {round_})"),
            {
                service.path: f"(bench {round_})",
                CATALOG + "README.md": f"(bench {round_})",
                other.path: f"(bench {round_})",
            },
        ),
        Edit(
            "service added",
            write(f"{CATALOG}{new_service}.md", service_text),
            {
                f"{CATALOG}{new_service}.md": service_title,
                CATALOG + "README.md": service_title,
                other.path: service_title,
            },
        ),
        Edit(
            "diagram added",
            write(
                f"{DIAGRAMS}{stem}.mermaid",
                f"%% Bench flow {round_}.\nflowchart LR\n  ext_user --> {other.name.replace('-', '_')}\n",
            ),
            {f"{DIAGRAMS}{stem}.md": f"Bench flow {round_}", DIAGRAMS + "README.md": f"{stem}/"},
        ),
    ]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.read().decode("utf-8", errors="replace")
    except (OSError, urllib.error.URLError):
        return ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(dirty: bool, rounds: int, root: Path) -> dict[str, list[float]]:
    """Seconds from each save to every page showing it, per edit, under one serve session."""
    config = copy_site(root)
    docs, port = root / "docs", free_port()
    log = (root / "serve.log").open("w")
    command = [str(REPO / ".venv/bin/mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(config)]
    server = subprocess.Popen(
        command + (["--dirty"] if dirty else []),
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/pyairtable-docs/"
    found: dict[str, list[float]] = {}
    try:
        deadline = time.monotonic() + 600
        while "Serving on" not in (root / "serve.log").read_text():
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("mkdocs serve did not come up:\n" + (root / "serve.log").read_text()[-3000:])
            time.sleep(0.5)
        for round_ in range(rounds):
            for edit in edits(docs, round_):
                time.sleep(1.5)  # the watcher has seen the last save through
                saved = time.perf_counter()
                edit.save(docs)
                while not all(text in fetch(base + page_url(src)) for src, text in edit.shown.items()):
                    if time.perf_counter() - saved > TIMEOUT:
                        raise SystemExit(
                            f"{edit.name}: not shown within {TIMEOUT:.0f} s:\n"
                            + (root / "serve.log").read_text()[-3000:]
                        )
                    time.sleep(0.05)
                found.setdefault(edit.name, []).append(time.perf_counter() - saved)
        return found
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        dirty = measure(True, args.rounds, Path(tmp) / "dirty")
        full = measure(False, args.rounds, Path(tmp) / "full")
    print(f"save -> every page showing it served updated (median of {args.rounds}; target <= {TARGET:.0f} s)")
    print(f"{'edit':<18} {'serve --dirty':>14} {'serve (full)':>13} {'full/dirty':>11}")
    for name, seconds in dirty.items():
        d, f = statistics.median(seconds), statistics.median(full[name])
        mark = "" if d <= TARGET else "  over target"
        print(f"{name:<18} {d:>12.2f} s {f:>11.2f} s {f / d:>10.1f}x{mark}")


if __name__ == "__main__":
    main()
