"""What a built site must show, derived from the docs it was built from.

Nothing here knows today's content: the services, decisions, diagrams and pages come from
parsing the docs folder with the package's own record functions. The real-site tests run
these checks on the session's build of docs/; test_added_content runs them on a copy of the
repository to which an author added an ADR, a service and a diagram. Each check returns the
problems it found, one line each; a test asserts the list is empty.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import urllib.parse
from collections import Counter
from pathlib import Path

from conftest import page_path
from pyairtable_docs.adr.records import ADR_DIR, Adr, is_adr_page, parse_adr
from pyairtable_docs.catalog.records import CATALOG_DIR, Service, is_service_page, parse_service
from pyairtable_docs.diagrams.sources import ARCHITECTURE_DIAGRAMS, DIAGRAM_SUFFIX

TASK_FOLDERS = ("MIGRATION/checklists", "PROGRESS/in-progress", "PROGRESS/roadmap")


def source_files(docs: Path) -> list[str]:
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())


def services_in(docs: Path) -> list[Service]:
    """Every service page of the catalog, parsed as the build parses it."""
    found = []
    for src_uri in source_files(docs):
        if is_service_page(src_uri):
            service, problems = parse_service(src_uri, (docs / src_uri).read_text(encoding="utf-8"))
            assert service is not None and not problems, (src_uri, problems)
            found.append(service)
    return found


def adrs_in(docs: Path) -> list[Adr]:
    """Every ADR, parsed as the build parses it, in number order."""
    found = []
    for src_uri in source_files(docs):
        if is_adr_page(src_uri):
            adr, problems = parse_adr(src_uri, (docs / src_uri).read_text(encoding="utf-8"))
            assert adr is not None and not problems, (src_uri, problems)
            found.append(adr)
    return sorted(found, key=lambda adr: adr.number)


def diagrams_in(docs: Path) -> list[str]:
    """The src_uri of every diagram file (.mermaid) under docs/."""
    return [src_uri for src_uri in source_files(docs) if src_uri.endswith(DIAGRAM_SUFFIX)]


def article(site: Path, src_uri: str) -> str:
    """The page's content (its <article>), as HTML."""
    return page_path(site, src_uri).read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]


def built(site: Path, src_uri: str) -> bool:
    return page_path(site, src_uri).is_file()


def page_url(src_uri: str) -> str:
    """The page's URL relative to the site root ("" for the home page)."""
    folder = page_path(Path("/"), src_uri).parent.relative_to("/").as_posix()
    return "" if folder == "." else folder + "/"


def first_diagram(docs: Path) -> str:
    """The src_uri of the first diagram of the gallery."""
    return next(src_uri for src_uri in diagrams_in(docs) if src_uri.startswith(ARCHITECTURE_DIAGRAMS))


def diagram_page(src_uri: str) -> str:
    """The src_uri of the page generated for a diagram file."""
    return src_uri.removesuffix(DIAGRAM_SUFFIX) + ".md"


# A diagram drawn into its page at build time: an inline SVG in the hub's figure (diagrams/svg.py).
DRAWN_DIAGRAM = re.compile(
    r'<figure class="hub-diagram\b[^"]*"[^>]*>\s*<div class="hub-diagram__canvas"[^>]*>\s*<svg\b'
)


FULL_SIZE = re.compile(r'<figcaption class="hub-diagram__actions"><a href="([^"]+)">')


def drawn_diagrams(page_html: str) -> int:
    """How many diagrams the page shows drawn (a placeholder for an undrawn one is not counted)."""
    return len(DRAWN_DIAGRAM.findall(page_html))


def catalog_problems(docs: Path, site: Path) -> list[str]:
    """Every service has its page, under its title, and a row in the catalog index."""
    problems = []
    index = article(site, CATALOG_DIR + "README.md")
    if not drawn_diagrams(index):
        problems.append("the catalog index draws no graph of the services")
    for service in services_in(docs):
        if not built(site, service.path):
            problems.append(f"{service.path}: no page built")
        elif html.escape(service.title, quote=False) not in article(site, service.path):
            problems.append(f"{service.path}: its page does not show its title {service.title!r}")
        elif not drawn_diagrams(article(site, service.path)):
            problems.append(f"{service.path}: its page draws no dependency graph")
        if f'<a href="{service.name}/">' not in index:
            problems.append(f"{service.path}: not linked from the catalog index")
    return problems


def decision_log_problems(docs: Path, site: Path) -> list[str]:
    """Every ADR has its page, and a row in the decision log with its status."""
    problems = []
    log = article(site, ADR_DIR + "README.md")
    if "Timeline" not in log:
        problems.append("the decision log has no timeline")
    for adr in adrs_in(docs):
        if not built(site, adr.path):
            problems.append(f"{adr.path}: no page built")
        row = re.search(rf"<td>ADR-{adr.number:03d}</td>.*?</tr>", log, re.S)
        if row is None:
            problems.append(f"{adr.path}: no row in the decision log")
        elif f"hub-badge--status-{adr.status}" not in row.group(0):
            problems.append(f"{adr.path}: its row does not show the status {adr.status!r}")
    return problems


def diagram_problems(docs: Path, site: Path) -> list[str]:
    """Every diagram file is published, has a page that draws it, and is in the gallery."""
    problems = []
    gallery = article(site, ARCHITECTURE_DIAGRAMS + "README.md")
    for src_uri in diagrams_in(docs):
        page = diagram_page(src_uri)
        if not (site / src_uri).is_file():
            problems.append(f"{src_uri}: the file itself is not published")
        if not built(site, page):
            problems.append(f"{src_uri}: no page built")
        elif not drawn_diagrams(article(site, page)):
            problems.append(f"{src_uri}: its page draws no diagram")
        else:
            problems += full_size_problems(site, page)
        in_gallery = src_uri.startswith(ARCHITECTURE_DIAGRAMS) and "/" not in src_uri[len(ARCHITECTURE_DIAGRAMS) :]
        stem = src_uri.rsplit("/", 1)[-1].removesuffix(DIAGRAM_SUFFIX)
        if in_gallery and f'<a href="{stem}/">' not in gallery:
            problems.append(f"{src_uri}: not in the gallery")
    listed = [src_uri for src_uri in diagrams_in(docs) if posixpath.dirname(src_uri) + "/" == ARCHITECTURE_DIAGRAMS]
    if drawn_diagrams(gallery) < len(listed):
        problems.append(f"the gallery draws {drawn_diagrams(gallery)} diagrams; it lists {len(listed)}")
    return problems


def full_size_problems(site: Path, src_uri: str) -> list[str]:
    """Each diagram drawn in the page links its full-size .svg file, which the site holds."""
    problems = []
    for href in FULL_SIZE.findall(article(site, src_uri)):
        target = page_path(site, src_uri).parent / urllib.parse.unquote(href)
        if not href.endswith(".svg") or not target.is_file():
            problems.append(f"{src_uri}: its diagram links {href}, which is not a file of the site")
    return problems


def count_tasks(path: Path) -> tuple[int, int]:
    """(ticked, all) task-list items outside code blocks, counted here independently of the hook."""
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    done = len(re.findall(r"^\s*[-*+] \[[xX]\] ", text, re.M))
    return done, done + len(re.findall(r"^\s*[-*+] \[ \] ", text, re.M))


def dashboard_problems(docs: Path, site: Path) -> list[str]:
    """The progress dashboard's numbers are the counts taken from the sources."""
    problems = []
    page = html.unescape(article(site, "PROGRESS/README.md"))
    migration = Counter(service.migration for service in services_in(docs))
    expected = [
        f"{migration['migrated']} of {migration.total()} services migrated",
        f"{migration['not-started']} not started, {migration['in-progress']} in progress",
    ]
    for folder in TASK_FOLDERS:
        for path in sorted((docs / folder).glob("*.md")):
            if path.name != "README.md":
                done, total = count_tasks(path)
                expected.append(f"{done} of {total}")
    problems += [f"the dashboard does not say {text!r}" for text in expected if text not in page]
    shown = dict(re.findall(r"hub-badge--status-(\w+)\">\w+</span></td>\s*<td>(\d+)</td>", page))
    statuses = Counter(adr.status for adr in adrs_in(docs))
    for status, count in shown.items():
        if int(count) != statuses[status]:
            problems.append(f"the dashboard counts {count} {status} ADRs; the docs hold {statuses[status]}")
    if not shown:
        problems.append("the dashboard has no table of decisions by status")
    return problems


def all_pages_in(site: Path) -> set[str]:
    """URLs (relative to the site root) of every HTML page that MkDocs built."""
    return {html.relative_to(site).as_posix().removesuffix("index.html") for html in site.rglob("*.html")} - {
        "404.html"
    }


def search_index_problems(site: Path) -> list[str]:
    """Every built page is in the search index."""
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    indexed = {doc["location"].split("#")[0] for doc in index["docs"]}
    return [f"{url or '(home)'}: not in the search index" for url in sorted(all_pages_in(site) - indexed)]


def llms_base(site: Path) -> str:
    """What llms.txt puts before a site path: the site URL the build had (or nothing)."""
    text = (site / "llms.txt").read_text(encoding="utf-8")
    match = re.search(r"\]\((\S*)llms-full\.txt\)", text)
    assert match, "llms.txt does not link llms-full.txt"
    return match.group(1)


def twin_problems(site: Path) -> list[str]:
    """Every HTML page has a Markdown twin beside it, which its head and its actions point to."""
    problems = []
    for url in sorted(all_pages_in(site)):
        page = site / url / "index.html"
        if not (site / url / "index.md").is_file():
            problems.append(f"{url or '(home)'}: no Markdown twin index.md")
        text = page.read_text(encoding="utf-8")
        if '<link rel="alternate nofollow" type="text/markdown" href="index.md"' not in text:
            problems.append(f"{url or '(home)'}: no <link rel=alternate nofollow> to its twin")
        if not re.search(r'<a href="index\.md" title="View as Markdown"', text):
            problems.append(f"{url or '(home)'}: no View as Markdown action")
    return problems


def llms_problems(site: Path) -> list[str]:
    """llms.txt lists every page by its twin, every link of it is a file of the site, and
    llms-full.txt holds every page once."""
    base = llms_base(site)
    text = (site / "llms.txt").read_text(encoding="utf-8")
    links = re.findall(r"^- \[(?:[^\]\\]|\\.)*\]\((\S+)\)", text, re.MULTILINE)
    problems = []
    for link in links:
        path = urllib.parse.unquote(link.removeprefix(base)) if link.startswith(base) else None
        if path is None or not (site / path).is_file():
            problems.append(f"llms.txt: {link} is no file of the site")
    listed = {urllib.parse.unquote(link.removeprefix(base)) for link in links}
    for url in sorted(all_pages_in(site)):
        if url + "index.md" not in listed:
            problems.append(f"llms.txt: {url or '(home)'} is not listed")
    full = (site / "llms-full.txt").read_text(encoding="utf-8")
    sources = Counter(re.findall(r"^Source: (\S+)$", full, re.MULTILINE))
    for url in sorted(all_pages_in(site)):
        if sources[base + urllib.parse.quote(url + "index.md")] != 1:
            problems.append(f"llms-full.txt: {url or '(home)'} is not in it once")
    return problems


def export_problems(docs: Path, site: Path) -> list[str]:
    """Each export holds what the docs hold: every service, ADR and task page, each in its entity."""
    import yaml

    problems = []
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    exported = {s["name"]: s for s in catalog["services"]}
    progress = json.loads((site / "progress.json").read_text(encoding="utf-8"))
    by_state = progress["migration"]["servicesByState"]
    components = (site / "backstage/all.yaml").read_text(encoding="utf-8")
    llms = (site / "llms.txt").read_text(encoding="utf-8")
    for service in services_in(docs):
        record = exported.get(service.name)
        if record is None or record["owner"] != service.owner or record["dependsOn"] != list(service.depends_on):
            problems.append(f"catalog.json: {service.name} missing or not as its front matter says")
        if service.name not in by_state.get(service.migration, []):
            problems.append(f"progress.json: {service.name} not among the {service.migration} services")
        descriptor = site / "backstage/components" / service.name / "catalog-info.yaml"
        if f"./components/{service.name}/catalog-info.yaml" not in components or not descriptor.is_file():
            problems.append(f"backstage: {service.name} has no component listed in all.yaml")
        else:
            entity = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
            if entity["spec"]["owner"] != f"group:{service.owner}" or entity["metadata"]["title"] != service.title:
                problems.append(f"backstage: {service.name}'s component does not say its owner and title")
        if f"[{service.title}](" not in llms:
            problems.append(f"llms.txt: {service.title} is not listed")
    numbers = [a["number"] for a in json.loads((site / "adrs.json").read_text(encoding="utf-8"))["adrs"]]
    if numbers != [adr.number for adr in adrs_in(docs)]:
        problems.append(f"adrs.json: numbers {numbers} are not the ADRs' {[a.number for a in adrs_in(docs)]}")
    return problems


def content_problems(docs: Path, site: Path) -> list[str]:
    """All the checks above: what a build of `docs` into `site` must show."""
    return [
        *catalog_problems(docs, site),
        *decision_log_problems(docs, site),
        *diagram_problems(docs, site),
        *dashboard_problems(docs, site),
        *search_index_problems(site),
        *twin_problems(site),
        *llms_problems(site),
        *export_problems(docs, site),
    ]
