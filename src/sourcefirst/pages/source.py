"""Source pages: the bibliographic card, verification, and everything that cites the source."""

from __future__ import annotations

from pydantic import Field

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.labels import source_grade
from sourcefirst.domain.reading import reading_detail
from sourcefirst.pages import urls
from sourcefirst.pages.dates import latest_review
from sourcefirst.pages.findings import finding_view
from sourcefirst.pages.models import FindingView, IdentifierView, Link, Page, Pager, View, pager
from sourcefirst.pages.references import (
    citation_text,
    identifier_views,
    new_registry,
    reference_list,
)
from sourcefirst.pages.retraction import (
    RetractionView,
    SeenAtView,
    retraction_view,
    seen_at_views,
)
from sourcefirst.prose.markdown import render_inline
from sourcefirst.schema.appraisal import RISK_ITEMS, SafetyStatus
from sourcefirst.schema.finding import Finding
from sourcefirst.schema.source import Source


class StudyView(View):
    design: str
    species: str | None
    system: str | None
    population: str | None
    condition: str | None
    control: str | None
    randomised: str
    n: int | None
    peer_reviewed: bool


class RiskItemView(View):
    item: str
    question: str
    answer: str  # yes | no | unclear | not reported | not recorded


def risk_items(source: Source) -> list[RiskItemView]:
    recorded = source.risk_of_bias.items() if source.risk_of_bias else {}
    return [
        RiskItemView(item=key, question=question, answer=recorded.get(key) or "not recorded")
        for key, question in RISK_ITEMS.items()
    ]


def safety_text(source: Source) -> str | None:
    if not source.study.in_people:
        return None
    if source.safety is None:
        return SafetyStatus.NOT_RECORDED.label
    detail = f": {source.safety.detail}" if source.safety.detail else ""
    return source.safety.status.label + detail


class SourcePage(Page):
    pager: Pager = Pager()
    source_id: str
    source_title: str
    authors: list[str]
    et_al: bool
    citation: str
    container: str | None
    year: int | None
    language: str
    translation: str | None
    source_type: str
    identifiers: list[IdentifierView]
    confirmed: bool
    unverified_fields: list[str]
    level: str
    level_label: str
    study: StudyView
    summary: str
    notes: str | None
    notes_html: str | None  # notes with `[@id]` citations as numbered links (sanitised)
    findings: list[FindingView]
    cited_by: list[Link]
    retraction: RetractionView
    seen_at: list[SeenAtView]
    read: str = ""  # what the editor read, and in which language
    read_note: str | None = None
    risk_of_bias: list[RiskItemView] = Field(
        default_factory=list
    )  # every item, "not recorded" where absent
    safety: str | None = None  # what a human study reported on adverse events


def study_view(source: Source) -> StudyView:
    study = source.study
    randomised = {True: "yes", False: "no", None: "not recorded"}[study.randomised]
    return StudyView(
        design=study.design.value.replace("_", " "),
        species=study.species,
        system=study.system,
        population=study.population.replace("_", " ") if study.population else None,
        condition=study.condition,
        control=study.control,
        randomised=randomised,
        n=study.n,
        peer_reviewed=study.peer_reviewed,
    )


SOURCE_FINDINGS_PER_PAGE = 50  # a source cited by thousands of findings is read page by page


def source_page_count(kb: KnowledgeBase, source_id: str) -> int:
    findings = len(kb.findings_by_source.get(source_id, []))
    return max(1, -(-findings // SOURCE_FINDINGS_PER_PAGE))


def cited_by(
    kb: KnowledgeBase, source_id: str, findings: list[Finding] | None = None
) -> list[Link]:
    """Articles citing the source, and the profiles citing it through ``findings`` (all of
    the source's findings unless given) or their regulatory table."""
    links = [
        Link(title=kb.articles[slug].meta.title, href=urls.article(slug), note="article")
        for slug in kb.articles_by_source.get(source_id, [])
    ]
    # profiles cite a source through their findings or their regulatory table
    shown = kb.findings_by_source.get(source_id, []) if findings is None else findings
    peptide_ids = {p for f in shown for p in f.peptides}
    peptide_ids |= kb.regulatory_by_source.get(source_id, set())
    links += [
        Link(title=f"{kb.peptides[p].name} profile", href=urls.peptide(p), note="profile")
        for p in sorted(peptide_ids, key=lambda p: kb.peptides[p].name)
    ]
    return links


def source_page(kb: KnowledgeBase, source_id: str, page: int = 1) -> SourcePage:
    """A source and one page of the findings that cite it (with the profiles they belong to)."""
    source = kb.sources[source_id]
    registry = new_registry(kb.sources)
    registry.cite([source_id])  # the source itself is reference 1 on its own page
    notes_html = render_inline(source.notes, registry) if source.notes else None
    citing = kb.findings_by_source.get(source_id, [])
    pages = max(1, -(-len(citing) // SOURCE_FINDINGS_PER_PAGE))
    page = min(max(1, page), pages)
    shown = citing[(page - 1) * SOURCE_FINDINGS_PER_PAGE : page * SOURCE_FINDINGS_PER_PAGE]
    findings = [finding_view(kb, f, registry) for f in shown]
    identifiers = identifier_views(source)
    grade = source_grade(source)
    return SourcePage(
        url=urls.source(source_id, page),
        kind="source",
        title=source.title + (f" (findings, page {page} of {pages})" if page > 1 else ""),
        description=source.summary,
        eyebrow="Source",
        reviewed=latest_review(kb),
        breadcrumbs=[
            Link(title="Home", href=urls.home()),
            Link(title="References", href=urls.references()),
        ],
        source_id=source.id,
        source_title=source.title,
        authors=[name.display for name in source.author],
        et_al=source.et_al,
        citation=citation_text(source),
        container=source.container_title,
        year=source.year,
        language=source.language,
        translation=source.translation,
        source_type=source.type,
        identifiers=identifiers,
        confirmed=any(i.confirmed for i in identifiers),
        unverified_fields=source.unverified_fields,
        level=grade.slug,
        level_label=grade.badge,
        study=study_view(source),
        summary=source.summary,
        notes=source.notes,
        notes_html=notes_html,
        findings=findings,
        cited_by=cited_by(kb, source_id, shown if pages > 1 else None),
        pager=pager(page, pages, len(citing), lambda n: urls.source(source_id, n)),
        retraction=retraction_view(kb, source_id),
        seen_at=seen_at_views(source),
        read=reading_detail(source),
        read_note=source.read.note if source.read else None,
        risk_of_bias=risk_items(source) if source.study.in_people else [],
        safety=safety_text(source),
        references=reference_list(registry, kb.sources),
        next_steps=[
            Link(title="All references", href=urls.references()),
            Link(
                title="How to read a peptide study",
                href=urls.article("how-to-read-a-peptide-study"),
            ),
        ],
    )
