"""Every error code of the hub, gathered from each capability's ``codes.py``.

A capability folder that adds a ``codes.py`` is picked up without being listed here, as a new
generator is a copied folder.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

import pyairtable_docs
from pyairtable_docs.core.codes import Code


def capability_codes() -> tuple[Code, ...]:
    """All codes, in code order; a code defined twice is a programming error, raised at once."""
    found: dict[str, Code] = {}
    for module in codes_modules():
        for code in module.CODES:
            if code.code in found:
                raise ValueError(f"{code.code} is defined twice ({module.__name__})")
            found[code.code] = code
    return tuple(found[name] for name in sorted(found))


def codes_modules() -> Iterable:
    for package in pkgutil.iter_modules(pyairtable_docs.__path__):
        if package.ispkg:
            try:
                yield importlib.import_module(f"pyairtable_docs.{package.name}.codes")
            except ModuleNotFoundError as error:
                if error.name != f"pyairtable_docs.{package.name}.codes":
                    raise
