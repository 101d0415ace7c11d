"""``pyairtable-docs``: the authors' command line (run it as ``python3 dev.py docs ...``).

    pyairtable-docs new adr "Title" [--supersedes N|SLUG]...   next-numbered ADR, proposed
    pyairtable-docs new service NAME --owner TEAM             a catalog page
    pyairtable-docs new runbook NAME [--service SERVICE]      a runbook with its required sections
    pyairtable-docs new diagram NAME                          a .mermaid file for the gallery
    pyairtable-docs new team NAME --lead NAME --mission TEXT  an entry appended to teams.yaml
    pyairtable-docs accept|reject|deprecate N|SLUG            an ADR's status change (MADR lifecycle)
    pyairtable-docs check [FILE ...]                          the build's checks of the sources; with
                                                              files, only the problems in those files

The commands use the templates of docs/TOOLS/templates and the checks of the site build, so what
they write builds cleanly, and what ``check`` passes, the build passes. A refusal is one line on
stderr and exit status 1, with nothing written.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Collection
from pathlib import Path

from pyairtable_docs.adr.records import ADR_DIR, check_adrs, is_adr_page, parse_adr
from pyairtable_docs.alerts.records import RULES_SCHEMA, is_rules_file
from pyairtable_docs.alerts.runbooks import is_runbook, owners_of, page_url, site_url_in
from pyairtable_docs.alerts.sources import check_alerting
from pyairtable_docs.authoring import lifecycle, scaffolds
from pyairtable_docs.authoring.edits import Refusal
from pyairtable_docs.catalog.evidence import INTERNAL_API, check_dependency_evidence
from pyairtable_docs.catalog.records import CATALOG_DIR, check_catalog, is_service_page, parse_service, service_name
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.drift.contracts import load_registry
from pyairtable_docs.drift.scan import ALLOW_FILE, ALLOW_SHOWN, check_sources, embed_problems, load_allow_list, scan
from pyairtable_docs.reviews.records import collect_reviews, review_problems, today_for_build
from pyairtable_docs.teams.records import TEAMS_FILE, TEAMS_SCHEMA, Team, check_owners, parse_teams, platform_team

TEMPLATES = scaffolds.TEMPLATES


def find_docs(start: Path) -> Path:
    """The docs folder of the pyairtable-docs checkout that holds ``start``."""
    for folder in [start, *start.parents]:
        config = folder / "mkdocs.yml"
        if config.is_file():
            match = re.search(r"^docs_dir:\s*['\"]?([^'\"\s#]+)", config.read_text(), re.M)
            return folder / (match.group(1) if match else "docs")
    raise Refusal(f"no mkdocs.yml in {start} or above: run this inside pyairtable-docs")


# ------------------------------------------------------------------ reading and writing files


def read(docs: Path, src: str) -> str:
    try:
        return (docs / src).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise Refusal(f"docs/{src} cannot be read as UTF-8 text: {error}") from None


def template(docs: Path, name: str) -> str:
    return read(docs, TEMPLATES + name)


def create(docs: Path, src: str, text: str) -> Path:
    """Write a new file whole or not at all, never over an existing one."""
    path = docs / src
    temporary = path.with_name(f".new-{os.getpid()}.tmp")  # short: the name itself may be near the limit
    made = [folder for folder in path.parents if not folder.exists() and folder.is_relative_to(docs)]
    try:
        if path.exists():
            raise FileExistsError
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(text.encode("utf-8"))
        try:
            os.link(temporary, path)  # fails if the file appeared meanwhile: never overwrites
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: exclusive creation instead
            with path.open("xb") as handle:
                handle.write(text.encode("utf-8"))
    except FileExistsError:
        raise Refusal(f"{shown(path)} already exists; nothing was written") from None
    except OSError as error:  # e.g. a name longer than the file system allows, a read-only folder
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
            for folder in made:  # the folders made for it, innermost first
                folder.rmdir()
        raise Refusal(f"{shown(path)} cannot be written ({error.strerror}); nothing was written") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return path


def replace(docs: Path, edits: dict[str, str]) -> None:
    """Rewrite existing files, each atomically (a reader sees the old text or the new, never half)."""
    temporaries = {}
    try:
        for src, text in edits.items():
            path = docs / src
            temporaries[path] = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporaries[path].write_bytes(text.encode("utf-8"))
            os.chmod(temporaries[path], path.stat().st_mode)
        for path, temporary in temporaries.items():
            os.replace(temporary, path)
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it lies below it (docs/...), else absolute."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def sources(docs: Path, folder: str, suffix: str = ".md") -> dict[str, str]:
    """docs-relative path -> text of the files directly in ``folder`` (unreadable ones left out)."""
    texts = {}
    for path in sorted((docs / folder).glob("*" + suffix)):
        try:
            texts[f"{folder}{path.name}"] = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # `check` reports it
    return texts


def services_of(docs: Path) -> list:
    pages = {src: text for src, text in sources(docs, CATALOG_DIR).items() if is_service_page(src)}
    return [s for src, text in pages.items() if (s := parse_service(src, text)[0]) is not None]


def json_schema(text: str, display: str) -> tuple[dict, list[Problem]]:
    """A JSON Schema as the build reads it: ({}, FMT010) when it is not JSON, so that what it checks
    goes unchecked and the schema is named, instead of a traceback."""
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        return {}, [Problem(display, "", f"not valid JSON: {error.msg}", error.lineno, "FMT010")]


def teams_of(docs: Path) -> tuple[list[Team] | None, str]:
    """The teams (None when the docs have no teams.yaml) and the file's text."""
    if not (docs / TEAMS_FILE).is_file() or not (docs / TEAMS_SCHEMA).is_file():
        return None, ""
    text = read(docs, TEAMS_FILE)
    schema, problems = json_schema(read(docs, TEAMS_SCHEMA), f"docs/{TEAMS_SCHEMA}")
    teams, found = parse_teams(text, schema, f"docs/{TEAMS_FILE}") if schema else ([], [])
    if problems or found:
        raise Refusal(f"fix docs/{TEAMS_FILE} first: {(problems + found)[0]}")
    return teams, text


def build_today(docs: Path, clock: dt.date) -> dt.date:
    """The day the build's review check calls today (the last commit's), if it is not later than the clock."""
    day, _ = today_for_build(os.environ.get("SOURCE_DATE_EPOCH"), docs)
    return min(day, clock) if day else clock


# ------------------------------------------------------------------ the commands


def new_adr(docs: Path, title: str, supersedes: list[str], today: dt.date) -> list[Path]:
    texts = sources(docs, ADR_DIR)
    names = [p.name for p in (docs / ADR_DIR).glob("*.md")]
    adrs = lifecycle.read_adrs(texts)
    src, text = scaffolds.new_adr(template(docs, "adr.md.template"), title, supersedes, names, adrs, today)
    return [create(docs, src, text)]


def new_service(docs: Path, name: str, owner: str) -> list[Path]:
    teams, _ = teams_of(docs)
    services = services_of(docs)
    src, text = scaffolds.new_service(template(docs, "service.md.template"), name, owner, services, teams)
    if name.rsplit("-", 1)[-1] not in {s.name.rsplit("-", 1)[-1] for s in services}:
        refuse_names_it_would_break(docs, src, text, name)
    return [create(docs, src, text)]


def refuse_names_it_would_break(docs: Path, src: str, text: str, name: str) -> None:
    """The drift check reads kebab-case words ending as a catalog name ends as service names, so a
    service with a new last word (billing-api) can make words in other pages unknown services
    (`airtable-api`): refuse such a name, saying which word it would break and where."""
    files = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    display = {f: f"{docs.resolve().name}/{f}" for f in [*files, src]}
    texts = drift_texts(docs, files)
    allow = docs / ALLOW_FILE
    allow_text = allow.read_text(encoding="utf-8") if allow.is_file() else None
    before = {str(p) for p in check_sources(texts, display, allow_text)[0].problems}
    after = check_sources({**texts, src: text}, display, allow_text)[0].problems
    broken = [p for p in after if str(p) not in before and p.path != display[src]]
    if broken:
        word = f"`{broken[0].message.split('`')[1]}`" if "`" in broken[0].message else "a word"
        endings = Counter(s.name.rsplit("-", 1)[-1] for s in services_of(docs) if "-" in s.name)
        usual = " or ".join(f"-{ending}" for ending, _ in endings.most_common(2))
        raise Refusal(
            f"{name!r} would make {word} in {broken[0].path}:{broken[0].line} read as a service name (no catalog "
            f"name ends in -{name.rsplit('-', 1)[-1]} yet); end the name as others do, e.g. {usual}"
        )


def new_runbook(docs: Path, name: str, service: str, today: dt.date) -> list[Path]:
    teams, _ = teams_of(docs)
    owners = owners_of({s.name: s.owner for s in services_of(docs)}, platform_team(teams or []))
    src, text = scaffolds.new_runbook(
        template(docs, "runbook.md.template"), name, service, owners, build_today(docs, today)
    )
    return [create(docs, src, text)]


def new_diagram(docs: Path, name: str) -> list[Path]:
    src, text = scaffolds.new_diagram(template(docs, "diagram.mermaid.template"), name)
    return [create(docs, src, text)]


def new_team(docs: Path, args: argparse.Namespace) -> list[Path]:
    teams, text = teams_of(docs)
    if teams is None:
        raise Refusal(f"docs/{TEAMS_FILE} and {TEAMS_SCHEMA.rsplit('/', 1)[-1]} beside it are needed to add a team")
    src, updated = scaffolds.new_team(text, teams, args.name, args.lead, args.mission, args.slack, args.rotation)
    _, problems = parse_teams(updated, json.loads(read(docs, TEAMS_SCHEMA)), f"docs/{TEAMS_FILE}")
    if problems:
        raise Refusal(f"nothing was written: the new entry would make {problems[0]}")
    replace(docs, {src: updated})
    return [docs / src]


def change_status(docs: Path, command: str, reference: str, today: dt.date) -> list[str]:
    texts = sources(docs, ADR_DIR)
    adrs = lifecycle.read_adrs(texts)
    changes = lifecycle.change_status(command, lifecycle.resolve(reference, adrs), adrs, texts, today)
    replace(docs, {c.path: c.text for c in changes})
    return [
        f"{shown(docs / c.path)}: {c.before} -> {c.after}{' ' + c.note if c.note else ''} (date {today})"
        for c in changes
    ]


# ------------------------------------------------------------------ check


DRIFT_SOURCES = (".md", ".yaml", ".yml", ".json", ".sql", ".schema")


def check(docs: Path, only: Collection[str] | None = None) -> list[Problem]:
    """Every problem the site build would report from the sources; with ``only`` (docs-relative
    paths), just the problems located in those files, the others still read for context."""
    if only is not None and not only:
        return []
    files = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    prefix = docs.resolve().name + "/"  # "docs/" also when given as --docs .
    services, adrs, problems = [], [], []
    pages: dict[str, str] = {}  # service page -> text, for the dependency evidence
    for src in files:
        if is_service_page(src) or is_adr_page(src):
            try:
                text = (docs / src).read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError) as error:
                problems.append(Problem(prefix + src, "", f"cannot be read as UTF-8 text: {error}", code="FMT001"))
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
    problems += check_contract_names(docs, files, display, only)
    problems += check_operations(docs, files, services, display, only)
    if only is not None:
        wanted = {prefix + src for src in only}
        problems = [p for p in problems if p.path in wanted]
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))


def check_operations(
    docs: Path, files: list[str], services: list, display: dict[str, str], only: Collection[str] | None = None
) -> list[Problem]:
    """The build's checks of alert rules, runbooks, teams and review dates (alerts/, teams/, reviews/).
    With ``only``, the alerting check runs when one of those files takes part in it, and review
    dates are read from those pages alone (a page's review problems are its own)."""
    texts = {src: (docs / src).read_text(encoding="utf-8", errors="replace") for src in files if src.endswith(".md")}
    text = lambda src: texts.get(src) or (docs / src).read_text(encoding="utf-8", errors="replace")  # noqa: E731
    problems: list[Problem] = []
    teams: list = []
    if TEAMS_FILE in files and TEAMS_SCHEMA in files:
        schema, found = json_schema(text(TEAMS_SCHEMA), display[TEAMS_SCHEMA])
        problems += found
        teams, found = parse_teams(text(TEAMS_FILE), schema, display[TEAMS_FILE]) if schema else ([], [])
        problems += found + (check_owners({s.path: s.owner for s in services}, teams, display) if teams else [])
    rules = {src: text(src) for src in files if is_rules_file(src)}
    taking_part = {*rules, RULES_SCHEMA, *(s.path for s in services), *filter(is_runbook, files)}
    if rules and RULES_SCHEMA in files and (only is None or taking_part.intersection(only)):
        schema, found = json_schema(text(RULES_SCHEMA), display[RULES_SCHEMA])
        problems += found
        _, found = check_alerting(
            rules,
            {src: text(src) for src in files if is_runbook(src)},
            {s.path: text(s.path) for s in services},
            services,
            schema,
            platform_team(teams),
            site_url_in(docs.parent / "mkdocs.yml"),  # None for a docs folder outside its checkout
            {page_url(src): src for src in texts},
            display,
        )
        problems += found
    pages = texts if only is None else {src: texts[src] for src in only if src in texts}
    reviews, found = collect_reviews(pages, display)
    today, _ = today_for_build(os.environ.get("SOURCE_DATE_EPOCH"), docs)
    return problems + found + (review_problems(reviews, today, display) if today else [])


def drift_texts(docs: Path, files: list[str]) -> dict[str, str]:
    """The files the drift check reads: contracts and pages (unreadable ones left out)."""
    texts = {}
    for src in files:
        if src.endswith(DRIFT_SOURCES):
            try:
                texts[src] = (docs / src).read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue  # reported by check for the pages that matter, and by the build
    return texts


def check_contract_names(
    docs: Path, files: list[str], display: dict[str, str], only: Collection[str] | None = None
) -> list[Problem]:
    """The build's drift check: every contract name in prose resolves (src/pyairtable_docs/drift/).
    With ``only``, the prose of those pages alone is read against all the contracts."""
    texts = drift_texts(docs, files)
    allow = docs / ALLOW_FILE
    allow_text = allow.read_text(encoding="utf-8") if allow.is_file() else None
    if only is None:
        report, _, problems = check_sources(texts, display, allow_text, embeds=True)
        return problems + report.problems
    if not any(src.endswith(DRIFT_SOURCES) for src in only):
        return []
    registry, problems = load_registry(texts, display)
    entries, allow_problems = load_allow_list(allow_text, ALLOW_SHOWN)
    pages = {src: texts[src] for src in only if src in texts and src.endswith(".md")}
    if ALLOW_FILE in only:  # is each entry still needed? Only a page that writes its name can need it.
        names = [entry.name.lower() for entry in entries]
        pages |= {
            src: text
            for src, text in texts.items()
            if src.endswith(".md") and any(name in text.lower() for name in names)
        }
    return (
        problems
        + allow_problems
        + scan(pages, registry, entries, display).problems
        + embed_problems(pages, texts, display)
    )


def docs_relative(docs: Path, names: list[str]) -> tuple[list[str], list[str]]:
    """The given files (relative to the current folder, as pre-commit passes them) that lie in docs/,
    docs-relative, and the names given that are no file there (outside it, or misspelt)."""
    root = docs.resolve()
    inside, others = [], []
    for name in names:
        path = Path(name).resolve()
        if path.is_relative_to(root) and path.is_file():
            inside.append(path.relative_to(root).as_posix())
        else:
            others.append(name)
    return inside, others


# ------------------------------------------------------------------ the command line


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="pyairtable-docs", description=__doc__.split("\n")[0])
    top.add_argument("--docs", type=Path, help="the docs folder (default: found from here through mkdocs.yml)")
    commands = top.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="start a new page from its template")
    kinds = new.add_subparsers(dest="kind", required=True)
    adr = kinds.add_parser("adr", help="the next-numbered ADR, status proposed, dated today")
    adr.add_argument("title")
    adr.add_argument(
        "--supersedes",
        action="append",
        default=[],
        metavar="N|SLUG",
        help="an ADR this one would replace once accepted (repeatable); it stays accepted until then",
    )
    service = kinds.add_parser("service", help="a service page for the catalog")
    service.add_argument("name", help="kebab-case catalog name, e.g. billing-service")
    service.add_argument("--owner", required=True, metavar="TEAM", help="the owning team, from teams.yaml")
    runbook = kinds.add_parser("runbook", help="a runbook with the required sections")
    runbook.add_argument("name", help="kebab-case file name, e.g. billing-invoices-stuck")
    runbook.add_argument(
        "--service", default="platform", help="the catalog service it covers (default: platform, the shared rules)"
    )
    diagram = kinds.add_parser("diagram", help="a Mermaid diagram for the diagrams gallery")
    diagram.add_argument("name", help="kebab-case file name, e.g. billing-flow")
    team = kinds.add_parser("team", help="a team appended to teams.yaml")
    team.add_argument("name", help="kebab-case, ending in -team, e.g. billing-team")
    team.add_argument("--lead", required=True, help="first and last name of the team lead")
    team.add_argument("--mission", required=True, help="one sentence on what the team is for")
    team.add_argument("--slack", help="Slack channel to escalate to (default: #team-<name without -team>)")
    team.add_argument("--rotation", help="PagerDuty schedule (default: pyairtable-<name without -team>)")
    for command, what in (
        ("accept", "proposed -> accepted; the ADRs it supersedes -> superseded"),
        ("reject", "proposed -> rejected"),
        ("deprecate", "accepted -> deprecated"),
    ):
        change = commands.add_parser(command, help=f"an ADR's status: {what} (date: today)")
        change.add_argument("adr", metavar="N|SLUG", help="the ADR: 7, 007, ADR-007 or its slug")
    checks = commands.add_parser("check", help="the build's checks of the sources (for pre-commit)")
    checks.add_argument("files", nargs="*", metavar="FILE", help="report only the problems in these files")
    return top


def main(argv: list[str] | None = None, today: dt.date | None = None) -> int:
    args = parser().parse_args(argv)
    today = today or dt.date.today()
    try:
        docs = args.docs or find_docs(Path.cwd())
        if args.command == "check":
            only, others = docs_relative(docs, args.files) if args.files else (None, [])
            problems = check(docs, only)
            for problem in problems:
                print(problem)
            print(f"{len(problems)} problem(s)" if problems else "metadata OK", file=sys.stderr)
            if others:  # a misspelt path must not pass for a checked file
                print(f"not checked, as no file in {shown(docs)}/: {', '.join(others)}", file=sys.stderr)
            return 1 if problems else 0
        if args.command in lifecycle.COMMANDS:
            lines = change_status(docs, args.command, args.adr, today)
        else:
            written = {
                "adr": lambda: new_adr(docs, args.title, args.supersedes, today),
                "service": lambda: new_service(docs, args.name, args.owner),
                "runbook": lambda: new_runbook(docs, args.name, args.service, today),
                "diagram": lambda: new_diagram(docs, args.name),
                "team": lambda: new_team(docs, args),
            }[args.kind]()
            lines = [shown(path) + (f": added {args.name}" if args.kind == "team" else "") for path in written]
    except Refusal as error:
        print(f"pyairtable-docs: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
