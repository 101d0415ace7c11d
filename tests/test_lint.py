"""The code stays ruff-clean, lint and format: CI runs the test suite, so this is where both are enforced.

The rules and the line length are in pyproject.toml ([tool.ruff]); ruff's version is pinned in
constraints.txt, since a new release may add rules or format differently.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

CHECKED = ("src", "hooks", "tests", "benchmarks", "dev.py")

pytestmark = pytest.mark.unit


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ruff", *args, *CHECKED], cwd=REPO, capture_output=True, text=True)


def test_the_code_passes_ruff_check() -> None:
    result = ruff("check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted_as_ruff_format_writes_it() -> None:
    result = ruff("format", "--check")
    assert result.returncode == 0, "run .venv/bin/ruff format to fix:\n" + result.stdout + result.stderr
