"""Pure tests of the decision records: parsing, validation, rendering."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pyairtable_docs.adr.markdown import render_banner, render_log
from pyairtable_docs.adr.records import Adr, check_adrs, first_heading, parse_adr, superseded_by
from pyairtable_docs.core.problems import Problem

DIR = "ARCHITECTURE/decisions/"


def text(
    front: str = "status: accepted\ndate: 2024-01-08\ndecision-makers: [Daniel Osei]",
    body: str = "# Split the monolith\n\nBody.",
) -> str:
    return f"---\n{front}\n---\n\n{body}\n"


def plain(problem: Problem) -> str:
    """The problem as printed, without its code and link (tests of the codes look at ``code``)."""
    return str(dataclasses.replace(problem, code=""))


def parse(content: str, name: str = "001-split.md") -> tuple[Adr | None, list[str]]:
    adr, problems = parse_adr(DIR + name, content, "docs/" + DIR + name)
    return adr, [plain(p) for p in problems]


def checked(records: list[Adr], services: list[str] | None = None) -> list[str]:
    return [plain(p) for p in check_adrs(records, services or [])]


def adr(
    number: int,
    status: str = "accepted",
    supersedes: tuple[int, ...] = (),
    affects: tuple[str, ...] = (),
    path: str | None = None,
    split: bool = False,
) -> Adr:
    return Adr(
        path=path or f"{DIR}{number:03d}-x{number}.md",
        number=number,
        title=f"T{number}",
        status=status,
        date=dt.date(2024, 1, number % 28 + 1),
        decision_makers=("Daniel Osei",),
        supersedes=supersedes,
        affects=affects,
        split=split,
    )


def test_a_complete_adr_parses() -> None:
    record, problems = parse(
        text(
            "status: superseded\ndate: 2024-01-08\n"
            "decision-makers: [Daniel Osei, Grace Kim]\nconsulted: [Omar]\n"
            "informed: [everyone]\nsupersedes: [3]\naffects: [api-gateway]\n"
            "tags: [infra]"
        )
    )
    assert problems == []
    assert (record.number, record.title, record.status) == (1, "Split the monolith", "superseded")
    assert record.date == dt.date(2024, 1, 8)
    assert record.supersedes == (3,) and record.affects == ("api-gateway",)
    assert record.label == "ADR-001"


@pytest.mark.parametrize(
    "front, expected",
    [
        ("date: 2024-01-08\ndecision-makers: [A]", "status: is required"),
        (
            "status: done\ndate: 2024-01-08\ndecision-makers: [A]",
            "status: must be one of proposed, accepted, rejected, deprecated, superseded; got 'done'",
        ),
        ("status: accepted\ndecision-makers: [A]", "date: is required"),
        (
            "status: accepted\ndate: 08/01/2024\ndecision-makers: [A]",
            "date: must be a date written YYYY-MM-DD; got '08/01/2024'",
        ),
        (
            "status: accepted\ndate: 2024-02-30\ndecision-makers: [A]",
            "date: must be a date written YYYY-MM-DD; got '2024-02-30'",
        ),
        ("status: accepted\ndate: 2024-01-08", "decision-makers: is required"),
        (
            "status: accepted\ndate: 2024-01-08\ndecision-makers: Daniel",
            "decision-makers: must be a list of names; got 'Daniel'",
        ),
        ("status: accepted\ndate: 2024-01-08\ndecision-makers: []", "decision-makers: must name at least one person"),
        (
            "status: accepted\ndate: 2024-01-08\ndecision-makers: [A]\nconsulted: 3",
            "consulted: must be a list of names",
        ),
        (
            "status: accepted\ndate: 2024-01-08\ndecision-makers: [A]\ninformed: [1]",
            "informed: must be a list of names",
        ),
        (
            "status: accepted\ndate: 2024-01-08\ndecision-makers: [A]\nsupersedes: [two]",
            "supersedes: must be a list of ADR numbers",
        ),
        (
            "status: accepted\ndate: 2024-01-08\ndecision-makers: [A]\naffects: api-gateway",
            "affects: must be a list of names",
        ),
        ("status: accepted\ndate: 2024-01-08\ndecision-makers: [A]\ntags: {a: 1}", "tags: must be a list of names"),
        (
            "status: accepted\ndate: 2024-01-08\ndecision-makers: [A]\ndecision_makers: [B]",
            "decision_makers: is not an ADR field (did you mean 'decision-makers'?)",
        ),
    ],
)
def test_each_field_rule_names_the_file_and_field(front: str, expected: str) -> None:
    _, problems = parse(text(front))
    assert any(p.startswith(f"docs/{DIR}001-split.md:") and expected in p for p in problems), problems


def test_the_title_is_the_first_heading_outside_code() -> None:
    assert first_heading("```\n# not this\n```\n# Real title\n") == ("Real title", 4)
    _, problems = parse(text(body="No heading here."))
    assert f"docs/{DIR}001-split.md: title: the page needs a `# Title` heading" in problems


@pytest.mark.parametrize("name", ["1-split.md", "001_split.md", "001-Split.md", "adr-001.md"])
def test_a_file_name_without_the_nnn_slug_form_is_refused(name: str) -> None:
    record, problems = parse(text(), name)
    assert record is None
    assert "is not of the form NNN-slug.md" in problems[0]


def test_broken_yaml_is_one_clear_problem() -> None:
    _, problems = parse("---\nstatus: [accepted\n---\n# T\n")
    assert len(problems) == 1 and "front matter is not valid YAML (line" in problems[0]


def test_duplicate_numbers_are_reported() -> None:
    problems = checked([adr(1), adr(1, path=f"{DIR}001-other.md")])
    assert problems == [f"{DIR}001-x1.md: number: ADR-001 is already used by {DIR}001-other.md"]


def test_supersedes_must_point_at_an_existing_adr() -> None:
    problems = checked([adr(2, supersedes=(9,))])
    assert problems == [f"{DIR}002-x2.md: supersedes: ADR-009 does not exist"]


def test_an_accepted_successor_needs_its_predecessor_superseded() -> None:
    problems = check_adrs([adr(1), adr(2, supersedes=(1,))], [])
    assert [(plain(p), p.code) for p in problems] == [
        (
            f"{DIR}001-x1.md: status: is 'accepted' but ADR-002, which supersedes it, is accepted; "
            "set it to 'superseded' (`accept` does both in one step)",
            "ADR009",
        )
    ]


@pytest.mark.parametrize("status", ["proposed", "rejected"])
def test_an_accepted_successor_of_an_adr_never_in_force_is_told_to_drop_it(status: str) -> None:
    """Setting a proposal or a rejected ADR to 'superseded' would claim it was once in force
    (and `accept` refuses such a successor): the fix is in the successor's `supersedes`."""
    problems = check_adrs([adr(1, status), adr(2, supersedes=(1,))], [])
    assert [(plain(p), p.code) for p in problems] == [
        (
            f"{DIR}001-x1.md: status: is {status!r}, never in force, but ADR-002, which is accepted, "
            "supersedes it; remove 1 from ADR-002's `supersedes`",
            "ADR009",
        )
    ]


@pytest.mark.parametrize("status", ["proposed", "rejected"])
def test_a_successor_not_yet_accepted_leaves_its_predecessor_in_force(status: str) -> None:
    assert checked([adr(1), adr(2, status, supersedes=(1,))]) == []


def test_a_superseded_status_needs_a_successor() -> None:
    problems = check_adrs([adr(1, status="superseded")], [])
    assert [(plain(p), p.code) for p in problems] == [
        (
            f"{DIR}001-x1.md: status: is 'superseded' but no accepted ADR supersedes it; "
            "name this ADR in the newer ADR's `supersedes`",
            "ADR010",
        )
    ]


def test_superseded_by_a_proposal_only_is_reported_with_the_way_back() -> None:
    assert checked([adr(1, "superseded"), adr(2, "proposed", supersedes=(1,))]) == [
        f"{DIR}001-x1.md: status: is 'superseded' but no accepted ADR supersedes it (ADR-002 is proposed); "
        "set it back to 'accepted' until its successor is accepted"
    ]


@pytest.mark.parametrize("status", ["deprecated", "superseded"])
def test_a_successor_that_was_accepted_once_still_counts(status: str) -> None:
    records = [adr(1, "superseded"), adr(2, status, supersedes=(1,)), adr(3, supersedes=(2,))]
    assert checked(records[:2] if status == "deprecated" else records) == []


def test_two_accepted_successors_need_to_say_split() -> None:
    records = [adr(1, "superseded"), adr(2, supersedes=(1,)), adr(3, supersedes=(1,), split=True)]
    problems = check_adrs(records, [])
    assert [(plain(p), p.code) for p in problems] == [
        (
            f"{DIR}003-x3.md: supersedes: ADR-002 and ADR-003 are accepted and each supersedes ADR-001; if each "
            "replaces a part of it, add `supersession: split` to each, else only the newest may supersede it",
            "ADR013",
        )
    ]
    both = [adr(1, "superseded"), adr(2, supersedes=(1,), split=True), adr(3, supersedes=(1,), split=True)]
    assert checked(both) == []


def test_supersession_split_is_read_and_checked() -> None:
    record, problems = parse(
        text("status: proposed\ndate: 2024-01-08\ndecision-makers: [A]\nsupersedes: [3]\nsupersession: split")
    )
    assert problems == [] and record.split
    _, problems = parse(text("status: proposed\ndate: 2024-01-08\ndecision-makers: [A]\nsupersession: split"))
    assert problems == [f"docs/{DIR}001-split.md:5: supersession: says 'split' but `supersedes` names no ADR to split"]
    _, problems = parse(
        text("status: proposed\ndate: 2024-01-08\ndecision-makers: [A]\nsupersedes: [3]\nsupersession: partial")
    )
    assert problems == [f"docs/{DIR}001-split.md:6: supersession: must be 'split' (or left out); got 'partial'"]


def test_supersession_cycles_are_reported_once() -> None:
    records = [adr(1, "superseded", supersedes=(2,)), adr(2, "superseded", supersedes=(1,))]
    problems = checked(records)
    assert problems == [f"{DIR}001-x1.md: supersedes: supersession cycle: ADR-001 → ADR-002 → ADR-001"]


def test_affects_must_name_catalog_services() -> None:
    problems = checked([adr(1, affects=("api-gatway",))], ["api-gateway"])
    assert problems == [f"{DIR}001-x1.md: affects: unknown service 'api-gatway' (did you mean 'api-gateway'?)"]


def test_superseded_by_is_derived() -> None:
    assert superseded_by([adr(1, "superseded"), adr(2, supersedes=(1,))]) == {1: [2]}


def test_the_log_shows_counts_in_force_and_links_both_ways() -> None:
    records = [adr(1, "superseded"), adr(2, supersedes=(1,)), adr(3, "proposed")]
    log = render_log(records, superseded_by(records), DIR + "README.md")
    assert "**3 decisions**" in log
    in_force = log.split("### In force")[1].split("###")[0]
    assert "002-x2.md" in in_force and "001-x1.md" not in in_force
    row1 = next(line for line in log.splitlines() if line.startswith("| ADR-001"))
    assert row1.endswith("| — | [ADR-002](002-x2.md) |")
    assert "## Timeline" in log


def test_the_banner_of_a_superseded_adr_links_its_successor() -> None:
    records = [adr(1, "superseded"), adr(2, supersedes=(1,))]
    banner = render_banner(records[0], {a.number: a for a in records}, [2], {})
    assert banner.startswith('!!! danger "Superseded: no longer in force"')
    assert "**Replaced by [ADR-002&#58; T2](002-x2.md)**" in banner


def test_author_text_in_the_banner_is_inert() -> None:
    evil = Adr(
        path=DIR + "001-x.md",
        number=1,
        title="t",
        status="accepted",
        date=dt.date(2024, 1, 1),
        decision_makers=("<script>alert(1)</script>",),
    )
    banner = render_banner(evil, {1: evil}, [], {})
    assert "<script>" not in banner and "&#60;script&#62;" in banner


def test_a_pending_supersession_shows_beside_the_decision_in_force() -> None:
    records = [adr(1), adr(2, "proposed", supersedes=(1,))]
    log = render_log(records, superseded_by(records), DIR + "README.md")
    in_force = log.split("### In force")[1].split("###")[0]
    assert "- [ADR-001&#58; T1](001-x1.md) (2024-01-02) — [ADR-002](002-x2.md) (proposed) would supersede it" in (
        in_force
    )
    row1 = next(line for line in log.splitlines() if line.startswith("| ADR-001"))
    assert row1.endswith("| — | [ADR-002](002-x2.md) (proposed) |")
    by_number = {a.number: a for a in records}
    banner = render_banner(records[0], by_number, [2], {})
    assert banner.startswith('!!! success "Accepted: in force"')
    assert "**Pending:** [ADR-002](002-x2.md) (proposed) would supersede it once accepted" in banner
    assert "**Would supersede** [ADR-001](001-x1.md) once accepted" in render_banner(records[1], by_number, [], {})
    assert "once accepted; until then this decision is in force." in banner


def test_a_deprecated_adr_with_a_pending_successor_is_not_called_in_force() -> None:
    records = [adr(1, "deprecated"), adr(2, "proposed", supersedes=(1,))]
    banner = render_banner(records[0], {a.number: a for a in records}, [2], {})
    assert banner.startswith('!!! warning "Deprecated: no longer in force"')
    assert "**Pending:** [ADR-002](002-x2.md) (proposed) would supersede it once accepted.\n" in banner
    assert "in force." not in banner.split("\n", 1)[1]
