"""When each page was last changed, from one `git log` over the whole docs folder.

Pure text work: ``last_changed`` reads the output of LOG_COMMAND; ``revision_html`` writes
the "last update" line the theme shows under a page (Material reads ``page.meta.revision_date``).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from functools import lru_cache

# Newest commit first; each commit is "\0<unix time>" then the files it touched, relative to
# the folder git runs in. Renames count as changes of the new path.
LOG_COMMAND = ("git", "log", "--format=%x00%ct", "--name-only", "--relative", "--no-renames", "--", ".")


def last_changed(log_output: str) -> dict[str, int]:
    """File path (relative to the docs folder) -> unix time of the newest commit that touched it."""
    times: dict[str, int] = {}
    for commit in log_output.split("\0")[1:]:
        stamp, _, names = commit.partition("\n")
        try:
            when = int(stamp.strip())
        except ValueError:
            continue
        for name in names.splitlines():
            if name and name not in times:
                times[name] = when
    return times


@lru_cache(maxsize=4096)  # most pages of a build share a few commit times
def revision_html(timestamp: float) -> str:
    """The date as the page footer shows it: the day, with the time in UTC as its tooltip."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    day = f"{moment:%B} {moment.day}, {moment.year}"
    return f'<span class="md-revision-date" title="{html.escape(day)} {moment:%H:%M:%S} UTC">{day}</span>'
