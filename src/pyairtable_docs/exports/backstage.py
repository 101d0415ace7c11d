"""Backstage catalog descriptors for the PyAirtable catalog, from the same records as the site.

A Backstage instance registers ``backstage/all.yaml`` (a Location) and gets:

- a ``Component`` per service (``components/<name>/catalog-info.yaml``): type, lifecycle,
  owner, system (its repository), dependsOn, providesApis, consumesApis, and the TechDocs
  reference to this hub;
- a ``System`` per repository, owned by the team that owns most of its services (the platform
  team for a repository with none);
- a ``Group`` per team of teams.yaml;
- a ``Resource`` per shared resource, under its catalog name (``resource:postgres``);
- an ``API`` per API the services provide: OpenAPI and GraphQL with the contract's text as
  definition, each Kafka topic as an AsyncAPI document made from the topics contract.

Entity names follow Backstage's rule (``[a-zA-Z0-9]`` runs joined by ``-_.``, at most 63
characters): an API's catalog name ``events:auth.session`` becomes ``events-auth.session``.
``unresolved_refs`` lists every reference no entity answers. Pure functions only.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from pyairtable_docs.catalog.records import GITHUB_ORG, Service
from pyairtable_docs.schemas.records import Topic
from pyairtable_docs.teams.records import Team

API_VERSION = "backstage.io/v1alpha1"
FOLDER = "backstage/"
ALL = FOLDER + "all.yaml"
TECHDOCS_REF = "backstage.io/techdocs-ref"
# Backstage's well-known component types; ours that have one of its names keep theirs.
COMPONENT_TYPES = {"frontend": "website", "gateway": "service", "worker": "service"}
# What each shared resource is, in Backstage's resource vocabulary; others are "infrastructure".
RESOURCE_TYPES = {
    "postgres": "database",
    "redis": "cache",
    "kafka": "message-broker",
    "object-storage": "storage",
    "smtp": "email-provider",
    "llm-provider": "external-api",
    "airtable-api": "external-api",
}
# A contract file's type by its suffix; Kafka topics are not files here (each is made an AsyncAPI document).
API_TYPES = {".yaml": "openapi", ".yml": "openapi", ".json": "openapi", ".graphql": "graphql", ".schema": "graphql"}


@dataclass(frozen=True)
class Descriptor:
    """One file under backstage/: its site path and the entities it holds, in order."""

    path: str
    entities: tuple[dict[str, Any], ...]


def entity_name(catalog_name: str) -> str:
    """A catalog name as a Backstage entity name: ``events:auth.session`` -> ``events-auth.session``."""
    # Not cut to Backstage's 63 characters: a longer name is Backstage's to refuse, naming the page.
    return re.sub(r"[^a-zA-Z0-9_.-]+", "-", catalog_name).strip("-_.")


def _ref(kind: str, name: str) -> str:
    return f"{kind}:{entity_name(name)}"


def _entity(kind: str, name: str, metadata: Mapping[str, Any], spec: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": API_VERSION,
        "kind": kind,
        "metadata": {"name": entity_name(name), **{k: v for k, v in metadata.items() if v not in (None, [], {})}},
        "spec": dict(spec),
    }


def _tags(values: Iterable[str]) -> list[str]:
    """Backstage tags: lower case ``[a-z0-9:+#]`` runs joined by ``-``, at most 63 characters."""
    tags = []
    for value in values:
        tag = re.sub(r"[^a-z0-9:+#]+", "-", value.lower()).strip("-")[:63]
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _links(url: str | None, title: str) -> list[dict[str, str]]:
    return [{"url": url, "title": title}] if url else []


@dataclass(frozen=True)
class Hub:
    """Where the hub is: its site URL (may be empty) and the repository its docs live in."""

    site_url: str
    repo_url: str
    page_urls: Mapping[str, str]  # docs path -> page URL relative to the site root
    edit_url: str = ""  # where a docs path is edited: the repository's edit URL of docs/, or ''

    def page(self, path: str) -> str | None:
        if path not in self.page_urls:
            return None
        return self.site_url.rstrip("/") + "/" + self.page_urls[path] if self.site_url else None


def component(service: Service, hub: Hub, api_names: Mapping[str, str], shared: Sequence[str] = ()) -> dict[str, Any]:
    """``shared``: the shared contracts' APIs the service provides besides those its front matter lists."""
    annotations = {
        "github.com/project-slug": f"{GITHUB_ORG.rsplit('/', 1)[-1]}/{service.repository}",
        "backstage.io/source-location": f"url:{GITHUB_ORG}/{service.repository}/",
    }
    if hub.repo_url:
        annotations[TECHDOCS_REF] = f"url:{hub.repo_url}"
    if hub.edit_url:  # the entity is made from this page: Backstage's edit button opens it
        annotations["backstage.io/edit-url"] = hub.edit_url + service.path
    spec: dict[str, Any] = {
        "type": COMPONENT_TYPES.get(service.type, service.type),
        "lifecycle": service.lifecycle,
        "owner": _ref("group", service.owner),
        "system": _ref("system", service.repository),
    }
    depends = [
        _ref("resource", d.removeprefix("resource:")) if d.startswith("resource:") else _ref("component", d)
        for d in service.depends_on
    ]
    provided = [_ref("api", api_names.get(a.name, a.name)) for a in service.provides_apis]
    provided += [_ref("api", name) for name in shared]
    consumed = [_ref("api", api_names.get(a, a)) for a in service.consumes_apis]
    spec |= {k: v for k, v in (("dependsOn", depends), ("providesApis", provided), ("consumesApis", consumed)) if v}
    metadata = {
        "title": service.title,
        "description": service.description,
        "tags": _tags(service.tags),
        "annotations": annotations,
        "links": [
            *_links(hub.page(service.path), "PyAirtable docs hub"),
            {"url": f"{GITHUB_ORG}/{service.repository}", "title": "Repository"},
        ],
    }
    return _entity("Component", service.name, metadata, spec)


def system_owners(services: Sequence[Service], repositories: Sequence[str], fallback: str) -> dict[str, str]:
    """Each repository's owner: the team owning most of its services (ties: by name), else ``fallback``."""
    owners = {}
    for repository in repositories:
        counts = Counter(s.owner for s in services if s.repository == repository)
        owners[repository] = min(counts, key=lambda t: (-counts[t], t)) if counts else fallback
    return owners


def system(repository: str, owner: str, services: Sequence[Service]) -> dict[str, Any]:
    members = sorted(s.title for s in services if s.repository == repository)
    about = f"The {repository} repository" + (f": {', '.join(members)}." if members else ".")
    metadata = {"description": about, "links": [{"url": f"{GITHUB_ORG}/{repository}", "title": "Repository"}]}
    return _entity("System", repository, metadata, {"owner": _ref("group", owner)})


def group(team: Team, hub: Hub) -> dict[str, Any]:
    metadata = {"description": team.mission, "links": _links(hub.page(team.page), "Team page on the docs hub")}
    return _entity(
        "Group", team.name, metadata, {"type": "team", "profile": {"displayName": team.name}, "children": []}
    )


def resource(name: str, owner: str, users: Sequence[str]) -> dict[str, Any]:
    metadata = {"description": f"Shared resource {name}, used by {', '.join(sorted(users))}."}
    spec = {"type": RESOURCE_TYPES.get(name, "infrastructure"), "owner": _ref("group", owner)}
    return _entity("Resource", name, metadata, spec)


def asyncapi_definition(topic: Topic, envelope: Mapping[str, Any], version: str) -> str:
    """One Kafka topic as an AsyncAPI 2.6 document: the channel, and its message (envelope with the topic's data)."""
    payload = json.loads(json.dumps(dict(envelope)))  # a copy, to set the topic's data schema in
    for key in ("$schema", "$id", "examples"):
        payload.pop(key, None)
    payload.setdefault("properties", {})["data"] = dict(topic.payload) or {"type": "object"}
    document = {
        "asyncapi": "2.6.0",
        "info": {"title": topic.name, "version": version, "description": topic.description},
        "channels": {
            topic.name: {
                "description": topic.description,
                "subscribe": {
                    "summary": "Event types: " + ", ".join(e.type for e in topic.event_types),
                    "message": {"name": topic.name, "payload": payload},
                },
            }
        },
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)


def events_version(envelope: Mapping[str, Any]) -> str:
    """The envelope's version (``$id`` ends in ``:v1``) as an AsyncAPI info.version."""
    match = re.search(r":v(\d+)$", str(envelope.get("$id", "")))
    return f"{match.group(1) if match else 1}.0.0"


def provided_apis(
    services: Sequence[Service],
    contracts: Mapping[str, str],
    topics: Sequence[Topic],
    envelope: Mapping[str, Any],
    pages: Mapping[str, str],
) -> list[Api]:
    """Every API a service provides, once: a Kafka topic (``events:<topic>``) as AsyncAPI, any other
    with the text of its schema file (``contracts``: docs path -> text); ``pages``: schema file -> page."""
    topic_by_name = {t.name: t for t in topics}
    found: dict[str, Api] = {}
    for service in sorted(services, key=lambda s: s.name):
        for api in service.provides_apis:
            topic = topic_by_name.get(api.name.removeprefix("events:")) if api.name.startswith("events:") else None
            if api.name in found:
                continue
            if topic is not None:
                definition = asyncapi_definition(topic, envelope, events_version(envelope))
                found[api.name] = Api(api.name, "asyncapi", definition, topic.description, pages.get(api.schema))
            elif api.schema in contracts and not api.name.startswith("events:"):
                kind = API_TYPES.get("." + api.schema.rsplit(".", 1)[-1], "openapi")
                about = f"{api.name}: the contract {api.schema} of the PyAirtable docs hub."
                found[api.name] = Api(api.name, kind, contracts[api.schema], about, pages.get(api.schema))
    return list(found.values())


@dataclass(frozen=True)
class Api:
    """An API some service provides: its catalog name, Backstage type and definition text."""

    name: str
    type: str
    definition: str
    description: str
    page: str | None  # docs path of the page presenting it
    # A shared contract (internal.yaml): the services its operations name, and the team that owns it.
    providers: tuple[str, ...] = ()
    owner: str = ""


def internal_api(name: str, definition: str, description: str, page: str | None, providers, owner: str) -> Api:
    """The internal HTTP contract as one API: provided by every service that owns one of its operations."""
    return Api(name, "openapi", definition, description, page, tuple(sorted(set(providers))), owner)


def _providers(api: Api, services: Sequence[Service]) -> list[Service]:
    listed = [s for s in services if s.name in api.providers or any(a.name == api.name for a in s.provides_apis)]
    return sorted(listed, key=lambda s: s.name)


def api_entity(api: Api, services: Sequence[Service], hub: Hub) -> dict[str, Any]:
    providers = _providers(api, services)
    owner = api.owner or (providers[0].owner if providers else "")
    lifecycle = providers[0].lifecycle if providers else "production"
    metadata = {
        "title": api.name,
        "description": api.description,
        "links": _links(hub.page(api.page) if api.page else None, "Reference on the docs hub"),
    }
    spec = {
        "type": api.type,
        "lifecycle": lifecycle,
        "owner": _ref("group", owner),
        "system": _ref("system", providers[0].repository) if providers and not api.owner else None,
        "definition": api.definition,
    }
    return _entity("API", api.name, metadata, {k: v for k, v in spec.items() if v is not None})


def descriptors(
    services: Sequence[Service],
    teams: Sequence[Team],
    repositories: Sequence[str],
    platform_team: str,
    apis: Sequence[Api],
    hub: Hub,
) -> list[Descriptor]:
    """Every descriptor file, all.yaml last (it lists the others)."""
    ordered = sorted(services, key=lambda s: s.name)
    api_names = {a.name: a.name for a in apis}
    files = [
        Descriptor(
            f"{FOLDER}components/{entity_name(s.name)}/catalog-info.yaml",
            (component(s, hub, api_names, [a.name for a in apis if s.name in a.providers]),),
        )
        for s in ordered
    ]
    repositories = [*repositories, *sorted({s.repository for s in ordered} - set(repositories))]
    owners = system_owners(ordered, repositories, platform_team)
    # A System needs an owner: a hub with neither services nor teams has none to give.
    systems = tuple(system(r, owners[r], ordered) for r in repositories if owners[r])
    files.append(Descriptor(FOLDER + "systems.yaml", systems))
    named = {t.name: t for t in teams}
    for owner in ({s.owner for s in ordered} | {platform_team}) - named.keys() - {""}:  # no teams.yaml
        named[owner] = Team(owner, "Owner named in the service catalog.", "", "", "", False, 0)
    files.append(Descriptor(FOLDER + "groups.yaml", tuple(group(named[n], hub) for n in sorted(named))))
    users: dict[str, list[str]] = {}
    for service in ordered:
        for name in service.resources:
            users.setdefault(name, []).append(service.name)
    files.append(
        Descriptor(FOLDER + "resources.yaml", tuple(resource(n, platform_team, users[n]) for n in sorted(users)))
    )
    files.append(
        Descriptor(FOLDER + "apis.yaml", tuple(api_entity(a, ordered, hub) for a in sorted(apis, key=lambda a: a.name)))
    )
    targets = ["./" + d.path.removeprefix(FOLDER) for d in files]
    location = _entity(
        "Location",
        "pyairtable-docs",
        {"description": "Every entity the PyAirtable docs hub describes."},
        {"type": "url", "targets": targets},
    )
    return [*files, Descriptor(ALL, (location,))]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # libyaml's, where built
    """Text of several lines (an API's definition) as a literal block, readable as the contract is."""


def _text(dumper: yaml.BaseDumper, value: str) -> yaml.ScalarNode:
    literal = "\n" in value and not any(line != line.rstrip() for line in value.split("\n"))
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if literal else None)


_Dumper.add_representer(str, _text)


def render(descriptor: Descriptor) -> str:
    """The YAML of a descriptor file: one document per entity, keys in the order Backstage shows them."""
    return yaml.dump_all(descriptor.entities, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


_REF_FIELDS = ("owner", "system", "dependsOn", "providesApis", "consumesApis")


def unresolved_refs(files: Sequence[Descriptor]) -> list[tuple[str, str]]:
    """(file, message) for every entity reference that no entity of ``files`` answers, and for every
    entity that another of its kind has the name of (two catalog names made the same entity name)."""
    names = [(e["kind"].lower(), e["metadata"]["name"]) for d in files for e in d.entities]
    known = set(names)
    problems = [
        (d.path, f"{e['kind']} {e['metadata']['name']}: another {e['kind']} has the same name")
        for d in files
        for e in d.entities
        if names.count((e["kind"].lower(), e["metadata"]["name"])) > 1
    ]
    for descriptor in files:
        for entity in descriptor.entities:
            for field in _REF_FIELDS:
                value = entity["spec"].get(field)
                for ref in [value] if isinstance(value, str) else value or []:
                    kind, _, name = ref.partition(":")
                    if (kind, name) not in known:
                        where = f"{entity['kind']} {entity['metadata']['name']}"
                        problems.append((descriptor.path, f"{where}: spec.{field} names {ref}, which no entity is"))
    return problems
