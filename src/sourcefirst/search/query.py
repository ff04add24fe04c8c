"""Search queries: any input is searched as text, never as FTS5 syntax.

The query is split into words; each word is quoted before it reaches FTS5, so quotes,
parentheses, `AND`/`OR`/`NOT`, `*`, `:` and `^` are inert. Words must all match (AND); when that
finds too little, any word may match (OR), ranked below. Segments with digits or punctuation
(`ACTH(4-10)`, a PMID, a DOI) and short sequences (`PGP`) are also looked up in the trigram
index. Ranking is bm25 (title weighted over body) with a boost for FAQ answers when the query
is a question.
"""

from __future__ import annotations

import html
import re
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from sourcefirst.search.reader_queries import (
    PolicyNotice,
    phrases_in,
    policy_notice,
    policy_words,
    speller,
    synonym_groups,
)

MAX_QUERY_CHARS = 500
MAX_LIMIT = 50
CANDIDATES = 400
# fmt: off
STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "has",
    "have", "how", "i", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "so",
    "than", "that", "the", "their", "there", "these", "this", "to", "was", "what", "when",
    "where", "which", "who", "why", "will", "with", "you", "your", "vs", "versus",
})
# fmt: on
QUESTION_WORDS = (
    "is ",
    "are ",
    "does ",
    "do ",
    "what ",
    "how ",
    "can ",
    "why ",
    "which ",
    "should ",
    "was ",
    "has ",
)
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# identifiers and sequences for the trigram index: PMIDs (5+ digits), DOIs and names with
# brackets or slashes ("ACTH(4-10)", "10.1186/..."), and upper-case sequence codes ("PGP")
SPECIAL_RE = re.compile(r"(?i:\bpmc\d{4,}\b)|\b\d{5,}\b|\S*[()/:]\S*|\S+\.\S*\d\S*|\b[A-Z]{3,}\b")
TYPE_WEIGHT = {
    "faq": 1.15,
    "peptide": 1.2,
    "page": 1.1,
    "guide": 1.0,
    "finding": 1.0,
    "source": 0.8,
}


@dataclass(frozen=True, slots=True)
class SearchFilters:
    type: str | None = None
    peptide: str | None = None
    level: str | None = None
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    type: str
    ref: str
    title: str
    url: str
    snippet: str  # HTML: escaped text with <mark> around matched terms
    peptides: tuple[str, ...]
    level: str
    level_label: str
    topic: str
    score: float


@dataclass(slots=True)
class SearchResults:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    truncated: bool = False
    notice: PolicyNotice | None = None  # the site's policy, for questions it never answers
    corrected: str | None = None  # the query searched instead ("did you mean"), if respelled


def clean_query(raw: str) -> tuple[str, bool]:
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    truncated = len(text) > MAX_QUERY_CHARS
    return " ".join(text[:MAX_QUERY_CHARS].split()), truncated


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def word_terms(query: str) -> list[str]:
    words = [w.lower() for w in WORD_RE.findall(query)]
    kept = [w for w in words if w not in STOPWORDS]
    return kept or words


def term_group(term: str) -> str:
    """A word and its reviewed synonyms (search/synonyms.yaml) as an FTS5 OR group, every member
    quoted (a member with spaces or hyphens is matched as a phrase)."""
    members = list(dict.fromkeys([term, *synonym_groups().get(term, ())]))
    if len(members) == 1:
        return _quote(term)
    return "(" + " OR ".join(_quote(m) for m in members) + ")"


TITLE_WORD_RE = re.compile(r"[^\W_]+")


def title_bonus(terms: list[str], title: str) -> float:
    """Reward documents whose title carries the query's words (prefix match, so plural and
    inflected forms count): a reader typing "what is semax" wants "What is Semax?"."""
    if not terms:
        return 0.0
    words = [w.lower() for w in TITLE_WORD_RE.findall(title)]
    hits = sum(1 for t in terms if any(w.startswith(t[:5]) for w in words))
    exact = len(words) <= len(terms) + 2 and hits == len(terms)
    return 6.0 * hits / len(terms) + (6.0 if exact else 0.0)


def special_terms(query: str) -> list[str]:
    found = {m.group(0).strip(".,;:?!\"'").lower() for m in SPECIAL_RE.finditer(query)}
    return sorted(t for t in found if len(t) >= 3)


def _snippet_html(raw: str) -> str:
    return html.escape(raw).replace("\x02", "<mark>").replace("\x03", "</mark>")


def _filter_sql(filters: SearchFilters) -> tuple[str, list[str]]:
    clauses, params = [], []
    if filters.type:
        clauses.append("d.type = ?")
        params.append(filters.type)
    if filters.peptide:  # whole-word match; no LIKE, so % and _ are plain characters
        clauses.append("instr(' ' || d.peptides || ' ', ' ' || ? || ' ') > 0")
        params.append(filters.peptide)
    if filters.level:
        clauses.append("d.level = ?")
        params.append(filters.level)
    if filters.topic:
        clauses.append("d.topic = ?")
        params.append(filters.topic)
    return ("AND " + " AND ".join(clauses)) if clauses else "", params


def _fts(conn: sqlite3.Connection, match: str, filters: SearchFilters) -> list[sqlite3.Row]:
    where, params = _filter_sql(filters)
    # `where` holds only fixed clauses with ? placeholders; user text travels as parameters
    sql = (
        "SELECT d.rowid AS rowid, d.type, d.ref, d.title, d.url, d.peptides, d.level, "  # noqa: S608
        "d.level_label, d.topic, "
        "bm25(search_fts, 8.0, 1.0) AS rank, NULL AS snip "
        "FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid "
        f"WHERE search_fts MATCH ? {where} ORDER BY rank LIMIT {CANDIDATES}"
    )
    return conn.execute(sql, [match, *params]).fetchall()


def _snippets(conn: sqlite3.Connection, match: str, rowids: list[int]) -> dict[int, str]:
    """Snippets for the rows of one results page only (the costly part of a search)."""
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    # `marks` is only "?" placeholders; user text travels as parameters
    sql = (
        "SELECT rowid, snippet(search_fts, 1, char(2), char(3), '…', 14) "  # noqa: S608
        f"FROM search_fts WHERE search_fts MATCH ? AND rowid IN ({marks})"
    )
    return {row[0]: row[1] for row in conn.execute(sql, [match, *rowids])}


def _matches_anything(conn: sqlite3.Connection, term: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1", [term_group(term)]
    )
    return row.fetchone() is not None


def _trigram(conn: sqlite3.Connection, term: str, filters: SearchFilters) -> list[sqlite3.Row]:
    where, params = _filter_sql(filters)
    # as in _fts: fixed clauses, user text as parameters
    sql = (
        "SELECT d.rowid AS rowid, d.type, d.ref, d.title, d.url, d.peptides, d.level, "  # noqa: S608
        "d.level_label, d.topic, "
        "bm25(search_tri) AS rank, substr(d.body, 1, 160) AS snip "
        "FROM search_tri JOIN search_docs d ON d.rowid = search_tri.rowid "
        f"WHERE search_tri MATCH ? {where} ORDER BY rank LIMIT {CANDIDATES}"
    )
    return conn.execute(sql, [_quote(term), *params]).fetchall()


def search(
    conn: sqlite3.Connection,
    raw: str,
    filters: SearchFilters | None = None,
    limit: int = 10,
    offset: int = 0,
    prefix: bool = False,
) -> SearchResults:
    """Ranked results for ``raw``. With ``prefix`` (type-ahead), the last word also matches
    longer words, so "sel" finds Selank.

    A question the site never answers (doses, reconstitution, buying) carries a policy
    notice, and is searched without its off-policy words; a word that matches nothing is
    respelled from the index's own titles ("selnak" → "selank") and the respelled query is
    searched instead, reported as `corrected`.
    """
    filters = filters or SearchFilters()
    query, truncated = clean_query(raw)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    notice = policy_notice(query)
    dropped = policy_words(query) if notice else set()
    terms = [t for t in word_terms(query) if t not in dropped]
    if notice and not terms:
        return SearchResults(query=query, total=0, hits=[], truncated=truncated, notice=notice)
    corrected = None
    if terms and not prefix:
        respelled = [
            (speller(conn).correct(t) if not _matches_anything(conn, t) else None) or t
            for t in terms
        ]
        if respelled != terms:
            corrected = " ".join(respelled)
            terms = respelled
    for phrase in phrases_in(query):  # "brain-derived neurotrophic factor" → one phrase term
        parts = set(WORD_RE.findall(phrase))
        terms = [t for t in terms if t not in parts] + [phrase]
    result = _ranked(conn, query, terms, filters, limit, offset, prefix)
    result.truncated, result.notice, result.corrected = truncated, notice, corrected
    return result


def _ranked(
    conn: sqlite3.Connection,
    query: str,
    terms: list[str],
    filters: SearchFilters,
    limit: int,
    offset: int,
    prefix: bool,
) -> SearchResults:
    if not terms and not special_terms(query):
        return SearchResults(query=query, total=0, hits=[])
    question = (query.lower() + " ").startswith(QUESTION_WORDS) or query.endswith("?")
    scored: dict[int, tuple[float, sqlite3.Row]] = {}

    def add(rows: list[sqlite3.Row], tier: float) -> None:
        for row in rows:
            weight = TYPE_WEIGHT.get(row["type"], 1.0)
            if question and row["type"] == "faq":
                weight *= 1.4
            score = tier + (-row["rank"]) * weight + title_bonus(terms, row["title"])
            if row["rowid"] not in scored or scored[row["rowid"]][0] < score:
                scored[row["rowid"]] = (score, row)

    any_match = ""
    if terms:
        groups = [term_group(t) for t in terms]
        if prefix and len(terms[-1]) >= 2:
            groups[-1] = f"({groups[-1]} OR {_quote(terms[-1])}*)"
        # all words first; any word ranked below (always, so totals and facets do not depend
        # on the page requested or on the filters)
        add(_fts(conn, " AND ".join(groups), filters), 1000.0)
        any_match = " OR ".join(groups)
        if len(terms) > 1:
            add(_fts(conn, any_match, filters), 0.0)
    for term in special_terms(query):
        add(_trigram(conn, term, filters), 1000.0)
    ranked = sorted(scored.values(), key=lambda item: (-item[0], item[1]["type"], item[1]["ref"]))
    facets = {
        "type": Counter(row["type"] for _, row in ranked),
        "peptide": Counter(p for _, row in ranked for p in row["peptides"].split()),
        "level": Counter(row["level"] for _, row in ranked if row["level"]),
        "topic": Counter(row["topic"] for _, row in ranked if row["topic"]),
    }
    page = ranked[offset : offset + limit]
    snippets = (
        _snippets(conn, any_match, [row["rowid"] for _, row in page if row["snip"] is None])
        if any_match
        else {}
    )
    hits = [
        Hit(
            type=row["type"],
            ref=row["ref"],
            title=row["title"],
            url=row["url"],
            snippet=_snippet_html(snippets.get(row["rowid"]) or row["snip"] or ""),
            peptides=tuple(row["peptides"].split()),
            level=row["level"],
            level_label=row["level_label"],
            topic=row["topic"],
            score=round(score, 3),
        )
        for score, row in page
    ]
    return SearchResults(
        query=query,
        total=len(ranked),
        hits=hits,
        facets={k: dict(v.most_common()) for k, v in facets.items()},
    )
