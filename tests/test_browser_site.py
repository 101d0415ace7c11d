"""What only a browser shows: search results, navigation, no request leaving 127.0.0.1."""

from __future__ import annotations

import pytest

from conftest import DOCS, search
from site_content import page_url, services_in

pytestmark = pytest.mark.browser


SERVICE = services_in(DOCS)[0]  # a service of the catalog, whichever comes first


def test_searching_a_services_title_finds_its_page(page) -> None:
    page.goto(page.base_url, wait_until="networkidle")
    search(page, SERVICE.title)
    # Wait for the page we expect, not for the first result.
    page.locator(f".md-search-result__list a[href*='{page_url(SERVICE.path)}']").first.wait_for(timeout=60_000)
    assert page.off_host_requests == []


@pytest.mark.parametrize(
    "path",
    ["", "ARCHITECTURE/", page_url(SERVICE.path), "GUIDES/user-guide/api-reference/"],
)
def test_a_page_load_makes_no_request_off_127_0_0_1(page, path: str) -> None:
    page.goto(page.base_url + path, wait_until="networkidle")
    assert page.locator("article h1").count() == 1
    assert page.off_host_requests == []


def test_instant_navigation_follows_a_link_without_a_reload(page) -> None:
    page.goto(page.base_url, wait_until="networkidle")
    page.evaluate("window.__marker = 'same document'")
    # Instant navigation has made the article's links absolute by now.
    page.locator(f"article a[href^='{page.base_url}ARCHITECTURE/']").first.click()
    page.wait_for_url("**/ARCHITECTURE/**")
    page.locator("article h1").first.wait_for()
    assert page.evaluate("window.__marker") == "same document"
    assert page.off_host_requests == []


def test_palette_toggle_switches_to_dark_and_back(page) -> None:
    page.goto(page.base_url, wait_until="networkidle")
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = body.get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}
