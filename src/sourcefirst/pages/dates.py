"""Review dates for pages generated from many records."""

from __future__ import annotations

import datetime as dt

from sourcefirst.kb import KnowledgeBase


def latest_review(kb: KnowledgeBase) -> dt.date | None:
    """The most recent editorial review anywhere in the knowledge base."""
    dates = [p.reviewed for p in kb.peptides.values()]
    dates += [a.meta.reviewed for a in kb.articles.values()]
    return max(dates, default=None)
