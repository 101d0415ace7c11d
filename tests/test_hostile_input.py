"""Hostile author input, fed at random into every parser and renderer (hypothesis).

Parsers return records and Problems and never raise (``split_front_matter`` alone raises,
and only FrontMatterError). Whatever the renderers make of the input, once converted by
the site's own Markdown extensions, holds no script, no event-handler attribute, no
attribute an author smuggled in, and no javascript: link.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from conftest import DOCS, REPO, service_record
from pyairtable_docs.adr.markdown import render_banner, render_decisions_for_service, render_log, render_timeline
from pyairtable_docs.adr.records import ADR_DIR, STATUSES, Adr, check_adrs, first_heading, parse_adr, superseded_by
from pyairtable_docs.catalog.markdown import neighbourhood, render_card, render_graph, render_index
from pyairtable_docs.catalog.records import (
    CATALOG_DIR,
    LANGUAGES,
    LIFECYCLES,
    MIGRATION_STATES,
    REPOSITORIES,
    TYPES,
    ProvidedApi,
    Service,
    check_catalog,
    parse_service,
    used_by,
)
from pyairtable_docs.core.codes import coded
from pyairtable_docs.core.frontmatter import FrontMatterError, split_front_matter
from pyairtable_docs.core.markup import (
    THEME_TEXT_FIELDS,
    html_text,
    insert_after_title,
    md_text,
    mermaid_label,
    theme_meta,
)
from pyairtable_docs.core.problems import Problem
from pyairtable_docs.diagrams.sources import (
    Diagram,
    error_line,
    line_of,
    mermaid_fences,
    render_diagram_page,
    render_gallery,
    service_node_problems,
)
from pyairtable_docs.gates.nav_pages import check_pages_file

PURE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '" onmouseover="x'
JS_LINK = "[x](javascript:alert(1))"
ATTACKS = (
    SCRIPT,
    BREAKOUT,
    JS_LINK,
    "' onmouseover='x",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "&#60;script&#62;",
    "&lt;script&gt;",
    '"]; click x href "javascript:alert(1)"',
    'x["a"] --> y',
    "click a call alert(1)",
    "%%{init: {}}%%",
    '--8<-- "SECURITY/README.md"',
    '--8<-- "no/such/file.md"',
    "--8<--",
    "{: onclick=alert(1) }",
    "{ #id .class onclick=alert(1) }",
    "<!--",
    "-->",
    "```",
    "~~~",
    "````mermaid",
    "| a | b |",
    "*[HTML]: x",
    "[^1]",
    "[^1]: note",
    "++ctrl++",
    "==mark==",
    "- [ ] task",
    "1. item",
    "# heading",
    "> quote",
    "---",
    "???+ note",
    "!!! danger",
    '=== "Tab"',
    "<div markdown>",
    "</div>",
    "\\",
    "&",
    "&amp;",
    "`code`",
    "<https://example.com>",
    "[x]: javascript:alert(1)",
    "![x](javascript:alert(1))",
    "\x00",
    "\x02",
    "\x03",
    "\x02wzxhzdk:0\x03",
    "\u2028",
    "\r",
    "\t",
    "\ufeff",
    "..",
    "../../etc/passwd",
    "%2e%2e/",
)
pieces = st.one_of(st.text(max_size=12), st.sampled_from(ATTACKS))
hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(ATTACKS),
    st.lists(pieces, max_size=6).map("".join),
    st.lists(pieces, max_size=6).map("\n".join),
)
kebab = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
file_stem = st.one_of(
    kebab,
    st.text(st.characters(exclude_characters="/\x00"), min_size=1, max_size=30),
    st.sampled_from(
        [
            "my diagram",
            "ünïcödé",
            "..x",
            "a..b",
            "x) <img src=x onerror=alert(1)>",
            'a" onmouseover="x',
            "javascript:alert(1)",
            "[x](y)",
            "%2e%2e",
        ]
    ),
)

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.dates(), hostile_text)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4), max_leaves=12
)

BILLION_LAUGHS = "\n".join(
    ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 9) + "]" for i in range(1, 10)]
    + ["title: *lol9"]
)
HOSTILE_YAML = (
    BILLION_LAUGHS,
    "a: &a [*a]",
    "x: !!python/object/apply:os.system ['false']",
    "x: !!python/object/new:subprocess.Popen [[false]]",
    "x: !!python/name:os.system",
    "date: !!timestamp 2024-02-30",
    "date: !!timestamp soon",
    "port: !!int abc",
    "port: !!float abc",
    "port: !!bool maybe",
    "port: " + "9" * 5000,
    "x: !!binary '!!!'",
    "x: !!binary AAAA",
    "x: !!set {a, b}",
    "x: !!omap [a: 1, a: 2]",
    "x: " + "[" * 1200 + "]" * 1200,
    "<<: 1",
    "<<: {title: x}",
    "? [a]\n: b",
    "\tx: 1",
    'title: "\\ud800"',
    'title: "\\x00\\x02"',
    "title: a\x07b",
    "x: 1\n---\ny: 2",
    "%YAML 1.1\nx: 1",
    "!!map {title: x}",
    "[1, 2]",
    "just text",
    "",
    "~",
    "null: x",
    "1: x",
    "title: 2024-01-01",
)
yaml_text = st.one_of(
    values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)), st.sampled_from(HOSTILE_YAML), hostile_text
)


@st.composite
def pages(draw: st.DrawFn, front_matter: st.SearchStrategy[str] = yaml_text) -> str:
    """A Markdown page: front matter (or not), a body, and the odd BOM or CRLF."""
    body = draw(hostile_text)
    text = draw(hostile_text) + body if draw(st.booleans()) else f"---\n{draw(front_matter)}\n---\n{body}"
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


def with_extra_keys(fields: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    return st.tuples(st.dictionaries(hostile_text, values, max_size=2), fields).map(lambda t: {**t[0], **t[1]})


def catalog_fields() -> st.SearchStrategy[str]:
    """A service page's front matter: right and wrong values for every field."""

    def field(right: st.SearchStrategy) -> st.SearchStrategy:
        return st.one_of(right, hostile_text, values)

    names = st.lists(st.one_of(kebab, hostile_text, st.just("resource:postgres")), max_size=4)
    apis = st.lists(st.fixed_dictionaries({"name": hostile_text, "schema": hostile_text}), max_size=3)
    return with_extra_keys(
        st.fixed_dictionaries(
            {
                "name": field(st.just("svc")),
                "title": field(hostile_text),
                "description": hostile_text,
                "repository": field(st.sampled_from(REPOSITORIES)),
                "language": field(st.sampled_from(LANGUAGES)),
                "type": field(st.sampled_from(TYPES)),
                "lifecycle": field(st.sampled_from(LIFECYCLES)),
                "owner": field(hostile_text),
                "migration": field(st.sampled_from(MIGRATION_STATES)),
            },
            optional={
                "port": field(st.integers(0, 70000)),
                "dependsOn": field(names),
                "providesApis": field(apis),
                "consumesApis": field(names),
                "tags": field(names),
                "hide": values,
                "template": values,
            },
        )
    ).map(lambda meta: yaml.safe_dump(meta, allow_unicode=True))


def adr_fields() -> st.SearchStrategy[str]:
    people = st.one_of(st.lists(hostile_text, max_size=3), values)
    return st.fixed_dictionaries(
        {
            "status": st.one_of(st.sampled_from(STATUSES), hostile_text),
            "date": st.one_of(st.dates().map(str), hostile_text, values),
            "decision-makers": people,
        },
        optional={
            "consulted": people,
            "informed": people,
            "affects": people,
            "tags": people,
            "supersedes": st.one_of(st.lists(st.integers(0, 1200), max_size=3), values),
        },
    ).map(lambda meta: yaml.safe_dump(meta, allow_unicode=True))


# --- The site's own Markdown, and what "inert" HTML means -------------------------------


@pytest.fixture(scope="module")
def to_html() -> Callable[[str], str]:
    """Markdown to HTML as the site converts it (its mkdocs.yml extensions and settings)."""
    config = load_config(str(REPO / "mkdocs.yml"))
    extension_configs = dict(config.mdx_configs)
    extension_configs["pymdownx.snippets"] = {
        **extension_configs.get("pymdownx.snippets", {}),
        "base_path": [str(DOCS)],
    }
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=extension_configs)

    def convert(text: str) -> str:
        md.reset()
        return md.convert(get_data(text)[0])  # front matter off, as MkDocs does

    return convert


DANGEROUS_TAGS = {
    "script",
    "style",
    "iframe",
    "frame",
    "object",
    "embed",
    "img",
    "svg",
    "math",
    "form",
    "base",
    "link",
    "meta",
    "video",
    "audio",
    "source",
    "textarea",
    "button",
}
# Every attribute the renderers and the Markdown extensions write themselves.
ATTRIBUTES = {
    "class",
    "href",
    "id",
    "name",
    "title",
    "style",
    "type",
    "checked",
    "disabled",
    "open",
    "for",
    "align",
    "colspan",
    "rowspan",
    "start",
    "tabindex",
    "data-search-exclude",  # the diagram slot (diagrams/svg.py): its source stays out of search
}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_inert(page_html: str, shows_source: bool = False) -> None:
    """No script, no smuggled attribute (event handler or other), no script-running link.

    A page that ``shows_source`` (a diagram's) may hold the text ``href="javascript:`` in a
    code block, as text: only its elements' attributes are checked then.
    """
    assert "<script" not in page_html.lower(), page_html
    assert shows_source or 'href="javascript:' not in page_html.lower(), page_html
    parser = _Elements()
    parser.feed(page_html)
    parser.close()
    for tag, attrs in parser.elements:
        assert tag not in DANGEROUS_TAGS, (tag, attrs, page_html)
        for name, value in attrs:
            assert name in ATTRIBUTES, (tag, name, value, page_html)
            if name == "href":
                target = re.sub(r"[\x00-\x20]", "", value or "").lower()
                assert not target.startswith(("javascript:", "vbscript:", "data:")), (tag, value, page_html)


def assert_markdown_escapes(generated: str) -> None:
    """Markdown made only of escaped author values: no raw script or javascript: link."""
    lowered = generated.lower()
    assert "<script" not in lowered and "](javascript:" not in lowered, generated


# Each line a generated Mermaid graph may hold: ids are [A-Za-z0-9_], labels are quoted
# and hold no quote, bracket or markup character.
LABEL = r'"[^"\[\](){}<>|`\n]*"'
ID = r"[A-Za-z0-9_]*"  # empty for a service without a name (the catalog reports it)
GRAPH_LINE = re.compile(
    rf"|```(mermaid)?|flowchart (LR|TB)|  {ID}\[{LABEL}\]|  click {ID} href {LABEL}|  {ID} (-->|-\.->) {ID}"
    rf"|  res_{ID}\[\({LABEL}\)\]|  classDef \w+ [\w :-]+|  class {ID}(,{ID})* \w+"
)


def assert_graph_is_ours(graph: str) -> None:
    for line in graph.split("\n"):
        assert GRAPH_LINE.fullmatch(line), (line, graph)


# --- Parsers: records and Problems, never another exception ------------------------------


def one_line(problem: Problem) -> bool:
    """The build logs each problem as one line."""
    return "\n" not in str(problem) and "\r" not in str(problem)


@PURE
@given(pages())
def test_front_matter_is_a_document_or_a_front_matter_error(text: str) -> None:
    try:
        document = split_front_matter(text)
    except FrontMatterError as error:
        assert str(error).startswith("front matter ") and "\n" not in str(error)
        return
    assert document.meta is None or isinstance(document.meta, dict)
    assert isinstance(document.body, str)
    assert all(isinstance(line, int) and line >= 2 for line in document.key_lines.values())


def test_the_yaml_that_attacks_the_loader_is_refused_by_name(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    refused = {
        BILLION_LAUGHS: "aliases (*name) are not allowed",
        f"x: !!python/object/apply:os.system ['touch {marker}']": "could not determine a constructor",
        f"x: !!python/object/new:subprocess.Popen [[touch, {marker}]]": "could not determine a constructor",
        "x: !!python/name:os.system": "could not determine a constructor",
        "date: !!timestamp 2024-02-30": "(line 2): '2024-02-30' is not a valid timestamp",
        "port: !!int abc": "(line 2): 'abc' is not a valid int",
        "port: " + "9" * 5000: "(line 2): '9999",
        "x: " + "[" * 1200 + "]" * 1200: "nested too deeply",
        "title: a\x07b": "unacceptable character #x0007",
    }
    for source, message in refused.items():
        with pytest.raises(FrontMatterError) as caught:
            split_front_matter(f"---\n{source}\n---\n# T\n")
        assert message in str(caught.value), (source[:60], str(caught.value))
    assert not marker.exists()


@PURE
@given(st.one_of(pages(), pages(catalog_fields())), file_stem, st.lists(hostile_text, max_size=3))
def test_a_service_page_is_a_service_or_problems(text: str, stem: str, files: list[str]) -> None:
    src_uri = f"{CATALOG_DIR}{stem}.md"
    display = f"docs/{src_uri}"
    service, problems = parse_service(src_uri, text, display)
    assert all(isinstance(p, Problem) and p.path == display and one_line(p) for p in problems)
    assert service is not None or problems
    if service is None:
        return
    catalog = [
        service,
        service_record("other", depends_on=(service.name,)),
    ]
    for problem in check_catalog(catalog, files, {service.path: display}):
        assert isinstance(problem, Problem)
    sorted([*problems, *check_catalog(catalog, files)])  # the hook sorts them: comparable


@PURE
@given(
    st.one_of(pages(), pages(adr_fields())),
    st.one_of(st.just("001-x"), st.from_regex(r"\d{3}-[a-z]{1,5}", fullmatch=True), file_stem),
)
def test_an_adr_is_a_record_or_problems(text: str, stem: str) -> None:
    src_uri = f"{ADR_DIR}{stem}.md"
    display = f"docs/{src_uri}"
    adr, problems = parse_adr(src_uri, text, display)
    assert all(isinstance(p, Problem) and p.path == display and one_line(p) for p in problems)
    assert adr is not None or problems
    if adr is not None:
        sorted([*problems, *check_adrs([adr], ["svc"], {adr.path: display})])


services = st.builds(
    Service,
    path=file_stem.map(lambda s: f"{CATALOG_DIR}{s}.md"),
    name=st.one_of(st.sampled_from(["a", "b", "c", "d", ""]), hostile_text),
    title=hostile_text,
    description=hostile_text,
    repository=st.one_of(st.sampled_from(REPOSITORIES), hostile_text),
    language=hostile_text,
    type=hostile_text,
    lifecycle=st.one_of(st.sampled_from(LIFECYCLES), hostile_text),
    owner=hostile_text,
    migration=st.one_of(st.sampled_from(MIGRATION_STATES), hostile_text),
    port=st.one_of(st.none(), st.integers(1, 3)),
    depends_on=st.lists(
        st.one_of(
            st.sampled_from(["a", "b", "c", "d", "resource:redis"]), hostile_text, hostile_text.map("resource:".__add__)
        ),
        max_size=4,
    ).map(tuple),
    provides_apis=st.lists(st.builds(ProvidedApi, hostile_text, hostile_text), max_size=2).map(tuple),
    consumes_apis=st.lists(hostile_text, max_size=2).map(tuple),
    tags=st.lists(hostile_text, max_size=2).map(tuple),
)

adrs = st.builds(
    Adr,
    path=st.from_regex(r"\d{3}-[a-z]{1,4}", fullmatch=True).map(lambda s: f"{ADR_DIR}{s}.md"),
    number=st.integers(0, 6),
    title=hostile_text,
    status=st.one_of(st.sampled_from(STATUSES), hostile_text),
    date=st.one_of(st.none(), st.dates()),
    decision_makers=st.lists(hostile_text, max_size=3).map(tuple),
    consulted=st.lists(hostile_text, max_size=2).map(tuple),
    informed=st.lists(hostile_text, max_size=2).map(tuple),
    supersedes=st.lists(st.integers(0, 6), max_size=3).map(tuple),
    affects=st.lists(st.one_of(st.sampled_from(["a", "b"]), hostile_text), max_size=3).map(tuple),
    tags=st.lists(hostile_text, max_size=2).map(tuple),
)


@PURE
@given(st.lists(services, max_size=4), st.lists(adrs, max_size=4))
def test_checks_across_records_return_problems(catalog: list[Service], records: list[Adr]) -> None:
    for problem in [
        *check_catalog(catalog, [a.schema for s in catalog for a in s.provides_apis]),
        *check_adrs(records, [s.name for s in catalog]),
    ]:
        assert isinstance(problem, Problem) and one_line(problem)


@PURE
@given(
    st.one_of(
        st.sampled_from(HOSTILE_YAML),
        values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
        with_extra_keys(st.fixed_dictionaries({}, optional={"title": values, "nav": values})).map(
            lambda v: yaml.safe_dump(v, allow_unicode=True)
        ),
        hostile_text,
    ),
    st.sampled_from(["", "GUIDES", "a/b"]),
    st.lists(st.one_of(file_stem, hostile_text), max_size=5),
)
def test_a_pages_file_gives_problems_never_a_traceback(text: str, folder: str, existing: list[str]) -> None:
    fatal, warnings = check_pages_file(f"docs/{folder}/.pages", folder, text, existing)
    for problem in [*fatal, *warnings]:
        assert isinstance(problem, Problem) and problem.path == f"docs/{folder}/.pages" and one_line(problem)


@PURE
@given(
    st.lists(
        st.one_of(
            hostile_text,
            st.sampled_from(
                [
                    "```mermaid",
                    "~~~ mermaid",
                    "```",
                    "~~~",
                    "````",
                    "    ```mermaid",
                    '--8<-- "x.mermaid"',
                    "flowchart LR",
                ]
            ),
        ),
        max_size=12,
    ).map("\n".join),
    st.integers(-3, 40),
)
def test_fences_and_lines_of_any_page(markdown_text: str, line: int) -> None:
    found = mermaid_fences(markdown_text, "docs/x.md")
    lines = markdown_text.count("\n") + 2
    for diagram in found:
        assert 1 <= diagram.first_line <= lines
        assert error_line(diagram, line) is None or diagram.first_line <= error_line(diagram, line) <= lines
        line_of(diagram, diagram.source[:5])
    first_heading(markdown_text)
    insert_after_title(markdown_text, "BLOCK")


@PURE
@given(
    st.dictionaries(
        st.one_of(st.sampled_from([*THEME_TEXT_FIELDS, "tags", "hide", "search", "template", "icon"]), hostile_text),
        values,
        max_size=8,
    ),
    st.booleans(),
)
def test_theme_settings_come_out_escaped_or_dropped(meta: dict, files_exist: bool) -> None:
    safe, problems = theme_meta(meta, "docs/x.md", lambda name: files_exist)
    for field in THEME_TEXT_FIELDS:
        value = safe.get(field)
        assert value is None or (isinstance(value, str) and not re.search(r"[<>\"']", value))
    if isinstance(meta.get("tags"), list | dict):
        assert not any(isinstance(tag, str) and re.search(r"[<>\"']", tag) for tag in safe["tags"])
    assert {p.field for p in problems} == set(meta) - set(safe)
    assert all(p.path == "docs/x.md" for p in problems)


def test_a_billion_laughs_title_is_dropped_not_expanded() -> None:
    bomb = yaml.safe_load(BILLION_LAUGHS)  # the theme's own loader accepts aliases
    safe, problems = theme_meta(bomb, "docs/x.md", lambda name: True)
    assert "title" not in safe
    assert [str(p) for p in problems] == [coded("FMT008", "docs/x.md: title: must be a text; got a list")]


# --- Renderers: author values come out as text ------------------------------------------


@PURE
@given(hostile_text)
def test_escaped_texts_read_back_as_the_same_text(value: str) -> None:
    one_line = " ".join(value.split())
    assert html.unescape(md_text(value)) == re.sub(r"[\x00-\x1f\x7f]", "", one_line)
    assert not re.search(r"[<>\"`|\[\]()*_\\]", md_text(value))
    assert html.unescape(html_text(value)) == value
    assert not re.search(r"[<>\"']", html_text(value))
    label = mermaid_label(value)
    assert not re.search(r"[\"<>`\[\](){}|\n]", label)
    assert re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label) == one_line


@PURE
@given(hostile_text)
def test_an_escaped_text_renders_as_itself(to_html, value: str) -> None:
    rendered = to_html(f"The owner is {md_text(value)}")
    assert_inert(rendered)
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert text.strip() == re.sub(r"[\x00-\x1f\x7f]", "", f"The owner is {' '.join(value.split())}").strip()


@PURE
@given(st.lists(services, min_size=1, max_size=4), st.data())
def test_catalog_pages_are_inert(to_html, catalog: list[Service], data: st.DataObject) -> None:
    service = data.draw(st.sampled_from(catalog))
    users = used_by(catalog).get(service.name, [])
    hrefs = {s.name: data.draw(st.one_of(st.just("../x/"), hostile_text)) for s in catalog}
    schema_pages = {
        a.schema: data.draw(st.one_of(st.just("SCHEMAS/api/README.md"), hostile_text))
        for s in catalog
        for a in s.provides_apis
    }
    card = render_card(service, catalog, users, schema_pages)
    graph = render_graph(neighbourhood(service, catalog, users), catalog, hrefs, focus=service.name)
    index = render_index(catalog, f"{CATALOG_DIR}README.md", hrefs)
    for generated in (card, graph, index):
        assert_markdown_escapes(generated)
        assert_inert(to_html(generated))
    assert_graph_is_ours(graph)
    assert_graph_is_ours(index[index.index("```mermaid") :])


@PURE
@given(st.lists(adrs, min_size=1, max_size=4), st.data())
def test_decision_pages_are_inert(to_html, records: list[Adr], data: st.DataObject) -> None:
    adr = data.draw(st.sampled_from(records))
    by_number = {a.number: a for a in records}
    service_pages = {
        name: (data.draw(file_stem) + ".md", data.draw(hostile_text)) for a in records for name in a.affects
    }
    replaced = superseded_by(records)
    generated = [
        render_log(records, replaced, f"{ADR_DIR}README.md"),
        render_timeline(records, f"{ADR_DIR}README.md"),
        render_banner(adr, by_number, replaced.get(adr.number, []), service_pages),
        render_decisions_for_service(records, f"{CATALOG_DIR}svc.md"),
    ]
    for part in generated:
        assert_markdown_escapes(part)
        assert_inert(to_html(part))


mermaid_lines = st.one_of(
    hostile_text,
    st.sampled_from(
        [
            "flowchart LR",
            "  a --> b",
            '  a["<script>alert(1)</script>"]',
            '  click a href "javascript:alert(1)"',
            '"]; click x href "javascript:alert(1)"',
            "%% A description <script>alert(1)</script>",
            "```",
            "`````",
            '--8<-- "no/such/file.md"',
            ';--8<-- "x"',
            "--8<--",
            "no/such/file.md",
            "~~~",
            "    indented",
            "",
        ]
    ),
)


@PURE
@given(st.lists(file_stem, min_size=1, max_size=3, unique=True), st.lists(mermaid_lines, max_size=10), st.booleans())
def test_diagram_pages_and_gallery_are_inert(to_html, stems: list[str], lines: list[str], edit: bool) -> None:
    source = "\n".join(lines)
    sources = [(f"ARCHITECTURE/diagrams/{stem}.mermaid", source) for stem in stems]
    src_uri = sources[0][0]
    edit_url = "https://github.com/pyairtable/pyairtable-docs/edit/main/docs/x.mermaid" if edit else None
    assert_inert(to_html(render_diagram_page(src_uri, source, edit_url)), shows_source=True)
    assert_inert(to_html(render_gallery(sources, "ARCHITECTURE/diagrams/README.md")), shows_source=True)
    diagram = Diagram(source, f"docs/{src_uri}", 1)
    for problem in service_node_problems(diagram, [line.strip() for line in lines], ["a", "api-gateway"]):
        assert problem.path == f"docs/{src_uri}"


# --- The three payloads of the issue, by name --------------------------------------------

PAYLOADS = (SCRIPT, BREAKOUT, JS_LINK)


def hostile_service(name: str = "svc") -> Service:
    text = " ".join(PAYLOADS)
    return service_record(
        name,
        title=f"T {text}",
        description=f"D {text}",
        owner=f"O {text}",
        depends_on=(f"x {SCRIPT}", "resource:a b"),
        tags=PAYLOADS,
    )


def assert_payloads_are_text(page_html: str) -> None:
    assert_inert(page_html)
    assert "<script>alert" not in page_html and 'onmouseover="x"' not in page_html
    assert 'href="javascript:' not in page_html


def test_the_issue_payloads_render_as_text_in_catalog_and_decision_pages(to_html) -> None:
    service = hostile_service()
    catalog = [service]
    card = to_html(render_card(service, catalog, [], {}))
    assert_payloads_are_text(card)
    assert f"O {' '.join(PAYLOADS)}" in html.unescape(card)
    index = to_html(render_index(catalog, f"{CATALOG_DIR}README.md", {"svc": f"../svc/{BREAKOUT}"}))
    assert_payloads_are_text(index)
    assert f"D {' '.join(PAYLOADS)}" in html.unescape(index)
    assert_graph_is_ours(render_graph(catalog, catalog, {"svc": f"../svc/{BREAKOUT}"}, focus="svc"))

    adr = Adr(
        path=f"{ADR_DIR}001-x.md",
        number=1,
        title=SCRIPT,
        status="accepted",
        date=dt.date(2024, 1, 8),
        decision_makers=PAYLOADS,
        consulted=PAYLOADS,
        affects=("svc",),
        tags=PAYLOADS,
    )
    banner = to_html(render_banner(adr, {1: adr}, [], {"svc": (service.path, service.title)}))
    log = to_html(render_log([adr], {}, f"{ADR_DIR}README.md"))
    for page_html in (banner, log):
        assert_payloads_are_text(page_html)
        assert ", ".join(PAYLOADS) in html.unescape(page_html)


def test_the_issue_payloads_in_theme_settings_are_escaped() -> None:
    meta = {"title": SCRIPT, "description": BREAKOUT, "author": JS_LINK, "tags": list(PAYLOADS)}
    safe, problems = theme_meta(meta, "docs/x.md", lambda name: True)
    assert problems == []
    assert safe["title"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert safe["description"] == "&quot; onmouseover=&quot;x"
    assert safe["tags"][0] == "&lt;script&gt;alert(1)&lt;/script&gt;"
