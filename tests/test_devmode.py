"""`serve --dev`: each page shows the diagnostics of the content it is built from."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from conftest import REPO_ROOT, line_of, make_content
from sourcefirst.domain.diagnostics import Category, Diagnostic, Severity
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
