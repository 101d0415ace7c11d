"""The authors' command line: new adr, new service, check."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import DOCS
from pyairtable_docs.cli import check, main

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A copy of the real docs tree (templates, ADRs, catalog) to write into."""
    target = tmp_path / "docs"
    shutil.copytree(DOCS, target)
    (tmp_path / "mkdocs.yml").write_text("docs_dir: docs\n")
    return target


def run(docs: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--docs", str(docs), *args], today=TODAY)
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_new_adr_takes_the_next_number_and_fills_the_template(docs, capsys) -> None:
    code, out, _ = run(docs, "new", "adr", "Adopt OpenTelemetry everywhere", capsys=capsys)
    assert code == 0
    path = Path(out)
    assert path == docs / "ARCHITECTURE/decisions/005-adopt-opentelemetry-everywhere.md"
    text = path.read_text()
    assert text.startswith("---\nstatus: proposed\ndate: 2026-11-25\n")
    assert "\n# Adopt OpenTelemetry everywhere\n" in text
    assert "{{" not in text
    assert check(docs) == []


def test_new_adr_superseding_changes_only_the_old_status(docs, capsys) -> None:
    old = docs / "ARCHITECTURE/decisions/004-deployment-strategy.md"
    before = old.read_bytes()
    code, out, _ = run(docs, "new", "adr", "Deploy with Helm", "--supersedes", "4", capsys=capsys)
    assert code == 0
    after = old.read_bytes()
    assert after != before
    assert after == before.replace(b"status: accepted", b"status: superseded", 1)
    assert "supersedes: [4]" in Path(out).read_text()
    assert check(docs) == []


def test_new_adr_refuses_to_supersede_a_missing_adr(docs, capsys) -> None:
    code, _, err = run(docs, "new", "adr", "X", "--supersedes", "42", capsys=capsys)
    assert code == 1 and "ADR-042 does not exist" in err


def test_new_service_writes_a_valid_page_and_refuses_to_overwrite(docs, capsys) -> None:
    code, out, _ = run(docs, "new", "service", "billing-service", capsys=capsys)
    assert code == 0
    text = Path(out).read_text()
    assert "name: billing-service\ntitle: Billing Service\n" in text
    assert check(docs) == []
    before = Path(out).read_bytes()
    code, _, err = run(docs, "new", "service", "billing-service", capsys=capsys)
    assert code == 1 and "already exists; nothing was written" in err
    assert Path(out).read_bytes() == before


def test_new_service_refuses_a_name_that_is_not_kebab_case(docs, capsys) -> None:
    code, _, err = run(docs, "new", "service", "Billing_Service", capsys=capsys)
    assert code == 1 and "is not kebab-case" in err


def test_check_passes_on_the_real_docs(capsys) -> None:
    code, _, err = run(DOCS, "check", capsys=capsys)
    assert (code, err) == (0, "metadata OK")


def test_check_reports_a_planted_fault_and_fails(docs, capsys) -> None:
    page = docs / "ARCHITECTURE/service-catalog/auth-service.md"
    page.write_text(page.read_text().replace("port: 8081", "port: 8080"))
    code, out, err = run(docs, "check", capsys=capsys)
    assert code == 1
    assert (
        "docs/ARCHITECTURE/service-catalog/auth-service.md: port: 8080 is already used by "
        "docs/ARCHITECTURE/service-catalog/api-gateway.md" in out
    )
    assert err == "1 problem(s)"
