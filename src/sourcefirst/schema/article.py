"""Article front matter."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from sourcefirst.schema.common import Record, Slug, Text


class ArticleKind(StrEnum):
    MECHANISM = "mechanism"
    REVIEW = "review"
    FAQ = "faq"
    GUIDE = "guide"
    POLICY = "policy"
    COMPARISON = "comparison"


class NextStep(Record):
    title: Text
    href: Text


class ArticleMeta(Record):
    title: Text
    kind: ArticleKind
    category: Slug
    eyebrow: str | None = None
    peptides: list[Slug] = Field(default_factory=list)
    summary: Text
    reviewed: dt.date
    next_steps: list[NextStep] = Field(default_factory=list)
