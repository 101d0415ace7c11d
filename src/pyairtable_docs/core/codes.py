"""Error codes: every kind of problem the checks report has one, documented with a bad example.

A code is three upper-case letters naming the family (CAT for the catalog, ADR for decisions, ...)
and three digits. Codes are never renumbered or reused: an author who searches for one finds the
same meaning in every version of the hub. Each capability lists its codes in its own ``codes.py``
(``CODES``); the page "Fixing build errors" is generated from all of them (pyairtable_docs.errors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SITE = "https://pyairtable.github.io/pyairtable-docs/"  # mkdocs.yml site_url (a test keeps them equal)
HELP_PAGE = "GUIDES/developer-guide/fixing-build-errors.md"  # the generated page, docs-relative
CODE = re.compile(r"^[A-Z]{3}\d{3}$")


def help_url(code: str) -> str:
    """The published entry that explains ``code``: its anchor is the code in lower case."""
    return f"{SITE}{HELP_PAGE.removesuffix('.md')}/#{code.lower()}"


def coded(code: str, text: str) -> str:
    """A problem message that is not a Problem, in the same form: code first, link to the fix last."""
    return f"{code} {text} (how to fix: {help_url(code)})" if code else text


@dataclass(frozen=True)
class Example:
    """A file that produces the problem when put on top of the real docs folder.

    Without ``replaces`` it is a whole new file at ``path`` (docs-relative). With it, the example
    edits an existing file: the text ``replaces`` (which occurs once there) becomes ``text``.
    ``shown`` replaces ``text`` on the help page where the text itself may not appear there
    (a secret-shaped string would trip the site's own secret scan).
    """

    path: str
    text: str
    replaces: str = ""
    shown: str = ""
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Code:
    code: str
    meaning: str  # one sentence: what is wrong
    fix: str  # Markdown: what to do about it
    examples: tuple[Example, ...]
    via: str = "check"  # "check": `pyairtable-docs check` reports it too; "build": only the site build
    alone: bool = False  # its example edits a shared file or stops the build, so it is tried on its own

    def __post_init__(self) -> None:
        if not CODE.match(self.code):
            raise ValueError(f"{self.code!r} is not a code (three upper-case letters, three digits)")
        if self.via not in ("check", "build"):
            raise ValueError(f"{self.code}: via must be 'check' or 'build'; got {self.via!r}")


# The core family: input the shared readers cannot take (pyairtable_docs.core).
CODES: tuple[Code, ...] = (
    Code(
        "FMT001",
        "A page is not UTF-8 text, or cannot be read.",
        "Save the file as UTF-8 (without a byte-order mark is best). Editors show the encoding in the status bar; "
        "`iconv -f LATIN1 -t UTF-8 old.md > new.md` converts a Latin-1 file.",
        (Example("ARCHITECTURE/service-catalog/example-latin1.md", "# Caf\xe9 service\n", encoding="latin-1"),),
        alone=True,
    ),
)
