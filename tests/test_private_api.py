"""Every private API in speed/private_api.py still exists, and each patch still takes effect.

When a MkDocs, Material, Pygments or pymdown-extensions release breaks one of these, this
file fails (and speed/switch.py keeps the hooks off for versions outside VERIFIED meanwhile).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from conftest import write_files
from pyairtable_docs.speed import highlight_wiring, private_api, switch
from pyairtable_docs.speed.nav_html import TEMPLATES, rewritten
from pyairtable_docs.speed.private_api import (
    ALL,
    CREATE_STYLESHEET,
    DIRTY_BUILD_WARNING,
    HIGHLIGHT_GET_LEXER,
    LOGGER_CALL_HANDLERS,
    MATERIAL_NAV_TEMPLATES,
    VERIFIED,
)


def rendered_page(tmp_path: Path) -> Page:
    docs = write_files(tmp_path / "docs", {"a.md": "# A\n\n[b](b.md#x)\n", "b.md": "# B\n"})
    config = load_config(config_file=None, site_name="x", docs_dir=str(docs), site_dir=str(tmp_path / "site"))
    files = Files([File(name, str(docs), str(tmp_path / "site"), use_directory_urls=True) for name in ("a.md", "b.md")])
    page = Page(None, files.get_file_from_path("a.md"), config)
    page.read_source(config)
    page.render(config, files)
    return page


@pytest.mark.unit
@pytest.mark.parametrize("api", ALL, ids=lambda api: f"{api.module}.{api.name}")
def test_each_private_api_exists(api: private_api.PrivateApi, tmp_path: Path) -> None:
    owner = api.owner()
    if owner is Page:  # some are attributes a rendered page sets on itself
        assert hasattr(rendered_page(tmp_path), api.attribute)
    elif owner is LiveReloadServer:  # the server sets it on itself
        server = LiveReloadServer(builder=print, host="127.0.0.1", port=0, root=str(tmp_path))
        try:
            assert api.get_from(server) is print
        finally:
            server.server_close()
        return
    assert hasattr(owner, api.attribute) or api.attribute in owner.__annotations__ or owner is Page


@pytest.mark.unit
def test_the_installed_versions_are_the_verified_ones() -> None:
    """Else every speed hook is off here without a word: re-verify, then widen VERIFIED."""
    assert switch.unverified(VERIFIED) == []


@pytest.mark.unit
def test_materials_nav_partials_still_hold_the_macro_calls_the_fast_nav_rewrites() -> None:
    package, names, _ = MATERIAL_NAV_TEMPLATES
    folder = Path(__import__(package, fromlist=["_"]).__file__).parent
    assert set(names) == set(TEMPLATES)
    assert rewritten({name: (folder / name).read_text(encoding="utf-8") for name in names}) is not None


@pytest.mark.unit
def test_replacing_logger_call_handlers_captures_what_is_logged() -> None:
    captured = []
    original = LOGGER_CALL_HANDLERS.get()
    LOGGER_CALL_HANDLERS.set(lambda self, record: captured.append(record.getMessage()))
    try:
        logging.getLogger("mkdocs.test_private_api").warning("caught")
    finally:
        LOGGER_CALL_HANDLERS.set(original)
    assert captured == ["caught"]


@pytest.mark.unit
def test_pymdownx_highlight_goes_through_both_replaced_functions() -> None:
    calls = []
    lexer, stylesheet = HIGHLIGHT_GET_LEXER.get(), CREATE_STYLESHEET.get()
    HIGHLIGHT_GET_LEXER.set(lambda *args, **kwargs: calls.append("lexer") or lexer(*args, **kwargs))
    CREATE_STYLESHEET.set(lambda formatter: calls.append("style") or stylesheet(formatter))
    try:
        markdown.markdown("```python\nx = 1\n```", extensions=["pymdownx.highlight", "pymdownx.superfences"])
    finally:
        HIGHLIGHT_GET_LEXER.set(lexer)
        CREATE_STYLESHEET.set(stylesheet)
    assert {"lexer", "style"} <= set(calls)


@pytest.mark.unit
def test_the_highlight_patches_are_in_place_only_while_a_build_wants_them(monkeypatch: pytest.MonkeyPatch) -> None:
    original = CREATE_STYLESHEET.get()
    config = load_config(config_file=None, site_name="x", theme={"name": "material"})
    highlight_wiring.on_config(config)
    assert CREATE_STYLESHEET.get() is highlight_wiring.stylesheet_once
    highlight_wiring.on_post_build(config=config)
    assert CREATE_STYLESHEET.get() is original
    monkeypatch.setenv(switch.FAST_VARIABLE, "0")
    highlight_wiring.on_config(config)
    assert CREATE_STYLESHEET.get() is original


# A hook that uses the page and file patches the way the speed hooks do.
PATCHING_HOOK = """
import os
from mkdocs.structure.pages import Page
from pyairtable_docs.speed.private_api import (
    FILE_IS_MODIFIED, PAGE_LINKS_TO_ANCHORS, PAGE_PRESENT_ANCHOR_IDS, PAGE_RENDER, PAGE_TITLE_FROM_RENDER,
)

def render_elsewhere(page, config, files):
    page.content = "<p>rendered elsewhere</p>"
    page.toc = []
    setattr(page, PAGE_TITLE_FROM_RENDER.attribute, "Title From Render")
    setattr(page, PAGE_PRESENT_ANCHOR_IDS.attribute, {"kept"})
    setattr(page, PAGE_LINKS_TO_ANCHORS.attribute, {files.get_file_from_path("target.md"): {"gone": "target.md#gone"}})

def on_files(files, config):
    frozen = files.get_file_from_path("frozen.md")
    if os.path.exists(frozen.abs_dest_path):  # from the second build on
        FILE_IS_MODIFIED.set_on(frozen, lambda: False)
    return files

def on_nav(nav, config, files):
    page = files.get_file_from_path("patched.md").page
    PAGE_RENDER.set_on(page, lambda config, files: render_elsewhere(page, config, files))
    return nav
"""


@pytest.mark.build
def test_mkdocs_honours_each_patch_on_a_page_or_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    docs = write_files(
        tmp_path / "docs",
        {"index.md": "# Home\n", "patched.md": "no heading\n", "target.md": "# Target\n", "frozen.md": "# Old\n"},
    )
    (tmp_path / "patching.py").write_text(PATCHING_HOOK)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\ndocs_dir: {docs}\nhooks: [{tmp_path / 'patching.py'}]\nvalidation:\n  anchors: warn\n"
    )

    def dirty_build() -> None:
        build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site")), dirty=True)

    dirty_build()
    patched = (tmp_path / "site/patched/index.html").read_text()
    assert "<p>rendered elsewhere</p>" in patched and "<title>Title From Render - T</title>" in patched
    assert "does not contain an anchor '#gone'" in caplog.text  # read from the patched anchors

    frozen = tmp_path / "site/frozen/index.html"
    written = frozen.stat().st_mtime_ns
    (docs / "frozen.md").write_text("# New\n")
    os.utime(docs / "frozen.md", ns=(written + 10**9, written + 10**9))
    dirty_build()
    assert "Old" in frozen.read_text()  # is_modified() said no: not written again


@pytest.mark.unit
def test_versions_compare_by_their_numbers() -> None:
    assert switch.version_key("9.8.2") == (9, 8, 2)
    assert switch.version_key("10.0b1") == (10, 0)
    assert switch.version_key("1.6.10") > switch.version_key("1.6.9")


@pytest.mark.unit
def test_a_speed_hook_says_why_it_stays_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert switch.why_off([], "material", {}) is None
    assert switch.why_off([], "material", {switch.FAST_VARIABLE: "0"}) == "PYAIRTABLE_DOCS_FAST=0"
    assert switch.why_off([], "readthedocs", {}) == "the theme is 'readthedocs', not 'material'"
    monkeypatch.setattr(switch, "installed", lambda name: "99.0" if name == "mkdocs-material" else VERIFIED[name][0])
    low, high = VERIFIED["mkdocs-material"]
    assert switch.why_off([], "material", {}) == f"not verified with mkdocs-material 99.0 (verified: >={low},<{high})"


@pytest.mark.unit
def test_mkdocs_still_logs_the_dirty_build_warning_that_serve_filters_out() -> None:
    """refresh_wiring drops this warning under `serve --dirty` by its logger and its start."""
    import inspect

    import mkdocs.commands.build as mkdocs_build

    assert mkdocs_build.log.name == DIRTY_BUILD_WARNING.logger
    assert f'"{DIRTY_BUILD_WARNING.text}' in inspect.getsource(mkdocs_build.build)


@pytest.mark.unit
def test_the_live_reload_server_rebuilds_through_the_builder_it_holds() -> None:
    """preview/wiring replaces the server's builder: its rebuild loop must call that attribute."""
    import inspect

    assert "self.builder()" in inspect.getsource(LiveReloadServer._build_loop)


@pytest.mark.unit
def test_a_title_assigned_to_a_page_lives_in_its_dict_until_deleted(tmp_path: Path) -> None:
    """What refresh_wiring relies on to give an unread page its last title, and to take it back."""
    page = rendered_page(tmp_path)
    found = page.title
    page.title = "Kept from the last build"
    assert page.__dict__["title"] == "Kept from the last build" and page.title == "Kept from the last build"
    del page.__dict__["title"]
    assert page.title == found
