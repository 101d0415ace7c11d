"""``pyairtable-docs``: the authors' command line.

    pyairtable-docs new adr "Title" [--supersedes N]   next-numbered ADR from the template
    pyairtable-docs new service NAME                   a service page from the template
    pyairtable-docs check                              every check of the build that reads sources:
                                                       catalog, ADRs, contract names, alert rules,
                                                       runbooks, teams and review dates

The commands use the same templates (docs/TOOLS/templates) and the same checks as the
site build, so what they write builds cleanly and what ``check`` passes, the build passes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

from pyairtable_docs.adr.records import ADR_DIR, FILE_NAME, check_adrs, is_adr_page, parse_adr
from pyairtable_docs.alerts.records import RULES_SCHEMA, is_rules_file
from pyairtable_docs.alerts.runbooks import (
    is_runbook,
    page_url,
    site_url_in,
)
from pyairtable_docs.alerts.sources import check_alerting
from pyairtable_docs.catalog.evidence import INTERNAL_API, check_dependency_evidence
from pyairtable_docs.catalog.records import (
    CATALOG_DIR,
    KEBAB,
    check_catalog,
    is_service_page,
    parse_service,
    service_name,
)
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.drift.scan import ALLOW_FILE, check_sources
from pyairtable_docs.reviews.records import collect_reviews, review_problems, today_for_build
from pyairtable_docs.teams.records import TEAMS_FILE, TEAMS_SCHEMA, check_owners, parse_teams, platform_team

TEMPLATES = "TOOLS/templates/"


class CommandError(Exception):
    """A refusal the user can act on: printed as one line, exit status 1."""


def find_docs(start: Path) -> Path:
    """The docs folder of the pyairtable-docs checkout that holds ``start``."""
    for folder in [start, *start.parents]:
        config = folder / "mkdocs.yml"
        if config.is_file():
            match = re.search(r"^docs_dir:\s*['\"]?([^'\"\s#]+)", config.read_text(), re.M)
            return folder / (match.group(1) if match else "docs")
    raise CommandError(f"no mkdocs.yml in {start} or above: run this inside pyairtable-docs")


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-") or "decision"


def fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values.get(m.group(1), m.group(0)), template)


def write_new(path: Path, text: str) -> Path:
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        raise CommandError(f"{path} already exists; nothing was written") from None
    return path


def next_adr_number(docs: Path) -> int:
    numbers = [int(m.group(1)) for p in (docs / ADR_DIR).glob("*.md") if (m := FILE_NAME.match(p.name))]
    return max(numbers, default=0) + 1


FRONT_MATTER_ANY_EOL = re.compile(r"^-{3}[ \t]*\r?\n.*?\r?\n(?:\.{3}|-{3})[ \t]*\r?\n", re.S)
STATUS_VALUE = re.compile(r"^status:[ \t]*([^\s#][^\r\n#]*?)[ \t]*(?:#[^\r\n]*)?\r?$", re.M)


def mark_superseded(path: Path) -> None:
    """Set ``status: superseded`` in the ADR at ``path``, leaving every other byte alone."""
    text = path.read_bytes().decode("utf-8")
    front = FRONT_MATTER_ANY_EOL.match(text)
    status = STATUS_VALUE.search(text, 0, front.end()) if front else None
    if status is None:
        raise CommandError(f"{path} has no `status:` line in its front matter")
    updated = text[: status.start(1)] + "superseded" + text[status.end(1) :]
    path.write_bytes(updated.encode("utf-8"))


def new_adr(docs: Path, title: str, supersedes: int | None, today: dt.date) -> Path:
    if not title.strip():
        raise CommandError("the ADR needs a title")
    old = None
    if supersedes is not None:
        old = next((p for p in (docs / ADR_DIR).glob(f"{supersedes:03d}-*.md")), None)
        if old is None:
            raise CommandError(f"ADR-{supersedes:03d} does not exist in {docs / ADR_DIR}")
    number = next_adr_number(docs)
    template = (docs / TEMPLATES / "adr.md.template").read_text(encoding="utf-8")
    text = fill(template, {"title": title.strip(), "date": today.isoformat()})
    if supersedes is not None:
        text = text.replace("\ndate:", f"\nsupersedes: [{supersedes}]\ndate:", 1)
    path = write_new(docs / ADR_DIR / f"{number:03d}-{slugify(title)}.md", text)
    if old is not None:
        mark_superseded(old)
    return path


def new_service(docs: Path, name: str) -> Path:
    if not KEBAB.match(name):
        raise CommandError(f"{name!r} is not kebab-case (e.g. billing-service)")
    title = " ".join(word.capitalize() for word in name.split("-"))
    template = (docs / TEMPLATES / "service.md.template").read_text(encoding="utf-8")
    return write_new(docs / CATALOG_DIR / f"{name}.md", fill(template, {"name": name, "title": title}))


DRIFT_SOURCES = (".md", ".yaml", ".yml", ".json", ".sql", ".schema")


def check(docs: Path) -> list[Problem]:
    """Every catalog and ADR problem the site build would report."""
    files = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    prefix = docs.name + "/"
    services, adrs, problems = [], [], []
    pages: dict[str, str] = {}  # service page -> text, for the dependency evidence
    for src in files:
        if is_service_page(src) or is_adr_page(src):
            try:
                text = (docs / src).read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError) as error:
                problems.append(Problem(prefix + src, "", f"cannot be read as UTF-8 text: {error}"))
                continue
            parse = parse_service if is_service_page(src) else parse_adr
            if is_service_page(src):
                pages[src] = text
            record, found = parse(src, text, prefix + src)
            problems += found
            if record is not None:
                (services if is_service_page(src) else adrs).append(record)
    display = {src: prefix + src for src in files}
    problems += check_catalog(services, files, display)
    contract = docs / INTERNAL_API
    internal_api = contract.read_text(encoding="utf-8", errors="replace") if contract.is_file() else None
    problems += check_dependency_evidence(services, pages, internal_api, display)
    service_names = [name for src in files if (name := service_name(src))]
    problems += check_adrs(adrs, service_names, display)
    problems += check_contract_names(docs, files, display)
    problems += check_operations(docs, files, services, display)
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))


def check_operations(docs: Path, files: list[str], services: list, display: dict[str, str]) -> list[Problem]:
    """The build's checks of alert rules, runbooks, teams and review dates (alerts/, teams/, reviews/)."""
    texts = {src: (docs / src).read_text(encoding="utf-8", errors="replace") for src in files if src.endswith(".md")}
    text = lambda src: texts.get(src) or (docs / src).read_text(encoding="utf-8", errors="replace")  # noqa: E731
    problems: list[Problem] = []
    teams: list = []
    if TEAMS_FILE in files and TEAMS_SCHEMA in files:
        teams, found = parse_teams(text(TEAMS_FILE), json.loads(text(TEAMS_SCHEMA)), display[TEAMS_FILE])
        problems += found + (check_owners({s.path: s.owner for s in services}, teams, display) if teams else [])
    rules = {src: text(src) for src in files if is_rules_file(src)}
    if rules and RULES_SCHEMA in files:
        _, found = check_alerting(
            rules,
            {src: text(src) for src in files if is_runbook(src)},
            {s.path: text(s.path) for s in services},
            services,
            json.loads(text(RULES_SCHEMA)),
            platform_team(teams),
            site_url_in(docs.parent / "mkdocs.yml"),  # None for a docs folder outside its checkout
            {page_url(src): src for src in texts},
            display,
        )
        problems += found
    reviews, found = collect_reviews(texts, display)
    today, _ = today_for_build(os.environ.get("SOURCE_DATE_EPOCH"), docs)
    return problems + found + (review_problems(reviews, today, display) if today else [])


def check_contract_names(docs: Path, files: list[str], display: dict[str, str]) -> list[Problem]:
    """The build's drift check: every contract name in prose resolves (src/pyairtable_docs/drift/)."""
    texts = {}
    for src in files:
        if src.endswith(DRIFT_SOURCES):
            try:
                texts[src] = (docs / src).read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue  # reported above for the pages that matter, and by the build
    allow = docs / ALLOW_FILE
    allow_text = allow.read_text(encoding="utf-8") if allow.is_file() else None
    report, _, problems = check_sources(texts, display, allow_text, embeds=True)
    return problems + report.problems


def main(argv: list[str] | None = None, today: dt.date | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pyairtable-docs", description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=Path, help="the docs folder (default: found from here)")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="start a new page from its template")
    kinds = new.add_subparsers(dest="kind", required=True)
    adr = kinds.add_parser("adr", help="the next-numbered ADR, status proposed, dated today")
    adr.add_argument("title")
    adr.add_argument(
        "--supersedes", type=int, metavar="N", help="ADR number this one replaces (its status becomes superseded)"
    )
    service = kinds.add_parser("service", help="a service page for the catalog")
    service.add_argument("name")
    commands.add_parser("check", help="validate catalog and ADR metadata and contract names in prose (for pre-commit)")
    args = parser.parse_args(argv)
    try:
        docs = args.docs or find_docs(Path.cwd())
        if args.command == "check":
            problems = check(docs)
            for problem in problems:
                print(problem)
            print(f"{len(problems)} problem(s)" if problems else "metadata OK", file=sys.stderr)
            return 1 if problems else 0
        if args.kind == "adr":
            path = new_adr(docs, args.title, args.supersedes, today or dt.date.today())
        else:
            path = new_service(docs, args.name)
    except CommandError as error:
        print(f"pyairtable-docs: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
