"""Review dates for pages generated from many records."""

from __future__ import annotations

import datetime as dt

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages.models import ChangeView
from sourcefirst.schema.common import Change


def latest_review(kb: KnowledgeBase) -> dt.date | None:
    """The most recent editorial review anywhere in the knowledge base (computed once)."""
    return kb.latest_review


def change_views(changes: list[Change]) -> list[ChangeView]:
    """A record's change log ("What changed"), newest first."""
    ordered = sorted(changes, key=lambda c: c.date, reverse=True)
    return [ChangeView(date=c.date, note=c.note) for c in ordered]
