"""Every page of the site, produced from the knowledge base."""

from __future__ import annotations

from collections.abc import Iterator

from sourcefirst.kb import KnowledgeBase
from sourcefirst.pages.article import article_page
from sourcefirst.pages.home import home_page
from sourcefirst.pages.models import Page
from sourcefirst.pages.peptide import peptide_page


def all_pages(kb: KnowledgeBase) -> Iterator[Page]:
    yield home_page(kb)
    for peptide_id in kb.peptides:
        yield peptide_page(kb, peptide_id)
    for slug in kb.articles:
        yield article_page(kb, slug)
