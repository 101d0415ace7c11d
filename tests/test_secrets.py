"""The secret scan: realistic fakes are caught, placeholders pass, no message shows a secret.

Every fake credential is built at run time from a seeded generator, so this file holds none.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import string
import textwrap
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import DOCS, REPO, build_site, warnings_in
from pyairtable_docs.core.codes import coded
from pyairtable_docs.gates.secret_patterns import find_secrets, hint, is_placeholder
from pyairtable_docs.gates.secrets_wiring import MAX_BYTES, is_scanned

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
UPPER_ALNUM = string.ascii_uppercase + string.digits
POLICY = '(docs/SECURITY/policies.md, "Secrets and placeholders")'
SCAN_HOOK = "hooks/secret_scan.py"


def fake(alphabet: str, length: int) -> str:
    """A seeded random string holding each of digits, lower and upper case that ``alphabet`` has."""
    rng = random.Random(f"{alphabet}/{length}")
    classes = [set(c) & set(alphabet) for c in (string.digits, string.ascii_lowercase, string.ascii_uppercase)]
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(length))
        if all(c & set(value) for c in classes if c):
            return value


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def fake_jwt(signature: str | None = None) -> str:
    header = b64url(json.dumps({"alg": "RS256", "typ": "JWT", "kid": "2024-03"}).encode())
    claims = b64url(json.dumps({"sub": "3c9e1f7a-2b4d-4e8a-9f10-5d6c7b8a9e01", "exp": 1709650000}).encode())
    if signature is None:
        signature = b64url(hmac.new(b"k", f"{header}.{claims}".encode(), hashlib.sha256).digest())
    return f"{header}.{claims}.{signature}"


def fake_pem(label: str = "RSA ", body: str | None = None) -> str:
    """A PEM block; by default its body is DER-shaped (``MIIC...``) random bytes."""
    if body is None:
        der = b"\x30\x82\x02\x5c" + random.Random(label).randbytes(600)
        body = "\n".join(textwrap.wrap(base64.b64encode(der).decode(), 64))
    return f"-----BEGIN {label}PRIVATE KEY-----\n{body}\n-----END {label}PRIVATE KEY-----"


PAT = "pat" + fake(ALNUM, 14) + "." + fake(HEX, 64)
AIRTABLE_KEY = "key" + fake(ALNUM, 14)
JWT = fake_jwt()
AWS_KEY_ID = "AKIA" + fake(UPPER_ALNUM, 16)
AWS_SECRET = fake(ALNUM + "/+", 40)
GOOGLE_KEY = "AIza" + fake(ALNUM + "-_", 35)
GITHUB_TOKEN = "ghp_" + fake(ALNUM, 36)
LONG_SECRET = fake(ALNUM, 48)
HEX_SECRET = fake(HEX, 64)
DB_PASSWORD = fake(ALNUM, 24)
HUMAN_PASSWORD = fake(ALNUM + "!#%&", 12)
PROD_HOST = "prod-db.c9akciq32.eu-west-1.rds.amazonaws.com"
GCP_KEY_FILE = json.dumps(
    {
        "type": "service_account",
        "project_id": "pyairtable-prod",
        "private_key_id": fake(HEX, 40),
        "private_key": fake_pem("") + "\n",  # JSON writes the newlines as \n escapes
        "client_email": "exporter@pyairtable-prod.iam.gserviceaccount.com",
    },
    indent=2,
)


def scan(line: str) -> list:
    """The problems in a small page that holds ``line`` on line 3."""
    return find_secrets(f"# Notes\n\n{line}\n\nMore prose.\n", "docs/notes.md")


# (what the line holds, the line, the secret in it, the kind named in the message)
PLANTED = [
    ("Airtable PAT", f"personalAccessToken: {PAT}", PAT, "Airtable personal access token"),
    ("Airtable PAT in prose", f"Use the token {PAT} for the base.", PAT, "Airtable personal access token"),
    ("legacy Airtable key", f"AIRTABLE_API_KEY={AIRTABLE_KEY}", AIRTABLE_KEY, "Airtable API key"),
    ("JWT", f"Authorization: Bearer {JWT}", JWT, "JWT"),
    ("JWT in JSON", f'"accessToken": "{JWT}"', JWT, "JWT"),
    ("AWS access key id", f"aws_access_key_id = {AWS_KEY_ID}", AWS_KEY_ID, "AWS access key id"),
    ("AWS secret key", f"aws_secret_access_key = {AWS_SECRET}", AWS_SECRET, "AWS secret access key"),
    ("AWS secret key env", f"export AWS_SECRET_ACCESS_KEY='{AWS_SECRET}'", AWS_SECRET, "AWS secret access key"),
    ("Google API key", f"GEMINI_API_KEY={GOOGLE_KEY}", GOOGLE_KEY, "Google API key"),
    ("GitHub token", f"git clone https://{GITHUB_TOKEN}@github.com/x/y", GITHUB_TOKEN, "GitHub token"),
    ("JWT signing secret", f"JWT_SECRET={LONG_SECRET}", LONG_SECRET, "JWT signing secret in JWT_SECRET"),
    ("*_KEY in YAML", f"  PAT_ENCRYPTION_KEY: {LONG_SECRET}", LONG_SECRET, "secret in PAT_ENCRYPTION_KEY"),
    ("*_SECRET in JSON", f'"webhook_secret": "{HEX_SECRET}"', HEX_SECRET, "secret in webhook_secret"),
    ("*_SECRET in a table", f"| `WEBHOOK_SECRET` | `{HEX_SECRET}` |", HEX_SECRET, "secret in WEBHOOK_SECRET"),
    ("password", f"password: {HUMAN_PASSWORD}", HUMAN_PASSWORD, "password"),
    ("password in JSON", f'-d \'{{"password": "{HUMAN_PASSWORD}"}}\'', HUMAN_PASSWORD, "password"),
    (
        "postgres URL",
        f"DATABASE_URL=postgres://app:{DB_PASSWORD}@{PROD_HOST}:5432/app",
        DB_PASSWORD,
        "postgres URL with an inline password",
    ),
    (
        "postgresql URL",
        f"`postgresql://app:{DB_PASSWORD}@{PROD_HOST}/app`",
        DB_PASSWORD,
        "postgresql URL with an inline password",
    ),
    (
        "SQLAlchemy URL",
        f"postgresql+psycopg://app:{DB_PASSWORD}@{PROD_HOST}/app",
        DB_PASSWORD,
        "postgresql URL with an inline password",
    ),
    ("mysql URL", f"mysql://root:{DB_PASSWORD}@10.0.3.7:3306/app", DB_PASSWORD, "mysql URL with an inline password"),
    (
        "redis URL without user",
        f"REDIS_URL=redis://:{DB_PASSWORD}@cache.prod.internal:6379/0",
        DB_PASSWORD,
        "redis URL with an inline password",
    ),
    ("amqp URL", f"amqps://svc:{DB_PASSWORD}@mq.prod.internal/vhost", DB_PASSWORD, "amqps URL with an inline password"),
    (
        "mongodb URL",
        f"mongodb+srv://app:{DB_PASSWORD}@cluster0.ab1cd.mongodb.net/app",
        DB_PASSWORD,
        "mongodb+srv URL with an inline password",
    ),
    (
        "kafka URL",
        f"kafka://svc:{DB_PASSWORD}@b-1.msk.eu-west-1.amazonaws.com:9096",
        DB_PASSWORD,
        "kafka URL with an inline password",
    ),
    (
        "generated password on localhost",
        f"postgres://app:{DB_PASSWORD}@localhost:5432/app",
        DB_PASSWORD,
        "postgres URL with an inline password",
    ),
]


@pytest.mark.parametrize(("line", "secret", "kind"), [p[1:] for p in PLANTED], ids=[p[0] for p in PLANTED])
def test_each_detector_catches_a_realistic_fake(line: str, secret: str, kind: str) -> None:
    [problem] = scan(line)
    assert (problem.path, problem.line) == ("docs/notes.md", 3)
    assert problem.message.startswith(f"looks like a real {kind} ("), problem.message


@pytest.mark.parametrize(("line", "secret"), [p[1:3] for p in PLANTED], ids=[p[0] for p in PLANTED])
def test_no_message_shows_the_secret(line: str, secret: str) -> None:
    [problem] = scan(line)
    assert secret not in str(problem)
    assert secret[:5] not in str(problem)  # the hint is four characters at most
    assert f"({hint(secret)})" in str(problem)


def test_the_message_names_file_line_kind_hint_and_placeholder() -> None:
    [problem] = find_secrets(f"# Connect\n\ntoken:\n  {PAT}\n", "docs/GUIDES/connect.md")
    assert str(problem) == coded(
        "SEC001",
        f"docs/GUIDES/connect.md:4: looks like a real Airtable personal access token "
        f"({PAT[:4]}…); write a placeholder such as <AIRTABLE_PAT> instead {POLICY}",
    )


@pytest.mark.parametrize("label", ["RSA ", "EC ", "OPENSSH ", "ENCRYPTED ", ""])
def test_a_pem_private_key_is_caught_once_at_its_begin_line(label: str) -> None:
    key = fake_pem(label)
    problems = find_secrets(f"```text\n{key}\n```\n", "docs/keys.md")
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [(2, f"looks like a real {label}private key")]
    assert not any(line in str(problems[0]) for line in key.splitlines()[1:-1])


def test_a_gcp_service_account_key_file_is_caught() -> None:
    [problem] = find_secrets(GCP_KEY_FILE, "docs/SCHEMAS/sa.json")
    assert problem.line == 5
    assert problem.message.startswith("looks like a real GCP service-account private key (MIIC…)")


def test_two_secrets_on_one_line_are_two_problems() -> None:
    problems = find_secrets(f"AWS_ACCESS_KEY_ID={AWS_KEY_ID} AWS_SECRET_ACCESS_KEY={AWS_SECRET}\n", "docs/a.md")
    assert [p.message.split(" (")[0] for p in problems] == [
        "looks like a real AWS access key id",
        "looks like a real AWS secret access key",
    ]


PLACEHOLDERS = [
    "personalAccessToken: patXXXXXXXXXXXXXX.XXXX",
    "pat" + "X" * 14 + "." + "0" * 64,
    '"personalAccessToken": "<AIRTABLE_PAT>"',
    "AIRTABLE_API_KEY=keyXXXXXXXXXXXXXX",
    "AIRTABLE_API_KEY=<AIRTABLE_API_KEY>",
    "Authorization: Bearer <ACCESS_TOKEN>",
    "Authorization: Bearer $PYAT_TOKEN",
    fake_jwt(signature="X" * 43),
    fake_jwt(signature=""),  # alg none: an unsigned token grants nothing
    "JWT_SECRET=${JWT_SECRET}",
    "JWT_SECRET=$JWT_SECRET",
    "PAT_ENCRYPTION_KEY=$(openssl rand -base64 32)",
    "token: {{token}}",
    "password: password",
    "password: <PASSWORD>",
    '"password": "dev-password-123"',
    "DB_PASSWORD=changeme",
    "api_key: your-dummy-api-key-1234567890",
    "api_key: REDACTED-9f8e7d6c5b4a39281706",
    "client_secret: placeholder-0123456789abcdef",
    "aws_access_key_id = " + "AKIAIOSFODNN7" + "EXAMPLE",
    "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
    "aws_access_key_id = AKIA" + "X" * 16,
    fake_pem(body="MIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\n..."),
    fake_pem(body="<PRIVATE_KEY>"),
    fake_pem(body="\n".join(["X" * 64] * 10)),
    '"private_key": "<PRIVATE_KEY>"',
    "postgres://app:<PASSWORD>@" + PROD_HOST + ":5432/app",
    "postgres://app:${DB_PASSWORD}@" + PROD_HOST + ":5432/app",
    "postgres://app:$DB_PASSWORD@" + PROD_HOST + ":5432/app",
    "postgres://auth_service:dev@localhost:5432/pyairtable",
    "psql postgres://pyairtable:pyairtable@localhost:5432/pyairtable -c '\\dn'",
    "postgresql://analytics_service:analytics_service@localhost:5432/pyairtable",
    "-e DATABASE_URL=postgres://workflow_engine:dev@postgres:5432/pyairtable",
    "amqp://guest:guest@127.0.0.1:5672/",
    "redis://localhost:6379/0",
    "postgres://app@" + PROD_HOST + "/app",
]


@pytest.mark.parametrize("line", PLACEHOLDERS)
def test_documented_placeholders_pass(line: str) -> None:
    assert scan(line) == []


PROSE = [
    "The keyboardShortcuts setting and keyValueStoreMaps are not keys.",
    "Idempotency-Key: 7c9e6679-7425-40de-944b-e07fc1f97f13",
    '"dedupeKey": "run:5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d:step:1"',
    '"bucketKey": "workspaces/b2d4e6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b/files/a9c8e7d6-5b4a-4c3d-9e2f-1a0b9c8d7e6f"',
    "    - secretKey: GEMINI_API_KEY",
    "        key: pyairtable/prod/llm-orchestrator/GEMINI_API_KEY",
    "nextCursor: eyJiZWZvcmUiOiIyMDI0LTAzLTA1In0",
    "See docs.pyairtable.example.com and api.pyairtable.app.v1.internal for details.",
    "password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),",
    "| `PAT_ENCRYPTION_KEY` | 32 random bytes, base64 (generated by `make bootstrap`) | replaces KMS |",
    '"baseIds": ["appq3Jm8Xx2LcQv1T"], "recordId": "recA1b2C3d4E5f6G7"',
    "sha256=" + fake(HEX, 64),  # a webhook signature header in an example, not a key
    "Read the secret: the token is rotated every 90 days.",
]


@pytest.mark.parametrize("line", PROSE)
def test_prose_and_identifiers_do_not_trip_the_scan(line: str) -> None:
    assert scan(line) == []


@pytest.mark.parametrize("value", ["<AIRTABLE_PAT>", "${X}", "$X", "patXXXX.XXXX", "changeme", "password"])
def test_placeholder_forms(value: str) -> None:
    assert is_placeholder(value)


def test_the_real_docs_hold_no_secrets() -> None:
    problems = []
    for path in sorted(DOCS.rglob("*")):
        if path.is_file() and is_scanned(path.relative_to(DOCS).as_posix()):
            problems += find_secrets(path.read_text(), f"docs/{path.relative_to(DOCS).as_posix()}")
    assert [str(p) for p in problems] == []


# --- the hook in a strict build -----------------------------------------------------------------


def with_secret_scan() -> list[str]:
    """The repository's hooks, with the scan added if mkdocs.yml does not list it yet."""
    hooks = list(load_config(str(REPO / "mkdocs.yml"))["hooks"])
    return hooks if SCAN_HOOK in hooks else [*hooks, SCAN_HOOK]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "SCHEMAS").mkdir(parents=True)
    (root / "README.md").write_text("# Home\n\nSee the [guide](guide.md).\n")
    (root / "guide.md").write_text("# Guide\n\n```bash\nexport AIRTABLE_PAT=<AIRTABLE_PAT>\n```\n")
    (root / "SCHEMAS" / "example.json").write_text('{"personalAccessToken": "patXXXXXXXXXXXXXX.XXXX"}\n')
    return root


def failing_build(docs: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    with pytest.raises(Abort):
        build_site(tmp_path / "site", docs, hooks=with_secret_scan())
    return warnings_in(caplog)


def test_placeholders_build_cleanly_with_the_scan_on(docs, tmp_path, caplog) -> None:
    build_site(tmp_path / "site", docs, hooks=with_secret_scan())
    assert warnings_in(caplog) == []


def test_a_planted_pat_fails_the_strict_build_naming_file_and_line(docs, tmp_path, caplog) -> None:
    (docs / "guide.md").write_text(f"# Guide\n\n```bash\nexport AIRTABLE_PAT={PAT}\n```\n")
    messages = failing_build(docs, tmp_path, caplog)
    assert messages == [
        "pyairtable_docs: "
        + coded(
            "SEC001",
            f"docs/guide.md:4: looks like a real Airtable personal access token "
            f"({PAT[:4]}…); write a placeholder such as <AIRTABLE_PAT> instead {POLICY}",
        )
    ]
    assert not any(PAT[:5] in m for m in messages)


def test_a_planted_key_in_a_schema_fails_the_strict_build(docs, tmp_path, caplog) -> None:
    (docs / "SCHEMAS" / "sa.json").write_text(GCP_KEY_FILE)
    messages = failing_build(docs, tmp_path, caplog)
    assert [m.split(" (")[0] for m in messages] == [
        "pyairtable_docs: SEC001 docs/SCHEMAS/sa.json:5: looks like a real GCP service-account private key"
    ]


def test_a_data_file_that_is_not_utf8_is_skipped_with_a_warning(docs, tmp_path, caplog) -> None:
    (docs / "SCHEMAS" / "latin1.json").write_bytes(b'{"city": "Montr\xe9al"}\n')
    messages = failing_build(docs, tmp_path, caplog)
    assert messages == [
        "pyairtable_docs: "
        + coded(
            "FMT001", "docs/SCHEMAS/latin1.json: is not UTF-8 text (invalid byte at offset 15); not scanned for secrets"
        )
    ]


def test_a_file_over_2_mib_is_skipped_with_a_warning(docs, tmp_path, caplog) -> None:
    (docs / "SCHEMAS" / "big.json").write_text("[" + "0," * (MAX_BYTES // 2) + "0]\n")
    messages = failing_build(docs, tmp_path, caplog)
    assert messages == [
        "pyairtable_docs: "
        + coded(
            "SEC002", f"docs/SCHEMAS/big.json: is larger than 2 MiB ({MAX_BYTES + 4} bytes); not scanned for secrets"
        )
    ]


def test_binary_assets_are_not_scanned(docs, tmp_path, caplog) -> None:
    (docs / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0" + PAT.encode())
    build_site(tmp_path / "site", docs, hooks=with_secret_scan())
    assert warnings_in(caplog) == []
