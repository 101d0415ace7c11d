"""Codes of the SCHEMAS folder's problems (schemas/records.py, schemas/wiring.py), each with the
change to a contract that causes it. A contract that does not parse at all is FMT009, a missing
or broken JSON Schema beside it FMT010. Never renumber or reuse."""

from __future__ import annotations

from pyairtable_docs.core.codes import Code, Example, service_page

TOPICS = "SCHEMAS/events/kafka-topics.json"
SQL = "SCHEMAS/database/postgres/"
DIGESTS = "CREATE TABLE digests.sent (\n    workspace_id uuid PRIMARY KEY,\n    sent_at timestamptz NOT NULL\n);\n"
USAGE_CONSUMERS = '      "consumers": [\n        "metrics-collector"\n      ],\n'
REPORT_ENDS = (
    '      "producers": [\n        "report-generator"\n      ],\n      "consumers": [\n        "notification-service"\n'
)
USAGE_TYPE = '        {\n          "type": "usage.metered",\n'
QUANTITY = '"quantity": {\n            "type": "integer",\n'
CATALOG_NAME = "a catalog service (the file name of its page under `ARCHITECTURE/service-catalog/`)"

CODES: tuple[Code, ...] = (
    Code(
        "SCH001",
        "An OpenAPI contract (`openapi.yaml`, `internal.yaml`) is not valid OpenAPI 3.1, so its reference page "
        "is not made.",
        "Correct the contract at the JSON path given, following the OpenAPI 3.1 specification; "
        "`python3 dev.py serve` shows the reference page again once it validates.",
        (
            Example(
                "SCHEMAS/api/openapi.yaml",
                "  title: PyAirtable public REST API\n",
                replaces="  title: PyAirtable public REST API\n  version: 1.0.0\n",
            ),
        ),
        via="build",
        alone=True,
    ),
    Code(
        "SCH002",
        "An operation of the internal API does not have exactly one tag: the catalog service that serves it.",
        "Give the operation one tag, the service that serves it, or `every-service` for endpoints every service "
        "has; list further services that serve it under `x-served-by`.",
        (
            Example(
                "SCHEMAS/api/internal.yaml",
                "      tags: [every-service, api-gateway]\n      operationId: getHealth\n",
                replaces="      tags: [every-service]\n      operationId: getHealth\n",
            ),
        ),
        via="build",
    ),
    Code(
        "SCH003",
        "The GraphQL schema (`graphql.schema`) does not parse or is not a valid schema, so its reference page "
        "is not made.",
        "Correct the schema at the line given: every type named must be defined, and every field needs a type.",
        (Example("SCHEMAS/api/graphql.schema", "  mutation: Mutations\n}", replaces="  mutation: Mutation\n}"),),
        via="build",
        alone=True,
    ),
    Code(
        "SCH004",
        "An event type is listed under more than one Kafka topic.",
        "Keep the event type under the one topic it is published on; a new kind of event gets a type of its own.",
        (
            Example(
                TOPICS,
                '        {\n          "type": "report.ready",\n          "description": "A report is ready to be '
                'metered."\n        },\n' + USAGE_TYPE,
                replaces=USAGE_TYPE,
            ),
        ),
        via="build",
    ),
    Code(
        "SCH005",
        "A Kafka topic has no producer or no consumer.",
        "List the services that publish to the topic under `producers` and those that read it under `consumers`; "
        "a topic nobody reads (or writes) should not be in the contract yet.",
        (Example(TOPICS, '      "consumers": [],\n', replaces=USAGE_CONSUMERS),),
        via="build",
    ),
    Code(
        "SCH006",
        "A topic's producers or consumers and the catalog pages disagree: a producer's page does not list "
        "`events:<topic>` in `providesApis` (a consumer's in `consumesApis`), or a page lists it but the topic "
        "does not list the service.",
        "Make both say the same: add the service to the topic's `producers`/`consumers`, or add "
        "`events:<topic>` to the service page's `providesApis`/`consumesApis` (or remove it from both).",
        (Example(TOPICS, REPORT_ENDS.replace('ce"\n', 'ce",\n        "frontend"\n'), replaces=REPORT_ENDS),),
        via="build",
    ),
    Code(
        "SCH007",
        "A service page names `events:<topic>` in `providesApis` or `consumesApis`, and there is no such topic "
        "in `kafka-topics.json`.",
        "Correct the topic's name (the message suggests the nearest), or add the topic to "
        "`SCHEMAS/events/kafka-topics.json` first.",
        (service_page("example-bad-topic", front_matter="consumesApis:\n  - events:usage.meterd\n"),),
        via="build",
    ),
    Code(
        "SCH008",
        "A contract names a service that is not in the catalog: an internal operation's tag or `x-served-by`, a "
        "topic's producer or consumer, a Redis key's owner or reader, or a SQL file's `-- owner:`.",
        f"Name {CATALOG_NAME}; the message suggests the nearest.",
        (Example(SQL + "example-bad-owner.sql", "-- owner: digest-servce\n-- schema: digests\n" + DIGESTS),),
        via="build",
    ),
    Code(
        "SCH009",
        "A SQL file does not start with its `-- owner: <service>` and `-- schema: <name>` lines.",
        "Start the file with both lines: the catalog service that owns the tables, then the PostgreSQL schema "
        "they are in.",
        (Example(SQL + "example-bad-header.sql", "-- schema: digests\n" + DIGESTS),),
        via="build",
    ),
    Code(
        "SCH010",
        "PostgreSQL's own parser cannot read a SQL file.",
        "Correct the statement at the line given (a missing comma or a trailing one is the usual cause); "
        "`psql -f FILE` against a scratch database shows the same error.",
        (
            Example(
                SQL + "example-bad-sql.sql",
                "-- owner: notification-service\n-- schema: digests\n"
                + DIGESTS.replace("PRIMARY KEY,", "PRIMARY KEY").replace("NOT NULL", "NOT NULL,"),
            ),
        ),
        via="build",
    ),
    Code(
        "SCH011",
        "`kafka-topics.json` or `keyspace.yaml` breaks the JSON Schema beside it.",
        "Correct the value at the JSON path given; the `*.schema.json` file beside the data file describes each "
        "field (for example a key's `ttl` is a number and `s`, `m`, `h` or `d`).",
        (
            Example(
                "SCHEMAS/database/redis/keyspace.yaml",
                '- pattern: "jwks:cache"\n  owner: api-gateway\n  type: string\n  ttl: "5 minutes"\n',
                replaces='- pattern: "jwks:cache"\n  owner: api-gateway\n  type: string\n  ttl: "300s"\n',
            ),
        ),
        via="build",
    ),
    Code(
        "SCH012",
        "The event envelope or a topic's `payload` in `kafka-topics.json` is not a valid JSON Schema.",
        "Correct the schema at the JSON path given: `type` is one of `string`, `integer`, `number`, `boolean`, "
        "`object`, `array` or `null`, and each keyword has the form the JSON Schema 2020-12 specification gives.",
        (Example(TOPICS, QUANTITY.replace("integer", "int"), replaces=QUANTITY),),
        via="build",
    ),
)
