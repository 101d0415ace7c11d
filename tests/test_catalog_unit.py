"""Pure tests of the catalog: parsing, validation, graphs and rendering."""

from __future__ import annotations

import textwrap

import pytest

from conftest import service_record as service
from pyairtable_docs.catalog.markdown import render_card, render_graph, render_index
from pyairtable_docs.catalog.records import Service, check_catalog, find_cycles, is_service_page, parse_service, used_by
from pyairtable_docs.core.codes import help_url
from pyairtable_docs.core.problems import Problem

DIR = "ARCHITECTURE/service-catalog/"


def page(name: str = "auth-service", **fields: object) -> str:
    meta = {
        "name": name,
        "title": "Auth Service",
        "description": "Issues tokens.",
        "repository": "pyairtable-auth",
        "language": "go",
        "type": "service",
        "lifecycle": "production",
        "owner": "identity-team",
        "migration": "migrated",
    }
    meta.update(fields)
    lines = []
    for key, value in meta.items():
        if value is None:
            continue
        lines.append(
            f"{key}: {value}"
            if not isinstance(value, str) or "\n" not in value
            else f"{key}:\n{textwrap.indent(value, '  ')}"
        )
    return "---\n" + "\n".join(lines) + "\n---\n\n# Auth Service\n"


def shown(problem: Problem) -> str:
    """The problem as printed, code first, without the link to its fix."""
    return str(problem).removesuffix(f" (how to fix: {help_url(problem.code)})")


def parse(text: str, name: str = "auth-service") -> tuple[Service | None, list[str]]:
    service, problems = parse_service(f"{DIR}{name}.md", text, f"docs/{DIR}{name}.md")
    return service, [shown(p) for p in problems]


def test_a_complete_page_parses_into_a_service() -> None:
    text = page(
        port=8081,
        dependsOn="[resource:postgres, user-service]",
        tags="[auth, jwt]",
        providesApis="[{name: events:auth.session, schema: SCHEMAS/events/kafka-topics.json}]",
    )
    parsed, problems = parse(text)
    assert problems == []
    assert parsed.port == 8081
    assert parsed.depends_on == ("resource:postgres", "user-service")
    assert parsed.services_depended_on == ("user-service",)
    assert parsed.resources == ("postgres",)
    assert parsed.provides_apis[0].schema == "SCHEMAS/events/kafka-topics.json"
    assert parsed.tags == ("auth", "jwt")


@pytest.mark.parametrize(
    "field", ["name", "title", "description", "repository", "language", "type", "lifecycle", "owner", "migration"]
)
def test_each_required_field_is_reported_when_missing(field: str) -> None:
    _, problems = parse(page(**{field: None}))
    assert f"FMT005 docs/{DIR}auth-service.md: {field}: is required" in problems


@pytest.mark.parametrize(
    "field, value, code, expected",
    [
        ("repository", "pyairtable-auht", "FMT007", "repository: must be one of pyairtable-docs"),
        ("language", "rust", "FMT007", "language: must be one of go, python, typescript; got 'rust'"),
        ("type", "daemon", "FMT007", "type: must be one of service, gateway, worker, frontend, library"),
        ("lifecycle", "prod", "FMT007", "lifecycle: must be one of experimental, production, deprecated"),
        ("migration", "done", "FMT007", "migration: must be one of not-started, in-progress, migrated"),
        ("port", "http", "CAT005", "port: must be a whole number from 1 to 65535; got 'http'"),
        ("port", 70000, "CAT005", "port: must be a whole number from 1 to 65535; got 70000"),
        ("port", "true", "CAT005", "port: must be a whole number from 1 to 65535; got True"),
        ("dependsOn", "postgres", "FMT006", "dependsOn: must be a list of names; got 'postgres'"),
        (
            "dependsOn",
            "['resource:Postgres DB']",
            "CAT008",
            "dependsOn: 'resource:Postgres DB' is not a valid resource",
        ),
        ("tags", "[1, 2]", "FMT006", "tags: must be a list of names; got [1, 2]"),
        ("providesApis", "[{name: x}]", "CAT012", "providesApis: each entry needs exactly `name` and `schema`"),
        ("owner", "''", "FMT006", "owner: must be a non-empty text"),
        ("ownr", "x", "FMT004", "ownr: is not a service catalog field (did you mean 'owner'?)"),
    ],
)
def test_a_wrong_field_value_is_reported_with_the_file_and_field(field, value, code, expected) -> None:
    _, problems = parse(page(**{field: value}))
    assert any(expected in p and p.startswith(f"{code} docs/{DIR}auth-service.md:") for p in problems), problems


def test_a_problem_names_the_line_of_its_field() -> None:
    _, problems = parse(page(port="http"))
    assert problems == [
        f"CAT005 docs/{DIR}auth-service.md:11: port: must be a whole number from 1 to 65535; got 'http'"
    ]


def test_the_name_must_match_the_file_name() -> None:
    _, problems = parse(page(name="auth"))
    assert any(
        p.startswith("CAT002 ") and "name: 'auth' does not match the file name 'auth-service.md'" in p for p in problems
    )


def test_the_name_must_be_kebab_case() -> None:
    _, problems = parse(page(name="Auth_Service"), name="Auth_Service")
    assert any(p.startswith("CAT001 ") and "name: must be kebab-case" in p for p in problems)


def test_the_suggestion_helps_with_a_near_miss() -> None:
    _, problems = parse(page(language="pyhton"))
    assert any("(did you mean 'python'?)" in p for p in problems)


def test_broken_yaml_is_one_problem_with_its_line() -> None:
    _, problems = parse("---\nname: auth-service\ntitle: [unclosed\n---\n# x\n")
    assert len(problems) == 1
    assert problems[0].startswith(f"FMT002 docs/{DIR}auth-service.md: front matter is not valid YAML (line")


def test_a_page_without_front_matter_is_reported() -> None:
    parsed, problems = parse("# Just a heading\n")
    assert parsed is None
    assert problems[0].startswith("FMT003 ") and "must start with YAML front matter" in problems[0]


def test_yaml_that_would_construct_objects_or_expand_aliases_is_refused() -> None:
    _, problems = parse("---\nname: !!python/object/apply:os.system ['true']\n---\n")
    assert "not valid YAML" in problems[0]
    _, problems = parse("---\na: &x [1, 2]\nb: [*x, *x]\n---\n")
    assert "aliases (*name) are not allowed" in problems[0]


def test_duplicate_names_and_ports_are_reported_on_the_second_file() -> None:
    a = service("a", port=8080)
    b = service("b", port=8080)
    c = service("a", path=f"{DIR}c.md")
    problems = [shown(p) for p in check_catalog([a, b, c], [])]
    assert f"CAT006 {DIR}b.md: port: 8080 is already used by {DIR}a.md" in problems
    assert f"CAT006 {DIR}c.md: name: 'a' is already used by {DIR}a.md" in problems


def test_unknown_dependency_is_reported_with_a_suggestion() -> None:
    problems = [
        shown(p) for p in check_catalog([service("a", depends_on=("user-servce",)), service("user-service")], [])
    ]
    assert problems == [
        f"CAT007 {DIR}a.md: dependsOn: unknown service 'user-servce' (did you mean "
        "'user-service'?); use a catalog name or resource:<name>"
    ]


def test_a_cycle_is_reported_once() -> None:
    services = [service("a", depends_on=("b",)), service("b", depends_on=("c",)), service("c", depends_on=("a",))]
    problems = [shown(p) for p in check_catalog(services, [])]
    assert problems == [f"CAT010 {DIR}a.md: dependsOn: dependency cycle: a → b → c → a"]


def test_cycles_are_found_in_a_large_graph_without_recursion() -> None:
    graph = {f"s{i}": [f"s{i + 1}"] for i in range(5000)}
    graph["s5000"] = ["s0"]
    (cycle,) = find_cycles(graph)
    assert len(cycle) == 5002 and cycle[0] == cycle[-1] == "s0"


def test_production_depending_on_deprecated_is_reported() -> None:
    problems = [
        shown(p) for p in check_catalog([service("a", depends_on=("old",)), service("old", lifecycle="deprecated")], [])
    ]
    assert problems == [f"CAT009 {DIR}a.md: dependsOn: production service depends on deprecated service 'old'"]


def test_provided_api_schema_must_exist_and_consumed_api_must_be_provided() -> None:
    from pyairtable_docs.catalog.records import ProvidedApi

    a = service("a", provides_apis=(ProvidedApi("rest", "SCHEMAS/api/missing.yaml"),))
    b = service("b", consumes_apis=("rest", "grpc"))
    problems = [shown(p) for p in check_catalog([a, b], ["SCHEMAS/api/openapi.yaml"])]
    assert problems == [
        f"CAT013 {DIR}a.md: providesApis: API 'rest': schema 'SCHEMAS/api/missing.yaml' "
        "is not a file under docs/SCHEMAS/",
        f"CAT014 {DIR}b.md: consumesApis: no service provides API 'grpc'",
    ]


def test_used_by_is_derived_from_depends_on() -> None:
    services = [
        service("gw", depends_on=("auth", "resource:redis")),
        service("auth"),
        service("ui", depends_on=("gw",)),
    ]
    assert used_by(services) == {"gw": ["ui"], "auth": ["gw"], "ui": []}


def test_only_direct_pages_of_the_catalog_folder_are_service_pages() -> None:
    assert is_service_page(f"{DIR}auth-service.md")
    assert not is_service_page(f"{DIR}README.md")
    assert not is_service_page(f"{DIR}drafts/x.md")
    assert not is_service_page("ARCHITECTURE/README.md")


def test_the_index_groups_by_repository_and_counts() -> None:
    services = [
        service("auth", repository="pyairtable-auth"),
        service("gw", repository="pyairtable-gateway", migration="in-progress"),
    ]
    index = render_index(services, f"{DIR}README.md", {"auth": "auth/", "gw": "gw/"})
    assert "**2 services** in **2 repositories**" in index
    assert "migration: 1 in progress, 1 migrated" in index
    assert index.index("### pyairtable-gateway") < index.index("### pyairtable-auth")
    assert "| [Auth](auth.md) |" in index
    assert 'click auth href "auth/"' in index


def test_hostile_values_render_as_text_and_keep_the_table_intact() -> None:
    evil = service(
        "evil",
        title="[pwn](javascript:alert(1))",
        description="<script>alert(1)</script> | col",
        owner="**bold** `code`",
    )
    index = render_index([evil], f"{DIR}README.md", {})
    row = next(line for line in index.splitlines() if line.startswith("| [&#91;pwn"))
    tables = index.split("## Dependency graph")[0]
    assert "<script>" not in index and "javascript:" not in tables
    assert row.count("|") == 9  # the 8 columns' borders only: the '|' in the text is escaped
    card = render_card(evil, [evil], [], {})
    assert "<script>" not in card and "**bold**" not in card


def test_graph_labels_cannot_break_out_of_mermaid() -> None:
    evil = service("evil", title='x"] --> y["<img src=x onerror=alert(1)>')
    graph = render_graph([evil], [evil], {})
    assert 'evil["x#34;#93; --#62; y#91;#34;#60;img src=x onerror=alert#40;1#41;#62;"]' in graph


def test_neighbourhood_graph_shows_both_directions_and_resources() -> None:
    from pyairtable_docs.catalog.markdown import neighbourhood

    gw = service("gw", depends_on=("auth",))
    auth = service("auth", depends_on=("resource:postgres",))
    other = service("other")
    shown = neighbourhood(auth, [gw, auth, other], ["gw"])
    graph = render_graph(shown, [gw, auth, other], {}, focus="auth")
    assert "gw --> auth" in graph and "auth -.-> res_postgres" in graph
    assert "other" not in graph


def test_the_whole_catalog_graph_runs_top_to_bottom_without_resources() -> None:
    gw = service("gw", depends_on=("auth",))
    auth = service("auth", depends_on=("resource:postgres",))
    graph = render_graph([gw, auth], [gw, auth], {}, direction="TB", resources=False)
    assert graph.splitlines()[1] == "flowchart TB"
    assert "gw --> auth" in graph and "res_postgres" not in graph and "class " not in graph
    assert "auth -.-> res_postgres" in render_graph([gw, auth], [gw, auth], {})  # a service page's graph keeps them
