"""Review dates for pages generated from many records."""

from __future__ import annotations

import datetime as dt

from sourcefirst.domain.kb import KnowledgeBase


def latest_review(kb: KnowledgeBase) -> dt.date | None:
    """The most recent editorial review anywhere in the knowledge base (computed once)."""
    return kb.latest_review
