"""Every problem has a stable code, every code is documented, and every documented example produces its code.

The codes live in each capability's codes.py; the page "Fixing build errors" is made from them.
The examples are tried on top of a copy of the real docs, as an author's pull request would put
them: those that can share a copy are applied together, and each must then be reported at one
of its own files; an example marked ``alone`` gets a copy of its own.
"""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from conftest import REPO, page_path
from pyairtable_docs import cli
from pyairtable_docs.core.codes import CODE, HELP_PAGE, SITE, Code, Example, coded, help_url
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.diagrams import renderer
from pyairtable_docs.errors.links import coded_files_warning, coded_link_warning
from pyairtable_docs.errors.page import FAMILIES, errors_page, fence
from pyairtable_docs.errors.registry import capability_codes
from pyairtable_docs.exports import backstage_validation
from repo_copy import copy_repository
from small_sites import commit_epoch

SRC = REPO / "src" / "pyairtable_docs"
CODES = capability_codes()
REGISTERED = {c.code: c for c in CODES}
LOGGED = re.compile(r"\b([A-Z]{3}\d{3}) docs/(\S+?)(?::\d+)?: ")


def code_literals(tree: ast.AST) -> set[str]:
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.match(n.value)
    }


def source_modules() -> dict[Path, ast.AST]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in SRC.rglob("*.py")}


# ------------------------------------------------------------------ unit: codes, messages, the page


def test_a_problem_prints_its_code_first_and_the_link_to_its_fix_last() -> None:
    problem = Problem("docs/ARCHITECTURE/service-catalog/billing-service.md", "owner", "unknown team", 3, "CAT003")
    assert str(problem) == (
        "CAT003 docs/ARCHITECTURE/service-catalog/billing-service.md:3: owner: unknown team "
        f"(how to fix: {SITE}GUIDES/developer-guide/fixing-build-errors/#cat003)"
    )
    assert coded("DIA001", "docs/x.md: broken") == f"DIA001 docs/x.md: broken (how to fix: {help_url('DIA001')})"


def test_the_help_links_point_at_the_published_site() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["site_url"] == SITE
    assert help_url("CAT003").startswith(SITE + HELP_PAGE.removesuffix(".md") + "/")


@pytest.mark.parametrize("bad", ["cat003", "CAT03", "CA003", "CAT0031"])
def test_a_code_has_three_letters_and_three_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a code"):
        Code(bad, "meaning", "fix", (Example("x.md", "x"),))


def test_every_code_the_source_can_emit_is_registered_and_every_registered_code_is_emitted() -> None:
    modules = source_modules()
    defined_in = {p for p in modules if p.name == "codes.py"}
    emitted = set().union(*(code_literals(tree) for path, tree in modules.items() if path not in defined_in))
    assert sorted(emitted - set(REGISTERED)) == [], "codes used in src/ but not in any codes.py"
    assert sorted(set(REGISTERED) - emitted) == [], "codes in a codes.py that no check emits"


def test_every_problem_the_source_makes_carries_a_code() -> None:
    uncoded = []
    for path, tree in source_modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem":
                has_code = len(node.args) >= 5 or any(k.arg in ("code", None) for k in node.keywords)
                if not has_code:
                    uncoded.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert uncoded == []


def test_every_family_has_a_title_and_every_code_an_example_and_a_fix() -> None:
    for code in CODES:
        assert code.code[:3] in FAMILIES, code.code
        assert code.examples and code.meaning.endswith(".") and code.fix.strip(), code.code


def test_the_page_has_an_entry_per_code_and_shows_snippet_lines_instead_of_including_them() -> None:
    page = errors_page(CODES)
    for code in CODES:
        assert f"### {code.code} {{#{code.code.lower()}}}" in page
        assert f"[{code.code}](#{code.code.lower()})" in page
    assert fence('--8<-- "x.md"\n', "markdown") == '```markdown\n;--8<-- "x.md"\n```\n'
    assert fence("````\n", "text") == "`````text\n````\n`````\n"


def test_the_built_page_has_an_anchor_per_code(site: Path) -> None:
    html = page_path(site, HELP_PAGE).read_text(encoding="utf-8")
    missing = [c.code for c in CODES if f'id="{c.code.lower()}"' not in html]
    assert missing == []


# ------------------------------------------------------------------ the examples produce their codes


def apply(docs: Path, example: Example) -> None:
    path = docs / example.path
    path.parent.mkdir(parents=True, exist_ok=True)
    if example.replaces:
        text = path.read_text(encoding="utf-8")
        assert text.count(example.replaces) == 1, f"{example.path}: the example's text to replace is not there once"
        path.write_text(text.replace(example.replaces, example.text), encoding=example.encoding)
    else:
        path.write_text(example.text, encoding=example.encoding)


def reported(lines: list[str]) -> set[tuple[str, str]]:
    """(code, docs-relative path) of every coded problem in the lines."""
    return {(m.group(1), m.group(2)) for line in lines for m in LOGGED.finditer(line)}


def check_lines(docs: Path) -> list[str]:
    return [str(p) for p in cli.check(docs)]


def build_lines(repository: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    caplog.clear()
    config = load_config(str(repository / "mkdocs.yml"), strict=True, site_dir=str(repository / "site"))
    with caplog.at_level(logging.WARNING), pytest.raises((Abort, PluginError)) as stopped:
        build(config)
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] + [str(stopped.value)]


def missing_codes(codes: list[Code], lines: list[str]) -> list[str]:
    """The codes not reported at one of their own examples' files."""
    found = reported(lines)
    return [c.code for c in codes if not any((c.code, e.path) in found for e in c.examples)]


TOGETHER = [c for c in CODES if not c.alone]
ALONE = [c for c in CODES if c.alone]


@pytest.fixture(autouse=True)
def commit_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy is no git checkout: review dates (REV004, REV005) are judged at this commit's date, as in CI."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", commit_epoch())


def test_the_examples_that_share_a_copy_produce_their_codes_in_check_and_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    repository = copy_repository(tmp_path / "repository")
    for code in TOGETHER:
        for example in code.examples:
            apply(repository / "docs", example)
    checked = check_lines(repository / "docs")
    assert missing_codes([c for c in TOGETHER if c.via == "check"], checked) == []
    assert missing_codes(TOGETHER, build_lines(repository, caplog)) == []


# Codes a docs file cannot cause alone: the machine the build runs on is part of the example.
AS_CI_WITHOUT_CHROMIUM = {"DIA005"}
AS_CI_WITHOUT_NODE = {"EXP002"}


@pytest.mark.parametrize("code", ALONE, ids=[c.code for c in ALONE])
def test_an_example_tried_alone_produces_its_code(
    code: Code, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    if code.code in AS_CI_WITHOUT_CHROMIUM:
        monkeypatch.setenv("PYAIRTABLE_DOCS_CI", "1")
        monkeypatch.setattr(renderer, "CHROMIUM", tmp_path / "no-chromium")
    if code.code in AS_CI_WITHOUT_NODE:
        monkeypatch.setenv("PYAIRTABLE_DOCS_CI", "1")
        monkeypatch.setattr(backstage_validation, "find_node", lambda: None)
    repository = copy_repository(tmp_path / "repository")
    for example in code.examples:
        apply(repository / "docs", example)
    lines = check_lines(repository / "docs") if code.via == "check" else build_lines(repository, caplog)
    if code.code in AS_CI_WITHOUT_NODE:  # about the machine, not a page: reported at mkdocs.yml
        assert any(line.startswith(f"pyairtable_docs: {code.code} mkdocs.yml: ") for line in lines), lines
        return
    assert missing_codes([code], lines) == [], "\n".join(lines)


def test_mkdocs_link_warnings_get_a_code_the_docs_path_and_the_link_to_the_fix() -> None:
    worded = coded_link_warning(
        "Doc file 'GUIDES/a.md' contains a link 'b.md', but the target 'GUIDES/b.md' is not found among "
        "documentation files. Did you mean 'c.md'?",
        "docs",
    )
    assert worded == coded(
        "LNK001",
        "docs/GUIDES/a.md: contains a link 'b.md', but the target 'GUIDES/b.md' is not found among documentation "
        "files. Did you mean 'c.md'?",
    )
    assert coded_link_warning("Doc file 'a.md' contains a link to 'b.md' which is excluded", "docs") is None
    assert coded_link_warning("Some other warning", "docs") is None


def test_mkdocs_dropping_a_readme_beside_an_index_gets_a_code_at_the_readme() -> None:
    worded = coded_files_warning(
        "Excluding 'GUIDES/recipes/README.md' from the site because it conflicts with 'GUIDES/recipes/index.md'.",
        "docs",
    )
    assert worded == coded(
        "NAV006",
        "docs/GUIDES/recipes/README.md: is left out of the site: index.md beside it is the folder's index page "
        "too, and MkDocs publishes index.md",
    )
    assert coded_files_warning("Some other warning", "docs") is None


def test_the_duplicate_port_example_is_a_problem_of_its_own_page_alone(tmp_path: Path) -> None:
    """A port another page reaches at localhost, or a name whose last word no catalog name ends in, made
    other pages' calls (CAT011) and prose (DRF001) wrong as well: the help page shows one mistake, made
    by its own two pages, whatever ports the real services use."""
    repository = copy_repository(tmp_path / "repository")
    examples = REGISTERED["CAT006"].examples
    for example in examples:
        apply(repository / "docs", example)
    problems = cli.check(repository / "docs")
    assert problems and {p.code for p in problems} == {"CAT006"}, problems
    assert {p.path for p in problems} <= {f"docs/{e.path}" for e in examples}, problems
