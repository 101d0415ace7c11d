"""The codes of the machine-readable exports (EXP): what keeps the Backstage descriptors from
being published, each with a bad example."""

from __future__ import annotations

from pyairtable_docs.core.codes import Code, Example, service_page

LONG_NAME = "example-digest-service-for-every-workspace-of-every-customer-weekly"  # 67 characters

CODES: tuple[Code, ...] = (
    Code(
        "EXP001",
        "Backstage refuses an entity the build makes from the docs for `backstage/` (its message is Backstage's own).",
        "Change the field the message names on the page it names. Backstage's rules are stricter than the "
        "catalog's on a few points: an entity name (a service's `name`) is at most 63 characters.",
        (service_page(LONG_NAME),),
        via="build",
        alone=True,
    ),
    Code(
        "EXP002",
        "The build could not check the Backstage descriptors, because Node.js or the npm package "
        "`@backstage/catalog-model` is missing.",
        "Run any `python3 dev.py` command: it runs `npm ci`, which installs the pinned package beside Mermaid "
        "(and Node.js from PyPI where the machine has no npm). Locally the descriptors are then published "
        "unchecked, with a note in the log; in CI the build fails, as every descriptor must be checked there.",
        (
            Example(
                "GUIDES/developer-guide/example-any-page.md",
                "# Any page\n",
                shown="any build in CI (PYAIRTABLE_DOCS_CI=1) on a machine without Node.js",
            ),
        ),
        via="build",
        alone=True,
    ),
)
