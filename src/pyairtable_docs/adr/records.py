"""Architecture decision records: MADR 4 front matter in, typed records and problems out.

The number comes from the file name (``NNN-slug.md``), the title from the page's first
``# `` heading. "Superseded by" is derived from the other records' ``supersedes``.
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
OPTIONAL = ("consulted", "informed", "supersedes", "affects", "tags")
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

    @property
    def label(self) -> str:
        return f"ADR-{self.number:03d}"


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
        fields.problems.append(Problem(display, "title", "the page needs a `# Title` heading"))
    decision_makers = fields.word_list("decision-makers", required=True)
    if "decision-makers" in fields.meta and fields.meta["decision-makers"] == []:
        fields.problem("decision-makers", "must name at least one person")

    adr = Adr(
        path=src_uri,
        number=int(match.group(1)),
        title=title,
        status=status,
        date=_date(fields),
        decision_makers=decision_makers,
        consulted=fields.word_list("consulted"),
        informed=fields.word_list("informed"),
        supersedes=_numbers(fields),
        affects=fields.word_list("affects"),
        tags=fields.word_list("tags"),
    )
    return adr, tuple(fields.problems)


def _date(fields: FieldReader) -> dt.date | None:
    value = fields.meta.get("date")
    if value is None:
        fields.problem("date", "is required")
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    fields.problem("date", f"must be a date written YYYY-MM-DD; got {value!r}")
    return None


def _numbers(fields: FieldReader) -> tuple[int, ...]:
    value = fields.meta.get("supersedes")
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not all(
        (isinstance(i, int) and not isinstance(i, bool)) or (isinstance(i, str) and i.strip().isdigit()) for i in items
    ):
        fields.problem("supersedes", f"must be a list of ADR numbers; got {value!r}")
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

    def report(adr: Adr, field: str, message: str) -> None:
        problems.append(Problem(display.get(adr.path, adr.path), field, message))

    first: dict[int, Adr] = {}
    for adr in sorted(adrs, key=lambda a: a.path):
        other = first.setdefault(adr.number, adr)
        if other is not adr:
            report(adr, "number", f"{adr.label} is already used by {display.get(other.path, other.path)}")
    numbers = set(first)
    replaced_by = superseded_by(adrs)
    for adr in adrs:
        for old in adr.supersedes:
            if old == adr.number:
                report(adr, "supersedes", f"{adr.label} cannot supersede itself")
            elif old not in numbers:
                report(adr, "supersedes", f"ADR-{old:03d} does not exist")
        newer = [n for n in replaced_by.get(adr.number, []) if n != adr.number]
        if newer and adr.status and adr.status != "superseded":
            report(adr, "status", f"is {adr.status!r} but ADR-{newer[0]:03d} supersedes it; set it to 'superseded'")
        if adr.status == "superseded" and not newer:
            report(
                adr, "status", "is 'superseded' but no ADR supersedes it; name this ADR in the newer ADR's `supersedes`"
            )
        for name in adr.affects:
            if name not in services:
                report(adr, "affects", f"unknown service {name!r}" + did_you_mean(name, services))
    graph = {str(a.number): [str(n) for n in a.supersedes if n != a.number] for a in adrs}
    for cycle in find_cycles(graph):
        head = first[int(cycle[0])]
        report(head, "supersedes", "supersession cycle: " + " → ".join(f"ADR-{int(n):03d}" for n in cycle))
    return problems
