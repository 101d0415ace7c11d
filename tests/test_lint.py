"""The code stays ruff-clean (the same rules as an author's editor would apply)."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_hooks_tests_and_tools_are_ruff_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "hooks", "tests", "benchmarks", "dev.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
