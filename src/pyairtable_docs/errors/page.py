"""The page "Fixing build errors": every code with its meaning, a minimal bad example and the fix."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby

from pyairtable_docs.core.codes import Code, Example

FAMILIES = {
    "ADR": "Architecture decision records",
    "ALR": "Alert rules",
    "CAT": "Service catalog",
    "CSP": "Content Security Policy",
    "DIA": "Diagrams",
    "DRF": "Contract names in prose",
    "EXP": "Exports for machines (Backstage)",
    "FMT": "Front matter and data files",
    "LNK": "Links",
    "NAV": "Navigation",
    "REV": "Review dates",
    "RUN": "Runbooks",
    "SCH": "Schemas and contracts",
    "SEC": "Secrets",
    "SNP": "Snippets",
    "TEM": "Teams",
    "THM": "Theme",
}
REPORTED_BY = {
    "check": "`python3 dev.py docs check` and the site build",
    "build": "the site build only (`python3 dev.py serve`, `mkdocs build --strict`)",
}
LANGUAGES = {".md": "markdown", ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".sql": "sql"}

INTRO = """\
---
title: Fixing build errors
description: Every error code the hub's checks report, with what it means, a minimal example that causes it and the fix.
---

# Fixing build errors

Each problem the build or `python3 dev.py docs check` reports starts with a code and ends with a
link to its entry here, for example:

```text
CAT003 docs/ARCHITECTURE/service-catalog/billing-service.md: owner: ... (how to fix: .../#cat003)
```

The file and, where there is one, the line and front-matter field come first; the message says
what is wrong with the value found. A strict build lists every problem before it fails, so fix
them from the top: one mistake (a misspelt team, say) can cause a second code further down.

Codes never change meaning and are never reused. Every example below is tested: put on top of
this hub's own `docs/` folder, it produces its code (and, where one mistake breaks two rules,
such as a runbook without front matter, the other rule's code too).

"""


def fence(text: str, language: str) -> str:
    """A code block that holds ``text`` whatever backtick runs it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    body = text if text.endswith("\n") else text + "\n"
    # Snippet lines are expanded even inside code blocks; ";" shows them instead.
    body = re.sub(r"^(\s*)(-{1,}8<-{1,})", r"\1;\2", body, flags=re.M)
    return f"{ticks}{language}\n{body}{ticks}\n"


def language_of(path: str) -> str:
    suffix = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
    return LANGUAGES.get(suffix, "text")


def example_markdown(example: Example) -> str:
    where = f"`docs/{example.path}`"
    language = language_of(example.path)
    if example.shown:
        return f"In {where}:\n\n{fence(example.shown, 'text')}"
    if example.replaces:
        return f"In {where}, change\n\n{fence(example.replaces, language)}\nto\n\n{fence(example.text, language)}"
    return f"A new file {where}:\n\n{fence(example.text, language)}"


def code_markdown(code: Code) -> str:
    examples = "\n".join(example_markdown(e) for e in code.examples)
    return (
        f"### {code.code} {{#{code.code.lower()}}}\n\n"
        f"{code.meaning}\n\n"
        f"Reported by {REPORTED_BY[code.via]}.\n\n"
        f"**Example.** {examples}\n"
        f"**Fix.** {code.fix}\n"
    )


def family_of(code: Code) -> str:
    return code.code[:3]


def errors_page(codes: Sequence[Code]) -> str:
    parts = [INTRO, "| Code | Meaning |\n|---|---|\n"]
    parts += [f"| [{c.code}](#{c.code.lower()}) | {c.meaning} |\n" for c in codes]
    for family, members in groupby(sorted(codes, key=lambda c: c.code), key=family_of):
        parts.append(f"\n## {FAMILIES.get(family, family)} ({family})\n\n")
        parts += [code_markdown(c) + "\n" for c in members]
    return "".join(parts)
