"""MkDocs hook: Material's navigation macro, with each link off the page's path rendered once per folder.

The two macro call sites of Material's nav partials are rewritten to go through
speed/nav_html.NavCache (see there why the markup stays Material's, byte for byte). The
hook decides in on_config, once per build, whether it may run: PYAIRTABLE_DOCS_FAST is not
0, MkDocs, Material and Jinja are versions it was verified on (speed/private_api.py), the
theme's nav partials still hold the call sites, and no enabled feature that those partials
test is one the byte-identical tests do not build with. Otherwise it logs why, once, and
the theme renders its own navigation untouched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment, Undefined
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from pyairtable_docs.core.wiring import build_state
from pyairtable_docs.speed import switch
from pyairtable_docs.speed.nav_html import (
    CHILDREN_GLOBAL,
    ITEM_GLOBAL,
    TEMPLATES,
    NavCache,
    Rewritten,
    rewritten,
    unverified_features,
)

log = get_plugin_logger(__name__)

NAME = "the fast navigation (hooks/fast_nav.py)"


@dataclass
class FastNav:
    rewritten: Rewritten | None = None  # Material's nav partials, rewritten; None: the hook is off
    cache: NavCache | None = None


def defined(value: Any) -> Any:
    """None for a template variable that is not set (``page`` on the 404 page)."""
    return None if isinstance(value, Undefined) else value


def theme_source(config: MkDocsConfig, name: str) -> str | None:
    """The text of the theme template ``name`` the build will use (a custom_dir's first)."""
    for folder in config.theme.dirs:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as template:
                return template.read()
    return None


def why_off(config: MkDocsConfig, sources: dict[str, str | None]) -> str | None:
    if reason := switch.why_off(["Jinja2"], config.theme.name):
        return reason
    if rewritten(sources) is None:
        return f"the macro calls it rewrites are not in the theme's {' and '.join(TEMPLATES)}"
    features = config.theme.get("features", [])
    if unverified := unverified_features([s for s in sources.values() if s], features):
        return f"not verified with the theme features {', '.join(unverified)}"
    return None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state = build_state(config, FastNav)
    sources = {name: theme_source(config, name) for name in TEMPLATES}
    if reason := why_off(config, sources):
        (log.debug if switch.switched_off() else log.info)(f"{NAME} is off: {reason}")
        return config
    state.rewritten = rewritten(sources)
    log.debug(f"{NAME} is on")
    return config


@event_priority(-100)  # after every plugin that reorders the navigation
def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    state = build_state(config, FastNav)
    if state.rewritten is not None:
        state.cache = NavCache(nav.items, state.rewritten.loop_text)
    return nav


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
    state = build_state(config, FastNav)
    if state.rewritten is None or state.cache is None:
        return env
    cache = state.cache

    def nav_item(macro: Any, item: Any, path: str, level: int, parent: Any, page: Any, base_url: str) -> Any:
        return cache.item(macro, item, path, level, parent, defined(page), base_url)

    def nav_children(macro: Any, section: Any, index: Any, path: str, level: int, page: Any, base_url: str) -> str:
        return cache.children(macro, section, defined(index), path, level, defined(page), base_url)

    env.loader = ChoiceLoader([DictLoader(state.rewritten.templates), env.loader])
    env.globals[ITEM_GLOBAL] = nav_item
    env.globals[CHILDREN_GLOBAL] = nav_children
    return env
