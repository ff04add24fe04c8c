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
# Words readers type that the content spells differently (reviewed by hand; kept small).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "europe": ("european", "ema", "eu"), "eu": ("european", "ema"),
    "nasal": ("intranasal", "intranasally"), "spray": ("intranasal",),
    "usa": ("united states", "fda"), "america": ("united states", "fda"),
    "anxiety": ("anxiolytic",), "benzodiazepine": ("diazepam", "medazepam", "benzodiazepines"),
    "legal": ("approved", "approval", "regulatory"),
}
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
    """A word and its synonyms as an FTS5 OR group, every member quoted."""
    members = [term, *SYNONYMS.get(term, ())]
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
        "bm25(search_fts, 8.0, 1.0) AS rank, "
        "snippet(search_fts, 1, char(2), char(3), '…', 14) AS snip "
        "FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid "
        f"WHERE search_fts MATCH ? {where} ORDER BY rank LIMIT {CANDIDATES}"
    )
    return conn.execute(sql, [match, *params]).fetchall()


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
    longer words, so "sel" finds Selank."""
    filters = filters or SearchFilters()
    query, truncated = clean_query(raw)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    terms = word_terms(query)
    if not terms and not special_terms(query):
        return SearchResults(query=query, total=0, hits=[], truncated=truncated)
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

    if terms:
        groups = [term_group(t) for t in terms]
        if prefix and len(terms[-1]) >= 2:
            groups[-1] = f"({groups[-1]} OR {_quote(terms[-1])}*)"
        # all words first; any word ranked below (always, so totals and facets do not depend
        # on the page requested or on the filters)
        add(_fts(conn, " AND ".join(groups), filters), 1000.0)
        if len(terms) > 1:
            add(_fts(conn, " OR ".join(groups), filters), 0.0)
    for term in special_terms(query):
        add(_trigram(conn, term, filters), 1000.0)
    ranked = sorted(scored.values(), key=lambda item: (-item[0], item[1]["type"], item[1]["ref"]))
    facets = {
        "type": Counter(row["type"] for _, row in ranked),
        "peptide": Counter(p for _, row in ranked for p in row["peptides"].split()),
        "level": Counter(row["level"] for _, row in ranked if row["level"]),
        "topic": Counter(row["topic"] for _, row in ranked if row["topic"]),
    }
    hits = [
        Hit(
            type=row["type"],
            ref=row["ref"],
            title=row["title"],
            url=row["url"],
            snippet=_snippet_html(row["snip"] or ""),
            peptides=tuple(row["peptides"].split()),
            level=row["level"],
            level_label=row["level_label"],
            topic=row["topic"],
            score=round(score, 3),
        )
        for score, row in ranked[offset : offset + limit]
    ]
    return SearchResults(
        query=query,
        total=len(ranked),
        hits=hits,
        facets={k: dict(v.most_common()) for k, v in facets.items()},
        truncated=truncated,
    )
