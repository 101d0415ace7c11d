"""Edits of an author's YAML that change one value or add one list item, keeping every other byte.

authoring/ is what the authors' commands write, pure: text in, text out (cli.py reads and
writes the files), and Refusal is how its functions say no.

Line ends (LF or CRLF), comments, key order, quoting and indentation stay. The value to change
is found through YAML's own node positions, so a key inside a comment or a block text is never
taken for it.
"""

from __future__ import annotations

import json
import re

import yaml


class Refusal(ValueError):
    """A command that cannot be carried out as asked: one line the author can act on, raised
    before anything is written."""


FRONT_MATTER = re.compile(r"\A\ufeff?-{3}[ \t]*\r?\n(.*?\r?\n)(?:\.{3}|-{3})[ \t]*(?:\r?\n|\Z)", re.S)


def set_front_matter_value(text: str, key: str, value: str) -> str:
    """``text`` with the top-level front-matter ``key`` set to the plain word ``value``."""
    match = FRONT_MATTER.match(text)
    if match is None:
        raise Refusal("has no YAML front matter")
    start, end = _scalar_span(match.group(1), key)
    offset = match.start(1)
    return text[: offset + start] + value + text[offset + end :]


def _value_node(source: str, key: str, not_yaml: str) -> yaml.Node | None:
    """The node of top-level ``key``'s value in the YAML mapping ``source`` (None without one)."""
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        raise Refusal(not_yaml) from None
    pairs = node.value if isinstance(node, yaml.MappingNode) else []
    values = [v for k, v in pairs if isinstance(k, yaml.ScalarNode) and k.value == key]
    return values[-1] if values else None  # YAML keeps the last of repeated keys


def _scalar_span(source: str, key: str) -> tuple[int, int]:
    """Where the text of ``key``'s value stands in ``source`` (inside its quotes, if quoted)."""
    found = _value_node(source, key, "has front matter that is not valid YAML")
    if found is None:
        raise Refusal(f"has no `{key}:` line in its front matter")
    if not isinstance(found, yaml.ScalarNode) or found.style in ("|", ">") or "\n" in found.value:
        raise Refusal(f"has a `{key}:` that is not a one-word value")
    start, end = found.start_mark.index, found.end_mark.index
    if found.style in ("'", '"'):
        start, end = start + 1, end - 1
    return start, end


def line_end(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar on one line: plain where YAML reads it back unchanged, else quoted."""
    plain_ok = value == value.strip() and not re.search(r"[\r\n]|: | #|^[-?:,\[\]{}#&*!|>'\"%@`]", value)
    if plain_ok:
        try:
            plain_ok = yaml.safe_load(f"k: {value}") == {"k": value}
        except yaml.YAMLError:
            plain_ok = False
    return value if plain_ok else json.dumps(value, ensure_ascii=False)


def append_list_item(text: str, key: str, fields: list[tuple[str, str]]) -> str:
    """``text`` (a YAML mapping) with one more mapping at the end of the block list under ``key``,
    indented as its last item is; every byte before and after it kept."""
    items = _value_node(text, key, "is not valid YAML")
    if not isinstance(items, yaml.SequenceNode) or items.flow_style or not items.value:
        raise Refusal(f"has no block list under `{key}:` to add to")
    last = items.value[-1]
    if not isinstance(last, yaml.MappingNode) or last.flow_style or not last.value:
        raise Refusal(f"has a `{key}:` list whose items are not `field: value` blocks")
    dash_line = text.rfind("\n", 0, last.start_mark.index) + 1
    dash = text[dash_line : last.start_mark.index]  # e.g. "  - "
    indent = " " * len(dash)
    eol = line_end(text)
    lines = [f"{dash if i == 0 else indent}{name}: {yaml_scalar(value)}" for i, (name, value) in enumerate(fields)]
    block = eol.join(lines) + eol
    end_node = last
    while isinstance(end_node, (yaml.MappingNode, yaml.SequenceNode)) and end_node.value:
        end_node = end_node.value[-1][1] if isinstance(end_node, yaml.MappingNode) else end_node.value[-1]
    end = end_node.end_mark.index  # just after the last value of the last item (a block ends past comments)
    if text[end - 1 : end] == "\n":  # a block scalar ends after its line break
        updated = text[:end] + block + text[end:]
    elif (line_break := text.find("\n", end)) == -1:
        updated = text + eol + block
    else:
        updated = text[: line_break + 1] + block + text[line_break + 1 :]
    data = yaml.safe_load(updated)
    if not dash.strip().startswith("-") or data.get(key, [])[-1:] != [dict(fields)]:
        raise Refusal(f"has a `{key}:` list laid out in a way this command cannot add to; add the entry by hand")
    return updated
