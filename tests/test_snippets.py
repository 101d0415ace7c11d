"""Snippet lines: which files a page includes, and a missing one stops the build naming the page and line."""

from __future__ import annotations

import logging

import pytest
from mkdocs.exceptions import Abort

from pyairtable_docs.core.codes import coded
from pyairtable_docs.core.markup import snippet_files


def test_the_files_a_page_includes_are_read_as_the_extension_reads_them() -> None:
    page = (
        "# Title\n"
        '--8<-- "GUIDES/a.md"\n'
        "  --8<-- 'GUIDES/b.md:12:20'\n"
        ';--8<-- "escaped.md"\n'
        "--8<--\n"
        "GUIDES/c.md:intro\n"
        ";commented.md\n"
        "\n"
        "https://example.com/remote.md\n"
        '--8<-- "skipped-in-a-block.md"\n'
        "--8<--\n"
        'Text with --8<-- "inline.md" in it.\n'
        '--8<-- "trailing.md" \n'
    )
    assert list(snippet_files(page)) == [(2, "GUIDES/a.md"), (3, "GUIDES/b.md"), (6, "GUIDES/c.md")]


def test_a_snippet_of_a_missing_file_stops_the_build_naming_page_line_and_file(small_hub, caplog) -> None:
    small_hub.write({"GUIDES/steps.md": '---\ntitle: Steps\n---\n\n# Steps\n\n--8<-- "GUIDES/nowhere.md"\n'})
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        small_hub.build()
    message = (
        "the snippet line names 'GUIDES/nowhere.md', which is no file in the docs folder (names are relative to it)"
    )
    assert coded("SNP001", f"docs/GUIDES/steps.md:7: {message}") in [r.getMessage() for r in caplog.records]
