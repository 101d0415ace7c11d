"""Backstage's own validation (the pinned @backstage/catalog-model, run by Node) of catalog entities.

Valid entities of each kind the hub emits pass; invalid ones come back with Backstage's message.
These run Node, so they are build-tier tests; without Node they skip, except in CI.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, skip_or_fail
from pyairtable_docs.exports.backstage_validation import find_node, is_available, validate_entities

pytestmark = pytest.mark.build

API_VERSION = "backstage.io/v1alpha1"


@pytest.fixture(scope="module")
def node() -> str:
    found = find_node()
    if found is None:
        skip_or_fail("Backstage validation needs Node (node on PATH or beside the venv's Python)")
    return found


def entity(kind: str, name: str, spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    return {"apiVersion": API_VERSION, "kind": kind, "metadata": {"name": name, **metadata}, "spec": spec}


COMPONENT = entity(
    "Component",
    "auth-service",
    {
        "type": "service",
        "lifecycle": "production",
        "owner": "group:default/identity-team",
        "system": "pyairtable",
        "dependsOn": ["component:api-gateway", "resource:postgres"],
        "providesApis": ["auth-api"],
        "consumesApis": ["public-rest-api"],
    },
    title="Auth Service",
    description="Issues tokens.",
    annotations={"backstage.io/techdocs-ref": "url:https://docs.example.com/auth-service/"},
    tags=["auth"],
)
VALID = [
    ("component.yaml", COMPONENT),
    ("system.yaml", entity("System", "pyairtable", {"owner": "group:platform-team"})),
    ("group.yaml", entity("Group", "identity-team", {"type": "team", "children": []})),
    ("resource.yaml", entity("Resource", "postgres", {"type": "database", "owner": "group:platform-team"})),
    (
        "api.yaml",
        entity(
            "API",
            "auth-api",
            {
                "type": "openapi",
                "lifecycle": "production",
                "owner": "group:identity-team",
                "definition": "openapi: 3.1.0\ninfo:\n  title: Auth\n  version: '1'\npaths: {}\n",
            },
        ),
    ),
    ("location.yaml", entity("Location", "hub", {"targets": ["./component.yaml", "./system.yaml"]})),
]


def component(**changes: Any) -> dict[str, Any]:
    """The valid component with top-level fields replaced (a value of None removes the field)."""
    changed = copy.deepcopy(COMPONENT)
    for key, value in changes.items():
        if value is None:
            changed.pop(key)
        else:
            changed[key] = value
    return changed


def test_valid_entities_of_every_kind_pass(node: str) -> None:
    assert validate_entities(VALID, REPO, node) == []


def test_invalid_entities_come_back_with_backstages_messages_in_input_order(node: str) -> None:
    no_owner = component(spec={k: v for k, v in COMPONENT["spec"].items() if k != "owner"})
    spaced = component(metadata={"name": "auth service"})
    too_long = component(metadata={"name": "a" * 64})
    unknown_kind = component(kind="Widget")
    foreign_root = component(owner="identity-team")
    status_root = component(status={"items": []})  # in the envelope's schema, yet no root field of an entity
    problems = validate_entities(
        [
            ("no-owner.yaml", no_owner),
            ("fine.yaml", COMPONENT),
            ("spaced.yaml", spaced),
            ("too-long.yaml", too_long),
            ("unknown-kind.yaml", unknown_kind),
            ("foreign-root.yaml", foreign_root),
            ("status-root.yaml", status_root),
        ],
        REPO,
        node,
    )
    assert [file for file, _ in problems] == [
        "no-owner.yaml",
        "spaced.yaml",
        "too-long.yaml",
        "unknown-kind.yaml",
        "foreign-root.yaml",
        "status-root.yaml",
    ]
    messages = dict(problems)
    assert "/spec must have required property 'owner'" in messages["no-owner.yaml"]
    assert '"metadata.name" is not valid' in messages["spaced.yaml"]
    assert 'but found "auth service"' in messages["spaced.yaml"]
    assert "at most 63 characters" in messages["too-long.yaml"]
    assert messages["unknown-kind.yaml"].startswith("No processor recognized the entity widget:default/auth-service")
    # The catalog checks the envelope's schema before it looks for foreign root fields, so most
    # foreign fields fail there, without their name; `status` passes the schema and is named.
    assert messages["foreign-root.yaml"] == "Malformed envelope, <root> must NOT have additional properties"
    assert messages["status-root.yaml"] == "Unknown field status"


def test_a_missing_npm_package_raises_naming_its_path(node: str, tmp_path: Path) -> None:
    assert is_available(REPO)
    assert not is_available(tmp_path)
    with pytest.raises(RuntimeError) as raised:
        validate_entities(VALID, tmp_path, node)
    assert str(tmp_path / "node_modules" / "@backstage" / "catalog-model") in str(raised.value)


def test_missing_node_raises_naming_it(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="needs Node"):
        validate_entities(VALID, REPO, str(tmp_path / "no-node"))
