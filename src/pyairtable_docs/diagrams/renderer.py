"""Draw Mermaid diagrams with the pinned Mermaid in headless Chromium, at build time.

One browser session draws a whole batch: each diagram is parsed (a syntax error comes back
with its line), drawn as SVG, given ids of its own, its service nodes wrapped in links, and
serialized as XML, so the same text serves the page and the standalone ``.svg`` file.
Results are kept for the life of the process (``mkdocs serve`` rebuilds and repeated test
builds reuse them) and, through ``DiskCache``, across builds: a warm build draws nothing.
``BackgroundRender`` draws on a thread of its own while the build goes on: Chromium does the
work in its own process, on another core. Under `mkdocs serve` it hands its batches to the
session's ``LastingBrowser`` instead, whose Chromium stays up between rebuilds.

Why our own Playwright page rather than ``@mermaid-js/mermaid-cli``: the CLI brings puppeteer,
which downloads a Chrome at install (impossible offline), and its own Mermaid rather than the
one pinned in package-lock.json; driving Debian's Chromium with the pinned bundle needs
neither (ADR-009).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

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
# more in its system graph.
MAX_EDGES = 2000
# A page waits this long for one drawing before it shows the placeholder (a hung browser).
DRAWING_TIMEOUT = 180.0
# Labels are measured in this font at build time and shown in it: Liberation Sans (Debian's
# Chromium) has the widths of Arial and, near enough, of Helvetica, so a label drawn here
# fits its box on a reader's machine too.
FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', sans-serif"
# Every colour a diagram uses, as a CSS variable with Mermaid's light default as fallback:
# the page's stylesheet (hub.css) sets the variables for Material's dark scheme, so one drawing
# follows the palette toggle; a standalone .svg file, where none is set, stays light.
THEME_CSS = """
.node rect, .node circle, .node ellipse, .node polygon, .node path {
  fill: var(--hub-diagram-node-fill, #ECECFF); stroke: var(--hub-diagram-node-stroke, #9370DB); }
.label, .nodeLabel, .edgeLabel, .cluster-label span, .label text, span {
  color: var(--hub-diagram-text, #333); fill: var(--hub-diagram-text, #333); }
.cluster rect { fill: var(--hub-diagram-group-fill, #ffffde); stroke: var(--hub-diagram-group-stroke, #aaaa33); }
.cluster text, .cluster span { fill: var(--hub-diagram-text, #333); color: var(--hub-diagram-text, #333); }
.flowchart-link, .edgePaths .path { stroke: var(--hub-diagram-line, #333); }
.marker, .marker.cross, .arrowheadPath { fill: var(--hub-diagram-line, #333); stroke: var(--hub-diagram-line, #333); }
.edgeLabel, .edgeLabel p, .labelBkg { background-color: var(--hub-diagram-label-fill, rgba(232, 232, 232, 0.8)); }
.edgeLabel rect { fill: var(--hub-diagram-label-fill, rgba(232, 232, 232, 0.8)); }
.actor { fill: var(--hub-diagram-node-fill, #ECECFF); stroke: var(--hub-diagram-node-stroke, #9370DB); }
text.actor > tspan, .messageText, .labelText, .labelText > tspan, .loopText, .loopText > tspan,
.noteText, .noteText > tspan, .sectionTitle, .sectionTitle > tspan {
  fill: var(--hub-diagram-text, #333); }
.actor-line { stroke: var(--hub-diagram-node-stroke, #9370DB); }
.messageLine0, .messageLine1 { stroke: var(--hub-diagram-line, #333); }
[id$="-arrowhead"] path, [id$="-crosshead"] path {
  fill: var(--hub-diagram-line, #333); stroke: var(--hub-diagram-line, #333); }
.labelBox { fill: var(--hub-diagram-node-fill, #ECECFF); stroke: var(--hub-diagram-node-stroke, #9370DB); }
.loopLine { stroke: var(--hub-diagram-node-stroke, #9370DB); fill: var(--hub-diagram-node-stroke, #9370DB); }
.note { fill: var(--hub-diagram-note-fill, #fff5ad); stroke: var(--hub-diagram-group-stroke, #aaaa33); }
.activation0, .activation1, .activation2 {
  fill: var(--hub-diagram-activation-fill, #f4f4f4); stroke: var(--hub-diagram-line, #666); }
a .nodeLabel, a text { text-decoration: underline; }
rect.note[data-look] { fill: var(--hub-diagram-note-fill, #fff5ad); stroke: var(--hub-diagram-group-stroke, #aaaa33); }
.node .neo-node, [data-look="neo"].node rect, [data-look="neo"].node polygon, [data-look="neo"].node path,
[data-look="neo"].node circle { stroke: var(--hub-diagram-node-stroke, #9370DB); }
[data-look="neo"].cluster rect { stroke: var(--hub-diagram-group-stroke, #aaaa33); }
[data-look="neo"].node rect, [data-look="neo"].cluster rect, [data-look="neo"].node polygon,
[data-look="neo"].node circle, rect.actor.outer-path[data-look="neo"], rect.note[data-look], .labelBox, g rect.rect {
  filter: var(--hub-diagram-shadow, drop-shadow(1px 2px 2px rgba(185, 185, 185, 1))); }
"""
# The kinds of diagram THEME_CSS themes (Mermaid's aria-roledescription); others are shown on
# a light panel in the dark scheme, where their own colours stay readable.
THEMED_KINDS = ("flowchart-v2", "flowchart", "sequence")
MERMAID_CONFIG = {
    "startOnLoad": False,
    "maxEdges": MAX_EDGES,
    "securityLevel": "strict",
    "theme": "default",
    "fontFamily": FONT_FAMILY,
    "themeCSS": THEME_CSS,
}

# Runs in the page: for each item, parse (errors with their line), then draw, then make the
# SVG self-contained: every id starts with the diagram's id (Mermaid leaves some, such as a
# sequence diagram's "root-3", unprefixed), service nodes are wrapped in placeholder links
# that the wiring points at each page's own URL, the size is measured at natural size.
RENDER_ALL = """async ({items, config}) => {
  mermaid.initialize(config);
  const SVG = "http://www.w3.org/2000/svg";
  const keys = (m) => (m instanceof Map ? [...m.keys()] : Object.keys(m || {}));

  function prefixIds(root, prefix) {
    const renamed = new Map();
    for (const element of root.querySelectorAll("[id]")) {
      if (!element.id.startsWith(prefix)) {
        renamed.set(element.id, prefix + "-" + element.id);
        element.id = prefix + "-" + element.id;
      }
    }
    if (!renamed.size) return;
    for (const element of [root, ...root.querySelectorAll("*")]) {  // the root holds aria-labelledby
      for (const attribute of [...element.attributes]) {
        let value = attribute.value.replace(/url\\(#([^)]+)\\)/g,
          (whole, id) => (renamed.has(id) ? "url(#" + renamed.get(id) + ")" : whole));
        if (value.startsWith("#") && renamed.has(value.slice(1))) value = "#" + renamed.get(value.slice(1));
        if (attribute.name.startsWith("aria-") && attribute.name.endsWith("by")) {
          value = value.split(/\\s+/).map((id) => renamed.get(id) || id).join(" ");
        }
        if (value !== attribute.value) element.setAttributeNS(attribute.namespaceURI, attribute.name, value);
      }
    }
  }

  function wrapInLink(group, service) {
    if (!group || group === group.ownerSVGElement || group.closest("a")) return;
    const link = document.createElementNS(SVG, "a");
    // xlink:href, as Mermaid's own links: Material's instant navigation rewrites every [href]
    // of a page it loads by assignment, which an SVG link's read-only href refuses.
    link.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:href", "#hub-service=" + service);
    group.parentNode.insertBefore(link, group);
    link.appendChild(group);
  }

  function linkServices(root, prefix, services) {
    const flowchartNode = new RegExp("^" + prefix + "-flowchart-(.+)-\\\\d+$");
    for (const node of root.querySelectorAll("g.node")) {
      const match = flowchartNode.exec(node.id);
      if (match && services.has(match[1])) wrapInLink(node, match[1]);
    }
    for (const actor of root.querySelectorAll("rect.actor[name]")) {
      if (services.has(actor.getAttribute("name"))) wrapInLink(actor.parentNode, actor.getAttribute("name"));
    }
  }

  // Coordinates to a hundredth of a pixel: Mermaid writes up to 16 decimals, a tenth of the
  // page's weight, and no screen or printer shows the difference.
  function roundCoordinates(root) {
    const geometry = /^(d|points|transform|x|y|x1|x2|y1|y2|cx|cy|r|rx|ry|width|height|viewBox)$/;
    for (const element of [root, ...root.querySelectorAll("*")]) {
      for (const attribute of [...element.attributes]) {
        if (!geometry.test(attribute.name)) continue;
        // Always with a decimal point: in "d", "5.0001.05" is two numbers, "5.05" would be one.
        const rounded = (number) => (Math.round(parseFloat(number) * 100) / 100).toFixed(2).replace(/0$/, "");
        const value = attribute.value.replace(/-?\\d+\\.\\d{3,}/g, rounded);
        if (value !== attribute.value) element.setAttribute(attribute.name, value);
      }
    }
  }

  function smallestFont(root) {
    let smallest = Infinity;
    for (const element of root.querySelectorAll("text, tspan, foreignObject *")) {
      if (!element.textContent.trim() || element.children.length && element.tagName !== "text") continue;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(element).fontSize));
    }
    return Number.isFinite(smallest) ? smallest : 16;
  }

  const results = [];
  for (const {source, id, services} of items) {
    try {
      await mermaid.parse(source);
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
      const db = diagram.db;
      let ids = [];
      if (db.getVertices) ids = ids.concat(keys(db.getVertices()));
      if (db.getSubGraphs) ids = ids.concat(db.getSubGraphs().map((s) => s.id));
      if (db.getActors) ids = ids.concat(keys(db.getActors()));
      const {svg} = await mermaid.render(id, source);
      const host = document.createElement("div");
      host.innerHTML = svg;
      document.body.appendChild(host);
      const root = host.querySelector("svg");
      prefixIds(root, id);
      linkServices(root, id, new Set(services));
      roundCoordinates(root);
      const box = root.viewBox.baseVal;
      for (const name of ["style", "width", "height", "role"]) root.removeAttribute(name);
      // Declared once on the root, so the serializer does not repeat it on every link.
      root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:xlink", "http://www.w3.org/1999/xlink");
      root.setAttribute("width", box.width);
      root.setAttribute("height", box.height);
      const smallest = smallestFont(root);
      root.removeAttribute("width");
      root.removeAttribute("height");
      results.push({ok: true, ids, svg: new XMLSerializer().serializeToString(root),
                    width: box.width, height: box.height, smallest_font: smallest,
                    kind: root.getAttribute("aria-roledescription") || ""});
      host.remove();
    } catch (error) {
      const loc = error && error.hash && error.hash.loc;
      results.push({ok: false, message: String((error && error.message) || error),
                    line: loc ? loc.first_line : null});
    }
  }
  return results;
}"""

# What the drawing depends on besides the source and the Mermaid version: when any of it
# changes, every cached drawing is stale.
RENDERING = hashlib.sha256(json.dumps([RENDER_ALL, MERMAID_CONFIG], sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Drawing:
    """What Mermaid made of one diagram: parsed (``ok``) and drawn, or the error and its line."""

    ok: bool
    node_ids: tuple[str, ...] = ()
    message: str = ""
    line: int | None = None  # 1-based line within the diagram
    svg: str = ""  # XML; every id starts with the render id; service links are placeholders
    width: float = 0.0  # natural size, CSS px
    height: float = 0.0
    smallest_font: float = 16.0  # px, at natural size
    kind: str = ""  # Mermaid's aria-roledescription: flowchart-v2, sequence, ...


@dataclass(frozen=True)
class Request:
    """One diagram to draw: its text and the catalog services among its words (node ids)."""

    source: str
    services: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        text = "\0".join([self.source, *self.services])
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def render_id(self) -> str:
        """The drawing's id, which starts every id inside it (renamed per page by the wiring)."""
        return "d" + self.key[:12]


_drawn: dict[Request, Drawing] = {}


class BrowserUnavailable(Exception):
    """No Chromium (or no Playwright) on this machine: diagrams cannot be drawn."""


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


def mermaid_version(mermaid_js: Path) -> str:
    """The installed Mermaid's version (node_modules/mermaid/package.json)."""
    try:
        return json.loads((mermaid_js.parents[1] / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        try:
            stat = mermaid_js.stat()
        except OSError:
            return "not installed"  # nothing is drawn; the renderer says why
        return f"unknown:{stat.st_size}:{stat.st_mtime_ns}"


class DiskCache:
    """Drawings kept one file each under ``folder``, keyed by source, services, Mermaid
    version and rendering (theme included).

    One file per drawing: builds side by side (test workers, a CI cache shared by branches)
    never write the same file, and a warm build reads only the drawings it shows. A file not
    used for PRUNE_AFTER is removed when a build saves.
    """

    PRUNE_AFTER = 30 * 24 * 3600

    def __init__(self, folder: Path, mermaid_js: Path) -> None:
        self.folder = folder
        self.version = f"{mermaid_version(mermaid_js)}:{RENDERING}"

    def _path(self, request: Request) -> Path:
        name = hashlib.sha256(f"{self.version}\0{request.key}".encode()).hexdigest()
        return self.folder / f"{name[:32]}.json"

    def load(self, requests: Iterable[Request]) -> None:
        """Put the stored drawings of these requests into the process cache."""
        for request in requests:
            if request in _drawn:
                continue
            path = self._path(request)
            try:
                entry = json.loads(path.read_text(encoding="utf-8"))
                entry["node_ids"] = tuple(entry["node_ids"])
                _drawn[request] = Drawing(**entry)
                os.utime(path)  # used: not pruned
            except (OSError, ValueError, TypeError, KeyError):
                continue

    def save(self, requests: Iterable[Request]) -> None:
        """Store the drawings of these requests that are not stored yet; prune unused ones."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for request in dict.fromkeys(requests):
                path = self._path(request)
                if (drawing := _drawn.get(request)) is None or path.exists():
                    continue
                with tempfile.NamedTemporaryFile(
                    "w", dir=self.folder, suffix=".tmp", delete=False, encoding="utf-8"
                ) as temporary:
                    temporary.write(json.dumps(asdict(drawing)))
                os.replace(temporary.name, path)
            stale, abandoned = time.time() - self.PRUNE_AFTER, time.time() - 24 * 3600
            for old in self.folder.iterdir():
                with contextlib.suppress(OSError):  # another build may prune it first
                    modified = old.stat().st_mtime
                    if modified < stale or (old.suffix == ".tmp" and modified < abandoned):
                        old.unlink()
        except OSError:
            pass  # a cache that cannot be written only costs time


class BackgroundRender:
    """Diagrams submitted during a build are drawn on a thread, the browser started on first need.

    ``submit(..., last=True)`` says no more will come: the thread then closes the browser as
    soon as it is done. ``drawing()`` waits for one diagram (submitting it if needed), so a
    page can be written as soon as its own diagrams are drawn.
    """

    def __init__(self, mermaid_js: Path, browser: LastingBrowser | None = None) -> None:
        self.mermaid_js = mermaid_js
        self.browser = browser  # a serve session's: draws without starting a browser of this build's own
        self.submitted: set[Request] = set()
        self.queue: queue.Queue[Request | None] | None = None  # the running thread's; None once told "last"
        self.threads: list[threading.Thread] = []
        self.done = threading.Condition()
        self.error: BrowserUnavailable | None = None
        self.seconds = 0.0  # spent drawing (browser start included), for the benchmark

    def submit(self, requests: Iterable[Request], *, last: bool = False) -> None:
        new = [r for r in dict.fromkeys(requests) if r not in _drawn and r not in self.submitted]
        if new and self.queue is None:
            self.queue = queue.Queue()
            thread = threading.Thread(target=self._run, args=(self.queue,), name="mermaid-render", daemon=True)
            self.threads.append(thread)
            thread.start()
        for request in new:
            self.submitted.add(request)
            self.queue.put(request)
        if last and self.queue is not None:
            self.queue.put(None)
            self.queue = None

    def drawing(self, request: Request) -> Drawing:
        """This request's drawing, once drawn; raises BrowserUnavailable."""
        if request not in _drawn and self.error is None:
            self.submit([request], last=True)
        with self.done:
            self.done.wait_for(lambda: request in _drawn or self.error is not None, timeout=DRAWING_TIMEOUT)
        if request in _drawn:
            return _drawn[request]
        raise self.error or BrowserUnavailable(f"Chromium drew nothing for {DRAWING_TIMEOUT:g} s")

    def has(self, request: Request) -> bool:
        return request in _drawn

    def results(self, requests: Sequence[Request]) -> list[Drawing]:
        """A Drawing for each request (submitted or not); raises BrowserUnavailable."""
        self.submit(requests, last=True)
        for thread in self.threads:
            thread.join(DRAWING_TIMEOUT * max(1, len(requests)))
            if thread.is_alive():
                raise BrowserUnavailable("Chromium stopped answering while drawing")
        if self.error is not None and any(r not in _drawn for r in requests):
            raise self.error
        return [_drawn[r] for r in requests]

    def _run(self, work: queue.Queue[Request | None]) -> None:
        started = time.perf_counter()
        try:
            if self.browser is not None:
                self._draw_all(work, self.browser.draw)
            else:
                from playwright.sync_api import sync_playwright

                with sync_playwright() as playwright:
                    page, close = _mermaid_page(playwright, self.mermaid_js)
                    try:
                        self._draw_all(work, lambda batch: _draw(page, batch))
                    finally:
                        close()
            self.seconds += time.perf_counter() - started
            return
        except BrowserUnavailable as error:
            failure = error
        except Exception as error:  # any failure of Playwright or the browser: drawing is unavailable
            failure = BrowserUnavailable(f"Chromium could not run Mermaid: {error}")
        with self.done:
            self.error = failure
            self.done.notify_all()
        while work.get() is not None:  # drain, so that results() never waits on a dead thread
            pass

    def _draw_all(self, work: queue.Queue[Request | None], draw: Callable[[list[Request]], list[Drawing]]) -> None:
        while (batch := _next_batch(work)) is not None:
            for request, drawing in zip(batch, draw(batch), strict=True):
                with self.done:
                    _drawn[request] = drawing
                    self.done.notify_all()


class LastingBrowser:
    """One Chromium page with Mermaid loaded, kept by a `mkdocs serve` session from one rebuild
    to the next (speed/serve_session.py): a rebuild that draws does not wait for a browser to
    start and load Mermaid.

    Playwright's objects belong to the thread that made them, so the page lives on a thread of
    its own, which draws the batches handed to ``draw()``. No hook forks under serve (the CSP
    and secret-scan forks are `mkdocs build`'s), so this thread is never copied into a child.
    ``close()`` (on_shutdown, or when the session is dropped) ends browser and thread; a browser
    that fails is closed, its batch gets BrowserUnavailable, and the next batch starts another.
    A browser that hangs is left behind: the next batch starts another, and the hung one closes
    if it ever answers.
    Every request the page makes is aborted, as in a build's own browser (``_mermaid_page``).
    """

    def __init__(self, mermaid_js: Path) -> None:
        self.mermaid_js = mermaid_js
        self.work: queue.Queue[tuple[list[Request], queue.Queue[Any]] | None] = queue.Queue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the browser now, if it is not running: the next drawing need not wait for it."""
        with self.lock:
            self._running()

    def draw(self, batch: list[Request]) -> list[Drawing]:
        """Draw these on the lasting page; raises BrowserUnavailable."""
        answer: queue.Queue[list[Drawing] | BrowserUnavailable] = queue.Queue(maxsize=1)
        with self.lock:  # put while the thread runs: it draws the batch, or answers it when it ends
            self._running()
            self.work.put((batch, answer))
        try:
            result = answer.get(timeout=DRAWING_TIMEOUT * len(batch))
        except queue.Empty:
            self._leave_hung_browser()
            raise BrowserUnavailable(f"Chromium drew nothing for {DRAWING_TIMEOUT:g} s") from None
        if isinstance(result, BrowserUnavailable):
            raise result
        return result

    def close(self) -> None:
        with self.lock:
            thread = self.thread
            if thread is not None:
                self.work.put(None)
        if thread is not None:
            thread.join(60)

    def _running(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._serve, args=(self.work,), name="mermaid-browser", daemon=True)
            self.thread.start()

    def _leave_hung_browser(self) -> None:
        """The next draw starts a browser of its own; the hung one ends if it ever finishes its batch."""
        with self.lock:
            hung = self.work
            self.work, self.thread = queue.Queue(), None
            hung.put(None)

    def _serve(self, work: queue.Queue[tuple[list[Request], queue.Queue[Any]] | None]) -> None:
        failure = BrowserUnavailable("the browser was closed")
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                page, close = _mermaid_page(playwright, self.mermaid_js)
                try:
                    while (item := work.get()) is not None:
                        batch, answer = item
                        try:
                            answer.put(_draw(page, batch))
                        except Exception as error:
                            answer.put(BrowserUnavailable(f"Chromium could not run Mermaid: {error}"))
                            raise
                finally:
                    close()
        except BrowserUnavailable as error:
            failure = error
        except Exception as error:  # any failure of Playwright or the browser
            failure = BrowserUnavailable(f"Chromium could not run Mermaid: {error}")
        with self.lock:  # what was handed over meanwhile gets the failure; the next draw starts anew
            if self.work is work:  # not a browser left behind as hung, whose successor may be running
                self.thread = None
            while not work.empty():
                if (item := work.get()) is not None:
                    item[1].put(failure)


def _next_batch(work: queue.Queue[Request | None]) -> list[Request] | None:
    """What is waiting (at least one item), at most a few, so that pages get theirs early;
    None once the end is reached."""
    batch = [work.get()]
    while not work.empty() and len(batch) < 4:
        batch.append(work.get())
    if None in batch:
        remaining = [r for r in batch if r is not None]
        if remaining:
            work.put(None)  # draw these, then stop
            return remaining
        return None
    return batch


def _mermaid_page(playwright: object, mermaid_js: Path) -> tuple[object, object]:
    """A blank page with Mermaid loaded, and the function that closes its browser."""
    if not CHROMIUM.exists():
        raise BrowserUnavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    if not mermaid_js.is_file():
        raise BrowserUnavailable(f"Mermaid is not installed at {mermaid_js} (npm ci)")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        # Nothing is fetched while drawing: a label's <img> or a font URL would leave the machine.
        page.route("**/*", lambda route: route.abort())
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(mermaid_js))
    except Exception:
        browser.close()
        raise
    return page, browser.close


def _draw(page: object, requests: list[Request]) -> list[Drawing]:
    items = [{"source": r.source, "id": r.render_id, "services": list(r.services)} for r in requests]
    drawings = []
    for item in page.evaluate(RENDER_ALL, {"items": items, "config": MERMAID_CONFIG}):
        if item["ok"]:
            drawings.append(
                Drawing(
                    True,
                    tuple(item["ids"]),
                    svg=item["svg"],
                    width=float(item["width"]),
                    height=float(item["height"]),
                    smallest_font=float(item["smallest_font"]),
                    kind=item["kind"],
                )
            )
        else:
            message = item["message"]
            drawings.append(Drawing(False, message=summary(message), line=item["line"] or line_from(message)))
    return drawings
