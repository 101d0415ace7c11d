"""MkDocs hook: PROGRESS/README.md gets a dashboard computed from the docs themselves.

Sources: the `migration` field of every service page, the task lists of the pages in
MIGRATION/checklists/, PROGRESS/in-progress/ and PROGRESS/roadmap/, and the ADRs' status.
The dashboard goes at the page's `<!-- generated -->` marker, or below its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from pyairtable_docs.adr.records import Adr, first_heading, is_adr_page, parse_adr
from pyairtable_docs.catalog.records import Service, is_service_page, parse_service
from pyairtable_docs.core.frontmatter import FrontMatterError, split_front_matter
from pyairtable_docs.core.wiring import build_state, display_path, read_text
from pyairtable_docs.progress.dashboard import TaskPage, render_dashboard, task_counts
from pyairtable_docs.speed import refresh

DASHBOARD = "PROGRESS/README.md"
MARKER = "<!-- generated -->"
CHECKLISTS = "MIGRATION/checklists/"
PLANS = ("PROGRESS/in-progress/", "PROGRESS/roadmap/")


@dataclass
class Dashboard:
    """This build's rendered dashboard (None when the site has no dashboard page)."""

    markdown: str | None = None
    # the records it is made from, which progress.json shows too (exports/wiring.py)
    services: list[Service] = field(default_factory=list)
    checklists: list[TaskPage] = field(default_factory=list)
    plans: list[TaskPage] = field(default_factory=list)
    adrs: list[Adr] = field(default_factory=list)


def in_folder(src_uri: str, folder: str) -> bool:
    rest = src_uri[len(folder) :]
    return (
        src_uri.startswith(folder)
        and src_uri.endswith(".md")
        and "/" not in rest
        and rest not in ("README.md", "index.md")
    )


def task_page(src_uri: str, text: str) -> TaskPage:
    try:
        body = split_front_matter(text).body
    except FrontMatterError:
        body = text
    title, _ = first_heading(body)
    return TaskPage(src_uri, title or src_uri, *task_counts(body))


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    if files.get_file_from_path(DASHBOARD) is None:
        return files
    services, adrs, checklists, plans = [], [], [], []
    for file in sorted(files, key=lambda f: f.src_uri):
        src = file.src_uri
        if is_service_page(src):
            # problems: catalog and ADR hooks (their arguments: the parse is cached, not repeated)
            service, _ = parse_service(src, read_text(file, config), display_path(config, src))
            services += [service] if service and service.migration else []
        elif is_adr_page(src):
            adr, _ = parse_adr(src, read_text(file, config), display_path(config, src))
            adrs += [adr] if adr and adr.status else []
        elif in_folder(src, CHECKLISTS):
            checklists.append(task_page(src, read_text(file, config)))
        elif any(in_folder(src, folder) for folder in PLANS):
            plans.append(task_page(src, read_text(file, config)))
    dashboard = build_state(config, Dashboard)
    dashboard.markdown = render_dashboard(services, checklists, plans, adrs, DASHBOARD)
    dashboard.services, dashboard.checklists, dashboard.plans, dashboard.adrs = services, checklists, plans, adrs
    return files


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    dashboard = build_state(config, Dashboard).markdown
    if refresh.is_tracking(config) and dashboard is not None:
        refresh.record(config, DASHBOARD, dashboard)  # for dirty rebuilds (speed/refresh.py)
    return nav


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    dashboard = build_state(config, Dashboard).markdown
    if page.file.src_uri != DASHBOARD or dashboard is None:
        return markdown
    if MARKER in markdown:
        return markdown.replace(MARKER, dashboard, 1)
    return markdown.rstrip() + "\n\n" + dashboard
