"""MkDocs hook: ``--8<--`` snippets resolve from the docs folder, wherever mkdocs runs, and a
snippet naming no file stops the build naming the page, line and file (SNP001). Under
`serve --dirty`, a page is written again when a file it includes changed (speed/refresh.py).

pymdownx.snippets reads ``base_path`` relative to the working directory; the build
must not depend on it (tests and CI build from elsewhere, with other docs folders).
Its own refusal of a missing file (``check_paths``) is a traceback without the page's line.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from pyairtable_docs.core.markup import snippet_files
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.core.wiring import display_path, read_text
from pyairtable_docs.speed import refresh


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [config.docs_dir]
    return config


def in_docs(config: MkDocsConfig, name: str) -> bool:
    docs = os.path.realpath(config.docs_dir)
    path = os.path.realpath(os.path.join(docs, name))
    return path.startswith(docs + os.sep) and os.path.isfile(path)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    """For a dirty rebuild: what each page includes, which its own file does not show changed."""
    if not refresh.is_tracking(config):
        return files
    for file in files.documentation_pages():
        try:
            text = file.content_string if file.generated_by is None else ""
        except (OSError, UnicodeDecodeError):
            continue  # reading the page names the problem
        if "--8<--" in text:
            included = [(name, _text_in_docs(config, name)) for _, name in snippet_files(text)]
            refresh.record(config, file.src_uri, included)
    return files


def _text_in_docs(config: MkDocsConfig, name: str) -> bytes | None:
    try:
        with open(os.path.join(config.docs_dir, name), "rb") as included:
            return included.read()
    except OSError:
        return None


@event_priority(110)  # on the page as written, before any hook adds to it
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The page unchanged; a page including a file that is not there cannot be made."""
    missing = [(number, name) for number, name in snippet_files(markdown) if not in_docs(config, name)]
    if not missing:
        return markdown
    source = read_text(page.file, config)
    offset = source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else None
    shown = display_path(config, page.file.src_uri)
    message = "the snippet line names {!r}, which is no file in the docs folder (names are relative to it)"
    problems = [
        Problem(shown, "", message.format(name), offset + number if offset is not None else None, "SNP001")
        for number, name in missing
    ]
    raise PluginError("\n".join(map(str, problems)))
