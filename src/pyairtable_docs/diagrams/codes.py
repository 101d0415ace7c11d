"""The codes of the diagrams (DIA): what stops a Mermaid diagram being drawn, or drawn right, at build time."""

from __future__ import annotations

from pyairtable_docs.core.codes import Code, Example

FENCE = "```"

CODES: tuple[Code, ...] = (
    Code(
        "DIA001",
        "Mermaid cannot parse a diagram.",
        "Correct the line the message names (Mermaid's own message follows it): an arrow needs a node "
        'on both sides, labels with spaces or punctuation go in quotes (`a["Sign in"]`), and the first '
        "line names the kind (`flowchart LR`, `sequenceDiagram`, ...). The "
        "[Mermaid live editor](https://mermaid.live/) shows the same error as you type.",
        (
            Example(
                "GUIDES/developer-guide/example-sign-in.md",
                f"# Signing in\n\n{FENCE}mermaid\nflowchart LR\n    frontend --> \n{FENCE}\n",
            ),
        ),
        via="build",
    ),
    Code(
        "DIA002",
        "A node of an architecture diagram has the id of a service the catalog does not have.",
        "In `ARCHITECTURE/diagrams/`, a node whose id has no `res_`, `ext_` or `grp_` prefix is a "
        "service: its id is the catalog name with `_` for `-` (`api_gateway`), and the drawing links it "
        "to the service's page. Correct the id, or prefix it if the node is not a service.",
        (
            Example(
                "ARCHITECTURE/diagrams/example-billing.mermaid",
                "%% How invoices are made.\nflowchart LR\n    api_gateway --> billing_service\n",
            ),
        ),
        via="build",
    ),
    Code(
        "DIA003",
        "A diagram's label shows an image (`<img>`).",
        "Remove the image from the label: a diagram is drawn without fetching anything, and the page's "
        "Content Security Policy would block it. Use text, or put the picture on the page beside the diagram.",
        (
            Example(
                "GUIDES/developer-guide/example-logo.md",
                f"# Upload flow\n\n{FENCE}mermaid\nflowchart LR\n"
                "    ext_user[\"<img src='user.png'/> User\"] --> storage_service\n"
                f"{FENCE}\n",
            ),
        ),
        via="build",
    ),
    Code(
        "DIA004",
        "A `.mermaid` file has the name of a page beside it, which its generated page would replace.",
        "Every `name.mermaid` gets a generated page `name/`: rename the diagram file (or the page), so the "
        "two names differ.",
        (
            Example(
                "GUIDES/operations-guide/monitoring.mermaid",
                "%% How metrics reach the dashboards.\nflowchart LR\n    res_prometheus --> res_grafana\n",
            ),
        ),
        via="build",
    ),
    Code(
        "DIA005",
        "The build could not draw the diagrams, because Chromium or Mermaid is missing or stopped answering.",
        "Install what the message names: the browser with `sudo apt-get install chromium`; Mermaid comes with "
        "`npm ci`, which every `python3 dev.py` command runs first. Until then the pages show each diagram's "
        "source, locally; in CI the build fails, as every diagram must be drawn and checked there.",
        (
            Example(
                "GUIDES/developer-guide/example-diagram.md",
                f"# A diagram\n\n{FENCE}mermaid\nflowchart LR\n    frontend --> api_gateway\n{FENCE}\n",
                shown=f"{FENCE}mermaid\nflowchart LR\n    frontend --> api_gateway\n{FENCE}\n\n"
                "built in CI (PYAIRTABLE_DOCS_CI=1) on a machine without /usr/bin/chromium",
            ),
        ),
        via="build",
        alone=True,
    ),
)
