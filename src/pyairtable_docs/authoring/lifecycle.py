"""The ADR lifecycle as MADR defines it: which status changes are allowed, and what each one edits.

proposed → accepted (``accept``): every ADR it supersedes becomes superseded in the same step.
proposed → rejected (``reject``). accepted → deprecated (``deprecate``). Nothing else: a rejected,
deprecated or superseded ADR stays on record as it is, and a decision that comes back is a new
ADR. Each change sets ``status`` and moves ``date`` to the day of the change (MADR: the date of the
last update), and keeps every other byte of each file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pyairtable_docs.adr.records import Adr, parse_adr
from pyairtable_docs.authoring.edits import Refusal, set_front_matter_value
from pyairtable_docs.core.problems import did_you_mean

# command -> (the status it applies to, the status it sets)
COMMANDS = {
    "accept": ("proposed", "accepted"),
    "reject": ("proposed", "rejected"),
    "deprecate": ("accepted", "deprecated"),
}
# Why a command does not apply to an ADR in a given status.
REFUSED = {
    ("accept", "accepted"): "it is already accepted",
    ("accept", "rejected"): "a rejected ADR stays rejected; propose the decision again as a new ADR",
    ("accept", "deprecated"): "a deprecated ADR stays on record as it is; a decision that returns is a new ADR",
    ("accept", "superseded"): "a superseded ADR stays on record as it is; a decision that returns is a new ADR",
    ("reject", "rejected"): "it is already rejected",
    ("reject", "accepted"): "an accepted ADR is deprecated, or superseded by a new ADR, never rejected",
    ("reject", "deprecated"): "only a proposed ADR can be rejected",
    ("reject", "superseded"): "only a proposed ADR can be rejected",
    ("deprecate", "deprecated"): "it is already deprecated",
    ("deprecate", "proposed"): "a proposal that will not be carried out is rejected, not deprecated",
    ("deprecate", "rejected"): "only an accepted ADR can be deprecated",
    ("deprecate", "superseded"): "only an accepted ADR can be deprecated",
}
CAN_BE_SUPERSEDED = ("accepted", "deprecated")


@dataclass(frozen=True)
class Change:
    path: str  # docs-relative
    before: str  # status before
    after: str  # status after
    text: str  # the file's new text
    note: str = ""  # e.g. "by ADR-010"


def read_adrs(texts: Mapping[str, str]) -> list[Adr]:
    """The ADRs whose front matter can be read (docs-relative path -> text)."""
    return [adr for src, text in sorted(texts.items()) if (adr := parse_adr(src, text)[0]) is not None]


def resolve(reference: str, adrs: Sequence[Adr]) -> Adr:
    """The ADR that ``reference`` names: ``7``, ``007``, ``ADR-007`` or its slug."""
    wanted = reference.strip()
    number = wanted[4:] if wanted.lower().startswith("adr-") else wanted
    found = [a for a in adrs if (number.isdigit() and a.number == int(number)) or a.slug == wanted.lower()]
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(a.path.rsplit("/", 1)[-1] for a in found)
        raise Refusal(f"{reference!r} names more than one ADR ({names}); use the slug or fix the numbering")
    hint = did_you_mean(wanted.lower(), [a.slug for a in adrs])
    raise Refusal(f"no ADR {reference!r} in docs/ARCHITECTURE/decisions/{hint}")


def change_status(
    command: str, adr: Adr, adrs: Sequence[Adr], texts: Mapping[str, str], today: dt.date
) -> list[Change]:
    """The edits ``command`` makes: the ADR itself first, then each ADR it supersedes."""
    wanted, new_status = COMMANDS[command]
    if adr.status != wanted:
        why = REFUSED.get((command, adr.status), f"its status is {adr.status or 'not readable'}")
        raise Refusal(f"cannot {command} {adr.label}: {why}")
    changes = [_change(adr, new_status, texts, today)]
    if command == "accept":
        changes += [_change(old, "superseded", texts, today, f"by {adr.label}") for old in _to_supersede(adr, adrs)]
    return changes


def _to_supersede(adr: Adr, adrs: Sequence[Adr]) -> list[Adr]:
    """The ADRs that accepting ``adr`` makes superseded, or the Refusal that stops it."""
    by_number = {a.number: a for a in adrs}
    result = []
    for number in adr.supersedes:
        old = by_number.get(number)
        if old is None:
            raise Refusal(f"cannot accept {adr.label}: it supersedes ADR-{number:03d}, which does not exist")
        if old.status in CAN_BE_SUPERSEDED:
            result.append(old)
            continue
        if old.status != "superseded":
            raise Refusal(
                f"cannot accept {adr.label}: it supersedes {old.label}, which is {old.status} and was never in "
                f"force; remove {old.number} from its `supersedes`"
            )
        others = [  # the accepted ADRs that superseded it, except those this one supersedes in the same step
            a
            for a in adrs
            if a is not adr and a.status == "accepted" and number in a.supersedes and a.number not in adr.supersedes
        ]
        if others and not (adr.split and all(a.split for a in others)):
            raise Refusal(
                f"cannot accept {adr.label}: {old.label} is already superseded by {others[0].label}; if each "
                "replaces a part of it, add `supersession: split` to both, else supersede "
                f"{others[0].label} instead"
            )
    return result


def _change(adr: Adr, status: str, texts: Mapping[str, str], today: dt.date, note: str = "") -> Change:
    text = texts[adr.path]
    try:
        updated = set_front_matter_value(text, "status", status)
        updated = set_front_matter_value(updated, "date", today.isoformat())
    except Refusal as refusal:
        raise Refusal(f"cannot change {adr.label} ({adr.path}): it {refusal}") from None
    changed = parse_adr(adr.path, updated)[0]
    if changed is None or (changed.status, changed.date) != (status, today):
        why = "its `status:` or `date:` is written in a way this command cannot edit"
        raise Refusal(f"cannot change {adr.label} ({adr.path}): {why}")
    return Change(adr.path, adr.status, status, updated, note)
