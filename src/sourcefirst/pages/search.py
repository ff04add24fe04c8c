"""The search page: results, facets and paging, from the same search the API uses."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlencode

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages import urls
from sourcefirst.pages.models import Link, Page, View
from sourcefirst.search.query import SearchFilters, search

PER_PAGE = 10
TYPE_LABELS = {
    "faq": "Question",
    "page": "Article",
    "guide": "Guide",
    "peptide": "Peptide",
    "finding": "Finding",
    "source": "Source",
}


class ResultView(View):
    type: str
    type_label: str
    title: str
    context: str | None = None  # tells apart results that share a title (where each sits)
    url: str
    snippet: str  # escaped HTML with <mark>
    level: str
    level_label: str


class FacetValue(View):
    value: str
    label: str
    count: int
    href: str
    selected: bool


class Facet(View):
    name: str
    label: str
    values: list[FacetValue]


class SearchPage(Page):
    query: str
    total: int
    results: list[ResultView]
    facets: list[Facet]
    page: int
    pages: int
    previous: str | None
    following: str | None
    truncated: bool
    notice: str | None = None  # the site's policy, for a question it never answers
    notice_href: str | None = None
    corrected: str | None = None  # "Showing results for …" when a word was respelled


def _href(
    query: str, filters: SearchFilters, page: int = 1, change: dict[str, str | None] | None = None
) -> str:
    params = {
        "q": query,
        "type": filters.type,
        "peptide": filters.peptide,
        "level": filters.level,
        "topic": filters.topic,
    }
    params.update(change or {})
    if page > 1:
        params["page"] = str(page)
    return "/search/?" + urlencode({k: v for k, v in params.items() if v})


def _where(kb: KnowledgeBase, url: str) -> str:
    """Where a result sits, in words: the article (or page) its address belongs to."""
    path = url.split("#", 1)[0]
    for slug, article in kb.articles.items():
        if path == urls.article(slug):
            return article.meta.title
    for peptide in kb.peptides.values():
        if path == urls.peptide(peptide.id):
            return f"{peptide.name} profile"
    for topic in kb.topics.values():
        if path == urls.topic(topic.id):
            return f"topic: {topic.title}"
    return path


def _disambiguated(views: list[ResultView], kb: KnowledgeBase) -> list[ResultView]:
    """Results that share a title get the page each sits on, so a reader can tell them apart."""
    counts: dict[str, int] = {}
    for view in views:
        counts[view.title.lower()] = counts.get(view.title.lower(), 0) + 1
    return [
        view.model_copy(update={"context": _where(kb, view.url)})
        if counts[view.title.lower()] > 1
        else view
        for view in views
    ]


def search_page(
    kb: KnowledgeBase,
    conn: sqlite3.Connection | None,
    query: str = "",
    filters: SearchFilters | None = None,
    page: int = 1,
) -> SearchPage:
    filters = filters or SearchFilters()
    page = max(1, page)
    results = (
        search(conn, query, filters, PER_PAGE, (page - 1) * PER_PAGE)
        if query and conn is not None
        else None
    )
    total = results.total if results else 0
    pages = max(1, -(-total // PER_PAGE))
    labels = {
        "type": TYPE_LABELS,
        "peptide": {p.id: p.name for p in kb.peptides.values()},
        "topic": {t.id: t.title for t in kb.topics.values()},
        "level": {},
    }
    facets = []
    for name, title in (
        ("type", "Type"),
        ("peptide", "Peptide"),
        ("level", "Evidence level"),
        ("topic", "Topic"),
    ):
        counts = results.facets.get(name, {}) if results else {}
        current = getattr(filters, name)
        facets.append(
            Facet(
                name=name,
                label=title,
                values=[
                    FacetValue(
                        value=value,
                        label=labels[name].get(value, value.replace("-", " ")),
                        count=count,
                        selected=value == current,
                        href=_href(query, filters, 1, {name: None if value == current else value}),
                    )
                    for value, count in list(counts.items())[:12]
                ],
            )
        )
    return SearchPage(
        url="/search/",
        kind="search",
        title="Search",
        description="Search pages, findings, questions and sources. Type a question the way "
        "you would ask it.",
        eyebrow="Search",
        reviewed=None,  # a tool: nothing on it is reviewed content
        breadcrumbs=[Link(title="Home", href=urls.home())],
        query=results.query if results else query,
        total=total,
        results=_disambiguated(
            [
                ResultView(
                    type=h.type,
                    type_label=TYPE_LABELS.get(h.type, h.type),
                    title=h.title,
                    url=h.url,
                    snippet=h.snippet,
                    level=h.level,
                    level_label=h.level_label,
                )
                for h in (results.hits if results else [])
            ],
            kb,
        ),
        notice=results.notice.message if results and results.notice else None,
        notice_href=results.notice.href if results and results.notice else None,
        corrected=results.corrected if results else None,
        facets=facets,
        page=min(page, pages),
        pages=pages,
        previous=_href(query, filters, min(page, pages + 1) - 1) if results and page > 1 else None,
        following=_href(query, filters, page + 1) if results and page < pages else None,
        truncated=bool(results and results.truncated),
        next_steps=[
            Link(title="All references", href=urls.references()),
            Link(title="Evidence explorer", href="/explorer/"),
        ],
    )
