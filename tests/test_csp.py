"""Every published page carries a Content Security Policy: only its own inline scripts run.

The build tests and the browser tests run against the session `site`, so they need
hooks/csp.py registered in mkdocs.yml; the instant-navigation gate builds a small site of
its own with only that hook.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import DOCS, REPO, search, warnings_in
from pyairtable_docs.core.codes import coded
from pyairtable_docs.gates import csp_policy
from pyairtable_docs.gates.csp_policy import (
    blocked_after_navigation,
    head_start,
    inline_scripts,
    page_policy,
    policy,
    script_hash,
    with_policy,
)

META = '<meta http-equiv="Content-Security-Policy" content="'
# Every directive but script-src, whose hashes are each page's own.
DIRECTIVES = {
    "default-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
EMPTY_SHA256 = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"  # as Chromium reports it

# Markup where a naive reader and the browser disagree on what is a script, and where it ends.
# Each script that runs pushes its number; the others would push a word.
TRICKY = (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    '<title>Tricky <script>ran.push("title")</script></title>\n'
    "<script>window.ran = [1]</script>\n"
    '<script type="application/json">{"not": "a script"}</script>\n'
    '<script type="text/plain">ran.push("plain")</script>\n'
    '<script src="/nothing.js"></script>\n'
    '<script type=" Text/JavaScript ">ran.push(2)</script>\n'
    '<script type="module">ran.push(3)</script>\n'
    '<script language="javascript">ran.push(4)</script>\n'
    '<script type="">ran.push(5)</script>\n'
    "<script data-note=\"a>b\" TYPE='text/javascript'>ran.push(6)</script>\n"
    '<!-- <script>ran.push("comment")</script> -->\n'
    '<style>/* <script>ran.push("style")</script> */</style>\n'
    "</head>\n<body>\n"
    '<textarea><script>ran.push("textarea")</script></textarea>\n'
    '<noscript><script>ran.push("noscript")</script></noscript>\n'
    '<script>if (1 < 2 && "</scrip") ran.push(7)</script >\n'
    '<script><!--\nran.push(8); var s = "<script>", t = "</script>"; ran.push(9)\n--></script>\n'
    "<script>ran.push(10)\r\n</script>\n"
    '<script>ran.push("never closed")'
)
TRICKY_SCRIPTS = [
    "window.ran = [1]",
    "ran.push(2)",
    "ran.push(3)",
    "ran.push(4)",
    "ran.push(5)",
    "ran.push(6)",
    'if (1 < 2 && "</scrip") ran.push(7)',
    '<!--\nran.push(8); var s = "<script>", t = "</script>"; ran.push(9)\n-->',
    "ran.push(10)\r\n",
]


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(content: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in content.split(";"))


# --- the pure functions ----------------------------------------------------------------------


def test_a_script_hash_is_the_one_a_browser_computes() -> None:
    assert script_hash("") == EMPTY_SHA256
    assert script_hash("alert(1)") == sha256("alert(1)")
    # the HTML parser turns CR LF and lone CR into LF before any script sees its text
    assert script_hash("a()\r\nb()\rc()") == script_hash("a()\nb()\nc()")


def test_inline_scripts_are_what_a_browser_runs_with_their_exact_text() -> None:
    assert [script.text for script in inline_scripts(TRICKY)] == TRICKY_SCRIPTS


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_any_script_text_is_found_exactly(text: str) -> None:
    assume("</script" not in text.lower() and "<!--" not in text)
    page = f"<html><head><script>{text}</script></head><body><p>after</p></body></html>"
    assert [script.text for script in inline_scripts(page)] == [text]


def test_only_scripts_in_materials_container_are_run_again_by_instant_navigation() -> None:
    page = (
        "<html><head><script>head()</script></head><body><script>palette()</script>"
        '<div class="md-container" data-md-component="container"><div><div></div>'
        "<script>tabs()</script></div><script>target()</script></div><script>after()</script></body></html>"
    )
    assert [(s.text, s.rerun) for s in inline_scripts(page)] == [
        ("head()", False),
        ("palette()", False),
        ("tabs()", True),
        ("target()", True),
        ("after()", False),
    ]


def test_a_pages_policy_allows_its_inline_scripts_by_hash_and_nothing_else_inline() -> None:
    page = "<html><head><script>a()</script><script>a()</script></head><body><script>b()</script></body></html>"
    content = page_policy(page)
    assert directives(content) == {**DIRECTIVES, "script-src": f"'self' {sha256('a()')} {sha256('b()')}"}
    assert "unsafe-eval" not in content
    assert directives(page_policy("<html><head></head></html>"))["script-src"] == "'self'"


def test_extra_sources_and_the_serve_mode_policy() -> None:
    elsewhere = "https://scripts.example.test/widget.js"
    assert directives(policy([sha256("a()")], [elsewhere]))["script-src"] == f"'self' {sha256('a()')} {elsewhere}"
    # a hash beside 'unsafe-inline' would make the browser ignore 'unsafe-inline'
    assert directives(policy([sha256("a()")], any_inline_script=True))["script-src"] == "'self' 'unsafe-inline'"


def test_the_meta_tag_opens_the_head_after_only_the_charset() -> None:
    page = '<!doctype html>\n<!-- <head> -->\n<html>\n  <head>\n    <meta charset="utf-8">\n    <title>t</title>'
    result = with_policy(page, "default-src 'self'")
    assert result == page.replace('"utf-8">', '"utf-8">' + META + "default-src 'self'\">")
    bare = with_policy("<html><head lang=en><script>x()</script>", 'a "quoted" & <odd> policy')
    assert bare == f'<html><head lang=en>{META}a &quot;quoted&quot; &amp; &lt;odd&gt; policy"><script>x()</script>'


def test_a_page_without_a_head_tag_is_refused() -> None:
    with pytest.raises(ValueError, match="no <head> start tag"):
        head_start("<html><body><head></head>")


def test_a_script_only_some_policies_allow_is_reported_with_those_pages() -> None:
    theme = {sha256("tabs()")}
    allowed = {"docs/a.md": theme | {sha256("a-head()")}, "docs/b.md": theme | {sha256("own()")}, "404.html": theme}
    assert blocked_after_navigation({"docs/a.md": theme, "docs/b.md": theme, "404.html": theme}, allowed) == {}
    rerun = {"docs/a.md": theme, "docs/b.md": theme | {sha256("own()")}, "404.html": theme}
    assert blocked_after_navigation(rerun, allowed) == {"docs/b.md": ["docs/a.md", "404.html"]}


# --- the built site --------------------------------------------------------------------------


class _PageScripts(HTMLParser):
    """An independent reading (Python's own HTML parser): CSP metas, head order, inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.policies: list[str] = []
        self.head_elements: list[str] = []
        self.scripts: list[str] = []
        self._in_head = False
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self._in_head:
            self.head_elements.append(
                "csp"
                if found.get("http-equiv") == "Content-Security-Policy"
                else "charset"
                if tag == "meta" and "charset" in found
                else tag
            )
        if tag == "head":
            self._in_head = True
        if tag == "meta" and found.get("http-equiv") == "Content-Security-Policy":
            self.policies.append(found["content"] or "")
        if tag == "script" and "src" not in found and (found.get("type") or "text/javascript") != "application/json":
            self._script = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)


def policy_problems(name: str, html: str) -> list[str]:
    """What is wrong with one built page's policy: count, place, directives, script hashes."""
    reader = _PageScripts()
    reader.feed(html)
    if len(reader.policies) != 1:
        return [f"{name}: {len(reader.policies)} CSP meta tags"]
    problems = []
    found = directives(reader.policies[0])
    script_src = found.pop("script-src", "").split()
    if found != DIRECTIVES or script_src[:1] != ["'self'"]:
        problems.append(f"{name}: unexpected policy {reader.policies[0]}")
    if set(script_src[1:]) != {sha256(text) for text in reader.scripts}:
        problems.append(f"{name}: script hashes {script_src[1:]} do not match its inline scripts")
    if [element for element in reader.head_elements if element != "charset"][:1] != ["csp"]:
        problems.append(f"{name}: the policy is not the first element of <head>: {reader.head_elements[:3]}")
    return problems


def test_every_built_page_carries_one_policy_allowing_exactly_its_inline_scripts(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    authored = sum(1 for _ in DOCS.rglob("*.md"))  # each becomes a page; generated pages come on top
    assert site / "404.html" in pages and len(pages) > authored
    problems = [
        problem
        for path in pages
        for problem in policy_problems(path.relative_to(site).as_posix(), path.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)


SIMPLE = (
    '<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>t</title>\n<script>setup()</script>\n</head>\n'
    '<body>\n<script id="__config" type="application/json">{}</script>\n<article><p>text</p></article>\n'
    "<script>tabs()</script>\n</body>\n</html>\n"
)


def test_the_page_check_catches_each_planted_fault() -> None:
    right = with_policy(SIMPLE, page_policy(SIMPLE))
    assert policy_problems("right", right) == []
    planted = {
        "no policy": SIMPLE,
        "two policies": with_policy(right, page_policy(SIMPLE)),
        "a script added after the build": right.replace("</article>", "<script>late()</script></article>"),
        "a hash missing": right.replace(f" {sha256('tabs()')}", ""),
        "any inline script allowed": right.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
        "a stylesheet before the policy": right.replace('<meta charset="utf-8">', "<link rel=stylesheet href=x.css>"),
    }
    for fault, html in planted.items():
        assert policy_problems(fault, html), fault


# --- the instant-navigation gate, on a small site built with only the CSP hook ---------------


def build_small_site(tmp_path: Path, pages: dict[str, str]) -> Path:
    docs = tmp_path / "docs"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        "site_name: CSP gate\n"
        "theme:\n  name: material\n  features: [navigation.instant]\n"
        f"hooks:\n  - {REPO / 'hooks/csp.py'}\n"
    )
    config = load_config(str(config_file), strict=True, docs_dir=str(docs), site_dir=str(tmp_path / "site"))
    build(config)
    return tmp_path / "site"


def test_pages_without_inline_scripts_of_their_own_build_cleanly(tmp_path: Path, caplog) -> None:
    site = build_small_site(tmp_path, {"index.md": "# Home\n", "other.md": "# Other\n"})
    assert warnings_in(caplog) == []
    assert META in (site / "other/index.html").read_text() and META in (site / "404.html").read_text()


def test_an_inline_script_in_one_pages_content_fails_the_build(tmp_path: Path, caplog) -> None:
    with pytest.raises(Abort):
        build_small_site(tmp_path, {"index.md": "# Home\n", "other.md": "# Other\n\n<script>window.x = 1</script>\n"})
    [message] = warnings_in(caplog)
    assert message.endswith(
        ": "
        + coded(
            "CSP001",
            "docs/other.md: an inline script in the page content is missing from the policy of 404.html "
            "(2 pages in all); instant navigation from such a page runs it under that page's policy, which "
            "blocks it: move it into a JavaScript file (extra_javascript)",
        )
    )


# --- in Chromium -----------------------------------------------------------------------------

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(
    `${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`), true);
"""
PWNED = "<script>window.__pwned = 1</script>"
POLICY_TAG = 'meta[http-equiv="Content-Security-Policy"]'


def watch_console(page) -> list[str]:
    """Record securitypolicyviolation events in each document (see `reported`); return the CSP
    errors Chromium logs to the console, from now on and across navigations."""
    page.add_init_script(RECORD_VIOLATIONS)
    logged: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and logged.append(message.text))
    return logged


def reported(page) -> list[str]:
    """The securitypolicyviolation events of the document now shown."""
    return page.evaluate("window.__csp")


def strip_policy(html: str) -> str:
    return re.sub(re.escape(META) + '[^"]*">', "", html)


def plant_script(site: Path, page, path: str, *, keep_policy: bool = True, own_policy: bool = False) -> None:
    """Serve path with PWNED added to its article: under its policy, without one, or under one allowing it."""
    assert META in (site / path / "index.html").read_text(), "no policy: is hooks/csp.py registered in mkdocs.yml?"

    def plant(route) -> None:
        response = route.fetch()
        html = response.text()
        if not keep_policy or own_policy:
            html = strip_policy(html)
        html = html.replace("</article>", PWNED + "</article>", 1)
        route.fulfill(response=response, body=with_policy(html, page_policy(html)) if own_policy else html)

    page.route(page.base_url + path, plant)


@pytest.mark.browser
def test_the_site_works_under_its_policy_without_a_single_violation(page) -> None:
    console = watch_console(page)
    page.goto(page.base_url, wait_until="networkidle")
    assert page.locator(POLICY_TAG).count() == 1, "no policy: is hooks/csp.py registered in mkdocs.yml?"
    assert reported(page) == [], "home page"

    search(page, "JWT")  # Material's search runs in a web worker (worker-src)
    page.locator(".md-search-result__list a").first.wait_for(timeout=60_000)  # the index builds in a worker
    assert reported(page) == [], "search"

    page.goto(page.base_url, wait_until="networkidle")
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert {before, body.get_attribute("data-md-color-scheme")} == {"default", "slate"}
    assert reported(page) == [], "palette toggle"

    page.evaluate("window.__marker = 'same document'")
    page.locator("article a[href$='ARCHITECTURE/']").first.click()
    page.wait_for_url("**/ARCHITECTURE/")
    diagram = sorted(DOCS.glob("ARCHITECTURE/diagrams/*.mermaid"))[0].stem  # whichever the docs have
    page.evaluate(
        """(name) => { const a = document.createElement('a');
        a.href = new URL('diagrams/' + name + '/', location.href).href;
        document.querySelector('article').appendChild(a); a.click(); }""",
        diagram,
    )
    page.wait_for_url(f"**/ARCHITECTURE/diagrams/{diagram}/")
    page.locator("article figure.hub-diagram svg").first.wait_for(timeout=15_000)
    assert page.evaluate("window.__marker") == "same document", "instant navigation reloaded the page"
    assert reported(page) == [], "instant navigation to a page with a diagram"

    page.goto(page.base_url + f"ARCHITECTURE/diagrams/{diagram}/", wait_until="networkidle")
    page.locator("article figure.hub-diagram svg").first.wait_for(timeout=15_000)
    assert reported(page) == [], "a diagram page on a fresh load"
    page.goto(page.base_url + "404.html", wait_until="networkidle")
    assert page.locator(POLICY_TAG).count() == 1 and reported(page) == [], "the 404 page"
    assert console == []
    assert page.off_host_requests == []


@pytest.mark.browser
@pytest.mark.parametrize("keep_policy", [True, False], ids=["with-policy", "policy-stripped"])
def test_an_inline_script_planted_in_a_built_page_does_not_run(site: Path, page, keep_policy: bool) -> None:
    console = watch_console(page)
    plant_script(site, page, "SECURITY/", keep_policy=keep_policy)
    page.goto(page.base_url + "SECURITY/", wait_until="networkidle")
    assert page.evaluate("[...document.querySelectorAll('article script')].some(s => s.text.includes('__pwned'))")
    if keep_policy:
        assert page.evaluate("typeof window.__pwned") == "undefined"
        page.wait_for_function("() => window.__csp.length > 0")
        assert reported(page)[0].startswith("script-src-elem blocked inline"), reported(page)
    else:  # the control: the same page without its policy runs the script, and nothing is reported
        assert page.evaluate("window.__pwned") == 1
        assert reported(page) == [] and console == []


@pytest.mark.browser
def test_chromium_runs_every_script_the_policy_hashes_and_no_other(page) -> None:
    console = watch_console(page)
    url = page.base_url + "tricky/"
    body = with_policy(TRICKY, page_policy(TRICKY))
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body))
    page.goto(url, wait_until="networkidle")
    assert sorted(page.evaluate("window.ran")) == list(range(1, 11))
    assert reported(page) == [] and console == []


@pytest.mark.browser
def test_instant_navigation_keeps_the_first_pages_policy(site: Path, page) -> None:
    """Why the build refuses an inline script of one page's own: arriving by a link, it is blocked."""
    watch_console(page)
    plant_script(site, page, "ARCHITECTURE/", own_policy=True)
    page.goto(page.base_url + "ARCHITECTURE/", wait_until="networkidle")
    assert page.evaluate("window.__pwned") == 1 and reported(page) == [], "its own policy allows it"

    page.goto(page.base_url, wait_until="networkidle")
    page.evaluate("window.__marker = 'same document'")
    page.locator("article").get_by_role("link", name="Architecture overview").click()
    page.wait_for_url("**/ARCHITECTURE/")
    page.wait_for_function("() => window.__csp.length > 0")
    assert page.evaluate("window.__marker") == "same document"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert reported(page)[0].startswith("script-src-elem blocked inline"), reported(page)


# The fast scan (_SCRIPT_TOKEN) must find exactly the scripts the full tokenizer finds.
_html_pieces = st.sampled_from(
    [
        "<script>a()</script>",
        "<SCRIPT type=module>b()</script>",
        "<script src=x.js></script>",
        '<div data-md-component="container">',
        "<div>",
        "</div>",
        "<!-- <script>c()</script> -->",
        "<!-->",
        "<style>p{}</script></style>",
        "<textarea><script>d()</script></textarea>",
        "<title>x</title>",
        '<a title="<script>e()</script>">',
        "<a title='>'>",
        '<p =">">',
        "<",
        "</",
        "< script>",
        "<scriptx>",
        "<!doctype html>",
        "<?php ?>",
        "<![CDATA[<script>]]>",
        "<script><!--<script></script>-->f()</script>",
        "<noscript><script>g()</script></noscript>",
        "<plaintext>",
        "text",
        "\n",
        ">",
        '"',
        "'",
        "=",
        "<svg><script>h()</script></svg>",
        "<div class=x",
        "<script",
        "</script >",
        "<br/>",
        "<DIV data-md-component=container>",
        "</DiV>",
        "<StYlE>",
        "</SCRIPT>",
        "<TextArea>",
        '<span class="k">',
        "</span>",
        '<span class="a b" title="<script>">',
        "</a>",
        "</li >",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_html_pieces, max_size=30).map("".join))
def test_the_fast_scan_finds_what_the_full_tokenizer_finds(page: str) -> None:
    full = [tag for tag in csp_policy._tags(page) if tag[0] == "script"]
    fast = [tag for tag in csp_policy._tags(page, csp_policy._SCRIPT_TOKEN) if tag[0] == "script"]
    assert fast == full
