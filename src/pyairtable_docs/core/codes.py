"""Error codes: every kind of problem the checks report has one, documented with a bad example.

A code is three upper-case letters naming the family (CAT for the catalog, ADR for decisions, ...)
and three digits. Codes are never renumbered or reused: an author who searches for one finds the
same meaning in every version of the hub. Each capability lists its codes in its own ``codes.py``
(``CODES``); the page "Fixing build errors" is generated from all of them (pyairtable_docs.errors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SITE = "https://pyairtable.github.io/pyairtable-docs/"  # mkdocs.yml site_url (a test keeps them equal)
HELP_PAGE = "GUIDES/developer-guide/fixing-build-errors.md"  # the generated page, docs-relative
CODE = re.compile(r"^[A-Z]{3}\d{3}$")


def help_url(code: str) -> str:
    """The published entry that explains ``code``: its anchor is the code in lower case."""
    return f"{SITE}{HELP_PAGE.removesuffix('.md')}/#{code.lower()}"


def coded(code: str, text: str) -> str:
    """A problem message that is not a Problem, in the same form: code first, link to the fix last."""
    return f"{code} {text} (how to fix: {help_url(code)})" if code else text


@dataclass(frozen=True)
class Example:
    """A file that produces the problem when put on top of the real docs folder.

    Without ``replaces`` it is a whole new file at ``path`` (docs-relative). With it, the example
    edits an existing file: the text ``replaces`` (which occurs once there) becomes ``text``.
    ``shown`` replaces ``text`` on the help page where the text itself may not appear there
    (a secret-shaped string would trip the site's own secret scan).
    """

    path: str
    text: str
    replaces: str = ""
    shown: str = ""
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Code:
    code: str
    meaning: str  # one sentence: what is wrong
    fix: str  # Markdown: what to do about it
    examples: tuple[Example, ...]
    via: str = "check"  # "check": `pyairtable-docs check` reports it too; "build": only the site build
    alone: bool = False  # its example edits a shared file or stops the build, so it is tried on its own

    def __post_init__(self) -> None:
        if not CODE.match(self.code):
            raise ValueError(f"{self.code!r} is not a code (three upper-case letters, three digits)")
        if self.via not in ("check", "build"):
            raise ValueError(f"{self.code}: via must be 'check' or 'build'; got {self.via!r}")


def service_page(name: str, front_matter: str = "", drop: str = "", body: str = "") -> Example:
    """A new service page ``name``.md, valid but for ``front_matter`` (extra lines) and the
    field ``drop`` (left out): the start of most catalog examples."""
    fields = {
        "name": name,
        "title": "Digest Service",
        "description": "Sends each workspace its weekly digest email.",
        "repository": "pyairtable-platform",
        "language": "python",
        "type": "worker",
        "lifecycle": "experimental",
        "owner": "platform-team",
        "migration": "not-started",
    }
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items() if key != drop)
    text = f"---\n{lines}{front_matter}---\n\n# Digest Service\n\nSends each workspace its weekly digest email.\n{body}"
    return Example(f"ARCHITECTURE/service-catalog/{name}.md", text)


TEMPLATES = "The templates in `docs/TOOLS/templates/` show every field a page of each kind takes"

# The core family: input the shared readers cannot take (pyairtable_docs.core): files that are
# not text, front matter and data files that do not parse, and fields of the wrong shape. The
# same code whatever kind of page or data file the field is in.
CODES: tuple[Code, ...] = (
    Code(
        "FMT001",
        "A page is not UTF-8 text, or cannot be read.",
        "Save the file as UTF-8 (without a byte-order mark is best). Editors show the encoding in the status bar; "
        "`iconv -f LATIN1 -t UTF-8 old.md > new.md` converts a Latin-1 file.",
        (Example("ARCHITECTURE/service-catalog/example-latin1.md", "# Caf\xe9 service\n", encoding="latin-1"),),
        alone=True,
    ),
    Code(
        "FMT002",
        "A page's front matter (between the `---` lines at its top) is not valid YAML, or is not a mapping of fields.",
        "Correct the YAML at the line given: close brackets and quotes, indent list items under their field, and "
        "quote a value that contains `: ` or starts with `[`, `{`, `*`, `&` or `@`.",
        (
            Example(
                "ARCHITECTURE/service-catalog/example-bad-yaml.md",
                "---\nname: example-bad-yaml\ntags: [email, digest\n---\n\n# Digest Service\n",
            ),
        ),
    ),
    Code(
        "FMT003",
        "A page that must describe itself in front matter (a service, an ADR, a runbook) has none.",
        f"Start the page with front matter between two `---` lines. {TEMPLATES}; "
        "`python3 dev.py docs new service digest-service --owner platform-team` starts a service page with it.",
        (Example("ARCHITECTURE/service-catalog/example-bad-no-front-matter.md", "# Digest Service\n"),),
    ),
    Code(
        "FMT004",
        "A front-matter field, or a field of a data file such as `teams.yaml`, is not one that kind of file takes.",
        f"Correct the field's name (the message suggests the nearest known one) or remove it. {TEMPLATES}.",
        (service_page("example-bad-field", front_matter="team: platform-team\n"),),
    ),
    Code(
        "FMT005",
        "A required field is missing.",
        f"Add the field with its value. {TEMPLATES}.",
        (service_page("example-bad-missing-owner", drop="owner"),),
    ),
    Code(
        "FMT006",
        "A field's value has the wrong type or form: a list where a text is expected, text where a list is, "
        "an empty value, or a text that does not match the form the message describes.",
        "Write the value in the form the message asks for: a list is written `[a, b]` or as `- item` lines, "
        "a text is a single value on the field's line.",
        (service_page("example-bad-list", front_matter="consumesApis: public-rest-api\n"),),
    ),
    Code(
        "FMT007",
        "A field's value is not one of the values it allows.",
        "Use one of the values the message lists (it suggests the nearest one).",
        (service_page("example-bad-language", drop="language", front_matter="language: Python\n"),),
    ),
    Code(
        "FMT008",
        "A page setting the theme reads (`title`, `description`, `hide`, `search`, `template`, `icon`, ...) has a "
        "value the theme cannot use, so the build ignores it.",
        "Give the setting the form the message asks for, e.g. `hide: [navigation, toc]` or `search: {exclude: true}`; "
        "`template` and `icon` must name a file of the theme.",
        (Example("GUIDES/example-bad-hide.md", "---\nhide: true\n---\n\n# Release checklist\n"),),
        via="build",
    ),
    Code(
        "FMT009",
        "A YAML or JSON data file (a contract, alert rules, `teams.yaml`) cannot be parsed.",
        "Correct the syntax at the line given. YAML: indent with spaces, close brackets and quotes, quote values "
        'containing `: `. JSON: double-quoted names, no trailing commas. `.venv/bin/python -c "import yaml,sys; '
        'yaml.safe_load(open(sys.argv[1]))" FILE` shows the first error (PyYAML is in `.venv`, which any '
        "`python3 dev.py` command sets up).",
        (Example("SCHEMAS/observability/rules/example-bad-yaml.yaml", "groups:\n  - name: digest\n    rules: [\n"),),
    ),
    Code(
        "FMT010",
        "The JSON Schema a data file is checked against (`*.schema.json` beside it) is missing or is not valid JSON.",
        "Put the schema back (`git checkout origin/main -- FILE`) or correct its JSON at the line given; the data "
        "file is not checked until it can be read.",
        (
            Example(
                "SCHEMAS/database/redis/keyspace.schema.json",
                '  "minItems": 1\n  "items": {\n',
                replaces='  "minItems": 1,\n  "items": {\n',
            ),
        ),
        via="build",
        alone=True,
    ),
    Code(
        "SNP001",
        'A snippet line (`--8<-- "file"`) names a file that is not in the docs folder, so the page cannot be made.',
        'Name the file by its path from `docs/`, e.g. `--8<-- "GUIDES/developer-guide/setup.md"`, and check '
        "its spelling; to show a snippet line as text instead, start it with `;`.",
        (Example("GUIDES/example-bad-snippet.md", '# Release checklist\n\n--8<-- "GUIDES/release-steps.md"\n'),),
        via="build",
        alone=True,
    ),
)
