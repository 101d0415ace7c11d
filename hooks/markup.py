"""Putting author-controlled text into generated Markdown, HTML and Mermaid safely.

Every value from front matter goes through one of these before it is rendered: it
comes out as literal text, never as markup, a link or a script.
"""

from __future__ import annotations

import html
import re

# Characters that Markdown (tables, links, emphasis, code, emoji, attr_list, HTML)
# would read as syntax; written as numeric references they render as themselves.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()<>#+!|&\":=]")


def md_text(value: object) -> str:
    """``value`` as inline Markdown that renders as exactly that text, on one line."""
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)


def html_text(value: object) -> str:
    return html.escape(str(value), quote=True)


def mermaid_label(value: object) -> str:
    """Text for inside a quoted Mermaid label: no quotes, brackets or markup survive."""
    text = " ".join(str(value).split())
    return re.sub(r"[\"<>&#;`\[\]{}()|]", lambda m: f"#{ord(m.group())};", text)


def css_token(value: str) -> str:
    """A value as a CSS class suffix (enumerated values only, but never trusted)."""
    return re.sub(r"[^a-z0-9-]", "", value.lower())


def insert_after_title(markdown: str, block: str) -> str:
    """``block`` right under the page's first level-1 heading (or on top when it has none)."""
    lines = markdown.split("\n")
    in_fence = False
    for number, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and line.startswith("# "):
            return "\n".join([*lines[: number + 1], "", block, *lines[number + 1:]])
    return block + "\n" + markdown
