"""The ADR lifecycle (MADR statuses): which status changes the commands make, what they refuse, and
that a change edits `status` and `date` only, every other byte of each file kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import ADR_2, DECISIONS, DOCS, MiniSite, page_path, write_files
from pyairtable_docs.adr.records import STATUSES, check_adrs, parse_adr
from pyairtable_docs.authoring.edits import Refusal, set_front_matter_value
from pyairtable_docs.authoring.lifecycle import COMMANDS, REFUSED, change_status, read_adrs, resolve
from pyairtable_docs.cli import TEMPLATES, check, main

TODAY = dt.date(2026, 11, 25)
OLD = DECISIONS + "004-deploy-with-kustomize.md"
NEW = DECISIONS + "007-deploy-with-helm.md"


def adr_text(status: str, extra: str = "", title: str = "A decision", eol: str = "\n") -> str:
    lines = ["---", f"status: {status}", "date: 2024-01-22", "decision-makers: [Daniel Osei]", *extra.splitlines()]
    return eol.join([*lines, "---", "", f"# {title}", "", "Body.", ""])


def texts_of(**statuses: tuple[str, str]) -> dict[str, str]:
    """Two ADRs, ADR-004 and ADR-007 (which supersedes ADR-004), with the statuses given."""
    return {
        OLD: adr_text(statuses.get("old", ("accepted", ""))[0], statuses.get("old", ("", ""))[1]),
        NEW: adr_text(statuses.get("new", ("proposed", ""))[0], "supersedes: [4]\n" + statuses.get("new", ("", ""))[1]),
    }


# ------------------------------------------------------------------ the edit keeps every other byte


def test_a_status_change_edits_status_and_date_and_keeps_every_other_byte() -> None:
    original = (
        "\ufeff---\r\n"
        "# decided in the architecture review\r\n"
        "decision-makers: [Daniel Osei]   # CTO\r\n"
        "status: 'proposed'  # accept moves it\r\n"
        'date: "2026-11-02"\r\n'
        "supersedes: [4]\r\n"
        "---\r\n"
        "\r\n"
        "# Deploy with Helm\r\n"
        "\r\n"
        "status: proposed\r\n"
        "date: 2026-11-02\r\n"
    )
    updated = set_front_matter_value(set_front_matter_value(original, "status", "accepted"), "date", "2026-11-25")
    assert updated == original.replace("'proposed'", "'accepted'").replace('"2026-11-02"', '"2026-11-25"')


def test_the_last_of_repeated_keys_is_the_one_edited_as_yaml_reads_it() -> None:
    text = "---\nstatus: accepted\nstatus: proposed\n---\n# T\n"
    assert set_front_matter_value(text, "status", "rejected") == "---\nstatus: accepted\nstatus: rejected\n---\n# T\n"


@pytest.mark.parametrize(
    "text, message",
    [
        ("# No front matter\n", "has no YAML front matter"),
        ("---\ndate: 2024-01-01\n---\n# T\n", "has no `status:` line in its front matter"),
        ("---\nstatus: |\n  proposed\n---\n# T\n", "has a `status:` that is not a one-word value"),
        ("---\nstatus: [proposed\n---\n# T\n", "has front matter that is not valid YAML"),
    ],
)
def test_a_front_matter_the_edit_cannot_take_is_refused(text: str, message: str) -> None:
    with pytest.raises(Refusal, match=f"^{message.replace('[', '.').replace('|', '.')}$"):
        set_front_matter_value(text, "status", "accepted")


def test_accept_changes_both_files_byte_for_byte_through_the_command(tmp_path: Path, capsys) -> None:
    older = (
        "---\n"
        "status: accepted   # in force\n"
        "date: 2024-01-22\n"
        "decision-makers: [Daniel Osei, Grace Kim]\n"
        "tags: [deployment]\n"
        "---\n\n# Deploy with Kustomize\n\nWe use overlays.\n"
    )
    newer = adr_text("proposed", "supersedes: [4]", "Deploy with Helm", eol="\r\n")
    docs = write_files(tmp_path / "docs", {OLD: older})
    (docs / NEW).write_bytes(newer.encode())
    assert main(["--docs", str(docs), "accept", "deploy-with-helm"], today=TODAY) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{docs / NEW}: proposed -> accepted (date 2026-11-25)",
        f"{docs / OLD}: accepted -> superseded by ADR-007 (date 2026-11-25)",
    ]
    assert (docs / NEW).read_bytes() == newer.replace("proposed", "accepted").replace(
        "2024-01-22", "2026-11-25"
    ).encode()
    assert (docs / OLD).read_bytes() == older.replace("accepted ", "superseded ").replace(
        "2024-01-22", "2026-11-25"
    ).encode()
    assert check(docs) == []


# ------------------------------------------------------------------ which changes are allowed


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("status", STATUSES)
def test_each_command_applies_to_one_status_and_refuses_the_others_saying_why(command: str, status: str) -> None:
    texts = {NEW: adr_text(status)}
    adrs = read_adrs(texts)
    wanted, after = COMMANDS[command]
    if status == wanted:
        (change,) = change_status(command, adrs[0], adrs, texts, TODAY)
        assert (change.path, change.before, change.after) == (NEW, status, after)
        assert change.text == texts[NEW].replace(f"status: {status}", f"status: {after}").replace(
            "2024-01-22", "2026-11-25"
        )
    else:
        with pytest.raises(Refusal) as refused:
            change_status(command, adrs[0], adrs, texts, TODAY)
        assert str(refused.value) == f"cannot {command} ADR-007: {REFUSED[command, status]}"


def test_the_refusals_follow_madr() -> None:
    assert REFUSED["accept", "rejected"] == "a rejected ADR stays rejected; propose the decision again as a new ADR"
    assert REFUSED["deprecate", "proposed"] == "a proposal that will not be carried out is rejected, not deprecated"
    assert REFUSED["reject", "accepted"] == "an accepted ADR is deprecated, or superseded by a new ADR, never rejected"


@pytest.mark.parametrize("old_status", ["accepted", "deprecated"])
def test_accept_supersedes_in_the_same_step(old_status: str) -> None:
    texts = texts_of(old=(old_status, ""))
    adrs = read_adrs(texts)
    changes = change_status("accept", resolve("7", adrs), adrs, texts, TODAY)
    assert [(c.path, c.before, c.after, c.note) for c in changes] == [
        (NEW, "proposed", "accepted", ""),
        (OLD, old_status, "superseded", "by ADR-007"),
    ]


@pytest.mark.parametrize(
    "old, other, message",
    [
        (
            "proposed",
            None,
            "cannot accept ADR-007: it supersedes ADR-004, which is proposed and was never in force; "
            "remove 4 from its `supersedes`",
        ),
        (
            "rejected",
            None,
            "cannot accept ADR-007: it supersedes ADR-004, which is rejected and was never in force; "
            "remove 4 from its `supersedes`",
        ),
        (
            "superseded",
            "",
            "cannot accept ADR-007: ADR-004 is already superseded by ADR-005; if each replaces a part of it, add "
            "`supersession: split` to both, else supersede ADR-005 instead",
        ),
    ],
)
def test_accept_refuses_a_predecessor_it_cannot_supersede(old: str, other: str | None, message: str) -> None:
    texts = texts_of(old=(old, ""))
    if other is not None:
        texts[DECISIONS + "005-deploy-with-argo.md"] = adr_text("accepted", "supersedes: [4]\n" + other)
    adrs = read_adrs(texts)
    with pytest.raises(Refusal) as refused:
        change_status("accept", resolve("deploy-with-helm", adrs), adrs, texts, TODAY)
    assert str(refused.value) == message


def test_a_split_is_accepted_part_by_part() -> None:
    texts = texts_of(old=("superseded", ""), new=("proposed", "supersession: split"))
    texts[DECISIONS + "005-deploy-with-argo.md"] = adr_text("accepted", "supersedes: [4]\nsupersession: split")
    adrs = read_adrs(texts)
    changes = change_status("accept", resolve("ADR-007", adrs), adrs, texts, TODAY)
    assert [(c.path, c.after) for c in changes] == [(NEW, "accepted")]  # ADR-004 is superseded already
    after = {**texts, NEW: changes[0].text}
    records = [parse_adr(src, text)[0] for src, text in after.items()]
    assert all(r is not None for r in records)


def test_a_successor_may_name_both_the_older_adr_and_the_adr_that_superseded_it() -> None:
    """As the refusal above advises ("supersede ADR-005 instead"), while keeping 4 in `supersedes`:
    ADR-005 becomes superseded in the same step, so ADR-004 is not superseded twice."""
    texts = texts_of(old=("superseded", ""))
    texts[NEW] = adr_text("proposed", "supersedes: [4, 5]")
    texts[DECISIONS + "005-deploy-with-argo.md"] = adr_text("accepted", "supersedes: [4]")
    adrs = read_adrs(texts)
    changes = change_status("accept", resolve("deploy-with-helm", adrs), adrs, texts, TODAY)
    assert [(c.path, c.after) for c in changes] == [
        (NEW, "accepted"),
        (DECISIONS + "005-deploy-with-argo.md", "superseded"),
    ]
    after = {**texts, **{c.path: c.text for c in changes}}
    assert check_adrs(read_adrs(after), []) == []


def test_a_successor_naming_a_missing_adr_is_not_accepted() -> None:
    texts = {NEW: adr_text("proposed", "supersedes: [3]")}
    adrs = read_adrs(texts)
    with pytest.raises(Refusal, match=r"^cannot accept ADR-007: it supersedes ADR-003, which does not exist$"):
        change_status("accept", adrs[0], adrs, texts, TODAY)


# ------------------------------------------------------------------ naming an ADR


@pytest.mark.parametrize("reference", ["7", "007", "ADR-007", "adr-7", "deploy-with-helm", " deploy-with-helm "])
def test_an_adr_is_named_by_number_or_slug(reference: str) -> None:
    assert resolve(reference, read_adrs(texts_of())).path == NEW


def test_an_unknown_or_ambiguous_reference_is_refused_with_the_close_matches() -> None:
    adrs = read_adrs(texts_of())
    with pytest.raises(Refusal) as refused:
        resolve("deploy-with-helmm", adrs)
    assert (
        str(refused.value)
        == "no ADR 'deploy-with-helmm' in docs/ARCHITECTURE/decisions/ (did you mean 'deploy-with-helm'?)"
    )
    with pytest.raises(Refusal, match=r"^no ADR '12' in docs/ARCHITECTURE/decisions/$"):
        resolve("12", adrs)
    twice = read_adrs({**texts_of(), DECISIONS + "007-other.md": adr_text("proposed")})
    with pytest.raises(Refusal) as refused:
        resolve("7", twice)
    assert str(refused.value) == (
        "'7' names more than one ADR (007-deploy-with-helm.md, 007-other.md); use the slug or fix the numbering"
    )


# ------------------------------------------------------------------ through the command line


def test_a_refused_change_writes_nothing(tmp_path: Path, capsys) -> None:
    docs = write_files(tmp_path / "docs", texts_of(old=("proposed", "")))
    before = {p: p.read_bytes() for p in docs.rglob("*.md")}
    assert main(["--docs", str(docs), "accept", "7"], today=TODAY) == 1
    assert capsys.readouterr().err == (
        "pyairtable-docs: cannot accept ADR-007: it supersedes ADR-004, which is proposed and was never in force; "
        "remove 4 from its `supersedes`\n"
    )
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def test_the_log_shows_a_pending_supersession_until_it_is_accepted(small_hub: MiniSite, capsys) -> None:
    docs = small_hub.docs
    small_hub.write({TEMPLATES + "adr.md.template": (DOCS / TEMPLATES / "adr.md.template").read_text(encoding="utf-8")})
    assert main(["--docs", str(docs), "new", "adr", "Use a gateway per tenant", "--supersedes", "2"], today=TODAY) == 0
    new = Path(capsys.readouterr().out.strip())
    small_hub.build()
    index = page_path(small_hub.site_dir, DECISIONS + "README.md").read_text(encoding="utf-8")
    label = new.name[:3]
    assert "(proposed) would supersede it" in index and f"ADR-{label}" in index
    assert main(["--docs", str(docs), "accept", new.stem[4:]], today=TODAY) == 0
    assert "status: superseded" in (docs / ADR_2).read_text()
    small_hub.build()
    index = page_path(small_hub.site_dir, DECISIONS + "README.md").read_text(encoding="utf-8")
    assert "would supersede" not in index
