"""Codes for MkDocs' own warnings, so that a broken link reads like every other problem.

MkDocs checks links and anchors itself (``validation`` in mkdocs.yml) and words its warnings
``Doc file 'PAGE' contains a link ...``; it also drops a README.md that has an index.md beside
it, with a warning of its own. These patterns recognise those sentences (MkDocs 1.6);
tests/test_error_codes.py builds a page with each mistake, so a reworded MkDocs fails there.
"""

from __future__ import annotations

import re

from pyairtable_docs.core.codes import coded

DOC_FILE = re.compile(r"^Doc file '(?P<src>[^']+)' contains (?P<rest>.*)$", re.S)
NO_ANCHOR = r"(?:the doc '[^']*' does not contain an anchor|there is no such anchor)"
KINDS = (
    ("LNK001", re.compile(r"^a link '[^']*', but the target .* is not found among documentation files\.")),
    (
        "LNK002",
        re.compile(r"^a link '[^']*', but (the doc '[^']*' does not contain an anchor|there is no such anchor)"),
    ),
    ("LNK003", re.compile(r"^an absolute link ")),
    ("LNK004", re.compile(r"^an unrecognized relative link ")),
)


def coded_link_warning(message: str, docs_name: str) -> str | None:
    """The warning with its code, the page as the author knows it (docs/...) and the link to the fix;
    None for any other message."""
    found = DOC_FILE.match(message)
    if found is None:
        return None
    for code, kind in KINDS:
        if kind.match(found["rest"]):
            return coded(code, f"{docs_name}/{found['src']}: contains {found['rest']}")
    return None


INDEX_CONFLICT = re.compile(r"^Excluding '(?P<src>[^']+)' from the site because it conflicts with '(?P<kept>[^']+)'\.$")


def coded_files_warning(message: str, docs_name: str) -> str | None:
    """MkDocs' warning about a README.md beside an index.md, worded as a problem of the README; None
    for any other message."""
    found = INDEX_CONFLICT.match(message)
    if found is None:
        return None
    kept = found["kept"].rsplit("/", 1)[-1]
    return coded(
        "NAV006",
        f"{docs_name}/{found['src']}: is left out of the site: {kept} beside it is the folder's index page too, "
        f"and MkDocs publishes {kept}",
    )
