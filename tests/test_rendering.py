"""Rendered pages and the compiled database show what the knowledge base holds, safely."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from conftest import make_content
from html_tree import Element, parse_html
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.prose.markdown import Directive
from sourcefirst.release.filters import long_date
from sourcefirst.release.publish import build_site
from sourcefirst.schema.directives import SnapshotParams
from sourcefirst.schema.finding import FindingKind

MECHANISM_SLUG = "how-semax-works"
MECHANISM_PAGE = f"/articles/{MECHANISM_SLUG}/"


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def mechanism_html(client: TestClient) -> Element:
    response = client.get(MECHANISM_PAGE)
    assert response.status_code == 200
    return parse_html(response.text)


def snapshot_params(kb: KnowledgeBase, slug: str) -> SnapshotParams:
    blocks = [
        chunk.params
        for chunk in kb.articles[slug].parsed.chunks
        if isinstance(chunk, Directive) and isinstance(chunk.params, SnapshotParams)
    ]
    assert len(blocks) == 1, "the mechanism page embeds one snapshot"
    return blocks[0]


def test_mechanism_snapshot_table(mechanism_html: Element, kb: KnowledgeBase) -> None:
    params = snapshot_params(kb, MECHANISM_SLUG)
    mechanistic = {FindingKind.MECHANISM, FindingKind.PHARMACOKINETICS}
    findings = [
        f for f in kb.findings.values() if params.peptide in f.peptides and f.kind in mechanistic
    ]
    topic_order = params.topics or list(kb.topics)
    expected_topics = [t for t in topic_order if any(f.topic == t for f in findings)]
    assert expected_topics, "the KB should hold mechanism findings for the snapshot"

    figure = mechanism_html.find("figure", class_="snapshot")
    assert figure is not None
    header = [squash(th.text) for th in figure.one("thead").find_all("th")]
    assert header == ["Proposed mechanism", "Evidence picture", "Boundary"]

    # one row per finding; the mechanism cell spans its topic's rows, and each finding's
    # boundary sits in the same row as its statement
    rows = figure.one("tbody").find_all("tr")
    headings = [squash(th.text) for row in rows for th in row.find_all("th")]
    assert headings == [kb.topics[t].title for t in expected_topics]
    pairs = [tuple(squash(td.text) for td in row.find_all("td")) for row in rows]
    assert len(pairs) == len(findings)
    for finding in findings:
        row = next(p for p in pairs if squash(finding.statement) in p[0])
        if finding.boundary:
            assert squash(finding.boundary) in row[1], finding.id


def test_json_twin_matches_the_html(
    client: TestClient, mechanism_html: Element, kb: KnowledgeBase
) -> None:
    response = client.get(MECHANISM_PAGE.rstrip("/") + ".json")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    h1 = mechanism_html.find("h1")
    assert h1 is not None
    assert data["title"] == squash(h1.text) == kb.articles[MECHANISM_SLUG].meta.title
    html_numbers = [
        int(li.attrs["id"].removeprefix("ref-"))
        for li in mechanism_html.one("section", class_="references").find_all("li")
        if li.attrs.get("id", "").startswith("ref-")
    ]
    assert [ref["number"] for ref in data["references"]] == html_numbers
    assert html_numbers


HOSTILE_BODY = """\
An article body with hostile input.

<script>alert(1)</script>

<img src=x onerror="alert(2)">

A [javascript link](javascript:alert(3)), a [shouting one](JAVASCRIPT:alert(4)),
a [data link](data:text/html,<b>x</b>) and an ![image](javascript:alert(5)).

<a href="javascript:alert(6)">raw anchor</a>
"""


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> tuple[str, str]:
    category = sorted(kb.categories)[0]
    text = (
        "---\n"
        "title: Hostile <script>alert(0)</script> title\n"
        "kind: guide\n"
        f"category: {category}\n"
        'summary: A summary with "quotes" and <b>tags</b>.\n'
        "reviewed: 2026-01-01\n"
        "---\n" + HOSTILE_BODY
    )
    tmp = tmp_path_factory.mktemp("hostile")
    root = make_content(tmp, {"articles/zz-hostile.md": text})
    result = build_site(root, tmp / "out")
    site = result.release / "site"
    return (
        (site / "articles" / "zz-hostile" / "index.html").read_text(encoding="utf-8"),
        (site / "articles" / "zz-hostile.json").read_text(encoding="utf-8"),
    )


def test_raw_html_in_content_is_shown_as_text(hostile_page: tuple[str, str]) -> None:
    page = parse_html(hostile_page[0])
    scripts = page.find_all("script")
    # the only scripts are JSON-LD data blocks, whose text has no raw markup that could end them,
    # and the site's own packaged files, loaded by address with no inline body
    data = [s for s in scripts if s.attrs.get("type") == "application/ld+json"]
    packaged = [s for s in scripts if s not in data]
    assert data
    for script in packaged:
        assert str(script.attrs.get("src", "")).startswith("/static/"), script.attrs
        assert not script.text.strip()
    ld_text = hostile_page[0].split('type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in ld_text
    assert "\\u003cscript\\u003e" in ld_text  # the hostile title, escaped by tojson
    assert page.find_all("img") == []
    text = squash(page.text)
    assert "<script>alert(1)</script>" in text
    assert "Hostile <script>alert(0)</script> title" in text
    handlers = [(el.tag, name) for el in page.iter() for name in el.attrs if name.startswith("on")]
    assert handlers == []


def test_no_dangerous_link_schemes(hostile_page: tuple[str, str]) -> None:
    page = parse_html(hostile_page[0])
    urls = [
        value
        for el in page.iter()
        for name, value in el.attrs.items()
        if name in ("href", "src", "action", "formaction")
    ]
    assert urls
    bad = [u for u in urls if re.match(r"\s*(javascript|data|vbscript):", u, re.IGNORECASE)]
    assert bad == []


def test_peptide_profiles_show_sequence_and_regulatory_table(
    client: TestClient, kb: KnowledgeBase
) -> None:
    assert kb.peptides
    for peptide in kb.peptides.values():
        response = client.get(f"/peptides/{peptide.id}/")
        assert response.status_code == 200
        page = parse_html(response.text)
        codes = {squash(code.text) for code in page.find_all("code")}
        if peptide.sequence is not None:
            if peptide.sequence.one_letter is not None:
                assert peptide.sequence.one_letter in codes
            assert peptide.sequence.three_letter in codes

        table = page.find("table", class_="regulatory")
        if not peptide.regulatory:  # no status recorded: the page says so instead of a table
            assert table is None, peptide.id
            assert "No regulatory status is recorded" in response.text, peptide.id
            continue
        assert table is not None, peptide.id
        rows = table.one("tbody").find_all("tr")
        assert len(rows) == len(peptide.regulatory)
        for status, row in zip(peptide.regulatory, rows, strict=True):
            assert squash(row.one("th").text) == status.jurisdiction_name
            row_text = squash(row.text)
            assert status.status_label in row_text
            if status.as_of is not None:
                assert long_date(status.as_of) in row_text
            else:
                assert "no source seen" in row_text
            if status.reason:
                assert squash(status.reason) in row_text
            weak = not status.sources or status.confidence in ("secondary", "unconfirmed")
            assert ("unconfirmed" in row_text) == weak, row_text


def test_database_holds_every_record(release: Path, kb: KnowledgeBase) -> None:
    database = release / "sourcefirst.db"
    assert database.is_file()
    conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:

        def ids(table: str, column: str = "id") -> list[str]:
            return sorted(row[0] for row in conn.execute(f"SELECT {column} FROM {table}"))  # noqa: S608

        assert ids("findings") == sorted(kb.findings)
        assert ids("sources") == sorted(kb.sources)
        assert ids("peptides") == sorted(kb.peptides)
        assert ids("topics") == sorted(kb.topics)
        assert ids("articles", "slug") == sorted(kb.articles)
        links = sorted(conn.execute("SELECT finding_id, source_id FROM finding_sources"))
        assert links == sorted((f.id, s) for f in kb.findings.values() for s in f.sources)
        statement = conn.execute(
            "SELECT statement FROM findings WHERE id = ?", (next(iter(kb.findings)),)
        ).fetchone()[0]
        assert statement == next(iter(kb.findings.values())).statement
    finally:
        conn.close()
