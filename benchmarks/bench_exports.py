"""What the hub for machines (llms.txt, twins, JSON exports, Backstage) adds to a build of this site.

    .venv/bin/python benchmarks/bench_exports.py              # 3 rounds
    .venv/bin/python benchmarks/bench_exports.py --rounds 1

Each round builds the real docs twice in fresh processes, `mkdocs build`, with the
repository's mkdocs.yml (the baseline: the same file without hooks/machine_exports.py) and
with it, in alternating order, so both see the same machine load. Diagram drawings come from
the repository's cache in both. It prints the median wall time of each, their ratio, the
seconds the hook itself reports (its log line "Exports: ... in X s", Node's Backstage check
included) and the size of every file it wrote. Figures, never pass/fail.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
from pathlib import Path

from bench_build import REPO
from bench_diagrams import timed_build

HOOK_LINE = "  - hooks/machine_exports.py\n"
LOG_LINE = re.compile(r"Exports: (\d+) twins and (\d+) other files, ([\d.]+) MB, in ([\d.]+) s")


def config_copy(folder: Path, with_exports: bool) -> Path:
    """mkdocs.yml beside the repository's (so its relative paths and drawing cache hold), with or without the hook."""
    text = (REPO / "mkdocs.yml").read_text()
    assert HOOK_LINE in text, "mkdocs.yml no longer registers hooks/machine_exports.py"
    target = REPO / f".bench-exports-{'on' if with_exports else 'off'}-{folder.name}.yml"
    target.write_text(text if with_exports else text.replace(HOOK_LINE, ""))
    return target


def build(config: Path, site: Path, strict: bool) -> tuple[float, float | None]:
    """(wall seconds, seconds the export hook reports) of one build."""
    wall, log = timed_build(config, site, *(["--strict"] if strict else []))
    match = LOG_LINE.search(log)
    return wall, float(match.group(4)) if match else None


def sizes(site: Path) -> list[tuple[str, int]]:
    names = ["llms.txt", "llms-full.txt", *sorted(p.name for p in site.glob("*.json") if p.name != "tags.json")]
    rows = [(name, (site / name).stat().st_size) for name in names]
    twins = [p for p in site.rglob("*.md")]
    rows.append((f"{len(twins)} twins (*/index.md)", sum(p.stat().st_size for p in twins)))
    backstage = list((site / "backstage").rglob("*.yaml"))
    rows.append((f"backstage/ ({len(backstage)} files)", sum(p.stat().st_size for p in backstage)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        configs = {False: config_copy(folder, False), True: config_copy(folder, True)}
        try:
            walls: dict[bool, list[float]] = {False: [], True: []}
            hook: list[float] = []
            for number in range(rounds):
                for with_exports in (False, True) if number % 2 == 0 else (True, False):
                    site = folder / f"site-{with_exports}"
                    shutil.rmtree(site, ignore_errors=True)
                    # The baseline is not strict: the page on these files links them, which it cannot without the hook.
                    wall, in_hook = build(configs[with_exports], site, strict=with_exports)
                    walls[with_exports].append(wall)
                    if in_hook is not None:
                        hook.append(in_hook)
            without, with_ = statistics.median(walls[False]), statistics.median(walls[True])
            print(f"rounds: {rounds}")
            print(f"build without the exports hook (baseline): {without:.2f} s (median)")
            print(f"build with it:                            {with_:.2f} s (median)")
            print(f"ratio with / without:                     {with_ / without:.3f}  (+{with_ - without:.2f} s)")
            if hook:
                print(f"the hook's own on_post_build:             {statistics.median(hook):.2f} s (median)")
            print("files written:")
            for name, size in sizes(folder / "site-True"):
                print(f"  {name:<32} {size / 1024:10.1f} KiB")
        finally:
            for config in configs.values():
                config.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
