"""Every test has exactly one tier (unit, build or browser), so `dev.py test -m <tier>` runs whole tiers."""

from __future__ import annotations

import subprocess
import sys

import pytest

import conftest
from conftest import REPO, MiniSite, build_site, reaches_a_build

pytestmark = pytest.mark.unit


def collect(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_no_test_is_left_without_a_tier() -> None:
    result = collect("-m", "not unit and not build and not browser")
    assert result.returncode == 5, result.stdout[-3000:] + result.stderr[-3000:]  # 5: nothing collected


def test_a_test_marked_with_two_tiers_fails_collection(tmp_path) -> None:
    (tmp_path / "test_two.py").write_text(
        "import pytest\n\n\n@pytest.mark.unit\n@pytest.mark.build\ndef test_x() -> None:\n    pass\n"
    )
    # tests/conftest.py, loaded as a plugin: the file lies outside tests/
    result = collect("-c", str(REPO / "pyproject.toml"), "-p", "conftest", str(tmp_path / "test_two.py"))
    assert result.returncode != 0
    assert "test_x: marked build, unit; a test has one tier" in result.stdout + result.stderr


def _helper_that_builds(root) -> None:
    MiniSite(root).build()


def _test_building_through_a_helper(tmp_path) -> None:
    _helper_that_builds(tmp_path)


def _test_building_directly(tmp_path) -> None:
    build_site(tmp_path / "site")


def _test_building_nothing() -> None:
    assert conftest.TIERS


@pytest.mark.parametrize(
    ("function", "builds"),
    [(_test_building_through_a_helper, True), (_test_building_directly, True), (_test_building_nothing, False)],
)
def test_a_build_is_seen_through_the_helpers_a_test_calls(function, builds: bool) -> None:
    assert reaches_a_build(function) is builds


def test_a_unit_test_that_builds_fails(tmp_path) -> None:
    with pytest.raises(AssertionError, match="a unit test ran a MkDocs build"):
        getattr(conftest, "build_site")(tmp_path / "site")  # noqa: B009 (hidden from the inference on purpose)
