"""Every page of the site, produced from the knowledge base, as a list of named jobs.

A job is a stable name (``peptide:semax``) and a function of the knowledge base that makes one
or more pages. The build runs each job under a read recorder (release/tracking.py), so it
knows which records every page was made from and can skip the jobs whose records did not
change; the list itself is cheap to make (ids only, no page data).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages.article import article_page
from sourcefirst.pages.catalogue import (
    category_page,
    needs_source_page,
    references_page,
    topic_page,
    topic_page_count,
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
from sourcefirst.pages.source import source_page, source_page_count

Maker = Callable[[KnowledgeBase], list[Page]]


@dataclass(frozen=True, slots=True)
class PageJob:
    key: str  # stable across builds: the build matches jobs to last build's by it
    make: Maker


def _one(function: Callable[..., Page], *args: object) -> Maker:
    return lambda kb: [function(kb, *args)]


def page_jobs(kb: KnowledgeBase) -> list[PageJob]:
    """Every page job, in the order the site lists its pages (sitemap, feed)."""
    jobs = [
        PageJob("home", _one(home_page)),
        PageJob("references", _one(references_page)),
        PageJob("needs-source", _one(needs_source_page)),
        PageJob("indexes", lambda kb: list(index_pages(kb))),
        PageJob("evidence-scale", _one(evidence_scale_page)),
    ]
    jobs += [PageJob(f"peptide:{i}", _one(peptide_page, i)) for i in kb.peptides]
    jobs += [PageJob(f"article:{s}", _one(article_page, s)) for s in kb.articles]
    jobs += [
        PageJob(f"source:{i}" + (f":{n}" if n > 1 else ""), _one(source_page, i, n))
        for i in kb.sources
        for n in range(1, source_page_count(kb, i) + 1)
    ]
    jobs += [PageJob(f"category:{i}", _one(category_page, i)) for i in kb.categories]
    jobs += [
        PageJob(f"topic:{i}" + (f":{n}" if n > 1 else ""), _one(topic_page, i, n))
        for i in kb.topics
        for n in range(1, topic_page_count(kb, i) + 1)
    ]
    jobs += [
        PageJob("sequence", _one(sequence_page)),
        PageJob("sequence-prebuilt", prebuilt_sequence_pages),  # type: ignore[arg-type]
        PageJob("compare-index", _one(compare_index_page)),
    ]
    jobs += [
        PageJob(f"compare:{'+'.join(pair)}", _one(compare_page, pair))
        for pair in featured_comparisons(kb)
    ]
    jobs += [
        PageJob("explorer", _one(explorer_page)),
        # the empty search page, for static hosts: its script answers from the Pagefind index
        PageJob("search", _one(search_page, None)),
    ]
    return jobs
