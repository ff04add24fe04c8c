"""Search files: counts add up, included ids exist, and every source an evidence review cites
was found by one of its searches or is marked as added by hand, with a reason."""

from __future__ import annotations

from sourcefirst.domain.diagnostics import Category, Diagnostic, Severity
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.schema.search import Search


def review_sources(kb: KnowledgeBase, slug: str) -> set[str]:
    """Every source the review's page cites inline."""
    return set(kb.articles[slug].cited)


def _counts(search: Search) -> list[str]:
    problems = []
    after_dupes = search.identified - search.duplicates_removed - search.other_removed
    if after_dupes != search.screened:
        problems.append(
            f"identified {search.identified} − duplicates {search.duplicates_removed} − other "
            f"removed {search.other_removed} = {after_dupes}, but screened is {search.screened}"
        )
    listed = sum(e.count for e in search.screening_exclusions)
    if search.screening_exclusions and listed != search.excluded_at_screening:
        problems.append(
            f"screening exclusion reasons add up to {listed}, but excluded_at_screening is "
            f"{search.excluded_at_screening}"
        )
    sought = search.sought - search.not_retrieved
    if sought != search.assessed:
        problems.append(
            f"screened {search.screened} − excluded {search.excluded_at_screening} − not "
            f"retrieved {search.not_retrieved} = {sought}, but assessed is {search.assessed}"
        )
    excluded = sum(e.count for e in search.exclusions)
    if search.assessed - excluded != len(search.included):
        problems.append(
            f"assessed {search.assessed} − excluded {excluded} = {search.assessed - excluded}, "
            f"but {len(search.included)} source(s) are listed as included"
        )
    return problems


def check_searches(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for search in kb.searches.values():
        where = kb.location("search", search.id)
        for problem in _counts(search):
            found.append(
                Diagnostic.at(where, "SF910", Category.SCHEMA, f"search {search.id!r}: {problem}")
            )
        for source_id in [*search.included, *(a.source for a in search.added_by_hand)]:
            if source_id not in kb.sources:
                found.append(
                    Diagnostic.at(
                        where,
                        "SF911",
                        Category.CITATION,
                        f"search {search.id!r} lists unknown source {source_id!r}",
                        "add the source or fix the id",
                    )
                )
        article = kb.articles.get(search.review)
        if article is None or article.meta.kind.value != "review":
            found.append(
                Diagnostic.at(
                    where,
                    "SF913",
                    Category.SCHEMA,
                    f"search {search.id!r} names {search.review!r}, which is not an evidence "
                    "review article",
                )
            )
            continue
        accounted = set(search.included) | {a.source for a in search.added_by_hand}
        for other in kb.searches.values():
            if other.review == search.review:
                accounted |= set(other.included) | {a.source for a in other.added_by_hand}
        for source_id in sorted(review_sources(kb, search.review) - accounted):
            found.append(
                Diagnostic.at(
                    where,
                    "SF912",
                    Category.CITATION,
                    f"review {search.review!r} cites {source_id!r}, which no search included "
                    "and which is not marked as added by hand",
                    "add it to `included` or to `added_by_hand` with a reason",
                )
            )
    covered = {s.review for s in kb.searches.values()}
    for slug, article in kb.articles.items():
        if article.meta.kind.value == "review" and slug not in covered:
            found.append(
                Diagnostic.at(
                    article.where,
                    "SF914",
                    Category.CITATION,
                    f"evidence review {slug!r} has no search file, so its methods are unstated",
                    f"add content/searches/{slug}.yaml (docs/intake.md)",
                    Severity.WARNING,
                )
            )
    return found
