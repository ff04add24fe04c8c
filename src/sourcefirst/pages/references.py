"""Reference entries and identifier links for a page's numbered reference list."""

from __future__ import annotations

from collections.abc import Mapping

from sourcefirst.domain.labels import design_text, source_grade
from sourcefirst.domain.reading import ReadingLabels, reading_detail
from sourcefirst.pages import urls
from sourcefirst.pages.models import IdentifierView, LocatorView, ReferenceEntry
from sourcefirst.prose.citations import CitationRegistry
from sourcefirst.schema.source import Identifier, Source


def linkable(kind: str, ident: Identifier) -> bool:
    """A web address is a link only once it was seen (verification `mirror` or better); an
    address built from a section name or copied from a list stays plain text. PMIDs, DOIs
    and PMCIDs link to their resolvers, where the reader can check them."""
    return kind != "URL" or ident.verification.confirmed


def _view(kind: str, ident: Identifier, href: str) -> IdentifierView:
    return IdentifierView.model_validate(
        {
            "kind": kind,
            "value": ident.value,
            "href": href if linkable(kind, ident) else None,
            "verification": ident.verification.value,
            "confirmed": ident.verification.confirmed,
            "label": ident.verification.label,
            "note": ident.note,
        }
    )


def identifier_views(source: Source) -> list[IdentifierView]:
    ids = source.identifiers
    views = []
    if ids.pmid:
        views.append(_view("PMID", ids.pmid, f"https://pubmed.ncbi.nlm.nih.gov/{ids.pmid.value}/"))
    if ids.doi:
        views.append(_view("DOI", ids.doi, f"https://doi.org/{ids.doi.value}"))
    if ids.pmcid:
        views.append(
            _view("PMCID", ids.pmcid, f"https://pmc.ncbi.nlm.nih.gov/articles/{ids.pmcid.value}/")
        )
    if ids.url:
        views.append(_view("URL", ids.url, ids.url.value))
    return views


def authors_text(source: Source, limit: int = 3) -> str:
    names = [n.display for n in source.author]
    if not names:
        return ""
    shown = names[:limit]
    more = len(names) > limit or source.et_al
    text = ", ".join(shown) + (", et al." if more else "")
    return text if text.endswith(".") else text + "."  # "AMAG Pharmaceuticals, Inc." once


def citation_text(source: Source) -> str:
    """A Vancouver-style line: authors. Journal. Year;Volume(Issue):Pages."""
    parts = []
    authors = authors_text(source)
    if authors:
        parts.append(authors)
    journal = source.container_title_short or source.container_title or source.publisher
    if journal and authors.rstrip(".") == journal:
        journal = None  # an organisation that is both author and publisher is named once
    where = ""
    if journal:
        where = journal + "."
    if source.year:
        where += f" {source.year}"
        if source.volume:
            where += f";{source.volume}"
            if source.issue:
                where += f"({source.issue})"
            if source.page:
                where += f":{source.page}"
        where += "."
    if where:
        parts.append(where.strip())
    if source.unverified_fields:
        parts.append(f"[unconfirmed: {', '.join(source.unverified_fields)}]")
    if source.language != "en":
        parts.append(f"[in {LANGUAGES.get(source.language, source.language)}]")
    return " ".join(parts)


LANGUAGES = {"ru": "Russian", "uk": "Ukrainian", "de": "German", "fr": "French"}


def new_registry(sources: Mapping[str, Source]) -> CitationRegistry:
    """A page's citation registry; its marks say what was read of each source."""
    return CitationRegistry(reading=ReadingLabels(sources))


def reference_entry(
    source: Source, number: int, backlinks: list[str], registry: CitationRegistry | None = None
) -> ReferenceEntry:
    identifiers = identifier_views(source)
    grade = source_grade(source)
    return ReferenceEntry(
        number=number,
        id=source.id,
        citation=citation_text(source),
        title=source.title,
        href=urls.source(source.id),
        level=grade.slug,
        level_label=grade.badge,
        design=design_text(source),
        title_verified="title" not in source.unverified_fields,
        identifiers=identifiers,
        confirmed=any(i.confirmed for i in identifiers),
        backlinks=backlinks,
        read=reading_detail(source),
        locators=[
            (registry.locators[b].locator_text if registry and b in registry.locators else None)
            for b in backlinks
        ],
        locator_items=[
            LocatorView(anchor=b, label=item.label or "", locator=item.locator or "")
            for b in backlinks
            if registry and (item := registry.locators.get(b)) is not None
        ],
    )


def reference_list(registry: CitationRegistry, sources: dict[str, Source]) -> list[ReferenceEntry]:
    return [
        reference_entry(sources[key], registry.numbers[key], registry.uses[key], registry)
        for key in registry.ordered_keys()
    ]
