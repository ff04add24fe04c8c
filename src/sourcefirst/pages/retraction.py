"""The retraction-status view shared by source pages, reference lists and the API."""

from __future__ import annotations

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.retractions import retraction_status
from sourcefirst.pages.models import View


class RetractionView(View):
    state: str  # retracted | erratum | concern | not-found | not-checked
    label: str  # "retracted (date, notice)", "not in the retraction data as of DATE", …
    date: str | None = None
    notice: str | None = None
    as_of: str | None = None
    origin: str | None = None


def retraction_view(kb: KnowledgeBase, source_id: str) -> RetractionView:
    status = retraction_status(kb, source_id)
    return RetractionView(
        state=status.state,
        label=status.label,
        date=status.date.isoformat() if status.date else None,
        notice=status.notice,
        as_of=status.as_of.isoformat() if status.as_of else None,
        origin=status.origin,
    )
