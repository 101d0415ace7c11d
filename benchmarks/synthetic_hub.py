"""A synthetic documentation hub of N pages, for build benchmarks. Two shapes:

- ``classic`` (the first benchmark's): pages of about 8 KB of realistic Markdown (tables,
  code, admonitions, tabs, links); 10% are services with valid catalog metadata (two
  dependencies each), 10% ADRs affecting one service, the rest guides and runbooks; 5% of
  pages carry a Mermaid fence.
- ``org``, a bigger organisation's hub: 9% services whose ``dependsOn`` graph has hubs
  (a gateway, auth, a few platform services that most others call) and leaves, over a
  dozen teams, languages and lifecycles; 18% ADRs that affect a few services (the
  platform ones most) or, one in seven, most of the catalog, and supersede earlier ADRs
  in chains; 5% ``.mermaid`` files (architecture views of 10 to 40 catalog services whose
  node ids are service names, a few elsewhere, some embedded into guides); a progress
  dashboard and migration checklists; the rest guides and runbooks, 5% of them with a
  Mermaid fence. At N = 1,000: 90 services, 180 ADRs, 50 diagrams.

Deterministic: the same N and shape give the same files.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from pathlib import Path

from pyairtable_docs.catalog.records import REPOSITORIES as CATALOG_REPOSITORIES

# The eight service repositories of the seed's proposal (not docs, shared, infra, frontend).
REPOSITORIES = CATALOG_REPOSITORIES[2:10]
WORDS = (
    "request token workspace record table base workflow schedule webhook event topic consumer "
    "producer latency retry budget quota cache index partition replica rollout canary alert "
    "runbook dashboard metric trace span owner review deploy image cluster namespace"
).split()


def random_links(rng: random.Random, paths: list[str], path: str) -> list[str]:
    """Four links from the page at ``path`` to pages drawn at random, relative to its folder."""
    here = Path(path).parent
    up = [".."] * len(here.parts)
    return [str(Path(*up, p)) if here.parts else p for p in rng.sample(paths, min(4, len(paths)))]


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def body(rng: random.Random, title: str, links: list[str], diagram: bool) -> str:
    parts = [f"# {title}", "", paragraph(rng), ""]
    for section in range(4):
        parts += [f"## Section {section + 1}: {rng.choice(WORDS)}", "", paragraph(rng), ""]
        parts += ["| Name | Value | Notes |", "|---|---|---|"]
        parts += [f"| `{rng.choice(WORDS)}_{i}` | {rng.randint(1, 9999)} | {sentence(rng, 6)} |" for i in range(5)]
        parts += ["", '!!! note "Remember"', "", f"    {sentence(rng)}", ""]
        parts += [
            '=== "Go"',
            "",
            "    ```go",
            f'    fmt.Println("{rng.choice(WORDS)}")',
            "    ```",
            "",
            '=== "Python"',
            "",
            "    ```python",
            f'    print("{rng.choice(WORDS)}")',
            "    ```",
            "",
        ]
        if links:
            parts += [
                f"See [{rng.choice(WORDS)}]({rng.choice(links)}) and [{rng.choice(WORDS)}]({rng.choice(links)}).",
                "",
            ]
    if diagram:
        parts += ["```mermaid", "flowchart LR", '  ext_a["Client"] --> res_b[("Store")]', "```", ""]
    return "\n".join(parts)


def service_page(rng: random.Random, index: int, names: list[str]) -> str:
    name = names[index]
    depends = sorted({names[j] for j in rng.sample(range(index), min(index, 2))}) if index else []
    meta = [
        "---",
        f"name: {name}",
        f"title: Service {index}",
        f"description: Handles {rng.choice(WORDS)} work.",
        f"repository: {REPOSITORIES[index % len(REPOSITORIES)]}",
        "language: go",
        "type: service",
        "lifecycle: production",
        "owner: platform-team",
        f"port: {10000 + index}",
        f"dependsOn: [{', '.join([*depends, 'resource:postgres'])}]",
        f"migration: {('not-started', 'in-progress', 'migrated')[index % 3]}",
        "tags: [synthetic]",
        "---",
        "",
    ]
    return "\n".join(meta)


def adr_page(rng: random.Random, index: int, services: list[str]) -> str:
    meta = [
        "---",
        "status: accepted",
        f"date: 2024-{index % 12 + 1:02d}-{index % 28 + 1:02d}",
        "decision-makers: [Daniel Osei]",
        f"affects: [{rng.choice(services)}]" if services else "affects: []",
        "---",
        "",
    ]
    return "\n".join(meta)


def write_classic_hub(root: Path, pages: int, seed: int = 7) -> Path:
    """The first benchmark's hub: 10% services, 10% ADRs, the rest guides."""
    rng = random.Random(seed)
    docs = root / "docs"
    n_services = max(2, pages // 10)
    n_adrs = max(1, pages // 10)
    n_other = max(1, pages - n_services - n_adrs - 1)
    service_names = [f"svc-{i:04d}" for i in range(n_services)]
    plan: list[tuple[str, str]] = [("README.md", "Home")]
    plan += [(f"ARCHITECTURE/service-catalog/{n}.md", f"Service {i}") for i, n in enumerate(service_names)]
    plan += [(f"ARCHITECTURE/decisions/{i + 1:03d}-decision-{i + 1}.md", f"Decision {i + 1}") for i in range(n_adrs)]
    plan += [(f"GUIDES/{'runbooks' if i % 3 == 0 else 'guides'}/page-{i:04d}.md", f"Page {i}") for i in range(n_other)]
    paths = [p for p, _ in plan]
    for index, (path, title) in enumerate(plan):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        links = random_links(rng, paths, path)
        front = ""
        if path.startswith("ARCHITECTURE/service-catalog/"):
            front = service_page(rng, service_names.index(Path(path).stem), service_names)
        elif path.startswith("ARCHITECTURE/decisions/"):
            front = adr_page(rng, index, service_names)
        target.write_text(front + body(rng, title, links, diagram=index % 20 == 5))
    for folder, title in (("ARCHITECTURE/service-catalog", "Service catalog"), ("ARCHITECTURE/decisions", "Decisions")):
        (docs / folder / "README.md").write_text(f"# {title}\n\n{paragraph(rng)}\n")
    return docs


SHAPES = ("classic", "org")


def write_hub(root: Path, pages: int, seed: int = 7, shape: str = "classic") -> Path:
    """Write a docs folder of about ``pages`` pages of the given shape under ``root``; return it."""
    if shape == "org":
        return write_org_hub(root, pages, seed)
    if shape != "classic":
        raise ValueError(f"unknown shape {shape!r}; one of {', '.join(SHAPES)}")
    return write_classic_hub(root, pages, seed)


# The org shape ---------------------------------------------------------------------------

DOMAINS = (
    "billing invoice payment ledger account profile identity session tenant workspace record "
    "table view form comment attachment search index export import sync webhook notification "
    "email sms audit report metric usage quota schedule workflow automation template formula "
    "embedding prompt model catalog pricing plan coupon referral onboarding feedback"
).split()
ROLES = ("api", "service", "worker", "consumer", "store", "sync", "scheduler", "adapter")
TEAMS = (
    "platform-team identity-team data-team ai-team automation-team growth-team billing-team "
    "integrations-team frontend-team reliability-team search-team security-team"
).split()
PLATFORM = (
    ("api-gateway", "API Gateway", "gateway", "pyairtable-gateway"),
    ("auth-service", "Auth Service", "service", "pyairtable-auth"),
    ("user-service", "User Service", "service", "pyairtable-platform"),
    ("workspace-service", "Workspace Service", "service", "pyairtable-platform"),
    ("airtable-gateway", "Airtable Gateway", "gateway", "pyairtable-airtable"),
    ("event-bus-adapter", "Event Bus Adapter", "library", "pyairtable-data"),
    ("config-service", "Config Service", "service", "pyairtable-platform"),
    ("storage-service", "Storage Service", "service", "pyairtable-data"),
)
ORG_REPOSITORIES = (
    "pyairtable-gateway pyairtable-auth pyairtable-airtable pyairtable-ai pyairtable-platform "
    "pyairtable-analytics pyairtable-automation pyairtable-data pyairtable-frontend pyairtable-shared"
).split()
RESOURCES = ("postgres", "redis", "kafka", "object-storage", "elasticsearch", "clickhouse")
PEOPLE = (
    "Daniel Osei, Maya Lindqvist, Jonas Weber, Priya Raman, Aiko Tanaka, Sam Okafor, Nina Petrova, "
    "Leila Haddad, Lucas Moreau, Tomás Ferreira, Ingrid Berg, Kwame Mensah"
).split(", ")


@dataclass(frozen=True)
class OrgService:
    name: str
    title: str
    type: str
    repository: str
    team: str
    lifecycle: str
    depends_on: tuple[str, ...]
    resources: tuple[str, ...]


def org_services(rng: random.Random, count: int) -> list[OrgService]:
    """Platform services first, then product services calling them and each other (no cycles:
    a service only calls ones made before it); deprecated services are called by nobody."""
    names = [p[0] for p in PLATFORM[:count]]
    pairs = [f"{d}-{r}" for d in DOMAINS for r in ROLES]
    rng.shuffle(pairs)
    names += pairs[: count - len(names)]
    services: list[OrgService] = []
    callable_names: list[str] = []
    for index, name in enumerate(names):
        platform = index < len(PLATFORM)
        lifecycle = "production"
        if not platform:
            lifecycle = rng.choices(("production", "experimental", "deprecated"), (85, 10, 5))[0]
        depends: set[str] = set()
        if callable_names:
            # hubs: the first services (platform) are called by most; then a few product peers
            hubs = callable_names[: len(PLATFORM)]
            depends.update(rng.sample(hubs, min(len(hubs), rng.randint(1, 4))))
            peers = callable_names[len(PLATFORM) :]
            if peers:
                depends.update(rng.sample(peers, min(len(peers), rng.choice((0, 1, 1, 2, 3, 5)))))
        if platform and index:
            depends = {callable_names[0]} if name != "api-gateway" else set()
        resources = tuple(sorted(rng.sample(RESOURCES, rng.randint(0, 3))))
        if platform:
            kind, repository = PLATFORM[index][2], PLATFORM[index][3]
            title = PLATFORM[index][1]
        else:
            role = name.rsplit("-", 1)[-1]
            kind = {"worker": "worker", "consumer": "worker", "scheduler": "worker"}.get(role, "service")
            repository = rng.choice(ORG_REPOSITORIES)
            title = " ".join(word.capitalize() for word in name.split("-")).replace("Api", "API")
        services.append(
            OrgService(name, title, kind, repository, rng.choice(TEAMS), lifecycle, tuple(sorted(depends)), resources)
        )
        if lifecycle != "deprecated":
            callable_names.append(name)
    return services


def org_service_page(rng: random.Random, index: int, service: OrgService, links: list[str]) -> str:
    depends = [*service.depends_on, *(f"resource:{r}" for r in service.resources)]
    meta = [
        "---",
        f"name: {service.name}",
        f"title: {service.title}",
        f"description: Handles {rng.choice(WORDS)} and {rng.choice(WORDS)} work for the {service.team}.",
        f"repository: {service.repository}",
        f"language: {rng.choice(('go', 'python', 'python', 'typescript'))}",
        f"type: {service.type}",
        f"lifecycle: {service.lifecycle}",
        f"owner: {service.team}",
        f"port: {8000 + index}",
        "dependsOn:",
        *[f"  - {d}" for d in depends],
        f"migration: {rng.choice(('not-started', 'in-progress', 'migrated', 'migrated'))}",
        f"tags: [{', '.join(sorted(set(rng.sample(WORDS, 3))))}]",
        "---",
        "",
    ]
    if not depends:
        meta.remove("dependsOn:")
    return "\n".join(meta) + body(rng, service.title, links, diagram=False)


def org_adrs(rng: random.Random, count: int, services: list[OrgService]) -> list[dict]:
    """ADRs with the services they affect (one in seven most of the catalog, the others a few,
    platform services most often) and supersession chains:
    about one in five replaces an earlier ADR still in force, which becomes superseded."""
    adrs: list[dict] = []
    weights = [8 if i < len(PLATFORM) else 1 for i in range(len(services))]
    names = [s.name for s in services]
    for number in range(1, count + 1):
        reach = rng.random()
        if reach < 0.15:  # cross-cutting (a language, a deployment rule): half the catalog or more
            affected = set(rng.sample(names, rng.randint(len(names) // 2, len(names))))
        else:
            affected = {*rng.choices(names, weights, k=rng.choice((1, 1, 2, 2, 3, 4, 6, 10)))}
        status = rng.choices(("accepted", "proposed", "rejected", "deprecated"), (80, 8, 6, 6))[0]
        adr = {"number": number, "status": status, "supersedes": [], "affects": sorted(affected)}
        in_force = [a for a in adrs if a["status"] == "accepted"]
        if status == "accepted" and in_force and rng.random() < 0.2:
            for old in rng.sample(in_force, 2 if rng.random() < 0.1 and len(in_force) > 1 else 1):
                old["status"] = "superseded"
                adr["supersedes"].append(old["number"])
        adrs.append(adr)
    return adrs


def org_adr_page(rng: random.Random, adr: dict, links: list[str]) -> str:
    number = adr["number"]
    meta = [
        "---",
        f"status: {adr['status']}",
        f"date: {2020 + number * 5 // 365}-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
        f"decision-makers: [{', '.join(rng.sample(PEOPLE, rng.randint(1, 3)))}]",
        f"consulted: [{', '.join(rng.sample(PEOPLE, rng.randint(0, 4)))}]",
        f"affects: [{', '.join(adr['affects'])}]",
    ]
    if adr["supersedes"]:
        meta.append(f"supersedes: [{', '.join(str(n) for n in adr['supersedes'])}]")
    meta += [f"tags: [{rng.choice(WORDS)}]", "---", ""]
    return "\n".join(meta) + body(rng, f"Decision {number}: {rng.choice(WORDS)} {rng.choice(WORDS)}", links, False)


def org_diagram(rng: random.Random, index: int, services: list[OrgService], architecture: bool) -> str:
    """A flowchart (or now and then a sequence diagram) of a slice of the catalog: node ids are
    service names with '_' for '-', other nodes res_/ext_/grp_ (the architecture rule)."""
    shown = rng.sample(services, min(len(services), rng.randint(10, 40)))
    ident = {s.name: s.name.replace("-", "_") for s in services}
    lines = [f"%% View {index}: how {', '.join(s.name for s in shown[:3])} and their neighbours work together."]
    if not architecture or index % 7 != 3:
        lines += ["flowchart LR", '    ext_client["Client"]']
        by_repository: dict[str, list[OrgService]] = {}
        for service in shown:
            by_repository.setdefault(service.repository, []).append(service)
        for repository, members in sorted(by_repository.items()):
            lines.append(f'    subgraph grp_{repository.replace("-", "_")}["{repository}"]')
            lines += [f'        {ident[s.name]}["{s.title}"]' for s in members]
            lines.append("    end")
        names = {s.name for s in shown}
        lines.append(f"    ext_client --> {ident[shown[0].name]}")
        for service in shown:
            lines += [f"    {ident[service.name]} --> {ident[d]}" for d in service.depends_on if d in names]
            lines += [f'    {ident[service.name]} -.-> res_{r.replace("-", "_")}[("{r}")]' for r in service.resources]
    else:
        lines.append("sequenceDiagram")
        lines += [f"    participant {ident[s.name]} as {s.title}" for s in shown[:5]]
        for first, second in itertools.pairwise(shown[:5]):
            lines.append(f"    {ident[first.name]}->>{ident[second.name]}: {rng.choice(WORDS)} request")
            lines.append(f"    {ident[second.name]}-->>{ident[first.name]}: {rng.choice(WORDS)}")
    return "\n".join(lines) + "\n"


def write_org_hub(root: Path, pages: int, seed: int = 7) -> Path:
    """A bigger organisation's hub of about ``pages`` pages (.md and .mermaid files)."""
    rng = random.Random(seed)
    docs = root / "docs"
    n_services = max(3, round(pages * 0.09))
    n_adrs = max(2, round(pages * 0.18))
    n_diagrams = max(1, round(pages * 0.05))
    n_checklists = max(1, pages // 100)
    indexes = 4  # README.md, the catalog, decisions and diagrams indexes
    n_other = max(1, pages - n_services - n_adrs - n_diagrams - n_checklists - indexes - 1)
    services = org_services(rng, n_services)
    adrs = org_adrs(rng, n_adrs, services)
    n_architecture = max(1, n_diagrams * 4 // 5)
    diagram_paths = [f"ARCHITECTURE/diagrams/view-{i + 1:03d}.mermaid" for i in range(n_architecture)]
    diagram_paths += [f"GUIDES/diagrams/flow-{i + 1:03d}.mermaid" for i in range(n_diagrams - n_architecture)]

    plan: list[tuple[str, object]] = [("README.md", "Home"), ("PROGRESS/README.md", "progress")]
    plan += [(f"ARCHITECTURE/service-catalog/{s.name}.md", s) for s in services]
    plan += [(f"ARCHITECTURE/decisions/{a['number']:03d}-decision-{a['number']}.md", a) for a in adrs]
    plan += [(f"MIGRATION/checklists/checklist-{i:02d}.md", "checklist") for i in range(n_checklists)]
    plan += [(f"GUIDES/{'runbooks' if i % 3 == 0 else 'guides'}/page-{i:04d}.md", f"Page {i}") for i in range(n_other)]
    paths = [p for p, _ in plan]
    for index, (path, item) in enumerate(plan):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        links = random_links(rng, paths, path)
        if isinstance(item, OrgService):
            text = org_service_page(rng, index, item, links)
        elif isinstance(item, dict):
            text = org_adr_page(rng, item, links)
        elif item == "progress":
            text = f"# Progress\n\n{paragraph(rng)}\n\n<!-- generated -->\n"
        elif item == "checklist":
            tasks = [f"- [{'x' if rng.random() < 0.6 else ' '}] {sentence(rng, 6)}" for _ in range(12)]
            text = f"# Checklist {index}\n\n{paragraph(rng)}\n\n" + "\n".join(tasks) + "\n"
        else:
            text = body(rng, str(item), links, diagram=index % 20 == 5)
            if index % 40 == 7:  # a guide that embeds a diagram file
                text += f'\n```mermaid\n--8<-- "{rng.choice(diagram_paths)}"\n```\n'
        target.write_text(text)
    for number, path in enumerate(diagram_paths):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(org_diagram(rng, number, services, path.startswith("ARCHITECTURE/")))
    for folder, title in (
        ("ARCHITECTURE/service-catalog", "Service catalog"),
        ("ARCHITECTURE/decisions", "Decisions"),
        ("ARCHITECTURE/diagrams", "Diagrams"),
    ):
        (docs / folder / "README.md").write_text(f"# {title}\n\n{paragraph(rng)}\n")
    return docs
