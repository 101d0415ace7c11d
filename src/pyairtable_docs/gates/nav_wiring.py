"""MkDocs hook: broken ``.pages`` files fail the build with a message, not a traceback."""

from __future__ import annotations

import posixpath
import warnings

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from pyairtable_docs.core.codes import coded
from pyairtable_docs.gates.nav_pages import check_pages_file

log = get_plugin_logger(__name__)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # awesome-pages repeats, as a Python warning, what on_nav below reports properly.
    warnings.filterwarnings("ignore", message=r"Nav entry .* not found", category=Warning)
    return config


@event_priority(100)  # before awesome-pages reads the files
def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    docs = posixpath.basename(config.docs_dir.rstrip("/\\"))
    existing = [f.src_uri for f in files]
    fatal = []
    for file in files:
        if posixpath.basename(file.src_uri) != ".pages":
            continue
        display = f"{docs}/{file.src_uri}"
        try:
            text = file.content_string
        except (UnicodeDecodeError, OSError) as error:
            raise PluginError(coded("FMT001", f"{display}: cannot be read: {error}")) from None
        problems, found = check_pages_file(display, posixpath.dirname(file.src_uri), text, existing)
        fatal += problems
        for problem in found:
            log.warning(str(problem))
    if fatal:
        raise PluginError("\n".join(str(p) for p in fatal))
    return nav
