"""Codes of the review dates' problems (reviews/records.py), each with a SECURITY page that
causes it. Never renumber or reuse."""

from __future__ import annotations

from pyairtable_docs.core.codes import Code, Example


def security_page(name: str, front_matter: str) -> Example:
    body = "# Key rotation\n\nThe signing keys of auth-service are rotated every 90 days.\n"
    return Example(f"SECURITY/{name}.md", f"---\n{front_matter}---\n\n{body}" if front_matter else body)


CODES: tuple[Code, ...] = (
    Code(
        "REV001",
        "A page that is reviewed on a schedule (every runbook and SECURITY page, or any page with one of the "
        "two fields) lacks `last_reviewed` or `review_every`.",
        "Add both to the front matter: `last_reviewed: YYYY-MM-DD`, the day the page was last checked against "
        "reality, and `review_every: 90d` (days, or weeks such as `12w`).",
        (security_page("example-bad-unreviewed", ""),),
    ),
    Code(
        "REV002",
        "`last_reviewed` is not a date written YYYY-MM-DD.",
        "Write the date as year-month-day with two-digit month and day: `last_reviewed: 2026-03-05`.",
        (security_page("example-bad-review-date", "last_reviewed: 5 March 2026\nreview_every: 90d\n"),),
    ),
    Code(
        "REV003",
        "`review_every` is not a number of days or weeks such as `90d` or `12w`.",
        "Write a whole number followed by `d` (days) or `w` (weeks): `review_every: 13w` for a quarter.",
        (security_page("example-bad-review-interval", "last_reviewed: 2026-03-05\nreview_every: 3 months\n"),),
    ),
    Code(
        "REV004",
        "`last_reviewed` is later than the date of the commit being built.",
        "Set `last_reviewed` to the day the page was actually reviewed (today at the latest); a mistyped year "
        "is the usual cause.",
        (security_page("example-bad-review-future", "last_reviewed: 2602-03-05\nreview_every: 90d\n"),),
    ),
    Code(
        "REV005",
        "A page's review is overdue by more than the 30-day grace period.",
        "Review the page: check each statement against how things are now, correct what changed, then set "
        "`last_reviewed` to the day you did. The Tools page 'Review schedule' lists every page by due date.",
        (security_page("example-bad-review-overdue", "last_reviewed: 2020-01-06\nreview_every: 90d\n"),),
    ),
)
