"""`pip install .` gives a working package: one top-level name, a `pyairtable-docs` command, ranges CI tests.

The wheel is built the way `pip install .` builds it (build isolation, setuptools from the
index) from a copy of the sources, so the checkout gets no build/ or egg-info. It is installed
into a new virtual environment that borrows the third-party packages of the running one
through a .pth line: the wheel is what is tested, without downloading its dependencies again.
Folders named by a .pth line are not site dirs, so the editable install there stays inert.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import DOCS, REPO
from pyairtable_docs.core.codes import coded

PACKAGE = "pyairtable_docs"
PROBLEM_SERVICE = "ARCHITECTURE/service-catalog/bare.md"


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True)


def no_bytecode(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name == "__pycache__" or name.endswith(".egg-info")]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = tmp_path_factory.mktemp("sources")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, sources / name)
    shutil.copytree(REPO / "src", sources / "src", ignore=no_bytecode)
    dist = tmp_path_factory.mktemp("dist")
    built = run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, sources, cwd=sources)
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel_path] = dist.glob("*.whl")
    return wheel_path


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a new virtual environment with the wheel installed."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=False)
    env_python = env_dir / "bin" / "python"
    pip = (sys.executable, "-m", "pip", "--python", env_python)
    done = run(*pip, "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=env_dir)
    assert done.returncode == 0, done.stdout + done.stderr
    env_site = run(env_python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=env_dir)
    (Path(env_site.stdout.strip()) / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return env_dir / "bin"


def top_level_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name.split("/")[0] for name in archive.namelist() if ".dist-info/" not in name}


@pytest.mark.build
def test_the_wheel_ships_one_package_and_no_bare_modules(wheel: Path) -> None:
    assert top_level_names(wheel) == {PACKAGE}
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith(f"{PACKAGE}/")}
        entry_points = next(name for name in archive.namelist() if name.endswith(".dist-info/entry_points.txt"))
        assert "pyairtable-docs = pyairtable_docs.cli:main" in archive.read(entry_points).decode()
    in_checkout = {
        path.relative_to(REPO / "src").as_posix()
        for path in (REPO / "src" / PACKAGE).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert shipped == in_checkout


@pytest.mark.build
def test_the_installed_package_imports_whole_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    every_module = (
        "import importlib, pkgutil, pyairtable_docs\n"
        "for module in pkgutil.walk_packages(pyairtable_docs.__path__, 'pyairtable_docs.'):\n"
        "    importlib.import_module(module.name)\n"
        "print(pyairtable_docs.__file__)\n"
    )
    imported = run(installed / "python", "-c", every_module, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert Path(imported.stdout.strip()).is_relative_to(installed.parent)


@pytest.mark.build
def test_the_installed_command_checks_the_real_docs(installed: Path, tmp_path: Path) -> None:
    checked = run(installed / "pyairtable-docs", "--docs", DOCS, "check", cwd=tmp_path)
    assert (checked.returncode, checked.stderr.strip()) == (0, "metadata OK")


@pytest.mark.build
def test_the_installed_command_reports_a_faulty_service_page(installed: Path, tmp_path: Path) -> None:
    page = tmp_path / "docs" / PROBLEM_SERVICE
    page.parent.mkdir(parents=True)
    page.write_text("---\nname: bare\n---\n# Bare\n", encoding="utf-8")
    checked = run(installed / "pyairtable-docs", "--docs", tmp_path / "docs", "check", cwd=tmp_path)
    assert checked.returncode == 1
    assert coded("FMT005", f"docs/{PROBLEM_SERVICE}: owner: is required") in checked.stdout.splitlines()


def pinned_versions() -> dict[str, Version]:
    lines = (REPO / "constraints.txt").read_text().splitlines()
    pins = (line.split("==") for line in lines if "==" in line)
    return {canonicalize_name(name): Version(version) for name, version in pins}


def declared_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    optional = [item for group in project["optional-dependencies"].values() for item in group]
    return [Requirement(item) for item in [*project["dependencies"], *optional]]


def next_breaking_release(version: Version) -> Version:
    """1.6.1 -> 2; 0.9.0 -> 0.10 (below 1.0 a minor release may break)."""
    major, minor = version.release[0], version.release[1] if len(version.release) > 1 else 0
    return Version(f"{major + 1}") if major else Version(f"0.{minor + 1}")


@pytest.mark.unit
@pytest.mark.parametrize("requirement", declared_requirements(), ids=str)
def test_each_range_starts_at_the_tested_pin_and_stops_before_the_next_major(requirement: Requirement) -> None:
    pin = pinned_versions().get(canonicalize_name(requirement.name))
    assert pin is not None, f"{requirement.name} is not pinned in constraints.txt"
    bounds = {spec.operator: Version(spec.version) for spec in requirement.specifier}
    assert bounds == {">=": pin, "<": next_breaking_release(pin)}, f"{requirement}: the pin is {pin}"
