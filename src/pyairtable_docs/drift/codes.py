"""The codes of the drift check (DRF): contract names in prose and values embedded from the contracts."""

from __future__ import annotations

from pyairtable_docs.core.codes import Code, Example

ALLOW = "contract-names.allow.yaml"
TOPICS = "SCHEMAS/events/kafka-topics.json"

CODES: tuple[Code, ...] = (
    Code(
        "DRF001",
        "A page names an event, field, endpoint, header, Redis key, table, alert or service that no contract defines.",
        "Correct the name (the message suggests the nearest one the contracts have), or add it to its contract "
        "in the same pull request. Only when the page names it on purpose (a rejected alternative, a past "
        f"mistake) add it to `docs/{ALLOW}` with a `reason`.",
        (
            Example(
                "GUIDES/developer-guide/example-schedules.md",
                "# Schedules\n\nThe scheduler publishes `schedule.fird` when a schedule is due.\n",
            ),
        ),
    ),
    Code(
        "DRF002",
        f"An entry of `docs/{ALLOW}` is no longer needed by any page.",
        "Delete the entry: the page that named the unknown name on purpose has changed, and a stale entry "
        "would let the name slip back in unnoticed.",
        (
            Example(
                ALLOW,
                "  reason: golang-migrate's own bookkeeping table, created by the tool rather than by workflows.sql.\n"
                "- name: workflows.run_archive\n"
                "  reason: the archive table planned in the 2025 roadmap.\n",
                replaces="  reason: golang-migrate's own bookkeeping table, created by the tool rather than by "
                "workflows.sql.\n",
            ),
        ),
    ),
    Code(
        "DRF003",
        f"`docs/{ALLOW}` is not a list of entries, or an entry has no `name` or a field other than "
        "`name`, `reason` and `file`.",
        "Write each entry as `- name: ...` with `reason: ...` and, to allow the name on one page only, "
        "`file: path/of/the/page.md`; nothing else.",
        (
            Example(
                ALLOW,
                "- name: workflows.paused\n  page: GUIDES/",
                replaces="- name: workflows.paused\n  file: GUIDES/",
            ),
        ),
    ),
    Code(
        "DRF004",
        f"An entry of `docs/{ALLOW}` has no `reason`.",
        "Add `reason:`: why the page names something no contract has (a rejected option, a past mistake, "
        "a third-party name). Reviewers read it to accept the exception.",
        (
            Example(
                ALLOW,
                "  reason: the wrong key behind the 2024-01-29 rollback, named in the phase 1 report.\n"
                "- name: workflows.run_archive\n",
                replaces="  reason: the wrong key behind the 2024-01-29 rollback, named in the phase 1 report.\n",
            ),
        ),
    ),
    Code(
        "DRF005",
        "An embed `{{ FILE#POINTER }}` names a contract file that does not exist.",
        "Write the contract's path from `docs/` (for example `SCHEMAS/events/kafka-topics.json`), starting "
        "with `SCHEMAS/`.",
        (
            Example(
                "GUIDES/developer-guide/example-retention.md",
                "# Retention\n\nRecord changes are kept {{ SCHEMAS/events/kafka-topic.json#/topics/0/retention }}.\n",
            ),
        ),
    ),
    Code(
        "DRF006",
        "An embed's pointer does not lead to a value of the contract.",
        "Correct the step the message names (it suggests the nearest key or list item). Steps are keys, "
        "list indexes, or a list item's `name`, `type`, `pattern`, `alert` or `operationId`; `~1` stands for `/`.",
        (
            Example(
                "GUIDES/developer-guide/example-partitions.md",
                f"# Partitions\n\nRecord changes use {{{{ {TOPICS}#/topics/airtable.record.changed/partition }}}} "
                "partitions.\n",
            ),
        ),
    ),
    Code(
        "DRF007",
        "An embed's pointer leads to a mapping or a list, not a single value.",
        "Point at one value inside it (add the key or item to the pointer), or write the text yourself.",
        (
            Example(
                "GUIDES/developer-guide/example-topic.md",
                f"# The record topic\n\n{{{{ {TOPICS}#/topics/airtable.record.changed }}}}\n",
            ),
        ),
    ),
)
