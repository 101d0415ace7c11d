"""A pull request's job summary: the build log's problems as Markdown, and the workflow steps around it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO
from pyairtable_docs.core.codes import help_url
from pyairtable_docs.errors.summary import OTHER, LoggedProblem, main, problems_in, summary

WORKFLOW = REPO / ".github" / "workflows" / "docs.yml"

# The log of a real strict build of a broken copy of the docs (auth-service's lifecycle and port,
# ADR-005's status, a misspelt service and a dead link added to GUIDES/README.md), verbatim.
HOW_TO_FIX = (
    " (how to fix: https://pyairtable.github.io/pyairtable-docs/GUIDES/developer-guide/fixing-build-errors/#{})"
)
REAL_WARNINGS = (
    "WARNING -  pyairtable_docs: FMT007 docs/ARCHITECTURE/service-catalog/auth-service.md:8: "
    "lifecycle: must be one of experimental, production, deprecated; got 'prod'" + HOW_TO_FIX.format("fmt007"),
    "WARNING -  pyairtable_docs: CAT005 docs/ARCHITECTURE/service-catalog/auth-service.md:10: port: "
    "must be a whole number from 1 to 65535; got 'http'" + HOW_TO_FIX.format("cat005"),
    "WARNING -  pyairtable_docs: FMT007 docs/ARCHITECTURE/decisions/005-public-api-conventions.md:2: "
    "status: must be one of proposed, accepted, rejected, deprecated, superseded; got 'approved'"
    + HOW_TO_FIX.format("fmt007"),
    "WARNING -  pyairtable_docs: DRF001 docs/GUIDES/README.md:48: unknown service `workflow-engin`: "
    "no catalog page ARCHITECTURE/service-catalog/<name>.md (did you mean `workflow-engine`?); fix "
    "the name, or add it to the contract (or to docs/contract-names.allow.yaml with a reason)"
    + HOW_TO_FIX.format("drf001"),
    "WARNING -  LNK001 docs/GUIDES/README.md: contains a link 'missing-page.md', but the target "
    "'GUIDES/missing-page.md' is not found among documentation files." + HOW_TO_FIX.format("lnk001"),
)
BUILD_START = (
    "INFO    -  Cleaning site directory\n"
    "INFO    -  Building documentation to directory: /tmp/site\n"
    "INFO    -  pyairtable_docs: the docs folder is not in a git checkout: pages show the build date\n"
)
REAL_LOG = BUILD_START + "\n".join(REAL_WARNINGS) + "\n\nAborted with 5 warnings in strict mode!\n"
BUILT = "INFO    -  Documentation built in 9.12 seconds\n"
CATALOG = "docs/ARCHITECTURE/service-catalog/auth-service.md"
ADR = "docs/ARCHITECTURE/decisions/005-public-api-conventions.md"
GUIDES = "docs/GUIDES/README.md"


def warning(text: str) -> str:
    return f"WARNING -  pyairtable_docs: {text}"


def test_problems_are_read_with_file_line_code_and_message() -> None:
    assert problems_in(REAL_LOG) == [
        LoggedProblem(
            CATALOG, 8, "FMT007", "lifecycle: must be one of experimental, production, deprecated; got 'prod'"
        ),
        LoggedProblem(CATALOG, 10, "CAT005", "port: must be a whole number from 1 to 65535; got 'http'"),
        LoggedProblem(
            ADR,
            2,
            "FMT007",
            "status: must be one of proposed, accepted, rejected, deprecated, superseded; got 'approved'",
        ),
        LoggedProblem(
            GUIDES,
            48,
            "DRF001",
            "unknown service `workflow-engin`: no catalog page ARCHITECTURE/service-catalog/<name>.md (did you mean "
            "`workflow-engine`?); fix the name, or add it to the contract (or to docs/contract-names.allow.yaml with "
            "a reason)",
        ),
        LoggedProblem(
            GUIDES,
            None,
            "LNK001",
            "contains a link 'missing-page.md', but the target 'GUIDES/missing-page.md' is not found among "
            "documentation files.",
        ),
    ]


def test_mkdocs_warnings_without_a_code_still_name_their_file() -> None:
    log = "WARNING -  Doc file 'GUIDES/README.md' contains a link 'gone.md', but the target is not found.\n"
    assert problems_in(log) == [
        LoggedProblem(GUIDES, None, "", "contains a link 'gone.md', but the target is not found.")
    ]


def test_errors_and_problems_without_a_file_are_kept() -> None:
    log = (
        "ERROR   -  pyairtable_docs: FMT001 docs/x.md: cannot be read as UTF-8 text\nERROR   -  Config value 'hooks'\n"
    )
    assert problems_in(log) == [
        LoggedProblem("docs/x.md", None, "FMT001", "cannot be read as UTF-8 text"),
        LoggedProblem(OTHER, None, "", "Config value 'hooks'"),
    ]


def test_summary_has_one_table_per_file_and_links_each_code() -> None:
    text = summary(REAL_LOG)
    assert text.startswith("### :x: Docs build: 5 problem(s) in 3 file(s)\n")
    headings = [line for line in text.splitlines() if line.startswith("#### ")]
    assert headings == [f"#### `{ADR}`", f"#### `{CATALOG}`", f"#### `{GUIDES}`"]
    assert f"| 10 | [CAT005]({help_url('CAT005')}) | port: must be a whole number" in text
    assert help_url("CAT005").endswith("/GUIDES/developer-guide/fixing-build-errors/#cat005")
    readme = text.split(f"#### `{GUIDES}`")[1]
    assert readme.count("\n| ") == 3  # header and the two problems of the file
    assert "| 48 | [DRF001](" in readme
    assert "no catalog page ARCHITECTURE/service-catalog/&lt;name&gt;.md (did you mean `workflow-engine`?)" in readme
    assert f"|  | [LNK001]({help_url('LNK001')}) | contains a link 'missing-page.md'" in readme


def test_cells_cannot_break_the_table_or_hold_markup() -> None:
    log = warning("docs/a.md:3: description: got '<script>x</script> | y' and `a|b <c>`")
    row = summary(log).splitlines()[-1]
    assert row == "| 3 |  | description: got '&lt;script&gt;x&lt;/script&gt; \\| y' and `a\\|b <c>` |"
    assert "#### Not in one file" in summary("WARNING -  Config value 'nav': a | b\n")


def test_a_clean_build_is_green_and_a_silent_failure_says_so() -> None:
    green = "### :white_check_mark: Docs build: no problems\n\nThe strict build passed.\n"
    assert summary(BUILD_START + BUILT) == green
    # In CI the log starts with dev.py's set-up, whose tools warn in formats of their own.
    set_up = "dev.py: installing Python packages\nWARNING: Running pip as the 'root' user\nnpm WARN deprecated x\n"
    assert summary(set_up + BUILD_START + BUILT) == green
    stopped = summary(BUILD_START + "Traceback (most recent call last):\n  ...\nKeyError: 'nav'\n")
    assert stopped.startswith("### :x: Docs build failed\n")
    assert "job's log" in stopped


def test_the_module_runs_on_a_log_file(tmp_path: Path, capsys) -> None:
    log = tmp_path / "build.log"
    log.write_text(REAL_LOG, encoding="utf-8")
    assert main([str(log)]) == 0
    assert capsys.readouterr().out == summary(log.read_text(encoding="utf-8"))
    assert main([]) == 2
    done = subprocess.run(
        [sys.executable, "-m", "pyairtable_docs.errors.summary", str(log)], capture_output=True, text=True, check=True
    )
    assert "[CAT005](" in done.stdout


def steps_of_the_workflow() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return workflow["jobs"]["test"]["steps"]


def test_workflow_writes_the_summary_and_uploads_the_preview() -> None:
    steps = steps_of_the_workflow()
    build = next(s for s in steps if s.get("id") == "build")
    assert "python3 dev.py build --site-dir site 2>&1 | tee build.log" in build["run"]
    assert "set -o pipefail" in build["run"]  # tee must not hide a failed build
    order = steps.index(build)
    summary_step = next(s for s in steps if "pyairtable_docs.errors.summary" in s.get("run", ""))
    assert (
        summary_step["run"] == '.venv/bin/python -m pyairtable_docs.errors.summary build.log >> "$GITHUB_STEP_SUMMARY"'
    )
    # also, above all, when the build failed; not for a run a newer push cancelled (always() would)
    assert summary_step["if"].startswith("!cancelled() && ")
    preview = next(s for s in steps if s.get("with", {}).get("name") == "site-preview")
    assert preview["uses"] == "actions/upload-artifact@v4"
    assert preview["with"]["path"] == "site/"
    assert preview["with"]["retention-days"] > 0
    assert "pull_request" in preview["if"] and preview["if"].startswith("!cancelled() && ")
    assert order < steps.index(summary_step) < steps.index(preview)
    tests = next(s for s in steps if s.get("run") == "bash .ci/run")
    assert steps.index(preview) < steps.index(tests)  # the summary exists even when a test fails


def test_main_still_deploys_the_built_site() -> None:
    steps = steps_of_the_workflow()
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["with"]["path"] == "site"
    assert "refs/heads/main" in pages["if"]
    deploy = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["deploy"]
    assert deploy["needs"] == "test"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_an_error_listing_several_problems_gives_a_row_to_each_and_none_to_mkdocs_preface() -> None:
    """A PluginError (here two snippet lines of one page) is printed as one ERROR whose further lines carry no
    level; MkDocs says "Error reading page" on the line before, which is no problem of its own."""
    fix = (
        " (how to fix: https://pyairtable.github.io/pyairtable-docs/GUIDES/developer-guide/fixing-build-errors/#snp001)"
    )
    log = (
        "INFO    -  Building documentation to directory: /tmp/site\n"
        "ERROR   -  Error reading page 'GUIDES/recipes/a.md':\n"
        f"ERROR   -  SNP001 docs/GUIDES/recipes/a.md:3: the snippet line names 'GUIDES/a.md'{fix}\n"
        f"SNP001 docs/GUIDES/recipes/a.md:5: the snippet line names 'GUIDES/c.md'{fix}\n"
        "\n"
        "Aborted with a BuildError!\n"
        "SNP001 docs/GUIDES/recipes/x.md:1: not part of the error above\n"
    )
    assert problems_in(log) == [
        LoggedProblem("docs/GUIDES/recipes/a.md", 3, "SNP001", "the snippet line names 'GUIDES/a.md'"),
        LoggedProblem("docs/GUIDES/recipes/a.md", 5, "SNP001", "the snippet line names 'GUIDES/c.md'"),
    ]
