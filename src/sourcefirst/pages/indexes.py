"""Section index pages: /peptides/, /articles/, /sources/, /topics/, /categories/, /tools/.

Each lists what its section holds, grouped the way a reader looks for it, so every path prefix
of the site is itself a page (a reader who trims a URL never meets a 404).
"""

from __future__ import annotations

from collections.abc import Iterator

from sourcefirst.domain.evidence import source_level
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages import urls
from sourcefirst.pages.dates import latest_review
from sourcefirst.pages.models import Link, Page, View

HOME = Link(title="Home", href=urls.home())

ARTICLE_KIND_TITLES = {
    "review": "Evidence reviews",
    "mechanism": "How they work",
    "faq": "Questions and answers",
    "comparison": "Comparisons",
    "guide": "Guides",
    "policy": "About SourceFirst",
}

TOOLS = [
    Link(title="Search", href="/search/", note="pages, findings, questions and sources"),
    Link(
        title="Sequence analyser",
        href="/tools/sequence/",
        note="formula, masses, pI, and where each part of a sequence comes from",
    ),
    Link(title="Compare peptides", href="/compare/", note="two or three side by side"),
    Link(
        title="Evidence explorer",
        href="/explorer/",
        note="every peptide against every topic, by evidence level",
    ),
    Link(title="JSON API and downloads", href="/api/", note="the data behind every page"),
]


class IndexGroup(View):
    title: str
    anchor: str
    items: list[Link]


class IndexPage(Page):
    groups: list[IndexGroup]


def _anchor(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")


def _group(title: str, items: list[Link]) -> IndexGroup:
    return IndexGroup(title=title, anchor=_anchor(title), items=items)


def _index(
    kb: KnowledgeBase, url: str, title: str, description: str, groups: list[IndexGroup]
) -> IndexPage:
    return IndexPage(
        url=url,
        kind="index",
        title=title,
        description=description,
        eyebrow="Index",
        reviewed=latest_review(kb),
        breadcrumbs=[HOME],
        groups=[g for g in groups if g.items],
        next_steps=[Link(title="Search the reference", href="/search/")],
    )


def peptides_index(kb: KnowledgeBase) -> IndexPage:
    groups = []
    for category in kb.categories.values():
        members = sorted(
            (p for p in kb.peptides.values() if category.id in p.categories), key=lambda p: p.name
        )
        groups.append(
            _group(
                category.title,
                [Link(title=p.name, href=urls.peptide(p.id), note=p.summary) for p in members],
            )
        )
    unfiled = sorted((p for p in kb.peptides.values() if not p.categories), key=lambda p: p.name)
    groups.append(
        _group("Other peptides", [Link(title=p.name, href=urls.peptide(p.id)) for p in unfiled])
    )
    return _index(
        kb,
        urls.peptides_index(),
        "Peptides",
        f"All {len(kb.peptides)} peptide profiles, by category.",
        groups,
    )


def articles_index(kb: KnowledgeBase) -> IndexPage:
    by_kind: dict[str, list[Link]] = {}
    for article in sorted(kb.articles.values(), key=lambda a: a.meta.title):
        by_kind.setdefault(article.meta.kind.value, []).append(
            Link(
                title=article.meta.title, href=urls.article(article.slug), note=article.meta.summary
            )
        )
    order = list(ARTICLE_KIND_TITLES)
    groups = [
        _group(ARTICLE_KIND_TITLES.get(kind, kind.title()), by_kind[kind])
        for kind in sorted(by_kind, key=lambda k: (order.index(k) if k in order else len(order), k))
    ]
    return _index(
        kb,
        urls.articles_index(),
        "Articles",
        "Evidence reviews, mechanism pages, questions and answers, and guides.",
        groups,
    )


def sources_index(kb: KnowledgeBase) -> IndexPage:
    by_level: dict[int, tuple[str, list[Link]]] = {}
    for source in sorted(kb.sources.values(), key=lambda s: (s.year or 0, s.id), reverse=True):
        level = source_level(source)
        year = f"{source.year}" if source.year else "undated"
        by_level.setdefault(int(level), (level.label, []))[1].append(
            Link(title=source.title, href=urls.source(source.id), note=year)
        )
    groups = [
        _group(label, items) for _rank, (label, items) in sorted(by_level.items(), reverse=True)
    ]
    return _index(
        kb,
        urls.sources_index(),
        "Sources",
        f"All {len(kb.sources)} sources, by the level of evidence their design gives; the "
        "references page adds how far each identifier was verified.",
        [
            _group(
                "Full list", [Link(title="References, with verification", href=urls.references())]
            ),
            *groups,
        ],
    )


def topics_index(kb: KnowledgeBase) -> IndexPage:
    by_kind: dict[str, list[Link]] = {}
    counts: dict[str, int] = {}
    for finding in kb.findings.values():
        counts[finding.topic] = counts.get(finding.topic, 0) + 1
    for topic in kb.topics.values():
        n = counts.get(topic.id, 0)
        by_kind.setdefault(topic.kind.value, []).append(
            Link(title=topic.title, href=urls.topic(topic.id), note=f"{n} finding{'s' * (n != 1)}")
        )
    groups = [_group(kind.replace("_", " ").capitalize(), items) for kind, items in by_kind.items()]
    return _index(kb, urls.topics_index(), "Topics", "What the findings are about.", groups)


def categories_index(kb: KnowledgeBase) -> IndexPage:
    items = [
        Link(title=c.title, href=urls.category(c.id), note=c.summary)
        for c in kb.categories.values()
    ]
    return _index(
        kb,
        urls.categories_index(),
        "Categories",
        "Peptides and articles by field.",
        [_group("All categories", items)],
    )


def tools_index(kb: KnowledgeBase) -> IndexPage:
    page = _index(
        kb,
        urls.tools_index(),
        "Research tools",
        "Search, sequence analysis, side-by-side comparison and the evidence explorer.",
        [_group("Tools", TOOLS)],
    )
    return page.model_copy(update={"reviewed": None})  # tools hold no reviewed content


def index_pages(kb: KnowledgeBase) -> Iterator[IndexPage]:
    yield peptides_index(kb)
    yield articles_index(kb)
    yield sources_index(kb)
    yield topics_index(kb)
    yield categories_index(kb)
    yield tools_index(kb)
