"""A copy of the repository's build inputs in a temp folder, for tests that edit docs as an author would."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from conftest import REPO

REPOSITORY_PARTS = ("docs", "hooks", "overrides", "mkdocs.yml")  # what a build reads besides the package


def copy_repository(target: Path) -> Path:
    """docs/, hooks/, overrides/ and mkdocs.yml, plus the drawings already made (a warm build)."""
    for part in REPOSITORY_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / part)
    (target / ".cache" / "diagrams").mkdir(parents=True)
    # Only finished JSON files, never the temporary file a build running beside this test may be writing.
    for cache in (REPO / ".cache" / "diagrams").glob("*.json"):
        with contextlib.suppress(FileNotFoundError):
            shutil.copy2(cache, target / ".cache" / "diagrams")
    return target
