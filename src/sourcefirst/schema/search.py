"""Literature searches and screening for an evidence review (content/searches/<review>.yaml).

The counts follow the PRISMA 2020 flow: records identified per search → duplicates removed →
records screened → records excluded → reports sought → not retrieved → reports assessed →
reports excluded (with reasons) → included.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from sourcefirst.schema.common import Record, Slug, Text


class SearchMethod(StrEnum):
    DATABASE = "database"  # a bibliographic database (PubMed, Embase, …)
    REGISTER = "register"  # a trial register
    CITATIONS = "citations"  # reference lists of other pages or papers (citation searching)
    WEB = "web"  # a search of web pages (stored copies of public pages), not a bibliographic one
    OTHER = "other"


class SearchRun(Record):
    method: SearchMethod
    database: Text  # the database, register or document whose references were read
    query: str | None = None  # exactly as run; None for citation searching
    date_run: dt.date
    records: int = Field(ge=0)  # records identified by this search
    note: str | None = None


class Exclusion(Record):
    reason: Text
    count: int = Field(ge=1)


class Decision(Record):
    record: Text  # "PMID 123", a DOI, a source id or a citation as found
    decision: str = Field(pattern=r"^(included|excluded|duplicate|not retrieved)$")
    reason: str | None = None
    source: Slug | None = None  # the source file, when the record has one


class AddedByHand(Record):
    source: Slug
    reason: Text


class Search(Record):
    id: Slug  # the review slug; the file is content/searches/<id>.yaml
    review: Slug  # the evidence review (article slug) these searches feed
    summary: Text  # one or two sentences on what kind of evidence base this is
    searches: list[SearchRun] = Field(min_length=1)
    duplicates_removed: int = Field(default=0, ge=0)
    other_removed: int = Field(default=0, ge=0)  # removed before screening for other reasons
    screened: int = Field(ge=0)
    excluded_at_screening: int = Field(default=0, ge=0)
    screening_exclusions: list[Exclusion] = Field(default_factory=list)
    not_retrieved: int = Field(default=0, ge=0)
    not_retrieved_reason: str | None = None
    assessed: int = Field(ge=0)
    exclusions: list[Exclusion] = Field(default_factory=list)  # reports excluded, with reasons
    included: list[Slug] = Field(default_factory=list)
    added_by_hand: list[AddedByHand] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)

    @property
    def identified(self) -> int:
        return sum(run.records for run in self.searches)

    @property
    def sought(self) -> int:
        return self.screened - self.excluded_at_screening
