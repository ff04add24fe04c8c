"""Retraction status and identifier provenance (seen_at) views, shared by source pages and
the API."""

from __future__ import annotations

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.retractions import retraction_status
from sourcefirst.pages.models import View
from sourcefirst.schema.source import Source


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


class SeenAtView(View):
    kind: str  # PMID, DOI, PMCID, URL
    value: str
    url: str | None
    linked: bool = False
    where: str | None
    date: str | None


def seen_at_views(source: Source) -> list[SeenAtView]:
    """Where each identifier was seen; ``date`` and place are None when nothing is recorded."""
    views = []
    for kind in ("pmid", "doi", "pmcid", "url"):
        ident = getattr(source.identifiers, kind)
        if ident is None:
            continue
        seen = ident.seen_at
        views.append(
            SeenAtView(
                kind=kind.upper(),
                value=ident.value,
                url=seen.url if seen else None,
                # the page is a link only when it confirmed the identifier (mirror or better):
                # an address of a secondary page is shown as text, like every unconfirmed URL
                linked=bool(seen and seen.url and ident.verification.confirmed),
                where=seen.where if seen else None,
                date=seen.date.isoformat() if seen else None,
            )
        )
    return views
