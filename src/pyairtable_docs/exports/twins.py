"""The Markdown twin of a page: the Markdown a page is made from, readable without the site.

A page's twin is the Markdown MkDocs converted, after every hook has put in its generated part
(catalog tables, the decision log, schema references, the dashboard, alert tables) and every
contract value embedded: what the page says, not how an author asked for it. On top of that:

- files the page includes with ``--8<--`` are put in, as the HTML page shows them;
- links to other pages point to their twins, links to other files to those files, both
  relative to the twin (which lies in the page's URL folder, not in its source folder);
- the theme-only HTML that generators wrap Markdown in (cards, badges, progress bars) is
  taken off, so the text stays and the styling goes.

Diagrams stay as the ```` ```mermaid ```` fences they were written as. Pure functions only.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import markdownify

from pyairtable_docs.core.markup import CODE_FENCE, SNIPPET_MARKER, SNIPPET_SELECTOR


def twin_uri(dest_uri: str) -> str:
    """Where a page's twin is written: ``A/B/index.html`` -> ``A/B/index.md``."""
    stem, dot, _ = dest_uri.rpartition(".")
    return (stem if dot else dest_uri) + ".md"


# ------------------------------------------------------------------ snippets


def include_snippets(markdown: str, read: Callable[[str], str | None]) -> str:
    """``markdown`` with each ``--8<--`` line replaced by the file it names, as pymdownx.snippets does.

    ``read`` gives a docs-relative file's text (None: not there, the line is kept; the build
    reports it). A selector after the name (``:3:9``, ``:section``) is not applied: the whole
    file is put in, which is more than the page shows, never less.
    """
    out: list[str] = []
    block = False
    for line in markdown.split("\n"):
        marker = SNIPPET_MARKER.match(line)
        if marker and marker["escape"]:
            out.append(line.replace(";", "", 1))
            continue
        if marker and marker["quoted"] is None:
            block = not block
            continue
        name = marker["quoted"][1:-1].strip() if marker else line.strip() if block else None
        if name is None:
            out.append(line)
            continue
        if not name or name.startswith(";"):
            continue  # a blank or commented-out name: the extension drops the line
        included = read(SNIPPET_SELECTOR.sub("", name, count=1))
        if included is None:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        out.extend(indent + part if part else part for part in included.rstrip("\n").split("\n"))
    return "\n".join(out)


# ------------------------------------------------------------------ links

# An inline link or image: [text](target "title"); the target is group "target".
_INLINE = re.compile(
    r"(?P<head>!?\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]\(\s*)"
    r"(?P<target><[^<>\n]*>|[^\s()<>]+(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?P<tail>(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\))"
)
# A link reference definition: [label]: target
# (indented too: inside an admonition or a tab a definition is indented with its block)
_REFERENCE = re.compile(r"^(?P<head>[ \t]*\[(?:[^\]\\]|\\.)+\]:[ \t]*)(?P<target><[^<>\n]*>|\S+)")
# A link in raw HTML: href="..." or src="..."
_HTML_ATTRIBUTE = re.compile(r"(?P<head>\b(?:href|src)=(?P<quote>[\"']))(?P<target>[^\"'\n]*)(?=(?P=quote))")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def _outside_code_spans(line: str) -> Iterator[tuple[bool, str]]:
    """(is_code, text) pieces of one line."""
    position = 0
    for span in _CODE_SPAN.finditer(line):
        yield False, line[position : span.start()]
        yield True, span.group()
        position = span.end()
    yield False, line[position:]


def _masked(line: str) -> str:
    """``line`` with the text of its code spans blanked out, same length: a link's text may hold code."""
    return _CODE_SPAN.sub(lambda m: m.group(1) + "\x1a" * (len(m.group()) - 2 * len(m.group(1))) + m.group(1), line)


def _replace_targets(pattern: re.Pattern[str], line: str, new_target: Callable[[str], str | None]) -> str:
    """Each ``target`` group ``pattern`` finds in ``line`` (code spans blanked) replaced in ``line`` itself."""
    pieces, position = [], 0
    for match in pattern.finditer(_masked(line)):
        start, end = match.span("target")
        target = line[start:end]
        bracketed = target.startswith("<") and target.endswith(">")
        found = new_target(target[1:-1] if bracketed else target)
        if found is None:
            continue
        if bracketed or " " in found:
            found = f"<{found}>"
        pieces += [line[position:start], found]
        position = end
    return "".join(pieces) + line[position:]


def rewrite_links(markdown: str, new_target: Callable[[str], str | None]) -> str:
    """Every link, image and HTML href/src target outside code, passed through ``new_target``
    (None keeps it as it is)."""
    lines = markdown.split("\n")
    outside = {number for number, _ in _lines_outside_fences(lines)}
    for index, line in enumerate(lines):
        if index not in outside:
            continue
        if _REFERENCE.match(line):
            lines[index] = _replace_targets(_REFERENCE, line, new_target)
            continue
        line = _replace_targets(_INLINE, line, new_target)
        lines[index] = _replace_targets(_HTML_ATTRIBUTE, line, new_target)
    return "\n".join(lines)


def _lines_outside_fences(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(index, line) of the lines outside fenced code. A fence closes only with a bare fence of its
    character at least as long (CommonMark), so a ```` fence can show a ``` one."""
    fence = ""
    for index, line in enumerate(lines):
        marker = CODE_FENCE.match(line)
        if fence:
            closing = marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence)
            if closing and not line[marker.end() :].strip():
                fence = ""
        elif marker:
            fence = marker.group(1)
        else:
            yield index, line


def lines_outside_fences(markdown: str) -> Iterator[str]:
    return (line for _, line in _lines_outside_fences(markdown.split("\n")))


@dataclass(frozen=True)
class SiteMap:
    """What a link of a page can reach, in site paths (relative to the site root, '/'-separated).

    ``pages``: a page's source path -> its twin; ``page_urls``: a page's URL -> its twin;
    ``files``: any other file's source path -> its URL.
    """

    pages: Mapping[str, str]
    page_urls: Mapping[str, str]
    files: Mapping[str, str]


def link_target(target: str, page_src: str, page_url: str, site: SiteMap, base: str | None = None) -> str | None:
    """Where a link of the page at ``page_src`` (whose URL is ``page_url``) goes from its twin.

    Links to pages lead to their twins, links to other files to those files. A link that
    leaves the site, stays on the page (``#anchor``) or reaches nothing known is kept (None).
    With ``base``, the new target is ``base`` + the site path (for llms-full.txt, read from
    the site root); without it, relative to the twin.
    """
    parts = urllib.parse.urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or target.startswith("/"):
        return None
    path = urllib.parse.unquote(parts.path)
    site_path = _reached(path, page_src, page_url, site)
    if site_path is None:
        return None
    suffix = ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
    if base is not None:
        return base + urllib.parse.quote(site_path) + suffix
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    relative = posixpath.relpath(site_path, folder.rstrip("/") or ".")
    return urllib.parse.quote(relative) + suffix


def _reached(path: str, page_src: str, page_url: str, site: SiteMap) -> str | None:
    """The site path a link's path reaches, as a source path first (how authors link), then as a URL."""
    from_source = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), path))
    if from_source in site.pages:
        return site.pages[from_source]
    if from_source in site.files:
        return site.files[from_source]
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    as_url = posixpath.normpath(posixpath.join(folder, path))
    as_url = "" if as_url == "." else as_url + ("/" if path.endswith("/") else "")
    return site.page_urls.get(as_url)


# ------------------------------------------------------------------ the tags index

TAGS_MARKER = "<!-- material/tags -->"


def tags_listing(tagged: Mapping[str, list[tuple[str, str]]]) -> str:
    """Material's tags index as Markdown: a heading per tag (sorted), a link per page bearing it.

    ``tagged``: tag -> (title, link) of its pages; the tags plugin writes its listing into the
    HTML only, so the twin of the page holding the marker gets this instead.
    """
    parts = []
    for tag in sorted(tagged, key=str.casefold):
        links = sorted(tagged[tag], key=lambda page: page[0].casefold())
        parts.append(f"## {tag}\n\n" + "\n".join(f"- [{title}]({link})" for title, link in links))
    return "\n\n".join(parts)


# ------------------------------------------------------------------ theme-only HTML

# Wrappers whose content is Markdown (md_in_html): the lines of the wrapper go, the content stays.
_WRAPPER_TAGS = "div|section|article|details"
_MARKDOWN_WRAPPER = re.compile(
    rf"^[ \t]*(?:<(?:{_WRAPPER_TAGS})\b[^>\n]*\bmarkdown\b[^>\n]*>|</(?:{_WRAPPER_TAGS})>)[ \t]*$"
)
# A line that starts an HTML block: a tag first (comments and autolinks are not HTML blocks here).
_HTML_BLOCK = re.compile(r"^([ \t]*)<(?:[a-zA-Z][a-zA-Z0-9-]*|/[a-zA-Z][a-zA-Z0-9-]*)(?:[\s/>]|$)")
_PROGRESS = re.compile(r"<progress\b[^>]*>\s*</progress>\s?")
_SPAN = re.compile(r"<span\b[^>]*>([^<>]*)</span>")
# Characters that core.markup.md_text writes as numeric references so that they cannot be Markdown
# syntax, but that are plain text wherever they stand: in a twin they are written as themselves.
_PLAIN_CHARACTERS = frozenset(":()'\"=_+-.,;/%")
_NUMERIC_REFERENCE = re.compile(r"&#(\d+);")


def _plain_references(text: str) -> str:
    def character(match: re.Match[str]) -> str:
        code = int(match.group(1))
        if code == 10:
            return " "
        return chr(code) if code < 0x110000 and chr(code) in _PLAIN_CHARACTERS else match.group()

    return _NUMERIC_REFERENCE.sub(character, text)


_INLINE_TAGS = (
    (re.compile(r"<code>([^<>`]*)</code>"), r"`\1`"),
    (re.compile(r"<strong>([^<>*]*)</strong>"), r"**\1**"),
    (re.compile(r"<em>([^<>*]*)</em>"), r"*\1*"),
)


def html_as_markdown(html: str) -> str:
    """An HTML block as Markdown (markdownify): tables as pipe tables, <p>, <strong>, <code>, <a> as
    their Markdown. Markdown characters in the text are left as they are, not escaped: the HTML
    came from Markdown-aware generators, and a reader wants the text."""
    converted = markdownify.markdownify(
        html, heading_style="ATX", bullets="-", escape_asterisks=False, escape_underscores=False, escape_misc=False
    )
    return re.sub(r"\n{3,}", "\n\n", converted).strip("\n")


def _convert_html_blocks(lines: list[str]) -> list[str]:
    """Each run of non-blank lines that starts with a tag, outside code, converted to Markdown at its indentation."""
    outside = {index for index, _ in _lines_outside_fences(lines)}
    out: list[str] = []
    index = 0
    while index < len(lines):
        start = _HTML_BLOCK.match(lines[index]) if index in outside else None
        if start is None:
            out.append(lines[index])
            index += 1
            continue
        indent, block = start.group(1), []
        while index < len(lines) and lines[index].strip() and index in outside:
            block.append(lines[index].removeprefix(indent))
            index += 1
        converted = html_as_markdown("\n".join(block))
        out.extend(indent + line if line else line for line in converted.split("\n"))
    return out


def plain_markdown(markdown: str) -> str:
    """The generators' HTML as Markdown: styling wrappers taken off with their text kept, HTML blocks
    converted, inline tags that Markdown has a form for written in it (outside code blocks)."""
    lines = markdown.split("\n")
    outside = {index for index, _ in _lines_outside_fences(lines)}
    lines = [line for index, line in enumerate(lines) if index not in outside or not _MARKDOWN_WRAPPER.match(line)]
    lines = _convert_html_blocks(lines)
    outside = {index for index, _ in _lines_outside_fences(lines)}
    kept = []
    for index, line in enumerate(lines):
        if index in outside:
            line = _SPAN.sub(r"\1", _PROGRESS.sub("", line))
            line = "".join(t if code else _plain_references(t) for code, t in _outside_code_spans(line))
            for tag, markdown_form in _INLINE_TAGS:
                line = tag.sub(markdown_form, line)
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept))


# ------------------------------------------------------------------ the twin


def front_matter_block(source: str) -> str:
    """The page's front matter exactly as written (with its ``---`` lines), or ''."""
    match = re.match(r"\A(?:\ufeff)?(---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*)(?:\r?\n|\Z)", source, re.DOTALL)
    return match.group(1).replace("\r\n", "\n") + "\n\n" if match else ""


def has_title(markdown: str) -> bool:
    return any(line.startswith("# ") for line in lines_outside_fences(markdown))


def twin_text(markdown: str, title: str | None, front_matter: str = "") -> str:
    """A twin's whole text from its body (already through plain_markdown): front matter as authored,
    a title line when the body has none, the body."""
    body = markdown.strip("\n")
    heading = "" if has_title(body) or not title else f"# {title}\n\n"
    return front_matter + heading + body + "\n"
