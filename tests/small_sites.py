"""Small sites for the speed and isolation tests: written into tmp_path, built in this process or a fresh one.

A site's mkdocs.yml is the repository's (every hook, plugin and Markdown extension), with
paths made absolute and the docs folder and theme features replaced, so what is tested is
the configuration the hub publishes with.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from conftest import write_files

REPO = Path(__file__).resolve().parents[1]
EPOCH = "1767225600"  # SOURCE_DATE_EPOCH of every build here: 2026-01-01


def commit_epoch() -> str:
    """SOURCE_DATE_EPOCH for a build of the real docs: the commit's date, as the build itself
    takes it, so the review dates of runbooks and SECURITY pages are judged as in CI."""
    done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=REPO, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def folder_site(root: Path, folders: int, pages_per_folder: int, title: str = "Page") -> Path:
    """A docs folder: a home page and ``folders`` folders of pages, each with an index page."""
    pages = {"index.md": "# Home\n\nWelcome.\n"}
    for folder in range(folders):
        pages[f"part-{folder}/index.md"] = f"# Part {folder}\n\nThe part's overview.\n"
        for n in range(pages_per_folder):
            pages[f"part-{folder}/page-{n:03}.md"] = (
                f"# {title} {folder}.{n}\n\n## First\n\nText with `code`.\n\n"
                '```python\nprint("hello")\n```\n\n## Second\n\nMore text.\n'
            )
    return write_files(root, pages)


def site_config(docs: Path, target: Path, features: list[str] | None = None) -> Path:
    """The repository's mkdocs.yml, pointed at ``docs``; ``features`` replace the theme's."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {docs}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    text = text.replace("  - hooks/", f"  - {REPO / 'hooks'}/")
    text = text.replace("base_path: [docs]", f"base_path: [{docs}]")
    if features is not None:
        start = text.index("  features:\n")
        end = text.index("\n\n", start)
        listed = "".join(f"    - {feature}\n" for feature in features)
        text = text[:start] + "  features:\n" + listed.rstrip("\n") + text[end:]
    target.write_text(text, encoding="utf-8")
    return target


def build_here(config_file: Path, site_dir: Path) -> MkDocsConfig:
    """A strict build in this process; returns the build's config (its state hangs on it)."""
    config = load_config(str(config_file), strict=True, site_dir=str(site_dir))
    build(config)
    return config


def build_fresh(config_file: Path, site_dir: Path, **environment: str) -> str:
    """A strict build in a new process, as `mkdocs build` runs in CI; returns its verbose log.

    The environment is this one's without PYAIRTABLE_DOCS_* settings, plus ``environment``.
    """
    inherited = {name: value for name, value in os.environ.items() if not name.startswith("PYAIRTABLE_DOCS_")}
    env = {**inherited, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", **environment}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "-f", str(config_file), "-d", str(site_dir)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def differing_files(site: Path, other: Path) -> list[str]:
    """Files present in only one tree, or with other bytes; no normalisation of any kind."""
    ours, theirs = tree(site), tree(other)
    return sorted(name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name))
