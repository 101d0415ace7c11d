"""Parse Mermaid diagrams with the real Mermaid, in headless Chromium.

One browser session checks a whole batch. Results are cached by diagram text for the
life of the process (``mkdocs serve`` rebuilds and repeated test builds reuse them) and,
through ``DiskCache``, across builds: only new or edited diagrams cost anything.
``BackgroundCheck`` parses on a thread of its own while the build goes on: Chromium does
the work in its own process, on another core.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import tempfile
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path(os.environ.get("PYAIRTABLE_DOCS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Mermaid refuses a graph of more than 500 edges by default; a catalog of 90 services draws
# more in its system graph. The same limit is given to Mermaid in the browser
# (overrides/assets/javascripts/mermaid-local.js).
MAX_EDGES = 2000

PARSE_ALL = """async (sources) => {
  mermaid.initialize({startOnLoad: false, maxEdges: MAX_EDGES});
  const results = [];
  for (const source of sources) {
    try {
      await mermaid.parse(source);
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
      const db = diagram.db;
      const keys = (m) => (m instanceof Map ? [...m.keys()] : Object.keys(m || {}));
      let ids = [];
      if (db.getVertices) ids = ids.concat(keys(db.getVertices()));
      if (db.getSubGraphs) ids = ids.concat(db.getSubGraphs().map((s) => s.id));
      if (db.getActors) ids = ids.concat(keys(db.getActors()));
      results.push({ok: true, ids});
    } catch (error) {
      const loc = error && error.hash && error.hash.loc;
      results.push({ok: false, message: String((error && error.message) || error),
                    line: loc ? loc.first_line : null});
    }
  }
  return results;
}""".replace("MAX_EDGES", str(MAX_EDGES))


@dataclass(frozen=True)
class ParseResult:
    ok: bool
    node_ids: tuple[str, ...] = ()
    message: str = ""
    line: int | None = None  # 1-based line within the diagram


_cache: dict[str, ParseResult] = {}


class BrowserUnavailable(Exception):
    """No Chromium (or no Playwright) on this machine: diagrams cannot be checked."""


def summary(message: str) -> str:
    """Mermaid's message without the echo of the source: the 'Expecting ...' part."""
    lines = [line for line in message.splitlines() if line.strip()]
    expecting = [line for line in lines if line.startswith(("Expecting", "Lexical error"))]
    if expecting:
        return expecting[0]
    return re.sub(r"\s+", " ", lines[-1] if lines else message)[:300]


def line_from(message: str) -> int | None:
    match = re.search(r"\bline (\d+)", message)
    return int(match.group(1)) if match else None


class DiskCache:
    """Parse results kept in a JSON file, keyed by the Mermaid bundle and the diagram text."""

    def __init__(self, path: Path, mermaid_js: Path) -> None:
        self.path = path
        stat = mermaid_js.stat()
        # Changes when npm installs another Mermaid, or the check itself changes.
        self.bundle = f"{stat.st_size}:{stat.st_mtime_ns}:{hashlib.sha256(PARSE_ALL.encode()).hexdigest()[:16]}"
        try:
            self.stored = json.loads(path.read_text())
        except (OSError, ValueError):
            self.stored = {}

    def _is_current(self, entry: object) -> bool:
        return isinstance(entry, dict) and entry.get("bundle") == self.bundle

    def _key(self, source: str) -> str:
        return hashlib.sha256(f"{self.bundle}\0{source}".encode("utf-8", "surrogatepass")).hexdigest()

    def load(self, sources: Iterable[str]) -> None:
        """Put the stored results for these sources into the process cache."""
        for source in sources:
            if source not in _cache and isinstance(entry := self.stored.get(self._key(source)), dict):
                try:
                    _cache[source] = ParseResult(
                        bool(entry["ok"]), tuple(entry["ids"]), entry["message"], entry["line"]
                    )
                except (KeyError, TypeError):
                    continue

    def save(self, sources: Iterable[str]) -> None:
        """Add these sources' results to the file, keeping what other builds stored there.

        Builds side by side (test workers, a CI cache shared by branches) each add their own
        diagrams; entries of another Mermaid bundle are dropped, so the file cannot grow stale.
        """
        entries = {
            self._key(s): {
                "ok": r.ok,
                "ids": list(r.node_ids),
                "message": r.message,
                "line": r.line,
                "bundle": self.bundle,
            }
            for s in dict.fromkeys(sources)
            if (r := _cache.get(s)) is not None
        }
        try:
            stored = json.loads(self.path.read_text())
        except (OSError, ValueError):
            stored = {}
        if isinstance(stored, dict):
            entries = {**{k: v for k, v in stored.items() if self._is_current(v)}, **entries}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", dir=self.path.parent, prefix=self.path.name, suffix=".tmp", delete=False
            ) as temporary:
                temporary.write(json.dumps(entries, sort_keys=True))
            os.replace(temporary.name, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time


class BackgroundCheck:
    """Diagrams submitted during a build are parsed on a thread, the browser started on first need.

    ``submit(..., last=True)`` says no more will come: the thread then closes the browser as
    soon as it is done, instead of when the results are asked for.
    """

    def __init__(self, mermaid_js: Path) -> None:
        self.mermaid_js = mermaid_js
        self.submitted: set[str] = set()
        self.queue: queue.Queue[str | None] | None = None  # the running thread's; None once told "last"
        self.threads: list[threading.Thread] = []
        self.error: BrowserUnavailable | None = None

    def submit(self, sources: Iterable[str], *, last: bool = False) -> None:
        new = [s for s in dict.fromkeys(sources) if s not in _cache and s not in self.submitted]
        if new and self.queue is None:
            self.queue = queue.Queue()
            thread = threading.Thread(target=self._run, args=(self.queue,), name="mermaid-check", daemon=True)
            self.threads.append(thread)
            thread.start()
        for source in new:
            self.submitted.add(source)
            self.queue.put(source)
        if last and self.queue is not None:
            self.queue.put(None)
            self.queue = None

    def results(self, sources: Sequence[str]) -> list[ParseResult]:
        """A ParseResult for each source (submitted or not); raises BrowserUnavailable."""
        self.submit(sources, last=True)
        for thread in self.threads:
            thread.join()
        if self.error is not None:
            raise self.error
        return [_cache[s] for s in sources]

    def _run(self, work: queue.Queue[str | None]) -> None:
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                page, close = _mermaid_page(playwright, self.mermaid_js)
                try:
                    while (batch := _next_batch(work)) is not None:
                        for source, result in zip(batch, _parse(page, batch), strict=True):
                            _cache[source] = result
                finally:
                    close()
            return
        except BrowserUnavailable as error:
            self.error = error
        except Exception as error:  # any failure of Playwright or the browser: the check is unavailable
            self.error = BrowserUnavailable(f"Chromium could not run Mermaid: {error}")
        while work.get() is not None:  # drain, so that results() never waits on a dead thread
            pass


def _next_batch(work: queue.Queue[str | None]) -> list[str] | None:
    """What is waiting (at least one item); None once the end is reached."""
    batch = [work.get()]
    while not work.empty():
        batch.append(work.get())
    if None in batch:
        remaining = [s for s in batch if s is not None]
        if remaining:
            work.put(None)  # parse these, then stop
            return remaining
        return None
    return batch


def _mermaid_page(playwright: object, mermaid_js: Path) -> tuple[object, object]:
    """A blank page with Mermaid loaded, and the function that closes its browser."""
    if not CHROMIUM.exists():
        raise BrowserUnavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        page = browser.new_page()
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(mermaid_js))
    except Exception:
        browser.close()
        raise
    return page, browser.close


def _parse(page: object, sources: list[str]) -> list[ParseResult]:
    results = []
    for item in page.evaluate(PARSE_ALL, sources):
        if item["ok"]:
            results.append(ParseResult(True, tuple(item["ids"])))
        else:
            message = item["message"]
            line = item["line"] or line_from(message)
            results.append(ParseResult(False, message=summary(message), line=line))
    return results
