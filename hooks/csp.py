"""MkDocs hook: every published page carries its own Content Security Policy (hooks/csp_policy.py).

A <meta> policy at the top of <head>: same-origin scripts, styles, images, fonts and
connections, and only this page's own inline scripts, by hash. Pages come through
on_post_page; 404.html is a theme template and comes through on_post_template. Both
run after every other handler of their event, so the hashes are of the final HTML.

Under `mkdocs serve` the live-reload script, different on every request, is appended
to each page after the build: there any inline script is allowed, the rest is unchanged.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.pages import Page

import nav_html
from csp_policy import blocked_after_navigation, inline_scripts, policy, script_hash, with_policy
from hook_files import display_path

log = get_plugin_logger(__name__)

_serving = False  # set once per mkdocs command, by on_startup: not build state
_allowed: dict[str, set[str]] = {}  # page -> hashes of the inline scripts its policy allows
_rerun: dict[str, set[str]] = {}  # page -> hashes of the scripts instant navigation runs again


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"
    if _serving:
        log.info("serving: pages allow any inline script, for the live-reload script")


def on_pre_build(*, config: MkDocsConfig) -> None:
    _allowed.clear()
    _rerun.clear()


def script_sources(config: MkDocsConfig) -> list[str]:
    """Mermaid from a CDN, where a local preview has to use it (hooks/mermaid_assets.py)."""
    mermaid = config.extra.get("mermaid_script", "")
    return [mermaid] if mermaid.startswith("https://") else []


def _without(output: str, parts: tuple[str, ...]) -> str:
    """The page without these parts (each where it first occurs), for the scan only."""
    for part in parts:
        if len(part) > 200 and (at := output.find(part)) >= 0:
            output = output[:at] + output[at + len(part):]
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
    return _protect(output, display_path(config, page.file.src_uri), config, trusted)


@event_priority(-100)
def on_post_template(output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return _protect(output_content, template_name, config)


def on_post_build(*, config: MkDocsConfig) -> None:
    if _serving:
        return
    for name, blockers in sorted(blocked_after_navigation(_rerun, _allowed).items()):
        log.warning(f"{name}: an inline script in the page content is missing from the policy of {blockers[0]} "
                    f"({len(blockers)} pages in all); instant navigation from such a page runs it under that "
                    "page's policy, which blocks it: move it into a JavaScript file (extra_javascript)")
