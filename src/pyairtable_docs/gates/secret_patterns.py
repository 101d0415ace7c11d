"""What looks like a real credential in a docs file, and what is a documented placeholder.

``find_secrets(text, path)`` returns one Problem per suspected secret, naming its kind and
line and a redacted hint (a few leading characters), never the secret itself.

Placeholders pass (see docs/SECURITY/policies.md, "Secrets and placeholders"):
``<AIRTABLE_PAT>``; ``${VAR}``, ``$VAR``, ``$(command)`` and ``{{var}}`` references; masked values
made of X, x, 0 and * runs after a short prefix (``patXXXXXXXXXXXXXX.XXXX``); values containing
example, changeme, placeholder, redacted or dummy, or the word password (``dev-password-123``).
A connection URL to a local development host (loopback, or a host name without dots such as a
Compose service) passes when its password is the user name or one short lowercase word (``dev``).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pyairtable_docs.core.problems import Problem

POLICY = 'docs/SECURITY/policies.md, "Secrets and placeholders"'


@dataclass(frozen=True)
class Finding:
    start: int  # offsets of the secret in the text
    end: int
    kind: str
    placeholder: str  # what the author should write instead
    secret: str  # only ever shown through hint()


# --- placeholders -------------------------------------------------------------------------

ANGLE = re.compile(r"<[^<>\n]+>")
REFERENCE = re.compile(r"\$\{[^}\n]+\}|\$\([^)\n]*\)?|\$[A-Za-z_]\w*|\{\{[^}\n]*\}\}|%\([a-z_]+\)s")
MASKED = re.compile(r"[A-Za-z]{0,4}?[Xx0*•….\-_/+=]{4,}")
PLACEHOLDER_WORDS = re.compile(
    r"example|changeme|change[-_]me|placeholder|redacted|dummy"
    r"|(?<![a-z])password(?![a-z])",
    re.IGNORECASE,
)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "[::1]", "::1", "host.docker.internal"}
DEV_PASSWORD = re.compile(r"[a-z]{1,8}")


def is_placeholder(value: str) -> bool:
    """True for a value written by the placeholder convention rather than a credential."""
    return bool(
        ANGLE.fullmatch(value)
        or REFERENCE.fullmatch(value)
        or MASKED.fullmatch(value)
        or PLACEHOLDER_WORDS.search(value)
    )


def is_local_dev_password(host: str, user: str, password: str) -> bool:
    """A documented local-development login: the stack's own host and a trivial password."""
    host = host.lower()
    local = (
        host in LOCAL_HOSTS
        or host.endswith(".localhost")
        or host.startswith("127.")
        or ("." not in host and ":" not in host)
    )
    return local and (password == user or bool(DEV_PASSWORD.fullmatch(password)))


# --- shape checks -------------------------------------------------------------------------

SEPARATORS = re.compile(r"[/:.\-_@,|]")


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    counts = {c: value.count(c) for c in set(value)}
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_generated(value: str, min_length: int) -> bool:
    """A value shaped like a generated secret: one long, mixed, varied run without structure.

    Identifiers built from short parts (UUIDs, paths, ``run:<uuid>:step:1``) and words do not.
    """
    if any(c.isspace() for c in value):
        return False
    for part in SEPARATORS.split(value):
        if (
            len(part) >= min_length
            and any(c.isdigit() for c in part)
            and any(c.isalpha() for c in part)
            and entropy(part) >= (3.0 if len(part) >= 16 else 2.5)
        ):
            return True
    return False


def hint(secret: str) -> str:
    """A redacted hint: at most four leading characters, and fewer of a short secret."""
    return secret[: min(4, len(secret) // 4)] + "…"


# --- detectors ----------------------------------------------------------------------------
# Each yields Findings; they run from the most specific to the most generic, and a finding
# that overlaps an earlier one is dropped (a JWT in `accessToken: ...` is reported once).

AIRTABLE_PAT = re.compile(r"(?<![A-Za-z0-9])pat[A-Za-z0-9]{14}\.[0-9a-fA-F]{64}(?![A-Za-z0-9])")
AIRTABLE_KEY = re.compile(r"(?<![A-Za-z0-9])key([A-Za-z0-9]{14})(?![A-Za-z0-9])")
GCP_PRIVATE_KEY = re.compile(r'"private_key"\s*:\s*"([^"]*)"')
PEM_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----")
PEM_BOUNDARY = re.compile(r"-----(?:BEGIN|END) [A-Z0-9 ]*-----")
MAX_PEM_BODY = 16384
BASE64_CHARS = re.compile(r"[A-Za-z0-9+/=]")
AWS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
AWS_SECRET = re.compile(
    r"(?i)(?:aws_?)?secret_?access_?key[\"'`]?\s*[:=]\s*[\"'`]?"
    r"([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"
)
GOOGLE_API_KEY = re.compile(r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_\-]{35}(?![A-Za-z0-9_\-])")
GITHUB_TOKEN = re.compile(
    r"(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})"
    r"(?![A-Za-z0-9])"
)
JWT = re.compile(r"(?<![A-Za-z0-9_\-.])([A-Za-z0-9_\-]{10,})\.([A-Za-z0-9_\-]{10,})\.([A-Za-z0-9_\-]*)")
CONNECTION_URL = re.compile(
    r"(?i)\b(postgres(?:ql)?|mysql|mariadb|redis|rediss|amqps?|mongodb(?:\+srv)?|kafka)(?:\+[a-z0-9]+)?://"
    r"([^:/@\s'\"`]*):([^@\s/'\"`]+)@(\[[^\]\s]*\]|[^/:\s?#'\"`,;)]+)"
)
# Anchored on the keyword (not on the name's start), so that a long dotted run stays linear.
ASSIGNMENT = re.compile(
    r"(?i)(secret|key|token|password|passwd|pwd)(?![A-Za-z0-9])[\"'`]?[ \t]*(?::|=|\|)[ \t]*"
    r"(?:\"([^\"\n]*)\"|'([^'\n]*)'|`([^`\n]*)`|([^\s\"'`,;&)\]}|]+))"
)
NAME_BEFORE = re.compile(r"[A-Za-z0-9_.\-]{0,64}$")


def found(match: re.Match[str], kind: str, placeholder: str, group: int = 0) -> Finding:
    return Finding(match.start(group), match.end(group), kind, placeholder, match.group(group))


def airtable_pats(text: str) -> Iterator[Finding]:
    for match in AIRTABLE_PAT.finditer(text):
        if not is_placeholder(match.group()):
            yield found(match, "Airtable personal access token", "<AIRTABLE_PAT>")


def airtable_api_keys(text: str) -> Iterator[Finding]:
    for match in AIRTABLE_KEY.finditer(text):
        body = match.group(1)
        mixed = any(c.isdigit() for c in body) and any(c.isupper() for c in body) and any(c.islower() for c in body)
        if mixed and not is_placeholder(match.group()):
            yield found(match, "Airtable API key", "<AIRTABLE_API_KEY>")


def gcp_private_keys(text: str) -> Iterator[Finding]:
    for match in GCP_PRIVATE_KEY.finditer(text):
        value = match.group(1)
        begin = PEM_BEGIN.search(value)
        body = pem_body(value, begin.end()) if begin else value
        if not is_placeholder(value) and pem_body_is_key(body):
            yield Finding(
                match.start(1), match.end(1), "GCP service-account private key", "<PRIVATE_KEY>", pem_payload(body)
            )


def pem_body(text: str, start: int) -> str:
    """The PEM body that begins at ``start``: up to its END line (or the next BEGIN)."""
    boundary = PEM_BOUNDARY.search(text, start, start + MAX_PEM_BODY)
    return text[start : boundary.start() if boundary else start + MAX_PEM_BODY]


def pem_payload(body: str) -> str:
    """The base64 of a PEM body (``\\n`` escapes allowed, as in JSON)."""
    return "".join(BASE64_CHARS.findall(body.replace("\\n", "")))


def pem_body_is_key(body: str) -> bool:
    """Enough base64 for a real key, not a truncated (``...``) or masked example."""
    payload = pem_payload(body)
    return len(payload) >= 64 and not is_placeholder(payload) and not ANGLE.search(body)


def private_keys(text: str) -> Iterator[Finding]:
    for match in PEM_BEGIN.finditer(text):
        body = pem_body(text, match.end())
        if pem_body_is_key(body):
            yield Finding(
                match.start(),
                match.end() + len(body),
                f"{match.group(1)}private key",
                "<PRIVATE_KEY>",
                pem_payload(body),
            )


def aws_access_key_ids(text: str) -> Iterator[Finding]:
    for match in AWS_KEY_ID.finditer(text):
        if not is_placeholder(match.group()):
            yield found(match, "AWS access key id", "<AWS_ACCESS_KEY_ID>")


def aws_secret_keys(text: str) -> Iterator[Finding]:
    for match in AWS_SECRET.finditer(text):
        if not is_placeholder(match.group(1)) and looks_generated(match.group(1), 16):
            yield found(match, "AWS secret access key", "<AWS_SECRET_ACCESS_KEY>", 1)


def google_api_keys(text: str) -> Iterator[Finding]:
    for match in GOOGLE_API_KEY.finditer(text):
        if not is_placeholder(match.group()):
            yield found(match, "Google API key", "<GEMINI_API_KEY>")


def github_tokens(text: str) -> Iterator[Finding]:
    for match in GITHUB_TOKEN.finditer(text):
        if not is_placeholder(match.group()):
            yield found(match, "GitHub token", "<GITHUB_TOKEN>")


def decodes_to_jwt_header(segment: str) -> bool:
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (binascii.Error, ValueError):
        return False
    return isinstance(header, dict) and "alg" in header


def jwts(text: str) -> Iterator[Finding]:
    for match in JWT.finditer(text):
        header, _, signature = match.groups()
        # An unsigned (alg none) or masked-signature token grants nothing.
        if len(signature) >= 16 and not is_placeholder(signature) and decodes_to_jwt_header(header):
            yield found(match, "JWT", "<ACCESS_TOKEN>")


def connection_urls(text: str) -> Iterator[Finding]:
    for match in CONNECTION_URL.finditer(text):
        scheme, user, password, host = match.groups()
        if not is_placeholder(password) and not is_local_dev_password(host, user, password):
            yield found(match, f"{scheme.lower()} URL with an inline password", "<PASSWORD>", 3)


def assignments(text: str) -> Iterator[Finding]:
    for match in ASSIGNMENT.finditer(text):
        group = next(i for i in (2, 3, 4, 5) if match.group(i) is not None)
        value = match.group(group)
        is_password = match.group(1).lower() in ("password", "passwd", "pwd")
        if is_placeholder(value) or not looks_generated(value, 8 if is_password else 16):
            continue
        name = NAME_BEFORE.search(text, max(0, match.start() - 64), match.start()).group() + match.group(1)
        if is_password:
            kind = "password"
        elif "jwt" in name.lower():
            kind = f"JWT signing secret in {name}"
        else:
            kind = f"secret in {name}"
        placeholder = "<" + re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper() + ">"
        yield found(match, kind, placeholder, group)


DETECTORS: tuple[Callable[[str], Iterator[Finding]], ...] = (
    airtable_pats,
    airtable_api_keys,
    gcp_private_keys,
    private_keys,
    aws_access_key_ids,
    aws_secret_keys,
    google_api_keys,
    github_tokens,
    jwts,
    connection_urls,
    assignments,
)


def overlaps(finding: Finding, kept: list[Finding]) -> bool:
    """Whether ``finding`` overlaps one of ``kept`` (disjoint, sorted by start)."""
    i = bisect.bisect_left(kept, finding.start, key=lambda k: k.start)
    return (i > 0 and kept[i - 1].end > finding.start) or (i < len(kept) and kept[i].start < finding.end)


def find_secrets(text: str, path: str) -> list[Problem]:
    """Every suspected credential in ``text`` (the file ``path``), in line order."""
    kept: list[Finding] = []
    for detector in DETECTORS:
        for finding in detector(text):
            if not overlaps(finding, kept):
                bisect.insort(kept, finding, key=lambda k: k.start)
    newlines = [i for i, c in enumerate(text) if c == "\n"] if kept else []
    return [
        Problem(
            path,
            "",
            f"looks like a real {f.kind} ({hint(f.secret)}); "
            f"write a placeholder such as {f.placeholder} instead ({POLICY})",
            bisect.bisect_left(newlines, f.start) + 1,
            "SEC001",
        )
        for f in kept
    ]
