"""MkDocs hook: the architecture decision log, generated from the ADRs' front matter.

- ARCHITECTURE/decisions/ gets the counts, decisions in force, the log and a timeline;
- every ADR page gets a status banner under its title (with what replaced it);
- every service page gets the decisions that affect it;
- every problem is one warning naming the file and field (``--strict`` fails on it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from pyairtable_docs.adr.markdown import render_banner, render_decisions_for_service, render_log
from pyairtable_docs.adr.records import ADR_DIR, Adr, check_adrs, is_adr_page, parse_adr, superseded_by
from pyairtable_docs.catalog.records import service_name
from pyairtable_docs.core.frontmatter import FrontMatterError, split_front_matter
from pyairtable_docs.core.markup import insert_after_title
from pyairtable_docs.core.wiring import build_state, display_path, read_text
from pyairtable_docs.speed import refresh

log = get_plugin_logger(__name__)

INDEX = ADR_DIR + "README.md"


@dataclass
class DecisionLog:
    """This build's ADRs, read in on_files and shown by on_page_markdown."""

    adrs: list[Adr] = field(default_factory=list)
    by_path: dict[str, Adr] = field(default_factory=dict)
    by_number: dict[int, Adr] = field(default_factory=dict)
    replaced_by: dict[int, list[int]] = field(default_factory=dict)  # ADR number -> the ADRs superseding it
    # service name -> (page path, title), for links from ADRs to the services they affect
    service_pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    affecting: dict[str, list[Adr]] = field(default_factory=dict)  # service name -> ADRs that affect it

    def index(self) -> None:
        self.replaced_by.update(superseded_by(self.adrs))
        self.by_path.update((a.path, a) for a in self.adrs)
        self.by_number.update((a.number, a) for a in self.adrs)
        for adr in self.adrs:
            for name in dict.fromkeys(adr.affects):
                self.affecting.setdefault(name, []).append(adr)

    def banner(self, adr: Adr) -> str:
        return render_banner(adr, self.by_number, self.replaced_by.get(adr.number, []), self.service_pages)


def service_title(text: str, fallback: str) -> str:
    try:
        meta = split_front_matter(text).meta or {}
    except FrontMatterError:
        return fallback  # the catalog hook reports the broken page
    title = meta.get("title")
    return title if isinstance(title, str) and title.strip() else fallback


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    decisions = build_state(config, DecisionLog)
    problems = []
    for file in sorted(files, key=lambda f: f.src_uri):
        if is_adr_page(file.src_uri):
            adr, found = parse_adr(file.src_uri, read_text(file, config), display_path(config, file.src_uri))
            problems += found
            if adr is not None:
                decisions.adrs.append(adr)
        elif name := service_name(file.src_uri):
            decisions.service_pages[name] = (file.src_uri, service_title(read_text(file, config), name))
    display = {a.path: display_path(config, a.path) for a in decisions.adrs}
    problems += check_adrs(decisions.adrs, decisions.service_pages, display)
    for problem in sorted(problems):
        log.warning(str(problem))
    decisions.index()
    if decisions.adrs and files.get_file_from_path(INDEX) is None:
        files.append(File.generated(config, INDEX, content="# Architecture decisions\n"))
    if refresh.is_tracking(config):
        record_additions(decisions, config)
    return files


def record_additions(decisions: DecisionLog, config: MkDocsConfig) -> None:
    """What on_page_markdown will add to each page, for dirty rebuilds (speed/refresh.py)."""
    refresh.record(config, INDEX, (decisions.adrs, decisions.replaced_by))
    for adr in decisions.adrs:
        refresh.record(config, adr.path, decisions.banner(adr))
    for name, (src_uri, _) in decisions.service_pages.items():
        refresh.record(config, src_uri, decisions.affecting.get(name, []))


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    decisions = build_state(config, DecisionLog)
    src_uri = page.file.src_uri
    if src_uri == INDEX and decisions.adrs:
        return markdown.rstrip() + "\n\n" + render_log(decisions.adrs, decisions.replaced_by, INDEX)
    adr = decisions.by_path.get(src_uri)
    if adr is not None:
        return insert_after_title(markdown, decisions.banner(adr))
    if (name := service_name(src_uri)) and (affecting := decisions.affecting.get(name)):
        return markdown.rstrip() + "\n\n" + render_decisions_for_service(affecting, src_uri)
    return markdown
