"""The layout of the code stays as the code map describes it.

One package under src/; logic modules import nothing from MkDocs (only ``wiring.py`` and
``*_wiring.py`` may); each file in hooks/ is a shim that exposes one wiring module's events
and is registered in mkdocs.yml; and the code map page names exactly the package's folders
and modules, and which wiring module handles which MkDocs event, in the order MkDocs calls them; and the
README and the developer guide name no Python file that does not exist.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import yaml
from mkdocs.plugins import EVENTS

from conftest import DOCS, REPO

SRC = REPO / "src"
PACKAGE = "pyairtable_docs"
HOOKS = REPO / "hooks"
CODE_MAP = DOCS / "GUIDES" / "developer-guide" / "code-map.md"
MKDOCS_PACKAGES = ("mkdocs", "material")

pytestmark = pytest.mark.unit


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def python_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


MODULES = {module_name(path): path for path in python_files(SRC / PACKAGE)}


def is_wiring(module: str) -> bool:
    leaf = module.rpartition(".")[2]
    return leaf == "wiring" or leaf.endswith("_wiring")


def short(module: str) -> str:
    """How the code map names a module: relative to the package."""
    return module.removeprefix(PACKAGE + ".")


def imported_modules(module: str) -> Iterator[str]:
    """Every name an import statement of ``module`` may load, anywhere in its code."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{anchor}.{base}".rstrip(".")
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def own_modules_loaded_by(name: str) -> list[str]:
    """The package's modules an import of ``name`` runs: the module and the packages above it."""
    parts = name.split(".")
    return [prefix for i in range(1, len(parts) + 1) if (prefix := ".".join(parts[:i])) in MODULES]


def is_from_mkdocs(name: str) -> bool:
    return name.split(".")[0].startswith(MKDOCS_PACKAGES) or "mkdocs" in name.split(".")[1:]


def import_chain_to_mkdocs(start: str) -> list[str] | None:
    """The chain of imports by which ``start`` reaches MkDocs (through its own package), or None."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        module = queue.pop(0)
        for name in imported_modules(module):
            if is_from_mkdocs(name):
                return [*paths[module], name]
            for own in own_modules_loaded_by(name):
                if own not in paths:
                    paths[own] = [*paths[module], own]
                    queue.append(own)
    return None


@pytest.mark.parametrize("module", [name for name in MODULES if not is_wiring(name)])
def test_a_logic_module_imports_nothing_from_mkdocs(module: str) -> None:
    chain = import_chain_to_mkdocs(module)
    assert chain is None, f"{module} reaches MkDocs: {' -> '.join(chain or [])}"


def test_the_import_check_sees_mkdocs_behind_a_wiring_module() -> None:
    wiring_imports = [name for name in MODULES if is_wiring(name) and import_chain_to_mkdocs(name)]
    assert wiring_imports, "no wiring module imports MkDocs: the check above would pass on anything"


def test_src_holds_one_package_and_no_bare_modules() -> None:
    shipped = {path.name for path in SRC.iterdir() if path.suffix != ".egg-info" and path.name != "__pycache__"}
    assert shipped == {PACKAGE}
    packages = [path.parent for path in python_files(SRC / PACKAGE) if path.name == "__init__.py"]
    folders = [path for path in (SRC / PACKAGE).rglob("*") if path.is_dir() and path.name != "__pycache__"]
    assert sorted(folders) == sorted(path for path in packages if path != SRC / PACKAGE)


# -- hooks/ and mkdocs.yml


class _IgnoringTags(yaml.SafeLoader):
    """Reads mkdocs.yml without constructing its !!python/name tags."""


_IgnoringTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@cache
def registered_hooks() -> tuple[str, ...]:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoringTags)
    return tuple(config.get("hooks", []))


def shim_statements(path: Path) -> tuple[str, list[str], list[str]]:
    """(wiring module, names imported, names in __all__) of a hook file; fails on anything else."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    imports = []
    exported: list[str] = []
    for index, node in enumerate(tree.body):
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            assert all(alias.asname is None for alias in node.names), f"{path.name}: renames an event"
            imports.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["__all__"]:
            exported = list(ast.literal_eval(node.value))
        else:
            raise AssertionError(
                f"hooks/{path.name}:{node.lineno}: only imports of one wiring module's events belong here"
            )
    assert len(imports) == 1, f"hooks/{path.name}: imports from {len(imports)} modules, not from one wiring module"
    [(module, names)] = imports
    return module, names, exported


def hook_files() -> list[Path]:
    return sorted(HOOKS.glob("*.py"))


def test_hooks_holds_exactly_the_files_mkdocs_yml_registers() -> None:
    registered = registered_hooks()
    assert len(set(registered)) == len(registered), "a hook is registered twice"
    assert sorted(registered) == [path.relative_to(REPO).as_posix() for path in hook_files()]


@pytest.mark.parametrize("path", hook_files(), ids=lambda path: path.name)
def test_a_hook_file_only_exposes_the_events_of_one_wiring_module(path: Path) -> None:
    module, names, exported = shim_statements(path)
    assert module in MODULES and is_wiring(module), f"hooks/{path.name}: {module} is not a wiring module"
    assert names, f"hooks/{path.name} exposes no event"
    assert sorted(exported) == sorted(names), f"hooks/{path.name}: __all__ differs from what it imports"
    assert [name for name in names if name.removeprefix("on_") not in EVENTS or not name.startswith("on_")] == []
    wiring = importlib.import_module(module)
    assert [name for name in names if not callable(getattr(wiring, name, None))] == []


def event_handlers(module: str) -> set[str]:
    wiring = importlib.import_module(module)
    return {f"on_{event}" for event in EVENTS if callable(getattr(wiring, f"on_{event}", None))}


@cache
def wiring_by_hook() -> dict[str, str]:
    return {hook: shim_statements(REPO / hook)[0] for hook in registered_hooks()}


def test_every_event_a_wiring_module_handles_is_registered() -> None:
    exposed: dict[str, set[str]] = {}
    for hook in registered_hooks():
        module, names, _ = shim_statements(REPO / hook)
        exposed.setdefault(module, set()).update(names)
    for module in (name for name in MODULES if is_wiring(name)):
        unregistered = event_handlers(module) - exposed.get(module, set())
        assert not unregistered, f"{module} handles {sorted(unregistered)}, but no file in hooks/ exposes them"


# -- the code map page


def page_text() -> str:
    return CODE_MAP.read_text(encoding="utf-8")


TREE_LINE = re.compile(r"^(?P<indent>(?:[│ ]   )*)[├└]── (?P<name>[\w.]+/?)")


def tree_in_page() -> set[str]:
    """Folders (ending in /) and modules of the package tree in the page, relative to the package."""
    block = re.search(r"^```text\nsrc/pyairtable_docs/\n(.*?)^```", page_text(), re.M | re.S)
    assert block, "the code map has no ```text block starting with src/pyairtable_docs/"
    named, folders = set(), []
    for line in block.group(1).splitlines():
        match = TREE_LINE.match(line)
        if match is None:
            continue
        depth = len(match["indent"]) // 4
        folders = folders[:depth]
        named.add("".join(folders) + match["name"])
        if match["name"].endswith("/"):
            folders.append(match["name"])
    return named


def tree_in_package() -> set[str]:
    named = set()
    for path in python_files(SRC / PACKAGE):
        relative = path.relative_to(SRC / PACKAGE)
        named.add(relative.parent.as_posix() + "/" if path.name == "__init__.py" else relative.as_posix())
    return named - {"./"}


def test_the_code_map_tree_names_every_folder_and_module_and_nothing_else() -> None:
    in_page, in_package = tree_in_page(), tree_in_package()
    assert sorted(in_page - in_package) == [], "the code map names these, the package has no such thing"
    assert sorted(in_package - in_page) == [], "the package has these, the code map does not name them"


def table_rows(first_cell: str) -> list[list[str]]:
    rows = []
    for line in page_text().splitlines():
        if line.startswith(f"| `{first_cell}"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def expected_hook_rows() -> list[tuple[str, str]]:
    return [(f"`{hook}`", f"`{short(module)}`") for hook, module in wiring_by_hook().items()]


def expected_event_rows() -> list[tuple[str, str]]:
    """Per event, in the order MkDocs defines them: our handlers in the order MkDocs calls them.

    MkDocs calls the handlers of one event by priority (higher first), and in the order the
    hooks are listed in mkdocs.yml where priorities are equal.
    """
    rows = []
    for event in EVENTS:
        handlers = []
        for module in wiring_by_hook().values():
            handler = getattr(importlib.import_module(module), f"on_{event}", None)
            if f"on_{event}" in event_handlers(module):
                handlers.append((-getattr(handler, "mkdocs_priority", 0), len(handlers), module))
        if handlers:
            cells = [f"`{short(module)}`" + (f" ({-order})" if order else "") for order, _, module in sorted(handlers)]
            rows.append((f"`on_{event}`", ", ".join(cells)))
    return rows


def as_table(rows: list[tuple[str, str]]) -> str:
    return "\n".join(f"| {first} | {second} |" for first, second in rows)


def test_the_code_map_names_the_wiring_module_behind_each_hook_file() -> None:
    in_page = [tuple(row[:2]) for row in table_rows("hooks/")]
    assert in_page == expected_hook_rows(), "the hook table should start with:\n" + as_table(expected_hook_rows())


def test_the_code_map_lists_each_event_with_its_handlers_in_calling_order() -> None:
    in_page = [tuple(row[:2]) for row in table_rows("on_")]
    assert in_page == expected_event_rows(), "the event table should read:\n" + as_table(expected_event_rows())


# -- paths named in the developers' pages

PAGES_NAMING_CODE = [REPO / "README.md", *sorted((DOCS / "GUIDES" / "developer-guide").glob("*.md"))]
EXAMPLE = "runbook"  # the code map's worked example names files that do not exist, on purpose
CODE_PATH = re.compile(r"`([\w./-]+\.py)\b")


def named_code_paths(page: Path) -> Iterator[str]:
    for match in CODE_PATH.finditer(page.read_text(encoding="utf-8")):
        if EXAMPLE not in match[1]:
            yield match[1]


def resolves(path: str) -> bool:
    first = path.split("/")[0]
    if (SRC / PACKAGE / first).is_dir():  # written relative to the package, e.g. speed/refresh.py
        return (SRC / PACKAGE / path).is_file()
    return "/" not in path or (REPO / path).is_file()


@pytest.mark.parametrize("page", PAGES_NAMING_CODE, ids=lambda page: page.relative_to(REPO).as_posix())
def test_every_python_file_a_developer_page_names_exists(page: Path) -> None:
    missing = sorted({path for path in named_code_paths(page) if not resolves(path)})
    assert missing == [], f"{page.relative_to(REPO)} names files that do not exist"
