"""Stage 3: compile the knowledge base into one SQLite file (the embedded default).

The schema is documented in docs/database.md. The file is written to a temporary path and only
moved into place by the publisher once everything succeeded.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.labels import source_grade
from sourcefirst.search.index import build_search_index

SCHEMA = """
PRAGMA journal_mode = OFF;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE peptides (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, one_letter TEXT, three_letter TEXT,
  summary TEXT NOT NULL, reviewed TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE sources (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, year INTEGER, container TEXT, pmid TEXT, doi TEXT,
  level TEXT NOT NULL, confirmed INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE identifiers (
  source_id TEXT NOT NULL REFERENCES sources(id), kind TEXT NOT NULL, value TEXT NOT NULL,
  verification TEXT NOT NULL, note TEXT, PRIMARY KEY (source_id, kind));
CREATE TABLE topics (id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL,
  summary TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE findings (
  id TEXT PRIMARY KEY, topic TEXT NOT NULL REFERENCES topics(id), kind TEXT NOT NULL,
  statement TEXT NOT NULL, level TEXT NOT NULL, level_rank INTEGER NOT NULL, species TEXT,
  setting TEXT NOT NULL, boundary TEXT, data TEXT NOT NULL);
CREATE TABLE finding_peptides (finding_id TEXT NOT NULL REFERENCES findings(id),
  peptide_id TEXT NOT NULL REFERENCES peptides(id), PRIMARY KEY (finding_id, peptide_id));
CREATE TABLE finding_sources (finding_id TEXT NOT NULL REFERENCES findings(id),
  source_id TEXT NOT NULL REFERENCES sources(id), position INTEGER NOT NULL,
  PRIMARY KEY (finding_id, source_id));
CREATE TABLE articles (slug TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL,
  category TEXT NOT NULL, summary TEXT NOT NULL, reviewed TEXT NOT NULL, body TEXT NOT NULL,
  meta TEXT NOT NULL, file TEXT NOT NULL, body_line INTEGER NOT NULL);
CREATE TABLE proteins (id TEXT PRIMARY KEY, name TEXT NOT NULL, sequence TEXT NOT NULL,
  start INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE categories (id TEXT PRIMARY KEY, title TEXT NOT NULL, summary TEXT NOT NULL,
  position INTEGER NOT NULL);
CREATE TABLE locations (kind TEXT NOT NULL, id TEXT NOT NULL, file TEXT NOT NULL,
  line INTEGER NOT NULL, PRIMARY KEY (kind, id));
CREATE TABLE article_citations (slug TEXT NOT NULL REFERENCES articles(slug),
  source_id TEXT NOT NULL REFERENCES sources(id), position INTEGER NOT NULL,
  PRIMARY KEY (slug, source_id));
CREATE TABLE needs_source (id TEXT PRIMARY KEY, claim TEXT NOT NULL, status TEXT NOT NULL,
  data TEXT NOT NULL);
CREATE TABLE searches (id TEXT PRIMARY KEY, review TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE retractions (as_of TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE authors (position INTEGER PRIMARY KEY, data TEXT NOT NULL, file TEXT NOT NULL,
  line INTEGER NOT NULL);
CREATE INDEX finding_peptides_by_peptide ON finding_peptides(peptide_id);
CREATE INDEX finding_sources_by_source ON finding_sources(source_id);
"""


def compile_database(kb: KnowledgeBase, path: Path, version: str) -> None:
    """Write the knowledge base to a new SQLite file at ``path`` (which must not exist)."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(SCHEMA)
        with conn:
            _write(conn, kb, version)
            build_search_index(conn, kb)
        conn.execute("VACUUM")
    finally:
        conn.close()


def _dump(model: object) -> str:
    return json.dumps(
        model.model_dump(mode="json", by_alias=True),  # type: ignore[attr-defined]
        ensure_ascii=False,
    )


def _write_intake(conn: sqlite3.Connection, kb: KnowledgeBase) -> None:
    """Search files and the retraction-data snapshot (issue 10)."""
    conn.executemany(
        "INSERT INTO searches VALUES (?, ?, ?)",
        [(s.id, s.review, _dump(s)) for s in kb.searches.values()],
    )
    if kb.retractions is not None:
        conn.execute(
            "INSERT INTO retractions VALUES (?, ?)",
            (kb.retractions.as_of.isoformat(), _dump(kb.retractions)),
        )


def _write(conn: sqlite3.Connection, kb: KnowledgeBase, version: str) -> None:
    _write_intake(conn, kb)
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("schema_version", "1"),
            ("sourcefirst_version", version),
            ("site", kb.site.model_dump_json()),
        ],
    )
    conn.executemany(
        "INSERT INTO peptides VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                p.id,
                p.name,
                p.one_letter,
                p.sequence.three_letter if p.sequence else None,
                p.summary,
                p.reviewed.isoformat(),
                _dump(p),
            )
            for p in kb.peptides.values()
        ],
    )
    conn.executemany(
        "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s.id,
                s.title,
                s.year,
                s.container_title,
                s.identifiers.pmid.value if s.identifiers.pmid else None,
                s.identifiers.doi.value if s.identifiers.doi else None,
                source_grade(s).slug,
                int(bool(s.confirmed_ids)),
                _dump(s),
            )
            for s in kb.sources.values()
        ],
    )
    conn.executemany(
        "INSERT INTO identifiers VALUES (?, ?, ?, ?, ?)",
        [
            (s.id, kind, ident.value, ident.verification.value, ident.note)
            for s in kb.sources.values()
            for kind in ("pmid", "doi", "pmcid", "url")
            if (ident := getattr(s.identifiers, kind)) is not None
        ],
    )
    conn.executemany(
        "INSERT INTO topics VALUES (?, ?, ?, ?, ?)",
        [(t.id, t.title, t.kind.value, t.summary, i) for i, t in enumerate(kb.topics.values())],
    )
    rows = []
    for f in kb.findings.values():
        grade = kb.grade(f)
        rows.append(
            (
                f.id,
                f.topic,
                f.kind.value,
                f.statement,
                grade.level.slug,
                int(grade.level),
                ", ".join(grade.species) or None,
                f.model.setting.value,
                f.boundary,
                _dump(f),
            )
        )
    conn.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany(
        "INSERT INTO finding_peptides VALUES (?, ?)",
        [(f.id, p) for f in kb.findings.values() for p in f.peptides],
    )
    conn.executemany(
        "INSERT INTO finding_sources VALUES (?, ?, ?)",
        [(f.id, s, i) for f in kb.findings.values() for i, s in enumerate(f.sources)],
    )
    conn.executemany(
        "INSERT INTO proteins VALUES (?, ?, ?, ?, ?)",
        [(p.id, p.name, p.sequence, p.start, _dump(p)) for p in kb.proteins.values()],
    )
    conn.executemany(
        "INSERT INTO categories VALUES (?, ?, ?, ?)",
        [(c.id, c.title, c.summary, i) for i, c in enumerate(kb.categories.values())],
    )
    conn.executemany(
        "INSERT INTO locations VALUES (?, ?, ?, ?)",
        [
            (kind, record_id, where.file, where.line)
            for (kind, record_id), where in kb.where.items()
        ],
    )
    conn.executemany(
        "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                a.slug,
                a.meta.title,
                a.meta.kind.value,
                a.meta.category,
                a.meta.summary,
                a.meta.reviewed.isoformat(),
                a.body,
                _dump(a.meta),
                a.where.file,
                a.body_line,
            )
            for a in kb.articles.values()
        ],
    )
    conn.executemany(
        "INSERT INTO article_citations VALUES (?, ?, ?)",
        [(a.slug, s, i) for a in kb.articles.values() for i, s in enumerate(a.cited)],
    )
    conn.executemany(
        "INSERT INTO authors VALUES (?, ?, ?, ?)",
        [(i, _dump(a.value), a.where.file, a.where.line) for i, a in enumerate(kb.authors)],
    )
    conn.executemany(
        "INSERT INTO needs_source VALUES (?, ?, ?, ?)",
        [(c.id, c.claim, c.status, _dump(c)) for c in kb.needs_source.values()],
    )


def open_read_only(path: Path) -> sqlite3.Connection:
    """Open a compiled database for serving: read-only, so a request can never write to it."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn
