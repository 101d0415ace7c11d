"""MkDocs hook: the teams of ARCHITECTURE/teams/teams.yaml, a generated page per team and an index.

on_files reads and validates teams.yaml (against teams.schema.json beside it), checks that
every catalog owner is a team, and adds the team pages. Their alert tables are filled by
the alerts hook (``{{ alerts team=NAME }}``). Problems are warnings naming the file and
field, so `--strict` fails and `serve` keeps serving.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from pyairtable_docs.catalog.wiring import catalog_services
from pyairtable_docs.core.wiring import build_state, display_path, read_json_schema, read_text
from pyairtable_docs.speed import refresh
from pyairtable_docs.teams.markdown import INDEX, RUNBOOKS_INDEX, render_index, render_team
from pyairtable_docs.teams.records import TEAMS_FILE, TEAMS_SCHEMA, Team, check_owners, parse_teams, platform_team

log = get_plugin_logger(__name__)


@dataclass
class Teams:
    """This build's teams; read by the alerts hook for escalation and team pages."""

    teams: list[Team] = field(default_factory=list)
    platform: str | None = None  # the team owning the platform rules


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    source = files.get_file_from_path(TEAMS_FILE)
    if source is None:
        return files
    state = build_state(config, Teams)
    schema, problems = read_json_schema(files, config, TEAMS_SCHEMA, TEAMS_FILE)
    teams, found = (
        parse_teams(read_text(source, config), schema, display_path(config, TEAMS_FILE)) if schema else ([], [])
    )
    problems += found
    services = catalog_services(files, config)
    owners = {s.path: s.owner for s in services}
    problems += check_owners(owners, teams, {s.path: display_path(config, s.path) for s in services}) if teams else []
    for problem in sorted(problems):
        log.warning(str(problem))
    state.teams, state.platform = teams, platform_team(teams)
    has_runbooks = files.get_file_from_path(RUNBOOKS_INDEX) is not None
    pages = {INDEX: render_index(teams, services)} | {t.page: render_team(t, services, has_runbooks) for t in teams}
    for path, content in pages.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
            refresh.record(config, path, content)
    return files
