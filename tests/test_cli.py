"""The authors' command line: new adr, new service, check.

The commands write into a minimal hub (conftest.SMALL_HUB) holding the real templates; the
numbers and names the tests expect are computed from that tree, never assumed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import AUTH, DOCS, SMALL_HUB, write_files
from pyairtable_docs.adr.records import ADR_DIR
from pyairtable_docs.catalog.records import CATALOG_DIR
from pyairtable_docs.cli import TEMPLATES, check, main
from site_content import adrs_in, services_in

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A minimal hub with the templates the commands fill, as docs/TOOLS/templates has them."""
    templates = {TEMPLATES + p.name: p.read_text(encoding="utf-8") for p in (DOCS / TEMPLATES).glob("*.template")}
    return write_files(tmp_path / "docs", {"README.md": "# Home\n", **SMALL_HUB, **templates})


def run(docs: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--docs", str(docs), *args], today=TODAY)
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def unused_service_name(docs: Path, wanted: str = "billing-service") -> str:
    taken = {service.name for service in services_in(docs)}
    return next(name for n in range(1, 1000) if (name := wanted if n == 1 else f"{wanted}-{n}") not in taken)


def test_new_adr_takes_the_next_number_and_fills_the_template(docs, capsys) -> None:
    next_number = max(adr.number for adr in adrs_in(docs)) + 1
    code, out, _ = run(docs, "new", "adr", "Adopt OpenTelemetry everywhere", capsys=capsys)
    assert code == 0
    path = Path(out)
    assert path == docs / ADR_DIR / f"{next_number:03d}-adopt-opentelemetry-everywhere.md"
    text = path.read_text()
    assert text.startswith("---\nstatus: proposed\ndate: 2026-11-25\n")
    assert "\n# Adopt OpenTelemetry everywhere\n" in text
    assert "{{" not in text
    assert check(docs) == []


def test_new_adr_superseding_changes_only_the_old_status(docs, capsys) -> None:
    old_adr = next(adr for adr in adrs_in(docs) if adr.status == "accepted")
    old = docs / old_adr.path
    before = old.read_bytes()
    code, out, _ = run(docs, "new", "adr", "Deploy with Helm", "--supersedes", str(old_adr.number), capsys=capsys)
    assert code == 0
    after = old.read_bytes()
    assert after != before
    assert after == before.replace(b"status: accepted", b"status: superseded", 1)
    assert f"supersedes: [{old_adr.number}]" in Path(out).read_text()
    assert check(docs) == []


def test_new_adr_refuses_to_supersede_a_missing_adr(docs, capsys) -> None:
    missing = max(adr.number for adr in adrs_in(docs)) + 40
    code, _, err = run(docs, "new", "adr", "X", "--supersedes", str(missing), capsys=capsys)
    assert code == 1 and f"ADR-{missing:03d} does not exist" in err


def test_new_service_writes_a_valid_page_and_refuses_to_overwrite(docs, capsys) -> None:
    name = unused_service_name(docs)
    code, out, _ = run(docs, "new", "service", name, capsys=capsys)
    assert code == 0
    assert Path(out) == docs / CATALOG_DIR / f"{name}.md"
    title = " ".join(word.capitalize() for word in name.split("-"))
    assert f"name: {name}\ntitle: {title}\n" in Path(out).read_text()
    assert check(docs) == []
    before = Path(out).read_bytes()
    code, _, err = run(docs, "new", "service", name, capsys=capsys)
    assert code == 1 and "already exists; nothing was written" in err
    assert Path(out).read_bytes() == before


def test_new_service_refuses_a_name_that_is_not_kebab_case(docs, capsys) -> None:
    code, _, err = run(docs, "new", "service", "Billing_Service", capsys=capsys)
    assert code == 1 and "is not kebab-case" in err


def test_check_passes_on_the_real_docs(capsys) -> None:
    code, _, err = run(DOCS, "check", capsys=capsys)
    assert (code, err) == (0, "metadata OK")


def test_check_reports_a_planted_fault_and_fails(docs, capsys) -> None:
    page = docs / AUTH
    page.write_text(page.read_text().replace("port: 8081", "port: 8080"))
    code, out, err = run(docs, "check", capsys=capsys)
    assert code == 1
    assert (
        "docs/ARCHITECTURE/service-catalog/auth-service.md: port: 8080 is already used by "
        "docs/ARCHITECTURE/service-catalog/api-gateway.md" in out
    )
    assert err == "1 problem(s)"


def test_check_reports_alert_rule_team_and_review_problems_as_the_build_does(
    docs, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_alerts_builds import OPS_HUB, RULES, RULES_TEXT

    write_files(docs, {**OPS_HUB, RULES: RULES_TEXT.replace("severity: critical", "severity: page")})
    write_files(docs, {"SECURITY/policies.md": "---\nlast_reviewed: 2026-01-05\nreview_every: 30d\n---\n\n# P\n"})
    (docs / AUTH).write_text((docs / AUTH).read_text().replace("owner: identity-team", "owner: identity-crew"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # 2026-11-25
    code, out, err = run(docs, "check", capsys=capsys)
    assert code == 1 and err == "3 problem(s)"
    assert out.splitlines() == [
        "docs/ARCHITECTURE/service-catalog/auth-service.md: owner: 'identity-crew' is not a team of "
        "docs/ARCHITECTURE/teams/teams.yaml (did you mean 'identity-team'?)",
        "docs/SCHEMAS/observability/rules/api-gateway.yaml:8: alert GatewayErrorsHigh: labels.severity: must be one "
        "of critical, warning; got 'page'",
        "docs/SECURITY/policies.md: last_reviewed: review overdue: due 2026-02-04 (every 30d), 294 days ago, past the "
        "30-day grace period; review the page and set last_reviewed to the day you did",
    ]
