"""Bad author input fails the strict build with one message naming the file and field."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import build_site, warnings_in

CATALOG = "ARCHITECTURE/service-catalog/"
DECISIONS = "ARCHITECTURE/decisions/"

GATEWAY = """---
name: api-gateway
title: API Gateway
description: Routes every public request.
repository: pyairtable-gateway
language: go
type: gateway
lifecycle: production
owner: edge-team
port: 8080
dependsOn: [auth-service, resource:redis]
providesApis:
  - name: public-rest-api
    schema: SCHEMAS/api/openapi.yaml
migration: migrated
tags: [edge]
---

# API Gateway

Routes requests.
"""

AUTH = """---
name: auth-service
title: Auth Service
description: Issues tokens.
repository: pyairtable-auth
language: go
type: service
lifecycle: production
owner: identity-team
port: 8081
dependsOn: [resource:postgres]
consumesApis: [public-rest-api]
migration: migrated
---

# Auth Service

Issues tokens.
"""

ADR_1 = """---
status: superseded
date: 2024-01-08
decision-makers: [Daniel Osei]
affects: [api-gateway]
---

# Use one gateway
"""

ADR_2 = """---
status: accepted
date: 2024-02-01
decision-makers: [Daniel Osei]
supersedes: [1]
affects: [api-gateway, auth-service]
---

# Use one gateway per region
"""


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A small, valid docs tree: two services, two ADRs (one supersedes the other)."""
    files = {
        "README.md": "# Home\n",
        CATALOG + "README.md": "# Service catalog\n\nHand-written intro.\n",
        CATALOG + "api-gateway.md": GATEWAY,
        CATALOG + "auth-service.md": AUTH,
        DECISIONS + "README.md": "# Decisions\n\nHand-written intro.\n",
        DECISIONS + "001-one-gateway.md": ADR_1,
        DECISIONS + "002-regional-gateways.md": ADR_2,
        "SCHEMAS/api/README.md": "# API\n",
        "SCHEMAS/api/openapi.yaml": "openapi: 3.1.0\ninfo:\n  title: API\n  version: '1'\npaths: {}\n",
    }
    root = tmp_path / "docs"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def edit(docs: Path, name: str, old: str, new: str) -> None:
    path = docs / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


def failing_build(docs: Path, tmp_path: Path, caplog) -> list[str]:
    with pytest.raises(Abort):
        build_site(tmp_path / "site", docs)
    return warnings_in(caplog)


def test_the_small_tree_builds_cleanly(docs, tmp_path, caplog) -> None:
    site = build_site(tmp_path / "site", docs)
    assert warnings_in(caplog) == []
    index = (site / CATALOG / "index.html").read_text().split("<article")[1]
    assert "Hand-written intro." in index
    assert index.index("Hand-written intro.") < index.index("All services")
    log = (site / DECISIONS / "index.html").read_text()
    assert "Use one gateway per region" in log and "Timeline" in log


G, A = CATALOG + "api-gateway.md", CATALOG + "auth-service.md"
D1, D2 = DECISIONS + "001-one-gateway.md", DECISIONS + "002-regional-gateways.md"

CATALOG_RULES = [
    (
        "required field",
        G,
        "owner: edge-team\n",
        "",
        "docs/ARCHITECTURE/service-catalog/api-gateway.md: owner: is required",
    ),
    (
        "wrong value",
        G,
        "language: go",
        "language: golang",
        "docs/ARCHITECTURE/service-catalog/api-gateway.md:6: language: must be one of go, python, "
        "typescript; got 'golang'",
    ),
    (
        "bad port",
        G,
        "port: 8080",
        "port: 80800",
        "api-gateway.md:10: port: must be a whole number from 1 to 65535; got 80800",
    ),
    (
        "duplicate port",
        A,
        "port: 8081",
        "port: 8080",
        "auth-service.md: port: 8080 is already used by docs/ARCHITECTURE/service-catalog/api-gateway.md",
    ),
    (
        "duplicate name",
        A,
        "name: auth-service",
        "name: api-gateway",
        "auth-service.md:2: name: 'api-gateway' does not match the file name 'auth-service.md'",
    ),
    (
        "unknown dependency",
        G,
        "dependsOn: [auth-service",
        "dependsOn: [auth-svc",
        "api-gateway.md: dependsOn: unknown service 'auth-svc'",
    ),
    (
        "file name mismatch",
        G,
        "name: api-gateway",
        "name: gateway",
        "api-gateway.md:2: name: 'gateway' does not match the file name 'api-gateway.md'",
    ),
    (
        "cycle",
        A,
        "dependsOn: [resource:postgres]",
        "dependsOn: [api-gateway]",
        "api-gateway.md: dependsOn: dependency cycle: api-gateway → auth-service → api-gateway",
    ),
    (
        "production on deprecated",
        A,
        "lifecycle: production",
        "lifecycle: deprecated",
        "api-gateway.md: dependsOn: production service depends on deprecated service 'auth-service'",
    ),
    (
        "missing schema",
        G,
        "SCHEMAS/api/openapi.yaml",
        "SCHEMAS/api/missing.yaml",
        "api-gateway.md: providesApis: API 'public-rest-api': schema 'SCHEMAS/api/missing.yaml' "
        "is not a file under docs/SCHEMAS/",
    ),
    (
        "unknown consumed API",
        A,
        "consumesApis: [public-rest-api]",
        "consumesApis: [grpc-api]",
        "auth-service.md: consumesApis: no service provides API 'grpc-api'",
    ),
    (
        "unknown field",
        G,
        "owner: edge-team",
        "owner: edge-team\nownr: x",
        "api-gateway.md:10: ownr: is not a service catalog field (did you mean 'owner'?)",
    ),
    (
        "broken yaml",
        G,
        "title: API Gateway",
        "title: [API Gateway",
        "docs/ARCHITECTURE/service-catalog/api-gateway.md: front matter is not valid YAML (line",
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
        "001-one-gateway.md: status: is 'accepted' but ADR-002 supersedes it; set it to 'superseded'",
    ),
    (
        "superseded by nothing",
        D2,
        "supersedes: [1]\n",
        "",
        "001-one-gateway.md: status: is 'superseded' but no ADR supersedes it",
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
    docs, tmp_path, caplog, rule, name, old, new, expected
) -> None:
    edit(docs, name, old, new)
    messages = failing_build(docs, tmp_path, caplog)
    assert any(expected in m for m in messages), "\n".join(messages)


def test_a_duplicate_adr_number_fails_the_build(docs, tmp_path, caplog) -> None:
    (docs / DECISIONS / "002-duplicate.md").write_text(ADR_2.replace("supersedes: [1]\n", ""))
    messages = failing_build(docs, tmp_path, caplog)
    assert any(
        "002-regional-gateways.md: number: ADR-002 is already used by docs/ARCHITECTURE/decisions/002-duplicate.md" in m
        for m in messages
    ), messages


def test_an_adr_file_name_without_a_number_fails_the_build(docs, tmp_path, caplog) -> None:
    (docs / DECISIONS / "regional-gateways.md").write_text(ADR_2)
    messages = failing_build(docs, tmp_path, caplog)
    assert any(
        "regional-gateways.md: file name 'regional-gateways.md' is not of the form NNN-slug.md" in m for m in messages
    ), messages


def test_a_supersession_cycle_fails_the_build(docs, tmp_path, caplog) -> None:
    edit(docs, D1, "affects:", "supersedes: [2]\naffects:")
    edit(docs, D2, "status: accepted", "status: superseded")
    messages = failing_build(docs, tmp_path, caplog)
    assert any("supersession cycle: ADR-001 → ADR-002 → ADR-001" in m for m in messages), messages


def test_a_page_that_is_not_utf8_stops_the_build_naming_the_file(docs, tmp_path, caplog) -> None:
    (docs / G).write_bytes(GATEWAY.encode() + b"\xff\xfe caf\xe9\n")
    messages = failing_build(docs, tmp_path, caplog)
    assert any(
        m.startswith("docs/ARCHITECTURE/service-catalog/api-gateway.md: is not UTF-8 text (invalid byte at offset")
        for m in messages
    ), messages


def test_one_message_per_problem_and_all_of_them_listed(docs, tmp_path, caplog) -> None:
    edit(docs, G, "language: go", "language: golang")
    edit(docs, A, "type: service", "type: daemon")
    messages = failing_build(docs, tmp_path, caplog)
    ours = [m for m in messages if "service-catalog/" in m]
    assert len(ours) == 2, ours


def test_a_broken_pages_file_is_a_message_not_a_traceback(docs, tmp_path, caplog) -> None:
    (docs / ".pages").write_text("nav:\n  - README.md\n  - [oops\n")
    messages = failing_build(docs, tmp_path, caplog)
    # libyaml says "did not find expected", PyYAML's pure-Python parser "expected"
    assert any(
        re.match(r"docs/\.pages:4: not valid YAML: (did not find )?expected ',' or '\]'", m) for m in messages
    ), messages


def test_a_pages_entry_naming_nothing_fails_the_build(docs, tmp_path, caplog) -> None:
    (docs / ".pages").write_text("nav:\n  - README.md\n  - READMY.md\n")
    messages = failing_build(docs, tmp_path, caplog)
    assert any(
        m.endswith("docs/.pages:3: nav: entry 'READMY.md' names no file or folder here (did you mean 'README.md'?)")
        for m in messages
    ), messages


def test_hostile_front_matter_renders_as_text(docs, tmp_path, caplog) -> None:
    edit(
        docs,
        G,
        "description: Routes every public request.",
        'description: "<script>alert(1)</script> | [x](javascript:alert(1))"',
    )
    site = build_site(tmp_path / "site", docs)
    for page in (site / CATALOG / "index.html", site / CATALOG / "api-gateway/index.html"):
        html = page.read_text().split("<article")[1].split("</article>")[0]
        assert "<script>alert(1)</script>" not in html
        assert 'href="javascript:' not in html
        # the text is all there, as text: only entity-decoding brings the characters back
        assert "<script>alert(1)</script> | [x](javascript:alert(1))" in html_module.unescape(html)
