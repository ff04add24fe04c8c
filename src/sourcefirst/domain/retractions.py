"""A source's retraction status: the one function every view uses for the label.

A source is "retracted (date, notice)" (or corrected, or under an expression of concern) when
its own record carries a notice or the retraction-data snapshot matched it; "not in the
retraction data as of DATE" when the snapshot looked it up and found nothing; otherwise "not
checked". Never plain "clean": absence from a data set is only ever as of a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.schema.retraction import NoticeStatus

State = Literal["retracted", "erratum", "concern", "not-found", "not-checked"]
_WORDS = {
    NoticeStatus.RETRACTED: "retracted",
    NoticeStatus.ERRATUM: "correction published",
    NoticeStatus.CONCERN: "expression of concern",
}
_STATE: dict[NoticeStatus, State] = {
    NoticeStatus.RETRACTED: "retracted",
    NoticeStatus.ERRATUM: "erratum",
    NoticeStatus.CONCERN: "concern",
}
_SEVERITY = {NoticeStatus.RETRACTED: 0, NoticeStatus.CONCERN: 1, NoticeStatus.ERRATUM: 2}


@dataclass(frozen=True, slots=True)
class RetractionStatus:
    state: State
    label: str
    date: dt.date | None = None
    notice: str | None = None
    as_of: dt.date | None = None
    origin: str | None = None

    @property
    def retracted(self) -> bool:
        return self.state == "retracted"


def _noticed(status: NoticeStatus, date: dt.date | None, notice: str) -> str:
    when = date.isoformat() if date else "date not recorded"
    return f"{_WORDS[status]} ({when}, {notice})"


def retraction_status(kb: KnowledgeBase, source_id: str) -> RetractionStatus:
    source = kb.sources[source_id]
    found: list[tuple[NoticeStatus, dt.date | None, str, dt.date | None, str]] = []
    if source.retraction is not None:
        n = source.retraction
        found.append((n.status, n.date, n.notice, n.as_of, n.origin))
    snapshot = kb.retractions
    if snapshot is not None:
        for match in snapshot.matches:
            if match.source == source_id:
                found.append(
                    (match.status, match.date, match.notice, snapshot.as_of, snapshot.dataset)
                )
    if found:
        status, date, notice, as_of, origin = min(found, key=lambda f: _SEVERITY[f[0]])
        return RetractionStatus(
            state=_STATE[status],
            label=_noticed(status, date, notice),
            date=date,
            notice=notice,
            as_of=as_of,
            origin=origin,
        )
    if snapshot is not None and source_id in snapshot.checked:
        return RetractionStatus(
            state="not-found",
            label=f"not in the retraction data as of {snapshot.as_of.isoformat()}",
            as_of=snapshot.as_of,
            origin=snapshot.dataset,
        )
    return RetractionStatus(state="not-checked", label="not checked")
