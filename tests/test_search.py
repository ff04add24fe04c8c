"""Search quality: relevance on a set of reader queries, hostile input, facets and paging.

The relevance set lives in tests/data/search_relevance.yaml. Everything here runs against the
database of one real build (the session ``built_site`` fixture) plus, for escaping, a tiny
in-memory index with markup in its text.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from sourcefirst.release.database import open_read_only
from sourcefirst.search.index import SEARCH_SCHEMA
from sourcefirst.search.query import (
    MAX_LIMIT,
    MAX_QUERY_CHARS,
    SearchFilters,
    SearchResults,
    search,
)

RELEVANCE_FILE = Path(__file__).parent / "data" / "search_relevance.yaml"
TOP_N = 3
PAGE_SIZE = 10  # what the search page shows; the relevance test ranks the same first page
MIN_HIT_RATE = 0.90
MIN_QUERIES = 35
DOC_TYPES = {"peptide", "page", "guide", "faq", "finding", "source"}
API_MAX_Q = 2000  # the max_length of `q` on /api/search and /search/

ENTITY_RE = re.compile(r"&(?:amp|lt|gt|quot|#x27|#39);")
HTML_SNIPPET_RE = re.compile(r'<p class="snippet">(.*?)</p>', re.DOTALL)


# --- fixtures and helpers --------------------------------------------------------------------


@pytest.fixture(scope="module")
def conn(built_site: Path) -> Iterator[sqlite3.Connection]:
    connection = open_read_only(built_site / "current" / "sourcefirst.db")
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def indexed(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(type, ref) -> title of every document in the built search index."""
    return {
        (row["type"], row["ref"]): row["title"]
        for row in conn.execute("SELECT type, ref, title FROM search_docs")
    }


def load_relevance() -> list[dict[str, Any]]:
    data = yaml.safe_load(RELEVANCE_FILE.read_text(encoding="utf-8"))
    return list(data["queries"])


def expected_of(case: dict[str, Any]) -> set[tuple[str, str]]:
    return {(str(e["type"]), str(e["ref"])) for e in case.get("expect", [])}


def assert_safe_snippet(snippet: str, context: str = "") -> None:
    """A snippet is escaped text: the only tags are <mark> and </mark>, every & is an entity."""
    assert snippet.count("<mark>") == snippet.count("</mark>"), (context, snippet)
    text = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in text, (context, snippet)
    assert ">" not in text, (context, snippet)
    assert "&" not in ENTITY_RE.sub("", text), (context, snippet)


def assert_sane_results(results: SearchResults, context: str = "") -> None:
    assert isinstance(results, SearchResults), context
    assert results.total >= len(results.hits), context
    assert len(results.query) <= MAX_QUERY_CHARS, context
    for hit in results.hits:
        assert hit.type in DOC_TYPES, (context, hit)
        assert_safe_snippet(hit.snippet, context)


def assert_error_envelope(response: Any, status: int) -> None:
    assert response.status_code == status, response.text[:300]
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert isinstance(error["code"], str)
    assert error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]


def refs(results: SearchResults) -> list[tuple[str, str]]:
    return [(h.type, h.ref) for h in results.hits]


# --- relevance -------------------------------------------------------------------------------


def test_relevance_set_is_well_formed(indexed: dict[tuple[str, str], str]) -> None:
    cases = load_relevance()
    assert len(cases) >= MIN_QUERIES
    queries = [c["query"] for c in cases]
    assert len(queries) == len(set(queries)), "duplicate queries in the relevance set"
    missing = []
    for case in cases:
        assert isinstance(case["query"], str), case
        assert case["query"].strip(), case
        assert case.get("expect") or case.get("notice"), case
        for doc_type, ref in expected_of(case):
            assert doc_type in DOC_TYPES, (case["query"], doc_type)
            if (doc_type, ref) not in indexed:
                missing.append(f"{case['query']!r}: {doc_type} {ref}")
    assert not missing, "expected results not in the search index:\n" + "\n".join(missing)


def test_top3_hit_rate(conn: sqlite3.Connection) -> None:
    cases = load_relevance()
    misses = []
    for case in cases:
        results = search(conn, case["query"], limit=PAGE_SIZE)
        assert_sane_results(results, case["query"])
        top = refs(results)[:TOP_N]
        notice = results.notice.kind if results.notice else None
        # an off-policy question must get the policy first (and, if listed, what the site holds)
        wrong_notice = notice != case.get("notice")
        if wrong_notice or (expected_of(case) and not expected_of(case) & set(top)):
            got = ", ".join(f"{t} {r}" for t, r in top) or "(nothing)"
            want = ", ".join(f"{t} {r}" for t, r in sorted(expected_of(case)))
            misses.append(
                f"  {case['query']!r}\n      top {TOP_N}: {got}\n      wanted: {want}"
                f"\n      notice: {notice} (wanted {case.get('notice')})"
            )
    rate = (len(cases) - len(misses)) / len(cases)
    assert rate >= MIN_HIT_RATE, (
        f"top-{TOP_N} hit rate {rate:.3f} ({len(cases) - len(misses)}/{len(cases)}) "
        f"is below {MIN_HIT_RATE}; misses:\n" + "\n".join(misses)
    )


# --- hostile input ---------------------------------------------------------------------------

HOSTILE: list[tuple[str, str]] = [
    # FTS5 syntax characters and operators
    ("double-quote", '"'),
    ("single-quote", "'"),
    ("open-paren", "("),
    ("close-paren", ")"),
    ("star", "*"),
    ("colon", ":"),
    ("caret", "^"),
    ("minus", "-"),
    ("plus", "+"),
    ("unbalanced-quote-start", '"semax'),
    ("unbalanced-quote-end", 'semax"'),
    ("unbalanced-single-quote", "selank's"),
    ("triple-quote", '"""'),
    ("unbalanced-parens", "((semax selank"),
    ("near", "NEAR(semax selank)"),
    ("near-distance", "NEAR(semax selank, 2)"),
    ("and-alone", "AND"),
    ("or-alone", "OR"),
    ("not-alone", "NOT"),
    ("trailing-and", "semax AND"),
    ("leading-or", "OR selank"),
    ("not-between", "semax NOT selank"),
    ("column-filter", "title:semax"),
    ("column-set", "{semax}"),
    ("column-set-filter", "{title body}: semax"),
    ("prefix-star", "semax*"),
    ("leading-star", "*semax"),
    ("initial-caret", "^semax"),
    ("negated", "-semax"),
    ("plus-join", "semax + selank"),
    ("operators-mix", '("semax" OR selank*) AND NOT ^gaba:'),
    # SQL-ish strings
    ("sql-drop", "'; DROP TABLE search_docs; --"),
    ("sql-or-true", '" OR 1=1 --'),
    ("sql-quote-or", "1' OR '1'='1"),
    ("sql-delete", "semax'); DELETE FROM search_docs; --"),
    ("like-wildcards", "%_%"),
    ("backslash", "\\"),
    # empty and whitespace
    ("empty", ""),
    ("space", " "),
    ("whitespace", "\t\n  \r\u00a0\u2003"),
    # numbers only
    ("zero", "0"),
    ("digits", "12345"),
    ("decimal", "3.14159"),
    ("negative", "-1"),
    ("exponent", "1e10"),
    ("huge-number", "9" * 40),
    # Unicode
    ("micro", "µM"),
    ("superscript", "³H"),
    ("tritium-gaba", "[3H]GABA"),
    ("cyrillic", "Семакс"),
    ("cyrillic-mixed", "Селанк selank"),
    ("emoji", "🧪💊"),
    ("emoji-word", "semax 🧠"),
    ("hebrew-rtl", "סמקס"),
    ("arabic-rtl", "سيماكس"),
    ("rtl-override", "\u202esemax"),
    ("fullwidth", "ｓｅｍａｘ"),
    ("combining-marks", "se\u0301max"),
    ("stacked-combining", "e\u0301\u0302\u0303\u0304\u0305"),
    ("zero-width", "se\u200bmax\ufeff"),
    ("nul-inside", "semax\x00selank"),
    ("nul-only", "\x00"),
    ("control-chars", "\x01\x02\x03\x1b[31m\x7f"),
    ("snippet-marker-chars", "\x02semax\x03"),
    # markup
    ("script-tag", "<script>alert(1)</script>"),
    ("mark-tag", "<mark>semax</mark>"),
    ("entities", "&amp; &lt; semax &#60;"),
    ("attribute-break", '"><img src=x onerror=alert(1)>'),
    # long, but within every limit
    ("long-words", "semax " * 80),
    ("long-operators", '("*^:' * 100),
]


@pytest.mark.parametrize(
    "query", [pytest.param(q, id=label) for label, q in HOSTILE] + [pytest.param("x", id="plain")]
)
def test_hostile_query_direct(conn: sqlite3.Connection, query: str) -> None:
    results = search(conn, query)
    assert_sane_results(results, repr(query))
    filtered = search(conn, query, SearchFilters(type="faq", peptide="semax"), limit=MAX_LIMIT)
    assert_sane_results(filtered, repr(query))
    assert all(h.type == "faq" for h in filtered.hits)


def test_lone_surrogate_direct(conn: sqlite3.Connection) -> None:
    """Lone surrogates cannot travel in a URL, but search() itself must not choke on them."""
    assert_sane_results(search(conn, "semax \ud800 selank \udfff"))


@pytest.mark.parametrize("query", [pytest.param(q, id=label) for label, q in HOSTILE])
def test_hostile_query_api(client: TestClient, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    assert body["total"] >= len(body["items"])
    for item in body["items"]:
        assert_safe_snippet(item["snippet"], repr(query))


@pytest.mark.parametrize("query", [pytest.param(q, id=label) for label, q in HOSTILE])
def test_hostile_query_html(client: TestClient, query: str) -> None:
    response = client.get("/search/", params={"q": query})
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert page.count("<h1") == 1
    for snippet in HTML_SNIPPET_RE.findall(page):
        assert_safe_snippet(snippet, repr(query))
    if "<" in query:
        assert query.replace("\x00", "") not in page


PERCENT_JUNK = [
    "%ZZ",
    "%",
    "%%%",
    "%25%25",
    "%2",
    "%00",
    "semax%00selank",
    "%C3%28",
    "%FF%FE%FD",
    "%ED%A0%80",  # a UTF-8-encoded surrogate: invalid UTF-8
    "%E2%80%AE%D7%A1",
    "%F0%9F%98%80",
    "%0D%0ASet-Cookie:%20x=1",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "%22%27%28%29%2A%3A%5E",
    "semax&q=selank",
    "+++",
]


@pytest.mark.parametrize("raw", PERCENT_JUNK)
@pytest.mark.parametrize("path", ["/api/search", "/search/"])
def test_percent_encoded_junk(client: TestClient, path: str, raw: str) -> None:
    response = client.get(f"{path}?q={raw}")
    assert response.status_code == 200, response.text[:300]
    assert "set-cookie" not in response.headers
    if path == "/search/":
        assert response.text.count("<h1") == 1
        snippets = HTML_SNIPPET_RE.findall(response.text)
    else:
        snippets = [item["snippet"] for item in response.json()["items"]]
    for snippet in snippets:
        assert_safe_snippet(snippet, raw)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("semax " * 1700, id="words"),
        pytest.param("a" * 10_000, id="one-word"),
        pytest.param("(" * 10_000, id="parens"),
        pytest.param('"' * 10_000, id="quotes"),
        pytest.param(("NEAR(semax selank) AND title:x* OR " * 300)[:10_000], id="operators"),
        pytest.param("1" * 10_000, id="digits"),
        pytest.param("Семакс🧪" * 1500, id="unicode"),
    ],
)
def test_very_long_query_direct(conn: sqlite3.Connection, query: str) -> None:
    assert len(query) >= 10_000
    results = search(conn, query)
    assert_sane_results(results)
    assert results.truncated


def test_long_query_through_the_api_and_page(client: TestClient) -> None:
    query = ("semax stroke " * 200)[:1900]
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200
    body = response.json()
    assert body["truncated"] is True
    assert len(body["query"]) <= MAX_QUERY_CHARS
    page = client.get("/search/", params={"q": query})
    assert page.status_code == 200
    assert page.text.count("<h1") == 1


@pytest.mark.parametrize("length", [API_MAX_Q + 1, 10_000])
def test_over_length_query_is_rejected_by_the_api(client: TestClient, length: int) -> None:
    response = client.get("/api/search", params={"q": "s" * length})
    assert_error_envelope(response, 422)


# --- escaping ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def markup_conn() -> Iterator[sqlite3.Connection]:
    """An in-memory index whose text is full of markup, to prove snippets escape it."""
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    connection.executescript(SEARCH_SCHEMA)
    rows = [
        (
            "page",
            "markup",
            "Markup <b>page</b>",
            "/articles/markup/",
            '<script>alert("semax")</script> <b>semax</b> binds & "quotes" <img src=x '
            "onerror=alert(1)> ACTH(4-10) <i>tail</i>",
            "ACTH(4-10) <svg onload=alert(1)>",
            "semax",
            "",
            "",
            "",
        ),
    ]
    connection.executemany(
        "INSERT INTO search_docs "
        "(type, ref, title, url, body, keys, peptides, level, level_label, topic) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    connection.execute("INSERT INTO search_tri(search_tri) VALUES ('rebuild')")
    yield connection
    connection.close()


@pytest.mark.parametrize("query", ["semax", "script", "img onerror", "ACTH(4-10)", "<b>"])
def test_snippets_escape_markup_in_indexed_text(
    markup_conn: sqlite3.Connection, query: str
) -> None:
    results = search(markup_conn, query)
    assert results.hits, query
    for hit in results.hits:
        assert_safe_snippet(hit.snippet, query)
        assert "&lt;" in hit.snippet, hit.snippet


def test_real_snippet_with_an_ampersand_is_escaped(conn: sqlite3.Connection) -> None:
    """The findings' text says 'Q&A'; its snippet must carry &amp;, never a bare &."""
    results = search(conn, "compounding", SearchFilters(type="finding"))
    snippets = [h.snippet for h in results.hits]
    assert any("&amp;" in s for s in snippets), snippets
    for snippet in snippets:
        assert_safe_snippet(snippet)


# --- facets ------------------------------------------------------------------------------------

FACET_QUERIES = [
    "semax",
    "selank gaba",
    "bdnf rat",
    "what is semax",
    "semax stroke evidence",
    "ACTH(4-10)",
    "16635254",
    "rat",
    "nothing-matches-this-zzqx",
    "",
]


@pytest.mark.parametrize("query", FACET_QUERIES)
def test_type_facet_counts_sum_to_total(conn: sqlite3.Connection, query: str) -> None:
    for limit, offset in [(10, 0), (MAX_LIMIT, 0), (10, 10)]:
        results = search(conn, query, limit=limit, offset=offset)
        assert sum(results.facets.get("type", {}).values()) == results.total, (limit, offset)


@pytest.mark.parametrize("doc_type", sorted(DOC_TYPES))
def test_type_filter_returns_only_that_type(conn: sqlite3.Connection, doc_type: str) -> None:
    results = search(conn, "semax", SearchFilters(type=doc_type), limit=MAX_LIMIT)
    assert results.total > 0
    assert {h.type for h in results.hits} == {doc_type}
    assert results.facets["type"] == {doc_type: results.total}


def test_type_filter_through_the_api(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "selank", "type": "faq", "limit": 50}).json()
    assert body["items"]
    assert {item["type"] for item in body["items"]} == {"faq"}


@pytest.mark.parametrize("query", ["semax", "selank gaba", "bdnf rat", "selank anxiety"])
def test_type_facet_count_matches_the_filtered_search(conn: sqlite3.Connection, query: str) -> None:
    """Following a facet link must show as many results as the facet promised."""
    facets = search(conn, query, limit=PAGE_SIZE).facets["type"]
    for doc_type, count in facets.items():
        filtered = search(conn, query, SearchFilters(type=doc_type), limit=PAGE_SIZE)
        assert filtered.total == count, (doc_type, count, filtered.total)


@pytest.mark.parametrize("peptide", ["semax", "selank"])
@pytest.mark.parametrize("query", ["rat", "bdnf", "enzyme", "fda approved"])
def test_peptide_filter_returns_only_hits_about_that_peptide(
    conn: sqlite3.Connection, peptide: str, query: str
) -> None:
    results = search(conn, query, SearchFilters(peptide=peptide), limit=MAX_LIMIT)
    assert results.total > 0
    for hit in results.hits:
        assert peptide in hit.peptides, hit


@pytest.mark.parametrize("peptide", ["%", "_", "sem%", "s_lank", "sem"])
def test_peptide_filter_is_not_a_pattern(conn: sqlite3.Connection, peptide: str) -> None:
    """The filter names one peptide id; wildcard characters must not widen it."""
    results = search(conn, "semax", SearchFilters(peptide=peptide), limit=MAX_LIMIT)
    for hit in results.hits:
        assert peptide in hit.peptides, (peptide, hit.ref, hit.peptides)


# --- paging ------------------------------------------------------------------------------------

PAGING_QUERIES = ["semax", "selank", "selank gaba", "bdnf rat", "selank anxiety", "rat"]


@pytest.mark.parametrize("query", PAGING_QUERIES)
def test_pages_are_consistent(conn: sqlite3.Connection, query: str) -> None:
    first = search(conn, query, limit=PAGE_SIZE)
    pages = [first]
    while pages[-1].hits and len(pages) * PAGE_SIZE < first.total:
        pages.append(search(conn, query, limit=PAGE_SIZE, offset=len(pages) * PAGE_SIZE))
    assert [p.total for p in pages] == [first.total] * len(pages), "total changes between pages"
    assert all(p.facets == first.facets for p in pages), "facets change between pages"
    seen = [ref for page in pages for ref in refs(page)]
    assert len(seen) == len(set(seen)), "a later page repeats a result"
    assert len(seen) == first.total, "paging through does not reach every result"


@pytest.mark.parametrize("query", PAGING_QUERIES)
def test_a_page_is_a_slice_of_a_longer_page(conn: sqlite3.Connection, query: str) -> None:
    longer = refs(search(conn, query, limit=MAX_LIMIT))
    for offset in (0, PAGE_SIZE, 2 * PAGE_SIZE):
        page = refs(search(conn, query, limit=PAGE_SIZE, offset=offset))
        assert page == longer[offset : offset + PAGE_SIZE], offset


@pytest.mark.parametrize("query", PAGING_QUERIES)
def test_ordering_is_stable(conn: sqlite3.Connection, query: str) -> None:
    def key(results: SearchResults) -> list[tuple[str, str, float]]:
        return [(h.type, h.ref, h.score) for h in results.hits]

    for offset in (0, PAGE_SIZE):
        once = search(conn, query, limit=PAGE_SIZE, offset=offset)
        again = search(conn, query, limit=PAGE_SIZE, offset=offset)
        assert key(once) == key(again)
        assert once.total == again.total


def test_offset_past_the_end(conn: sqlite3.Connection) -> None:
    total = search(conn, "semax").total
    past = search(conn, "semax", limit=PAGE_SIZE, offset=total + 5)
    assert past.hits == []
    assert past.total == total


@pytest.mark.parametrize("query", ["semax", "selank gaba"])
def test_api_next_links_walk_every_result_once(client: TestClient, query: str) -> None:
    body = client.get("/api/search", params={"q": query, "limit": PAGE_SIZE}).json()
    total = body["total"]
    seen = [(i["type"], i["ref"]) for i in body["items"]]
    while body["next"]:
        body = client.get(body["next"]).json()
        assert body["total"] == total, "total changes between pages"
        seen += [(i["type"], i["ref"]) for i in body["items"]]
    assert len(seen) == len(set(seen)), "a later page repeats a result"
    assert len(seen) == total
