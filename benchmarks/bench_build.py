"""Build-speed benchmark: our full configuration against plain Material + search.

    .venv/bin/python benchmarks/bench_build.py                # N = 100 and 1,000
    .venv/bin/python benchmarks/bench_build.py --large        # adds N = 3,000
    .venv/bin/python benchmarks/bench_build.py --pages 300 3000 --rounds 1
    .venv/bin/python benchmarks/bench_build.py --pages 1000 --serve   # adds the serve figure

For each N it writes a synthetic hub (benchmarks/synthetic_hub.py), then builds it with
(a) plain Material + search, the baseline, and (b) this repository's mkdocs.yml with every
hook and plugin, interleaved for several rounds, each build in a fresh process. Both convert
the same Markdown with the same Markdown extensions (ours), so the ratio measures the theme
set-up, plugins and hooks. Every build of (b) starts cold: no .cache/ from a previous one.

It prints medians, the ratio b/a measured in this same run, ms per page, peak memory (a
forked child's included), and the share of (b)'s build time spent inside our hooks' event
handlers. With --serve it also starts `mkdocs serve --dirty` (what dev.py serve runs) on the
largest hub, renames an ADR several times and prints how long after each save both the ADR
page and the decision log served the new title. Figures, never pass/fail: this is no test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
import urllib.request
from pathlib import Path

from mkdocs.config import load_config

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
"""


def markdown_extensions() -> str:
    """Our mkdocs.yml's markdown_extensions block, for the baseline: the same Markdown, converted alike."""
    text = (REPO / "mkdocs.yml").read_text()
    block = text[text.index("\nmarkdown_extensions:") :]
    end = next(i for i, line in enumerate(block.splitlines()[2:], 2) if line and not line[0].isspace())
    return "\n".join(block.splitlines()[:end]) + "\n"


def baseline_config(docs: Path, target: Path) -> Path:
    # The snippets base path is made absolute by one of our hooks; the baseline has none.
    target.write_text(
        BASELINE.format(docs=docs) + markdown_extensions().replace("base_path: [docs]", f"base_path: [{docs}]")
    )
    return target


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
    # The navigation our hook renders is called from the template, not as an event: counted too.
    if "nav_html" in sys.modules:
        renderer = sys.modules["nav_html"].NavRenderer
        renderer.items = timed(renderer.items)
    start = time.perf_counter()
    build(config)
    seconds = time.perf_counter() - start
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
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
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(config), str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    if result.returncode != 0:
        raise SystemExit(f"build failed for {config}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def serve_latency(pages: int, edits: int = 5) -> tuple[list[float], list[float]]:
    """Seconds from saving a renamed ADR to both its page and the decision log showing the name,
    and the rebuild times mkdocs serve logged (the first build's, then each rebuild's)."""
    with tempfile.TemporaryDirectory(prefix=f"bench-serve-{pages}-") as tmp:
        root = Path(tmp)
        docs = write_hub(root, pages)
        config = full_config(docs, root / "ours.yml")
        port = free_port()
        # mkdocs serve mounts the site under site_url's path, as it will be published
        mount = urllib.parse.urlsplit(load_config(str(config)).site_url or "/").path
        base = f"http://127.0.0.1:{port}{mount}ARCHITECTURE/decisions/"
        log = (root / "serve.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 900
            while "Decision 1" not in fetch(base):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("mkdocs serve did not come up:\n" + (root / "serve.log").read_text()[-3000:])
                time.sleep(1)
            adr = sorted((docs / "ARCHITECTURE" / "decisions").glob("0*.md"))[0]
            adr_url = base + adr.stem + "/"
            latencies = []
            for edit in range(edits):
                time.sleep(2)  # let the previous rebuild settle
                title = f"Decision 1 renamed {edit}"
                text = adr.read_text()
                heading = next(line for line in text.splitlines() if line.startswith("# "))
                saved = time.perf_counter()
                adr.write_text(text.replace(heading, f"# {title}", 1))
                while not (title in fetch(adr_url) and title in fetch(base)):
                    if time.perf_counter() - saved > 120:
                        raise SystemExit("no rebuild within 120 s:\n" + (root / "serve.log").read_text()[-3000:])
                    time.sleep(0.05)
                latencies.append(time.perf_counter() - saved)
            log.flush()
            built = [
                float(m)
                for m in re.findall(r"Documentation built in ([\d.]+) seconds", (root / "serve.log").read_text())
            ]
            return latencies, built
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
            log.close()


def bench(pages: int, rounds: int, baseline_too: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{pages}-") as tmp:
        root = Path(tmp)
        docs = write_hub(root, pages)
        baseline = baseline_config(docs, root / "baseline.yml")
        ours = full_config(docs, root / "ours.yml")
        runs: dict[str, list[dict]] = {"baseline": [], "ours": []}
        for _ in range(rounds):  # interleaved, so drift in the machine hits both alike
            if baseline_too:
                runs["baseline"].append(run_build(baseline, root / "site-a"))
            shutil.rmtree(root / ".cache", ignore_errors=True)  # cold: no Mermaid results from the last round
            runs["ours"].append(run_build(ours, root / "site-b"))
        page_count = sum(1 for _ in docs.rglob("*.md"))
    median = {k: statistics.median(r["seconds"] for r in v) if v else float("nan") for k, v in runs.items()}
    return {
        "pages": page_count,
        "baseline_s": median["baseline"],
        "ours_s": median["ours"],
        "ratio": median["ours"] / median["baseline"],
        "ms_per_page": 1000 * median["ours"] / page_count,
        "baseline_ms_per_page": 1000 * median["baseline"] / page_count,
        "peak_mb": max(r["peak_mb"] for r in runs["ours"]),
        "baseline_peak_mb": max((r["peak_mb"] for r in runs["baseline"]), default=float("nan")),
        "hook_share": statistics.median(r["hooks"] / r["seconds"] for r in runs["ours"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--large", action="store_true", help="also N = 3,000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--serve", action="store_true", help="also time serve rebuilds at the largest N")
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="build only ours (for ms/page growth: a 3,000-page baseline takes minutes a round)",
    )
    args = parser.parse_args()
    sizes = [*args.pages, *([3000] if args.large else [])]
    print(
        f"{'pages':>6} {'baseline s':>10} {'ours s':>8} {'ours/base':>9} {'ms/page':>8} "
        f"{'base ms/page':>12} {'peak MB':>8} {'hooks':>6}"
    )
    results = []
    for pages in sizes:
        r = bench(pages, args.rounds, baseline_too=not args.no_baseline)
        results.append(r)
        print(
            f"{r['pages']:>6} {r['baseline_s']:>10.2f} {r['ours_s']:>8.2f} {r['ratio']:>9.2f} "
            f"{r['ms_per_page']:>8.1f} {r['baseline_ms_per_page']:>12.1f} {r['peak_mb']:>8.0f} "
            f"{100 * r['hook_share']:>5.1f}%",
            flush=True,
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(
            f"growth of ms/page from {first['pages']} to {last['pages']} pages: "
            f"{last['ms_per_page'] / first['ms_per_page']:.2f}x"
        )
    if args.serve:
        latencies, built = serve_latency(max(sizes))
        print(
            f"serve --dirty at {max(sizes)} pages, ADR renamed -> ADR page and decision log show it: "
            f"median {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s "
            f"({', '.join(f'{x:.2f}' for x in latencies)}); first build {built[0]:.1f} s, "
            f"rebuilds {', '.join(f'{x:.2f}' for x in built[1:])} s"
        )


if __name__ == "__main__":
    main()
