"""Bad author input fails the strict build with one message naming the file and field.

Each rule is broken in a minimal hub (conftest.SMALL_HUB: two services, two decisions).
"""

from __future__ import annotations

import html as html_module
import re

import pytest

from conftest import ADR_1, ADR_2, ADR_2_PAGE, AUTH, CATALOG, DECISIONS, GATEWAY, GATEWAY_PAGE, warnings_in
from pyairtable_docs.core.codes import coded


def test_the_small_tree_builds_cleanly(small_hub, caplog) -> None:
    site = small_hub.build()
    assert warnings_in(caplog) == []
    index = (site / CATALOG / "index.html").read_text().split("<article")[1]
    assert "Hand-written intro." in index
    assert index.index("Hand-written intro.") < index.index("All services")
    log = (site / DECISIONS / "index.html").read_text()
    assert "Use one gateway per region" in log and "Timeline" in log


G, A, D1, D2 = GATEWAY, AUTH, ADR_1, ADR_2

CATALOG_RULES = [
    (
        "required field",
        G,
        "owner: edge-team\n",
        "",
        "FMT005 docs/ARCHITECTURE/service-catalog/api-gateway.md: owner: is required",
    ),
    (
        "wrong value",
        G,
        "language: go",
        "language: golang",
        "FMT007 docs/ARCHITECTURE/service-catalog/api-gateway.md:6: language: must be one of go, python, "
        "typescript; got 'golang'",
    ),
    (
        "bad port",
        G,
        "port: 8080",
        "port: 80800",
        f"CAT005 docs/{CATALOG}api-gateway.md:10: port: must be a whole number from 1 to 65535; got 80800",
    ),
    (
        "duplicate port",
        A,
        "port: 8081",
        "port: 8080",
        f"CAT006 docs/{CATALOG}auth-service.md: port: 8080 is already used by docs/{CATALOG}api-gateway.md",
    ),
    (
        "duplicate name",
        A,
        "name: auth-service",
        "name: api-gateway",
        f"CAT002 docs/{CATALOG}auth-service.md:2: name: 'api-gateway' does not match the file name 'auth-service.md'",
    ),
    (
        "unknown dependency",
        G,
        "dependsOn: [auth-service",
        "dependsOn: [auth-svc",
        f"CAT007 docs/{CATALOG}api-gateway.md: dependsOn: unknown service 'auth-svc'",
    ),
    (
        "file name mismatch",
        G,
        "name: api-gateway",
        "name: gateway",
        f"CAT002 docs/{CATALOG}api-gateway.md:2: name: 'gateway' does not match the file name 'api-gateway.md'",
    ),
    (
        "cycle",
        A,
        "dependsOn: [resource:postgres]",
        "dependsOn: [api-gateway]",
        f"CAT010 docs/{CATALOG}api-gateway.md: dependsOn: dependency cycle: api-gateway → auth-service → api-gateway",
    ),
    (
        "production on deprecated",
        A,
        "lifecycle: production",
        "lifecycle: deprecated",
        f"CAT009 docs/{CATALOG}api-gateway.md: dependsOn: production service depends on deprecated service "
        "'auth-service'",
    ),
    (
        "missing schema",
        G,
        "SCHEMAS/api/openapi.yaml",
        "SCHEMAS/api/missing.yaml",
        f"CAT013 docs/{CATALOG}api-gateway.md: providesApis: API 'public-rest-api': schema 'SCHEMAS/api/missing.yaml' "
        "is not a file under docs/SCHEMAS/",
    ),
    (
        "unknown consumed API",
        A,
        "consumesApis: [public-rest-api]",
        "consumesApis: [grpc-api]",
        f"CAT014 docs/{CATALOG}auth-service.md: consumesApis: no service provides API 'grpc-api'",
    ),
    (
        "unknown field",
        G,
        "owner: edge-team",
        "owner: edge-team\nownr: x",
        f"FMT004 docs/{CATALOG}api-gateway.md:10: ownr: is not a service catalog field (did you mean 'owner'?)",
    ),
    (
        "broken yaml",
        G,
        "title: API Gateway",
        "title: [API Gateway",
        "FMT002 docs/ARCHITECTURE/service-catalog/api-gateway.md: front matter is not valid YAML (line",
    ),
]

ADR_RULES = [
    (
        "required status",
        D2,
        "status: accepted\n",
        "",
        "docs/ARCHITECTURE/decisions/002-regional-gateways.md: status: is required",
    ),
    (
        "wrong status",
        D2,
        "status: accepted",
        "status: approved",
        "002-regional-gateways.md:2: status: must be one of proposed, accepted, rejected, deprecated,"
        " superseded; got 'approved'",
    ),
    (
        "bad date",
        D2,
        "date: 2024-02-01",
        "date: 1 Feb 2024",
        "002-regional-gateways.md:3: date: must be a date written YYYY-MM-DD; got '1 Feb 2024'",
    ),
    (
        "no decision-makers",
        D2,
        "decision-makers: [Daniel Osei]\n",
        "",
        "002-regional-gateways.md: decision-makers: is required",
    ),
    (
        "missing superseded ADR",
        D2,
        "supersedes: [1]",
        "supersedes: [7]",
        "002-regional-gateways.md: supersedes: ADR-007 does not exist",
    ),
    (
        "superseded but not marked",
        D1,
        "status: superseded",
        "status: accepted",
        "ADR009 docs/ARCHITECTURE/decisions/001-one-gateway.md: status: is 'accepted' but ADR-002, "
        "which supersedes it, is accepted; set it to 'superseded'",
    ),
    (
        "superseded by nothing",
        D2,
        "supersedes: [1]\n",
        "",
        "ADR010 docs/ARCHITECTURE/decisions/001-one-gateway.md: status: is 'superseded' but no accepted ADR "
        "supersedes it",
    ),
    (
        "unknown service",
        D2,
        "affects: [api-gateway, auth-service]",
        "affects: [api-gateway, authz]",
        "002-regional-gateways.md: affects: unknown service 'authz'",
    ),
    (
        "broken yaml",
        D2,
        "decision-makers: [Daniel Osei]",
        "decision-makers: [Daniel Osei",
        "docs/ARCHITECTURE/decisions/002-regional-gateways.md: front matter is not valid YAML",
    ),
]


@pytest.mark.parametrize(
    "rule, name, old, new, expected",
    CATALOG_RULES + ADR_RULES,
    ids=[f"catalog-{r[0]}" for r in CATALOG_RULES] + [f"adr-{r[0]}" for r in ADR_RULES],
)
def test_each_rule_fails_the_strict_build_naming_file_and_field(
    small_hub, caplog, rule, name, old, new, expected
) -> None:
    small_hub.edit(name, old, new)
    messages = small_hub.build_fails(caplog)
    assert any(expected in m for m in messages), "\n".join(messages)


def test_a_duplicate_adr_number_fails_the_build(small_hub, caplog) -> None:
    small_hub.write({DECISIONS + "002-duplicate.md": ADR_2_PAGE.replace("supersedes: [1]\n", "")})
    messages = small_hub.build_fails(caplog)
    assert any(
        "002-regional-gateways.md: number: ADR-002 is already used by docs/ARCHITECTURE/decisions/002-duplicate.md" in m
        for m in messages
    ), messages


def test_an_adr_file_name_without_a_number_fails_the_build(small_hub, caplog) -> None:
    small_hub.write({DECISIONS + "regional-gateways.md": ADR_2_PAGE})
    messages = small_hub.build_fails(caplog)
    assert any(
        "regional-gateways.md: file name 'regional-gateways.md' is not of the form NNN-slug.md" in m for m in messages
    ), messages


def test_a_supersession_cycle_fails_the_build(small_hub, caplog) -> None:
    small_hub.edit(D1, "affects:", "supersedes: [2]\naffects:")
    small_hub.edit(D2, "status: accepted", "status: superseded")
    messages = small_hub.build_fails(caplog)
    assert any("supersession cycle: ADR-001 → ADR-002 → ADR-001" in m for m in messages), messages


def test_a_page_that_is_not_utf8_stops_the_build_naming_the_file(small_hub, caplog) -> None:
    small_hub.write({G: GATEWAY_PAGE.encode() + b"\xff\xfe caf\xe9\n"})
    messages = small_hub.build_fails(caplog)
    assert any(
        m.startswith(
            "FMT001 docs/ARCHITECTURE/service-catalog/api-gateway.md: is not UTF-8 text (invalid byte at offset"
        )
        for m in messages
    ), messages


def test_one_message_per_problem_and_all_of_them_listed(small_hub, caplog) -> None:
    small_hub.edit(G, "language: go", "language: golang")
    small_hub.edit(A, "type: service", "type: daemon")
    messages = small_hub.build_fails(caplog)
    ours = [m for m in messages if "service-catalog/" in m]
    assert len(ours) == 2, ours


def test_a_broken_pages_file_is_a_message_not_a_traceback(small_hub, caplog) -> None:
    small_hub.write({".pages": "nav:\n  - README.md\n  - [oops\n"})
    messages = small_hub.build_fails(caplog)
    # libyaml says "did not find expected", PyYAML's pure-Python parser "expected"
    assert any(
        re.match(r"NAV001 docs/\.pages:4: not valid YAML: (did not find )?expected ',' or '\]'", m) for m in messages
    ), messages


def test_a_pages_entry_naming_nothing_fails_the_build(small_hub, caplog) -> None:
    small_hub.write({".pages": "nav:\n  - README.md\n  - READMY.md\n"})
    messages = small_hub.build_fails(caplog)
    assert any(
        m.endswith(
            coded(
                "NAV005",
                "docs/.pages:3: nav: entry 'READMY.md' names no file or folder here (did you mean 'README.md'?)",
            )
        )
        for m in messages
    ), messages


def test_hostile_front_matter_renders_as_text(small_hub, caplog) -> None:
    small_hub.edit(
        G,
        "description: Routes every public request.",
        'description: "<script>alert(1)</script> | [x](javascript:alert(1))"',
    )
    site = small_hub.build()
    for page in (site / CATALOG / "index.html", site / CATALOG / "api-gateway/index.html"):
        html = page.read_text().split("<article")[1].split("</article>")[0]
        assert "<script>alert(1)</script>" not in html
        assert 'href="javascript:' not in html
        # the text is all there, as text: only entity-decoding brings the characters back
        assert "<script>alert(1)</script> | [x](javascript:alert(1))" in html_module.unescape(html)


@pytest.mark.parametrize(
    "page",
    [
        "---\ntitle: Setup\ntags: [setup, local\n---\n\n# Setup\n",  # not YAML
        "---\n- setup\n- local\n---\n\n# Setup\n",  # YAML, but no mapping of fields
    ],
    ids=["not YAML", "not a mapping"],
)
def test_broken_front_matter_on_an_ordinary_page_fails_the_build_once(small_hub, caplog, page: str) -> None:
    # MkDocs itself drops such front matter silently and shows it as text.
    small_hub.write({"GUIDES/setup.md": page})
    messages = small_hub.build_fails(caplog)
    about_the_page = [m for m in messages if "GUIDES/setup.md" in m]
    assert len(about_the_page) == 1 and "FMT002 docs/GUIDES/setup.md: front matter " in about_the_page[0], messages


def test_broken_front_matter_on_a_service_page_is_reported_once(small_hub, caplog) -> None:
    small_hub.edit(G, "language: go", "language: [go")
    messages = small_hub.build_fails(caplog)
    assert len([m for m in messages if "FMT002" in m]) == 1, messages
