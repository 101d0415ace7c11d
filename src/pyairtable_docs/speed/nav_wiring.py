"""MkDocs hook: the primary navigation rendered in Python (hooks/nav_html.py), not by Jinja.

``overrides/partials/nav.html`` calls ``primary_nav(nav, page)``; the markup is Material's,
and a build test compares it with what Material's own partial writes for every page.
"""

from __future__ import annotations

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from pyairtable_docs.speed import nav_html
from pyairtable_docs.speed.nav_html import TOC_MARKER, NavRenderer, unsupported_features


def on_pre_build(*, config: MkDocsConfig) -> None:
    nav_html.written.clear()


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    features = config.theme.get("features", [])
    if unsupported := unsupported_features(features):
        raise PluginError(
            f"hooks/fast_nav.py does not render the navigation for {', '.join(unsupported)}: "
            "extend hooks/nav_html.py, or remove overrides/partials/nav.html"
        )
    # A new renderer per build: its cache is keyed by nav objects of this build only.
    renderer = NavRenderer(
        features,
        relative=lambda url, page, base: normalize_url(url, page=page, base=base),
        icon=lambda name: env.get_template(f".icons/{name}.svg").render(),
        status_titles=config.extra.get("status"),
    )

    @pass_context
    def primary_nav(context: Context, nav: Navigation, page: Page | None) -> tuple[str, str, bool]:
        """The top-level list items, split where the current page's table of contents goes."""
        html = renderer.items(nav.items, page, context.get("base_url", ""))
        before, marker, after = html.partition(TOC_MARKER)
        if page is not None:
            nav_html.written[page.file.src_uri] = (before, after)
        return before, after, bool(marker)

    env.globals["primary_nav"] = primary_nav
    return env
