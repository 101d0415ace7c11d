"""MkDocs hook: code highlighting without the work pymdownx.highlight repeats for every block.

For each code block, pymdownx.highlight looks the lexer up among Pygments' 600 by alias and
builds a new Pygments HTML formatter, which computes the whole style table again. Both results
depend only on their inputs (the alias; the style and class prefix), so they are computed once
per process here (pure memos: keyed by everything the result depends on). The HTML is the
same byte for byte: tests/test_highlight_speed.py compares. A third of Markdown conversion
at 1,000 pages of code-heavy docs.

The two replacements (speed/private_api.py) are in place from on_config to the end of the
build, and only in a build where speed/switch.py lets the hook run.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from pygments.formatters.html import HtmlFormatter
from pygments.lexers import get_lexer_by_name

from pyairtable_docs.speed import switch
from pyairtable_docs.speed.private_api import CREATE_STYLESHEET, HIGHLIGHT_GET_LEXER

log = get_plugin_logger(__name__)

NAME = "the highlighting shortcuts (hooks/highlight_speed.py)"
DEPENDS_ON = ["Pygments", "pymdown-extensions"]

_lexer_classes: dict[str, type] = {}
_stylesheets: dict[tuple[Any, str], tuple[dict, dict]] = {}
_get_lexer_by_name = HIGHLIGHT_GET_LEXER.get()
_create_stylesheet = CREATE_STYLESHEET.get()


def lexer_by_name(alias: str, **options: Any) -> Any:
    """Pygments' get_lexer_by_name, with the alias -> lexer class lookup done once."""
    cls = _lexer_classes.get(alias.lower()) if alias else None
    if cls is None:
        lexer = get_lexer_by_name(alias, **options)  # raises ClassNotFound, as before
        _lexer_classes[alias.lower()] = type(lexer)
        return lexer
    return cls(**options)


def stylesheet_once(formatter: HtmlFormatter) -> None:
    """HtmlFormatter._create_stylesheet, computed once per style and class prefix."""
    key = (formatter.style, formatter.classprefix)
    if key not in _stylesheets:
        _create_stylesheet(formatter)
        _stylesheets[key] = (dict(formatter.ttype2class), dict(formatter.class2style))
    token_classes, class_styles = _stylesheets[key]
    formatter.ttype2class, formatter.class2style = dict(token_classes), dict(class_styles)


def install() -> None:
    HIGHLIGHT_GET_LEXER.set(lexer_by_name)
    CREATE_STYLESHEET.set(stylesheet_once)


def uninstall() -> None:
    HIGHLIGHT_GET_LEXER.set(_get_lexer_by_name)
    CREATE_STYLESHEET.set(_create_stylesheet)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if reason := switch.why_off(DEPENDS_ON, config.theme.name):
        (log.debug if switch.switched_off() else log.info)(f"{NAME} is off: {reason}")
        uninstall()
        return config
    install()
    log.debug(f"{NAME} is on")
    return config


def on_post_build(*, config: MkDocsConfig) -> None:
    uninstall()


def on_build_error(*, error: Exception) -> None:
    uninstall()
