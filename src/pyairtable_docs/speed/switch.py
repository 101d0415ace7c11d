"""Whether a speed hook may run in this build: the one switch, and the versions it was verified on.

``PYAIRTABLE_DOCS_FAST=0`` turns every speed hook off (the fast navigation, highlighting
shortcuts, template cache, parallel Markdown conversion, and the forked processes that run
the secret scan and the Content Security Policies: those checks then run in the build's own
process). Each speed hook asks ``why_off`` in on_config and, given a reason, logs it once and
does nothing else in that build. With the switch off or on, the site is the same byte for
byte (tests/test_speed_safety.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata

from pyairtable_docs.speed.private_api import VERIFIED

FAST_VARIABLE = "PYAIRTABLE_DOCS_FAST"
# Every speed hook depends on these two, whatever else it touches.
ALWAYS_CHECKED = ("mkdocs", "mkdocs-material")


def switched_off(environ: Mapping[str, str] | None = None) -> bool:
    return (os.environ if environ is None else environ).get(FAST_VARIABLE, "").strip() == "0"


def version_key(version: str) -> tuple[int, ...]:
    """'9.8.2' -> (9, 8, 2); a pre-release counts as its release ('10.0b1' -> (10, 0))."""
    parts = []
    for part in version.split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        parts.append(int(digits[0]))
        if digits[0] != part:
            break
    return tuple(parts)


@cache
def installed(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def unverified(distributions: Iterable[str]) -> list[str]:
    """Each of these distributions installed in a version outside VERIFIED, as 'name version (verified ...)'."""
    found = []
    for name in dict.fromkeys([*ALWAYS_CHECKED, *distributions]):
        low, high = VERIFIED[name]
        version = installed(name)
        if version is None or not version_key(low) <= version_key(version) < version_key(high):
            found.append(f"{name} {version or 'not installed'} (verified: >={low},<{high})")
    return found


def why_off(
    distributions: Iterable[str], theme_name: str | None, environ: Mapping[str, str] | None = None
) -> str | None:
    """Why a speed hook built on ``distributions`` stays off in this build; None: it may run."""
    if switched_off(environ):
        return f"{FAST_VARIABLE}=0"
    if theme_name != "material":
        return f"the theme is {theme_name!r}, not 'material'"
    if versions := unverified(distributions):
        return "not verified with " + ", ".join(versions)
    return None
