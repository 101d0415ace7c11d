"""MkDocs hook: contract names in prose must resolve (drift check), and the Consistency page.

on_files reads every prose page and every contract once, checks them with drift/scan.py
(the same function `pyairtable-docs check` runs) and logs one warning per unknown name,
so `--strict` fails after listing them all. The Consistency page is generated here.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from pyairtable_docs.core.wiring import display_path, read_text
from pyairtable_docs.drift.markdown import render_consistency
from pyairtable_docs.drift.scan import ALLOW_FILE, check_sources
from pyairtable_docs.speed import refresh

log = get_plugin_logger(__name__)

PAGE = "TOOLS/consistency.md"
SOURCES = (".md", ".yaml", ".yml", ".json", ".sql", ".schema")


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    authored = [f for f in files if f.generated_by is None and f.src_uri.endswith(SOURCES)]
    texts = {f.src_uri: read_text(f, config) for f in authored}
    display = {src: display_path(config, src) for src in texts}
    allow_path = Path(config.config_file_path).parent / ALLOW_FILE
    allow_text = allow_path.read_text(encoding="utf-8") if allow_path.is_file() else None
    report, allow, problems = check_sources(texts, display, allow_text)
    for problem in [p for p in problems if p.path == ALLOW_FILE] + report.problems:
        log.warning(str(problem))  # a broken contract is reported once, by the schema pages
    if files.get_file_from_path(PAGE) is None:
        content = render_consistency(report, allow, ALLOW_FILE)
        files.append(File.generated(config, PAGE, content=content))
        refresh.record(config, PAGE, content)
    return files
