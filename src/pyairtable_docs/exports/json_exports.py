"""The JSON exports: catalog.json, adrs.json, events.json and progress.json, as plain data.

Each is made from the records the pages are made from (the catalog's services, the ADRs, the
Kafka topics contract, the dashboard's counts), so a number in an export is the number the
site shows. Each carries ``$schema``, the JSON Schema published beside it (json_schemas.py).
``dump`` writes them byte for byte the same for the same input. Pure functions only.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from pyairtable_docs.adr.records import STATUSES, Adr
from pyairtable_docs.catalog.records import GITHUB_ORG, MIGRATION_STATES, Service
from pyairtable_docs.progress.dashboard import TaskPage
from pyairtable_docs.schemas.records import Topic

CATALOG = "catalog.json"
ADRS = "adrs.json"
EVENTS = "events.json"
PROGRESS = "progress.json"


def schema_name(export: str) -> str:
    """``catalog.json`` -> ``catalog.schema.json``, published beside it."""
    return export.removesuffix(".json") + ".schema.json"


def dump(data: Any) -> str:
    """JSON with sorted keys, two-space indents and a final newline: the same data, the same bytes."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _page(links: Mapping[str, tuple[str, str]], path: str) -> dict[str, str]:
    url, markdown = links.get(path, ("", ""))
    return {"url": url, "markdown": markdown}


def service_record(service: Service, users: Sequence[str], links: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    """One service: every catalog front-matter field under its own name, then what is derived."""
    record: dict[str, Any] = {
        "name": service.name,
        "title": service.title,
        "description": service.description,
        "repository": service.repository,
        "language": service.language,
        "type": service.type,
        "lifecycle": service.lifecycle,
        "owner": service.owner,
        "migration": service.migration,
        "dependsOn": list(service.depends_on),
        "providesApis": [{"name": api.name, "schema": api.schema} for api in service.provides_apis],
        "consumesApis": list(service.consumes_apis),
        "tags": list(service.tags),
        "usedBy": sorted(users),
        "repositoryUrl": f"{GITHUB_ORG}/{service.repository}",
        "source": service.path,
        **_page(links, service.path),
    }
    if service.port is not None:
        record["port"] = service.port
    return record


def catalog_export(
    services: Sequence[Service], users_of: Mapping[str, Sequence[str]], links: Mapping[str, tuple[str, str]]
) -> dict[str, Any]:
    """``links``: a docs path -> (page URL, twin URL), as the site publishes them."""
    ordered = sorted(services, key=lambda s: s.name)
    return {
        "$schema": schema_name(CATALOG),
        "services": [service_record(s, users_of.get(s.name, ()), links) for s in ordered],
    }


def adrs_export(
    adrs: Sequence[Adr], replaced_by: Mapping[int, Sequence[int]], links: Mapping[str, tuple[str, str]]
) -> dict[str, Any]:
    return {
        "$schema": schema_name(ADRS),
        "adrs": [
            {
                "number": adr.number,
                "id": adr.label,
                "title": adr.title,
                "status": adr.status,
                "date": adr.date.isoformat() if adr.date else None,
                "decisionMakers": list(adr.decision_makers),
                "supersedes": list(adr.supersedes),
                "supersededBy": sorted(replaced_by.get(adr.number, ())),
                "affects": list(adr.affects),
                "tags": list(adr.tags),
                "source": adr.path,
                **_page(links, adr.path),
            }
            for adr in sorted(adrs, key=lambda a: a.number)
        ],
    }


def events_export(
    topics: Sequence[Topic],
    envelope: Mapping[str, Any],
    contract: str,
    page: str,
    links: Mapping[str, tuple[str, str]],
) -> dict[str, Any]:
    """The topics of the Kafka contract (``contract``, presented on ``page``): who produces and consumes
    each, and its payload schema."""
    return {
        "$schema": schema_name(EVENTS),
        "contract": contract,
        **_page(links, page),
        "envelope": dict(envelope),
        "topics": [
            {
                "name": topic.name,
                "description": topic.description,
                "key": topic.key,
                "retention": topic.retention,
                "partitions": topic.partitions,
                "producers": list(topic.producers),
                "consumers": list(topic.consumers),
                "eventTypes": [{"type": e.type, "description": e.description} for e in topic.event_types],
                "payload": dict(topic.payload),
            }
            for topic in sorted(topics, key=lambda t: t.name)
        ],
    }


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def _task_pages(pages: Sequence[TaskPage], links: Mapping[str, tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        {
            "title": p.title,
            "done": p.done,
            "total": p.total,
            "percent": _percent(p.done, p.total),
            "source": p.path,
            **_page(links, p.path),
        }
        for p in pages
    ]


def progress_export(
    services: Sequence[Service],
    checklists: Sequence[TaskPage],
    plans: Sequence[TaskPage],
    adrs: Sequence[Adr],
    links: Mapping[str, tuple[str, str]],
    dashboard: str,
) -> dict[str, Any]:
    """The dashboard's figures (progress/dashboard.py shows the same ones, from the same records)."""
    migration = Counter(s.migration for s in services)
    repositories: dict[str, Counter[str]] = {}
    for service in services:
        repositories.setdefault(service.repository, Counter())[service.migration] += 1
    statuses = Counter(a.status for a in adrs)
    return {
        "$schema": schema_name(PROGRESS),
        "dashboard": _page(links, dashboard),
        "migration": {
            "services": len(services),
            "byState": {state: migration[state] for state in MIGRATION_STATES},
            "percentMigrated": _percent(migration["migrated"], len(services)),
            "byRepository": [
                {
                    "repository": repository,
                    "services": sum(counts.values()),
                    **{state: counts[state] for state in MIGRATION_STATES},
                }
                for repository, counts in sorted(repositories.items())
            ],
            "servicesByState": {
                state: sorted(s.name for s in services if s.migration == state) for state in MIGRATION_STATES
            },
        },
        "checklists": _task_pages(checklists, links),
        "plans": _task_pages(plans, links),
        "decisions": {
            "total": len(adrs),
            "byStatus": {status: statuses[status] for status in STATUSES},
        },
    }
