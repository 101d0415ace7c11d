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

from conftest import build_site, page_path, warnings_in

CATALOG = "ARCHITECTURE/service-catalog/"
DECISIONS = "ARCHITECTURE/decisions/"
DIAGRAMS = "ARCHITECTURE/diagrams/"
SERVICE = CATALOG + "auth-service.md"
ADR = DECISIONS + "001-one-auth-service.md"

SERVICE_TEXT = """---
name: auth-service
title: Auth Service
description: Issues tokens.
repository: pyairtable-auth
language: go
type: service
lifecycle: production
owner: identity-team
port: 8081
dependsOn: [resource:postgres]
migration: migrated
tags: [auth]
---

# Auth Service

Issues tokens.
"""

ADR_TEXT = """---
status: accepted
date: 2024-02-01
decision-makers: [Daniel Osei]
affects: [auth-service]
---

# Use one auth service

We keep one.
"""

BILLION_LAUGHS = "\n".join(
    ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 9) + "]" for i in range(1, 10)]
)

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '" onmouseover="x'
JS_LINK = "[x](javascript:alert(1))"
PAYLOADS = (SCRIPT, BREAKOUT, JS_LINK)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A small, valid docs tree: one service, one decision, one guide."""
    files = {
        "README.md": "# Home\n",
        CATALOG + "README.md": "# Service catalog\n",
        SERVICE: SERVICE_TEXT,
        DECISIONS + "README.md": "# Decisions\n",
        ADR: ADR_TEXT,
        "GUIDES/README.md": "# Guides\n",
    }
    root = tmp_path / "docs"
    write(root, files)
    return root


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def outcome(docs: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> list[str] | None:
    """None for a clean build, else the messages of a build that stopped with Abort.

    Any other exception escapes and fails the test.
    """
    try:
        build_site(tmp_path / "site", docs)
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


def test_the_small_tree_builds_cleanly(docs, tmp_path, caplog) -> None:
    assert outcome(docs, tmp_path, caplog) is None
    assert "Issues tokens." in article(tmp_path / "site", SERVICE)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        (
            CATALOG + "empty-service.md",
            "",
            "docs/ARCHITECTURE/service-catalog/empty-service.md: a service page must start with YAML front matter",
        ),
        (
            DECISIONS + "002-empty.md",
            "",
            "docs/ARCHITECTURE/decisions/002-empty.md: an ADR must start with YAML front matter",
        ),
        (
            DECISIONS + "002-latin-1.md",
            ADR_TEXT.replace("Daniel Osei", "Andr\xe9").encode("latin-1"),
            "docs/ARCHITECTURE/decisions/002-latin-1.md: is not UTF-8 text (invalid byte at offset",
        ),
        (
            "GUIDES/latin-1.md",
            "# Caf\xe9\n".encode("latin-1"),
            "docs/GUIDES/latin-1.md: is not UTF-8 text (invalid byte at offset",
        ),
        (
            SERVICE,
            SERVICE_TEXT.replace("tags: [auth]", BILLION_LAUGHS),
            "docs/ARCHITECTURE/service-catalog/auth-service.md: front matter is not valid YAML (line 14): "
            "aliases (*name) are not allowed",
        ),
        (
            DECISIONS + "002-bad-date.md",
            ADR_TEXT.replace("date: 2024-02-01", "date: !!timestamp 2024-02-30"),
            "docs/ARCHITECTURE/decisions/002-bad-date.md: front matter is not valid YAML (line 3): "
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
def test_broken_input_stops_the_build_naming_the_file(docs, tmp_path, caplog, name, content, expected) -> None:
    write(docs, {name: content})
    assert_stopped_naming(outcome(docs, tmp_path, caplog), expected)


def test_tags_that_construct_objects_are_refused_and_never_run(docs, tmp_path, caplog) -> None:
    marker = tmp_path / "ran"
    write(
        docs, {ADR: ADR_TEXT.replace("status: accepted", f"status: !!python/object/apply:os.system ['touch {marker}']")}
    )
    messages = outcome(docs, tmp_path, caplog)
    assert_stopped_naming(
        messages,
        "docs/ARCHITECTURE/decisions/001-one-auth-service.md: front matter is "
        "not valid YAML (line 2): could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'",
    )
    assert not marker.exists()


def test_a_5_mb_service_page_builds_or_is_refused_by_name(docs, tmp_path, caplog) -> None:
    paragraph = "Tokens are issued, refreshed and revoked by this service. " * 20 + "\n\n"
    write(docs, {SERVICE: SERVICE_TEXT + paragraph * (5 * 1024 * 1024 // len(paragraph))})
    assert (docs / SERVICE).stat().st_size > 5_000_000
    messages = outcome(docs, tmp_path, caplog)
    if messages is not None:
        assert all("docs/ARCHITECTURE/service-catalog/auth-service.md" in m for m in messages), messages


def test_names_with_spaces_unicode_and_dots_build_and_link(docs, tmp_path, caplog) -> None:
    write(
        docs,
        {
            "GUIDES/ünï côde a..b.md": "# Notes\n\nSee [the diagram](my%20diagram%20ü..v2.md).\n",
            "GUIDES/my diagram ü..v2.mermaid": "%% Two boxes.\nflowchart LR\n  a --> b\n",
        },
    )
    assert outcome(docs, tmp_path, caplog) is None
    site = tmp_path / "site"
    diagram_page = article(site, "GUIDES/my diagram ü..v2.md")
    assert 'href="../my%20diagram%20%C3%BC..v2.mermaid"' in diagram_page  # the download link resolves
    assert (site / "GUIDES/my diagram ü..v2.mermaid").is_file()
    assert "Notes" in article(site, "GUIDES/ünï côde a..b.md")


def test_hostile_diagram_text_is_reported_and_shown_as_text(docs, tmp_path, caplog) -> None:
    write(
        docs,
        {
            DIAGRAMS + "hostile.mermaid": f'flowchart LR\n  ext_a["{SCRIPT}"] --> ext_b\n'
            '  x"]; click x href "javascript:alert(1)"\n',
            DIAGRAMS + "snippet.mermaid": 'flowchart LR\n--8<-- "no/such/file.md"\n',
            "GUIDES/fence.md": f'# Fence\n\n```mermaid\nflowchart LR\n  a["{SCRIPT}"]\n'
            '  click a href "javascript:alert(1)"\n```\n',
        },
    )
    messages = outcome(docs, tmp_path, caplog)
    if messages is not None:  # Mermaid (in Chromium) refuses the broken ones, by file and line
        assert_stopped_naming(
            messages,
            "docs/ARCHITECTURE/diagrams/hostile.mermaid:3: Mermaid cannot parse",
            "docs/ARCHITECTURE/diagrams/snippet.mermaid:1: Mermaid cannot parse",
        )
        assert not [m for m in messages if "fence.md" in m], messages
    site = tmp_path / "site"
    for src_uri in (DIAGRAMS + "hostile.md", DIAGRAMS + "snippet.md", DIAGRAMS + "README.md", "GUIDES/fence.md"):
        assert_inert(page_path(site, src_uri).read_text())
    assert '--8&lt;-- "no/such/file.md"' in article(site, DIAGRAMS + "snippet.md")  # shown, not included


def test_hostile_values_come_out_as_text(docs, tmp_path, caplog) -> None:
    text = " ".join(PAYLOADS)
    write(
        docs,
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
    assert outcome(docs, tmp_path, caplog) is None
    site = tmp_path / "site"
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
