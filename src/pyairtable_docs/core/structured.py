"""YAML data files checked against a JSON Schema, with problems an author can act on.

The alert rules and the teams file are lists of named items (an alert, a team). A schema
error is reported with the file's line, the item's name ("alert GatewayHigh5xxRate",
"team data-team") and the field, in words rather than JSON Schema's. Pure: no MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from pyairtable_docs.core.problems import Problem, did_you_mean, one_of

DURATION_HINT = "a Prometheus duration such as 30s, 5m or 1h30m"


@dataclass(frozen=True)
class ItemShape:
    """Where the named items of a file are: ``("groups", "rules")`` means data.groups[i].rules[j]."""

    lists: tuple[str, ...]
    name_key: str  # the field holding an item's name
    named: str  # label of an item with a name: "{name}" is filled in
    unnamed: str  # label of an item without one: "{number}" (1-based) and "{parent}" are filled in

    @property
    def depth(self) -> int:
        return 2 * len(self.lists)

    def split(self, path: tuple[Any, ...]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """(the path of the item, the path inside it), or ((), path) outside any item."""
        head = path[: self.depth]
        if len(head) == self.depth and all(head[2 * i] == key for i, key in enumerate(self.lists)):
            return head, path[self.depth :]
        return (), path

    def label(self, data: Any, item_path: tuple[Any, ...]) -> str:
        item = _at(data, item_path)
        name = item.get(self.name_key) if isinstance(item, dict) else None
        if isinstance(name, str) and name:
            return self.named.format(name=name)
        parent = item_path[-3] + 1 if len(item_path) >= 3 else 1
        return self.unnamed.format(number=item_path[-1] + 1, parent=parent)


def node_lines(text: str) -> dict[tuple[Any, ...], int]:
    """The 1-based line of every mapping value and sequence item, by its path in the data."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, key.value)
                walk(value, child)
                lines[child] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    if root is not None:
        walk(root, ())
    return lines


def schema_problems(
    data: Any, schema: Mapping[str, Any], display: str, lines: Mapping[tuple[Any, ...], int], item: ItemShape
) -> tuple[list[Problem], set[tuple[Any, ...] | None]]:
    """Every way ``data`` breaks ``schema``, one Problem each, and the items they affect
    (by path; None when the file's own shape is wrong)."""
    from jsonschema import Draft202012Validator

    problems, broken = [], set()
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        path = tuple(error.absolute_path)
        item_path, inner = item.split(path)
        who = item.label(data, item_path) if item_path else ""
        broken.add(item_path or None)
        field, message, code = explain(error, inner)
        label = ": ".join(part for part in (who, field) if part)
        named_key = (*path, field.rsplit(".", 1)[-1]) if error.validator == "additionalProperties" else path
        problems.append(Problem(display, label, message, lines.get(named_key) or _nearest_line(path, lines), code))
    return problems, broken


def _at(data: Any, path: Sequence[Any]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _nearest_line(path: tuple[Any, ...], lines: Mapping[tuple[Any, ...], int]) -> int | None:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def explain(error: Any, inner: tuple[Any, ...]) -> tuple[str, str, str]:
    """(the field, what is wrong with it, its code) for one JSON Schema error: the same codes
    as a front-matter field's (core/fields.py), for the same kinds of mistake."""
    field = ".".join(str(p) for p in inner)
    keyword, value = error.validator, error.instance
    if keyword == "required":
        missing = [name for name in error.validator_value if not isinstance(value, dict) or name not in value]
        return ".".join(filter(None, (field, missing[0] if missing else ""))), "is required", "FMT005"
    if keyword == "additionalProperties":
        allowed = list((error.schema.get("properties") or {}).keys())
        extra = [k for k in value if k not in allowed] if isinstance(value, dict) else []
        name = str(extra[0]) if extra else "?"
        return ".".join(filter(None, (field, name))), "is not a known field" + did_you_mean(name, allowed), "FMT004"
    if keyword == "enum":
        return field, one_of(value, [str(v) for v in error.validator_value]), "FMT007"
    if keyword == "pattern":
        return field, f"{_pattern_hint(inner, error.schema)}; got {value!r}", "FMT006"
    if keyword == "type":
        return field, f"must be {_a(error.validator_value)}; got {value!r}", "FMT006"
    if keyword in ("minItems", "minLength"):
        return field, "must not be empty", "FMT006"
    return field, error.message, "FMT006"


def _pattern_hint(inner: tuple[Any, ...], schema: Mapping[str, Any]) -> str:
    last = inner[-1] if inner else ""
    if last == "alert":
        return "must be UpperCamelCase letters and digits (e.g. GatewayHigh5xxRate)"
    if last in ("for", "keep_firing_for", "interval"):
        return f"must be {DURATION_HINT}"
    if last == "runbook_url":
        return "must be an absolute URL (Alertmanager shows it as a link)"
    description = schema.get("description")
    return f"must match {schema.get('pattern')}" + (f" ({description})" if description else "")


def _a(kind: Any) -> str:
    names = {
        "object": "a mapping",
        "array": "a list",
        "string": "a text",
        "integer": "a whole number",
        "boolean": "true or false",
    }
    return names.get(kind, f"of type {kind}") if isinstance(kind, str) else "of another type"
