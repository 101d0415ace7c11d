"""MkDocs hook: the generated page "Fixing build errors" (GUIDES/developer-guide/fixing-build-errors/).

Every problem message ends with a link to its code's entry on this page, so the page is made
from the same code lists the checks use (each capability's codes.py) and cannot fall behind them.
"""

from __future__ import annotations

import logging
import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from pyairtable_docs.core.codes import HELP_PAGE
from pyairtable_docs.errors.links import coded_files_warning, coded_link_warning
from pyairtable_docs.errors.page import errors_page
from pyairtable_docs.errors.registry import capability_codes

MKDOCS_LINKS = logging.getLogger("mkdocs.structure.pages")  # where MkDocs logs its link checks
MKDOCS_FILES = logging.getLogger("mkdocs.structure.files")  # where it logs a README.md beside an index.md


class LinkCodes(logging.Filter):
    """Rewords MkDocs' link warnings with a code, the docs/ path and the link to the fix."""

    docs_name = "docs"
    word = staticmethod(coded_link_warning)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            worded = self.word(record.getMessage(), self.docs_name)
            if worded is not None:
                record.msg, record.args = worded, ()
        return True


class FileCodes(LinkCodes):
    """Rewords MkDocs' warning that it leaves out a README.md, as NAV006."""

    word = staticmethod(coded_files_warning)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # One filter per logger and process: `serve` runs on_config again for every rebuild.
    for logger, kind in ((MKDOCS_LINKS, LinkCodes), (MKDOCS_FILES, FileCodes)):
        codes = next((f for f in logger.filters if type(f) is kind), None)
        if codes is None:
            codes = kind()
            logger.addFilter(codes)
        codes.docs_name = posixpath.basename(config.docs_dir.rstrip("/"))
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    if files.get_file_from_path(HELP_PAGE) is None:
        files.append(File.generated(config, HELP_PAGE, content=errors_page(capability_codes())))
    return files
