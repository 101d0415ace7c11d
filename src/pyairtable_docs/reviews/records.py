"""Review dates: pages that must be re-read on a schedule, and when each is due.

Runbooks and SECURITY pages carry ``last_reviewed`` (a date) and ``review_every`` (days or
weeks: ``90d``, ``12w``); any other page may. "Today" is given by the caller (the build
takes SOURCE_DATE_EPOCH or the commit date, never the wall clock), so a build of one commit
always says the same. A page past its due date is listed; past the grace period it is a
problem. Pure: nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyairtable_docs.core.frontmatter import FrontMatterError, split_front_matter
from pyairtable_docs.core.problems import Problem

GRACE = dt.timedelta(days=30)
INTERVAL = re.compile(r"^([1-9][0-9]{0,3})([dw])$")
SECURITY = "SECURITY/"
RUNBOOKS = "GUIDES/operations-guide/runbooks/"
FIELDS = ("last_reviewed", "review_every")


@dataclass(frozen=True)
class Review:
    path: str
    title: str
    last_reviewed: dt.date
    every: dt.timedelta
    every_text: str  # as written, e.g. "90d"

    @property
    def due(self) -> dt.date:
        return self.last_reviewed + self.every

    def status(self, today: dt.date) -> str:
        """ "current", "due" (past due, within the grace period) or "overdue"."""
        if today <= self.due:
            return "current"
        return "due" if today <= self.due + GRACE else "overdue"


def must_be_reviewed(src_uri: str) -> bool:
    """Every SECURITY page, and every runbook (not the runbooks' index)."""
    if not src_uri.endswith(".md"):
        return False
    return src_uri.startswith(SECURITY) or (src_uri.startswith(RUNBOOKS) and src_uri != RUNBOOKS + "README.md")


def parse_review(
    src: str, title: str, meta: Mapping[str, Any], key_lines: Mapping[str, int], display: str
) -> tuple[Review | None, list[Problem]]:
    """The page's review dates; a page that must be reviewed and lacks them is a problem."""
    required = must_be_reviewed(src)
    if not required and not any(f in meta for f in FIELDS):
        return None, []
    problems = []
    last, every = meta.get("last_reviewed"), meta.get("review_every")
    why = (
        " (runbooks and SECURITY pages are reviewed on a schedule)" if required else " (beside the other review field)"
    )
    if last is None:
        problems.append(
            Problem(display, "last_reviewed", "is required" + why, key_lines.get("last_reviewed"), "REV001")
        )
    elif not isinstance(last, dt.date) or isinstance(last, dt.datetime):
        try:
            last = dt.date.fromisoformat(str(last))
        except ValueError:
            message = f"must be a date written YYYY-MM-DD; got {last!r}"
            problems.append(Problem(display, "last_reviewed", message, key_lines.get("last_reviewed"), "REV002"))
            last = None
    if every is None:
        problems.append(Problem(display, "review_every", "is required" + why, key_lines.get("review_every"), "REV001"))
    elif not INTERVAL.match(str(every)):
        message = f"must be a number of days or weeks, such as 90d or 12w; got {every!r}"
        problems.append(Problem(display, "review_every", message, key_lines.get("review_every"), "REV003"))
        every = None
    if problems or last is None or every is None:
        return None, problems
    count, unit = INTERVAL.match(str(every)).groups()  # type: ignore[union-attr]
    days = int(count) * (7 if unit == "w" else 1)
    return Review(src, title, last, dt.timedelta(days=days), str(every)), []


def review_problems(reviews: list[Review], today: dt.date, display: Mapping[str, str]) -> list[Problem]:
    """Overdue past the grace period, or reviewed in the future: one problem each."""
    problems = []
    for review in reviews:
        shown = display.get(review.path, review.path)
        if review.last_reviewed > today:
            message = f"{review.last_reviewed} is after today ({today}, the commit's date)"
            problems.append(Problem(shown, "last_reviewed", message, code="REV004"))
        elif review.status(today) == "overdue":
            late = (today - review.due).days
            problems.append(
                Problem(
                    shown,
                    "last_reviewed",
                    f"review overdue: due {review.due} (every {review.every_text}), {late} days ago, past the "
                    f"{GRACE.days}-day grace period; review the page and set last_reviewed to the day you did",
                    code="REV005",
                )
            )
    return problems


def today_for_build(source_date_epoch: str | None, folder: Path) -> tuple[dt.date | None, str]:
    """ "Today" of a build: SOURCE_DATE_EPOCH where set, else the committer date of the commit
    checked out in ``folder``; never the clock. (None, why) when neither gives a date."""
    epoch = source_date_epoch
    if epoch is None:
        try:
            done = subprocess.run(
                ["git", "log", "-1", "--format=%ct"],
                cwd=folder,
                capture_output=True,
                text=True,
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None, "git is not available"
        epoch = done.stdout.strip() if done.returncode == 0 else ""
        if not epoch:
            return None, "the docs are not in a git checkout and SOURCE_DATE_EPOCH is not set"
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date(), ""
    except ValueError:
        return None, f"SOURCE_DATE_EPOCH must be a whole number of seconds; got {epoch!r}"


def collect_reviews(pages: Mapping[str, str], display: Mapping[str, str]) -> tuple[list[Review], list[Problem]]:
    """The review dates of ``pages`` (docs-relative path -> Markdown), and the problems in them.
    A page whose front matter cannot be read is left to the hook that reports it."""
    from pyairtable_docs.adr.records import first_heading  # the title, as the ADR log reads it

    reviews, problems = [], []
    for src, text in sorted(pages.items()):
        try:
            document = split_front_matter(text)
        except FrontMatterError:
            continue
        title = first_heading(document.body)[0] or src
        review, found = parse_review(src, title, document.meta or {}, document.key_lines, display.get(src, src))
        problems += found
        reviews += [review] if review else []
    return reviews, problems
