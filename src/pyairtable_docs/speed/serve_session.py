"""The one thing that outlives a build: the `mkdocs serve` session.

Every other piece of hook state lives on the build's config object
(pyairtable_docs.core.wiring.build_state), so builds in one process cannot see each other.
What incremental preview needs from one rebuild to the next lives here, and only here:

- ``dirty``: `serve --dirty` (from on_startup), which turns on the dirty-refresh bookkeeping;
- ``refreshed``, ``refreshing``: digests of each page's generated parts (speed/refresh.py);
- ``pages``: each page's title, front matter and output file as last written (speed/refresh_wiring.py),
  which a page MkDocs does not read again keeps; ``shown``: digests of what each page shows of the others;
  ``others``: the other files of the docs (images...) and their output files, as last built;
- ``banners``, ``page_problems``: the live preview's problem banners and what each page's reading
  logged (preview/wiring.py);
- ``templates``: the compiled theme templates (speed/templates_wiring.py);
- ``git_times``: the last-commit times of the docs, by git HEAD (dates/wiring.py);
- ``drift_checked``: the registry, the contract names each page's prose mentions and each page's
  parsed blocks (drift/scan.py, from drift/wiring.py);
- ``secret_findings``: the secret scan's results, by file and text (gates/secrets_wiring.py);
- ``twins``: each page's final Markdown as last read, for the twins and llms-full.txt of pages a
  dirty rebuild does not read; ``plain``: that Markdown made plain (markdownify is the costly part of
  the twins); ``backstage_verdict``: Node's verdict on the last descriptors, which most edits leave
  unchanged; ``exports_written``: what the last rebuild wrote, so that what the next one does not
  write is deleted (exports/wiring.py);
- ``browser``: a Chromium page with Mermaid loaded, kept up between rebuilds
  (diagrams/renderer.py's LastingBrowser, from diagrams/wiring.py), closed with the session.

A session is made by on_startup(command="serve") and dropped (its browser closed) by on_shutdown. `mkdocs build`
(on_startup with command="build") and plain ``build()`` calls, as in tests, have none.
A build finds it with ``of(config)``, which also drops it (makes a new, empty one) when
the configuration changed since the previous rebuild: the mkdocs.yml text or the docs folder.

Imports nothing from MkDocs: ``config`` is anything with ``config_file_path`` and ``docs_dir``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

_ATTRIBUTE = "_pyairtable_docs_serve_session"


@dataclass(frozen=True)
class Written:
    """A page as the session last wrote it."""

    title: str | None
    meta: dict[str, Any]
    dest: str  # its output file
    lists_tags: bool  # it holds a tags listing


@dataclass
class ServeSession:
    dirty: bool
    fingerprint: str = ""
    refreshed: dict[str, str] = field(default_factory=dict)  # page -> digest of its generated parts, last build
    refreshing: dict[str, str] = field(default_factory=dict)  # the same, for the build under way
    pages: dict[str, Written] = field(default_factory=dict)  # page -> as last written
    others: dict[str, str] = field(default_factory=dict)  # every other file of the docs -> its output file
    shown: dict[str, str] = field(default_factory=dict)  # page -> digest of what it shows of the others
    writing: bool = False  # a dirty build is writing pages (a build that stops then: every page is read next time)
    banners: dict[str, tuple[str, str]] = field(default_factory=dict)  # page -> (output file, problem banner)
    page_problems: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # logged reading a page
    templates: dict[str, bytes] = field(default_factory=dict)
    drift_checked: dict[str, Any] = field(default_factory=dict)  # drift/scan.py's cache
    git_times: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    secret_findings: dict[tuple[str, bytes], list[str]] = field(default_factory=dict)
    browser: Any = None  # anything with close()
    twins: dict[str, tuple[str, str]] = field(default_factory=dict)  # page -> (its twin, the Markdown it is made from)
    plain: dict[str, str] = field(default_factory=dict)  # a page's final Markdown -> made plain (exports/wiring.py)
    # the descriptors checked last, and Node's verdict on them
    backstage_verdict: tuple[str, list[tuple[str, str]]] | None = None
    exports_written: set[str] = field(default_factory=set)  # the site paths the exports hook last wrote

    def close(self) -> None:
        """Let go of what runs outside this thread: the browser."""
        if self.browser is not None:
            self.browser.close()
            self.browser = None


# The session of the `mkdocs serve` running in this process, if any. Read only by of(),
# which hands it to each build through that build's config.
_running: ServeSession | None = None


def start(command: str, dirty: bool) -> None:
    """on_startup: a session for `serve`, none for any other command.

    Every hook that uses the session calls this from its on_startup; the first call of one
    startup makes the session, the others keep it.
    """
    global _running
    if command != "serve":
        stop()
    elif _running is None or _running.dirty != dirty:
        if _running is not None:
            _running.close()
        _running = ServeSession(dirty=dirty)


def stop() -> None:
    """on_shutdown: the server has stopped."""
    global _running
    if _running is not None:
        _running.close()
    _running = None


def running() -> ServeSession | None:
    """The session of the serve running in this process, for the events given no config (on_build_error)."""
    return _running


def fingerprint(config: Any) -> str:
    """What, changed, makes the session's contents stale: the configuration file's text, the docs folder."""
    digest = hashlib.sha256()
    path = getattr(config, "config_file_path", None) or ""
    digest.update(path.encode("utf-8", "surrogatepass") + b"\0")
    try:
        with open(path, "rb") as config_file:
            digest.update(config_file.read())
    except OSError:
        pass
    digest.update(b"\0" + str(config.docs_dir).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def of(config: Any) -> ServeSession | None:
    """The serve session this build belongs to, or None (`mkdocs build`, a plain build() call)."""
    global _running
    if _ATTRIBUTE in config.__dict__:
        return config.__dict__[_ATTRIBUTE]
    session = _running
    if session is not None:
        current = fingerprint(config)
        if session.fingerprint and session.fingerprint != current:
            session.close()
            session = _running = ServeSession(dirty=session.dirty)
        session.fingerprint = current
        session.refreshing = {}  # a new build begins
    config.__dict__[_ATTRIBUTE] = session
    return session


def dirty(config: Any) -> ServeSession | None:
    """The session, if it is a `serve --dirty` one."""
    session = of(config)
    return session if session is not None and session.dirty else None
