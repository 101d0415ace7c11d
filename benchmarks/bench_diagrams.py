"""Diagram cost of a build of this site: cold (no drawing cached) against warm.

    .venv/bin/python benchmarks/bench_diagrams.py              # 2 cold, 3 warm rounds
    .venv/bin/python benchmarks/bench_diagrams.py --rounds 1

Each build runs `mkdocs build --strict` on the real docs in a fresh process, with the
repository's mkdocs.yml copied into a temporary folder, so its drawing cache (``.cache/diagrams``
beside the config) starts empty for a cold build and is the previous build's for a warm one.
From each build's log line "Diagrams: N shown, M drawn (X s in Chromium), Y s in the build" it
prints the seconds the build spent in the diagram hook (waiting for drawings included: the
critical path), the seconds Chromium spent drawing (on the other core, mostly in parallel
with the build), and the whole build's wall time; then the ratio warm / cold of each, measured
in this same run. The issue's targets: warm <= 0.3 s, cold <= 15 s of diagram cost. Figures,
never pass/fail.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import ENVIRONMENT, REPO, full_config

LOG_LINE = re.compile(r"Diagrams: (\d+) shown, (\d+) drawn \(([\d.]+) s in Chromium\), ([\d.]+) s in the build")


def commit_epoch() -> str:
    done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=REPO, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def timed_build(config: Path, site: Path, *options: str) -> tuple[float, str]:
    """(wall seconds, log) of `mkdocs build` in a fresh process; a failed build ends the benchmark."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options, "-f", str(config), "-d", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**ENVIRONMENT, "SOURCE_DATE_EPOCH": commit_epoch()},  # review dates judged as in CI
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    return wall, done.stderr


def build(config: Path, site: Path) -> tuple[int, int, float, float, float]:
    """(shown, drawn, Chromium seconds, seconds in the hook, wall seconds) of one build."""
    wall, log = timed_build(config, site, "--strict")
    match = LOG_LINE.search(log)
    if match is None:
        raise SystemExit("the build logged no diagram figures")
    shown, drawn, chromium, in_hook = match.groups()
    return int(shown), int(drawn), float(chromium), float(in_hook), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=0, help="rounds of each (default: 2 cold, 3 warm)")
    args = parser.parse_args()
    cold_rounds, warm_rounds = (args.rounds, args.rounds) if args.rounds else (2, 3)
    with tempfile.TemporaryDirectory(prefix="bench-diagrams-") as tmp:
        root = Path(tmp)
        config = full_config(REPO / "docs", root / "mkdocs.yml")
        cold, warm = [], []
        for _ in range(cold_rounds):
            shutil.rmtree(root / ".cache", ignore_errors=True)
            cold.append(build(config, root / "site"))
        for _ in range(warm_rounds):
            warm.append(build(config, root / "site"))

    def median(runs: list[tuple], index: int) -> float:
        return statistics.median(run[index] for run in runs)

    print(f"diagrams shown: {cold[0][0]}; drawn cold: {cold[0][1]}, warm: {warm[-1][1]}")
    print(f"{'':24}{'cold':>10}{'warm':>10}{'warm/cold':>11}")
    for label, index in (("in the diagram hook", 3), ("drawing in Chromium", 2), ("whole build", 4)):
        a, b = median(cold, index), median(warm, index)
        ratio = f"{b / a:.3f}" if a else "-"
        print(f"{label:24}{a:9.2f}s{b:9.2f}s{ratio:>11}")


if __name__ == "__main__":
    main()
