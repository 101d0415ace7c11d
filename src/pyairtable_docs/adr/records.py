"""Architecture decision records: MADR 4 front matter in, typed records and problems out.

The number comes from the file name (``NNN-slug.md``), the title from the page's first
``# `` heading. "Superseded by" is derived from the other records' ``supersedes``.

Supersession follows MADR's lifecycle: a ``proposed`` ADR that supersedes an accepted one
leaves it ``accepted`` (the pending supersession is shown, not enforced); accepting it makes
the older one ``superseded``. Two accepted ADRs may supersede the same one only when both say
``supersession: split`` (each replaces a part of it). Every problem carries its code
(adr/codes.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pyairtable_docs.catalog.records import find_cycles
from pyairtable_docs.core.fields import FieldReader, read_document
from pyairtable_docs.core.problems import Problem, did_you_mean

ADR_DIR = "ARCHITECTURE/decisions/"
FILE_NAME = re.compile(r"^(\d{3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")
REQUIRED = ("status", "date", "decision-makers")
OPTIONAL = ("consulted", "informed", "supersedes", "supersession", "affects", "tags")
SPLIT = "split"  # the one value of `supersession`: this ADR replaces a part of each ADR it supersedes
# Statuses of an ADR that was accepted at some time: as a successor, it has taken over.
WAS_ACCEPTED = ("accepted", "deprecated", "superseded")
NEVER_IN_FORCE = ("proposed", "rejected")  # nothing can supersede these: there is nothing to replace
THEME_FIELDS = ("hide", "search", "template", "icon", "subtitle", "comments")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Adr:
    path: str
    number: int
    title: str
    status: str
    date: dt.date | None
    decision_makers: tuple[str, ...]
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    supersedes: tuple[int, ...] = ()
    affects: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    split: bool = False  # `supersession: split`

    @property
    def label(self) -> str:
        return f"ADR-{self.number:03d}"

    @property
    def slug(self) -> str:
        """The file name without ``NNN-`` and ``.md``: what the commands accept besides the number."""
        return self.path.rsplit("/", 1)[-1][4:-3]


def is_adr_page(src_uri: str) -> bool:
    rest = src_uri[len(ADR_DIR) :]
    return (
        src_uri.startswith(ADR_DIR)
        and src_uri.endswith(".md")
        and "/" not in rest
        and rest not in ("README.md", "index.md")
    )


def first_heading(markdown: str) -> tuple[str, int | None]:
    """The text of the first level-1 heading outside code fences, and its body line."""
    in_fence = False
    for number, line in enumerate(markdown.split("\n"), 1):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and line.startswith("# "):
            return line[2:].strip().rstrip("#").strip(), number
    return "", None


@functools.lru_cache(maxsize=8192)  # one parse per distinct page text (see parse_service)
def parse_adr(src_uri: str, text: str, display_path: str | None = None) -> tuple[Adr | None, tuple[Problem, ...]]:
    display = display_path or src_uri
    file_name = src_uri.rsplit("/", 1)[-1]
    match = FILE_NAME.match(file_name)
    if not match:
        return None, (
            Problem(
                display,
                "",
                f"file name {file_name!r} is not of the form NNN-slug.md (three digits, then kebab-case words)",
                code="ADR001",
            ),
        )
    document, problems = read_document(text, display, "an ADR")
    if document is None:
        return None, tuple(problems)
    fields = FieldReader(display, document)
    fields.refuse_unknown(REQUIRED + OPTIONAL, THEME_FIELDS, "an ADR field")
    status = fields.choice("status", STATUSES)
    title, _ = first_heading(document.body)
    if not title:
        fields.problems.append(Problem(display, "title", "the page needs a `# Title` heading", code="ADR002"))
    decision_makers = fields.word_list("decision-makers", required=True)
    if "decision-makers" in fields.meta and fields.meta["decision-makers"] == []:
        _problem(fields, "decision-makers", "must name at least one person", "ADR005")
    supersedes = _numbers(fields)

    adr = Adr(
        path=src_uri,
        number=int(match.group(1)),
        title=title,
        status=status,
        date=_date(fields),
        decision_makers=decision_makers,
        consulted=fields.word_list("consulted"),
        informed=fields.word_list("informed"),
        supersedes=supersedes,
        affects=fields.word_list("affects"),
        tags=fields.word_list("tags"),
        split=_split(fields, supersedes),
    )
    return adr, tuple(fields.problems)


def _problem(fields: FieldReader, field: str, message: str, code: str) -> None:
    fields.problems.append(Problem(fields.display, field, message, fields.lines.get(field), code))


def _split(fields: FieldReader, supersedes: tuple[int, ...]) -> bool:
    value = fields.meta.get("supersession")
    if value is None:
        return False
    if value != SPLIT:
        _problem(fields, "supersession", f"must be {SPLIT!r} (or left out); got {value!r}", "ADR014")
        return False
    if not supersedes:
        _problem(fields, "supersession", "says 'split' but `supersedes` names no ADR to split", "ADR014")
    return True


def _date(fields: FieldReader) -> dt.date | None:
    value = fields.meta.get("date")
    if value is None:
        _problem(fields, "date", "is required", "ADR004")
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    _problem(fields, "date", f"must be a date written YYYY-MM-DD; got {value!r}", "ADR004")
    return None


def _numbers(fields: FieldReader) -> tuple[int, ...]:
    value = fields.meta.get("supersedes")
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not all(
        (isinstance(i, int) and not isinstance(i, bool)) or (isinstance(i, str) and i.strip().isdigit()) for i in items
    ):
        _problem(fields, "supersedes", f"must be a list of ADR numbers; got {value!r}", "ADR006")
        return ()
    return tuple(int(item) for item in items)


def superseded_by(adrs: Sequence[Adr]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for adr in sorted(adrs, key=lambda a: a.number):
        for old in adr.supersedes:
            result.setdefault(old, []).append(adr.number)
    return result


def check_adrs(
    adrs: Sequence[Adr], service_names: Iterable[str], display: Mapping[str, str] | None = None
) -> list[Problem]:
    """Problems between records: numbering, supersession and unknown services."""
    display = display or {}
    services = set(service_names)
    problems: list[Problem] = []

    def report(adr: Adr, field: str, message: str, code: str) -> None:
        problems.append(Problem(display.get(adr.path, adr.path), field, message, code=code))

    first: dict[int, Adr] = {}
    for adr in sorted(adrs, key=lambda a: a.path):
        other = first.setdefault(adr.number, adr)
        if other is not adr:
            report(adr, "number", f"{adr.label} is already used by {display.get(other.path, other.path)}", "ADR007")
    replaced_by = superseded_by(adrs)
    for adr in adrs:
        for old in adr.supersedes:
            if old == adr.number:
                report(adr, "supersedes", f"{adr.label} cannot supersede itself", "ADR008")
            elif old not in first:
                report(adr, "supersedes", f"ADR-{old:03d} does not exist", "ADR003")
        newer = [first[n] for n in replaced_by.get(adr.number, []) if n != adr.number and n in first]
        for at, field, message, code in supersession_problems(adr, newer):
            report(at, field, message, code)
        for name in adr.affects:
            if name not in services:
                report(adr, "affects", f"unknown service {name!r}" + did_you_mean(name, services), "ADR011")
    graph = {str(a.number): [str(n) for n in a.supersedes if n != a.number] for a in adrs}
    for cycle in find_cycles(graph):
        head = first[int(cycle[0])]
        cycle_text = " → ".join(f"ADR-{int(n):03d}" for n in cycle)
        report(head, "supersedes", "supersession cycle: " + cycle_text, "ADR012")
    return problems


def supersession_problems(adr: Adr, newer: Sequence[Adr]) -> list[tuple[Adr, str, str, str]]:
    """The lifecycle rules between ``adr`` and the ADRs naming it in ``supersedes``:
    (the ADR to report at, field, message, code) for each rule broken."""
    accepted = [n for n in newer if n.status == "accepted"]
    found = []
    if accepted and adr.status in NEVER_IN_FORCE:
        message = (
            f"is {adr.status!r}, never in force, but {accepted[0].label}, which is accepted, supersedes it; "
            f"remove {adr.number} from {accepted[0].label}'s `supersedes`"
        )
        found.append((adr, "status", message, "ADR009"))
    elif accepted and adr.status and adr.status != "superseded":
        message = (
            f"is {adr.status!r} but {accepted[0].label}, which supersedes it, is accepted; "
            "set it to 'superseded' (`accept` does both in one step)"
        )
        found.append((adr, "status", message, "ADR009"))
    if adr.status == "superseded" and not any(n.status in WAS_ACCEPTED for n in newer):
        pending = ", ".join(f"{n.label} is {n.status or 'without a status'}" for n in newer)
        fix = (
            f" ({pending}); set it back to 'accepted' until its successor is accepted"
            if pending
            else "; name this ADR in the newer ADR's `supersedes`"
        )
        found.append((adr, "status", "is 'superseded' but no accepted ADR supersedes it" + fix, "ADR010"))
    if len(accepted) > 1 and not all(n.split for n in accepted):
        message = (
            f"{' and '.join(n.label for n in accepted)} are accepted and each supersedes {adr.label}; if each "
            "replaces a part of it, add `supersession: split` to each, else only the newest may supersede it"
        )
        found.append((accepted[-1], "supersedes", message, "ADR013"))
    return found
