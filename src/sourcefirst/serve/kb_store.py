"""Rebuild the knowledge base from a compiled database (what the server does at start-up).

One query per table, no per-record queries. The records go through the same builder as content
files, so the server's knowledge base is exactly the one the build rendered.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from sourcefirst.domain.diagnostics import ContentError, Location, has_errors
from sourcefirst.domain.kb import KnowledgeBase, build_knowledge_base
from sourcefirst.load.reader import ArticleFile, RawContent
from sourcefirst.load.records import Located
from sourcefirst.release.database import open_read_only
from sourcefirst.schema import (
    ArticleMeta,
    Category,
    Finding,
    NeedsSource,
    Peptide,
    Protein,
    Source,
    Topic,
)
from sourcefirst.schema.author import Author
from sourcefirst.schema.retraction import RetractionSnapshot
from sourcefirst.schema.search import Search
from sourcefirst.schema.site import SiteConfig

M = TypeVar("M", bound=BaseModel)


def _located(
    conn: sqlite3.Connection,
    locations: dict[tuple[str, str], Location],
    kind: str,
    model: type[M],
    query: str,
) -> list[Located[M]]:
    return [
        Located(
            model.model_validate(json.loads(row[1])), locations.get((kind, row[0]), Location("db"))
        )
        for row in conn.execute(query)
    ]


def load_from_database(path: Path) -> KnowledgeBase:
    """The knowledge base stored in the compiled database at ``path`` (opened read-only)."""
    conn = open_read_only(path)
    try:
        locations = {
            (row[0], row[1]): Location(row[2], row[3])
            for row in conn.execute("SELECT kind, id, file, line FROM locations")
        }
        raw = RawContent(root=path.parent)
        raw.peptides = _located(
            conn, locations, "peptide", Peptide, "SELECT id, data FROM peptides"
        )
        raw.proteins = _located(
            conn, locations, "protein", Protein, "SELECT id, data FROM proteins"
        )
        raw.sources = _located(conn, locations, "source", Source, "SELECT id, data FROM sources")
        raw.findings = _located(
            conn, locations, "finding", Finding, "SELECT id, data FROM findings"
        )
        raw.needs_source = _located(
            conn, locations, "needs-source", NeedsSource, "SELECT id, data FROM needs_source"
        )
        raw.topics = [
            Located(
                Topic(id=r[0], title=r[1], kind=r[2], summary=r[3]),
                locations.get(("topic", r[0]), Location("db")),
            )
            for r in conn.execute("SELECT id, title, kind, summary FROM topics ORDER BY position")
        ]
        raw.categories = [
            Located(
                Category(id=r[0], title=r[1], summary=r[2]),
                locations.get(("category", r[0]), Location("db")),
            )
            for r in conn.execute("SELECT id, title, summary FROM categories ORDER BY position")
        ]
        raw.searches = _located(conn, locations, "search", Search, "SELECT id, data FROM searches")
        raw.retractions = [
            Located(RetractionSnapshot.model_validate(json.loads(r[0])), Location("db"))
            for r in conn.execute("SELECT data FROM retractions")
        ]
        raw.authors = [
            Located(Author.model_validate(json.loads(r[0])), Location(r[1], r[2]))
            for r in conn.execute("SELECT data, file, line FROM authors ORDER BY position")
        ]
        site = conn.execute("SELECT value FROM meta WHERE key = 'site'").fetchone()
        if site is not None:
            raw.site = [Located(SiteConfig.model_validate_json(site[0]), Location("db"))]
        raw.articles = [
            ArticleFile(r[0], ArticleMeta.model_validate(json.loads(r[1])), r[2], r[4], r[3])
            for r in conn.execute("SELECT slug, meta, body, file, body_line FROM articles")
        ]
    finally:
        conn.close()
    kb, diagnostics = build_knowledge_base(raw)
    if has_errors(diagnostics):  # only possible if the database was edited by hand
        raise ContentError(diagnostics)
    return kb
