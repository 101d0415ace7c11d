"""Reading the fields of one page's front matter, one Problem per bad field.

Shared by the service catalog, the decision records and the runbooks, so that all say the
same thing, the same way, with the same code (FMT, core/codes.py), about the same kind of
mistake. A check of one capability's own rule passes its family's code to ``problem``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pyairtable_docs.core.frontmatter import Document, FrontMatterError, split_front_matter
from pyairtable_docs.core.problems import Problem, did_you_mean, one_of


def read_document(text: str, display: str, kind: str) -> tuple[Document | None, list[Problem]]:
    """The page split into front matter and body, or the one problem that prevents it."""
    try:
        document = split_front_matter(text)
    except FrontMatterError as error:
        return None, [Problem(display, "", str(error), code="FMT002")]
    if document.meta is None:
        message = f"{kind} must start with YAML front matter (see the templates in TOOLS/templates)"
        return None, [Problem(display, "", message, code="FMT003")]
    return document, []


class FieldReader:
    """Typed access to front-matter fields; every refusal is recorded in ``problems``."""

    def __init__(self, display: str, document: Document) -> None:
        self.display = display
        self.meta: Mapping[str, Any] = document.meta or {}
        self.lines = document.key_lines
        self.problems: list[Problem] = []

    def problem(self, field: str, message: str, code: str = "") -> None:
        self.problems.append(Problem(self.display, field, message, self.lines.get(field), code))

    def refuse_unknown(self, known: Sequence[str], allowed_extra: Iterable[str], what: str) -> None:
        allowed = set(known) | set(allowed_extra)
        for key in self.meta:
            if str(key) not in allowed:
                self.problem(str(key), f"is not {what}" + did_you_mean(str(key), known), "FMT004")

    def text(self, field: str, required: bool = True) -> str:
        value = self.meta.get(field)
        if value is None:
            if required:
                self.problem(field, "is required", "FMT005")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(field, f"must be a non-empty text; got {value!r}", "FMT006")
            return ""
        return value.strip()

    def choice(self, field: str, allowed: Sequence[str]) -> str:
        value = self.text(field)
        if value and value not in allowed:
            self.problem(field, one_of(value, allowed), "FMT007")
            return ""
        return value

    def word_list(self, field: str, required: bool = False) -> tuple[str, ...]:
        value = self.meta.get(field)
        if value is None:
            if required:
                self.problem(field, "is required", "FMT005")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(field, f"must be a list of names; got {value!r}", "FMT006")
            return ()
        return tuple(v.strip() for v in value)
