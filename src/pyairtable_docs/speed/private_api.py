"""Every private or patched API the speed hooks touch, in one place, with the versions verified.

A speed hook gets these objects from here (``API.get()``, ``API.set(...)``), never by its own
import, and turns itself off (speed/switch.py) when an installed version lies outside
VERIFIED: a minor release may change what it relies on without notice. On a version bump,
run tests/test_private_api.py (each patch still exists and still takes effect) and
tests/test_speed_safety.py (the site is byte-identical with the speed hooks off), then
widen the range here.

The objects are looked up by name (importlib), so this module imports nothing from MkDocs.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

# distribution -> (the lowest version verified, the first version not verified)
VERIFIED: dict[str, tuple[str, str]] = {
    "mkdocs": ("1.6.1", "1.7"),
    "mkdocs-material": ("9.8.2", "9.9"),
    "Jinja2": ("3.1.6", "3.2"),
    "Pygments": ("2.21.0", "2.22"),
    "pymdown-extensions": ("13.1.2", "13.2"),
}


@dataclass(frozen=True)
class PrivateApi:
    """``module``.``name``: what a speed hook reads or replaces, and how."""

    module: str
    name: str  # attribute path inside the module, e.g. "Page.render"
    distribution: str  # whose versions VERIFIED lists; "" for the standard library
    how: str

    def owner(self) -> Any:
        target: Any = importlib.import_module(self.module)
        for part in self.name.split(".")[:-1]:
            target = getattr(target, part)
        return target

    @property
    def attribute(self) -> str:
        return self.name.rpartition(".")[2]

    def get(self) -> Any:
        return getattr(self.owner(), self.attribute)

    def set(self, value: Any) -> None:
        """Replace it on its owner (module or class): process-wide, until set back."""
        setattr(self.owner(), self.attribute, value)

    def set_on(self, instance: Any, value: Any) -> None:
        """Shadow it on one object only (a page, a file): that object, that build."""
        setattr(instance, self.attribute, value)

    def get_from(self, instance: Any) -> Any:
        """Read it off one object (an attribute the owner's instances carry)."""
        return getattr(instance, self.attribute)


PAGE_RENDER = PrivateApi(
    "mkdocs.structure.pages",
    "Page.render",
    "mkdocs",
    "parallel_wiring shadows it on each page object the forked child converts: MkDocs calls page.render(config, files)",
)
PAGE_TITLE_FROM_RENDER = PrivateApi(
    "mkdocs.structure.pages",
    "Page._title_from_render",
    "mkdocs",
    "parallel_wiring copies the title the child's conversion found; Page.title reads it",
)
PAGE_TITLE = PrivateApi(
    "mkdocs.structure.pages",
    "Page.title",
    "mkdocs",
    "refresh_wiring gives a page a dirty build does not read its last title by assigning page.title, and takes it "
    "back with del page.__dict__['title']: MkDocs makes it a weak_property, so an assigned value lives in the dict",
)
PAGE_PRESENT_ANCHOR_IDS = PrivateApi(
    "mkdocs.structure.pages",
    "Page.present_anchor_ids",
    "mkdocs",
    "parallel_wiring copies the anchors the child's conversion found; the anchor validation reads them",
)
PAGE_LINKS_TO_ANCHORS = PrivateApi(
    "mkdocs.structure.pages",
    "Page.links_to_anchors",
    "mkdocs",
    "parallel_wiring copies the links to anchors the child's conversion found; the anchor validation reads them",
)
LOGGER_CALL_HANDLERS = PrivateApi(
    "logging",
    "Logger.callHandlers",
    "",
    "parallel_wiring replaces it in the forked child only, to hand what a conversion logs to the parent",
)
FILE_IS_MODIFIED = PrivateApi(
    "mkdocs.structure.files",
    "File.is_modified",
    "mkdocs",
    "refresh_wiring shadows it on single File objects of a dirty build: MkDocs asks file.is_modified()",
)
POPULATE_PAGE = PrivateApi(
    "mkdocs.commands.build",
    "_populate_page",
    "mkdocs",
    "refresh_wiring reads a page MkDocs' dirty build skipped, as MkDocs reads a modified one, "
    "when what it shows of other pages changed",
)
TAGS_ON_PAGE_MARKDOWN = PrivateApi(
    "material.plugins.tags.plugin",
    "TagsPlugin.on_page_markdown",
    "mkdocs-material",
    "refresh_wiring gives the tags plugin each tagged page a dirty build did not read; "
    "the plugin takes the tags from page.meta, which the hook restores",
)
CONFIG_CURRENT_PAGE = PrivateApi(
    "mkdocs.config.defaults",
    "MkDocsConfig._current_page",
    "mkdocs",
    "preview/wiring reads it when a problem is logged: the page MkDocs is reading or writing, if any",
)
SERVER_BUILDER = PrivateApi(
    "mkdocs.livereload",
    "LiveReloadServer.builder",
    "mkdocs",
    "preview/wiring shadows it on the serve server (on_serve): a rebuild that raises is logged and the server "
    "goes on serving the last build, where MkDocs' server would answer no request until a build succeeds",
)
CREATE_STYLESHEET = PrivateApi(
    "pygments.formatters.html",
    "HtmlFormatter._create_stylesheet",
    "Pygments",
    "highlight_wiring replaces it while a build runs: the style table is computed once per style",
)
HIGHLIGHT_GET_LEXER = PrivateApi(
    "pymdownx.highlight",
    "get_lexer_by_name",
    "pymdown-extensions",
    "highlight_wiring replaces pymdownx.highlight's own reference while a build runs: one lookup per alias",
)


@dataclass(frozen=True)
class LogMessage:
    """A message a library logs, which a hook filters out by its start."""

    logger: str
    text: str
    distribution: str
    how: str


# Not a Python object: a warning MkDocs logs at the start of every dirty build. Under
# `serve --dirty` it is wrong (refresh_wiring makes the navigation what a full build writes),
# so refresh_wiring filters it out on that logger while the session runs.
DIRTY_BUILD_WARNING = LogMessage(
    "mkdocs.commands.build",
    "A 'dirty' build is being performed",
    "mkdocs",
    "refresh_wiring adds a logging filter on this logger under `serve --dirty` that drops this warning only",
)

# Not a Python object: the theme templates nav_wiring rewrites. Their macro call sites
# (speed/nav_html.py: TOP_LEVEL_CALL, CHILDREN_LOOP) must occur exactly once, or the fast
# navigation stays off.
MATERIAL_NAV_TEMPLATES = ("material.templates", ("partials/nav.html", "partials/nav-item.html"), "mkdocs-material")

# Behaviour of MkDocs the speed work relies on, beyond any one object (tests/test_speed_safety.py
# fails if it changes: the site would differ with the speed hooks off).
RELIED_ON = (
    "mkdocs builds the pages one by one and writes each before on_post_page of the next one runs "
    "(csp_wiring hands a page to its forked writer when the next page comes)",
    "mkdocs makes a new config object and a new Jinja environment for every build, serve rebuilds included "
    "(per-build state hangs on the config: core/wiring.build_state)",
    "the url filter makes a link relative to the page's URL only (speed/nav_html.py reuses a link across a folder)",
)

# For tests/test_private_api.py and the docs: every object above.
ALL = (
    PAGE_RENDER,
    PAGE_TITLE_FROM_RENDER,
    PAGE_TITLE,
    PAGE_PRESENT_ANCHOR_IDS,
    PAGE_LINKS_TO_ANCHORS,
    LOGGER_CALL_HANDLERS,
    FILE_IS_MODIFIED,
    POPULATE_PAGE,
    TAGS_ON_PAGE_MARKDOWN,
    CONFIG_CURRENT_PAGE,
    SERVER_BUILDER,
    CREATE_STYLESHEET,
    HIGHLIGHT_GET_LEXER,
)
