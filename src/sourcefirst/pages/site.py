"""Every page of the site, produced from the knowledge base."""

from __future__ import annotations

from collections.abc import Iterator

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages.article import article_page
from sourcefirst.pages.catalogue import (
    category_page,
    needs_source_page,
    references_page,
    topic_page,
)
from sourcefirst.pages.compare import compare_index_page, compare_page, featured_comparisons
from sourcefirst.pages.explorer import explorer_page
from sourcefirst.pages.home import home_page
from sourcefirst.pages.indexes import index_pages
from sourcefirst.pages.models import Page
from sourcefirst.pages.peptide import peptide_page
from sourcefirst.pages.scale import evidence_scale_page
from sourcefirst.pages.search import search_page
from sourcefirst.pages.sequence import prebuilt_sequence_pages, sequence_page
from sourcefirst.pages.source import source_page


def all_pages(kb: KnowledgeBase) -> Iterator[Page]:
    yield home_page(kb)
    yield references_page(kb)
    yield needs_source_page(kb)
    yield from index_pages(kb)
    yield evidence_scale_page(kb)
    for peptide_id in kb.peptides:
        yield peptide_page(kb, peptide_id)
    for slug in kb.articles:
        yield article_page(kb, slug)
    for source_id in kb.sources:
        yield source_page(kb, source_id)
    for category_id in kb.categories:
        yield category_page(kb, category_id)
    for topic_id in kb.topics:
        yield topic_page(kb, topic_id)
    yield sequence_page(kb)
    yield from prebuilt_sequence_pages(kb)
    yield compare_index_page(kb)
    for pair in featured_comparisons(kb):
        yield compare_page(kb, pair)
    yield explorer_page(kb)
    # the empty search page, for static hosts: its script answers from the Pagefind index
    yield search_page(kb, None)
