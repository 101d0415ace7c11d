"""What only a browser shows: search results, navigation, no request leaving 127.0.0.1."""

from __future__ import annotations

import pytest

from conftest import search

pytestmark = pytest.mark.browser


def test_searching_jwt_finds_the_auth_service_page(page) -> None:
    page.goto(page.base_url, wait_until="networkidle")
    search(page, "JWT")
    # Wait for the page we expect, not for the first result.
    page.locator(".md-search-result__list a[href*='service-catalog/auth-service/']").first.wait_for(timeout=60_000)
    assert page.off_host_requests == []


@pytest.mark.parametrize(
    "path",
    ["", "ARCHITECTURE/", "ARCHITECTURE/service-catalog/auth-service/", "GUIDES/user-guide/api-reference/"],
)
def test_a_page_load_makes_no_request_off_127_0_0_1(page, path: str) -> None:
    page.goto(page.base_url + path, wait_until="networkidle")
    assert page.locator("article h1").count() == 1
    assert page.off_host_requests == []


def test_instant_navigation_follows_a_link_without_a_reload(page) -> None:
    page.goto(page.base_url, wait_until="networkidle")
    page.evaluate("window.__marker = 'same document'")
    page.locator("article").get_by_role("link", name="Architecture overview").click()
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
