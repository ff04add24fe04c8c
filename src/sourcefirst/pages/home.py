"""The home page: what the site is, peptide cards, categories, recently reviewed pages."""

from __future__ import annotations

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages import urls
from sourcefirst.pages.dates import latest_review
from sourcefirst.pages.indexes import TOOLS
from sourcefirst.pages.models import Link, Page, View


class PeptideCard(View):
    name: str
    href: str
    three_letter: str | None
    summary: str
    findings: int


class HomePage(Page):
    peptides: list[PeptideCard]
    categories: list[Link]
    recent: list[Link]
    guides: list[Link]
    library: list[Link]
    tools: list[Link]


def home_page(kb: KnowledgeBase) -> HomePage:
    cards = [
        PeptideCard(
            name=p.name,
            href=urls.peptide(p.id),
            three_letter=p.sequence.three_letter if p.sequence else None,
            summary=p.summary,
            findings=len(kb.findings_by_peptide.get(p.id, [])),
        )
        for p in sorted(kb.peptides.values(), key=lambda p: p.name)
    ]
    topics_with_findings = {f.topic for f in kb.findings.values()}
    recent = sorted(
        kb.articles.values(), key=lambda a: (a.meta.reviewed, a.meta.title), reverse=True
    )
    return HomePage(
        url=urls.home(),
        kind="home",
        title="SourceFirst",
        reviewed=latest_review(kb),
        description=(
            "What each molecule is, what the studies actually measured, in which species, and "
            "where the evidence ends."
        ),
        peptides=cards,
        categories=[
            Link(title=c.title, href=urls.category(c.id), note=c.summary)
            for c in kb.categories.values()
        ],
        recent=[
            Link(title=a.meta.title, href=urls.article(a.slug), note=a.meta.reviewed.isoformat())
            for a in recent[:8]
        ],
        guides=[
            Link(title=a.meta.title, href=urls.article(a.slug))
            for a in kb.articles.values()
            if a.meta.kind.value in ("guide", "policy")
        ],
        library=[
            Link(title="All peptides", href=urls.peptides_index(), note="by category"),
            Link(
                title="All articles",
                href=urls.articles_index(),
                note="evidence reviews, questions and answers, mechanisms, guides",
            ),
            Link(title="Sources", href=urls.sources_index(), note="by level of evidence"),
            Link(title="Topics", href=urls.topics_index(), note="what the findings are about"),
            Link(title="Categories", href=urls.categories_index(), note="peptides by field"),
            Link(
                title="References",
                href=urls.references(),
                note=f"all {len(kb.sources)} sources, with identifier verification",
            ),
            Link(
                title="Claims that need a source",
                href=urls.needs_source(),
                note=f"{len(kb.needs_source)} claims not published as findings, and why",
            ),
            *[
                Link(title=t.title, href=urls.topic(t.id), note=f"topic · {t.kind.value}")
                for t in kb.topics.values()
                if t.id in topics_with_findings
            ],
        ],
        tools=TOOLS,
        next_steps=[
            Link(title=a.meta.title, href=urls.article(a.slug))
            for a in kb.articles.values()
            if a.meta.kind.value == "guide"
        ],
    )
