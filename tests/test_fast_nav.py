"""hooks/fast_nav.py: Material's navigation macro with each link off the page's path rendered once per folder.

The site-wide proof (every file byte-identical with the hook off) is tests/test_speed_safety.py;
here: the cache's rules (unit) and when the hook stays off (small builds).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pyairtable_docs.core.wiring import build_state
from pyairtable_docs.speed.nav_html import TEMPLATES, TOP_LEVEL_CALL, NavCache, rewritten, unverified_features
from pyairtable_docs.speed.nav_wiring import NAME, FastNav
from small_sites import EPOCH, build_here, differing_files, folder_site, site_config


class _Item:
    def __init__(self, title: str, url: str = "", children: list | None = None) -> None:
        self.title, self.url, self.children, self.active, self.parent = title, url, children, False, None
        for child in children or []:
            child.parent = self


class _Macro:
    """Stands for Material's macro: writes which item it rendered, for which page."""

    def __init__(self) -> None:
        self.page: _Item | None = None
        self.calls: list[str] = []

    def __call__(self, item: _Item, path: str, level: int, parent: _Item | None = None) -> str:
        self.calls.append(item.title)
        return f"<{item.title} from {self.page.url if self.page else '-'}>"


LOOP_TEXT = ("\n  ", "\n    ", "\n  ", "\n")  # the whitespace of Material's children loop, in short
MATERIAL_LOOP = (
    '{% for item in nav_item.children %}\n  {% if not index or item != index %}\n    {{ render(item, path ~ "_" ~ '
    "loop.index, level + 1, nav_item) }}\n  {% endif %}\n{% endfor %}"
)


def render(cache: NavCache, macro: _Macro, items: list[_Item], page: _Item, parent: _Item | None = None) -> list[str]:
    macro.page = page
    return [cache.item(macro, item, f"p{n}", 2, parent, page, "") for n, item in enumerate(items)]


def loop(cache: NavCache, macro: _Macro, section: _Item, page: _Item, index: _Item | None = None) -> str:
    macro.page = page
    return cache.children(macro, section, index, "p", 1, page, "")


@pytest.mark.unit
def test_a_link_off_the_pages_path_is_rendered_once_per_folder() -> None:
    pages = [_Item(f"Page {n}", f"guides/page-{n}/") for n in range(4)]
    section = _Item("Guides", children=pages)
    cache, macro = NavCache([section], LOOP_TEXT), _Macro()
    pages[0].active = True
    render(cache, macro, pages, pages[0], section)
    pages[0].active, pages[1].active = False, True
    second = render(cache, macro, pages, pages[1], section)
    # Page 2 and 3 were rendered for page 0 and reused for page 1; page 0 is rendered for page 1
    # (it was on page 0's path then); the current page always is.
    assert macro.calls == ["Page 0", "Page 1", "Page 2", "Page 3", "Page 0", "Page 1"]
    assert second[2] == "<Page 2 from guides/page-0/>"


@pytest.mark.unit
def test_a_page_other_pages_lie_under_reuses_no_link() -> None:
    index, child = _Item("Guides", "guides/"), _Item("Child", "guides/child/")
    section = _Item("Guides", children=[index, child])
    cache, macro = NavCache([section], LOOP_TEXT), _Macro()
    render(cache, macro, [child], index, section)
    render(cache, macro, [child], index, section)
    assert macro.calls == ["Child", "Child"]  # from guides/, a link to guides/child/ reads "child/"


@pytest.mark.unit
def test_the_folder_of_a_page_decides_what_is_shared() -> None:
    cache = NavCache([_Item("a", children=[_Item("x", "a/x/"), _Item("y", "a/b/y/")])], LOOP_TEXT)
    assert cache.folder_key(_Item("x", "a/x/"), "") == "a"
    assert cache.folder_key(_Item("home", ""), "") is None
    assert cache.folder_key(_Item("b", "a/b/"), "") is None  # a/b/y/ lies under it
    assert cache.folder_key(None, "..") == "\0.."  # the 404 page: links are relative to the base URL


@pytest.mark.unit
def test_a_sections_loop_writes_materials_text_with_the_links_of_a_folder_joined_once() -> None:
    index, pages = _Item("Guides", "guides/"), [_Item(f"Page {n}", f"guides/page-{n}/") for n in range(3)]
    section = _Item("Guides", children=[index, *pages])
    cache, macro = NavCache([section], LOOP_TEXT), _Macro()
    section.active = pages[1].active = True
    html = loop(cache, macro, section, pages[1], index)
    skipped, around = "\n  \n", "\n  \n    {}\n  \n"  # the index page's iteration; another page's
    assert html == skipped + "".join(around.format(f"<Page {n} from guides/page-1/>") for n in range(3))
    pages[1].active, pages[2].active = False, True
    loop(cache, macro, section, pages[2], index)
    # Page 0 is written once for the folder; a page's own link (on its path) for that page only.
    assert macro.calls == ["Page 0", "Page 2", "Page 1", "Page 1", "Page 2"]


@pytest.mark.unit
def test_a_theme_template_without_the_call_sites_is_not_rewritten() -> None:
    good = {TEMPLATES[0]: f"<ul>{TOP_LEVEL_CALL}</ul>", TEMPLATES[1]: f"<ul>{MATERIAL_LOOP}</ul>"}
    done = rewritten(good)
    assert done is not None and done.loop_text == LOOP_TEXT
    assert TOP_LEVEL_CALL not in done.templates[TEMPLATES[0]] and "{% for" not in done.templates[TEMPLATES[1]]
    assert rewritten({**good, TEMPLATES[0]: "<ul>{{ something_else() }}</ul>"}) is None
    assert rewritten({**good, TEMPLATES[1]: MATERIAL_LOOP.replace("{% endif %}", "{%- endif %}")}) is None
    assert rewritten({**good, TEMPLATES[1]: MATERIAL_LOOP * 2}) is None
    assert rewritten({TEMPLATES[0]: good[TEMPLATES[0]]}) is None


@pytest.mark.unit
def test_enabled_features_the_nav_templates_test_must_be_verified_ones() -> None:
    templates = ['{% if "navigation.tabs" in features %}', "{% if 'navigation.expand' in features %}"]
    assert unverified_features(templates, ["navigation.tabs", "navigation.expand", "search.share"]) == [
        "navigation.expand"
    ]
    assert unverified_features(templates, ["navigation.tabs", "navigation.sections"]) == []


@pytest.fixture
def reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.mark.build
def test_with_features_it_was_not_verified_with_the_site_has_materials_own_navigation(
    tmp_path: Path, reproducible, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    docs = folder_site(tmp_path / "docs", folders=2, pages_per_folder=3)
    features = ["navigation.tabs", "navigation.sections", "navigation.expand", "toc.integrate"]
    config_file = site_config(docs, tmp_path / "mkdocs.yml", features)
    with caplog.at_level(logging.INFO):
        config = build_here(config_file, tmp_path / "site")
    assert build_state(config, FastNav).cache is None
    said = [r.getMessage() for r in caplog.records if NAME in r.getMessage()]
    assert said == [
        f"pyairtable_docs: {NAME} is off: not verified with the theme features "
        "navigation.expand, navigation.sections, toc.integrate"
    ]
    monkeypatch.setenv("PYAIRTABLE_DOCS_FAST", "0")
    build_here(config_file, tmp_path / "plain")
    assert differing_files(tmp_path / "site", tmp_path / "plain") == []


@pytest.mark.build
def test_pages_of_a_folder_share_their_links_and_the_html_is_materials(
    tmp_path: Path, reproducible, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = folder_site(tmp_path / "docs", folders=3, pages_per_folder=12)
    config_file = site_config(docs, tmp_path / "mkdocs.yml")
    config = build_here(config_file, tmp_path / "site")
    cache = build_state(config, FastNav).cache
    assert cache is not None
    pages = 1 + 3 * 13
    # Without the cache each page renders every item of its own folder (13) and each top-level one (4).
    assert cache.calls < pages * (13 + 4) / 2
    monkeypatch.setenv("PYAIRTABLE_DOCS_FAST", "0")
    plain = build_here(config_file, tmp_path / "plain")
    assert build_state(plain, FastNav).cache is None
    assert differing_files(tmp_path / "site", tmp_path / "plain") == []
