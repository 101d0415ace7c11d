"""The authoring guide's walk-through works as printed: every `python3 dev.py docs ...` command of its
code blocks, run in order in a copy of the checkout, then `check` and the strict build pass and show
what the commands made.

The copy reuses this checkout's set-up (.venv and node_modules linked, .dev-stamp copied), so dev.py
sets up nothing. A name the guide creates that the docs already hold (an author added it for real)
is set aside in the copy first, under another name, with every mention of it.
"""

from __future__ import annotations

import itertools
import os
import re
import runpy
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO, write_files
from pyairtable_docs.drift.names import DEPLOYMENT_SUFFIXES
from repo_copy import copy_repository

GUIDE = REPO / "docs" / "GUIDES" / "developer-guide" / "docs-authoring.md"
SET_UP = ("dev.py", "pyproject.toml", "constraints.txt", "package.json", "package-lock.json", ".dev-stamp")
SHARED = (".venv", "node_modules")  # linked, never written: dev.py's set-up is current
PREFIX = "python3 dev.py docs "
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
ADR_DIR = "ARCHITECTURE/decisions"
MADE_BY = {  # what `new KIND NAME` writes, docs-relative
    "service": "ARCHITECTURE/service-catalog/{}.md",
    "diagram": "ARCHITECTURE/diagrams/{}.mermaid",
    "runbook": "GUIDES/operations-guide/runbooks/{}.md",
}
SET_ASIDE = "-set-aside"


def slug_of(title: str) -> str:
    """The slug `new adr` gives a title, as the guide states it: lower case, other runs made `-`."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].rstrip("-")


def guide_commands(markdown: str) -> list[str]:
    """The `python3 dev.py docs` commands of the code blocks, in order."""
    commands, fence = [], None
    for line in markdown.splitlines():
        marker = FENCE.match(line)
        if marker and fence is None:
            fence = marker.group(1)
        elif marker and marker.group(1).startswith(fence):
            fence = None
        elif fence and line.strip().startswith(PREFIX):
            commands.append(line.strip())
    return commands


@dataclass
class Expected:
    """What the commands should leave: ADR slug -> status, and the other names each kind made."""

    adrs: dict[str, str] = field(default_factory=dict)
    supersedes: dict[str, list[str]] = field(default_factory=dict)
    made: dict[str, list[str]] = field(default_factory=dict)  # kind -> names
    owners: dict[str, str] = field(default_factory=dict)  # service -> team


def expected_after(commands: list[str]) -> Expected:
    """The ADR statuses and the pages the commands make, by the life cycle the guide describes."""
    done = Expected()
    for command in commands:
        args = shlex.split(command)[len(shlex.split(PREFIX)) :]
        if args[:2] == ["new", "adr"]:
            slug = slug_of(args[2])
            done.adrs[slug] = "proposed"
            done.supersedes[slug] = [v for k, v in itertools.pairwise(args) if k == "--supersedes"]
        elif args[0] == "new":
            done.made.setdefault(args[1], []).append(args[2])
            if "--owner" in args:
                done.owners[args[2]] = args[args.index("--owner") + 1]
        elif args[0] in ("accept", "reject", "deprecate"):
            done.adrs[args[1]] = {"accept": "accepted", "reject": "rejected", "deprecate": "deprecated"}[args[0]]
            for old in done.supersedes.get(args[1], []) if args[0] == "accept" else []:
                done.adrs[old] = "superseded"
    return done


def mention(name: str) -> re.Pattern:
    """`name` as a whole name (kebab or with `_` for `-`), or with a deployment suffix; not inside a longer name."""
    forms = "|".join(re.escape(form) for form in {name, name.replace("-", "_")})
    suffixes = "|".join(sorted(DEPLOYMENT_SUFFIXES))
    return re.compile(rf"(?<![\w-])({forms})(?=[-_](?:{suffixes})\b|(?![\w-])|-(?![\w]))")


def set_aside(docs: Path, token: str, renamed: str) -> list[str]:
    """Rename what ``token`` names in the docs (files and every mention) to ``renamed``; the files renamed."""
    pattern = mention(token)
    moved = []
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        new = pattern.sub(
            lambda m: renamed if "-" in m.group(1) or "_" not in m.group(1) else renamed.replace("-", "_"), text
        )
        if new != text:
            path.write_text(new, encoding="utf-8")
        if path.stem == token:
            path.rename(path.with_name(renamed + path.suffix))
            moved.append(path.relative_to(docs).as_posix())
    return moved


def collisions(docs: Path, done: Expected) -> list[str]:
    """The names the guide creates that the docs already hold: ADR file stems and other names."""
    found = [p.stem for slug in done.adrs for p in (docs / ADR_DIR).glob(f"[0-9][0-9][0-9]-{slug}.md")]
    for kind, names in done.made.items():
        for name in names:
            teams = (docs / "ARCHITECTURE/teams/teams.yaml").read_text(encoding="utf-8")
            exists = f"- name: {name}\n" in teams if kind == "team" else (docs / MADE_BY[kind].format(name)).exists()
            found += [name] if exists else []
    return found


def copy_checkout(target: Path) -> Path:
    copy_repository(target)
    for name in SET_UP:
        shutil.copy2(REPO / name, target / name)
    for name in SHARED:
        (target / name).symlink_to(REPO / name, target_is_directory=True)
    return target


def setup_is_current(root: Path) -> bool:
    """Whether dev.py in ``root`` would set up nothing (so nothing is installed into the shared .venv)."""
    dev = runpy.run_path(str(root / "dev.py"))
    stamp = dev["STAMP"]
    installed = all(package.is_dir() for package in dev["NPM_PACKAGES"])
    return stamp.exists() and stamp.read_text() == dev["setup_fingerprint"]() and installed


def run(root: Path, command: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        shlex.split(command), cwd=root, capture_output=True, text=True, env=dict(os.environ, **env), timeout=600
    )


# --- unit tests of the helpers ---------------------------------------------------------------


def test_commands_are_read_from_code_blocks_only() -> None:
    markdown = (
        "Run `python3 dev.py docs check` in prose.\n\n"
        '```bash\npython3 dev.py serve\npython3 dev.py docs new adr "Bill workspaces monthly"\n```\n\n'
        "    ```bash\n    python3 dev.py docs accept bill-workspaces-monthly\n    ```\n\n"
        "````markdown\n```\npython3 dev.py docs check\n```\n````\n"
    )
    assert guide_commands(markdown) == [
        'python3 dev.py docs new adr "Bill workspaces monthly"',
        "python3 dev.py docs accept bill-workspaces-monthly",
        "python3 dev.py docs check",
    ]


def test_expected_statuses_follow_the_adr_life_cycle() -> None:
    done = expected_after(
        [
            'python3 dev.py docs new adr "Bill workspaces monthly"',
            "python3 dev.py docs accept bill-workspaces-monthly",
            'python3 dev.py docs new adr "Bill by usage" --supersedes bill-workspaces-monthly',
            "python3 dev.py docs accept bill-by-usage",
            'python3 dev.py docs new adr "Invoice in euros"',
            "python3 dev.py docs reject invoice-in-euros",
            "python3 dev.py docs new service billing-service --owner insights-team",
            "python3 dev.py docs new diagram billing-flow",
        ]
    )
    assert done.adrs == {
        "bill-workspaces-monthly": "superseded",
        "bill-by-usage": "accepted",
        "invoice-in-euros": "rejected",
    }
    assert done.made == {"service": ["billing-service"], "diagram": ["billing-flow"]}
    assert done.owners == {"billing-service": "insights-team"}


def test_a_name_in_use_is_set_aside_with_every_mention(tmp_path: Path) -> None:
    docs = write_files(
        tmp_path / "docs",
        {
            "ARCHITECTURE/service-catalog/billing-service.md": "---\nname: billing-service\n---\n# Billing Service\n",
            "ARCHITECTURE/service-catalog/billing-service-worker.md": "---\nname: billing-service-worker\n---\n",
            "ARCHITECTURE/service-catalog/invoices.md": (
                "dependsOn:\n  - billing-service\n  - billing-service-worker\n"
                "Runs as `billing-service-prod`; see [it](billing-service.md), billing-service.\n"
            ),
            "ARCHITECTURE/diagrams/flow.mermaid": "flowchart TB\n  billing_service --> billing_service_worker\n",
            "SCHEMAS/observability/rules/billing-service.yaml": "service: billing-service\n",
            "ARCHITECTURE/decisions/012-bill-workspaces-monthly.md": "# Bill\n",
            "ARCHITECTURE/decisions/README.md": "[ADR-012](012-bill-workspaces-monthly.md)\n",
            "ARCHITECTURE/teams/teams.yaml": "teams:\n  - name: insights-team\n",
        },
    )
    done = Expected(adrs={"bill-workspaces-monthly": "proposed"}, made={"service": ["billing-service"]})
    assert collisions(docs, done) == ["012-bill-workspaces-monthly", "billing-service"]
    assert set_aside(docs, "billing-service", "billing-service" + SET_ASIDE) == [
        "ARCHITECTURE/service-catalog/billing-service.md",
        "SCHEMAS/observability/rules/billing-service.yaml",
    ]
    set_aside(docs, "012-bill-workspaces-monthly", "012-bill-workspaces-monthly" + SET_ASIDE)
    read = lambda name: (docs / name).read_text(encoding="utf-8")  # noqa: E731
    assert read("ARCHITECTURE/service-catalog/billing-service-set-aside.md").startswith(
        "---\nname: billing-service-set-aside\n"
    )
    assert read("ARCHITECTURE/service-catalog/invoices.md") == (
        "dependsOn:\n  - billing-service-set-aside\n  - billing-service-worker\n"
        "Runs as `billing-service-set-aside-prod`; see [it](billing-service-set-aside.md), billing-service-set-aside.\n"
    )
    assert read("ARCHITECTURE/diagrams/flow.mermaid").endswith("billing_service_set_aside --> billing_service_worker\n")
    assert read("SCHEMAS/observability/rules/billing-service-set-aside.yaml") == "service: billing-service-set-aside\n"
    assert read("ARCHITECTURE/decisions/README.md") == "[ADR-012](012-bill-workspaces-monthly-set-aside.md)\n"
    assert (docs / "ARCHITECTURE/decisions/012-bill-workspaces-monthly-set-aside.md").exists()
    assert collisions(docs, done) == []


# --- the walk-through, run ---------------------------------------------------------------------


@pytest.mark.build
def test_the_guide_walk_through_runs_as_printed(tmp_path: Path) -> None:
    commands = guide_commands(GUIDE.read_text(encoding="utf-8"))
    done = expected_after(commands)
    # The path of the issue: an ADR, a superseding ADR proposed and accepted, a service, a diagram.
    assert "superseded" in done.adrs.values() and "accepted" in done.adrs.values(), commands
    assert done.made.get("service") and done.made.get("diagram"), commands
    assert not any(re.search(r"--supersedes \d", c) or re.search(r"(accept|reject|deprecate) \d", c) for c in commands)

    root = copy_checkout(tmp_path / "checkout")
    assert setup_is_current(root), "set-up is not current: run any `python3 dev.py` command once, then this test"
    docs = root / "docs"
    for token in collisions(docs, done):
        set_aside(docs, token, token + SET_ASIDE)
    epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=REPO, capture_output=True, text=True).stdout
    dates = {"SOURCE_DATE_EPOCH": epoch.strip()} if epoch.strip() else {}  # the copy is not a git checkout

    for command in commands:
        result = run(root, command, **dates)
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
        assert "dev.py: installing" not in result.stdout, "dev.py set up again in the copy"
        if " new adr " in command:  # the slug the later commands use is the one the file got
            assert result.stdout.strip().endswith(f"-{slug_of(shlex.split(command)[5])}.md"), result.stdout
    checked = run(root, PREFIX + "check", **dates)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    site = tmp_path / "site"
    built = run(root, f"python3 dev.py build --site-dir {site}", **dates)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "WARNING" not in built.stderr, built.stderr

    log = (site / ADR_DIR / "index.html").read_text(encoding="utf-8")
    for slug, status in done.adrs.items():
        (adr,) = (docs / ADR_DIR).glob(f"[0-9][0-9][0-9]-{slug}.md")
        assert re.search(rf"^status: {status}$", adr.read_text(encoding="utf-8"), re.M), (slug, status)
        assert (site / ADR_DIR / adr.stem / "index.html").is_file()
        assert f'href="{adr.stem}/"' in log, f"the decision log does not link {adr.stem}"
    catalog = (site / "ARCHITECTURE/service-catalog/index.html").read_text(encoding="utf-8")
    for name in done.made["service"]:
        assert (site / "ARCHITECTURE/service-catalog" / name / "index.html").is_file()
        assert f'href="{name}/"' in catalog
        if name in done.owners:
            team = (site / "ARCHITECTURE/teams" / done.owners[name] / "index.html").read_text(encoding="utf-8")
            assert f"service-catalog/{name}/" in team
    gallery = (site / "ARCHITECTURE/diagrams/index.html").read_text(encoding="utf-8")
    for name in done.made["diagram"]:
        assert (site / "ARCHITECTURE/diagrams" / name / "index.html").is_file()
        assert f'href="{name}/"' in gallery
