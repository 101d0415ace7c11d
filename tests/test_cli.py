"""The authors' command line as an author runs it: new adr, the status commands, new service, check.

The commands write into a minimal hub (conftest.SMALL_HUB) holding the real templates; the
numbers and names the tests expect are computed from that tree, never assumed. The ADR lifecycle
in detail is in test_adr_lifecycle.py, the other scaffolds in test_scaffolds.py.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path

import pytest

from conftest import ADR_2, AUTH, DOCS, GATEWAY, SMALL_HUB, write_files
from pyairtable_docs.adr.records import ADR_DIR
from pyairtable_docs.authoring import scaffolds
from pyairtable_docs.catalog.records import CATALOG_DIR
from pyairtable_docs.cli import TEMPLATES, check, main, parser
from pyairtable_docs.errors.registry import capability_codes
from site_content import adrs_in, services_in

TODAY = dt.date(2026, 11, 25)
CODED = re.compile(r"^[A-Z]{3}\d{3} (.*) \(how to fix: \S+\)$")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A minimal hub with the templates the commands fill, as docs/TOOLS/templates has them."""
    templates = {TEMPLATES + p.name: p.read_text(encoding="utf-8") for p in (DOCS / TEMPLATES).glob("*.template")}
    return write_files(tmp_path / "docs", {"README.md": "# Home\n", **SMALL_HUB, **templates})


def run(docs: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--docs", str(docs), *args], today=TODAY)
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def uncoded(line: str) -> str:
    """A printed problem without its code and link to the fix."""
    match = CODED.match(line)
    assert match, f"not a coded problem: {line!r}"
    return match.group(1)


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


def test_new_adr_superseding_leaves_the_older_adr_as_it_is_until_accepted(docs, capsys) -> None:
    old_adr = next(adr for adr in adrs_in(docs) if adr.status == "accepted")
    old = docs / old_adr.path
    before = old.read_bytes()
    code, out, _ = run(docs, "new", "adr", "Deploy with Helm", "--supersedes", old_adr.slug, capsys=capsys)
    assert code == 0
    assert old.read_bytes() == before
    assert f"\nsupersedes: [{old_adr.number}]\n" in Path(out).read_text()
    assert check(docs) == []  # the older ADR stays in force while the new one is proposed


def test_new_adr_refuses_to_supersede_a_missing_adr(docs, capsys) -> None:
    missing = max(adr.number for adr in adrs_in(docs)) + 40
    files = sorted(docs.rglob("*"))
    code, _, err = run(docs, "new", "adr", "X", "--supersedes", str(missing), capsys=capsys)
    assert (code, err) == (1, f"pyairtable-docs: no ADR '{missing}' in docs/ARCHITECTURE/decisions/")
    assert sorted(docs.rglob("*")) == files


def test_new_adr_refuses_a_superseded_adr_and_a_slug_in_use(docs, capsys) -> None:
    superseded = next(adr for adr in adrs_in(docs) if adr.status == "superseded")
    code, _, err = run(docs, "new", "adr", "X", "--supersedes", f"ADR-{superseded.number:03d}", capsys=capsys)
    assert (code, err) == (
        1,
        f"pyairtable-docs: --supersedes ADR-{superseded.number:03d}: {superseded.label} is superseded; only an "
        "accepted or deprecated ADR can be superseded; supersede the ADR that replaced it instead",
    )
    taken = adrs_in(docs)[0]
    title = taken.slug.replace("-", " ").upper()
    code, _, err = run(docs, "new", "adr", title, capsys=capsys)
    assert (code, err) == (
        1,
        f"pyairtable-docs: docs/{taken.path} already has the slug {taken.slug!r}; choose a title that says what is new",
    )


@pytest.mark.parametrize("title", ["", "   ", "!!!"])
def test_new_adr_refuses_a_title_without_a_name(docs, capsys, title: str) -> None:
    code, _, err = run(docs, "new", "adr", title, capsys=capsys)
    assert code == 1
    assert err in (
        'pyairtable-docs: the ADR needs a title of one line, e.g. "Deploy with Helm"',
        f"pyairtable-docs: the title {title!r} has no letters or digits to make a file name from",
    )


def test_new_service_writes_a_valid_page_and_refuses_to_overwrite(docs, capsys) -> None:
    name = unused_service_name(docs)
    code, out, _ = run(docs, "new", "service", name, "--owner", "edge-team", capsys=capsys)
    assert code == 0
    assert Path(out) == docs / CATALOG_DIR / f"{name}.md"
    title = " ".join(word.capitalize() for word in name.split("-"))
    text = Path(out).read_text()
    assert f"name: {name}\ntitle: {title}\n" in text and "\nowner: edge-team\n" in text
    assert check(docs) == []
    before = Path(out).read_bytes()
    code, _, err = run(docs, "new", "service", name, "--owner", "edge-team", capsys=capsys)
    assert (code, err) == (1, f"pyairtable-docs: {out} already exists; nothing was written")
    assert Path(out).read_bytes() == before


def test_two_new_services_get_different_ports(docs, capsys) -> None:
    first = unused_service_name(docs, "billing-service")
    assert run(docs, "new", "service", first, "--owner", "edge-team", capsys=capsys)[0] == 0
    second = unused_service_name(docs, "invoice-service")
    assert run(docs, "new", "service", second, "--owner", "edge-team", capsys=capsys)[0] == 0
    ports = [s.port for s in services_in(docs)]
    assert len(ports) == len(set(ports))
    assert check(docs) == []


@pytest.mark.parametrize("name", ["Billing_Service", "billing service", "billing--service", "billing-", "9lives"])
def test_new_service_refuses_a_name_that_is_not_kebab_case(docs, capsys, name: str) -> None:
    files = sorted(docs.rglob("*"))
    code, _, err = run(docs, "new", "service", name, "--owner", "edge-team", capsys=capsys)
    assert (code, err) == (
        1,
        f"pyairtable-docs: {name!r} is not a service name: use lower-case words joined by '-' (e.g. billing-service)",
    )
    assert sorted(docs.rglob("*")) == files


def test_check_passes_on_the_real_docs(capsys) -> None:
    code, _, err = run(DOCS, "check", capsys=capsys)
    assert (code, err) == (0, "metadata OK")


def test_check_reports_a_planted_fault_and_fails(docs, capsys) -> None:
    page = docs / AUTH
    page.write_text(page.read_text().replace("port: 8081", "port: 8080"))
    code, out, err = run(docs, "check", capsys=capsys)
    assert code == 1
    assert [uncoded(line) for line in out.splitlines()] == [
        "docs/ARCHITECTURE/service-catalog/auth-service.md: port: 8080 is already used by "
        "docs/ARCHITECTURE/service-catalog/api-gateway.md"
    ]
    assert err == "1 problem(s)"


def test_check_of_files_reports_only_their_problems(docs, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    (docs / AUTH).write_text((docs / AUTH).read_text().replace("port: 8081", "port: 8080"))
    (docs / ADR_2).write_text((docs / ADR_2).read_text().replace("affects: [api-gateway,", "affects: [api-gatewy,"))
    everything = [uncoded(line) for line in str(run(docs, "check", capsys=capsys)[1]).splitlines()]
    assert len(everything) == 2
    monkeypatch.chdir(docs.parent)  # pre-commit passes paths relative to the checkout
    code, out, err = run(docs, "check", f"docs/{ADR_2}", "docs/README.md", capsys=capsys)
    assert (code, err) == (1, "1 problem(s)")
    assert [uncoded(line) for line in out.splitlines()] == [line for line in everything if ADR_2 in line]
    # the gateway's page is read (its port is what auth-service collides with) but has no problem itself
    assert run(docs, "check", f"docs/{GATEWAY}", capsys=capsys) == (0, "", "metadata OK")
    assert run(docs, "check", "mkdocs.yml", "src/x.py", capsys=capsys) == (
        0,
        "",
        "metadata OK\nnot checked, as no file in docs/: mkdocs.yml, src/x.py",
    )


def test_check_of_a_misspelt_file_says_it_checked_nothing_there(docs, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """A path without its docs/ or with a typo passes no problem, but must not read as a checked file."""
    monkeypatch.chdir(docs.parent)
    code, out, err = run(docs, "check", ADR_2, f"docs/{ADR_2[:-3]}x.md", f"docs/{GATEWAY}", capsys=capsys)
    assert (code, out) == (0, "")
    assert err == f"metadata OK\nnot checked, as no file in docs/: {ADR_2}, docs/{ADR_2[:-3]}x.md"


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
    assert [uncoded(line) for line in out.splitlines()] == [
        "docs/ARCHITECTURE/service-catalog/auth-service.md: owner: 'identity-crew' is not a team of "
        "docs/ARCHITECTURE/teams/teams.yaml (did you mean 'identity-team'?)",
        "docs/SCHEMAS/observability/rules/api-gateway.yaml:8: alert GatewayErrorsHigh: labels.severity: must be one "
        "of critical, warning; got 'page'",
        "docs/SECURITY/policies.md: last_reviewed: review overdue: due 2026-02-04 (every 30d), 294 days ago, past the "
        "30-day grace period; review the page and set last_reviewed to the day you did",
    ]


def test_check_of_files_finds_in_them_what_the_full_check_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the real docs with the ADR codes' bad examples, an unneeded allow-list entry, a service
    page without its alert table and every review overdue: the problems of each file, checked
    alone, are the full check's problems located in it."""
    from conftest import copy_docs
    from pyairtable_docs.adr.codes import CODES
    from pyairtable_docs.drift.scan import ALLOW_FILE

    docs = copy_docs(tmp_path / "docs")
    examples = [example for code in CODES for example in code.examples]
    write_files(docs, {example.path: example.text for example in examples})
    with (docs / ALLOW_FILE).open("a", encoding="utf-8") as allow:
        allow.write("- name: NoPageWritesThisName\n  reason: planted by a test\n")
    rules = sorted((docs / "SCHEMAS/observability/rules").glob("*.yaml"))
    page = next(p for r in rules if (p := docs / CATALOG_DIR / f"{r.stem}.md").is_file())
    page.write_text(page.read_text(encoding="utf-8").replace("{{ alerts }}", ""), encoding="utf-8")
    runbook = sorted((docs / "GUIDES/operations-guide/runbooks").glob("*-*.md"))[0]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # 2033: every review is overdue
    everything = check(docs)
    samples = [ALLOW_FILE, "ARCHITECTURE/decisions/908-example-still-accepted.md", examples[0].path, "README.md"]
    samples += [page.relative_to(docs).as_posix(), runbook.relative_to(docs).as_posix()]
    for src in samples:
        assert check(docs, [src]) == [p for p in everything if p.path == f"docs/{src}"], src
    assert all(any(p.path == f"docs/{src}" for p in everything) for src in samples if src != "README.md")


@pytest.mark.parametrize("kind", ["service", "diagram", "runbook"])
def test_new_page_whose_name_the_file_system_refuses_is_a_refusal(docs, capsys, monkeypatch, kind: str) -> None:
    """A name longer than a file name may be (255 bytes on common file systems) is one line, not a traceback."""
    monkeypatch.setattr(scaffolds, "MAX_NAME", 1000)  # the commands' own limit comes first; this is the fallback
    name = "billing-" + "x" * 300
    files = sorted(docs.rglob("*"))
    options = {"service": ["--owner", "edge-team"], "runbook": ["--service", "auth-service"], "diagram": []}[kind]
    code, out, err = run(docs, "new", kind, name, *options, capsys=capsys)
    assert (code, out) == (1, "")
    assert err.startswith("pyairtable-docs: ") and err.endswith(
        "cannot be written (File name too long); nothing was written"
    )
    assert "\n" not in err
    assert sorted(docs.rglob("*")) == files


def test_new_page_with_a_name_near_the_file_system_limit_is_written(docs, capsys, monkeypatch) -> None:
    monkeypatch.setattr(scaffolds, "MAX_NAME", 1000)  # past the commands' own limit: the temporary file's name
    name = "billing-" + "x" * (255 - len("billing-") - len(".mermaid"))
    code, out, _ = run(docs, "new", "diagram", name, capsys=capsys)
    assert code == 0 and out.endswith(f"{name}.mermaid")


def test_every_command_a_fix_cites_is_one_the_command_line_takes() -> None:
    """Fixing build errors tells authors to run `python3 dev.py docs ...`: each must parse as written."""
    cited = [
        (code.code, command)
        for code in capability_codes()
        for command in re.findall(r"`python3 dev\.py docs ([^`]+)`", code.fix)
    ]
    assert cited, "no fix cites a command any more: this test has nothing to check"
    for code, command in cited:
        try:
            parser().parse_args(shlex.split(command))
        except SystemExit:
            pytest.fail(f"{code}: `python3 dev.py docs {command}` is not a command pyairtable-docs takes")


def test_a_json_schema_that_is_not_json_is_reported_as_the_build_does_not_a_traceback(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """teams.schema.json and alert-rules.schema.json broken (FMT010): check names each, as the build does;
    the commands that read the teams refuse, naming the schema."""
    from test_alerts_builds import OPS_HUB

    docs = write_files(tmp_path / "docs", {"README.md": "# Home\n", **SMALL_HUB, **OPS_HUB})
    schemas = ["ARCHITECTURE/teams/teams.schema.json", "SCHEMAS/observability/alert-rules.schema.json"]
    for schema in schemas:
        assert (docs / schema).is_file()
        (docs / schema).write_text('{"type": "object",\n "required" ["name"]}\n', encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")
    code, out, err = run(docs, "check", capsys=capsys)
    assert code == 1
    assert [line.split(":", 1)[0] for line in out.splitlines()] == [f"FMT010 docs/{schema}" for schema in schemas]
    code, out, err = run(docs, "new", "service", "billing-service", "--owner", "identity-team", capsys=capsys)
    assert (code, out) == (1, "")
    assert err.startswith(f"pyairtable-docs: fix docs/ARCHITECTURE/teams/teams.yaml first: FMT010 docs/{schemas[0]}:2:")


def test_check_names_files_from_the_docs_folder_also_when_it_is_given_as_dot(
    docs, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    (docs / AUTH).write_text((docs / AUTH).read_text().replace("port: 8081", "port: 8080"))
    monkeypatch.chdir(docs)
    code = main(["--docs", ".", "check"], today=TODAY)
    out = capsys.readouterr().out
    assert code == 1 and out.startswith(f"CAT006 docs/{AUTH}: "), out


def test_new_service_refuses_a_name_that_would_make_other_pages_words_service_names(docs, capsys) -> None:
    """Kebab-case words ending as a catalog name ends are read as service names: billing-api, the first name
    ending in -api, would turn `partner-api` on another page into an unknown service and fail the build."""
    write_files(docs, {"GUIDES/partners.md": "# Partners\n\nPartners call `partner-api` over HTTPS.\n"})
    assert check(docs) == []
    files = sorted(docs.rglob("*"))
    code, out, err = run(docs, "new", "service", "billing-api", "--owner", "edge-team", capsys=capsys)
    assert (code, out) == (1, "")
    assert err.startswith(
        "pyairtable-docs: 'billing-api' would make `partner-api` in docs/GUIDES/partners.md:3 read as a service "
        "name (no catalog name ends in -api yet); end the name as others do, e.g. -"
    )
    assert sorted(docs.rglob("*")) == files
    name = unused_service_name(docs, "billing-gateway")  # an ending the catalog has: nothing to break
    assert run(docs, "new", "service", name, "--owner", "edge-team", capsys=capsys)[0] == 0
    assert check(docs) == []
