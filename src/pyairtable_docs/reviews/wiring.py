"""MkDocs hook: pages reviewed on a schedule, the Tools page that lists them by due date,
and a line under each such page's title saying when it was reviewed and is due.

"Today" is SOURCE_DATE_EPOCH where it is set, else the date of the commit being built, so
a build never depends on the day it runs. A page overdue past the grace period is a
warning (so `--strict` fails); one within it is only listed.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from pyairtable_docs.core.markup import insert_after_title
from pyairtable_docs.core.wiring import build_state, display_path, read_text
from pyairtable_docs.reviews.markdown import render_schedule, review_line
from pyairtable_docs.reviews.records import Review, collect_reviews, review_problems, today_for_build
from pyairtable_docs.speed import refresh

log = get_plugin_logger(__name__)

PAGE = "TOOLS/reviews.md"
AUTHORING_GUIDE = "GUIDES/developer-guide/docs-authoring.md"


@dataclass
class Reviews:
    today: dt.date | None = None
    by_page: dict[str, Review] = field(default_factory=dict)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    state = build_state(config, Reviews)
    state.today, why_not = today_for_build(os.environ.get("SOURCE_DATE_EPOCH"), Path(config.docs_dir))
    pages = {f.src_uri: read_text(f, config) for f in files if f.src_uri.endswith(".md") and f.generated_by is None}
    found, problems = collect_reviews(pages, {src: display_path(config, src) for src in pages})
    state.by_page = {review.path: review for review in found}
    reviews = list(state.by_page.values())
    if state.today is not None:
        display = {r.path: display_path(config, r.path) for r in reviews}
        problems += review_problems(reviews, state.today, display)
    elif why_not.startswith("SOURCE_DATE_EPOCH"):
        log.warning(why_not)
    else:
        log.info(f"review due dates are listed, not checked: {why_not}")
    for problem in sorted(problems):
        log.warning(str(problem))
    if reviews and files.get_file_from_path(PAGE) is None:
        guide = AUTHORING_GUIDE if files.get_file_from_path(AUTHORING_GUIDE) is not None else None
        content = render_schedule(reviews, state.today, PAGE, guide)
        files.append(File.generated(config, PAGE, content=content))
        refresh.record(config, PAGE, content)
    return files


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = build_state(config, Reviews)
    review = state.by_page.get(page.file.src_uri)
    if review is None:
        return markdown
    return insert_after_title(markdown, review_line(review, state.today))
