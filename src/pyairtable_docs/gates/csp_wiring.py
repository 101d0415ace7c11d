"""MkDocs hook: every published page carries its own Content Security Policy (gates/csp_policy.py).

A <meta> policy at the top of <head>: same-origin scripts, styles, images, fonts and
connections, and only this page's own inline scripts, by hash. Pages come through
on_post_page; 404.html is a theme template and comes through on_post_template. Both
run after every other handler of their event, so the hashes are of the final HTML.

Under `mkdocs serve` the live-reload script, different on every request, is appended
to each page after the build: there any inline script is allowed, the rest is unchanged.

On `mkdocs build` the policies are written by a forked process, on the second core, into
each page just after MkDocs wrote it (a page is handed over once the next one comes, so it
is on disk); the build waits for it at the end. Under `mkdocs serve`, or without os.fork,
each page gets its policy in on_post_page; also when PYAIRTABLE_DOCS_FAST=0 or the versions
are not verified (speed/switch.py): the forked writer is speed work, the policy is not.
State lives in a CspBuild per build (core/wiring.build_state); whether it serves, in the
serve session (speed/serve_session.py).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from pyairtable_docs.core.codes import coded
from pyairtable_docs.core.wiring import build_state, display_path
from pyairtable_docs.gates.csp_policy import blocked_after_navigation, inline_scripts, policy, script_hash, with_policy
from pyairtable_docs.speed import serve_session, switch

log = get_plugin_logger(__name__)


@dataclass
class CspBuild:
    serving: bool = False  # under `mkdocs serve`: any inline script is allowed, for the live-reload script
    fork: bool = False  # whether the policies may be written by a forked process
    allowed: dict[str, set[str]] = field(default_factory=dict)  # page -> hashes of the inline scripts it allows
    rerun: dict[str, set[str]] = field(default_factory=dict)  # page -> hashes of scripts instant navigation reruns
    worker: dict[str, Any] = field(default_factory=dict)  # pid, pipe, result file, the page not yet handed over


# Builds whose worker is not collected yet: on_build_error is given no config to find them by.
_unfinished: list[CspBuild] = []


def on_startup(*, command: str, dirty: bool) -> None:
    serve_session.start(command, dirty)
    if command == "serve":
        log.info("serving: pages allow any inline script, for the live-reload script")


def on_shutdown() -> None:
    serve_session.stop()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state = build_state(config, CspBuild)
    state.serving = serve_session.of(config) is not None
    reason = switch.why_off([], config.theme.name)
    if reason and not switch.switched_off():
        log.info(f"the Content Security Policies are written in the build's own process: {reason}")
    state.fork = not state.serving and reason is None and hasattr(os, "fork")
    return config


@event_priority(50)  # before the hooks that start threads in on_env: a fork must come first
def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    state = build_state(config, CspBuild)
    if not state.fork:
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
    log.debug(f"the Content Security Policies are written by process {pid}")
    state.worker.update(pid=pid, pipe=os.fdopen(write_end, "wb"), results=results, pending=None)
    _unfinished.append(state)
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
    state = build_state(config, CspBuild)
    with open(results, "wb") as out:
        pickle.dump((state.allowed, state.rerun, errors), out)


def _hand_over(worker: dict[str, Any], name: str | None, path: str | None) -> None:
    """Queue this page; give the worker the previous one, which MkDocs has written by now."""
    if worker["pending"] is not None:
        pickle.dump(worker["pending"], worker["pipe"])
    worker["pending"] = (name, path) if name is not None else None


def _protect(output: str, name: str, config: MkDocsConfig) -> str:
    state = build_state(config, CspBuild)
    scripts = inline_scripts(output)
    hashes = [script_hash(script.text) for script in scripts]
    state.allowed[name] = set(hashes)
    state.rerun[name] = {digest for digest, script in zip(hashes, scripts, strict=True) if script.rerun}
    content = policy(hashes, any_inline_script=state.serving)
    try:
        return with_policy(output, content)
    except ValueError as error:
        raise PluginError(f"{name}: cannot carry a Content Security Policy: {error}") from None


@event_priority(-100)
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str:
    state = build_state(config, CspBuild)
    if state.worker:
        _hand_over(state.worker, page.file.src_uri, page.file.abs_dest_path)  # the worker names it
        return output
    return _protect(output, display_path(config, page.file.src_uri), config)


@event_priority(-100)
def on_post_template(output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    state = build_state(config, CspBuild)
    if state.worker:
        _hand_over(state.worker, "\0" + template_name, os.path.join(config.site_dir, template_name))
        return output_content
    return _protect(output_content, template_name, config)


def _collect_worker(state: CspBuild) -> list[str]:
    """Wait for the worker; take its hashes; return its errors."""
    worker = state.worker
    _hand_over(worker, None, None)
    worker["pipe"].close()
    _, status = os.waitpid(worker["pid"], 0)
    _unfinished.remove(state)
    try:
        with open(worker["results"], "rb") as result_file:
            allowed, rerun, errors = pickle.load(result_file)
    except (OSError, EOFError, pickle.UnpicklingError):
        allowed, rerun, errors = {}, {}, []
    finally:
        os.unlink(worker["results"])
        worker.clear()
    if status != 0 and not errors:
        errors = ["the process writing Content Security Policies failed; pages may lack their policy"]
    state.allowed.update(allowed)
    state.rerun.update(rerun)
    return errors


def on_build_error(*, error: Exception) -> None:
    for state in list(_unfinished):
        state.worker["pending"] = None
        _collect_worker(state)


def on_post_build(*, config: MkDocsConfig) -> None:
    state = build_state(config, CspBuild)
    if state.worker and (errors := _collect_worker(state)):
        raise PluginError(errors[0])
    if state.serving:
        return
    for name, blockers in sorted(blocked_after_navigation(state.rerun, state.allowed).items()):
        log.warning(
            coded(
                "CSP001",
                f"{name}: an inline script in the page content is missing from the policy of {blockers[0]} "
                f"({len(blockers)} pages in all); instant navigation from such a page runs it under that "
                "page's policy, which blocks it: move it into a JavaScript file (extra_javascript)",
            )
        )
