"""MkDocs hook: what the theme reads from authors' files is made safe before it does.

- a page that is not UTF-8 stops the build naming the file, not with a traceback;
- the front matter the theme prints as it is (title, description, tags, ...) is escaped,
  and a setting that would crash it (hide, search, template, icon) is one warning, then ignored;
- a file or folder name that the theme would print as HTML is one warning;
- front matter that is not a YAML mapping is one warning (FMT002): MkDocs itself drops it
  without a word and shows the YAML as text, losing the page's title, tags and settings.
"""

from __future__ import annotations

import os
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from pyairtable_docs.adr.records import is_adr_page
from pyairtable_docs.alerts.runbooks import is_runbook
from pyairtable_docs.catalog.records import is_service_page
from pyairtable_docs.core.codes import coded
from pyairtable_docs.core.fields import read_document
from pyairtable_docs.core.frontmatter import FRONT_MATTER
from pyairtable_docs.core.markup import theme_meta
from pyairtable_docs.core.wiring import display_path, read_text

log = get_plugin_logger(__name__)


# MkDocs and Material print file and folder names unescaped (nav titles, edit links).
UNSAFE_NAME = re.compile(r'[<>"\x00-\x1f\x7f]')


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    for file in sorted(files, key=lambda f: f.src_uri):
        if UNSAFE_NAME.search(file.src_uri):
            shown = display_path(config, file.src_uri)
            log.warning(
                coded(
                    "THM001",
                    f"{shown if shown.isprintable() else repr(shown)}: file and folder names must "
                    'not contain <, > or " (nor control characters): the theme shows them as HTML',
                )
            )
    return files


def on_page_read_source(*, page: Page, config: MkDocsConfig) -> str:
    return read_text(page.file, config)


def theme_file(config: MkDocsConfig, name: str) -> bool:
    return any(os.path.isfile(os.path.join(folder, name)) for folder in config.theme.dirs)


# Pages whose capability reads their front matter and reports it broken itself.
STRUCTURED_PAGES = (is_service_page, is_adr_page, is_runbook)


@event_priority(100)  # before the tags plugin (-50) and any template read the settings
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # MkDocs leaves front matter it cannot read at the top of the Markdown, and the meta empty.
    if not page.meta and FRONT_MATTER.match(markdown) and not any(p(page.file.src_uri) for p in STRUCTURED_PAGES):
        _, problems = read_document(markdown, display_path(config, page.file.src_uri), "a page")
        for problem in problems:
            log.warning(str(problem))
    page.meta, problems = theme_meta(
        page.meta, display_path(config, page.file.src_uri), lambda name: theme_file(config, name)
    )
    for problem in problems:
        log.warning(str(problem))
    return markdown
