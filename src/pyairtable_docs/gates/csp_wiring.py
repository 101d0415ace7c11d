"""MkDocs hook: every published page carries its own Content Security Policy (hooks/csp_policy.py).

A <meta> policy at the top of <head>: same-origin scripts, styles, images, fonts and
connections, and only this page's own inline scripts, by hash. Pages come through
on_post_page; 404.html is a theme template and comes through on_post_template. Both
run after every other handler of their event, so the hashes are of the final HTML.

Under `mkdocs serve` the live-reload script, different on every request, is appended
to each page after the build: there any inline script is allowed, the rest is unchanged.

On `mkdocs build` the policies are written by a forked process, on the second core, into
each page just after MkDocs wrote it (a page is handed over once the next one comes, so it
is on disk); the build waits for it at the end. Under `mkdocs serve`, or without os.fork,
each page gets its policy in on_post_page.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from typing import BinaryIO

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from pyairtable_docs.core.wiring import display_path
from pyairtable_docs.gates.csp_policy import blocked_after_navigation, inline_scripts, policy, script_hash, with_policy
from pyairtable_docs.speed import nav_html

log = get_plugin_logger(__name__)

_serving = False  # set once per mkdocs command, by on_startup: not build state
_allowed: dict[str, set[str]] = {}  # page -> hashes of the inline scripts its policy allows
_rerun: dict[str, set[str]] = {}  # page -> hashes of the scripts instant navigation runs again
_worker: dict = {}  # the process writing policies: pid, pipe, result file, the page not yet handed over


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"
    if _serving:
        log.info("serving: pages allow any inline script, for the live-reload script")


def on_pre_build(*, config: MkDocsConfig) -> None:
    _allowed.clear()
    _rerun.clear()
    _worker.clear()


@event_priority(50)  # before the hooks that start threads in on_env: a fork must come first
def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    if _serving or not hasattr(os, "fork"):
        return env
    read_end, write_end = os.pipe()
    handle, results = tempfile.mkstemp(prefix="pyairtable-docs-csp-", suffix=".pickle")
    os.close(handle)
    pid = os.fork()
    if pid == 0:  # the child: protect each page it is handed, then report, then leave
        status = 1
        try:
            os.close(write_end)
            _protect_files(os.fdopen(read_end, "rb"), config, results)
            status = 0
        finally:
            os._exit(status)
    os.close(read_end)
    _worker.update(pid=pid, pipe=os.fdopen(write_end, "wb"), results=results, pending=None)
    return env


def _protect_files(pipe: BinaryIO, config: MkDocsConfig, results: str) -> None:
    errors = []
    while True:
        try:
            source, path = pickle.load(pipe)
        except EOFError:
            break
        # a page's source file, or "\0" and a theme template's name
        name = source[1:] if source.startswith("\0") else display_path(config, source)
        try:
            with open(path, encoding="utf-8") as page_file:
                output = page_file.read()
            protected = _protect(output, name, config)
            with open(path, "w", encoding="utf-8") as page_file:
                page_file.write(protected)
        except (OSError, UnicodeDecodeError, PluginError) as error:
            errors.append(str(error))
    with open(results, "wb") as out:
        pickle.dump((_allowed, _rerun, errors), out)


def _hand_over(name: str | None, path: str | None) -> None:
    """Queue this page; give the worker the previous one, which MkDocs has written by now."""
    if _worker["pending"] is not None:
        pickle.dump(_worker["pending"], _worker["pipe"])
    _worker["pending"] = (name, path) if name is not None else None


def script_sources(config: MkDocsConfig) -> list[str]:
    """Mermaid from a CDN, where a local preview has to use it (hooks/mermaid_assets.py)."""
    mermaid = config.extra.get("mermaid_script", "")
    return [mermaid] if mermaid.startswith("https://") else []


def _without(output: str, parts: tuple[str, ...]) -> str:
    """The page without these parts (each where it first occurs), for the scan only."""
    for part in parts:
        if len(part) > 200 and (at := output.find(part)) >= 0:
            output = output[:at] + output[at + len(part) :]
    return output


def _protect(output: str, name: str, config: MkDocsConfig, trusted: tuple[str, ...] = ()) -> str:
    # The navigation hooks/fast_nav.py wrote is most of a large site's page and holds no
    # script: the scan steps over it (see nav_html.written).
    scripts = inline_scripts(_without(output, trusted))
    hashes = [script_hash(script.text) for script in scripts]
    _allowed[name] = set(hashes)
    _rerun[name] = {digest for digest, script in zip(hashes, scripts, strict=True) if script.rerun}
    content = policy(hashes, script_sources(config), any_inline_script=_serving)
    try:
        return with_policy(output, content)
    except ValueError as error:
        raise PluginError(f"{name}: cannot carry a Content Security Policy: {error}") from None


@event_priority(-100)
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str:
    trusted = nav_html.written.pop(page.file.src_uri, ())
    if _worker:
        _hand_over(page.file.src_uri, page.file.abs_dest_path)  # the worker names it
        return output
    return _protect(output, display_path(config, page.file.src_uri), config, trusted)


@event_priority(-100)
def on_post_template(output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    if _worker:
        _hand_over("\0" + template_name, os.path.join(config.site_dir, template_name))
        return output_content
    return _protect(output_content, template_name, config)


def _collect_worker() -> list[str]:
    """Wait for the worker; take its hashes; return its errors."""
    _hand_over(None, None)
    _worker["pipe"].close()
    _, status = os.waitpid(_worker["pid"], 0)
    try:
        with open(_worker["results"], "rb") as result_file:
            allowed, rerun, errors = pickle.load(result_file)
    except (OSError, EOFError, pickle.UnpicklingError):
        allowed, rerun, errors = {}, {}, []
    finally:
        os.unlink(_worker["results"])
        _worker.clear()
    if status != 0 and not errors:
        errors = ["the process writing Content Security Policies failed; pages may lack their policy"]
    _allowed.update(allowed)
    _rerun.update(rerun)
    return errors


def on_build_error(*, error: Exception) -> None:
    if _worker:
        _worker["pending"] = None
        _collect_worker()


def on_post_build(*, config: MkDocsConfig) -> None:
    if _worker and (errors := _collect_worker()):
        raise PluginError(errors[0])
    if _serving:
        return
    for name, blockers in sorted(blocked_after_navigation(_rerun, _allowed).items()):
        log.warning(
            f"{name}: an inline script in the page content is missing from the policy of {blockers[0]} "
            f"({len(blockers)} pages in all); instant navigation from such a page runs it under that "
            "page's policy, which blocks it: move it into a JavaScript file (extra_javascript)"
        )
