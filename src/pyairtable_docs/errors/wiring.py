"""MkDocs hook: the generated page "Fixing build errors" (GUIDES/developer-guide/fixing-build-errors/).

Every problem message ends with a link to its code's entry on this page, so the page is made
from the same code lists the checks use (each capability's codes.py) and cannot fall behind them.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from pyairtable_docs.core.codes import HELP_PAGE
from pyairtable_docs.errors.page import errors_page
from pyairtable_docs.errors.registry import capability_codes


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    if files.get_file_from_path(HELP_PAGE) is None:
        files.append(File.generated(config, HELP_PAGE, content=errors_page(capability_codes())))
    return files
