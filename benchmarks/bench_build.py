"""Build-speed benchmark: our full configuration against plain Material + search.

    .venv/bin/python benchmarks/bench_build.py                # N = 1,000, both shapes
    .venv/bin/python benchmarks/bench_build.py --pages 200 --rounds 1   # a quick look
    .venv/bin/python benchmarks/bench_build.py --shape org --pages 1000 3000
    .venv/bin/python benchmarks/bench_build.py --large        # adds N = 3,000
    .venv/bin/python benchmarks/bench_build.py --check-identical   # also: speed hooks off, same site?
    .venv/bin/python benchmarks/bench_build.py --pages 1000 --serve   # adds the serve figure

For each shape and N it writes a synthetic hub (benchmarks/synthetic_hub.py: ``classic``,
10% services and 10% ADRs, or ``org``, a bigger organisation's: 9% services with hub-shaped
dependencies, 18% ADRs that supersede each other, 5% .mermaid diagrams), then builds it with
(a) plain Material + search, the baseline, and (b) this repository's mkdocs.yml with every
hook and plugin. One unmeasured warm-up build of each comes first, so on-disk caches (our
.cache/ of Mermaid results) are warm, as in CI, which restores .cache/ (--cold: no warm-up,
and every build of (b) starts without .cache/, as a CI run without a cache); then the measured
builds, interleaved for several rounds, each in a fresh process. Both convert the same
Markdown with the same Markdown extensions (ours), so the ratio measures the theme set-up,
plugins and hooks.

It prints medians, the ratio b/a measured in this same run, the same ratio of CPU seconds
(every process of a build counted: on a busy machine, where (b)'s second core is not free,
the time ratio tends to it), ms per page, peak memory (a forked child's included), and the
share of (b)'s build time spent inside our hooks' event handlers.

With --check-identical it then builds (b) once more with every speed hook off
(PYAIRTABLE_DOCS_FAST=0, the same SOURCE_DATE_EPOCH), says whether the site is the same byte
for byte, and exits non-zero with the files that differ, if any. With --serve it also starts
`mkdocs serve --dirty` (what dev.py serve runs) on the largest hub, renames an ADR several
times and prints how long after each save both the ADR page and the decision log served the
new title. Figures, never pass/fail: this is no test.
"""

from __future__ import annotations

import argparse
import filecmp
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

from synthetic_hub import SHAPES, write_hub

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
    depth = [0]
    def timed(method):
        def wrapper(*args, **kwargs):
            depth[0] += 1
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1
                if not depth[0]:  # the outermost call only: nested timed calls are inside it
                    in_hooks[0] += time.perf_counter() - start
        return wrapper
    def ours(method):
        module = getattr(method, "__module__", "") or ""
        return module.startswith("pyairtable_docs") or "hooks/" in module
    for event, methods in config.plugins.events.items():
        config.plugins.events[event] = [timed(m) if ours(m) else m for m in methods]
    # The navigation our hook caches is called from the template, not as an event: counted too.
    nav = sys.modules.get("pyairtable_docs.speed.nav_html")
    for name in ("NavCache.item", "NavCache.children", "NavRenderer.items"):
        owner, _, method = name.partition(".")
        if hasattr(getattr(nav, owner, None), method):
            setattr(getattr(nav, owner), method, timed(getattr(getattr(nav, owner), method)))
    start = time.perf_counter()
    build(config)
    seconds = time.perf_counter() - start
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    peak = max(u.ru_maxrss for u in usage) / 1024
    cpu = sum(u.ru_utime + u.ru_stime for u in usage)  # forked renderer, CSP worker, Chromium included
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "hooks": in_hooks[0], "cpu": cpu}))
""")


def full_config(docs: Path, target: Path) -> Path:
    """The repository's mkdocs.yml pointed at ``docs``; relative paths made absolute."""
    text = (REPO / "mkdocs.yml").read_text()
    text = text.replace("docs_dir: docs", f"docs_dir: {docs}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    text = text.replace("  - hooks/", f"  - {REPO / 'hooks'}/")
    target.write_text(text)
    return target


# Every build sees the same clock for dates git does not know (reproducible builds), and the
# package of this checkout (a git worktree's too, not only the one installed in the venv).
ENVIRONMENT = {
    "NO_MKDOCS_2_WARNING": "1",
    "PATH": "/usr/bin:/bin",
    "SOURCE_DATE_EPOCH": "1767225600",
    "PYTHONPATH": str(REPO / "src"),
}


def run_build(config: Path, site: Path, **environment: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(config), str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**ENVIRONMENT, **environment},
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


def serve_latency(pages: int, shape: str, edits: int = 5) -> tuple[list[float], list[float]]:
    """Seconds from saving a renamed ADR to both its page and the decision log showing the name,
    and the rebuild times mkdocs serve logged (the first build's, then each rebuild's)."""
    with tempfile.TemporaryDirectory(prefix=f"bench-serve-{pages}-") as tmp:
        root = Path(tmp)
        docs = write_hub(root, pages, shape=shape)
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
            env=ENVIRONMENT,
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


def different_files(site: Path, other: Path) -> list[str]:
    """Files (relative paths) that exist in only one of the two trees or differ byte for byte."""
    names = {p.relative_to(tree).as_posix() for tree in (site, other) for p in tree.rglob("*") if p.is_file()}
    return sorted(
        name
        for name in names
        if not ((site / name).is_file() and (other / name).is_file())
        or not filecmp.cmp(site / name, other / name, shallow=False)
    )


def bench(
    pages: int, rounds: int, shape: str, baseline_too: bool = True, check_identical: bool = False, cold: bool = False
) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{shape}-{pages}-") as tmp:
        root = Path(tmp)
        docs = write_hub(root, pages, shape=shape)
        baseline = baseline_config(docs, root / "baseline.yml")
        ours = full_config(docs, root / "ours.yml")
        # Unmeasured warm-up: on-disk caches (.cache/ beside ours.yml) as CI restores them.
        if baseline_too and not cold:
            run_build(baseline, root / "site-a")
        if not cold:
            run_build(ours, root / "site-b")
        runs: dict[str, list[dict]] = {"baseline": [], "ours": []}
        for _ in range(rounds):  # interleaved, so drift in the machine hits both alike
            if baseline_too:
                runs["baseline"].append(run_build(baseline, root / "site-a"))
            if cold:
                shutil.rmtree(root / ".cache", ignore_errors=True)
            runs["ours"].append(run_build(ours, root / "site-b"))
        differing = None
        if check_identical:
            run_build(ours, root / "site-slow", PYAIRTABLE_DOCS_FAST="0")
            differing = different_files(root / "site-b", root / "site-slow")
        page_count = sum(1 for p in docs.rglob("*") if p.suffix in (".md", ".mermaid"))
    median = {k: statistics.median(r["seconds"] for r in v) if v else float("nan") for k, v in runs.items()}
    cpu = {k: statistics.median(r["cpu"] for r in v) if v else float("nan") for k, v in runs.items()}
    return {
        "shape": shape,
        "pages": page_count,
        "baseline_s": median["baseline"],
        "ours_s": median["ours"],
        "ratio": median["ours"] / median["baseline"],
        "cpu_ratio": cpu["ours"] / cpu["baseline"],
        "ms_per_page": 1000 * median["ours"] / page_count,
        "baseline_ms_per_page": 1000 * median["baseline"] / page_count,
        "peak_mb": max(r["peak_mb"] for r in runs["ours"]),
        "baseline_peak_mb": max((r["peak_mb"] for r in runs["baseline"]), default=float("nan")),
        "hook_share": statistics.median(r["hooks"] / r["seconds"] for r in runs["ours"]),
        "differing": differing,  # None: not compared
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000], help="hub sizes (default 1,000)")
    parser.add_argument("--shape", nargs="+", choices=SHAPES, default=list(SHAPES), help="hub shapes (default both)")
    parser.add_argument("--large", action="store_true", help="also N = 3,000")
    parser.add_argument("--rounds", type=int, default=3, help="measured builds of each, after the warm-up")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="no warm-up, and .cache/ emptied before each build of ours (a CI run without a restored cache)",
    )
    parser.add_argument(
        "--check-identical",
        action="store_true",
        help="also build with PYAIRTABLE_DOCS_FAST=0 and stop if any file of the site differs",
    )
    parser.add_argument("--serve", action="store_true", help="also time serve rebuilds at the largest N")
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="build only ours (for ms/page growth: a 3,000-page baseline takes minutes a round)",
    )
    args = parser.parse_args()
    sizes = [*args.pages, *([3000] if args.large else [])]
    print(
        f"{'shape':>7} {'pages':>6} {'baseline s':>10} {'ours s':>8} {'ours/base':>9} {'cpu ours/base':>13} "
        f"{'ms/page':>8} {'base ms/page':>12} {'peak MB':>8} {'hooks':>6}",
        flush=True,
    )
    results: dict[str, list[dict]] = {}
    for shape in args.shape:
        for pages in sizes:
            r = bench(pages, args.rounds, shape, not args.no_baseline, args.check_identical, args.cold)
            results.setdefault(shape, []).append(r)
            print(
                f"{shape:>7} {r['pages']:>6} {r['baseline_s']:>10.2f} {r['ours_s']:>8.2f} {r['ratio']:>9.2f} "
                f"{r['cpu_ratio']:>13.2f} {r['ms_per_page']:>8.1f} {r['baseline_ms_per_page']:>12.1f} "
                f"{r['peak_mb']:>8.0f} {100 * r['hook_share']:>5.1f}%",
                flush=True,
            )
    for shape, rows in results.items():
        for r in rows:
            if r["differing"] is not None:
                print(
                    f"{shape} hub of {r['pages']} pages, speed hooks on and off (PYAIRTABLE_DOCS_FAST=0): "
                    + (
                        f"{len(r['differing'])} files differ: {', '.join(r['differing'][:10])}"
                        if r["differing"]
                        else "the same site, byte for byte"
                    )
                )
        if len(rows) > 1:
            first, last = rows[0], rows[-1]
            print(
                f"{shape}: growth of ms/page from {first['pages']} to {last['pages']} pages: "
                f"{last['ms_per_page'] / first['ms_per_page']:.2f}x"
            )
    if any(r["differing"] for rows in results.values() for r in rows):
        raise SystemExit("the site differs with the speed hooks off (see above)")
    if args.serve:
        latencies, built = serve_latency(max(sizes), args.shape[-1])
        print(
            f"serve --dirty at {max(sizes)} pages, ADR renamed -> ADR page and decision log show it: "
            f"median {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s "
            f"({', '.join(f'{x:.2f}' for x in latencies)}); first build {built[0]:.1f} s, "
            f"rebuilds {', '.join(f'{x:.2f}' for x in built[1:])} s"
        )


if __name__ == "__main__":
    main()
