"""The live preview's problem banner: which page a logged problem is about, and the banner's HTML.

Under `mkdocs serve` the problems the checks log (a warning that `--strict` would fail on, or
the error that stops a build) are shown on the page they are about, at the top of its
content, besides being printed in the terminal. Pure functions of text: the wiring
(preview/wiring.py) collects the messages and writes the pages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

# What a check logs: an optional logger prefix ("pyairtable_docs: "), an optional error code,
# then the file under docs/ and, after a colon, what is wrong. MkDocs' own link warnings name
# the page as "Doc file 'x.md' ..." or "Error reading page 'x.md': ...".
_OURS = re.compile(r"^(?:[\w.-]+: )?(?:[A-Z]{3}\d{3} )?docs/(?P<path>[^\s:]+)(?::\d+)?:")
_MKDOCS = re.compile(r"^(?:Doc file|Error (?:reading|building) page) '(?P<path>[^']+)'")
_URL = re.compile(r"https?://[^\s<>()]+")

START, END = "<!-- hub-preview-problems -->", "<!-- /hub-preview-problems -->"
_BANNER = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
_CONTENT = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>')
_BODY = re.compile(r"<body\b[^>]*>")


def problem_path(message: str) -> str | None:
    """The docs-relative file a logged message is about, or None (not about one file)."""
    match = _OURS.match(message) or _MKDOCS.match(message)
    return match["path"] if match else None


def page_of(path: str, pages: Callable[[str], bool]) -> str | None:
    """The page showing ``path``: the page itself, or the page made from a non-Markdown file
    of the same name (a diagram's .mermaid file, a schema's .yaml); None if there is none."""
    if pages(path):
        return path
    stem = path.rpartition(".")[0] if "." in path.rpartition("/")[2] else path
    return stem + ".md" if stem and pages(stem + ".md") else None


_LOGGER_PREFIX = re.compile(r"^[\w.-]+: (?=[A-Z]{3}\d{3} |docs/)")


def _message(text: str) -> str:
    """A message as HTML: without the logger's prefix, each address a link."""
    text = _LOGGER_PREFIX.sub("", text)
    out, at = [], 0
    for url in _URL.finditer(text):
        out.append(html.escape(text[at : url.start()]))
        link = url[0].rstrip(".,;")
        out.append(f'<a href="{html.escape(link)}">{html.escape(link)}</a>')
        out.append(html.escape(url[0][len(link) :]))
        at = url.end()
    out.append(html.escape(text[at:]))
    return "".join(out)


def banner(problems: Sequence[str], *, stopped: bool = False) -> str:
    """The banner listing ``problems`` (messages as logged); ``stopped``: one of them stopped the build."""
    if stopped:
        title = "This edit stopped the build: the page below is the last one built"
        after = "The rest of the site shows the last build too. Fix the problem and save to rebuild."
    else:
        count = "A problem" if len(problems) == 1 else f"{len(problems)} problems"
        title = f"{count} in this page's files: the published build would fail"
        after = "Shown only in the preview (mkdocs serve); the terminal lists them too."
    items = "".join(f"<li><code>{_message(p)}</code></li>" for p in problems)
    return (
        f'{START}<div class="admonition danger hub-preview-problems" role="alert" data-search-exclude>'
        f'<p class="admonition-title">{html.escape(title)}</p>'
        f"<ul>{items}</ul><p>{html.escape(after)}</p></div>{END}"
    )


def without_banner(page_html: str) -> str:
    return _BANNER.sub("", page_html)


def with_banner(page_html: str, shown: str) -> str:
    """``page_html`` with ``shown`` (a banner, or "") at the top of its content, any earlier banner gone."""
    page_html = without_banner(page_html)
    if not shown:
        return page_html
    spot = _CONTENT.search(page_html) or _BODY.search(page_html)
    if spot is None:
        return shown + page_html
    return page_html[: spot.end()] + shown + page_html[spot.end() :]
