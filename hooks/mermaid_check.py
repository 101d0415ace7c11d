"""Parse Mermaid diagrams with the real Mermaid, in headless Chromium.

One browser session checks a whole batch. Results are cached by diagram text for the
life of the process (``mkdocs serve`` rebuilds and repeated test builds reuse them),
so only new or edited diagrams cost anything.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path(os.environ.get("PYAIRTABLE_DOCS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

PARSE_ALL = """async (sources) => {
  mermaid.initialize({startOnLoad: false});
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
}"""


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


def parse_diagrams(sources: Sequence[str], mermaid_js: Path) -> list[ParseResult]:
    """A ParseResult for each source, in order; raises BrowserUnavailable."""
    missing = [s for s in dict.fromkeys(sources) if s not in _cache]
    if missing:
        # Its own thread: Playwright's sync API refuses to run where an event loop is
        # already running (as in a test session that holds a browser of its own).
        with ThreadPoolExecutor(max_workers=1) as worker:
            parsed = worker.submit(_parse_in_browser, missing, mermaid_js).result()
        for source, result in zip(missing, parsed, strict=True):
            _cache[source] = result
    return [_cache[s] for s in sources]


def _parse_in_browser(sources: list[str], mermaid_js: Path) -> list[ParseResult]:
    if not CHROMIUM.exists():
        raise BrowserUnavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as error:
        raise BrowserUnavailable(f"Playwright is not installed ({error})") from None
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.set_content("<!doctype html><html><body></body></html>")
                page.add_script_tag(path=str(mermaid_js))
                raw = page.evaluate(PARSE_ALL, sources)
            finally:
                browser.close()
    except Error as error:
        raise BrowserUnavailable(f"Chromium could not run Mermaid: {error}") from None
    results = []
    for item in raw:
        if item["ok"]:
            results.append(ParseResult(True, tuple(item["ids"])))
        else:
            message = item["message"]
            line = item["line"] or line_from(message)
            results.append(ParseResult(False, message=summary(message), line=line))
    return results
