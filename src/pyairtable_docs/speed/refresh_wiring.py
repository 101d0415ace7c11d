"""MkDocs hook: a dirty rebuild also writes the pages whose generated parts changed (speed/refresh.py).

`python3 dev.py serve` runs `mkdocs serve --dirty`: after an edit only the edited file's
page is written again, plus, through this hook, every page that shows something generated
from it (the decision log after an ADR edit, a service's decisions, the catalog index).
Pages generated whole by hooks (diagram pages, schema references), which MkDocs would write
on every dirty build, are written only when their text changed. The digests of the previous
build live in the serve session (speed/serve_session.py); without a `serve --dirty`
session the hook does nothing.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from pyairtable_docs.speed import refresh, serve_session
from pyairtable_docs.speed.private_api import FILE_IS_MODIFIED


def on_startup(*, command: str, dirty: bool) -> None:
    serve_session.start(command, dirty)


def on_shutdown() -> None:
    serve_session.stop()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    serve_session.of(config)  # this build joins the session (and starts its record) before any hook records
    return config


def _always() -> bool:
    return True


def _never() -> bool:
    return False


@event_priority(-100)  # after every hook has recorded its pages in on_files
def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    session = serve_session.dirty(config)
    if session is None:
        return nav
    generated = [f for f in files.documentation_pages() if f.generated_by is not None]
    for file in generated:  # MkDocs rewrites a generated page on every dirty build; unchanged, it need not
        refresh.record(config, file.src_uri, file.content_string)
    stale = refresh.stale(session.refreshed, session.refreshing)
    for file in generated:
        if file.src_uri not in stale:
            FILE_IS_MODIFIED.set_on(file, _never)  # this File object, this build only
    for src_uri in stale:
        if (file := files.get_file_from_path(src_uri)) is not None:
            FILE_IS_MODIFIED.set_on(file, _always)
    return nav


def on_post_build(*, config: MkDocsConfig) -> None:
    """The pages are written: what they show is the reference for the next rebuild."""
    if (session := serve_session.dirty(config)) is not None:
        session.refreshed = session.refreshing
