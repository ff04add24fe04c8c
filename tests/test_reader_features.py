"""What a new reader meets: the evidence key, forgiving search, tidy addresses and text.

Each test goes through the real app (TestClient over the built bundled content) or the real
search on the compiled database.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.labels import EVIDENCE_KEY, badge_parts
from sourcefirst.release.database import open_read_only
from sourcefirst.release.filters import formula, long_date
from sourcefirst.search.query import search
from sourcefirst.search.reader_queries import policy_notice, synonym_groups


@pytest.fixture(scope="module")
def conn(release: Path) -> Iterator[sqlite3.Connection]:
    connection = open_read_only(release / "sourcefirst.db")
    yield connection
    connection.close()


# --- the evidence key ---------------------------------------------------------------------------
def test_every_badge_links_to_its_entry_on_the_evidence_scale(client: TestClient) -> None:
    scale = client.get("/evidence-scale/").text
    anchors = set(re.findall(r'id="level-([a-z-]+)"', scale))
    assert set(EVIDENCE_KEY) <= anchors
    for url in ("/peptides/semax/", "/explorer/", "/compare/selank-vs-semax/"):
        html = client.get(url).text
        badges = re.findall(
            r'<a class="badge level-([a-z-]+)" href="([^"]+)"( aria-label="[^"]+")?', html
        )
        assert badges, url
        for level, href, label in badges:
            assert href == f"/evidence-scale/#level-{level}", (url, level, href)
            assert not label or label.startswith(' aria-label="Evidence level: '), (url, label)
            assert level in anchors, (url, level)
        assert "What the evidence badges mean" in html, f"{url} has no legend"


@pytest.mark.parametrize(
    ("slug", "label", "short", "detail"),
    [
        ("animal", "Animal (rat; design from title)", "Animal", "rat; design from title"),
        ("animal", "Animal", "Animal", None),
        (
            "human-uncontrolled",
            "Human clinical, control not recorded",
            "Human, uncontrolled",
            "control not recorded",
        ),
        ("human-uncontrolled", "Human clinical, uncontrolled", "Human, uncontrolled", None),
        (
            "human-randomised",
            "Human clinical, randomised (results not recorded)",
            "Human, randomised",
            "results not recorded",
        ),
    ],
)
def test_badge_text_is_short_with_the_full_detail_beside_it(
    slug: str, label: str, short: str, detail: str | None
) -> None:
    assert badge_parts(slug, label) == (short, detail)


def test_profile_shows_each_finding_once_and_leads_with_status_and_evidence(
    client: TestClient, kb: KnowledgeBase
) -> None:
    html = client.get("/peptides/semax/").text
    for finding in kb.findings_by_peptide["semax"]:
        assert html.count(f'id="finding-{finding.id}"') <= 1, finding.id
    order = [
        html.index(marker)
        for marker in ('id="regulatory-heading"', 'id="evidence-heading"', 'id="identity-heading"')
    ]
    assert order == sorted(order), "status and evidence come before the chemistry"
    assert 'aria-label="On this page"' in html


# --- search that forgives ---------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "meant"), [("semx", "semax"), ("selnak", "selank")])
def test_a_misspelled_peptide_is_found_and_the_correction_shown(
    conn: sqlite3.Connection, client: TestClient, typed: str, meant: str
) -> None:
    results = search(conn, typed)
    assert results.corrected == meant
    assert results.hits[0].url == f"/peptides/{meant}/"
    page = client.get("/search/", params={"q": typed}).text
    assert f"Showing results for <strong>{meant}</strong>" in page


def test_a_word_the_site_holds_is_never_respelled(conn: sqlite3.Connection) -> None:
    assert search(conn, "semax").corrected is None


def test_synonyms_come_from_the_reviewed_file_and_are_symmetric() -> None:
    groups = synonym_groups()
    assert "brain-derived neurotrophic factor" in groups["bdnf"]
    assert "bdnf" in groups["brain-derived neurotrophic factor"]
    assert "enkephalin-degrading" in groups["enkephalinase"]


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("dosage", "dosing"),
        ("how much semax should i take", "dosing"),
        ("where to buy selank", "sourcing"),
        ("reconstitute", "reconstitution"),
        ("semax bdnf rat", None),
    ],
)
def test_questions_the_site_never_answers_get_the_policy_first(
    client: TestClient, query: str, kind: str | None
) -> None:
    notice = policy_notice(query)
    assert (notice.kind if notice else None) == kind
    page = client.get("/search/", params={"q": query}).text
    data = client.get("/api/search", params={"q": query}).json()
    if kind is None:
        assert "What SourceFirst does not answer" not in page
        assert data["notice"] is None
        return
    assert page.index("What SourceFirst does not answer") < page.find('class="search-layout"')
    assert data["notice"]["kind"] == kind
    assert data["notice"]["href"] == "/articles/editorial-policy/"
    for hit in data["items"]:  # no result is an answer to the off-policy part
        assert "mg" not in hit["snippet"].split()


# --- addresses --------------------------------------------------------------------------------
def test_addresses_forgive_case_and_the_api_slash(client: TestClient) -> None:
    response = client.get("/Peptides/Semax/", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "/peptides/semax/"
    api = client.get("/api", follow_redirects=False)
    assert api.status_code == 308
    assert api.headers["location"] == "/api/"
    twin = client.get("/api.json")
    assert twin.status_code == 200
    assert twin.json()["url"] == "/api/"


@pytest.mark.parametrize(
    "path", ["/peptides/", "/articles/", "/sources/", "/topics/", "/categories/", "/tools/"]
)
def test_every_section_has_an_index_page(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.text.count("<h1") == 1


def test_every_page_has_a_search_box_in_its_header(client: TestClient) -> None:
    for path in ("/", "/peptides/semax/", "/no-such-page/"):
        html = client.get(path).text
        assert 'role="search"' in html, path


# --- text --------------------------------------------------------------------------------------
def test_formulas_get_subscripts_and_stay_escaped() -> None:
    assert (
        str(formula("C37H51N9O10S")) == "C<sub>37</sub>H<sub>51</sub>N<sub>9</sub>O<sub>10</sub>S"
    )
    assert str(formula("13C6H12O6")).startswith("<sup>13</sup>C<sub>6</sub>")
    assert str(formula("<script>")) == "&lt;script&gt;"


def test_dates_read_one_way(client: TestClient) -> None:
    import datetime as dt

    assert long_date(dt.date(2026, 11, 1)) == "1 November 2026"
    source = client.get("/sources/kost-2001-bioorgkhim/").text
    assert "article-journal" not in source.split("<main", 1)[1]
    assert ">Russian<" in source


# --- serving: hashed assets, long caches, precompressed text -----------------------------------
def test_pages_link_hashed_assets_that_are_cached_for_a_year(client: TestClient) -> None:
    html = client.get("/").text
    css = re.search(r'<link rel="stylesheet" href="(/static/style\.[0-9a-f]{10}\.css)">', html)
    assert css, "the stylesheet is linked by its content-hashed name"
    response = client.get(css.group(1))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/static/style.css").headers["cache-control"] == "public, max-age=3600"


def test_text_is_sent_precompressed_to_clients_that_accept_gzip(
    client: TestClient, release: Path
) -> None:
    assert (release / "site" / "peptides" / "semax" / "index.html.gz").is_file()
    zipped = client.get("/peptides/semax/", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert "<h1>Semax</h1>" in zipped.text  # the client decodes it: the same page
    plain = client.get("/peptides/semax/", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.text == zipped.text


def test_brotli_twins_are_preferred_when_accepted_and_q0_refuses(
    client: TestClient, release: Path
) -> None:
    import brotli

    page = release / "site" / "peptides" / "semax" / "index.html"
    twin = page.with_name("index.html.br")
    assert brotli.decompress(twin.read_bytes()) == page.read_bytes()  # the same bytes, smaller
    assert twin.stat().st_size < page.with_name("index.html.gz").stat().st_size
    both = client.get("/peptides/semax/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert both.headers["content-encoding"] == "br"
    assert both.text == page.read_text(encoding="utf-8")  # httpx decodes brotli
    refused = client.get("/peptides/semax/", headers={"Accept-Encoding": "br;q=0, gzip"})
    assert refused.headers["content-encoding"] == "gzip"
    nothing = client.get("/peptides/semax/", headers={"Accept-Encoding": "*;q=0"})
    assert "content-encoding" not in nothing.headers
    star = client.get("/peptides/semax.json", headers={"Accept-Encoding": "*"})
    assert star.headers["content-encoding"] == "br"
    assert star.json()["url"] == "/peptides/semax/"
