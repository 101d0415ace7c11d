"""The error codes of the decision records (ADR family), each with a bad example and the fix.

The examples are ADRs numbered 900 and up, so that they can be put on top of the real decision
log together; see core/codes.py.
"""

from __future__ import annotations

from pyairtable_docs.core.codes import Code, Example

DIR = "ARCHITECTURE/decisions/"
LIFECYCLE = "the Lifecycle section of the decision log's index page (Architecture › Decisions)"


def adr(front: str, title: str = "Example decision") -> str:
    """A whole ADR whose front matter ends with ``front``."""
    return f"---\n{front}\ndecision-makers: [Daniel Osei]\n---\n\n# {title}\n\nWhy, and what we chose.\n"


def page(name: str, front: str, title: str = "Example decision") -> Example:
    return Example(DIR + name, adr(front, title))


CODES = (
    Code(
        "ADR001",
        "An ADR's file name is not three digits, a hyphen and kebab-case words.",
        "Rename the file to `NNN-slug.md`, the next free number and the title's slug, e.g. "
        '`010-deploy-with-helm.md`. `python3 dev.py docs new adr "Deploy with Helm"` picks both for you.',
        (page("example-bad-name.md", "status: proposed\ndate: 2026-12-01"),),
    ),
    Code(
        "ADR002",
        "An ADR has no `# Title` heading.",
        "Add one level-1 heading under the front matter that states the decision, without its number.",
        (
            Example(
                DIR + "901-example-no-title.md",
                "---\nstatus: proposed\ndate: 2026-12-01\n"
                "decision-makers: [Daniel Osei]\n---\n\nWhy, and what we chose.\n",
            ),
        ),
    ),
    Code(
        "ADR003",
        "An ADR names an ADR in `supersedes` that does not exist.",
        "Name an existing ADR number in `supersedes`, or remove the entry.",
        (page("902-example-supersedes-nothing.md", "status: proposed\ndate: 2026-12-01\nsupersedes: [899]"),),
    ),
    Code(
        "ADR004",
        "An ADR's `date` is missing or not a date written YYYY-MM-DD.",
        "Write the day of the last status change as `date: 2026-12-04`. The status commands "
        "(`accept`, `reject`, `deprecate`) set it for you.",
        (page("903-example-bad-date.md", "status: proposed\ndate: 04/12/2026"),),
    ),
    Code(
        "ADR005",
        "An ADR's `decision-makers` list is empty.",
        "Name at least one person who decides, e.g. `decision-makers: [Daniel Osei]`.",
        (
            Example(
                DIR + "904-example-no-decision-makers.md",
                "---\nstatus: proposed\ndate: 2026-12-01\ndecision-makers: []\n---\n\n# Example decision\n",
            ),
        ),
    ),
    Code(
        "ADR006",
        "An ADR's `supersedes` is not a list of ADR numbers.",
        "Write the numbers of the ADRs it replaces, e.g. `supersedes: [4]` or `supersedes: [4, 7]`.",
        (page("905-example-supersedes-words.md", "status: proposed\ndate: 2026-12-01\nsupersedes: [four]"),),
    ),
    Code(
        "ADR007",
        "Two ADR files have the same number.",
        "Give the newer file the next free number (rename it); numbers are never reused.",
        (
            page("906-example-first.md", "status: proposed\ndate: 2026-12-01", "First example"),
            page("906-example-second.md", "status: proposed\ndate: 2026-12-01", "Second example"),
        ),
    ),
    Code(
        "ADR008",
        "An ADR names itself in `supersedes`.",
        "Remove its own number from `supersedes`.",
        (page("907-example-supersedes-itself.md", "status: proposed\ndate: 2026-12-01\nsupersedes: [907]"),),
    ),
    Code(
        "ADR009",
        "An accepted ADR supersedes an ADR whose status is not `superseded`.",
        "Set the newer ADR's `status` back to `proposed` and accept it with `python3 dev.py docs accept "
        "example-successor` (the newer ADR's slug, here): that marks it accepted and the older ADR `superseded` "
        "in one step, both "
        "dated today. If the older ADR is `proposed` or `rejected`, it was never in force and nothing can "
        f"supersede it: remove its number from the newer ADR's `supersedes` instead; see {LIFECYCLE}.",
        (
            page("908-example-still-accepted.md", "status: accepted\ndate: 2026-12-01", "Older example"),
            page(
                "909-example-successor.md",
                "status: accepted\ndate: 2026-12-02\nsupersedes: [908]",
                "Newer example",
            ),
        ),
    ),
    Code(
        "ADR010",
        "An ADR is `superseded`, but no accepted ADR supersedes it.",
        "While its successor is only proposed, the older ADR stays `accepted`: set it back, and accept the "
        "successor when it is decided (`accept` then marks the older one superseded). If nothing names it in "
        f"`supersedes`, add it to the newer ADR's `supersedes`; see {LIFECYCLE}.",
        (page("910-example-superseded-by-nothing.md", "status: superseded\ndate: 2026-12-01"),),
    ),
    Code(
        "ADR011",
        "An ADR's `affects` names a service the catalog does not have.",
        "Use the service's catalog name, as in the file name of its page under `docs/ARCHITECTURE/service-catalog/`.",
        (page("911-example-affects-unknown.md", "status: proposed\ndate: 2026-12-01\naffects: [billing-servce]"),),
    ),
    Code(
        "ADR012",
        "ADRs supersede each other in a cycle.",
        "Only the newer ADR names the older one in `supersedes`: remove the entry from the older one.",
        (
            page("912-example-cycle-a.md", "status: proposed\ndate: 2026-12-01\nsupersedes: [913]", "Cycle A"),
            page("913-example-cycle-b.md", "status: proposed\ndate: 2026-12-01\nsupersedes: [912]", "Cycle B"),
        ),
    ),
    Code(
        "ADR013",
        "Two accepted ADRs supersede the same ADR, and they do not both say it was split.",
        "If each replaces a part of the older decision, add `supersession: split` to both. Otherwise only the "
        f"newest may supersede it: let it supersede the other successor instead; see {LIFECYCLE}.",
        (
            page("914-example-replaced-twice.md", "status: superseded\ndate: 2026-12-01", "Replaced example"),
            page("915-example-one-successor.md", "status: accepted\ndate: 2026-12-02\nsupersedes: [914]", "One"),
            page("916-example-other-successor.md", "status: accepted\ndate: 2026-12-03\nsupersedes: [914]", "Two"),
        ),
    ),
    Code(
        "ADR014",
        "An ADR's `supersession` is not `split`, or it says `split` without a `supersedes`.",
        "Write `supersession: split` only on an ADR that replaces a part of each ADR in its `supersedes`; "
        "leave the field out otherwise.",
        (page("917-example-bad-supersession.md", "status: proposed\ndate: 2026-12-01\nsupersession: partly"),),
    ),
)
