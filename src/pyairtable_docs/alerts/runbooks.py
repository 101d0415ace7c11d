"""Runbook pages (GUIDES/operations-guide/runbooks/*.md) and the links alerts make to them.

A runbook's front matter names the alerts and services it covers; its body has the
sections an on-call engineer expects, in order. Every alert's ``runbook_url`` must be an
absolute URL under the site's ``site_url`` that lands on a runbook: a critical alert on a
whole runbook page that lists it, a warning on a page or a section of one.
Pure: nothing here imports MkDocs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from markdown.extensions.toc import slugify as toc_slugify

from pyairtable_docs.alerts.records import PLATFORM, Alert
from pyairtable_docs.core.fields import FieldReader, read_document
from pyairtable_docs.core.markup import lines_outside_code
from pyairtable_docs.core.problems import Problem, did_you_mean

RUNBOOK_DIR = "GUIDES/operations-guide/runbooks/"
SECTIONS = ("Symptoms", "Impact", "Diagnosis", "Mitigation", "Escalation")  # required, in this order
OPTIONAL_SECTIONS = ("Verification", "Follow-up", "Related warnings")
FIELDS = ("alerts", "services")
# Fields other capabilities or the theme read: review dates (reviews/), tags and search (Material).
OTHER_FIELDS = ("last_reviewed", "review_every", "tags", "search", "title", "description", "hide", "status")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
EXPLICIT_ID = re.compile(r"\s*\{:?[^}]*#([\w-]+)[^}]*\}\s*$")  # attr_list: ## Title { #id }
INLINE_MARKUP = re.compile(r"`+|\*+|(?<!\w)_+|_+(?!\w)|<[^>]+>")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
Slugify = Callable[[str, str], str]
QUERY_SYNTAX = re.compile(r'[:"]')  # field and phrase syntax of Material's search box


@dataclass(frozen=True)
class Runbook:
    path: str  # docs-relative
    title: str
    alerts: tuple[str, ...]
    services: tuple[str, ...]
    sections: tuple[str, ...]  # the level-2 headings, in order
    escalation: str  # the text of the Escalation section
    line_of: Mapping[str, int]  # front-matter field or "## Section" -> line
    anchors: frozenset[str] = frozenset()  # the ids its headings get, as the toc extension makes them
    tags: tuple[str, ...] = ()  # what an engineer types for its symptom (Material indexes them)


def is_runbook(src_uri: str) -> bool:
    rest = src_uri[len(RUNBOOK_DIR) :]
    return src_uri.startswith(RUNBOOK_DIR) and rest.endswith(".md") and "/" not in rest and rest != "README.md"


def parse_runbook(
    src: str, text: str, display: str, slugify: Slugify = toc_slugify
) -> tuple[Runbook | None, list[Problem]]:
    document, problems = read_document(text, display, "a runbook")
    if document is None and not text.startswith("---"):
        problems = [
            Problem(
                display,
                "",
                "a runbook must start with YAML front matter naming its alerts, services, "
                "last_reviewed and review_every (see the runbooks' index page)",
                code="RUN001",
            )
        ]
    if document is None:
        return None, problems
    reader = FieldReader(display, document)
    reader.refuse_unknown(FIELDS, OTHER_FIELDS, "a runbook field")
    alerts = reader.word_list("alerts", required=True)
    services = reader.word_list("services", required=True)
    offset = text.count("\n") - document.body.count("\n")
    headings = [(level, title, line + offset) for level, title, line in headings_of(document.body)]
    title = next((t for level, t, _ in headings if level == 1), posixpath.basename(src)[:-3])
    sections = [(t, line) for level, t, line in headings if level == 2]
    line_of = dict(document.key_lines) | {f"{'#' * level} {t}": line for level, t, line in headings}
    runbook = Runbook(
        src,
        title,
        alerts,
        services,
        tuple(t for t, _ in sections),
        section_text(document.body, "Escalation"),
        line_of,
        heading_anchors([t for _, t, _ in headings], slugify),
        _tags(reader.meta.get("tags")),
    )
    problems = reader.problems + section_problems(runbook, display)
    if QUERY_SYNTAX.search(title):
        problems.append(
            Problem(
                display,
                "",
                f"the title {title!r} holds : or \", which Material's search reads as "
                "query syntax: an engineer who types the title would find nothing; reword it",
                line_of.get(f"# {title}"),
                "RUN005",
            )
        )
    return runbook, problems


def _tags(value: object) -> tuple[str, ...]:
    """The tags as Material's search indexes them (numbers such as 429 included)."""
    items = value if isinstance(value, list) else []
    return tuple(str(item) for item in items if isinstance(item, (str, int, float)) and str(item).strip())


def headings_of(body: str) -> list[tuple[int, str, int]]:
    """(level, text, 1-based line) of every ATX heading outside fenced code."""
    matches = ((number, HEADING.match(line)) for number, line in lines_outside_code(body))
    return [(len(m.group(1)), m.group(2).strip(), number) for number, m in matches if m]


def heading_anchors(titles: Sequence[str], slugify: Slugify) -> frozenset[str]:
    """The ids Python-Markdown's toc extension gives these headings: an explicit ``{ #id }``, else
    the slug of the heading's text (duplicates numbered ``_1``, ``_2``, as it numbers them)."""
    anchors: set[str] = set()
    for title in titles:
        explicit = EXPLICIT_ID.search(title)
        if explicit:
            anchors.add(explicit.group(1))
            continue
        text = INLINE_MARKUP.sub("", LINK.sub(r"\1", title)).strip()
        anchor, number = slugify(text, "-"), 0
        while anchor in anchors:
            number += 1
            anchor = f"{slugify(text, '-')}_{number}"
        anchors.add(anchor)
    return frozenset(anchors)


def section_text(body: str, title: str) -> str:
    """The text under the level-2 heading ``title``, up to the next level-2 heading."""
    match = re.search(rf"^##[ \t]+{re.escape(title)}[ \t]*\n(.*?)(?=^##[ \t]|\Z)", body, re.M | re.S)
    return match.group(1) if match else ""


def section_problems(runbook: Runbook, display: str) -> list[Problem]:
    """The required sections, each once and in order."""
    problems = []
    present = [s for s in runbook.sections if s in SECTIONS]
    for section in SECTIONS:
        if section not in runbook.sections:
            known = [s for s in runbook.sections if s not in SECTIONS + OPTIONAL_SECTIONS]
            hint = did_you_mean(section, known) if known else ""
            problems.append(
                Problem(
                    display,
                    "",
                    f"has no '## {section}' section{hint}; a runbook has " + ", ".join(SECTIONS) + ", in this order",
                    code="RUN002",
                )
            )
    expected = [s for s in SECTIONS if s in present]
    if present != expected and len(present) == len(set(present)):
        problems.append(
            Problem(
                display,
                "",
                "sections must come in the order " + ", ".join(SECTIONS) + "; found " + ", ".join(present),
                runbook.line_of.get(f"## {present[0]}"),
                "RUN003",
            )
        )
    for section in {s for s in present if present.count(s) > 1}:
        problems.append(Problem(display, "", f"has the '## {section}' section twice", code="RUN004"))
    return problems


def check_runbooks(
    runbooks: Sequence[Runbook],
    alerts: Mapping[str, Alert],
    owners: Mapping[str, str],
    display: Mapping[str, str],
    named: Iterable[str] | None = (),
) -> list[Problem]:
    """Front matter against the rules and the catalog; the Escalation section names the owners.

    ``owners`` maps each service (and ``platform``) to its owning team. ``named`` holds every
    alert name the rules files write, valid or not (None: a rules file could not be read at
    all); a name there whose rule is broken is that rule's problem, not the runbook's.
    """
    written = None if named is None else set(named) | set(alerts)
    problems = []
    for runbook in runbooks:
        shown = display.get(runbook.path, runbook.path)
        line = runbook.line_of.get
        for name in runbook.alerts:
            if name not in alerts and written is not None and name not in written:
                problems.append(
                    Problem(
                        shown,
                        "alerts",
                        f"{name!r} is not an alert of the rules" + did_you_mean(name, alerts),
                        line("alerts"),
                        "RUN006",
                    )
                )
            elif name in alerts and not _points_to(alerts[name].runbook_url, runbook.path):
                problems.append(
                    Problem(
                        shown,
                        "alerts",
                        f"lists {name}, whose runbook_url leads elsewhere ({alerts[name].runbook_url})",
                        line("alerts"),
                        "RUN007",
                    )
                )
        for service in runbook.services:
            if service not in owners:
                problems.append(
                    Problem(
                        shown,
                        "services",
                        f"{service!r} is not a catalog service" + did_you_mean(service, owners),
                        line("services"),
                        "RUN008",
                    )
                )
        for name in runbook.alerts:
            alert = alerts.get(name)
            if alert and alert.service not in runbook.services:
                problems.append(
                    Problem(
                        shown,
                        "services",
                        f"must list {alert.service!r}, the service of {name}",
                        line("services"),
                        "RUN009",
                    )
                )
        teams = sorted({owners[s] for s in runbook.services if s in owners})
        missing = [team for team in teams if team not in runbook.escalation]
        if "Escalation" in runbook.sections and missing:
            problems.append(
                Problem(
                    shown,
                    "",
                    "the Escalation section must name the owning team " + ", ".join(missing) + " (from the catalog)",
                    line("## Escalation"),
                    "RUN010",
                )
            )
    return problems


def _points_to(url: str, runbook_path: str) -> bool:
    path = urlsplit(url).path.rstrip("/")
    return path.endswith("/" + runbook_path[: -len(".md")])


@dataclass(frozen=True)
class Target:
    src: str  # the runbook page, docs-relative
    fragment: str  # the section's anchor, or ""


def resolve_runbook_url(
    alert: Alert, site_url: str, page_by_url: Mapping[str, str], runbooks: Mapping[str, Runbook]
) -> tuple[Target | None, str, str]:
    """Where ``alert.runbook_url`` lands in this site, or the code and reason it lands nowhere."""
    url = alert.runbook_url
    base = site_url if site_url.endswith("/") else site_url + "/"
    if not url.startswith(base):
        return None, "ALR006", f"must start with the site's URL {base}; got {url!r}"
    parts = urlsplit(url[len(base) - 1 :])
    path = parts.path.lstrip("/")
    src = page_by_url.get(path) or page_by_url.get(path + "/" if path and not path.endswith("/") else path)
    if src is None:
        slugs = {posixpath.basename(u.rstrip("/")): u for u, s in page_by_url.items() if is_runbook(s)}
        close = did_you_mean(posixpath.basename(path.rstrip("/")), slugs)
        near = f" (did you mean {base}{slugs[close.split(chr(39))[1]]}?)" if close else ""
        return None, "ALR006", f"{url!r} is not a page of this site{near}"
    if not is_runbook(src):
        return None, "ALR006", f"leads to {src}, which is not a runbook (pages in {RUNBOOK_DIR})"
    if src not in runbooks:
        return None, "ALR006", f"leads to {src}, whose front matter cannot be read (see its own message)"
    if parts.query:
        return None, "ALR006", f"must not have a query string; got {url!r}"
    if alert.severity == "critical" and parts.fragment:
        return None, "ALR007", f"a critical alert links to a whole runbook page, not a section (#{parts.fragment})"
    if alert.name not in runbooks[src].alerts:
        return None, "ALR008", f"leads to {src}, whose front matter `alerts` does not list {alert.name}"
    if parts.fragment and parts.fragment not in runbooks[src].anchors:
        near = did_you_mean(parts.fragment, runbooks[src].anchors)
        return None, "ALR009", f"{src} has no section #{parts.fragment}{near}"
    return Target(src, parts.fragment), "", ""


def runbook_problems(
    alerts: Iterable[Alert],
    site_url: str,
    page_by_url: Mapping[str, str],
    runbooks: Mapping[str, Runbook],
    display: Mapping[str, str],
) -> tuple[dict[str, Target], list[Problem]]:
    """Every alert's runbook target, and a problem for each link that does not land."""
    targets, problems = {}, []
    for alert in alerts:
        target, code, why = resolve_runbook_url(alert, site_url, page_by_url, runbooks)
        if target is None:
            shown = display.get(alert.source, alert.source)
            problems.append(Problem(shown, f"alert {alert.name}: annotations.runbook_url", why, alert.line, code))
        else:
            targets[alert.name] = target
    return targets, problems


def owners_of(owner_by_service: Mapping[str, str], platform_team: str | None) -> dict[str, str]:
    """Service -> owning team, with the platform rules' team under ``platform``."""
    return dict(owner_by_service) | ({PLATFORM: platform_team} if platform_team else {})


SITE_URL_SETTING = re.compile(r"""^site_url:[ \t]*["']?([^"'\s#]+)""", re.M)
INHERIT_SETTING = re.compile(r"""^INHERIT:[ \t]*["']?([^"'\s#]+)""", re.M)


def site_url_in(config_file: Path) -> str | None:
    """The site_url an mkdocs.yml sets (following INHERIT), read from the file as written."""
    path: Path | None = config_file
    for _ in range(5):  # an INHERIT chain, not a cycle
        if path is None or not path.is_file():
            return None
        text = path.read_text(encoding="utf-8")
        written = SITE_URL_SETTING.search(text)
        if written:
            return written.group(1)
        parent = INHERIT_SETTING.search(text)
        path = path.parent / parent.group(1) if parent else None
    return None


def page_url(src_uri: str) -> str:
    """The URL MkDocs gives a page with directory URLs: A/B.md -> A/B/, A/README.md -> A/."""
    folder, name = posixpath.split(src_uri[: -len(".md")])
    if name in ("README", "index"):
        return folder + "/" if folder else ""
    return f"{folder}/{name}/" if folder else f"{name}/"
