"""Retraction, correction and concern notices, and the offline snapshot of retraction data."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from sourcefirst.schema.common import Record, Slug, Text


class NoticeStatus(StrEnum):
    RETRACTED = "retracted"
    ERRATUM = "erratum"
    CONCERN = "concern"


class Notice(Record):
    """A notice about a source: its status, the notice itself, and when we last looked."""

    status: NoticeStatus
    notice: Text  # what the notice is, e.g. "Retraction in: J Neurochem. 2020;1:2"
    date: dt.date | None = None  # date of the notice, when known
    as_of: dt.date  # the date the notice (or its absence) was checked
    origin: Text  # where the notice was seen: "PubMed", "Retraction Watch data", …
    doi: str | None = None  # the notice's own identifiers, when known
    pmid: str | None = None


class RetractionMatch(Record):
    source: Slug
    status: NoticeStatus
    date: dt.date | None = None
    notice: Text
    reason: str | None = None
    doi: str | None = None
    pmid: str | None = None


class RetractionSnapshot(Record):
    """content/retractions.yaml: one import of the public retraction data, kept in git."""

    as_of: dt.date
    dataset: Text
    rows: int = Field(ge=0)
    checked: list[Slug] = Field(default_factory=list)  # sources looked up (had a DOI or PMID)
    matches: list[RetractionMatch] = Field(default_factory=list)


class RetractionAck(Record):
    """A finding's statement that one of its sources is retracted, and what that means for it."""

    source: Slug
    meaning: Text
