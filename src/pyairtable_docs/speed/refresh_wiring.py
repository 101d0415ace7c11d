"""MkDocs hook: a dirty rebuild also writes the pages whose generated parts changed (hooks/refresh.py).

`python3 dev.py serve` runs `mkdocs serve --dirty`: after an edit only the edited file's
page is written again, plus, through this hook, every page that shows something generated
from it (the decision log after an ADR edit, a service's decisions, the catalog index).
Pages generated whole by hooks (diagram pages, schema references), which MkDocs would write
on every dirty build, are written only when their text changed.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from pyairtable_docs.speed import refresh


def on_startup(*, command: str, dirty: bool) -> None:
    refresh.tracking = dirty


def on_pre_build(*, config: MkDocsConfig) -> None:
    refresh.begin_build()


def _always() -> bool:
    return True


def _never() -> bool:
    return False


@event_priority(-100)  # after every hook has recorded its pages in on_files
def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    if not refresh.tracking:
        return nav
    generated = [f for f in files.documentation_pages() if f.generated_by is not None]
    for file in generated:  # MkDocs rewrites a generated page on every dirty build; unchanged, it need not
        refresh.record(file.src_uri, file.content_string)
    stale = refresh.stale()
    for file in generated:
        if file.src_uri not in stale:
            file.is_modified = _never  # this File object, this build only
    for src_uri in stale:
        if (file := files.get_file_from_path(src_uri)) is not None:
            file.is_modified = _always
    return nav
