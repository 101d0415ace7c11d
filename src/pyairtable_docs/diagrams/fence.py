"""The ```mermaid fence format for pymdownx.superfences (registered in mkdocs.yml).

It writes a slot holding the diagram's source: hooks/mermaid_diagrams.py replaces the slot by
the SVG drawn at build time. Without that hook, a reader still sees the source.
"""

from __future__ import annotations

from typing import Any

from pyairtable_docs.diagrams.svg import canonical, slot


def diagram_slot(source: str, language: str, class_name: str, options: dict, md: Any, **kwargs: Any) -> str:
    return slot(canonical(source))
