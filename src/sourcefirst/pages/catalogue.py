"""Index pages: the references index, categories, topics and the needs-source list."""

from __future__ import annotations

from pydantic import Field

from sourcefirst.domain.evidence import Level
from sourcefirst.domain.groups import prolific_authors
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.labels import source_grade
from sourcefirst.domain.reading import reading_detail
from sourcefirst.pages import urls
from sourcefirst.pages.dates import latest_review
from sourcefirst.pages.findings import finding_view
from sourcefirst.pages.models import FindingView, Link, Page, Pager, View, pager
from sourcefirst.pages.references import (
    citation_text,
    identifier_views,
    new_registry,
    reference_list,
)
from sourcefirst.prose.markdown import render_inline
from sourcefirst.schema.taxonomy import NeedsSource

HOME = Link(title="Home", href=urls.home())


class SourceSummary(View):
    id: str
    title: str
    href: str
    citation: str
    level: str
    level_label: str
    confirmed: bool
    verification: list[str]
    findings: int
    pages: int
    read: str = ""  # what the editor read, and in which language


class ReferencesPage(Page):
    sources: list[SourceSummary]
    unconfirmed: int
    concentration: list[str] = Field(
        default_factory=list
    )  # authors who co-sign a large share of the sources
    groups: str = ""  # research groups across the whole library


def _sort_key(kb: KnowledgeBase, source_id: str) -> tuple[str, int]:
    source = kb.sources[source_id]
    first = source.author[0] if source.author else None
    name = (first.family or first.literal or "") if first else source.title
    return (name.lower(), source.year or 0)


def authorship_concentration(kb: KnowledgeBase) -> list[str]:
    """Authors behind a large share of the whole library, then of each peptide's evidence:
    "Semax: Myasoedov N co-signs 10 of the 12 sources" (a reader sees when one group dominates)."""
    lines = prolific_authors(kb.sources, kb.aliases)
    for peptide in sorted(kb.peptides.values(), key=lambda p: p.name):
        cited = {s for f in kb.findings_by_peptide.get(peptide.id, []) for s in f.sources}
        subset = {s: kb.sources[s] for s in sorted(cited) if s in kb.sources}
        if len(subset) >= 4:
            lines += [
                f"{peptide.name}: {line}" for line in prolific_authors(subset, kb.aliases, 0.5)
            ]
    return lines


def references_page(kb: KnowledgeBase) -> ReferencesPage:
    summaries = []
    for source_id in sorted(kb.sources, key=lambda s: _sort_key(kb, s)):
        source = kb.sources[source_id]
        grade = source_grade(source)
        idents = identifier_views(source)
        summaries.append(
            SourceSummary(
                id=source.id,
                title=source.title,
                href=urls.source(source.id),
                citation=citation_text(source),
                level=grade.slug,
                level_label=grade.badge,
                confirmed=any(i.confirmed for i in idents),
                verification=[f"{i.kind} {i.verification}" for i in idents],
                findings=len(kb.findings_by_source.get(source.id, [])),
                pages=len(kb.articles_by_source.get(source.id, [])),
                read=reading_detail(source),
            )
        )
    return ReferencesPage(
        url=urls.references(),
        kind="references",
        title="References",
        description="Every source in the knowledge base, with how far each identifier was "
        "verified and what cites it.",
        eyebrow="Library",
        reviewed=latest_review(kb),
        breadcrumbs=[HOME],
        sources=summaries,
        unconfirmed=sum(1 for s in summaries if not s.confirmed),
        concentration=authorship_concentration(kb),
        groups=kb.groups(list(kb.sources)).label,
        next_steps=[
            Link(title="Claims that still need a source", href=urls.needs_source()),
            Link(title="Editorial policy", href=urls.article("editorial-policy")),
        ],
    )


class CategoryPage(Page):
    summary: str
    peptides: list[Link]
    articles: list[Link]


def category_page(kb: KnowledgeBase, category_id: str) -> CategoryPage:
    category = kb.categories[category_id]
    peptides = [p for p in kb.peptides.values() if category_id in p.categories]
    articles = [a for a in kb.articles.values() if a.meta.category == category_id]
    dates = [p.reviewed for p in peptides] + [a.meta.reviewed for a in articles]
    return CategoryPage(
        url=urls.category(category_id),
        kind="category",
        title=category.title,
        description=category.summary,
        eyebrow="Category",
        reviewed=max(dates, default=latest_review(kb)),
        breadcrumbs=[HOME],
        summary=category.summary,
        peptides=[Link(title=p.name, href=urls.peptide(p.id), note=p.summary) for p in peptides],
        articles=[
            Link(title=a.meta.title, href=urls.article(a.slug), note=a.meta.summary)
            for a in sorted(articles, key=lambda a: a.meta.title)
        ],
        next_steps=[
            Link(
                title="How to read a peptide study",
                href=urls.article("how-to-read-a-peptide-study"),
            )
        ],
    )


class PeptideFindings(View):
    peptide: str
    name: str
    href: str
    findings: list[FindingView]


class TopicPage(Page):
    topic_kind: str
    summary: str
    groups: list[PeptideFindings]
    strongest: str
    strongest_label: str
    pager: Pager = Pager()


TOPIC_PEPTIDES_PER_PAGE = 50  # a topic studied for thousands of peptides is read page by page


def topic_page_count(kb: KnowledgeBase, topic_id: str) -> int:
    peptides = len(kb.topic_peptides.get(topic_id, []))
    return max(1, -(-peptides // TOPIC_PEPTIDES_PER_PAGE))


def topic_page(kb: KnowledgeBase, topic_id: str, page: int = 1) -> TopicPage:
    """One page of a topic: its peptides in name order, each with its findings on the topic.
    It reads only its own peptides' records (and the topic's order), so an edit to one
    peptide re-renders the page that shows it, not every page of the topic."""
    topic = kb.topics[topic_id]
    registry = new_registry(kb.sources)
    ordered = kb.topic_peptides.get(topic_id, [])
    pages = max(1, -(-len(ordered) // TOPIC_PEPTIDES_PER_PAGE))
    page = min(max(1, page), pages)
    peptides = ordered[(page - 1) * TOPIC_PEPTIDES_PER_PAGE : page * TOPIC_PEPTIDES_PER_PAGE]
    groups = [
        PeptideFindings(
            peptide=p,
            name=kb.peptides[p].name,
            href=urls.peptide(p),
            findings=[
                finding_view(kb, f, registry)
                for f in kb.findings_by_topic_peptide.get((topic_id, p), [])
            ],
        )
        for p in peptides
        if p in kb.peptides
    ]
    strongest = kb.strongest_by_topic.get(topic_id)
    return TopicPage(
        url=urls.topic(topic_id, page),
        kind="topic",
        title=topic.title + (f" (page {page} of {pages})" if page > 1 else ""),
        description=topic.summary,
        eyebrow=f"Topic · {topic.kind.value}",
        reviewed=latest_review(kb),
        breadcrumbs=[HOME, *([Link(title=topic.title, href=urls.topic(topic_id))] * (page > 1))],
        topic_kind=topic.kind.value,
        summary=topic.summary,
        groups=groups,
        strongest=strongest.slug if strongest else Level.UNCLASSIFIED.slug,
        strongest_label=strongest.badge if strongest else "no findings yet",
        references=reference_list(registry, kb.sources),
        pager=pager(page, pages, len(ordered), lambda n: urls.topic(topic_id, n)),
        next_steps=[
            Link(title=f"{kb.peptides[p].name} profile", href=urls.peptide(p))
            for p in peptides[:12]
            if p in kb.peptides
        ]
        + [Link(title="Evidence explorer", href="/explorer/")],
    )


class ClaimView(View):
    id: str
    claim: str
    seen_in: str
    peptides: list[Link]
    status: str
    candidates: list[Link]
    notes: str | None
    notes_html: str | None  # notes with `[@id]` citations as numbered links (sanitised)


class ClaimGroup(View):
    """The claims about one peptide (each claim is listed once, under its first peptide)."""

    title: str
    anchor: str
    claims: list[ClaimView]


class NeedsSourcePage(Page):
    claims: list[ClaimView]
    groups: list[ClaimGroup] = Field(default_factory=list)


def needs_source_page(kb: KnowledgeBase) -> NeedsSourcePage:
    registry = new_registry(kb.sources)
    # group first (each claim under its first peptide, groups by name, general claims last),
    # then render, so the notes' citation marks are numbered in reading order
    by_peptide: dict[str, list[NeedsSource]] = {}
    for record in kb.needs_source.values():
        by_peptide.setdefault(record.peptides[0] if record.peptides else "", []).append(record)
    order = sorted(by_peptide, key=lambda p: (p == "", kb.peptides[p].name if p else ""))

    def view(c: NeedsSource) -> ClaimView:
        return ClaimView(
            id=c.id,
            claim=c.claim,
            seen_in=c.seen_in,
            peptides=[Link(title=kb.peptides[p].name, href=urls.peptide(p)) for p in c.peptides],
            status=c.status,
            candidates=[
                Link(
                    title=kb.sources[s].title,
                    href=urls.source(s),
                    note=citation_text(kb.sources[s]),
                )
                for s in c.candidates
            ],
            notes=c.notes,
            notes_html=render_inline(c.notes, registry) if c.notes else None,
        )

    groups = [
        ClaimGroup(
            title=kb.peptides[p].name if p else "Not about one peptide",
            anchor=f"about-{p or 'general'}",
            claims=[view(c) for c in by_peptide[p]],
        )
        for p in order
    ]
    claims = [c for g in groups for c in g.claims]
    return NeedsSourcePage(
        groups=groups,
        url=urls.needs_source(),
        kind="needs-source",
        title="Claims that need a source",
        description="Statements seen in circulation that we could not trace to an identifiable "
        "source. They are not published as findings until one is found.",
        eyebrow="Editorial",
        reviewed=latest_review(kb),
        breadcrumbs=[HOME],
        claims=claims,
        references=reference_list(registry, kb.sources),
        next_steps=[
            Link(title="Editorial policy", href=urls.article("editorial-policy")),
            Link(title="All references", href=urls.references()),
        ],
    )
