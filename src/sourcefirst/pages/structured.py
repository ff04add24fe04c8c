"""Schema.org JSON-LD for each page, computed from the page's own data (nothing new is claimed).

Every page is a `MedicalWebPage` with its review date and reviewer; a profile adds the peptide as
a `Drug` (approved somewhere) or `ChemicalSubstance`; a source page describes the work as a
`ScholarlyArticle` with its *confirmed* identifiers only; an FAQ adds a `FAQPage`.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from sourcefirst.pages.article import ArticlePage
from sourcefirst.pages.models import FaqPart, Page
from sourcefirst.pages.peptide import PeptidePage
from sourcefirst.pages.source import SourcePage
from sourcefirst.schema.site import SiteConfig

CONTEXT = "https://schema.org"


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment (our own rendered, sanitised answer HTML)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def _web_page(page: Page, site: SiteConfig) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "name": page.title,
        "description": page.description,
        "url": site.absolute(page.url),
        "isPartOf": {"@type": "WebSite", "name": site.title, "url": site.absolute("/")},
        "reviewedBy": {"@type": "Organization", "name": site.reviewed_by},
    }
    if page.reviewed is not None:
        data["lastReviewed"] = page.reviewed.isoformat()
    about: list[str] = []
    if isinstance(page, PeptidePage):
        about = [page.name]
    elif isinstance(page, ArticlePage):
        about = [p.title for p in page.peptides]
    if about:
        data["about"] = [{"@type": "ChemicalSubstance", "name": n} for n in about]
    return data


def _substance(page: PeptidePage, site: SiteConfig) -> dict[str, Any]:
    approved = any(r.status == "approved" for r in page.regulatory)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Drug" if approved else "ChemicalSubstance",
        "name": page.name,
        "url": site.absolute(page.url),
        "description": page.description,
    }
    if page.aliases:
        data["alternateName"] = list(page.aliases)
    if page.chemistry.formula:
        data["molecularFormula"] = page.chemistry.formula  # computed from the sequence
    return data


def _scholarly(page: SourcePage) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ScholarlyArticle",
        "name": page.source_title,
        "inLanguage": page.language,
    }
    if page.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in page.authors]
    if page.year:
        data["datePublished"] = str(page.year)
    if page.container:
        data["isPartOf"] = {"@type": "Periodical", "name": page.container}
    confirmed = [i for i in page.identifiers if i.confirmed]
    if confirmed:
        data["identifier"] = [
            {"@type": "PropertyValue", "propertyID": i.kind, "value": i.value} for i in confirmed
        ]
        data["sameAs"] = [i.href for i in confirmed if i.href and i.href.startswith("https://")]
    return data


def _faq(page: Page) -> dict[str, Any] | None:
    if not isinstance(page, ArticlePage):
        return None
    questions = [p for p in page.parts if isinstance(p, FaqPart)]
    if not questions:
        return None
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": q.question,
                "acceptedAnswer": {"@type": "Answer", "text": _text(q.html)},
            }
            for q in questions
        ],
    }


def structured_data(page: Page, site: SiteConfig) -> list[dict[str, Any]]:
    """The JSON-LD blocks for ``page``: always a MedicalWebPage, plus one per page type."""
    blocks = [_web_page(page, site)]
    if isinstance(page, PeptidePage):
        blocks.append(_substance(page, site))
    elif isinstance(page, SourcePage):
        blocks.append(_scholarly(page))
    faq = _faq(page)
    if faq is not None:
        blocks.append(faq)
    return blocks
