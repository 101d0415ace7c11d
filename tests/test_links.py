"""The built site offline: no broken internal link, anchor or image.

LinkChecker crawls the site for pages, images and stylesheets; links off the site are listed,
never fetched. Anchors are checked by reading the built HTML: each link's fragment must be an
id (or name) in the page it names. (LinkChecker's own anchor check downloads a page again for
each of its anchors: a thousand downloads, 100 s on the real site, for what one pass over the
files finds.) The site is served by a loopback server of this module's own: it answers with a
`LinkChecker` header, which is how a server lifts LinkChecker's per-host rate limit (without it
the crawl waits 0.1-0.6 s before each request).
"""

from __future__ import annotations

import contextlib
import http.server
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import page_weight
from conftest import MiniSite

LINKCHECKERRC = """\
[checking]
threads=4
timeout=10
maxrequestspersecond=1000

[filtering]
checkextern=0
"""
EXTERNAL_SCHEMES = ("http://", "https://", "mailto:", "ftp://")


@dataclass
class LinkReport:
    problems: list[str]  # one line per broken link, anchor or image, with the page that has it
    external: list[str]  # links off the site: listed, not fetched
    fetched: set[str]  # site URLs LinkChecker downloaded (and, without a fragment, crawled)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


def serving(site: Path) -> contextlib.AbstractContextManager[str]:
    """The built site over HTTP on 127.0.0.1, for LinkChecker."""
    return page_weight.serving(site, _Handler)


def check_links(base_url: str, workdir: Path, own_urls: str = "") -> LinkReport:
    """Crawl the site at base_url with LinkChecker, links with a fragment aside; fetch nothing off it.

    own_urls: the site's published address (its canonical links): neither checked nor listed.
    """
    config = workdir / "linkcheckerrc"
    config.write_text(LINKCHECKERRC, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "linkcheck",
        "--config",
        str(config),
        "--no-status",
        "--verbose",
        "--output",
        "xml/utf-8",
        "--ignore-url",
        f"^(?!{re.escape(base_url)})",
        # A URL with a fragment is checked by anchor_problems, page and anchor.
        "--ignore-url",
        "#",
        base_url,
    ]
    run = subprocess.run(command, capture_output=True, timeout=900, check=False)
    stderr = run.stderr.decode(errors="replace")
    assert run.returncode in (0, 1), f"LinkChecker failed ({run.returncode}):\n{stderr}"
    return read_report(ET.fromstring(run.stdout), base_url, own_urls)


def read_report(root: ET.Element, base_url: str, own_urls: str) -> LinkReport:
    problems, external, fetched = [], set(), set()
    for entry in root.iter("urldata"):
        url = entry.findtext("realurl") or entry.findtext("url") or ""
        valid = entry.find("valid")
        result = valid.get("result", "") if valid is not None else ""
        if not url.startswith(base_url):
            own = bool(own_urls) and url.startswith(own_urls)
            if result == "filtered" and url.startswith(EXTERNAL_SCHEMES) and not own:
                external.add(url)
            continue
        parent = entry.find("parent")
        where = f" (in {parent.text}:{parent.get('line')})" if parent is not None else ""
        if valid is not None and valid.text != "1":
            problems.append(f"{url}: {result}{where}")
        for warning in entry.iter("warning"):
            problems.append(f"{url}: {warning.text.split(' Available anchors:')[0]}{where}")
        if result != "filtered":
            fetched.add(url)
    return LinkReport(sorted(set(problems)), sorted(external), fetched)


def page_urls(site: Path, base_url: str) -> set[str]:
    """The URL of every page of a built site (404.html is reached by no link)."""
    return {
        base_url + ("" if html.parent == site else html.parent.relative_to(site).as_posix() + "/")
        for html in site.rglob("index.html")
    }


class _Anchors(HTMLParser):
    """The ids and names of a page, and the targets of its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.ids.update(value for key in ("id", "name") if (value := values.get(key)))
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])


def read_pages(site: Path) -> dict[str, _Anchors]:
    """Every HTML file of the site by its path from the site root."""
    pages = {}
    for html in site.rglob("*.html"):
        parser = _Anchors()
        parser.feed(html.read_text(encoding="utf-8"))
        pages[html.relative_to(site).as_posix()] = parser
    return pages


SITE_ROOT = "http://site.invalid/"  # where anchor_problems resolves a page's links from


def anchor_problems(site: Path) -> list[str]:
    """One line per site-internal link whose fragment names no id in the page it links to."""
    pages = read_pages(site)
    problems = []
    for path, page in sorted(pages.items()):
        for href in page.hrefs:
            target, _, fragment = urljoin(SITE_ROOT + path, href).partition("#")
            if not fragment or not target.startswith(SITE_ROOT):
                continue
            target_path = unquote(target.removeprefix(SITE_ROOT))
            target_path += "index.html" if target_path.endswith("/") or not target_path else ""
            if target_path not in pages:
                problems.append(f"{path}: {href}: no page {target_path}")
            elif unquote(fragment) not in pages[target_path].ids:
                problems.append(f"{path}: {href}: no anchor {unquote(fragment)!r} in {target_path}")
    return problems


def test_the_built_site_has_no_broken_link_anchor_or_image(site: Path, _server, tmp_path: Path) -> None:
    server, _ = _server  # its address is the site's site_url: the pages' canonical links point there
    with serving(site) as base_url:
        report = check_links(base_url, tmp_path, own_urls=f"http://127.0.0.1:{server.server_address[1]}/")
    print(f"{len(report.external)} links off the site, listed and not fetched:", *report.external, sep="\n  ")
    assert not report.problems, f"{len(report.problems)} broken:\n" + "\n".join(report.problems)
    not_crawled = sorted(page_urls(site, base_url) - report.fetched)
    assert not not_crawled, "pages LinkChecker never reached by a plain link:\n" + "\n".join(not_crawled)
    assert any(url.startswith("https://github.com/") for url in report.external), report.external
    assert anchor_problems(site) == []


def test_a_missing_page_anchor_and_image_are_each_reported(mini_site: MiniSite, tmp_path: Path) -> None:
    mini_site.write(
        {
            "README.md": "# Home\n\nRead the [guide](guide.md#part-one).\n",
            "guide.md": "# Guide\n\n## Part one\n\nText.\n",
            "assets/stylesheets/hub.css": "",  # mkdocs.yml's extra_css: every page links it
        }
    )
    site = mini_site.build()
    assert anchor_problems(site) == []
    # The strict build already refuses such links in Markdown: plant them in the built page.
    page = site / "guide" / "index.html"
    planted = (
        '<a href="missing/">gone</a> <a href="index.html#no-such-anchor">nowhere</a> <img src="nope.png" alt="">'
        ' <a href="../gone/#part-one">gone too</a>'
    )
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", planted + "</article>", 1), encoding="utf-8")
    with serving(site) as base_url:
        report = check_links(base_url, tmp_path)
    broken = {line.split(": ")[0] for line in report.problems}
    assert broken == {f"{base_url}guide/missing/", f"{base_url}guide/nope.png"}, "\n".join(report.problems)
    assert sorted(anchor_problems(site)) == [
        "guide/index.html: ../gone/#part-one: no page gone/index.html",
        "guide/index.html: index.html#no-such-anchor: no anchor 'no-such-anchor' in guide/index.html",
    ]
