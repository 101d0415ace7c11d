"""The review schedule page and the line each reviewed page shows, as Markdown. Pure."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Sequence

from pyairtable_docs.core.markup import md_text
from pyairtable_docs.reviews.records import GRACE, Review

STATUS_TEXT = {"current": "current", "due": "due (in grace period)", "overdue": "overdue"}


def render_schedule(reviews: Sequence[Review], today: dt.date | None, page: str, guide: str | None) -> str:
    out = [
        "# Review schedule",
        "",
        "Runbooks and security pages are re-read on a schedule, so that a procedure followed at 3 a.m. "
        "or a policy shown to an auditor is still true. Each such page says when it was last reviewed "
        "(`last_reviewed`) and how often it must be (`review_every`).",
        "",
    ]
    if today is None:
        out += [
            "Due dates are listed, but not compared with today: this build has neither "
            "`SOURCE_DATE_EPOCH` nor a git commit to take today's date from.",
            "",
        ]
    else:
        out += [
            f"Today, for this build, is **{today}**: the date of the commit it was built from (or "
            f"`SOURCE_DATE_EPOCH`), never the clock, so the same commit always gives the same page. A page "
            f"past its due date is *due*; more than {GRACE.days} days past it, it is *overdue* and the "
            "build fails until someone reviews it.",
            "",
        ]
    if guide:
        link = posixpath.relpath(guide, posixpath.dirname(page))
        out += [f"How to mark a review: [writing these docs]({link}#marking-a-review).", ""]
    out += ["| Page | Last reviewed | Every | Due | Status |", "|---|---|---|---|---|"]
    for review in sorted(reviews, key=lambda r: (r.due, r.path)):
        link = posixpath.relpath(review.path, posixpath.dirname(page))
        status = STATUS_TEXT[review.status(today)] if today else "—"
        out.append(
            f"| [{md_text(review.title)}]({link}) | {review.last_reviewed} | {review.every_text} | "
            f"{review.due} | {status} |"
        )
    return "\n".join(out) + "\n"


def review_line(review: Review, today: dt.date | None) -> str:
    status = f" · **{STATUS_TEXT[review.status(today)]}**" if today and review.status(today) != "current" else ""
    return (
        f'<p class="hub-review" markdown>Last reviewed {review.last_reviewed} · reviewed every '
        f"{review.every_text} · next review due {review.due}{status}</p>\n"
    )
