"""Build-speed benchmark: our full configuration against plain Material + search.

    .venv/bin/python benchmarks/bench_build.py                # N = 100 and 1,000
    .venv/bin/python benchmarks/bench_build.py --pages 300 3000
    .venv/bin/python benchmarks/bench_build.py --large        # adds N = 3,000

For each N it writes a synthetic hub (benchmarks/synthetic_hub.py), then builds it with
(a) plain Material + search, the baseline, and (b) this repository's mkdocs.yml with every
hook and plugin, interleaved for several rounds, each build in a fresh process. It prints
medians, the ratio b/a measured in this same run, ms per page, peak memory, and the share
of (b)'s build time spent inside our hooks. Figures, never pass/fail: this is no test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from synthetic_hub import write_hub

REPO = Path(__file__).resolve().parents[1]

BASELINE = """
site_name: Baseline
docs_dir: {docs}
site_url: https://example.invalid/
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - admonition
  - tables
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""

# Run in a child process: builds once, prints seconds, peak RSS and seconds inside hooks.
CHILD = textwrap.dedent("""
    import json, resource, sys, time, logging
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    logging.disable(logging.WARNING)
    config = load_config(sys.argv[1], site_dir=sys.argv[2])
    in_hooks = [0.0]
    def timed(method):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                in_hooks[0] += time.perf_counter() - start
        return wrapper
    for event, methods in config.plugins.events.items():
        config.plugins.events[event] = [timed(m) if "hooks/" in getattr(m, "__module__", "")
                                        else m for m in methods]
    start = time.perf_counter()
    build(config)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "hooks": in_hooks[0]}))
""")


def full_config(docs: Path, target: Path) -> Path:
    """The repository's mkdocs.yml pointed at ``docs``; relative paths made absolute."""
    text = (REPO / "mkdocs.yml").read_text()
    text = text.replace("docs_dir: docs", f"docs_dir: {docs}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    text = text.replace("  - hooks/", f"  - {REPO / 'hooks'}/")
    target.write_text(text)
    return target


def run_build(config: Path, site: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, str(config), str(site)], cwd=REPO,
                            capture_output=True, text=True, check=False,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    if result.returncode != 0:
        raise SystemExit(f"build failed for {config}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench(pages: int, rounds: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{pages}-") as tmp:
        root = Path(tmp)
        docs = write_hub(root, pages)
        baseline = root / "baseline.yml"
        baseline.write_text(BASELINE.format(docs=docs))
        ours = full_config(docs, root / "ours.yml")
        runs: dict[str, list[dict]] = {"baseline": [], "ours": []}
        for _ in range(rounds):  # interleaved, so drift in the machine hits both alike
            runs["baseline"].append(run_build(baseline, root / "site-a"))
            runs["ours"].append(run_build(ours, root / "site-b"))
        page_count = sum(1 for _ in docs.rglob("*.md"))
    median = {k: statistics.median(r["seconds"] for r in v) for k, v in runs.items()}
    return {
        "pages": page_count,
        "baseline_s": median["baseline"],
        "ours_s": median["ours"],
        "ratio": median["ours"] / median["baseline"],
        "ms_per_page": 1000 * median["ours"] / page_count,
        "baseline_ms_per_page": 1000 * median["baseline"] / page_count,
        "peak_mb": max(r["peak_mb"] for r in runs["ours"]),
        "baseline_peak_mb": max(r["peak_mb"] for r in runs["baseline"]),
        "hook_share": statistics.median(r["hooks"] / r["seconds"] for r in runs["ours"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--large", action="store_true", help="also N = 3,000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sizes = [*args.pages, *([3000] if args.large else [])]
    print(f"{'pages':>6} {'baseline s':>10} {'ours s':>8} {'ours/base':>9} {'ms/page':>8} "
          f"{'base ms/page':>12} {'peak MB':>8} {'hooks':>6}")
    results = []
    for pages in sizes:
        r = bench(pages, args.rounds)
        results.append(r)
        print(f"{r['pages']:>6} {r['baseline_s']:>10.2f} {r['ours_s']:>8.2f} {r['ratio']:>9.2f} "
              f"{r['ms_per_page']:>8.1f} {r['baseline_ms_per_page']:>12.1f} {r['peak_mb']:>8.0f} "
              f"{100 * r['hook_share']:>5.1f}%", flush=True)
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(f"growth of ms/page from {first['pages']} to {last['pages']} pages: "
              f"{last['ms_per_page'] / first['ms_per_page']:.2f}x")


if __name__ == "__main__":
    main()
