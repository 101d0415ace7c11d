"""New pages of every authored type, from the templates in docs/TOOLS/templates/.

Each function checks the name and options first and returns ``(docs-relative path, text)``; the
text passes the same checks as the build at once. The command line writes it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from pyairtable_docs.adr.records import ADR_DIR, FILE_NAME, Adr
from pyairtable_docs.alerts.records import PLATFORM
from pyairtable_docs.alerts.runbooks import RUNBOOK_DIR
from pyairtable_docs.authoring.edits import Refusal, append_list_item
from pyairtable_docs.authoring.lifecycle import CAN_BE_SUPERSEDED, resolve
from pyairtable_docs.catalog.records import CATALOG_DIR, KEBAB, Service
from pyairtable_docs.core.problems import did_you_mean
from pyairtable_docs.diagrams.sources import ARCHITECTURE_DIAGRAMS, DIAGRAM_SUFFIX
from pyairtable_docs.teams.records import TEAMS_FILE, Team

TEMPLATES = "TOOLS/templates/"
FIRST_PORT = 8000
TEAM_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*-team$")  # teams.schema.json's pattern
LEAD = re.compile(r"^\S+( \S+)+$")
CHANNEL = re.compile(r"^#[a-z0-9][a-z0-9_-]*$")
ROTATION = re.compile(r"^[a-z][a-z0-9-]*$")


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with each ``{{name}}`` replaced (``{{ alerts }}``, with spaces, is the build's)."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values.get(m.group(1), m.group(0)), template)


def title_of(name: str) -> str:
    return " ".join(word.capitalize() for word in name.split("-"))


# A name becomes a file name and a page address, and a team's page is only written at build time:
# a name the file system refuses would stop the build, so the commands refuse it first.
MAX_NAME = 60


def short_enough(name: str) -> None:
    if len(name) > MAX_NAME:
        raise Refusal(f"{name[:20]!r}... is {len(name)} characters long; a name takes at most {MAX_NAME}")


def kebab_name(name: str, what: str, example: str) -> str:
    if not KEBAB.match(name):
        raise Refusal(f"{name!r} is not a {what} name: use lower-case words joined by '-' (e.g. {example})")
    short_enough(name)
    return name


def slugify(title: str) -> str:
    """Lower case, accents dropped (Zürich: zurich), runs of other characters made `-`, at most 60."""
    plain = unicodedata.normalize("NFKD", title.casefold()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:60].rstrip("-")


def new_adr(
    template: str, title: str, supersedes: Sequence[str], file_names: Iterable[str], adrs: Sequence[Adr], today: dt.date
) -> tuple[str, str]:
    """The next-numbered ADR, proposed, dated today, superseding the ADRs named (which stay as they are)."""
    title = title.strip()
    if not title or "\n" in title or "\r" in title:
        raise Refusal('the ADR needs a title of one line, e.g. "Deploy with Helm"')
    slug = slugify(title)
    if not slug:
        raise Refusal(f"the title {title!r} has no letters or digits to make a file name from")
    names = [m for name in file_names if (m := FILE_NAME.match(name))]
    taken = next((m.group(0) for m in names if m.group(2) == slug), None)
    if taken:
        raise Refusal(f"docs/{ADR_DIR}{taken} already has the slug {slug!r}; choose a title that says what is new")
    number = max((int(m.group(1)) for m in names), default=0) + 1
    if number > 999:
        raise Refusal("ADR numbers have three digits and ADR-999 is taken")
    replaced = []
    for reference in supersedes:
        old = resolve(reference, adrs)
        if old.status not in CAN_BE_SUPERSEDED:
            after = "; supersede the ADR that replaced it instead" if old.status == "superseded" else ""
            raise Refusal(
                f"--supersedes {reference}: {old.label} is {old.status}; only an accepted or deprecated ADR "
                f"can be superseded{after}"
            )
        replaced += [old.number] if old.number not in replaced else []
    text = fill(template, {"title": title, "date": today.isoformat()})
    if replaced:
        text = text.replace("\ndate:", f"\nsupersedes: [{', '.join(map(str, replaced))}]\ndate:", 1)
    return f"{ADR_DIR}{number:03d}-{slug}.md", text


def new_service(
    template: str, name: str, owner: str, services: Sequence[Service], teams: Sequence[Team] | None
) -> tuple[str, str]:
    """A catalog page owned by ``owner`` (a team of teams.yaml), on the lowest free port."""
    kebab_name(name, "service", "billing-service")
    team_names = [t.name for t in teams or ()]
    if teams is not None and owner not in team_names:
        raise Refusal(f"--owner {owner!r} is not a team of docs/{TEAMS_FILE}{did_you_mean(owner, team_names)}")
    used = {s.port for s in services}
    port = next(p for p in range(FIRST_PORT, 65536) if p not in used)
    values = {"name": name, "title": title_of(name), "owner": owner, "port": str(port)}
    return f"{CATALOG_DIR}{name}.md", fill(template, values)


def new_runbook(template: str, name: str, service: str, owners: Mapping[str, str], today: dt.date) -> tuple[str, str]:
    """A runbook for ``service`` (a catalog service or ``platform``), reviewed today, naming its owning team."""
    kebab_name(name, "runbook", "billing-invoices-stuck")
    if service == PLATFORM and service not in owners:
        raise Refusal("no team of teams.yaml owns the platform rules (platform_rules: true); name a --service")
    if service not in owners:
        known = did_you_mean(service, owners)
        raise Refusal(f"--service {service!r} is not a catalog service (nor {PLATFORM!r}){known}")
    values = {"title": title_of(name), "service": service, "team": owners[service], "date": today.isoformat()}
    return f"{RUNBOOK_DIR}{name}.md", fill(template, values)


def new_diagram(template: str, name: str) -> tuple[str, str]:
    kebab_name(name, "diagram", "billing-flow")
    return f"{ARCHITECTURE_DIAGRAMS}{name}{DIAGRAM_SUFFIX}", fill(template, {"title": title_of(name)})


def new_team(
    teams_text: str, teams: Sequence[Team], name: str, lead: str, mission: str, slack: str | None, rotation: str | None
) -> tuple[str, str]:
    """teams.yaml with the team appended (every other byte kept). Channel and rotation follow the
    existing convention unless given: #team-billing and pyairtable-billing for billing-team."""
    if not TEAM_NAME.match(name):
        raise Refusal(
            f"{name!r} is not a team name: lower-case words joined by '-', ending in -team (e.g. billing-team)"
        )
    short_enough(name)
    existing = next((t for t in teams if t.name == name), None)
    if existing:
        raise Refusal(f"docs/{TEAMS_FILE} already has {name} (line {existing.line})")
    short = name.removesuffix("-team")
    slack = f"#team-{short}" if slack is None else slack
    rotation = f"pyairtable-{short}" if rotation is None else rotation
    checks = (
        ("--lead", lead, LEAD.match(lead), "a first and last name, e.g. 'Ana Souza'"),
        ("--mission", mission, mission.strip() and "\n" not in mission, "one line on what the team is for"),
        ("--slack", slack, CHANNEL.match(slack), "a Slack channel with its #, in lower case, e.g. '#team-billing'"),
        ("--rotation", rotation, ROTATION.match(rotation), "a PagerDuty schedule id, e.g. 'pyairtable-billing'"),
    )
    for option, value, ok, wanted in checks:
        if not ok:
            raise Refusal(f"{option} must be {wanted}; got {value!r}")
    fields = [("name", name), ("mission", mission.strip()), ("lead", lead), ("rotation", rotation), ("channel", slack)]
    try:
        return TEAMS_FILE, append_list_item(teams_text, "teams", fields)
    except Refusal as refusal:
        raise Refusal(f"docs/{TEAMS_FILE} {refusal}") from None
