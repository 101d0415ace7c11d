"""MkDocs hook: the architecture decision log, generated from the ADRs' front matter.

- ARCHITECTURE/decisions/ gets the counts, decisions in force, the log and a timeline;
- every ADR page gets a status banner under its title (with what replaced it);
- every service page gets the decisions that affect it;
- every problem is one warning naming the file and field (``--strict`` fails on it).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from pyairtable_docs.adr.markdown import render_banner, render_decisions_for_service, render_log
from pyairtable_docs.adr.records import ADR_DIR, Adr, check_adrs, is_adr_page, parse_adr, superseded_by
from pyairtable_docs.catalog.records import service_name
from pyairtable_docs.core.frontmatter import FrontMatterError, split_front_matter
from pyairtable_docs.core.markup import insert_after_title
from pyairtable_docs.core.wiring import display_path, read_text
from pyairtable_docs.speed import refresh

log = get_plugin_logger(__name__)

INDEX = ADR_DIR + "README.md"

adrs: list[Adr] = []
adrs_by_path: dict[str, Adr] = {}
replaced_by: dict[int, list[int]] = {}
# service name -> (page path, title), for links from ADRs to the services they affect
service_pages: dict[str, tuple[str, str]] = {}


def service_title(text: str, fallback: str) -> str:
    try:
        meta = split_front_matter(text).meta or {}
    except FrontMatterError:
        return fallback  # the catalog hook reports the broken page
    title = meta.get("title")
    return title if isinstance(title, str) and title.strip() else fallback


def on_pre_build(*, config: MkDocsConfig) -> None:
    adrs.clear()
    adrs_by_path.clear()
    replaced_by.clear()
    service_pages.clear()


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    problems = []
    for file in sorted(files, key=lambda f: f.src_uri):
        if is_adr_page(file.src_uri):
            adr, found = parse_adr(file.src_uri, read_text(file, config), display_path(config, file.src_uri))
            problems += found
            if adr is not None:
                adrs.append(adr)
        elif name := service_name(file.src_uri):
            service_pages[name] = (file.src_uri, service_title(read_text(file, config), name))
    display = {a.path: display_path(config, a.path) for a in adrs}
    problems += check_adrs(adrs, service_pages, display)
    for problem in sorted(problems):
        log.warning(str(problem))
    replaced_by.update(superseded_by(adrs))
    adrs_by_path.update((a.path, a) for a in adrs)
    if adrs and files.get_file_from_path(INDEX) is None:
        files.append(File.generated(config, INDEX, content="# Architecture decisions\n"))
    if refresh.tracking:
        record_additions(files)
    return files


def record_additions(files: Files) -> None:
    """What on_page_markdown will add to each page, for dirty rebuilds (hooks/refresh.py)."""
    refresh.record(INDEX, (adrs, replaced_by))
    by_number = {a.number: a for a in adrs}
    for adr in adrs:
        refresh.record(adr.path, render_banner(adr, by_number, replaced_by.get(adr.number, []), service_pages))
    for name, (src_uri, _) in service_pages.items():
        refresh.record(src_uri, [a for a in adrs if name in a.affects])


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    src_uri = page.file.src_uri
    if src_uri == INDEX and adrs:
        return markdown.rstrip() + "\n\n" + render_log(adrs, replaced_by, INDEX)
    adr = adrs_by_path.get(src_uri)
    if adr is not None:
        by_number = {a.number: a for a in adrs}
        banner = render_banner(adr, by_number, replaced_by.get(adr.number, []), service_pages)
        return insert_after_title(markdown, banner)
    if name := service_name(src_uri):
        affecting = [a for a in adrs if name in a.affects]
        if affecting:
            return markdown.rstrip() + "\n\n" + render_decisions_for_service(affecting, src_uri)
    return markdown
