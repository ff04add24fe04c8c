"""Article pages: mechanism pages, evidence reviews, FAQs, guides, policy."""

from __future__ import annotations

from markdown_it.token import Token

from sourcefirst.domain.kb import Article, KnowledgeBase
from sourcefirst.pages import urls
from sourcefirst.pages.appraisal import SafetySection, SofTable, safety_section, summary_of_findings
from sourcefirst.pages.compare import comparison
from sourcefirst.pages.dates import change_views
from sourcefirst.pages.findings import outcomes, snapshot
from sourcefirst.pages.methods import MethodsView, methods_view
from sourcefirst.pages.models import ComparePart, FaqPart, Link, Page, Part, ProsePart
from sourcefirst.pages.references import new_registry, reference_list
from sourcefirst.prose.citations import CitationRegistry
from sourcefirst.prose.markdown import Directive, render_tokens
from sourcefirst.prose.plaintext import is_question
from sourcefirst.schema.directives import CompareParams, OutcomesParams, SnapshotParams


class ArticlePage(Page):
    article_kind: str
    category: Link
    peptides: list[Link]
    toc: list[Link]
    parts: list[Part]
    methods: MethodsView | None = None  # evidence reviews: searches and PRISMA flow
    summary_of_findings: SofTable | None = None  # evidence reviews
    safety: SafetySection | None = None  # evidence reviews: "Safety in studies"


def render_parts(kb: KnowledgeBase, article: Article, registry: CitationRegistry) -> list[Part]:
    """Prose and generated blocks in document order, so citation numbers follow reading order."""
    parts: list[Part] = []
    for chunk in article.parsed.chunks:
        if isinstance(chunk, Directive):
            params = chunk.params
            if isinstance(params, SnapshotParams):
                parts.append(snapshot(kb, params.peptide, registry, params.topics))
            elif isinstance(params, CompareParams):
                ids = sorted(dict.fromkeys(params.peptides))
                parts.append(ComparePart(comparison=comparison(kb, ids)))
            elif isinstance(params, OutcomesParams):
                parts.append(outcomes(kb, params.peptide, registry, params.topics, params.kinds))
            continue
        parts.extend(prose_parts(chunk, registry))
    return parts


def prose_parts(tokens: list[Token], registry: CitationRegistry) -> list[Part]:
    """Split prose at FAQ questions so each question/answer pair is its own structured part."""
    parts: list[Part] = []
    start = 0
    index = 0
    while index < len(tokens):
        if not is_question(tokens, index):
            index += 1
            continue
        html = render_tokens(tokens[start:index], registry)
        if html.strip():
            parts.append(ProsePart(html=html))
        question = tokens[index + 1].content.strip()
        anchor = str(tokens[index].attrs.get("id", ""))
        end = index + 3  # heading_open, inline, heading_close
        while end < len(tokens) and not (
            tokens[end].type == "heading_open" and tokens[end].tag in ("h2", "h3")
        ):
            end += 1
        answer = render_tokens(tokens[index + 3 : end], registry)
        parts.append(FaqPart(question=question, anchor=anchor, html=answer))
        start = index = end
    html = render_tokens(tokens[start:], registry)
    if html.strip():
        parts.append(ProsePart(html=html))
    return parts


def default_next_steps(kb: KnowledgeBase, article: Article) -> list[Link]:
    steps = [
        Link(title=f"{kb.peptides[p].name} profile", href=urls.peptide(p))
        for p in article.meta.peptides
        if p in kb.peptides
    ]
    for other in kb.articles.values():  # the evidence review for the same peptides
        if (
            other.slug != article.slug
            and other.meta.kind.value == "review"
            and set(other.meta.peptides) & set(article.meta.peptides)
        ):
            steps.append(Link(title=other.meta.title, href=urls.article(other.slug)))
    for slug in ("how-to-read-a-peptide-study", "approved-versus-research-peptides"):
        if slug in kb.articles and slug != article.slug:
            steps.append(Link(title=kb.articles[slug].meta.title, href=urls.article(slug)))
    return steps


def article_page(kb: KnowledgeBase, slug: str) -> ArticlePage:
    article = kb.articles[slug]
    meta = article.meta
    registry = new_registry(kb.sources)
    parts = render_parts(kb, article, registry)
    review = meta.kind.value == "review"
    sof = summary_of_findings(kb, meta.peptides, registry) if review else None
    safety = safety_section(kb, meta.peptides, registry) if review else None
    category = kb.categories[meta.category]
    explicit = [Link(title=s.title, href=s.href) for s in meta.next_steps]
    return ArticlePage(
        changes=change_views(meta.changes),
        url=urls.article(slug),
        kind="article",
        article_kind=meta.kind.value,
        title=meta.title,
        description=meta.summary,
        eyebrow=meta.eyebrow or category.title,
        reviewed=meta.reviewed,
        breadcrumbs=[
            Link(title="Home", href=urls.home()),
            Link(title=category.title, href=urls.category(category.id)),
        ],
        category=Link(title=category.title, href=urls.category(category.id)),
        peptides=[Link(title=kb.peptides[p].name, href=urls.peptide(p)) for p in meta.peptides],
        toc=[
            Link(title=text, href=f"#{anchor}")
            for level, anchor, text in article.parsed.headings
            if level == 2
        ],
        parts=parts,
        summary_of_findings=sof,
        safety=safety,
        references=reference_list(registry, kb.sources),
        next_steps=explicit or default_next_steps(kb, article),
        methods=methods_view(kb, slug),
    )
