"""An author's additions never break the suite.

In a copy of the repository an ADR is added with `pyairtable-docs new adr`, a service with
`pyairtable-docs new service` and a diagram as a new .mermaid file, as an author would in a
pull request; the strict build passes, and the checks the real-site tests run (site_content)
hold on that build too, new pages included.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import page_path
from pyairtable_docs.diagrams.sources import ARCHITECTURE_DIAGRAMS, DIAGRAM_SUFFIX
from repo_copy import copy_repository
from site_content import adrs_in, catalog_problems, content_problems, diagrams_in, services_in

COMMAND = Path(sys.executable).with_name("pyairtable-docs")


def author(repository: Path, *args: str) -> Path:
    """Run the authors' command in the copy, as an author runs it; the path it wrote."""
    done = subprocess.run([str(COMMAND), *args], cwd=repository, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return repository / done.stdout.strip()  # printed relative to where it ran (or absolute: `/` keeps it)


def unused(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... whichever is not taken yet."""
    return next(name for n in range(1, 1000) if (name := wanted if n == 1 else f"{wanted}-{n}") not in taken)


def test_an_added_adr_service_and_diagram_build_strictly_and_pass_the_content_checks(tmp_path: Path) -> None:
    repository = copy_repository(tmp_path / "repository")
    docs = repository / "docs"
    service_name = unused("billing-service", {service.name for service in services_in(docs)})
    diagram_stem = unused("billing-flow", {Path(src).stem for src in diagrams_in(docs)})

    owner = services_in(docs)[0].owner  # a team, as the build checks every owner is
    service = author(repository, "new", "service", service_name, "--owner", owner)
    adr = author(repository, "new", "adr", f"Bill through {service_name}")
    node = service_name.replace("-", "_")
    diagram = docs / ARCHITECTURE_DIAGRAMS / f"{diagram_stem}{DIAGRAM_SUFFIX}"
    diagram.write_text(f"%% How a bill is made.\nflowchart LR\n  ext_user --> {node}\n  {node} --> res_postgres\n")

    config = load_config(str(repository / "mkdocs.yml"), strict=True, site_dir=str(tmp_path / "site"))
    build(config)  # strict: any warning stops it
    site = tmp_path / "site"

    assert service_name in {s.name for s in services_in(docs)}
    assert adr.relative_to(docs).as_posix() in {a.path for a in adrs_in(docs)}
    assert diagram.relative_to(docs).as_posix() in diagrams_in(docs)
    assert content_problems(docs, site) == []

    # The new service is in every export, made from the page `new service` wrote.
    page = service.relative_to(docs).as_posix()
    twin = page_path(site, page).with_name("index.md")
    assert f"name: {service_name}" in twin.read_text(encoding="utf-8")
    assert service_name in {s["name"] for s in json.loads((site / "catalog.json").read_text())["services"]}
    progress = json.loads((site / "progress.json").read_text())["migration"]["servicesByState"]
    assert any(service_name in names for names in progress.values())
    component = yaml.safe_load((site / "backstage/components" / service_name / "catalog-info.yaml").read_text())
    assert component["kind"] == "Component" and component["spec"]["owner"] == f"group:{owner}"
    assert f"./components/{service_name}/catalog-info.yaml" in (site / "backstage/all.yaml").read_text()
    twin_url = twin.relative_to(site).as_posix()
    assert f"{twin_url})" in (site / "llms.txt").read_text() and f"{twin_url}\n" in (site / "llms-full.txt").read_text()
    assert Path(adr).stem.split("-", 1)[0].lstrip("0") in {
        str(a["number"]) for a in json.loads((site / "adrs.json").read_text())["adrs"]
    }

    # The checks see the new service: without its page they say so.
    page_path(site, service.relative_to(docs).as_posix()).unlink()
    assert catalog_problems(docs, site) == [f"{service.relative_to(docs).as_posix()}: no page built"]
