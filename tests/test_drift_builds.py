"""The drift check in real builds: an unknown name planted in a real prose page fails the
strict build with file:line, for every kind; `pyairtable-docs check` reports the same; a
broken contract is one clear error and no traceback.

The planted names are made from the real contracts (a real event type with a suffix, a real
alert's first word...), and checked to be unknown before planting, so the test follows the
content as it grows.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import DOCS
from pyairtable_docs.core.codes import coded
from pyairtable_docs.drift.contracts import PUBLIC_BASE, load_registry
from pyairtable_docs.drift.names import HUMPS, check_page
from pyairtable_docs.drift.names import KINDS as KINDS_CHECKED
from test_added_content import copy_repository

pytestmark = pytest.mark.xdist_group("drift-planted")
COMMAND = Path(sys.executable).with_name("pyairtable-docs")


def real_registry():
    texts = {
        p.relative_to(DOCS).as_posix(): p.read_text(encoding="utf-8")
        for p in DOCS.rglob("*")
        if p.is_file() and p.suffix in (".md", ".yaml", ".json", ".sql", ".schema")
    }
    return load_registry(texts, {})[0]


def planted_names(registry, n: int = 1) -> dict[str, str]:
    """One name per kind, as prose would write it, made from the real contracts; ``n`` varies it."""
    event = sorted(registry.events)[0]
    endpoint = next(e for e in sorted(registry.endpoints, key=lambda e: e.shown) if e.api == "public" and not e.at_root)
    unknown_status = next(code for code in ("418", "451", "507") if code not in endpoint.statuses)
    alert_words = HUMPS.findall(sorted(registry.alerts)[0])
    key_prefix = sorted(registry.keys)[0].split(":")[0]
    schema = sorted(registry.schemas)[0]
    graphql_type = next(t for t in sorted(registry.graphql) if registry.graphql[t] and not t.startswith("__"))
    service = sorted(registry.services)[0]
    team = sorted(registry.leads)[0]
    other_lead = next(lead for name, lead in sorted(registry.leads.items()) if lead != registry.leads[team])
    return {
        "event type": f"`{event.split('.')[0]}.planted{n}`",
        "payload field": f"`{event}.planted{n}Field`",
        "operation": f"`GET {PUBLIC_BASE}/planted-{n}-path`",
        "header": f"`X-Planted-{n}-Header`",
        "status code": f"`{endpoint.shown}` returns {unknown_status}",
        "query parameter": f"`{endpoint.shown}?planted{n}=1`",
        "problem type": f"`400 {sorted(registry.problem_types)[0]}-planted-{n}`",
        "alert": f"`{alert_words[0]}Planted{n}{alert_words[-1]}`",
        "Redis key": f"`{key_prefix}:planted{n}:{{id}}`",
        "Postgres name": f"`{schema}.planted_{n}_table`",
        "GraphQL name": f"`{graphql_type}.planted{n}Field`",
        "service": f"`{service}{'x' * n}`" if "-" in service else f"`planted-{n}-service`",
        "ADR": f"ADR-{max(registry.adrs) + 100 * n:03d}",
        "team": f"`planted{n}-team`",
        "team lead": f"{team} ({other_lead}{' Jr' * (n - 1)})",
    }


def prose_pages() -> list[str]:
    """Real prose pages to plant into: one per kind, spread over the sections."""
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if p.name != "tags.md")
    return pages[:: max(1, len(pages) // len(KINDS_CHECKED))]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory):
    """A copy of the repository with one unknown name per kind planted at the end of a real page."""
    registry = real_registry()
    repository = copy_repository(tmp_path_factory.mktemp("planted") / "repository")
    expected = {}
    for kind, src in zip(planted_names(registry), prose_pages(), strict=False):
        page = repository / "docs" / src
        for n in range(1, 50):  # the first variant no contract defines (an author may add any name)
            written = planted_names(registry, n)[kind]
            text = page.read_text(encoding="utf-8").rstrip("\n") + f"\n\nPlanted for a test: {written}.\n"
            if any(not r.known and r.kind == kind for r in check_page(src, text, registry)):
                break
        else:
            pytest.fail(f"no unknown {kind} could be planted in {src}")
        page.write_text(text, encoding="utf-8")
        expected[kind] = f"DRF001 docs/{src}:{text.count(chr(10))}: unknown {kind} "
    return repository, expected


@pytest.fixture(scope="module")
def planted_build_warnings(planted, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    repository, _ = planted
    handler = _Collect()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        config = load_config(str(repository / "mkdocs.yml"), strict=True, site_dir=str(tmp_path_factory.mktemp("site")))
        with pytest.raises(Abort):
            build(config)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return handler.messages


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


KINDS = list(KINDS_CHECKED)  # every kind the Consistency page lists


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_name_planted_in_a_real_page_fails_the_strict_build_with_file_and_line(
    kind, planted, planted_build_warnings
) -> None:
    _, expected = planted
    hits = [m for m in planted_build_warnings if expected[kind] in m]
    assert len(hits) == 1, f"expected one warning starting {expected[kind]!r}, got {hits}"


def test_the_planted_names_are_the_only_warnings(planted, planted_build_warnings) -> None:
    _, expected = planted
    drift = [m for m in planted_build_warnings if "unknown " in m]
    assert len(drift) == len(expected), drift


def test_check_reports_the_same_names_as_the_build(planted, planted_build_warnings) -> None:
    repository, expected = planted
    done = subprocess.run([str(COMMAND), "check"], cwd=repository, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    for kind, start in expected.items():
        assert sum(start in line for line in done.stdout.splitlines()) == 1, (kind, done.stdout)


@pytest.mark.parametrize(
    ("contract", "broken"),
    [
        ("SCHEMAS/events/kafka-topics.json", '{"topics": [\n'),
        ("SCHEMAS/api/internal.yaml", "openapi: 3.1.0\npaths: [\n"),
        ("SCHEMAS/database/redis/keyspace.yaml", "- pattern: [\n"),
        ("SCHEMAS/database/postgres/things.sql", "-- owner: auth-service\n-- schema: things\ncreate tabel x ();\n"),
    ],
)
def test_a_broken_contract_is_one_error_and_no_traceback(small_hub, caplog, contract: str, broken: str) -> None:
    small_hub.write(
        {
            contract: broken,
            "GUIDES/names.md": "# Names\n\n`thing.created`, `PUT /internal/x`, `thing:lock:1`, `things.x`.\n",
        }
    )
    warnings = small_hub.build_fails(caplog)
    about = [w for w in warnings if contract.rsplit("/", 1)[-1] in w]
    assert len(about) == 1, warnings
    assert not any("Traceback" in w or "unknown " in w for w in warnings), warnings


def test_an_embedded_value_is_built_into_the_page_and_a_bad_one_fails_with_its_line(small_hub, caplog) -> None:
    mini_site = small_hub
    keyspace = '- {pattern: "lock:{id}", owner: auth-service, type: string, ttl: "30s",'
    keyspace += ' purpose: "One lease per job, held while it runs.", example: "lock:1"}\n'
    page = (
        "---\ntitle: Locks\n---\n\n# Locks\n\nA lock lives {{ SCHEMAS/database/redis/keyspace.yaml#/lock:{id}/ttl }}.\n"
    )
    schema = (DOCS / "SCHEMAS/database/redis/keyspace.schema.json").read_text(encoding="utf-8")
    mini_site.write(
        {
            "SCHEMAS/database/redis/keyspace.yaml": keyspace,
            "SCHEMAS/database/redis/keyspace.schema.json": schema,
            "GUIDES/locks.md": page,
        }
    )
    site = mini_site.build()
    assert "A lock lives 30s." in (site / "GUIDES/locks/index.html").read_text(encoding="utf-8")

    mini_site.edit("GUIDES/locks.md", "/ttl }}", "/tll }}")
    warnings = mini_site.build_fails(caplog)
    assert [w for w in warnings if "embed" in w] == [
        "pyairtable_docs: "
        + coded(
            "DRF006",
            "docs/GUIDES/locks.md:7: embed {{ SCHEMAS/database/redis/keyspace.yaml#/lock:{id}/tll }}:"
            " /lock:{id}/tll is not in the contract (did you mean 'ttl'?)",
        )
    ]


def test_the_consistency_page_lists_every_kind_with_the_counts_the_check_finds(site) -> None:
    from pyairtable_docs.drift.names import KINDS
    from pyairtable_docs.drift.scan import ALLOW_FILE, check_sources

    texts = {
        p.relative_to(DOCS).as_posix(): p.read_text(encoding="utf-8")
        for p in DOCS.rglob("*")
        if p.is_file() and p.suffix in (".md", ".yaml", ".yml", ".json", ".sql", ".schema")
    }
    allow = DOCS / ALLOW_FILE
    report, entries, _ = check_sources(texts, {}, allow.read_text(encoding="utf-8") if allow.is_file() else None)
    page = (site / "TOOLS" / "consistency" / "index.html").read_text(encoding="utf-8")
    assert f"resolved <strong>{sum(report.resolved.values())}</strong> references" in page
    for kind in KINDS:
        row = re.search(rf"<td>{re.escape(kind)}</td>(.*?)</tr>", page, re.S)
        assert row, kind
        resolved, allowed = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))[-2:]
        assert (int(resolved), int(allowed)) == (report.resolved.get(kind, 0), report.allowed.get(kind, 0)), kind
    for entry in entries:
        assert entry.reason.split()[0] in page
    assert "&amp;#" not in page  # no entity shown as written
