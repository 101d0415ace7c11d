"""`python3 dev.py serve` under bad edits: it keeps answering, names each problem, then recovers.

The server is the one authors run (dev.py serve), on a private copy of the docs: a small
config in the temp dir inherits mkdocs.yml and points docs_dir at the copy. Each rebuild is
a whole build, so the three files are broken together and fixed together.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from conftest import CHROMIUM, DOCS, REPO, copy_docs, skip_or_fail
from site_content import adrs_in, diagram_page, first_diagram, page_url, services_in

pytestmark = pytest.mark.browser  # the build checks diagrams with real Mermaid in Chromium

PORT_LINE = re.compile(r"^port: (\d+)$", re.MULTILINE)
ACCEPTED_LINE = re.compile(r"^status: accepted$", re.MULTILINE)
BROKEN_MERMAID_LINE = "    frontend -->(oops"
STARTUP = 240  # seconds: the first build of the whole site, on a slow CI machine
REBUILD = 120
ANSWER = 30
BUILD_START = "Building documentation..."
BUILD_END = re.compile(r"Reloading browsers|An error happened during the rebuild")


class ServerLog:
    """The server's output, line by line, read as it comes."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, found: Callable[[list[str]], object], since: int, timeout: float, what: str):
        """Wait until found(the lines since `since`) is truthy; return it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = found(self.lines[since:])
            if result:
                return result
            time.sleep(0.5)
        pytest.fail(f"no {what} within {timeout:.0f} s; the server said:\n" + "\n".join(self.lines[since:][-40:]))

    def text(self, since: int = 0) -> str:
        return "\n".join(self.lines[since:])


def finished_builds(lines: list[str]) -> list[list[str]]:
    """The lines of each build that has finished, oldest first."""
    builds, current = [], None
    for line in lines:
        if BUILD_START in line:
            current = []
        elif current is not None:
            current.append(line)
            if BUILD_END.search(line):
                builds.append(current)
                current = None
    return builds


def serving_url(lines: list[str]) -> str | None:
    for line in lines:
        if match := re.search(r"Serving on (\S+)", line):
            return match[1]
    return None


def clean_builds(expected: list[str]) -> Callable[[list[str]], list[list[str]]]:
    """Finished builds in which none of the expected messages appears."""
    return lambda lines: [b for b in finished_builds(lines) if not any(m in "\n".join(b) for m in expected)]


def write_config(tmp_path: Path, docs: Path) -> Path:
    """mkdocs.yml with docs_dir at the copy; hooks and theme overrides stay the repository's."""
    repo_config = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "docs_dir": str(docs),
        "hooks": [str(REPO / hook) for hook in repo_config["hooks"]],
        "theme": {"name": repo_config["theme"]["name"], "custom_dir": str(REPO / repo_config["theme"]["custom_dir"])},
    }
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=ANSWER) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (TimeoutError, urllib.error.URLError) as error:
        pytest.fail(f"{url}: no answer within {ANSWER} s ({error}): the server has stopped serving")


def line_of(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def files_to_break(docs: Path) -> tuple[str, str, str]:
    """A service with a port, an accepted ADR and a diagram, whichever the docs hold today."""
    service = next(s.path for s in services_in(docs) if PORT_LINE.search((docs / s.path).read_text(encoding="utf-8")))
    adr = next(a.path for a in adrs_in(docs) if ACCEPTED_LINE.search((docs / a.path).read_text(encoding="utf-8")))
    return service, adr, first_diagram(docs)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen, ServerLog, Path]]:
    if not CHROMIUM.exists():
        skip_or_fail(f"the diagram check needs Debian chromium at {CHROMIUM}")
    docs = copy_docs(tmp_path / "docs")
    command = [
        sys.executable,
        str(REPO / "dev.py"),
        "serve",
        "--dev-addr",
        f"127.0.0.1:{free_port()}",
        "--config-file",
        str(write_config(tmp_path, docs)),
    ]
    # Its own process group: dev.py runs mkdocs as a child, and both must go at the end.
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        yield process, ServerLog(process), docs
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_serve_survives_broken_pages_names_them_and_recovers(server) -> None:
    process, log, docs = server
    url = log.wait_for(serving_url, since=0, timeout=STARTUP, what="'Serving on' line")
    service, adr, diagram = files_to_break(DOCS)
    originals = {name: (docs / name).read_text(encoding="utf-8") for name in (service, adr, diagram)}
    port = PORT_LINE.search(originals[service])
    accepted = ACCEPTED_LINE.search(originals[adr])
    mermaid_line = len(originals[diagram].rstrip("\n").splitlines()) + 1
    expected = [
        f"CAT005 docs/{service}:{line_of(originals[service], port.start())}: port: must be a whole number from 1 to "
        "65535; got 'http'",
        f"docs/{adr}:{line_of(originals[adr], accepted.start())}: status: must be one of proposed, accepted, rejected, "
        "deprecated, superseded; got 'approved'",
        f"docs/{diagram}:{mermaid_line}: Mermaid cannot parse this diagram",
    ]

    broken_at = len(log.lines)
    service_text = originals[service]
    (docs / service).write_text(service_text[: port.start()] + "port: http" + service_text[port.end() :])
    (docs / adr).write_text(ACCEPTED_LINE.sub("status: approved", originals[adr], count=1), encoding="utf-8")
    (docs / diagram).write_text(originals[diagram].rstrip("\n") + f"\n{BROKEN_MERMAID_LINE}\n", encoding="utf-8")
    log.wait_for(
        lambda lines: finished_builds(lines) and all(m in "\n".join(lines) for m in expected),
        since=broken_at,
        timeout=REBUILD,
        what="rebuild naming each of:\n  " + "\n  ".join(expected),
    )
    assert process.poll() is None, log.text()
    status, _ = get(url)
    assert status == 200

    fixed_at = len(log.lines)
    for name, text in originals.items():
        (docs / name).write_text(text, encoding="utf-8")
    clean = log.wait_for(clean_builds(expected), since=fixed_at, timeout=REBUILD, what="rebuild without the problems")
    assert "Reloading browsers" in clean[-1][-1], "\n".join(clean[-1])
    answer, page = get(url + page_url(service))
    assert answer == 200 and port[1] in page
    for path in (page_url(adr), page_url(diagram_page(diagram))):
        assert get(url + path)[0] == 200, path
