"""The codes of the site-wide gates: navigation files (NAV), secrets (SEC), the Content Security
Policy (CSP) and what the theme prints (THM), each with a bad example."""

from __future__ import annotations

from pyairtable_docs.core.codes import Code, Example

# Put together here, so that no file of the repository holds a password-shaped literal.
PASTED_PASSWORD = "Tq8v" + "Wm3L" + "x9Pz"
DATABASE_URL = "export DATABASE_URL=postgres://app:{}@prod-db.eu-west-1.rds.amazonaws.com:5432/app\n"
FENCE = "```"

CODES: tuple[Code, ...] = (
    Code(
        "NAV001",
        "A `.pages` file is not valid YAML.",
        "Correct the line the message names: `.pages` is YAML, so every entry of `nav:` starts with `- ` "
        "at the same indentation, and a title holding `: ` is quoted (`- 'Caching: the basics': caching.md`). "
        "The build stops until it reads.",
        (
            Example(
                "GUIDES/example-recipes/.pages",
                "title: Recipes\nnav:\n  - README.md\n  - Caching: the basics: caching.md\n",
            ),
        ),
        via="build",
        alone=True,
    ),
    Code(
        "NAV002",
        "A `.pages` file has a setting the awesome-pages plugin does not know.",
        "Correct the setting's name (the message suggests the nearest) or remove it; the settings are "
        "`title`, `nav`, `arrange`, `collapse`, `collapse_single_pages`, `hide`, `ignore_case`, `order`, "
        "`sort_type` and `order_by`.",
        (Example("GUIDES/example-recipes/.pages", "title: Recipes\ncolapse: true\n"),),
        via="build",
        alone=True,
    ),
    Code(
        "NAV003",
        "A `.pages` file is not shaped as awesome-pages reads it (a mapping, `title` a text, `nav` a list of entries).",
        "Write `title:` as a text and `nav:` as a list whose entries are a file or folder name, `...` (the "
        "rest, in order) or `Title: name`, one per line with `- `.",
        (Example("GUIDES/example-recipes/.pages", "title: Recipes\nnav: README.md\n"),),
        via="build",
        alone=True,
    ),
    Code(
        "NAV004",
        'A title in a `.pages` file holds `<`, `>` or `"`, which the theme would show as HTML.',
        "Reword the title without them (`-` or parentheses instead of angle brackets, no quotes).",
        (Example("GUIDES/example-beta/.pages", "title: Beta features <preview>\n"),),
        via="build",
    ),
    Code(
        "NAV005",
        "An entry of a `.pages` file's `nav` names no file or folder in its folder.",
        "Write the name of a file or folder that is there, as it is spelt (the message suggests the "
        "nearest), or remove the entry if the page has gone.",
        (Example("GUIDES/example-howtos/.pages", "nav:\n  - index.md\n  - ...\n"),),
        via="build",
    ),
    Code(
        "SEC001",
        "A file holds what looks like a real credential: a password, a token, an API key or a private key.",
        "Replace it with the placeholder the message suggests (such as `<PASSWORD>`), and treat the value "
        "as leaked: rotate it now, even if the pull request is never merged, as the branch stays readable. "
        'The policy is in `SECURITY/policies.md`, section "Secrets and placeholders".',
        (
            Example(
                "GUIDES/developer-guide/example-database.md",
                f"# The production database\n\n{FENCE}bash\n{DATABASE_URL.format(PASTED_PASSWORD)}{FENCE}\n",
                shown=f"# The production database\n\n{FENCE}bash\n"
                f"{DATABASE_URL.format('(the password, pasted)')}{FENCE}\n",
            ),
        ),
        via="build",
    ),
    Code(
        "SEC002",
        "A text file is larger than 2 MiB, so the secret scan does not read it.",
        "Keep large data out of the docs: trim the file to a sample that shows the shape (a few records), "
        "or link to where the full data lives.",
        (
            Example(
                "GUIDES/developer-guide/example-sample-events.json",
                "[" + '{"type": "schedule.fired"},' * 80_000 + "{}]\n",
                shown='[{"type": "schedule.fired"}, {"type": "schedule.fired"}, ... 2.1 MB in all]\n',
            ),
        ),
        via="build",
    ),
    Code(
        "SEC003",
        "A file whose name says text holds NUL bytes (it is binary, or saved as UTF-16), so the secret scan "
        "cannot read it.",
        "Save text files as UTF-8 (editors show the encoding in the status bar); give a binary file the "
        "suffix of what it is (`.png`, `.pdf`).",
        (
            Example(
                "GUIDES/developer-guide/example-settings.yaml",
                "retention: 7d\n",
                shown="retention: 7d   (saved as UTF-16)\n",
                encoding="utf-16",
            ),
        ),
        via="build",
    ),
    Code(
        "CSP001",
        "A page's content holds an inline `<script>`, which other pages' Content Security Policy blocks "
        "when the reader arrives by instant navigation.",
        "Move the script into a file under `docs/assets/`, e.g. `docs/assets/javascripts/status.js`, and list "
        "it in `mkdocs.yml` under `extra_javascript` as `assets/javascripts/status.js`; have it act on the "
        "element it needs (`document$.subscribe(...)` runs it after each navigation).",
        (
            Example(
                "GUIDES/developer-guide/example-status.md",
                '# Status\n\n<p id="status"></p>\n\n'
                "<script>document.getElementById('status').textContent = 'All systems normal';</script>\n",
            ),
        ),
        via="build",
    ),
    Code(
        "THM001",
        'A file or folder name holds `<`, `>` or `"` (or a control character), which the theme would print as HTML.',
        "Rename the file or folder with letters, digits, `-` and `_` only (and update the links to it).",
        (Example("GUIDES/developer-guide/example-<draft>.txt", "Notes for the next release.\n"),),
        via="build",
    ),
)
