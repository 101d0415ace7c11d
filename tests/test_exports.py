"""The hub for machines, built: llms.txt, twins, JSON exports and Backstage descriptors.

The real site (one session build) is checked against the docs it was built from, never against
today's counts; the rules (same bytes twice, nothing written when the build warns, Backstage's
verdict at the page) are checked on small sites of their own.
"""

from __future__ import annotations

import json
import posixpath
import re
import urllib.parse
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import AUTH, GATEWAY, MiniSite, page_path
from pyairtable_docs.exports import backstage, json_exports, twins
from pyairtable_docs.exports.json_schemas import SCHEMAS
from site_content import all_pages_in, diagrams_in, export_problems, llms_problems, twin_problems

DOCS = Path(__file__).resolve().parents[1] / "docs"
EXPORT_FILES = ("llms.txt", "llms-full.txt", *SCHEMAS, *(json_exports.schema_name(e) for e in SCHEMAS))


def twin_files(site: Path) -> list[Path]:
    return sorted(site / url / "index.md" for url in all_pages_in(site))


# ------------------------------------------------------------------ the real site


def test_every_page_has_its_twin_and_every_llms_link_resolves(site: Path) -> None:
    assert twin_problems(site) == []
    assert llms_problems(site) == []


def test_every_export_holds_every_service_and_adr_of_the_docs(site: Path) -> None:
    assert export_problems(DOCS, site) == []


@pytest.mark.parametrize("export", sorted(SCHEMAS))
def test_each_json_export_is_valid_against_the_schema_published_beside_it(site: Path, export: str) -> None:
    data = json.loads((site / export).read_text(encoding="utf-8"))
    schema = json.loads((site / json_exports.schema_name(export)).read_text(encoding="utf-8"))
    assert data["$schema"] == json_exports.schema_name(export)
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(data))
    assert errors == []


def test_every_relative_link_of_every_twin_reaches_a_file_of_the_site(site: Path) -> None:
    broken = []
    for twin in twin_files(site):
        targets: list[str] = []
        twins.rewrite_links(twin.read_text(encoding="utf-8"), lambda t, found=targets: found.append(t))
        for target in targets:
            parts = urllib.parse.urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path or target.startswith("/"):
                continue
            reached = posixpath.normpath(posixpath.join(twin.parent.as_posix(), urllib.parse.unquote(parts.path)))
            if not Path(reached).is_file():
                broken.append(f"{twin.relative_to(site)}: {target}")
    assert broken == []


def test_links_between_pages_lead_to_twins(site: Path) -> None:
    twin = (page_path(site, "ARCHITECTURE/service-catalog/README.md").parent / "index.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#\s]+)", twin)
    page_links = [link for link in links if not link.startswith("http") and not link.endswith((".svg", ".png"))]
    assert page_links and all(link.endswith("index.md") for link in page_links), page_links


def test_a_diagram_page_twin_holds_its_mermaid_source_and_no_twin_holds_an_embed(site: Path) -> None:
    diagram = diagrams_in(DOCS)[0]
    source = (DOCS / diagram).read_text(encoding="utf-8").strip()
    twin = page_path(site, diagram.removesuffix(".mermaid") + ".md").parent / "index.md"
    text = twin.read_text(encoding="utf-8")
    assert "```mermaid" in text and source.splitlines()[-1].strip() in text
    for path in twin_files(site):
        prose = list(twins.lines_outside_fences(path.read_text(encoding="utf-8")))
        embeds = [line for line in prose if re.search(r"(?<!`)\{\{ *SCHEMAS/", re.sub(r"`[^`]*`", "", line))]
        assert embeds == [], path


def test_a_service_twin_keeps_the_authored_front_matter_and_the_generated_card(site: Path) -> None:
    text = (page_path(site, GATEWAY_SRC).parent / "index.md").read_text(encoding="utf-8")
    authored = (DOCS / GATEWAY_SRC).read_text(encoding="utf-8")
    assert text.startswith(twins.front_matter_block(authored))
    assert "| Owner |" in text and "<div" not in text.split("\n# ", 1)[1].split("\n\n", 3)[0]


GATEWAY_SRC = "ARCHITECTURE/service-catalog/api-gateway.md"


def test_backstage_descriptors_parse_list_every_file_and_every_ref_resolves(site: Path) -> None:
    folder = site / "backstage"
    location = yaml.safe_load((folder / "all.yaml").read_text(encoding="utf-8"))
    assert location["kind"] == "Location"
    targets = location["spec"]["targets"]
    files = [p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml") if p.name != "all.yaml"]
    assert sorted(t.removeprefix("./") for t in targets) == sorted(files)
    parsed = [
        backstage.Descriptor(f, tuple(yaml.safe_load_all((folder / f).read_text(encoding="utf-8")))) for f in files
    ]
    assert backstage.unresolved_refs(parsed) == []
    kinds = {e["kind"] for d in parsed for e in d.entities}
    assert kinds == {"Component", "System", "Group", "Resource", "API"}
    for descriptor in parsed:
        for entity in descriptor.entities:
            assert entity["apiVersion"] == backstage.API_VERSION
            if entity["kind"] == "Component":
                assert backstage.TECHDOCS_REF in entity["metadata"]["annotations"]


def test_no_export_names_a_path_of_the_machine_that_built_it(site: Path) -> None:
    paths = [site / name for name in EXPORT_FILES] + list((site / "backstage").rglob("*.yaml"))
    for path in paths + twin_files(site):
        text = path.read_text(encoding="utf-8")
        assert str(site) not in text and str(DOCS) not in text, path


# ------------------------------------------------------------------ small sites: the rules


def exports_of(site: Path) -> dict[str, bytes]:
    names = [*EXPORT_FILES, *(p.relative_to(site).as_posix() for p in (site / "backstage").rglob("*.yaml"))]
    names += [p.relative_to(site).as_posix() for p in twin_files(site)]
    return {name: (site / name).read_bytes() for name in sorted(names)}


def test_the_same_docs_give_the_same_bytes(small_hub: MiniSite, tmp_path: Path) -> None:
    first = exports_of(small_hub.build())
    small_hub.site_dir = tmp_path / "again"
    assert exports_of(small_hub.build()) == first
    assert f"backstage/components/{'api-gateway'}/catalog-info.yaml" in first


def test_bad_metadata_fails_with_its_message_and_writes_no_export(
    small_hub: MiniSite, caplog: pytest.LogCaptureFixture
) -> None:
    small_hub.edit(AUTH, "owner: identity-team\n", "")
    warnings = small_hub.build_fails(caplog)
    assert any("FMT005" in w and AUTH in w and "owner" in w for w in warnings), warnings
    site = small_hub.site_dir
    assert (site / "index.html").is_file()  # MkDocs wrote the pages before strict mode stopped it
    written = [name for name in EXPORT_FILES if (site / name).exists()]
    assert written == [] and not (site / "backstage").exists() and not list(site.rglob("index.md"))


def test_backstage_refuses_an_entity_at_the_page_it_comes_from(
    small_hub: MiniSite, caplog: pytest.LogCaptureFixture
) -> None:
    name = "a" + "-b" * 35  # 71 characters: a valid catalog name, too long for Backstage
    page = GATEWAY.rsplit("/", 1)[0] + f"/{name}.md"
    small_hub.write({page: _service_page(name)})
    warnings = small_hub.build_fails(caplog)
    refused = [w for w in warnings if "EXP001" in w]
    assert len(refused) == 1 and f"docs/{page}" in refused[0] and "metadata.name" in refused[0], warnings
    assert not (small_hub.site_dir / "catalog.json").exists()


def _service_page(name: str) -> str:
    return (
        f"---\nname: {name}\ntitle: Long\ndescription: d.\nrepository: pyairtable-ai\nlanguage: python\n"
        "type: worker\nlifecycle: experimental\nowner: edge-team\nmigration: not-started\n---\n\n# Long\n\nText.\n"
    )


def test_a_hub_without_services_or_teams_still_publishes_its_exports(mini_site: MiniSite) -> None:
    site = mini_site.build()
    assert json.loads((site / "catalog.json").read_text())["services"] == []
    assert (site / "index.md").read_text().startswith("# Home")
    location = yaml.safe_load((site / "backstage/all.yaml").read_text())
    assert location["kind"] == "Location"
