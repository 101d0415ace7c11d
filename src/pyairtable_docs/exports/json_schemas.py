"""The JSON Schemas published beside the JSON exports, and the check of each export against its own.

A consumer validates what it downloads against the schema beside it; the build validates each
export the same way before writing it, so a schema and its export never disagree on the site.
Pure functions only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jsonschema

from pyairtable_docs.adr.records import STATUSES
from pyairtable_docs.catalog.records import LANGUAGES, LIFECYCLES, MIGRATION_STATES, TYPES
from pyairtable_docs.exports.json_exports import ADRS, CATALOG, EVENTS, PROGRESS, schema_name

DRAFT = "https://json-schema.org/draft/2020-12/schema"
NAME = {"type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"}
STRINGS = {"type": "array", "items": {"type": "string"}}
PAGE = {
    "url": {"type": "string", "description": "the page on the site, relative to the site root"},
    "markdown": {"type": "string", "description": "the page's Markdown twin, relative to the site root"},
}
COUNT = {"type": "integer", "minimum": 0}
PERCENT = {"type": "integer", "minimum": 0, "maximum": 100}


def _object(properties: Mapping[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": sorted(properties) if required is None else required,
        "properties": dict(properties),
        **extra,
    }


def _document(export: str, title: str, description: str, properties: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "$id": schema_name(export),
        "title": title,
        "description": description,
        **_object({"$schema": {"const": schema_name(export)}, **properties}),
    }


SERVICE = _object(
    {
        "name": NAME,
        "title": {"type": "string"},
        "description": {"type": "string"},
        "repository": {"type": "string"},
        "language": {"enum": list(LANGUAGES)},
        "type": {"enum": list(TYPES)},
        "lifecycle": {"enum": list(LIFECYCLES)},
        "owner": {"type": "string", "description": "the owning team (a team of teams.yaml, where the hub has one)"},
        "migration": {"enum": list(MIGRATION_STATES)},
        "port": {"type": "integer", "minimum": 1, "maximum": 65535},
        "dependsOn": {
            **STRINGS,
            "description": "catalog names of services, and resource:<name> for shared resources",
        },
        "providesApis": {
            "type": "array",
            "items": _object({"name": {"type": "string"}, "schema": {"type": "string"}}),
        },
        "consumesApis": STRINGS,
        "tags": STRINGS,
        "usedBy": {**STRINGS, "description": "the services whose dependsOn names this one (derived)"},
        "repositoryUrl": {"type": "string"},
        "source": {"type": "string", "description": "the page's source file under docs/"},
        **PAGE,
    },
    required=[
        "name",
        "title",
        "description",
        "repository",
        "language",
        "type",
        "lifecycle",
        "owner",
        "migration",
        "dependsOn",
        "providesApis",
        "consumesApis",
        "tags",
        "usedBy",
        "repositoryUrl",
        "source",
        "url",
        "markdown",
    ],
)

ADR = _object(
    {
        "number": {"type": "integer", "minimum": 1},
        "id": {"type": "string", "pattern": "^ADR-[0-9]{3,}$"},
        "title": {"type": "string"},
        "status": {"enum": list(STATUSES)},
        "date": {"type": ["string", "null"], "format": "date"},
        "decisionMakers": STRINGS,
        "supersedes": {"type": "array", "items": {"type": "integer"}},
        "supersededBy": {"type": "array", "items": {"type": "integer"}},
        "affects": {**STRINGS, "description": "catalog names of the services the decision affects"},
        "tags": STRINGS,
        "source": {"type": "string"},
        **PAGE,
    }
)

TOPIC = _object(
    {
        "name": {"type": "string"},
        "description": {"type": "string"},
        "key": {"type": "string"},
        "retention": {"type": "string"},
        "partitions": {"type": ["integer", "null"]},
        "producers": STRINGS,
        "consumers": STRINGS,
        "eventTypes": {
            "type": "array",
            "items": _object({"type": {"type": "string"}, "description": {"type": "string"}}),
        },
        "payload": {"type": "object", "description": "the JSON Schema of the envelope's data on this topic"},
    }
)

TASK_PAGE = _object(
    {
        "title": {"type": "string"},
        "done": COUNT,
        "total": COUNT,
        "percent": PERCENT,
        "source": {"type": "string"},
        **PAGE,
    }
)

SCHEMAS: dict[str, dict[str, Any]] = {
    CATALOG: _document(
        CATALOG,
        "PyAirtable service catalog",
        "Every service of the catalog, from its page's front matter, with the services that use it.",
        {"services": {"type": "array", "items": SERVICE}},
    ),
    ADRS: _document(
        ADRS,
        "PyAirtable architecture decisions",
        "Every architecture decision record, with the decisions that supersede it.",
        {"adrs": {"type": "array", "items": ADR}},
    ),
    EVENTS: _document(
        EVENTS,
        "PyAirtable Kafka topics",
        "The topics of the Kafka contract, their producers, consumers and payload schemas.",
        {
            "contract": {"type": "string"},
            **PAGE,
            "envelope": {"type": "object", "description": "the JSON Schema of every message on every topic"},
            "topics": {"type": "array", "items": TOPIC},
        },
    ),
    PROGRESS: _document(
        PROGRESS,
        "PyAirtable migration progress",
        "The figures of the progress dashboard: migration by state and repository, task lists, decisions.",
        {
            "dashboard": _object(PAGE),
            "migration": _object(
                {
                    "services": COUNT,
                    "byState": _object({state: COUNT for state in MIGRATION_STATES}),
                    "percentMigrated": PERCENT,
                    "byRepository": {
                        "type": "array",
                        "items": _object(
                            {"repository": {"type": "string"}, "services": COUNT}
                            | {state: COUNT for state in MIGRATION_STATES}
                        ),
                    },
                    "servicesByState": _object({state: STRINGS for state in MIGRATION_STATES}),
                }
            ),
            "checklists": {"type": "array", "items": TASK_PAGE},
            "plans": {"type": "array", "items": TASK_PAGE},
            "decisions": _object({"total": COUNT, "byStatus": _object({status: COUNT for status in STATUSES})}),
        },
    ),
}


def check_export(export: str, data: Any) -> list[str]:
    """What in ``data`` its published schema refuses: one line per error, at its JSON path."""
    validator = jsonschema.Draft202012Validator(SCHEMAS[export], format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{e.json_path}: {e.message}" for e in errors]
