"""What only a browser shows of the twins: the head's link to a page's twin costs no request and
no console error (Material takes `link[rel=alternate]`, exactly, for a language version and
fetches a sitemap.xml beside it), and "View as Markdown" is there and opens the twin."""

from __future__ import annotations

import urllib.parse

from site_content import services_in
from test_exports import DOCS


def service_url(base: str) -> str:
    service = services_in(DOCS)[0]
    return base + urllib.parse.quote(service.path.removesuffix(".md")) + "/"


def test_the_twin_link_costs_no_request_and_no_console_error(page) -> None:
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    url = service_url(page.base_url)
    page.goto(url, wait_until="networkidle")
    assert page.locator('link[type="text/markdown"]').get_attribute("rel") == "alternate nofollow"
    twin_requests = [r for r in requests if r.endswith(".md")]
    sitemaps = [r for r in requests if r.endswith("sitemap.xml") and r != page.base_url + "sitemap.xml"]
    assert twin_requests == [] and sitemaps == [] and problems == [], (twin_requests, sitemaps, problems)
    assert page.off_host_requests == []


def test_view_as_markdown_is_shown_and_opens_the_twin(page) -> None:
    page.goto(service_url(page.base_url))
    action = page.get_by_role("link", name="View as Markdown")
    assert action.is_visible()
    box = action.bounding_box()
    assert box is not None and box["width"] >= 16 and box["height"] >= 16
    with page.context.expect_page() as opened:
        action.click()
    twin = opened.value
    twin.wait_for_load_state()
    assert twin.url == service_url(page.base_url) + "index.md"
    text = twin.locator("body").inner_text()
    service = services_in(DOCS)[0]
    assert text.startswith("---") and f"name: {service.name}" in text and f"# {service.title}" in text
