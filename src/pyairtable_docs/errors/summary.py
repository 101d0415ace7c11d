"""The problem list of a build log as Markdown, for the summary of a pull request's CI job.

    python -m pyairtable_docs.errors.summary LOGFILE >> "$GITHUB_STEP_SUMMARY"

Reads the log of `mkdocs build --strict` (or `python3 dev.py build`) and writes one table per
file: line, code (linked to its entry on "Fixing build errors") and message. A build that passed
gets a one-line green summary; a build that stopped without naming a problem says so.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pyairtable_docs.core.codes import HELP_PAGE, SITE, help_url

LOGGED = re.compile(r"^(?P<level>WARNING|ERROR)\s+-\s+(?:[\w.]+: )?(?P<text>.+?)\s*$")
CODE_FIRST = re.compile(r"^(?P<code>[A-Z]{3}\d{3}) (?P<rest>.*)$")
HOW_TO_FIX = re.compile(r" \(how to fix: \S+\)$")
LOCATION = re.compile(r"^(?P<path>docs/[^:\s]+)(?::(?P<line>\d+))?: (?P<message>.*)$")
MKDOCS_DOC_FILE = re.compile(r"^Doc file '(?P<path>[^']+)' (?P<message>.*)$")  # MkDocs' own link warnings
BUILT = re.compile(r"^INFO\s+-\s+Documentation built in ", re.M)
PREFACE = re.compile(r"^Error reading page '[^']*':$")  # MkDocs' line before the error that stopped a page
OTHER = ""  # problems that name no file


@dataclass(frozen=True)
class LoggedProblem:
    path: str  # docs/..., or OTHER
    line: int | None
    code: str  # "" when the message has none (MkDocs' own warnings)
    message: str


def problems_in(log: str) -> list[LoggedProblem]:
    """The problems of a build log's WARNING and ERROR lines, in the order logged: one per line of an
    error that lists several, without MkDocs' "Error reading page" line before it."""
    found = []
    continued = False  # within an error of several lines (a PluginError lists one problem a line)
    for raw in log.splitlines():
        logged = LOGGED.match(raw)
        if logged:
            continued, text = logged.group("level") == "ERROR", logged.group("text")
        elif continued and CODE_FIRST.match(raw.strip()):
            text = raw.strip()
        else:
            continued = False
            continue
        if PREFACE.match(text):
            continue
        text = HOW_TO_FIX.sub("", text)
        code = ""
        if coded := CODE_FIRST.match(text):
            code, text = coded.group("code"), coded.group("rest")
        if located := LOCATION.match(text):
            line = located.group("line")
            found.append(LoggedProblem(located.group("path"), int(line) if line else None, code, located["message"]))
        elif doc_file := MKDOCS_DOC_FILE.match(text):
            found.append(LoggedProblem("docs/" + doc_file.group("path"), None, code, doc_file.group("message")))
        else:
            found.append(LoggedProblem(OTHER, None, code, text))
    return found


def cell(text: str) -> str:
    """Text for a table cell: HTML outside code spans shown as text, pipes escaped everywhere."""
    parts = text.split("`")
    for i in range(0, len(parts), 2):  # even parts are outside code spans
        parts[i] = parts[i].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts).replace("|", "\\|")


def summary(log: str) -> str:
    """The Markdown summary of one build log."""
    problems = problems_in(log)
    help_page = SITE + HELP_PAGE.removesuffix(".md") + "/"
    if not problems:
        if BUILT.search(log):
            return "### :white_check_mark: Docs build: no problems\n\nThe strict build passed.\n"
        return (
            "### :x: Docs build failed\n\nThe build stopped without naming a problem in a file: "
            "the job's log shows the error.\n"
        )
    files = {p.path for p in problems}
    lines = [
        f"### :x: Docs build: {len(problems)} problem(s) in {len(files)} file(s)",
        "",
        f"Each code links to its entry in [Fixing build errors]({help_page}).",
    ]
    for path in sorted(files, key=lambda p: (p == OTHER, p)):
        heading = f"#### `{path}`" if path else "#### Not in one file"
        lines += ["", heading, "", "| Line | Code | Problem |", "|---|---|---|"]
        for p in (p for p in problems if p.path == path):
            code = f"[{p.code}]({help_url(p.code)})" if p.code else ""
            lines.append(f"| {p.line or ''} | {code} | {cell(p.message)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m pyairtable_docs.errors.summary LOGFILE\n")
        return 2
    sys.stdout.write(summary(Path(argv[0]).read_text(encoding="utf-8", errors="replace")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
