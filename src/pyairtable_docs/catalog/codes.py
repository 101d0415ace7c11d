"""Codes of the service catalog's problems (catalog/records.py, catalog/evidence.py; CAT003 is
checked by the teams hook), each with a service page that causes it. Never renumber or reuse."""

from __future__ import annotations

from pyairtable_docs.core.codes import Code, service_page

CODES: tuple[Code, ...] = (
    Code(
        "CAT001",
        "A service's `name` is not kebab-case (lower-case words joined by `-`).",
        "Write the name in kebab-case, e.g. `digest-service`, and name the page after it (`digest-service.md`).",
        (service_page("example-bad-case", drop="name", front_matter="name: ExampleBadCase\n"),),
    ),
    Code(
        "CAT002",
        "A service's `name` differs from its page's file name.",
        "Make them the same: the page of service `digest-service` is `digest-service.md`. To rename a service, "
        "rename the page with `git mv` and change `name` (and every `dependsOn` naming it) in the same commit.",
        (service_page("example-bad-name", drop="name", front_matter="name: example-bad-nmae\n"),),
    ),
    Code(
        "CAT003",
        "A service's `owner` is not a team of `docs/ARCHITECTURE/teams/teams.yaml`.",
        "Name one of the teams in `teams.yaml` (the message suggests the nearest), or add the team there first "
        "in its own entry.",
        (service_page("example-bad-owner", drop="owner", front_matter="owner: platfrom-team\n"),),
    ),
    Code(
        "CAT004",
        "A service's `description` runs over more than one line.",
        "Write one sentence on the `description:` line; the page's body is the place for more. It is shown "
        "in the catalog's tables and the search results.",
        (
            service_page(
                "example-bad-description",
                drop="description",
                front_matter="description: |\n  Sends each workspace its weekly digest email.\n"
                "  It runs every Monday at 07:00 UTC.\n",
            ),
        ),
    ),
    Code(
        "CAT005",
        "A service's `port` is not a whole number from 1 to 65535.",
        "Write the port the service listens on inside the cluster, as a number: `port: 8090`.",
        (service_page("example-bad-port-range", front_matter="port: 80900\n"),),
    ),
    Code(
        "CAT006",
        "Two services have the same `name` or the same `port`.",
        "Give each service its own port (the catalog's index lists the ports taken) and its own name.",
        # Two new pages share a port, so the example holds whatever ports the real services use. The
        # names end in a word catalog names already end in: a new last word makes prose such as
        # `migration-port` look like a service name (DRF001).
        (
            service_page("example-first-port-service", front_matter="port: 8990\n"),
            service_page("example-second-port-service", front_matter="port: 8990\n"),
        ),
    ),
    Code(
        "CAT007",
        "A `dependsOn` entry names no service of the catalog.",
        "Name a catalog service exactly as its `name` reads (the message suggests the nearest), or write "
        "infrastructure as `resource:<name>`, e.g. `resource:postgres`.",
        (service_page("example-bad-dependency", front_matter="dependsOn:\n  - notification-servce\n"),),
    ),
    Code(
        "CAT008",
        "A `resource:` entry of `dependsOn` is not `resource:` followed by a kebab-case name.",
        "Write the resource in lower case with `-` between words: `resource:postgres`, `resource:object-storage`.",
        (service_page("example-bad-resource", front_matter="dependsOn:\n  - resource:Postgres\n"),),
    ),
    Code(
        "CAT009",
        "A production service depends on a deprecated one.",
        "Move the dependency to the service that replaces the deprecated one, or, while the move is under way, "
        "mark the depending service `lifecycle: experimental`.",
        (
            service_page(
                "example-bad-on-deprecated",
                drop="lifecycle",
                front_matter="lifecycle: production\ndependsOn:\n  - example-bad-legacy\n",
            ),
            service_page("example-bad-legacy", drop="lifecycle", front_matter="lifecycle: deprecated\n"),
        ),
    ),
    Code(
        "CAT010",
        "Services depend on each other in a cycle.",
        "Break the cycle: one of the calls usually belongs in an event instead (the caller publishes, the other "
        "consumes), or in a third service both call. The message shows the cycle.",
        (
            service_page("example-bad-cycle-a", front_matter="dependsOn:\n  - example-bad-cycle-b\n"),
            service_page("example-bad-cycle-b", front_matter="dependsOn:\n  - example-bad-cycle-a\n"),
        ),
    ),
    Code(
        "CAT011",
        "A service page shows a call to another service (a `*_URL` setting on its host or port, an endpoint "
        "it owns) that the page's `dependsOn` does not list.",
        "Add the called service to `dependsOn`, as the message says. If the page only describes someone else's "
        "call, put it in a `Called by` column or the `Running locally` section, which are not read as calls.",
        (
            service_page(
                "example-bad-unlisted-call",
                body="\n## Configuration\n\n| Setting | Value |\n|---|---|\n"
                "| `NOTIFICATION_SERVICE_URL` | `http://notification-service:8085` |\n",
            ),
        ),
    ),
    Code(
        "CAT012",
        "A `providesApis` entry is not a mapping of exactly `name` and `schema`.",
        "Write each provided API as `- name: <api>` with `schema: <path under SCHEMAS/>` on the next line.",
        (service_page("example-bad-provides", front_matter="providesApis:\n  - digest-api\n"),),
    ),
    Code(
        "CAT013",
        "A `providesApis` entry's `schema` is not a file under `docs/SCHEMAS/`.",
        "Give the docs-relative path of the contract, e.g. `schema: SCHEMAS/api/openapi.yaml`, and add the "
        "contract first if it is new.",
        (
            service_page(
                "example-bad-schema",
                front_matter="providesApis:\n  - name: digest-api\n    schema: SCHEMAS/api/digest.yaml\n",
            ),
        ),
    ),
    Code(
        "CAT014",
        "A `consumesApis` entry names an API no service provides.",
        "Use the API's name as the providing service's `providesApis` gives it (the message suggests the nearest), "
        "e.g. `events:usage.metered` or `public-rest-api`.",
        (service_page("example-bad-consumes", front_matter="consumesApis:\n  - public-rest-apis\n"),),
    ),
)
