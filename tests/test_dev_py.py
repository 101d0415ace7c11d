"""dev.py: what each `python3 dev.py ...` runs, and the docs command run for real (set-up done)."""

from __future__ import annotations

import importlib.util
import shlex
import subprocess
import sys

import yaml

from conftest import REPO

spec = importlib.util.spec_from_file_location("dev", REPO / "dev.py")
dev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dev)


def as_text(argv: list[str]) -> list[str] | None:
    cmd = dev.command(argv)
    return None if cmd is None else [str(part) for part in cmd]


def run_dev(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "dev.py"), *args], capture_output=True, text=True, cwd=REPO)


def test_serve_uses_the_default_address_unless_one_is_given() -> None:
    assert as_text(["serve"]) == [str(dev.BIN / "mkdocs"), "serve", "--dev-addr", "127.0.0.1:8000", "--dirty"]
    for given in (["--dev-addr", "127.0.0.1:8123"], ["--dev-addr=127.0.0.1:8123"], ["-a", "127.0.0.1:8123"]):
        cmd = as_text(["serve", *given])
        assert cmd[2:] == ["--dirty", *given], cmd
        assert "127.0.0.1:8000" not in cmd


def test_serve_full_drops_dirty_and_passes_other_options() -> None:
    cmd = as_text(["serve", "--full", "--dev-addr", "127.0.0.1:8124", "--config-file", "other.yml"])
    assert cmd[1:] == ["serve", "--dev-addr", "127.0.0.1:8124", "--config-file", "other.yml"]


def test_build_is_strict_and_docs_runs_the_cli_with_its_arguments() -> None:
    mkdocs = str(dev.BIN / "mkdocs")
    assert as_text(["build", "--site-dir", "out"]) == [mkdocs, "build", "--strict", "--site-dir", "out"]
    args = ["new", "adr", "Bill workspaces monthly", "--supersedes", "bill-by-seat"]
    assert as_text(["docs", *args]) == [str(dev.BIN / "pyairtable-docs"), *args]
    assert as_text(["docs"]) == [str(dev.BIN / "pyairtable-docs")]


def test_test_passes_its_arguments_to_pytest() -> None:
    cmd = as_text(["test", "-n", "0", "tests/test_cli.py"])  # a chosen -n: no other xdist options
    assert cmd == [str(dev.BIN / "python"), "-m", "pytest", "-n", "0", "tests/test_cli.py"]


def test_no_command_or_an_unknown_one_prints_the_commands_and_fails() -> None:
    for argv in ([], ["deploy"], ["--help"]):
        assert dev.command(argv) is None
    result = run_dev("deploy")
    assert result.returncode == 2
    for name in dev.COMMANDS:
        assert f"python3 dev.py {name}" in result.stdout


def test_docs_runs_the_command_line_of_this_checkout() -> None:
    helped = run_dev("docs", "--help")
    assert helped.returncode == 0, helped.stderr
    assert "usage: pyairtable-docs" in helped.stdout
    for name in ("new", "check"):
        assert name in helped.stdout
    bare = run_dev("docs")
    assert bare.returncode == 2
    assert "usage: pyairtable-docs" in bare.stderr
    wrong = run_dev("docs", "publish")
    assert wrong.returncode == 2
    assert "invalid choice: 'publish'" in wrong.stderr


def test_pre_commit_checks_the_committed_docs_files_through_dev_py() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "pyairtable-docs-check")
    assert hook["entry"] == "python3 dev.py docs check"  # sets up .venv first in a clean clone
    assert hook["pass_filenames"] is True
    assert hook["files"] == "^docs/"
    # What pre-commit runs for a commit that changes one page: the hook's entry, then the file.
    entry = shlex.split(hook["entry"])
    assert entry[:2] == ["python3", "dev.py"]
    done = subprocess.run(
        [sys.executable, *entry[1:], "docs/ARCHITECTURE/decisions/README.md"], capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_docs_takes_file_names_relative_to_the_folder_it_is_run_in() -> None:
    """From docs/, `python3 ../dev.py docs check ARCHITECTURE/...` checks that file (it ran at the top before,
    where the name leads nowhere)."""
    done = subprocess.run(
        [sys.executable, "../dev.py", "docs", "check", "ARCHITECTURE/decisions/README.md"],
        capture_output=True,
        text=True,
        cwd=REPO / "docs",
    )
    assert (done.returncode, done.stderr.strip()) == (0, "metadata OK"), done.stdout + done.stderr


def test_the_readme_starts_with_the_two_commands_and_ci_runs_the_second() -> None:
    """House rule: the README opens with exactly two commands, serve and test; `.ci/run` runs that test command."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["python3 dev.py serve", "python3 dev.py test"]
    assert readme.split("\n", 1)[1].lstrip().startswith("```bash"), "the commands come first, under the title"
    assert 'python3 dev.py test "$@"' in (REPO / ".ci" / "run").read_text(encoding="utf-8")
