"""Pure tests of the machine-readable exports: twins, llms.txt, the JSON exports and their schemas, Backstage."""

from __future__ import annotations

import datetime as dt
import json
import random
import re

import pytest
import yaml

from pyairtable_docs.adr.records import Adr
from pyairtable_docs.catalog.records import ProvidedApi, Service
from pyairtable_docs.exports import backstage, json_exports, json_schemas, llms, twins
from pyairtable_docs.progress.dashboard import TaskPage
from pyairtable_docs.schemas.records import EventType, Topic
from pyairtable_docs.teams.records import Team

pytestmark = pytest.mark.unit

# ------------------------------------------------------------------ records


def service(
    name: str,
    *,
    repository: str = "pyairtable-core",
    type: str = "service",
    owner: str = "team-a",
    migration: str = "migrated",
    port: int | None = None,
    depends_on: tuple[str, ...] = (),
    provides: tuple[ProvidedApi, ...] = (),
    consumes: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
) -> Service:
    return Service(
        path=f"ARCHITECTURE/service-catalog/{name}.md",
        name=name,
        title=name.replace("-", " ").title(),
        description=f"The {name}.",
        repository=repository,
        language="python",
        type=type,
        lifecycle="production",
        owner=owner,
        migration=migration,
        port=port,
        depends_on=depends_on,
        provides_apis=provides,
        consumes_apis=consumes,
        tags=tags,
    )


def adr(number: int, status: str = "accepted", supersedes: tuple[int, ...] = ()) -> Adr:
    return Adr(
        path=f"ARCHITECTURE/decisions/{number:03d}-x.md",
        number=number,
        title=f"Decision {number}",
        status=status,
        date=dt.date(2024, 1, number),
        decision_makers=("Daniel Osei",),
        supersedes=supersedes,
        affects=("auth-service",),
        tags=("infra",),
    )


def topic(name: str = "auth.session") -> Topic:
    return Topic(
        name=name,
        description=f"Events of {name}.",
        key="user_id",
        retention="7d",
        partitions=3,
        producers=("auth-service",),
        consumers=("api-gateway",),
        payload={"type": "object", "properties": {"user": {"type": "string"}}},
        event_types=(EventType("auth.login", "A user logged in."), EventType("auth.logout", "A user logged out.")),
    )


def team(name: str) -> Team:
    return Team(name, f"Mission of {name}.", "Lead", "rotation", "#chan", False, 1)


ENVELOPE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:pyairtable:event-envelope:v2",
    "type": "object",
    "properties": {"type": {"type": "string"}},
    "examples": [{"type": "x"}],
}

# ------------------------------------------------------------------ twins: URIs and snippets


@pytest.mark.parametrize(
    "dest, twin",
    [("A/B/index.html", "A/B/index.md"), ("index.html", "index.md"), ("a.html", "a.md")],
)
def test_twin_uri(dest: str, twin: str) -> None:
    assert twins.twin_uri(dest) == twin


FILES = {"x.md": "X1\n\nX2\n", "y.md": "Y"}


def test_a_quoted_snippet_line_is_replaced_by_the_file() -> None:
    assert twins.include_snippets('a\n--8<-- "x.md"\nb', FILES.get) == "a\nX1\n\nX2\nb"


def test_a_snippet_in_a_fence_takes_the_lines_indentation() -> None:
    markdown = '- item\n\n    ```\n    --8<-- "x.md"\n    ```'
    assert twins.include_snippets(markdown, FILES.get) == "- item\n\n    ```\n    X1\n\n    X2\n    ```"


def test_an_escaped_snippet_line_stays_without_its_semicolon() -> None:
    assert twins.include_snippets(';--8<-- "x.md"', FILES.get) == '--8<-- "x.md"'


def test_the_block_form_includes_every_named_file() -> None:
    markdown = "before\n--8<--\nx.md\ny.md\n--8<--\nafter"
    assert twins.include_snippets(markdown, FILES.get) == "before\nX1\n\nX2\nY\nafter"


def test_a_snippet_naming_a_missing_file_keeps_its_line() -> None:
    assert twins.include_snippets('a\n--8<-- "gone.md"', FILES.get) == 'a\n--8<-- "gone.md"'


def test_a_selector_after_the_name_reads_the_whole_file() -> None:
    asked: list[str] = []

    def read(name: str) -> str:
        asked.append(name)
        return "Z"

    assert twins.include_snippets('--8<-- "x.md:2:3"', read) == "Z"
    assert asked == ["x.md"]


def test_a_commented_out_snippet_name_is_dropped_as_pymdownx_does() -> None:
    assert twins.include_snippets("a\n--8<--\n;x.md\ny.md\n--8<--\nb", FILES.get) == "a\nY\nb"
    assert twins.include_snippets('a\n--8<-- ";x.md"\nb', FILES.get) == "a\nb"


def test_the_tags_listing_has_a_heading_per_tag_and_a_link_per_page() -> None:
    listing = twins.tags_listing({"kafka": [("Zeta", "z.md"), ("alpha", "a.md")], "Auth": [("Auth", "x/auth.md")]})
    assert listing == "## Auth\n\n- [Auth](x/auth.md)\n\n## kafka\n\n- [alpha](a.md)\n- [Zeta](z.md)"


# ------------------------------------------------------------------ twins: links

SITE = twins.SiteMap(
    pages={
        "A/page.md": "A/page/index.md",
        "A/b.md": "A/b/index.md",
        "other.md": "other/index.md",
        "index.md": "index.md",
    },
    page_urls={"A/page/": "A/page/index.md", "A/b/": "A/b/index.md", "other/": "other/index.md", "": "index.md"},
    files={"A/img.png": "A/img.png", "A/doc file.pdf": "A/doc%20file.pdf"},
)


def target(link: str, base: str | None = None) -> str | None:
    return twins.link_target(link, "A/page.md", "A/page/", SITE, base)


def rewrite(markdown: str, base: str | None = None) -> str:
    return twins.rewrite_links(markdown, lambda link: target(link, base))


@pytest.mark.parametrize(
    "link, expected",
    [
        ("../other.md#anchor", "../../other/index.md#anchor"),  # source path; from the twin's folder A/page/
        ("b.md", "../b/index.md"),
        ("../index.md", "../../index.md"),
        ("img.png", "../img.png"),  # another file: the file itself
        ("../b/", "../b/index.md"),  # written as a URL, relative to the page's URL
        ("../b/#part", "../b/index.md#part"),
        ("./", "index.md"),
    ],
)
def test_a_link_goes_to_the_twin_or_file_relative_to_the_twin(link: str, expected: str) -> None:
    assert target(link) == expected


@pytest.mark.parametrize(
    "link", ["https://example.com/a.md", "#anchor", "mailto:team@example.com", "/x", "/other.md", "nothing.md", ""]
)
def test_links_leaving_the_page_or_reaching_nothing_are_kept(link: str) -> None:
    assert target(link) is None
    assert rewrite(f"[t]({link})") == f"[t]({link})"


def test_with_a_base_the_target_is_absolute() -> None:
    assert target("../other.md#a", "https://site/") == "https://site/other/index.md#a"
    assert target("img.png", "https://site/") == "https://site/A/img.png"


def test_a_page_at_the_site_root_links_relative_to_the_root() -> None:
    assert twins.link_target("A/b.md", "index.md", "", SITE) == "A/b/index.md"


def test_rewrite_links_in_prose_references_html_and_images() -> None:
    markdown = (
        'See [other](../other.md "Other") and <a href="b.md">b</a>.\n'
        '![a diagram](img.png "The title")\n'
        "[ref]: ../other.md#top"
    )
    assert rewrite(markdown) == (
        'See [other](../../other/index.md "Other") and <a href="../b/index.md">b</a>.\n'
        '![a diagram](../img.png "The title")\n'
        "[ref]: ../../other/index.md#top"
    )


def test_links_in_code_are_not_rewritten() -> None:
    markdown = "Use `[x](b.md)` here [y](b.md).\n```markdown\n[z](b.md)\n```\n~~~\n[w](b.md)\n~~~"
    assert (
        rewrite(markdown)
        == "Use `[x](b.md)` here [y](../b/index.md).\n```markdown\n[z](b.md)\n```\n~~~\n[w](b.md)\n~~~"
    )


def test_a_target_with_a_space_is_bracketed() -> None:
    assert rewrite("[pdf](<doc file.pdf>)") == "[pdf](<../doc%2520file.pdf>)"


def test_a_longer_fence_is_closed_only_by_one_as_long() -> None:
    markdown = "````markdown\n```\n[x](b.md) <span>s</span>\n```\n````\n[y](b.md)"
    assert rewrite(markdown) == markdown.replace("[y](b.md)", "[y](../b/index.md)")
    assert twins.plain_markdown(markdown) == markdown
    code = markdown.removesuffix("\n[y](b.md)")
    assert llms.describe(code + "\n\nThe prose after the code.") == "The prose after the code."


def test_a_fence_line_with_an_info_string_does_not_close_a_fence() -> None:
    markdown = "```\n```python\n[x](b.md)\n```\n[y](b.md)"
    assert rewrite(markdown) == markdown.replace("[y](b.md)", "[y](../b/index.md)")


# ------------------------------------------------------------------ twins: theme-only HTML


def test_plain_markdown_takes_the_styling_off() -> None:
    markdown = (
        '<div class="hub-card" markdown>\n\n'
        '**Auth** <progress value="3" max="4"></progress>3/4 <span class="badge">migrated</span> <code>x</code>\n\n'
        "</div>"
    )
    assert twins.plain_markdown(markdown).strip("\n") == "**Auth** 3/4 migrated `x`"


def test_plain_markdown_changes_nothing_in_a_fence() -> None:
    markdown = '```html\n<div class="hub-card" markdown>\n<span class="x">t</span> <code>c</code>\n</div>\n```'
    assert twins.plain_markdown(markdown) == markdown


# ------------------------------------------------------------------ twins: the whole text


@pytest.mark.parametrize(
    "source, block",
    [
        ("---\ntitle: X\n---\nbody", "---\ntitle: X\n---\n\n"),
        ("---\r\ntitle: X\r\n---\r\nbody", "---\ntitle: X\n---\n\n"),
        ("\ufeff---\ntitle: X\n---\nbody", "---\ntitle: X\n---\n\n"),
        ("# No front matter\n---\n", ""),
        ("", ""),
    ],
)
def test_front_matter_block(source: str, block: str) -> None:
    assert twins.front_matter_block(source) == block


def test_twin_text_adds_the_title_when_the_body_has_no_h1() -> None:
    assert twins.twin_text("\n```\n# a comment\n```\nText.\n\n", "Title") == "# Title\n\n```\n# a comment\n```\nText.\n"


def test_twin_text_keeps_the_bodys_own_h1_and_the_front_matter() -> None:
    front = "---\ntitle: X\n---\n\n"
    assert twins.twin_text("# Own\n\nText.", "Title", front) == front + "# Own\n\nText.\n"


def test_twin_text_without_a_title_adds_none() -> None:
    assert twins.twin_text("Text.", None) == "Text.\n"


# ------------------------------------------------------------------ llms: descriptions


def test_the_front_matter_description_wins() -> None:
    assert llms.describe("Prose first. Here.", "Tom &amp; Jerry\n  chase") == "Tom & Jerry chase"


def test_the_description_is_the_first_sentence_of_prose() -> None:
    markdown = (
        "# Title\n\n!!! note\n    An admonition.\n\n- a list item.\n\n| a | b |\n|---|---|\n\n"
        "<div>html.</div>\n\n```\nCode that looks like prose. Yes.\n```\n\n"
        "The [gateway](gateway.md) routes **every** request to the services. Then more follows."
    )
    assert llms.describe(markdown) == "The gateway routes every request to the services."


def test_a_blank_description_falls_back_to_the_prose() -> None:
    assert llms.describe("Only prose.", "   ") == "Only prose."


def test_a_page_without_prose_has_no_description() -> None:
    assert llms.describe("# Title\n\n- item") == ""


def test_a_long_description_is_shortened_under_the_limit() -> None:
    text = " ".join(f"word{i}" for i in range(100))
    described = llms.describe(text)
    assert len(described) <= llms.DESCRIPTION_LIMIT
    assert described.endswith("…")
    assert text.startswith(described[:-1])
    assert llms.describe("", text) == described


# ------------------------------------------------------------------ llms: the files


def entry(title: str, section: str, description: str = "", optional: bool = False) -> llms.Entry:
    slug = "-".join(re.findall(r"[a-z]+", title.lower()))
    return llms.Entry(title, section, f"{slug}/index.md", description, optional, f"\n# {title}\n\nText of {title}.\n\n")


ENTRIES = [
    entry("Home", "Home", "The hub."),
    entry("Old decision", "Architecture", "Superseded.", optional=True),
    entry("Catalog [beta]", "Architecture", "Every service."),
    entry("Runbook", "Operations"),
    entry("Gateway", "Architecture", "The gateway."),
]


def test_llms_txt_starts_with_the_name_and_summary() -> None:
    lines = llms.render_llms_txt("PyAirtable", " The  hub\n of docs. ", "About it.", ENTRIES).split("\n")
    assert lines[:5] == ["# PyAirtable", "", "> The hub of docs.", "", "About it."]


def test_llms_txt_sections_in_first_appearance_order_optional_last() -> None:
    text = llms.render_llms_txt("P", "s", "", ENTRIES, {"catalog.json": "every service as JSON"})
    headings = [line for line in text.split("\n") if line.startswith("## ")]
    assert headings == ["## Machine-readable exports", "## Home", "## Architecture", "## Operations", "## Optional"]
    assert "- catalog.json: every service as JSON" in text.split("\n")


def test_llms_txt_lists_every_entry_as_a_link_line() -> None:
    text = llms.render_llms_txt("P", "s", "", ENTRIES)
    links = [line for line in text.split("\n") if line.startswith("- ")]
    assert links == [
        "- [Home](home/index.md): The hub.",
        "- [Catalog \\[beta\\]](catalog-beta/index.md): Every service.",
        "- [Gateway](gateway/index.md): The gateway.",
        "- [Runbook](runbook/index.md)",
        "- [Old decision](old-decision/index.md): Superseded.",
    ]


def test_llms_full_has_every_text_in_order_after_its_source() -> None:
    text = llms.render_llms_full("P", "Summary.", ENTRIES)
    assert text.startswith("# P\n\n> Summary.\n")
    positions = [text.index(f"Source: {e.twin}\n\n# {e.title}\n\nText of {e.title}.\n") for e in ENTRIES]
    assert positions == sorted(positions)
    assert text.count("Source: ") == len(ENTRIES)


# ------------------------------------------------------------------ JSON exports and schemas

LINKS = {"ARCHITECTURE/service-catalog/auth-service.md": ("ARCHITECTURE/auth/", "ARCHITECTURE/auth/index.md")}
SERVICES = [
    service(
        "web-ui", type="frontend", repository="pyairtable-web", migration="not-started", depends_on=("api-gateway",)
    ),
    service(
        "auth-service",
        port=8001,
        depends_on=("resource:postgres",),
        provides=(ProvidedApi("events:auth.session", "SCHEMAS/events/kafka-topics.json"),),
    ),
    service("api-gateway", type="gateway", migration="in-progress", depends_on=("auth-service",)),
]
ADRS = [adr(1, "superseded"), adr(3, "accepted", supersedes=(1,)), adr(2, "proposed")]
USERS = {"auth-service": ["web-ui", "api-gateway"]}


def catalog(services: list[Service] = SERVICES) -> dict:
    return json_exports.catalog_export(services, USERS, LINKS)


def adrs(records: list[Adr] = ADRS) -> dict:
    return json_exports.adrs_export(records, {1: [3]}, LINKS)


def events(topics: list[Topic] | None = None) -> dict:
    topics = topics if topics is not None else [topic("b.topic"), topic("a.topic")]
    return json_exports.events_export(
        topics, ENVELOPE, "SCHEMAS/events/kafka-topics.json", "SCHEMAS/events/README.md", LINKS
    )


def progress() -> dict:
    pages = [TaskPage("GUIDES/plan.md", "Plan", 2, 5), TaskPage("GUIDES/empty.md", "Empty", 0, 0)]
    return json_exports.progress_export(SERVICES, pages, pages[:1], ADRS, LINKS, "PROGRESS/dashboard.md")


EXPORTS = {
    json_exports.CATALOG: catalog,
    json_exports.ADRS: adrs,
    json_exports.EVENTS: events,
    json_exports.PROGRESS: progress,
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_export_is_valid_against_its_schema(name: str) -> None:
    data = EXPORTS[name]()
    assert json_schemas.check_export(name, data) == []
    assert data["$schema"] == json_exports.schema_name(name) == json_schemas.SCHEMAS[name]["$id"]


def test_schema_name() -> None:
    assert json_exports.schema_name("catalog.json") == "catalog.schema.json"


def test_an_unknown_adr_status_is_reported_at_its_path() -> None:
    data = adrs()
    data["adrs"][1]["status"] = "done"
    (problem,) = json_schemas.check_export(json_exports.ADRS, data)
    assert problem.startswith("$.adrs[1].status: ") and "'done'" in problem


def test_a_negative_count_is_reported_at_its_path() -> None:
    data = progress()
    data["checklists"][0]["done"] = -1
    data["migration"]["byState"]["migrated"] = -2
    assert json_schemas.check_export(json_exports.PROGRESS, data) == [
        "$.checklists[0].done: -1 is less than the minimum of 0",
        "$.migration.byState.migrated: -2 is less than the minimum of 0",
    ]


def test_a_missing_field_and_an_extra_one_are_reported() -> None:
    data = catalog()
    del data["services"][0]["owner"]
    data["services"][2]["colour"] = "red"
    problems = json_schemas.check_export(json_exports.CATALOG, data)
    assert len(problems) == 2
    assert problems[0].startswith("$.services[0]: ") and "'owner' is a required property" in problems[0]
    assert problems[1].startswith("$.services[2]: ") and "'colour'" in problems[1]


def test_a_bad_date_is_reported() -> None:
    data = adrs()
    data["adrs"][0]["date"] = "2024-13-40"
    (problem,) = json_schemas.check_export(json_exports.ADRS, data)
    assert problem.startswith("$.adrs[0].date: ")


def test_dump_is_the_same_bytes_whatever_the_input_order() -> None:
    shuffled = random.Random(7)
    services, records, topics = list(SERVICES), list(ADRS), [topic("b.topic"), topic("a.topic"), topic("c.topic")]
    first = [json_exports.dump(catalog(services)), json_exports.dump(adrs(records)), json_exports.dump(events(topics))]
    for _ in range(3):
        for items in (services, records, topics):
            shuffled.shuffle(items)
        again = [
            json_exports.dump(catalog(services)),
            json_exports.dump(adrs(records)),
            json_exports.dump(events(topics)),
        ]
        assert again == first
    assert first[0].endswith("}\n")
    assert json.loads(first[0]) == catalog()


def test_dump_sorts_keys_and_keeps_unicode() -> None:
    assert json_exports.dump({"b": "é", "a": 1}) == '{\n  "a": 1,\n  "b": "é"\n}\n'


def test_catalog_records() -> None:
    by_name = {s["name"]: s for s in catalog()["services"]}
    assert [s["name"] for s in catalog()["services"]] == ["api-gateway", "auth-service", "web-ui"]
    auth = by_name["auth-service"]
    assert auth["usedBy"] == ["api-gateway", "web-ui"]
    assert auth["port"] == 8001
    assert "port" not in by_name["api-gateway"]
    assert (auth["url"], auth["markdown"]) == ("ARCHITECTURE/auth/", "ARCHITECTURE/auth/index.md")
    assert (by_name["web-ui"]["url"], by_name["web-ui"]["markdown"]) == ("", "")
    assert auth["providesApis"] == [{"name": "events:auth.session", "schema": "SCHEMAS/events/kafka-topics.json"}]
    assert auth["repositoryUrl"] == "https://github.com/pyairtable/pyairtable-core"


def test_adrs_records() -> None:
    data = adrs()["adrs"]
    assert [a["id"] for a in data] == ["ADR-001", "ADR-002", "ADR-003"]
    assert data[0]["supersededBy"] == [3] and data[2]["supersedes"] == [1]
    assert data[0]["date"] == "2024-01-01"


def test_progress_figures() -> None:
    data = progress()
    assert data["migration"]["byState"] == {"not-started": 1, "in-progress": 1, "migrated": 1}
    assert data["migration"]["percentMigrated"] == 33
    assert data["migration"]["byRepository"] == [
        {"repository": "pyairtable-core", "services": 2, "not-started": 0, "in-progress": 1, "migrated": 1},
        {"repository": "pyairtable-web", "services": 1, "not-started": 1, "in-progress": 0, "migrated": 0},
    ]
    assert [p["percent"] for p in data["checklists"]] == [40, 0]
    assert data["decisions"]["byStatus"]["superseded"] == 1 and data["decisions"]["total"] == 3


def test_events_topics_sorted_with_their_event_types() -> None:
    data = events()
    assert [t["name"] for t in data["topics"]] == ["a.topic", "b.topic"]
    assert data["topics"][0]["eventTypes"][0] == {"type": "auth.login", "description": "A user logged in."}


# ------------------------------------------------------------------ Backstage

HUB = backstage.Hub(
    "https://docs.example/",
    "https://github.com/pyairtable/docs",
    {"ARCHITECTURE/service-catalog/auth-service.md": "ARCHITECTURE/auth/", "SCHEMAS/api/openapi.yaml": "SCHEMAS/api/"},
)
OPENAPI = "openapi: 3.1.0\ninfo:\n  title: Gateway\n  version: 1.0.0\npaths: {}\n"
BS_SERVICES = [
    service(
        "auth-service",
        owner="identity",
        depends_on=("resource:postgres", "resource:redis"),
        provides=(ProvidedApi("events:auth.session", "SCHEMAS/events/kafka-topics.json"),),
        tags=("Python", "Auth Core"),
    ),
    service(
        "api-gateway",
        type="gateway",
        depends_on=("auth-service",),
        provides=(ProvidedApi("gateway-api", "SCHEMAS/api/openapi.yaml"),),
        consumes=("events:auth.session",),
    ),
    service("web-ui", type="frontend", repository="pyairtable-web", owner="web", consumes=("gateway-api",)),
]


def apis(services: list[Service] = BS_SERVICES) -> list[backstage.Api]:
    contracts = {"SCHEMAS/api/openapi.yaml": OPENAPI}
    pages = {"SCHEMAS/api/openapi.yaml": "SCHEMAS/api/openapi.md"}
    return backstage.provided_apis(services, contracts, [topic()], ENVELOPE, pages)


def files(services: list[Service] = BS_SERVICES) -> list[backstage.Descriptor]:
    teams = [team("identity"), team("team-a")]
    return backstage.descriptors(services, teams, ["pyairtable-core"], "platform", apis(services), HUB)


def by_path(descriptors: list[backstage.Descriptor]) -> dict[str, backstage.Descriptor]:
    return {d.path: d for d in descriptors}


@pytest.mark.parametrize(
    "name, entity",
    [("events:auth.session", "events-auth.session"), ("api-gateway", "api-gateway"), ("a b//c_", "a-b-c")],
)
def test_entity_name(name: str, entity: str) -> None:
    assert backstage.entity_name(name) == entity


def test_a_component_names_everything_backstage_links() -> None:
    entity = backstage.component(BS_SERVICES[0], HUB, {})
    spec = entity["spec"]
    assert (entity["apiVersion"], entity["kind"], entity["metadata"]["name"]) == (
        "backstage.io/v1alpha1",
        "Component",
        "auth-service",
    )
    assert spec == {
        "type": "service",
        "lifecycle": "production",
        "owner": "group:identity",
        "system": "system:pyairtable-core",
        "dependsOn": ["resource:postgres", "resource:redis"],
        "providesApis": ["api:events-auth.session"],
    }
    assert entity["metadata"]["annotations"][backstage.TECHDOCS_REF] == "url:https://github.com/pyairtable/docs"
    assert entity["metadata"]["tags"] == ["python", "auth-core"]
    assert {"url": "https://docs.example/ARCHITECTURE/auth/", "title": "PyAirtable docs hub"} in entity["metadata"][
        "links"
    ]


def test_a_frontend_is_a_website_and_its_refs_are_components_and_apis() -> None:
    gateway = backstage.component(BS_SERVICES[1], HUB, {})["spec"]
    assert gateway["type"] == "service"
    assert gateway["dependsOn"] == ["component:auth-service"]
    assert gateway["consumesApis"] == ["api:events-auth.session"]
    web = backstage.component(BS_SERVICES[2], HUB, {})
    assert web["spec"]["type"] == "website"
    assert web["spec"]["system"] == "system:pyairtable-web"
    assert "dependsOn" not in web["spec"] and "providesApis" not in web["spec"]
    assert len(web["metadata"]["links"]) == 1  # no page on the hub: the repository only


def test_system_owners() -> None:
    services = [
        service("a", owner="zeta"),
        service("b", owner="alpha"),
        service("c", owner="zeta"),
        service("d", repository="tie", owner="beta"),
        service("e", repository="tie", owner="alpha"),
    ]
    owners = backstage.system_owners(services, ["pyairtable-core", "tie", "empty"], "platform")
    assert owners == {"pyairtable-core": "zeta", "tie": "alpha", "empty": "platform"}


def test_provided_apis() -> None:
    found = {a.name: a for a in apis()}
    assert sorted(found) == ["events:auth.session", "gateway-api"]
    events_api = found["events:auth.session"]
    assert events_api.type == "asyncapi"
    document = yaml.safe_load(events_api.definition)
    assert document["asyncapi"] == "2.6.0"
    assert document["info"]["version"] == "2.0.0"  # the envelope's $id ends in :v2
    channel = document["channels"]["auth.session"]
    assert channel["subscribe"]["summary"] == "Event types: auth.login, auth.logout"
    payload = channel["subscribe"]["message"]["payload"]
    assert "$schema" not in payload and "examples" not in payload
    assert payload["properties"]["data"] == topic().payload
    gateway = found["gateway-api"]
    assert (gateway.type, gateway.definition, gateway.page) == ("openapi", OPENAPI, "SCHEMAS/api/openapi.md")


def test_a_graphql_contract_is_a_graphql_api_and_an_unknown_contract_none() -> None:
    services = [
        service("a", provides=(ProvidedApi("graph", "SCHEMAS/api/schema.graphql"), ProvidedApi("x", "missing.yaml"))),
        service("b", provides=(ProvidedApi("events:nowhere", "SCHEMAS/events/kafka-topics.json"),)),
    ]
    found = backstage.provided_apis(
        services, {"SCHEMAS/api/schema.graphql": "type Query { a: Int }\n"}, [], ENVELOPE, {}
    )
    assert [(a.name, a.type) for a in found] == [("graph", "graphql")]


def test_descriptors_files_and_location() -> None:
    descriptors = files()
    location = descriptors[-1]
    assert location.path == backstage.ALL
    (entity,) = location.entities
    assert entity["kind"] == "Location"
    assert entity["spec"]["targets"] == ["./" + d.path.removeprefix("backstage/") for d in descriptors[:-1]]
    assert sorted(by_path(descriptors)) == sorted(
        [
            "backstage/all.yaml",
            "backstage/apis.yaml",
            "backstage/groups.yaml",
            "backstage/resources.yaml",
            "backstage/systems.yaml",
            "backstage/components/api-gateway/catalog-info.yaml",
            "backstage/components/auth-service/catalog-info.yaml",
            "backstage/components/web-ui/catalog-info.yaml",
        ]
    )


def test_descriptors_groups_systems_resources() -> None:
    found = by_path(files())
    groups = found["backstage/groups.yaml"].entities
    assert [g["metadata"]["name"] for g in groups] == ["identity", "platform", "team-a", "web"]
    assert groups[0]["metadata"]["description"] == "Mission of identity."
    systems = {s["metadata"]["name"]: s["spec"]["owner"] for s in found["backstage/systems.yaml"].entities}
    assert systems == {"pyairtable-core": "group:identity", "pyairtable-web": "group:web"}
    resources = found["backstage/resources.yaml"].entities
    assert [(r["metadata"]["name"], r["spec"]["type"]) for r in resources] == [
        ("postgres", "database"),
        ("redis", "cache"),
    ]


def test_a_consistent_set_has_no_unresolved_refs() -> None:
    assert backstage.unresolved_refs(files()) == []


def test_a_dangling_reference_is_named() -> None:
    services = [*BS_SERVICES, service("worker", owner="identity", consumes=("missing-api",))]
    assert backstage.unresolved_refs(files(services)) == [
        (
            "backstage/components/worker/catalog-info.yaml",
            "Component worker: spec.consumesApis names api:missing-api, which no entity is",
        )
    ]


def test_render_parses_back_to_the_same_entities() -> None:
    for descriptor in files():
        text = backstage.render(descriptor)
        assert list(yaml.safe_load_all(text)) == list(descriptor.entities), descriptor.path


def test_a_multi_line_definition_is_a_literal_block() -> None:
    text = backstage.render(by_path(files())["backstage/apis.yaml"])
    assert "  definition: |\n    openapi: 3.1.0\n    info:\n" in text
    assert "  definition: |\n    asyncapi: 2.6.0\n" in text


def test_a_component_names_its_repository_and_the_page_to_edit_when_the_hub_has_an_edit_url() -> None:
    hub = backstage.Hub(HUB.site_url, HUB.repo_url, HUB.page_urls, "https://github.com/pyairtable/docs/edit/main/docs/")
    annotations = backstage.component(BS_SERVICES[0], hub, {})["metadata"]["annotations"]
    assert annotations["backstage.io/edit-url"].endswith("/edit/main/docs/" + BS_SERVICES[0].path)
    assert (
        annotations["backstage.io/source-location"] == f"url:https://github.com/pyairtable/{BS_SERVICES[0].repository}/"
    )
    assert "backstage.io/edit-url" not in backstage.component(BS_SERVICES[0], HUB, {})["metadata"]["annotations"]


def test_a_shared_contract_is_one_api_provided_by_the_services_owning_its_operations() -> None:
    shared = backstage.internal_api("internal-http-api", OPENAPI, "Internal.", None, ["web-ui", "auth-service"], "ops")
    made = backstage.descriptors(BS_SERVICES, [], ["pyairtable-auth"], "ops", [*apis(), shared], HUB)
    by_name = {e["metadata"]["name"]: e for d in made for e in d.entities}
    assert "api:internal-http-api" in by_name["auth-service"]["spec"]["providesApis"]
    assert "api:internal-http-api" not in by_name["api-gateway"]["spec"].get("providesApis", [])
    api = by_name["internal-http-api"]
    assert api["spec"]["owner"] == "group:ops" and "system" not in api["spec"] and api["spec"]["type"] == "openapi"
    assert backstage.unresolved_refs(made) == []


def test_two_catalog_names_made_the_same_entity_name_are_reported() -> None:
    one = backstage.Descriptor("a.yaml", (backstage._entity("API", "events:x", {}, {}),))
    two = backstage.Descriptor("b.yaml", (backstage._entity("API", "events-x", {}, {}),))
    problems = backstage.unresolved_refs([one, two])
    assert [path for path, _ in problems] == ["a.yaml", "b.yaml"] and "same name" in problems[0][1]
