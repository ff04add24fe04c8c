"""Topics, categories and the editorial needs-source list."""

from __future__ import annotations

from pydantic import Field

from sourcefirst.schema.common import Record, Slug, Text
from sourcefirst.schema.finding import FindingKind


class Topic(Record):
    id: Slug
    title: Text
    kind: FindingKind
    summary: Text


class Category(Record):
    id: Slug
    title: Text
    summary: Text


class NeedsSource(Record):
    id: Slug
    claim: Text
    seen_in: Text
    peptides: list[Slug] = Field(default_factory=list)
    status: Text
    candidates: list[Slug] = Field(default_factory=list)
    notes: str | None = None
