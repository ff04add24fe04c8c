"""`serve --dev`: each page shows the diagnostics of the content it is built from."""

from __future__ import annotations

import http.client
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from conftest import REPO_ROOT, line_of, make_content, running_server
from sourcefirst.domain.diagnostics import Category, Diagnostic, Severity
from sourcefirst.release.publish import build_site
from sourcefirst.serve.devmode import render_panel
from sourcefirst.serve.server import create_app

ARTICLE = "articles/how-semax-works.md"
SEEDED = "Semax improves memory in everyone."


def test_dev_mode_shows_a_pages_own_diagnostics(built_site: Path, tmp_path: Path) -> None:
    original = (REPO_ROOT / "content" / ARTICLE).read_text(encoding="utf-8")
    first = original.split("\n---\n", 1)[1].strip().split(".")[0] + "."
    seeded = original.replace(first, SEEDED, 1)
    content = make_content(tmp_path, {ARTICLE: seeded})
    client = TestClient(create_app(built_site, content))

    page = client.get("/articles/how-semax-works/")
    assert page.status_code == 200
    assert page.headers["x-sourcefirst-diagnostics"] == "1"
    panel = re.search(r"<aside class='dev-diagnostics'.*?</aside>", page.text, re.S)
    assert panel is not None
    assert f"{ARTICLE}:{line_of(seeded, SEEDED)}:" in panel.group(0)
    assert "SF601" in panel.group(0)

    other = client.get("/peptides/selank/")
    assert other.headers["x-sourcefirst-diagnostics"] == "0"
    assert "No diagnostics for this page." in other.text


def test_dev_panel_escapes_diagnostic_text() -> None:
    hostile = Diagnostic(
        "content/<b>.md",
        3,
        1,
        "SF602",
        Category.OVERCLAIM,
        Severity.ERROR,
        "certainty beyond the evidence: '<script>alert(1)</script>'",
        "<img src=x onerror=1>",
    )
    panel = render_panel([hostile])
    assert "<script>" not in panel
    assert "<img" not in panel
    assert "<b>" not in panel
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in panel


def test_without_dev_mode_no_panel_is_shown(client: TestClient) -> None:
    page = client.get("/articles/how-semax-works/")
    assert "dev-diagnostics" not in page.text
    assert "x-sourcefirst-diagnostics" not in page.headers


def _read_event(stream: Any, deadline: float) -> tuple[str, str]:
    """The next server-sent event (name, data) from a raw HTTP response."""
    event, data = "message", ""
    while time.monotonic() < deadline:
        line = stream.readline().decode("utf-8").rstrip("\r\n")
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: "):
            data = line.removeprefix("data: ")
        elif line == "" and data:
            return event, data
    raise AssertionError("no event before the deadline")


def test_serve_dev_rebuilds_on_an_edit_and_tells_open_pages(tmp_path: Path) -> None:
    """A content edit under `serve --dev` is rebuilt and announced on /dev/events; a broken
    edit is announced as refused and the last good page stays up."""
    content = make_content(tmp_path, {})
    out = tmp_path / "out"
    build_site(content, out)
    with running_server("--dev", "--out", out, "--content", content) as (base, port, _pid):
        with urllib.request.urlopen(f"{base}/peptides/semax/", timeout=5) as response:
            page = response.read().decode("utf-8")
        assert re.search(r'<script src="/static/dev-reload\.[0-9a-f]{10}\.js" defer>', page)

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", "/dev/events")
        stream = connection.getresponse()
        assert stream.status == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.readline().startswith(b"retry:")

        profile = content / "peptides" / "semax.yaml"
        original = profile.read_text(encoding="utf-8")
        profile.write_text(original.replace("name: Semax", "name: Semax Live", 1), "utf-8")
        event, _data = _read_event(stream, time.monotonic() + 120)
        assert event == "reload"
        with urllib.request.urlopen(f"{base}/peptides/semax/", timeout=5) as response:
            assert "<h1>Semax Live</h1>" in response.read().decode("utf-8")

        (content / "topics.yaml").write_text("topics: [\n", encoding="utf-8")
        event, data = _read_event(stream, time.monotonic() + 120)
        assert event == "refused"
        assert "error" in data
        with urllib.request.urlopen(f"{base}/peptides/semax/", timeout=5) as response:
            assert "<h1>Semax Live</h1>" in response.read().decode("utf-8")  # last good build
        connection.close()
