"""A synthetic documentation hub of N pages, shaped like ours, for build benchmarks.

Pages are about 8 KB of realistic Markdown (tables, code, admonitions, tabs, links);
10% are services with valid catalog metadata, 10% ADRs with valid MADR metadata, the rest
guides and runbooks; 5% of pages carry a Mermaid fence, as the issue's measurements did.
Deterministic: the same N gives the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

REPOSITORIES = [
    "pyairtable-gateway",
    "pyairtable-auth",
    "pyairtable-airtable",
    "pyairtable-ai",
    "pyairtable-platform",
    "pyairtable-analytics",
    "pyairtable-automation",
    "pyairtable-data",
]
WORDS = (
    "request token workspace record table base workflow schedule webhook event topic consumer "
    "producer latency retry budget quota cache index partition replica rollout canary alert "
    "runbook dashboard metric trace span owner review deploy image cluster namespace"
).split()


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


def write_hub(root: Path, pages: int, seed: int = 7) -> Path:
    """Write a docs folder of about ``pages`` pages under ``root``; return it."""
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
        here = Path(path).parent
        links = [
            str(Path(*[".."] * len(here.parts), p)) if here.parts else p for p in rng.sample(paths, min(4, len(paths)))
        ]
        front = ""
        if path.startswith("ARCHITECTURE/service-catalog/"):
            front = service_page(rng, service_names.index(Path(path).stem), service_names)
        elif path.startswith("ARCHITECTURE/decisions/"):
            front = adr_page(rng, index, service_names)
        target.write_text(front + body(rng, title, links, diagram=index % 20 == 5))
    for folder, title in (("ARCHITECTURE/service-catalog", "Service catalog"), ("ARCHITECTURE/decisions", "Decisions")):
        (docs / folder / "README.md").write_text(f"# {title}\n\n{paragraph(rng)}\n")
    return docs
