"""The highlighting shortcuts of hooks/highlight_speed.py change no byte of the HTML."""

from __future__ import annotations

import markdown
import pytest

from pyairtable_docs.speed import highlight_wiring as highlight_speed

SAMPLE = """
```python
def greet(name: str) -> str:
    return f"hello {name}"  # a comment
```

```go
func main() { fmt.Println("hi") }
```

```sql
SELECT id, name FROM workspaces WHERE owner_id = $1;
```

```text
plain
```

```no-such-language
falls back to text
```

Inline `#!python print("x")` code.
"""
EXTENSIONS = ["pymdownx.highlight", "pymdownx.superfences", "pymdownx.inlinehilite"]
CONFIGS = [
    {},
    {"pymdownx.highlight": {"css_class": "code", "linenums": True}},
    {"pymdownx.highlight": {"noclasses": True, "pygments_style": "monokai"}},
]


@pytest.mark.parametrize("configs", CONFIGS)
def test_the_same_html_with_and_without_the_shortcuts(configs: dict) -> None:
    def convert() -> str:
        return markdown.markdown(SAMPLE, extensions=EXTENSIONS, extension_configs=configs)

    highlight_speed.uninstall()
    plain = convert()
    highlight_speed.install()
    try:
        assert convert() == plain
        assert convert() == plain  # and again, from the caches
    finally:
        highlight_speed.uninstall()
    assert '<span class="k">def</span>' in plain or "color:" in plain
