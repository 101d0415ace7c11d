"""Values from the contracts, embedded in prose instead of copied: ``{{ FILE#POINTER }}``.

A page writes ``{{ SCHEMAS/events/kafka-topics.json#/topics/schedule.fired/retention }}``
and the build puts the contract's value there, so a number the contract holds (a retention,
a TTL, a limit) cannot drift from it. FILE is docs-relative; POINTER is a JSON Pointer
(RFC 6901) in which a list item may also be chosen by its ``name``, ``type``, ``pattern``,
``alert`` or ``operationId`` instead of its index. Only a scalar can be embedded. Code
(fenced blocks and code spans) shows an embed as written.
Pure: the caller passes a function that loads a contract file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import Any

EMBED = re.compile(r"\{\{\s*(SCHEMAS/[^\s#{}]+)#(/\S*?)\s*\}\}")
# Code shows an embed as written (so pages can document the syntax): fenced blocks, code spans.
CODE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$|`+[^`\n]*`+", re.M | re.S)
ITEM_KEYS = ("name", "type", "pattern", "alert", "operationId")
MISSING = object()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def render_embeds(markdown: str, load: Callable[[str], Any]) -> tuple[str, list[tuple[int, str, str]]]:
    """``markdown`` with each embed replaced by its value; (line, code, message) for each that fails.

    ``load(path)`` returns the parsed contract, or MISSING when there is no such file. A
    failing embed stays as written, so the page still shows the author's text.
    """
    problems: list[tuple[int, str, str]] = []

    def value_of(match: re.Match[str]) -> str:
        line = markdown.count("\n", 0, match.start()) + 1
        path, pointer = match.groups()
        document = load(path)
        if document is MISSING:
            problems.append((line, "DRF005", f"embed {match.group(0)}: no contract file {path}"))
            return match.group(0)
        value, code, error = resolve(document, pointer)
        if error:
            problems.append((line, code, f"embed {match.group(0)}: {error}"))
            return match.group(0)
        return scalar_text(value)

    pieces, start = [], 0
    for code in CODE.finditer(markdown):
        pieces += [EMBED.sub(value_of, markdown[start : code.start()]), code.group(0)]
        start = code.end()
    pieces.append(EMBED.sub(value_of, markdown[start:]))
    return "".join(pieces), problems


def resolve(document: Any, pointer: str) -> tuple[Any, str, str]:
    """The value at ``pointer``, or the code and an error naming the step that failed and the nearest choice."""
    node, walked = document, ""
    for raw in pointer.split("/")[1:]:
        step = raw.replace("~1", "/").replace("~0", "~")
        walked += "/" + raw
        if isinstance(node, dict):
            if step not in node:
                return None, "DRF006", f"{walked} is not in the contract{did_you_mean(step, map(str, node))}"
            node = node[step]
        elif isinstance(node, list):
            found = _item(node, step)
            if found is MISSING:
                labels = [
                    str(item.get(key)) for item in node if isinstance(item, dict) for key in ITEM_KEYS if key in item
                ]
                return None, "DRF006", f"{walked}: no list item with that index or name{did_you_mean(step, labels)}"
            node = found
        else:
            return (
                None,
                "DRF006",
                f"{walked}: {walked.rsplit('/', 1)[0] or '/'} is a single value, not a mapping or list",
            )
    if isinstance(node, dict | list):
        return None, "DRF007", f"{pointer} is a {'mapping' if isinstance(node, dict) else 'list'}; embed a single value"
    return node, "", ""


def _item(items: list[Any], step: str) -> Any:
    if step.isdigit() and int(step) < len(items):
        return items[int(step)]
    for item in items:
        if isinstance(item, dict) and any(str(item.get(key)) == step for key in ITEM_KEYS if key in item):
            return item
    return MISSING


def scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)
