"""The navigation hooks/fast_nav.py writes is the navigation Material's own partial writes."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from bench_build import full_config
from conftest import REPO, warnings_in
from pyairtable_docs.speed.nav_html import NavRenderer, unsupported_features
from synthetic_hub import write_hub


class _PrimaryNav(HTMLParser):
    """The primary nav of a page as a list of normalised tokens (whitespace and class order aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []
        self.depth = 0  # open <nav> elements inside the primary nav

    def handle_starttag(self, tag: str, attrs: list) -> None:
        classes = dict(attrs).get("class") or ""
        if self.depth == 0 and not (tag == "nav" and "md-nav--primary" in classes.split()):
            return
        if tag == "nav":
            self.depth += 1
        normal = sorted((k, " ".join(sorted((v or "").split())) if k == "class" else (v or "")) for k, v in attrs)
        self.tokens.append(("start", tag, tuple(normal)))

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.tokens.append(("end", tag))
            if tag == "nav":
                self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and data.split():
            self.tokens.append(("text", " ".join(data.split())))


def primary_nav(html: str) -> list[tuple]:
    parser = _PrimaryNav()
    parser.feed(html)
    return parser.tokens


def material_nav_build(site_dir: Path, tmp_path: Path, site_url: str, docs: Path = REPO / "docs") -> Path:
    """The site built with Material's own nav partial instead of hooks/fast_nav.py."""
    overrides = shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    (overrides / "partials" / "nav.html").unlink()
    text = (REPO / "mkdocs.yml").read_text()
    text = text.replace("custom_dir: overrides", f"custom_dir: {overrides}")
    text = text.replace("  - hooks/fast_nav.py\n", "").replace("  - hooks/", f"  - {REPO / 'hooks'}/")
    text = text.replace("docs_dir: docs", f"docs_dir: {docs}")
    config_file = tmp_path / "material-nav.yml"
    config_file.write_text(text)
    build(load_config(str(config_file), strict=True, site_dir=str(site_dir), site_url=site_url))
    return site_dir


def test_every_page_has_materials_navigation(site: Path, _server, tmp_path: Path) -> None:
    server, _ = _server  # the same site_url as the `site` build, so the 404 page compares too
    reference = material_nav_build(
        tmp_path / "material", tmp_path, site_url=f"http://127.0.0.1:{server.server_address[1]}/"
    )
    assert_same_navigation(site, reference, at_least=90)


def test_a_hub_with_large_folders_has_materials_navigation(tmp_path: Path) -> None:
    docs = write_hub(tmp_path / "hub", 150)  # folders of 15 to 80 pages, as a big hub has
    ours = tmp_path / "ours"
    build(
        load_config(
            str(full_config(docs, tmp_path / "ours.yml")),
            strict=True,
            site_dir=str(ours),
            site_url="https://example.invalid/",
        )
    )
    reference = material_nav_build(tmp_path / "material", tmp_path, site_url="https://example.invalid/", docs=docs)
    assert_same_navigation(ours, reference, at_least=150)


def assert_same_navigation(site: Path, reference: Path, at_least: int) -> None:
    ours = sorted(site.rglob("*.html"))
    compared = 0
    for page in ours:
        theirs = reference / page.relative_to(site)
        if not theirs.exists():
            continue
        mine, material = primary_nav(page.read_text()), primary_nav(theirs.read_text())
        assert material, f"{page.relative_to(site)}: no primary nav in Material's build"
        assert mine == material, f"{page.relative_to(site)}: the navigation differs from Material's"
        compared += 1
    assert compared == len(ours) > at_least


class _Item:
    def __init__(self, title: str, url: str = "", children: list | None = None, is_index: bool = False) -> None:
        self.title, self.url, self.children, self.is_index = title, url, children, is_index
        self.active, self.meta, self.toc, self.parent = False, {}, [], None
        for child in children or []:
            child.parent = self


def relative(url: str, page: object, base: str) -> str:
    return f"rel({url} from {page.url if page else base})"


def test_sibling_links_are_rendered_once_per_folder() -> None:
    pages = [_Item(f"Page {n}", f"guides/page-{n}/") for n in range(3)]
    section = _Item("Guides", children=pages)
    renderer = NavRenderer(["navigation.prune"], relative, icon=str)
    section.active = pages[0].active = True
    first = renderer.items([section], pages[0])
    pages[0].active, pages[1].active = False, True
    second = renderer.items([section], pages[1])
    # Page 2's link was rendered for page 0 and reused for page 1: same folder, same markup.
    assert first.count("rel(guides/page-2/ from guides/page-0/)") == 1
    assert "rel(guides/page-2/ from guides/page-0/)" in second
    assert "md-nav__link--active" in second and "rel(guides/page-1/ from guides/page-1/)" in second


def test_a_link_into_the_pages_own_folder_is_not_reused() -> None:
    child = _Item("Child", "guides/child/")
    index = _Item("Guides", "guides/", is_index=True)
    section = _Item("Guides", children=[index, child])
    other = _Item("Other", "other/")
    renderer = NavRenderer(["navigation.indexes", "navigation.prune"], relative, icon=str)
    other.active = True
    assert "rel(guides/ from other/)" in renderer.items([section, other], other)
    other.active, section.active, index.active = False, True, True
    html = renderer.items([section, other], index)
    assert "rel(guides/child/ from guides/)" in html and "rel(other/ from guides/)" in html


def test_titles_reach_the_page_as_the_theme_guard_left_them() -> None:
    page = _Item("Plain", "plain/")
    page.meta = {"subtitle": "&lt;b&gt;", "status": "new"}
    html = NavRenderer([], relative, icon=str, status_titles={"new": "Recently added"}).items([page], None)
    assert "<br><small>&lt;b&gt;</small>" in html
    assert '<span class="md-status md-status--new" title="Recently added"></span>' in html


def test_features_the_renderer_does_not_write_are_named() -> None:
    assert unsupported_features(["navigation.tabs", "navigation.sections", "toc.integrate"]) == [
        "navigation.sections",
        "toc.integrate",
    ]


def test_an_unsupported_feature_stops_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = (
        (REPO / "mkdocs.yml")
        .read_text()
        .replace("    - navigation.prune\n", "    - navigation.prune\n    - navigation.expand\n")
    )
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    text = text.replace("  - hooks/", f"  - {REPO / 'hooks'}/").replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
    (tmp_path / "mkdocs.yml").write_text(text)
    with pytest.raises(Abort):
        build(load_config(str(tmp_path / "mkdocs.yml"), strict=True, site_dir=str(tmp_path / "site")))
    assert warnings_in(caplog) == [
        "hooks/fast_nav.py does not render the navigation for navigation.expand: "
        "extend hooks/nav_html.py, or remove overrides/partials/nav.html"
    ]
