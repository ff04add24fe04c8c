"""Article front matter."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from sourcefirst.schema.common import Change, Record, Slug, Text


class ArticleKind(StrEnum):
    MECHANISM = "mechanism"
    REVIEW = "review"
    FAQ = "faq"
    GUIDE = "guide"
    POLICY = "policy"
    COMPARISON = "comparison"


class NextStep(Record):
    title: Text
    href: Annotated[str, StringConstraints(pattern=r"^(/([^/\s][^\s]*)?|https://[^\s]+)$")] = Field(
        description="a site path (/articles/...) or an https:// address"
    )


class ArticleMeta(Record):
    title: Text
    kind: ArticleKind
    category: Slug
    eyebrow: str | None = None
    peptides: list[Slug] = Field(default_factory=list)
    summary: Text
    reviewed: dt.date
    changes: list[Change] = Field(default_factory=list)  # "What changed", newest first
    next_steps: list[NextStep] = Field(default_factory=list)
