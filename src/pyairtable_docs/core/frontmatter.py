"""Front matter of a Markdown page: split it off and load it safely.

The split follows MkDocs' own rule (``mkdocs.utils.meta``), so a page's metadata is
what MkDocs itself would see. Loading is YAML's safe subset without aliases: no
object construction, and no ``*alias`` expansion that could blow up memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


class FrontMatterError(ValueError):
    """The front matter is present but is not a YAML mapping we can read."""


# libyaml's parser where PyYAML was built with it: the C parser reads a page's front
# matter about ten times faster, and every page of a large hub has one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SafeLoaderWithoutAliases(_BaseLoader):  # type: ignore[misc, valid-type]
    def construct_object(self, node, deep=False):  # type: ignore[no-untyped-def]
        # PyYAML's own constructors raise bare Python errors on values such as
        # `!!int abc`, `!!timestamp 2024-02-30` or a 5000-digit number: name the line.
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            text = node.value if isinstance(node, yaml.ScalarNode) else ""
            shown = repr(text[:40]) + ("..." if len(text) > 40 else "")
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown} is not a valid {node.tag.rsplit(':', 1)[-1]}", node.start_mark
            ) from None


# Dates stay text: fields are checked one by one, so a bad date such as 2024-02-30
# becomes a message about that field instead of an exception from the YAML loader.
SafeLoaderWithoutAliases.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _refuse_aliases(source: str) -> None:
    for event in yaml.parse(source, Loader=SafeLoaderWithoutAliases):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)


def _load(source: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree and its value, read once."""
    _refuse_aliases(source)
    loader = SafeLoaderWithoutAliases(source)
    try:
        node = loader.get_single_node()
        return node, (None if node is None else loader.construct_document(node))
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Document:
    meta: dict[str, Any] | None  # None when the page has no front matter at all
    body: str
    # 1-based line of the page where each top-level key of the front matter stands
    key_lines: dict[str, int] = field(default_factory=dict)


def split_front_matter(text: str) -> Document:
    """Split ``text`` into its front matter and its Markdown body.

    Raises FrontMatterError, with the line number in the page, when the front matter
    is not valid YAML or not a mapping.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    if not match:
        return Document(meta=None, body=text)
    source = match.group(1)
    try:
        node, meta = _load(source)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 2}" if mark else "front matter"
        if "nesting depth" in str(error.problem):  # libyaml's guard; pure PyYAML hits RecursionError
            raise FrontMatterError(f"front matter is nested too deeply to read ({where})") from None
        raise FrontMatterError(f"front matter is not valid YAML ({where}): {error.problem}") from None
    except yaml.YAMLError as error:
        first_line = str(error).partition("\n")[0]
        raise FrontMatterError(f"front matter is not valid YAML: {first_line}") from None
    except RecursionError:
        raise FrontMatterError("front matter is nested too deeply to read") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a mapping of `field: value` lines")
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        key_lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    return Document(meta=meta, body=text[match.end() :], key_lines=key_lines)
