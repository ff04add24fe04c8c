"""Create and fill the search tables inside the compiled database."""

from __future__ import annotations

import sqlite3

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.search.documents import documents, normalise

SEARCH_SCHEMA = """
CREATE TABLE search_docs (
  rowid INTEGER PRIMARY KEY, type TEXT NOT NULL, ref TEXT NOT NULL, title TEXT NOT NULL,
  url TEXT NOT NULL, body TEXT NOT NULL, keys TEXT NOT NULL, peptides TEXT NOT NULL,
  level TEXT NOT NULL, level_label TEXT NOT NULL, topic TEXT NOT NULL);
CREATE INDEX search_docs_type ON search_docs(type);
-- prose: Porter stemming over Unicode words ("approved" finds "approval")
CREATE VIRTUAL TABLE search_fts USING fts5(
  title, body, content='search_docs', content_rowid='rowid',
  tokenize='porter unicode61 remove_diacritics 2');
-- sequences and identifiers: trigram substrings ("PGP", "ACTH(4-10)", a PMID or DOI)
CREATE VIRTUAL TABLE search_tri USING fts5(
  keys, title, content='search_docs', content_rowid='rowid', tokenize='trigram');
"""


def build_search_index(conn: sqlite3.Connection, kb: KnowledgeBase) -> int:
    conn.executescript(SEARCH_SCHEMA)
    rows = [
        (
            d.type,
            d.ref,
            normalise(d.title),
            d.url,
            normalise(d.body),
            normalise(d.keys),
            " ".join(d.peptides),
            d.level,
            d.level_label,
            d.topic,
        )
        for d in documents(kb)
    ]
    conn.executemany(
        "INSERT INTO search_docs "
        "(type, ref, title, url, body, keys, peptides, level, level_label, topic) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO search_tri(search_tri) VALUES ('rebuild')")
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    return len(rows)
