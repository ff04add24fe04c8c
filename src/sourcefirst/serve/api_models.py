"""Typed API resources (they define the OpenAPI schema schemathesis checks responses against)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from sourcefirst.domain.boundaries import derive_boundary
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.labels import source_grade
from sourcefirst.domain.reading import reading_detail
from sourcefirst.pages import urls
from sourcefirst.pages.models import IdentifierView
from sourcefirst.pages.references import citation_text, identifier_views
from sourcefirst.pages.retraction import RetractionView, retraction_view
from sourcefirst.schema.finding import Finding
from sourcefirst.schema.source import Source

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Paged(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None


class PeptideSummary(BaseModel):
    id: str
    name: str
    one_letter: str | None
    three_letter: str | None
    summary: str
    url: str
    findings: int


class PeptideList(Paged):
    items: list[PeptideSummary]


class PeptideDetail(BaseModel):
    peptide: dict[str, Any]
    chemistry: dict[str, Any] | None
    findings: list[str]
    url: str


class FindingRecord(BaseModel):
    id: str
    peptides: list[str]
    topic: str
    kind: str
    statement: str
    quantities: list[str]
    species: str | None
    system: str | None
    setting: str
    level: str
    level_label: str
    boundary: str
    boundary_derived: bool
    sources: list[str]
    url: str
    groups: str = ""  # "1 study from 1 research group (single study)"


class FindingList(Paged):
    items: list[FindingRecord]


class SourceRecord(BaseModel):
    id: str
    title: str
    citation: str
    year: int | None
    level: str
    level_label: str
    confirmed: bool
    identifiers: list[IdentifierView]  # the same view the pages use
    summary: str
    url: str
    csl: dict[str, Any]
    retraction: RetractionView  # the same status the source page shows
    read: str = ""  # what the editor read, and in which language


class SourceList(Paged):
    items: list[SourceRecord]


class FaqRecord(BaseModel):
    question: str
    answer: str
    article: str
    url: str
    peptides: list[str]


class FaqList(Paged):
    items: list[FaqRecord]


class PageRecord(BaseModel):
    url: str
    json_url: str
    title: str
    kind: str


class PageList(Paged):
    items: list[PageRecord]


class SearchHit(BaseModel):
    type: str
    ref: str
    title: str
    url: str
    snippet: str
    peptides: list[str]
    level: str
    level_label: str
    topic: str
    score: float


class SearchNotice(BaseModel):
    kind: str  # dosing | reconstitution | sourcing | administration
    message: str
    href: str


class SearchResponse(Paged):
    query: str
    truncated: bool
    notice: SearchNotice | None = None  # a question the site never answers: the policy, first
    corrected: str | None = None  # the respelled query that was searched ("did you mean")
    items: list[SearchHit]
    facets: dict[str, dict[str, int]]


def finding_record(kb: KnowledgeBase, finding: Finding) -> FindingRecord:
    grade = kb.grade(finding)
    return FindingRecord(
        id=finding.id,
        peptides=finding.peptides,
        topic=finding.topic,
        kind=finding.kind.value,
        statement=finding.statement,
        quantities=[q.display for q in finding.quantities],
        species=finding.model.species,
        system=finding.model.system,
        setting=finding.model.setting.value,
        level=grade.level.slug,
        level_label=grade.badge,
        boundary=finding.boundary or derive_boundary(finding, grade),
        boundary_derived=finding.boundary is None,
        sources=finding.sources,
        url=f"{urls.topic(finding.topic)}#finding-{finding.id}",
        groups=kb.groups(finding.sources).label,
    )


def source_record(source: Source, kb: KnowledgeBase) -> SourceRecord:
    ids = identifier_views(source)
    return SourceRecord(
        id=source.id,
        title=source.title,
        citation=citation_text(source),
        year=source.year,
        level=source_grade(source).slug,
        level_label=source_grade(source).badge,
        confirmed=any(i.confirmed for i in ids),
        identifiers=ids,
        summary=source.summary,
        url=urls.source(source.id),
        read=reading_detail(source),
        csl=source.model_dump(mode="json", by_alias=True, exclude_none=True),
        retraction=retraction_view(kb, source.id),
    )
