"""MkDocs hook: alert rules are the source of every alert table, and every runbook link lands.

- on_files reads the rules under SCHEMAS/observability/rules/ (validated against the JSON
  Schema beside them, expressions parsed as PromQL), the runbooks and the catalog, and
  checks that every alert's ``runbook_url`` leads to a runbook of this site that lists it;
- on_page_markdown turns each ``{{ alerts ... }}`` line into a generated table, and adds the
  by-service and by-alert index to the runbooks' index page. A warning may link to a section
  of a runbook: its anchor is computed from the runbook's headings with the toc extension's
  own slugify, so a missing section is reported before any page links to it.

Every problem is one warning naming the file, the alert and the field: `--strict` fails
after listing them all, and `serve` keeps serving.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from pyairtable_docs.alerts.markdown import (
    Contact,
    Request,
    RunbookLinks,
    alert_table,
    escalation_table,
    insert_under_heading,
    replace_requests,
    requests,
    runbook_alerts,
    runbooks_index,
)
from pyairtable_docs.alerts.records import (
    PLATFORM,
    RULES_DIR,
    RULES_SCHEMA,
    SEVERITIES,
    Alert,
    is_rules_file,
)
from pyairtable_docs.alerts.runbooks import (
    RUNBOOK_DIR,
    Runbook,
    is_runbook,
    site_url_in,
)
from pyairtable_docs.alerts.sources import Alerting, check_alerting
from pyairtable_docs.catalog.records import Service
from pyairtable_docs.catalog.wiring import catalog_services
from pyairtable_docs.core.codes import SITE
from pyairtable_docs.core.problems import Problem, did_you_mean
from pyairtable_docs.core.wiring import build_state, display_path, read_json_schema, read_text
from pyairtable_docs.speed import refresh
from pyairtable_docs.teams.wiring import Teams

log = get_plugin_logger(__name__)

RUNBOOKS_INDEX = RUNBOOK_DIR + "README.md"
# Material's search multiplies a page's scores by its `search.boost`: a runbook outranks the
# pages that only mention its alert or symptom. Its front matter may set another value.
RUNBOOK_BOOST = 1.5


@dataclass
class AlertState(Alerting):
    """This build's alerting records, with what its pages need to link them."""

    services: dict[str, Service] = field(default_factory=dict)
    team_pages: dict[str, str] = field(default_factory=dict)  # team -> its page

    def of_page(self, src_uri: str) -> list[Alert] | None:
        """The alerts a bare ``{{ alerts }}`` means on this page, or None where it means nothing."""
        service = next((s for s in self.services.values() if s.path == src_uri), None)
        if service is not None:
            return [a for a in self.alerts.values() if a.service == service.name]
        if src_uri in self.runbooks:
            return [self.alerts[n] for n in self.runbooks[src_uri].alerts if n in self.alerts]
        return None


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    state = build_state(config, AlertState)
    rules = {f.src_uri: read_text(f, config) for f in files if is_rules_file(f.src_uri)}
    if not rules:
        return files
    display = {f.src_uri: display_path(config, f.src_uri) for f in files}
    schema, problems = read_json_schema(files, config, RULES_SCHEMA, RULES_DIR)
    services = catalog_services(files, config)
    teams = build_state(config, Teams)
    records, found = check_alerting(
        rules,
        {f.src_uri: read_text(f, config) for f in files if is_runbook(f.src_uri)},
        {s.path: read_text(f, config) for s in services if (f := files.get_file_from_path(s.path))},
        services,
        schema,
        teams.platform,
        published_url(config),
        {f.url: f.src_uri for f in files if f.src_uri.endswith(".md")},
        display,
        _slugify(config),
    )
    for problem in sorted(problems + found):
        log.warning(str(problem))
    state.alerts, state.runbooks, state.targets, state.owners = (
        records.alerts,
        records.runbooks,
        records.targets,
        records.owners,
    )
    state.services = {s.name: s for s in services}
    state.team_pages = {t.name: t.page for t in teams.teams}
    if refresh.is_tracking(config):  # tables come from the rules, not from the page (speed/refresh.py)
        for file in files:
            if file.src_uri.endswith(".md") and "{{" in read_text(file, config):  # team pages included
                refresh.record(config, file.src_uri, (state.alerts, state.runbooks, state.targets))
        refresh.record(config, RUNBOOKS_INDEX, (state.alerts, state.runbooks, state.targets))
    return files


def published_url(config: MkDocsConfig) -> str:
    """The site_url mkdocs.yml publishes under, which runbook links use. `mkdocs serve` (and a
    test's loopback server) replace config.site_url with their own address, so it is read from
    the file; the configured value, then the hub's published address, are the fallbacks."""
    path = Path(config.config_file_path) if config.config_file_path else None
    return (site_url_in(path) if path else None) or config.site_url or SITE


def _slugify(config: MkDocsConfig):  # -> runbooks.Slugify
    """The toc extension's slugify as this site configures it: runbook anchors are its ids."""
    from markdown.extensions.toc import slugify

    return (config.mdx_configs.get("toc") or {}).get("slugify") or slugify


@event_priority(80)  # after the embeds (90), before generated parts move the author's lines
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = build_state(config, AlertState)
    src = page.file.src_uri
    if src in state.runbooks:
        search = page.meta.get("search") if isinstance(page.meta.get("search"), dict) else {}
        page.meta["search"] = {"boost": RUNBOOK_BOOST, **search}
        contacts = escalation_table(_contacts(state.runbooks[src], config, page, files))
        markdown = insert_under_heading(markdown, "Escalation", contacts) if contacts else markdown
    if src == RUNBOOKS_INDEX and state.runbooks:
        markdown = markdown.rstrip() + "\n\n" + _index(state, page, files)
    if "{{" not in markdown or not state.alerts:
        return markdown
    asked = requests(markdown)
    if not asked:
        return markdown
    source = read_text(page.file, config) if page.file.generated_by is None else markdown
    offset = source.count("\n") - markdown.count("\n")  # MkDocs took the front matter off

    def render(request: Request) -> str:
        chosen, why = _chosen(request, src, state)
        if why:
            log.warning(str(Problem(display_path(config, src), "", why, request.line + offset, "ALR005")))
            return ""
        if request.key == "" and src in state.runbooks:
            return runbook_alerts(chosen, _service_link(state, page, files))
        links = _runbook_links(state, page, files)
        by_service = _service_link(state, page, files) if request.key not in ("", "service") else None
        # Out of the search index: a search for an alert's name lands on its runbook.
        return (
            f'<div class="hub-alerts" data-search-exclude markdown>\n\n{alert_table(chosen, links, by_service)}\n</div>'
        )

    return replace_requests(markdown, render)


def _contacts(runbook: Runbook, config: MkDocsConfig, page: Page, files: Files) -> list[Contact]:
    state, teams = build_state(config, AlertState), build_state(config, Teams)
    owning = sorted({state.owners[s] for s in runbook.services if state.owners.get(s)})
    by_name = {t.name: t for t in teams.teams}
    return [
        Contact(t.name, t.lead, t.rotation, t.channel, _relative(t.page, page, files))
        for t in (by_name[name] for name in owning if name in by_name)
    ]


def _chosen(request: Request, src: str, state: AlertState) -> tuple[list[Alert], str]:
    """The alerts a request asks for, or why it cannot be answered."""
    everything = list(state.alerts.values())
    if request.key == "":
        chosen = state.of_page(src)
        if chosen is None:
            return (
                [],
                "`{{ alerts }}` alone works on service pages and runbooks; elsewhere add severity=, service= or team=",
            )
        return chosen, ""
    if request.key == "severity":
        if request.value not in SEVERITIES:
            return [], f"`{{{{ alerts severity={request.value} }}}}`: severity must be one of {', '.join(SEVERITIES)}"
        return [a for a in everything if a.severity == request.value], ""
    if request.key == "service":
        known = [*state.services, PLATFORM]
        if request.value not in known:
            return [], f"`{{{{ alerts service={request.value} }}}}`: not a catalog service" + did_you_mean(
                request.value, known
            )
        return [a for a in everything if a.service == request.value], ""
    if request.key == "team":
        teams = set(state.owners.values()) | set(state.team_pages)
        if request.value not in teams:
            return [], f"`{{{{ alerts team={request.value} }}}}`: not a team that owns a service" + did_you_mean(
                request.value, teams
            )
        return [a for a in everything if state.owners.get(a.service) == request.value], ""
    return [], f"`{{{{ alerts {request.key}=... }}}}`: write severity=, service= or team="


def _relative(target: str, page: Page, files: Files) -> str | None:
    """The link from ``page`` to the docs page ``target`` (a .md path, as MkDocs wants links)."""
    if files.get_file_from_path(target) is None:
        return None
    return posixpath.relpath(target, posixpath.dirname(page.file.src_uri) or ".")


def _service_link(state: AlertState, page: Page, files: Files):  # -> Link
    return lambda name: _relative(state.services[name].path, page, files) if name in state.services else None


def _runbook_links(state: AlertState, page: Page, files: Files) -> RunbookLinks:
    def href(alert: str) -> str | None:
        target = state.targets.get(alert)
        return _relative(target.src, page, files) if target else None

    return RunbookLinks(
        {name: state.runbooks[t.src].title for name, t in state.targets.items()},
        href,
        {name: t.fragment for name, t in state.targets.items()},
    )


def _index(state: AlertState, page: Page, files: Files) -> str:
    return runbooks_index(
        list(state.runbooks.values()),
        state.alerts,
        state.owners,
        lambda path: _relative(path, page, files),
        _service_link(state, page, files),
        lambda team: _relative(state.team_pages[team], page, files) if team in state.team_pages else None,
        {name: t.fragment for name, t in state.targets.items()},
    )
