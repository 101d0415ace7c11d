"""MkDocs hook: contract names in prose must resolve (drift check), values embedded from the
contracts, and the Consistency page.

on_files reads every prose page and every contract once, checks them with drift/scan.py
(the same function `pyairtable-docs check` runs) and logs one warning per unknown name,
so `--strict` fails after listing them all. The Consistency page is generated here.
on_page_markdown puts contract values where a page embeds them (drift/embeds.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from pyairtable_docs.core.problems import Problem
from pyairtable_docs.core.wiring import build_state, display_path, read_text
from pyairtable_docs.drift.embeds import EMBED, MISSING, render_embeds
from pyairtable_docs.drift.markdown import render_consistency
from pyairtable_docs.drift.scan import ALLOW_FILE, ALLOW_SHOWN, check_sources
from pyairtable_docs.schemas.records import load_json, load_yaml
from pyairtable_docs.speed import refresh, serve_session

log = get_plugin_logger(__name__)

PAGE = "TOOLS/consistency.md"
AUTHORING_GUIDE = "GUIDES/developer-guide/docs-authoring.md"
SOURCES = (".md", ".yaml", ".yml", ".json", ".sql", ".schema")


@dataclass
class Contracts:
    """This build's contract files, parsed on first embed."""

    texts: dict[str, str] = field(default_factory=dict)
    parsed: dict[str, Any] = field(default_factory=dict)

    def load(self, src: str) -> Any:
        if src not in self.parsed:
            text = self.texts.get(src)
            loader = load_json if src.endswith(".json") else load_yaml
            self.parsed[src] = MISSING if text is None else loader(text, src)[0]
        return self.parsed[src]


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    texts = {f.src_uri: text for f in files if (text := _source_text(f, config)) is not None}
    contracts = build_state(config, Contracts)
    contracts.texts = {src: t for src, t in texts.items() if src.startswith("SCHEMAS/")}
    if refresh.is_tracking(config):  # a page that embeds a value must be rebuilt when its contract changes
        for src, text in texts.items():
            if src.endswith(".md") and EMBED.search(text):
                refresh.record(config, src, render_embeds(text, contracts.load)[0])
    display = {src: display_path(config, src) for src in texts}
    allow_path = Path(config.docs_dir) / ALLOW_FILE  # excluded from the site in mkdocs.yml
    allow_text = allow_path.read_text(encoding="utf-8") if allow_path.is_file() else None
    session = serve_session.of(config)  # a preview rebuild checks again only the pages whose text changed
    cache = session.drift_checked if session is not None else None
    report, allow, problems = check_sources(texts, display, allow_text, cache=cache)
    for problem in [p for p in problems if p.path == ALLOW_SHOWN] + report.problems:
        log.warning(str(problem))  # a broken contract is reported once, by the schema pages
    if files.get_file_from_path(PAGE) is None:
        guide = files.get_file_from_path(AUTHORING_GUIDE)
        content = render_consistency(report, allow, ALLOW_SHOWN, guide is not None)
        files.append(File.generated(config, PAGE, content=content))
        refresh.record(config, PAGE, content)
    return files


def _source_text(file: File, config: MkDocsConfig) -> str | None:
    """A page's or a data file's text; None for other files and for a data file that is not
    UTF-8 (the secret scan reports that one; a page that is not stops the build)."""
    if file.generated_by is not None or not file.src_uri.endswith(SOURCES):
        return None
    if file.src_uri.endswith(".md"):
        return read_text(file, config)
    try:
        return file.content_string
    except (UnicodeDecodeError, OSError):
        return None


@event_priority(90)  # before the hooks that add generated parts: embed lines are the author's lines
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "{{" not in markdown or not EMBED.search(markdown):
        return markdown
    rendered, problems = render_embeds(markdown, build_state(config, Contracts).load)
    if problems:
        # MkDocs took the front matter (and the blank lines after it) off the page's text.
        source = read_text(page.file, config) if page.file.generated_by is None else markdown
        offset = source.count("\n") - markdown.count("\n")
        for line, code, message in problems:
            log.warning(str(Problem(display_path(config, page.file.src_uri), "", message, line + offset, code)))
    return rendered
