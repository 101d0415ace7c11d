"""MkDocs hook: every diagram drawn at build time, as inline SVG; diagram pages and the gallery.

- each ``.mermaid`` file gets a generated page (title, description, drawing, source);
- ARCHITECTURE/diagrams/ gets a gallery below its hand-written introduction;
- every ```mermaid fence (authored, embedded, or added by another hook, such as the catalog's
  graphs) becomes a slot in the page's HTML (diagrams/fence.py, registered in mkdocs.yml);
- once every page is converted, the diagrams are drawn by the pinned Mermaid in headless
  Chromium on a thread of their own (diagrams/renderer.py), while MkDocs writes the pages;
  each page waits only for its own drawings, which replace its slots with the page's ids,
  service links and accessible names; beside the page goes each drawing's full-size .svg file;
  under `mkdocs serve` the browser stays up between rebuilds (the session's LastingBrowser);
- drawings are kept in ``.cache/diagrams/`` beside mkdocs.yml: a warm build draws nothing;
- each syntax error is one warning ``file:line: ...``, so ``--strict`` fails; in the
  architecture diagrams, a node that is not res_/ext_/grp_ must be a catalog service;
- without a browser: a CI build (PYAIRTABLE_DOCS_CI=1) fails naming the reason; elsewhere
  (``serve``) cached drawings are used and the others show their source and the reason.
No page loads Mermaid's JavaScript.
"""

from __future__ import annotations

import os
import posixpath
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from pyairtable_docs.catalog.records import service_name
from pyairtable_docs.core.codes import coded
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.core.wiring import build_state, display_path, mermaid_bundle, read_text
from pyairtable_docs.diagrams import svg
from pyairtable_docs.diagrams.renderer import (
    THEMED_KINDS,
    BackgroundRender,
    BrowserUnavailable,
    DiskCache,
    Drawing,
    LastingBrowser,
    Request,
)
from pyairtable_docs.diagrams.sources import (
    ARCHITECTURE_DIAGRAMS,
    DIAGRAM_SUFFIX,
    Diagram,
    error_line,
    line_of,
    linkable_services,
    mermaid_fences,
    render_diagram_page,
    render_gallery,
    service_node_problems,
)
from pyairtable_docs.speed import refresh, serve_session

log = get_plugin_logger(__name__)

GALLERY = ARCHITECTURE_DIAGRAMS + "README.md"
IMAGE = re.compile(r"<img\b")
IMAGE_PROBLEM = "a label shows an image (<img>), which a diagram may not fetch: draw it without one"
FENCE_FORMAT = "pyairtable_docs.diagrams.fence.diagram_slot"


@dataclass
class Diagrams:
    """This build's diagrams: found in on_files and on_page_markdown, drawn from on_env on."""

    diagrams: list[Diagram] = field(default_factory=list)
    architecture_files: set[str] = field(default_factory=set)  # display paths of the .mermaid files in ARCHITECTURE
    diagram_files: list[tuple[str, str]] = field(default_factory=list)  # (src_uri, source) of every .mermaid file
    service_pages: dict[str, File] = field(default_factory=dict)  # service name -> its page
    service_of_node: dict[str, str] = field(default_factory=dict)  # node id (name, or with _ for -) -> name
    taken: set[str] = field(default_factory=set)  # dest URIs of the site's files: no .svg may replace one
    render: tuple[BackgroundRender, DiskCache] | None = None  # made by the first diagram found
    late: list[Diagram] = field(default_factory=list)  # found only in a page's HTML (on_post_page)
    known: set[Request] = field(default_factory=set)  # what on_env submitted, and the late ones
    requests: dict[str, Request] = field(default_factory=dict)  # source -> its request, made once
    unavailable: str = ""  # why some diagram was not drawn (no browser), for on_post_build
    seconds: float = 0.0  # spent in this hook's handlers, for the benchmark

    def request(self, source: str) -> Request:
        if source not in self.requests:
            text = svg.canonical(source)
            self.requests[source] = Request(text, linkable_services(text, self.service_pages))
        return self.requests[source]

    def draw(self, config: MkDocsConfig, diagrams: list[Diagram], *, last: bool = False) -> None:
        """Start drawing these now, on the renderer's thread."""
        if self.render is None:
            self.render = (BackgroundRender(mermaid_bundle(config), lasting_browser(config)), disk_cache(config))
        render, cache = self.render
        requests = [self.request(d.source) for d in diagrams]
        cache.load(requests)
        render.submit(requests, last=last)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    fences = config.mdx_configs.get("pymdownx.superfences", {}).get("custom_fences", [])
    formats = [fence.get("format") for fence in fences if fence.get("name") == "mermaid"]
    named = [f"{getattr(f, '__module__', '')}.{getattr(f, '__name__', f)}" for f in formats]
    if named != [FENCE_FORMAT]:
        raise PluginError(
            f"{config.config_file_path}: markdown_extensions: pymdownx.superfences: custom_fences: the "
            f"'mermaid' fence must use format !!python/name:{FENCE_FORMAT} (diagrams are drawn at build time)"
        )
    if svg.LINKS_SCRIPT_PATH not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(svg.LINKS_SCRIPT_PATH)
    return config


def lasting_browser(config: MkDocsConfig) -> LastingBrowser | None:
    """Under `mkdocs serve`, the session's browser, which stays up from one rebuild to the next."""
    session = serve_session.of(config)
    if session is None:
        return None
    if session.browser is None:
        session.browser = LastingBrowser(mermaid_bundle(config))
    return session.browser


def disk_cache(config: MkDocsConfig) -> DiskCache:
    return DiskCache(Path(config.config_file_path).parent / ".cache" / "diagrams", mermaid_bundle(config))


def edit_url(config: MkDocsConfig, src_uri: str) -> str | None:
    if not config.repo_url or not config.edit_uri:
        return None
    return config.repo_url.rstrip("/") + "/" + config.edit_uri.strip("/") + "/" + urllib.parse.quote(src_uri)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    found = build_state(config, Diagrams)
    files.append(File.generated(config, svg.LINKS_SCRIPT_PATH, content=svg.LINKS_SCRIPT))
    for file in sorted(files, key=lambda f: f.src_uri):
        if name := service_name(file.src_uri):
            found.service_pages[name] = file
            found.service_of_node |= {name.replace("-", "_"): name, name: name}
        if file.src_uri.endswith(DIAGRAM_SUFFIX):
            source = read_text(file, config)
            shown = display_path(config, file.src_uri)
            found.diagram_files.append((file.src_uri, source))
            found.diagrams.append(Diagram(source, shown, 1))
            if file.src_uri.startswith(ARCHITECTURE_DIAGRAMS):
                found.architecture_files.add(shown)

    for src_uri, source in found.diagram_files:
        page_uri = src_uri.removesuffix(DIAGRAM_SUFFIX) + ".md"
        if files.get_file_from_path(page_uri) is not None:
            log.warning(
                coded(
                    "DIA004",
                    f"{display_path(config, src_uri)}: the page generated for it would have the name of "
                    f"{display_path(config, page_uri)}; rename one of them",
                )
            )
            continue
        page = File.generated(config, page_uri, content=render_diagram_page(src_uri, source, edit_url(config, src_uri)))
        page.edit_uri = src_uri  # the edit button opens the .mermaid source
        files.append(page)
    if found.diagram_files and files.get_file_from_path(GALLERY) is None:
        files.append(File.generated(config, GALLERY, content="# Diagrams\n"))
    found.taken = {file.dest_uri for file in files}
    return files


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    diagram_files = build_state(config, Diagrams).diagram_files
    if refresh.is_tracking(config) and diagram_files:
        refresh.record(config, GALLERY, diagram_files)  # for dirty rebuilds (speed/refresh.py)
    return nav


@event_priority(-100)  # after the hooks that add generated graphs to the pages
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    found = build_state(config, Diagrams)
    if page.file.src_uri == GALLERY and found.diagram_files:
        markdown = markdown.rstrip() + "\n\n" + render_gallery(found.diagram_files, GALLERY)
    if page.file.generated_by is None and "mermaid" in markdown:
        found.diagrams.extend(page_diagrams(page, markdown, config, found.diagram_files))
    return markdown


def page_diagrams(
    page: Page, markdown: str, config: MkDocsConfig, diagram_files: list[tuple[str, str]]
) -> list[Diagram]:
    """The fences the author wrote (with their lines in the file), then the ones hooks added."""
    shown = display_path(config, page.file.src_uri)
    # The source is read again only for pages with a diagram: lines must be the file's.
    authored = mermaid_fences(read_text(page.file, config), shown)
    # The gallery shows the .mermaid files again: they are checked as those files.
    known = {d.source.strip() for d in authored} | {source.strip() for _, source in diagram_files}
    added = [
        d
        for d in mermaid_fences(markdown, f"{shown} (generated part)", generated=True)
        if d.source.strip() not in known
    ]
    return authored + added


@event_priority(-100)  # after the handlers that fork (CSP, secret scan): a fork must not copy a running thread
def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    """Every diagram is known now: draw them while MkDocs writes the pages."""
    started = time.perf_counter()
    found = build_state(config, Diagrams)
    # In page order, so the first pages written wait least.
    found.draw(config, found.diagrams, last=True)
    found.known = {found.request(d.source) for d in found.diagrams}
    found.seconds += time.perf_counter() - started
    return env


@event_priority(50)  # before the handlers that read the final HTML (the CSP hashes)
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str:
    slots = svg.slots_in(output)
    if not slots:
        return output
    started = time.perf_counter()
    found = build_state(config, Diagrams)
    found.draw(config, [])  # makes the renderer if no diagram was seen before (a page added late)
    requests = [found.request(s.source) for s in slots]
    found.render[1].load(requests)
    # A fence no handler saw (a snippet embedding another file, a page made by a plugin) is
    # checked with the rest: its errors are the page's.
    for slot, request in zip(slots, requests, strict=True):
        if request not in found.known:
            found.known.add(request)
            found.late.append(Diagram(slot.source, display_path(config, page.file.src_uri), 0, generated=True))
    names = svg.standalone_names(
        [s.source for s in slots],
        {svg.canonical(source): posixpath.basename(uri) for uri, source in found.diagram_files},
        prefix="" if config.use_directory_urls else posixpath.splitext(posixpath.basename(page.file.dest_uri))[0],
    )
    pieces, end = [], 0
    page_ids = svg.unique_ids([r.render_id for r in requests])
    for slot, request, page_id, name in zip(slots, requests, page_ids, names, strict=True):
        pieces += [output[end : slot.start], shown_diagram(found, config, page, output, slot, request, page_id, name)]
        end = slot.end
    pieces.append(output[end:])
    found.seconds += time.perf_counter() - started
    return "".join(pieces)


def shown_diagram(
    found: Diagrams,
    config: MkDocsConfig,
    page: Page,
    output: str,
    slot: svg.Slot,
    request: Request,
    page_id: str,
    name: str,
) -> str:
    """What replaces one slot: the drawing's figure, with this page's ids and links (and its
    full-size file written beside the page), or the placeholder saying why there is none."""
    try:
        drawing = found.render[0].drawing(request)
    except BrowserUnavailable as reason:
        found.unavailable = str(reason)
        return svg.placeholder(slot.source, str(reason))
    if not drawing.ok:
        return svg.placeholder(slot.source, f"Mermaid cannot parse it: {drawing.message}")
    own_service = service_name(page.file.src_uri)

    def url_of(node_id: str) -> str | None:
        service = found.service_of_node.get(node_id)
        if service is None or service == own_service:
            return None
        return found.service_pages[service].url_relative_to(page.file)

    linked = svg.with_links(drawing.svg.replace(request.render_id, page_id), url_of)
    title = svg.accessible_name(svg.heading_before(output, slot.start, output.find("<article")), page.title or "")
    file_name = write_standalone(config, page, name, found.taken, linked, drawing, title)
    inline = svg.inline_svg(
        linked, width=drawing.width, height=drawing.height, smallest_font=drawing.smallest_font, name=title
    )
    return svg.figure(inline, kind_themed=drawing.kind in THEMED_KINDS, full_size_href=file_name)


def write_standalone(
    config: MkDocsConfig, page: Page, name: str, taken: set[str], linked: str, drawing: Drawing, title: str
) -> str:
    """Write the drawing's full-size file beside the page; its name, relative to the page."""
    folder = posixpath.dirname(page.file.dest_uri)
    if posixpath.join(folder, name) in taken:  # an author's file of that name: never replaced
        name = "diagram-" + name
    target = Path(config.site_dir, folder, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    content = svg.standalone_svg(linked, width=drawing.width, height=drawing.height, name=title)
    target.write_text(content, encoding="utf-8")
    return urllib.parse.quote(name)


def on_post_build(*, config: MkDocsConfig) -> None:
    started = time.perf_counter()
    found = build_state(config, Diagrams)
    if found.render is None:
        return
    render, cache = found.render
    diagrams = found.diagrams + found.late
    requests = [found.request(d.source) for d in diagrams]
    try:
        drawings = render.results(requests)
    except BrowserUnavailable as reason:
        found.unavailable = str(reason)
        drawings = None
    cache.save(r for r in render.submitted)
    found.seconds += time.perf_counter() - started
    if drawings is None:
        undrawn = [d for d, r in zip(diagrams, requests, strict=True) if not render.has(r)]
        report_unavailable(undrawn, found.unavailable)
        return
    if render.browser is not None:
        render.browser.start()  # under serve: up before the next rebuild needs it
    log.info(
        f"Diagrams: {len(set(requests))} shown, {len(render.submitted)} drawn "
        f"({render.seconds:.2f} s in Chromium), {found.seconds:.2f} s in the build"
    )
    problems = []
    for diagram, drawing in zip(diagrams, drawings, strict=True):
        if drawing.ok and IMAGE.search(drawing.svg):
            problems.append(
                Problem(
                    diagram.path,
                    "",
                    IMAGE_PROBLEM,
                    None if diagram.generated else line_of(diagram, "<img"),
                    "DIA003",
                )
            )
        if not drawing.ok:
            problems.append(
                Problem(
                    diagram.path,
                    "",
                    f"Mermaid cannot parse this diagram: {drawing.message}",
                    error_line(diagram, drawing.line),
                    "DIA001",
                )
            )
        elif diagram.path in found.architecture_files:
            problems += service_node_problems(diagram, drawing.node_ids, found.service_pages)
    for problem in sorted(set(problems), key=str):
        log.warning(str(problem))


def report_unavailable(undrawn: list[Diagram], reason: str) -> None:
    """One message for every diagram not drawn, naming the first (the reason is the same for all)."""
    if not undrawn:
        return
    first, others = undrawn[0], len({d.source for d in undrawn[1:]} - {undrawn[0].source})
    count = f"this diagram and {others} others" if others else "this diagram"
    message = f"{count} could not be drawn or checked: {reason}"
    if os.environ.get("PYAIRTABLE_DOCS_CI") == "1":
        log.warning(str(Problem(first.path, "", message + " (CI must draw them)", first_line(first), "DIA005")))
    else:
        log.info(
            str(Problem(first.path, "", message + "; pages show their source instead", first_line(first), "DIA005"))
        )


def first_line(diagram: Diagram) -> int | None:
    return None if diagram.generated else diagram.first_line
