"""Hostile files in a real strict build: it is clean, or it stops naming the file.

Each build either succeeds without a warning, or raises Abort (MkDocs' end of a build that
found problems, or of one a PluginError stopped) with a logged message that names the
file; never another exception, never a traceback. Author values reach the HTML as text.
"""

from __future__ import annotations

import html as html_module
import json
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import ADR_2, ADR_2_PAGE, AUTH, AUTH_PAGE, CATALOG, DECISIONS, DIAGRAMS, MiniSite, page_path, warnings_in

SERVICE, SERVICE_TEXT = AUTH, AUTH_PAGE
ADR, ADR_TEXT = ADR_2, ADR_2_PAGE
NEW_ADR_TEXT = ADR_2_PAGE.replace("supersedes: [1]\n", "")  # an accepted ADR that names no other
TAGS_LINE = AUTH_PAGE.splitlines().index("tags: [auth]") + 1  # BILLION_LAUGHS goes here; its first alias is next

BILLION_LAUGHS = "\n".join(
    ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 9) + "]" for i in range(1, 10)]
)

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '" onmouseover="x'
JS_LINK = "[x](javascript:alert(1))"
PAYLOADS = (SCRIPT, BREAKOUT, JS_LINK)


@pytest.fixture
def hub(small_hub: MiniSite) -> MiniSite:
    """The small hub of conftest, with a guides folder."""
    small_hub.write({"GUIDES/README.md": "# Guides\n"})
    return small_hub


def outcome(hub: MiniSite, caplog: pytest.LogCaptureFixture) -> list[str] | None:
    """None for a clean build, else the messages of a build that stopped with Abort.

    Any other exception escapes and fails the test.
    """
    try:
        hub.build()
    except Abort:
        messages = warnings_in(caplog)
        assert messages, "the build stopped without saying why"
        return messages
    finally:
        assert "Traceback" not in caplog.text, caplog.text
    assert warnings_in(caplog) == []
    return None


def assert_stopped_naming(messages: list[str] | None, *expected: str) -> None:
    assert messages is not None, "the build was clean"
    for text in expected:
        assert any(text in m for m in messages), f"{text!r} not in:\n" + "\n".join(messages)


def article(site: Path, src_uri: str) -> str:
    return page_path(site, src_uri).read_text().split("<article", 1)[1].split("</article>", 1)[0]


def assert_inert(page_html: str) -> None:
    """Nothing an author wrote comes out as a script, an attribute or a javascript: link."""
    assert "<script>alert" not in page_html
    assert 'onmouseover="x"' not in page_html and "onerror=" not in page_html
    assert 'href="javascript:alert' not in page_html
    assert not re.search(r"<a [^>]*href=\"javascript:(?!void\(0\))", page_html), page_html


@pytest.mark.parametrize(
    "name, content, expected",
    [
        (
            CATALOG + "empty-service.md",
            "",
            "docs/ARCHITECTURE/service-catalog/empty-service.md: a service page must start with YAML front matter",
        ),
        (
            DECISIONS + "003-empty.md",
            "",
            "docs/ARCHITECTURE/decisions/003-empty.md: an ADR must start with YAML front matter",
        ),
        (
            DECISIONS + "003-latin-1.md",
            NEW_ADR_TEXT.replace("Daniel Osei", "Andr\xe9").encode("latin-1"),
            "docs/ARCHITECTURE/decisions/003-latin-1.md: is not UTF-8 text (invalid byte at offset",
        ),
        (
            "GUIDES/latin-1.md",
            "# Caf\xe9\n".encode("latin-1"),
            "docs/GUIDES/latin-1.md: is not UTF-8 text (invalid byte at offset",
        ),
        (
            SERVICE,
            SERVICE_TEXT.replace("tags: [auth]", BILLION_LAUGHS),
            f"docs/{SERVICE}: front matter is not valid YAML (line {TAGS_LINE + 1}): aliases (*name) are not allowed",
        ),
        (
            DECISIONS + "003-bad-date.md",
            NEW_ADR_TEXT.replace("date: 2024-02-01", "date: !!timestamp 2024-02-30"),
            "docs/ARCHITECTURE/decisions/003-bad-date.md: front matter is not valid YAML (line 3): "
            "'2024-02-30' is not a valid timestamp",
        ),
        (
            "GUIDES/settings.md",
            "---\nhide: 5\nsearch: 5\ntemplate: ../../../etc/passwd\nicon: no/such\n---\n\n# S\n",
            "docs/GUIDES/settings.md: hide: must be a list",
        ),
        (
            "GUIDES/.pages",
            f'title: "{SCRIPT}"\n',
            "docs/GUIDES/.pages:1: title: title '<script>alert(1)</script>' must not contain <, > or \"",
        ),
        (
            'GUIDES/a" onmouseover="x.md',
            "# A\n",
            'docs/GUIDES/a" onmouseover="x.md: file and folder names must not contain <, > or "',
        ),
    ],
    ids=[
        "empty service page",
        "empty ADR",
        "non-UTF-8 ADR",
        "non-UTF-8 guide",
        "billion laughs",
        "impossible date",
        "theme settings that crash the theme",
        "markup in a .pages title",
        "markup in a file name",
    ],
)
def test_broken_input_stops_the_build_naming_the_file(hub, caplog, name, content, expected) -> None:
    hub.write({name: content})
    assert_stopped_naming(outcome(hub, caplog), expected)


def test_tags_that_construct_objects_are_refused_and_never_run(hub, caplog, tmp_path) -> None:
    marker = tmp_path / "ran"
    hub.write(
        {ADR: ADR_TEXT.replace("status: accepted", f"status: !!python/object/apply:os.system ['touch {marker}']")}
    )
    messages = outcome(hub, caplog)
    assert_stopped_naming(
        messages,
        f"docs/{ADR}: front matter is "
        "not valid YAML (line 2): could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'",
    )
    assert not marker.exists()


def test_a_5_mb_service_page_builds_or_is_refused_by_name(hub, caplog) -> None:
    paragraph = "Tokens are issued, refreshed and revoked by this service. " * 20 + "\n\n"
    hub.write({SERVICE: SERVICE_TEXT + paragraph * (5 * 1024 * 1024 // len(paragraph))})
    assert (hub.docs / SERVICE).stat().st_size > 5_000_000
    messages = outcome(hub, caplog)
    if messages is not None:
        assert all("docs/ARCHITECTURE/service-catalog/auth-service.md" in m for m in messages), messages


def test_names_with_spaces_unicode_and_dots_build_and_link(hub, caplog) -> None:
    hub.write(
        {
            "GUIDES/ünï côde a..b.md": "# Notes\n\nSee [the diagram](my%20diagram%20ü..v2.md).\n",
            "GUIDES/my diagram ü..v2.mermaid": "%% Two boxes.\nflowchart LR\n  a --> b\n",
        },
    )
    assert outcome(hub, caplog) is None
    site = hub.site_dir
    diagram_page = article(site, "GUIDES/my diagram ü..v2.md")
    assert 'href="../my%20diagram%20%C3%BC..v2.mermaid"' in diagram_page  # the download link resolves
    assert (site / "GUIDES/my diagram ü..v2.mermaid").is_file()
    assert "Notes" in article(site, "GUIDES/ünï côde a..b.md")


def test_hostile_diagram_text_is_reported_and_shown_as_text(hub, caplog) -> None:
    hub.write(
        {
            DIAGRAMS + "hostile.mermaid": f'flowchart LR\n  ext_a["{SCRIPT}"] --> ext_b\n'
            '  x"]; click x href "javascript:alert(1)"\n',
            DIAGRAMS + "snippet.mermaid": 'flowchart LR\n--8<-- "no/such/file.md"\n',
            "GUIDES/fence.md": f'# Fence\n\n```mermaid\nflowchart LR\n  a["{SCRIPT}"]\n'
            '  click a href "javascript:alert(1)"\n```\n',
        },
    )
    messages = outcome(hub, caplog)
    if messages is not None:  # Mermaid (in Chromium) refuses the broken ones, by file and line
        assert_stopped_naming(
            messages,
            "docs/ARCHITECTURE/diagrams/hostile.mermaid:3: Mermaid cannot parse",
            "docs/ARCHITECTURE/diagrams/snippet.mermaid:1: Mermaid cannot parse",
        )
        assert not [m for m in messages if "fence.md" in m], messages
    site = hub.site_dir
    for src_uri in (DIAGRAMS + "hostile.md", DIAGRAMS + "snippet.md", DIAGRAMS + "README.md", "GUIDES/fence.md"):
        assert_inert(page_path(site, src_uri).read_text())
    assert '--8&lt;-- "no/such/file.md"' in article(site, DIAGRAMS + "snippet.md")  # shown, not included


def test_hostile_values_come_out_as_text(hub, caplog) -> None:
    text = " ".join(PAYLOADS)
    hub.write(
        {
            SERVICE: SERVICE_TEXT.replace("title: Auth Service", f"title: {json.dumps('Auth ' + text)}")
            .replace("description: Issues tokens.", f"description: {json.dumps('Issues ' + text)}")
            .replace("owner: identity-team", f"owner: {json.dumps('Team ' + text)}")
            .replace("tags: [auth]", f"tags: {json.dumps(list(PAYLOADS))}"),
            ADR: ADR_TEXT.replace(
                "decision-makers: [Daniel Osei]",
                f"decision-makers: {json.dumps(list(PAYLOADS))}\ntags: {json.dumps(list(PAYLOADS))}",
            ),
        },
    )
    assert outcome(hub, caplog) is None
    site = hub.site_dir
    for src_uri in (SERVICE, CATALOG + "README.md", ADR, DECISIONS + "README.md"):
        whole = page_path(site, src_uri).read_text()
        assert_inert(whole)  # the theme's parts too: nav, <title>, <meta>, tags
        shown = html_module.unescape(article(site, src_uri))
        assert_inert(article(site, src_uri))
        if src_uri in (SERVICE, CATALOG + "README.md"):
            assert f"Team {text}" in shown
        if src_uri in (ADR, DECISIONS + "README.md"):
            assert ", ".join(PAYLOADS) in shown
    service_page = page_path(site, SERVICE).read_text()
    assert f'<meta name="description" content="Issues {html_module.escape(text)}">' in service_page
    assert f"<title>Auth {html_module.escape(text)} - " in service_page
