"""A problem found in an author's file: what the build reports, one line each."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from pyairtable_docs.core.codes import coded


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # the file, as the author knows it (e.g. docs/ARCHITECTURE/...md)
    field: str  # the front-matter field, or "" for the file as a whole
    message: str
    line: int | None = None
    code: str = ""  # e.g. CAT003: documented, with a bad example and the fix, in pyairtable_docs.core.codes

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        # One line per problem, whatever the author's file names and keys hold.
        return coded(self.code, "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def one_of(value: object, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    return f"must be one of {', '.join(allowed)}; got {value!r}" + (
        did_you_mean(value, allowed) if isinstance(value, str) else ""
    )
