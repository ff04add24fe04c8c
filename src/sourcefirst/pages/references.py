"""Reference entries and identifier links for a page's numbered reference list."""

from __future__ import annotations

from collections.abc import Mapping

from sourcefirst.domain.evidence import source_level
from sourcefirst.domain.reading import reading_detail, reading_labels
from sourcefirst.pages import urls
from sourcefirst.pages.models import IdentifierView, LocatorView, ReferenceEntry
from sourcefirst.prose.citations import CitationRegistry
from sourcefirst.schema.source import Identifier, Source


def _view(kind: str, ident: Identifier, href: str) -> IdentifierView:
    return IdentifierView.model_validate(
        {
            "kind": kind,
            "value": ident.value,
            "href": href,
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
    return ", ".join(shown) + (", et al." if more else ".")


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


DESIGN_LABELS = {
    "biochemical": "biochemical assay", "cell_culture": "cell culture", "ex_vivo": "ex vivo",
    "in_vivo": "in vivo", "imaging": "imaging", "pharmacokinetics": "pharmacokinetics",
    "biomarker": "biomarkers", "clinical_trial": "clinical study", "case_series": "case series",
    "observational": "observational study", "systematic_review": "systematic review",
    "narrative_review": "review", "regulatory": "regulator's page",
    "unknown": "design not recorded",
}  # fmt: skip


def design_text(source: Source) -> str:
    """The study design in words, e.g. "in vivo · rat" or "clinical study · patients"."""
    study = source.study
    parts = [DESIGN_LABELS.get(study.design.value, study.design.value)]
    if study.species and study.design.value not in ("clinical_trial", "imaging", "regulatory"):
        parts.append(study.species)
    if study.population:
        parts.append(study.population.replace("_", " "))
    if study.design.value == "clinical_trial" and study.control in (None, "unknown"):
        parts.append("control not recorded")
    return " · ".join(parts)


def new_registry(sources: Mapping[str, Source]) -> CitationRegistry:
    """A page's citation registry; its marks say what was read of each source."""
    return CitationRegistry(reading=reading_labels(sources))


def reference_entry(
    source: Source, number: int, backlinks: list[str], registry: CitationRegistry | None = None
) -> ReferenceEntry:
    identifiers = identifier_views(source)
    level = source_level(source)
    return ReferenceEntry(
        number=number,
        id=source.id,
        citation=citation_text(source),
        title=source.title,
        href=urls.source(source.id),
        level=level.slug,
        level_label=level.label,
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
