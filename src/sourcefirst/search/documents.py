"""What gets indexed: pages, peptides, findings, FAQ entries and sources, as flat documents."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.labels import source_grade, status_text
from sourcefirst.pages import urls
from sourcefirst.pages.references import authors_text
from sourcefirst.prose.markdown import Directive
from sourcefirst.prose.plaintext import faq_entries, tokens_text

ARTICLE_TYPES = {
    "mechanism": "page",
    "review": "page",
    "faq": "page",
    "guide": "guide",
    "policy": "page",
    "comparison": "page",
}


@dataclass(frozen=True, slots=True)
class SearchDocument:
    type: str  # page | guide | peptide | finding | faq | source
    ref: str  # the record's id (article slug, peptide id, finding id, ...)
    title: str
    url: str
    body: str
    keys: str  # identifiers, sequences and aliases for trigram matching
    peptides: tuple[str, ...] = ()
    level: str = ""
    level_label: str = ""  # the label every view shows (domain/labels.py)
    topic: str = ""


def _article_tokens(kb: KnowledgeBase, slug: str) -> list:  # type: ignore[type-arg]
    return [t for c in kb.articles[slug].parsed.chunks if not isinstance(c, Directive) for t in c]


def documents(kb: KnowledgeBase) -> Iterator[SearchDocument]:
    for peptide in kb.peptides.values():
        regulatory = " ".join(
            f"{r.jurisdiction_name} {status_text(r)} {r.detail}" for r in peptide.regulatory
        )
        yield SearchDocument(
            "peptide",
            peptide.id,
            peptide.name,
            urls.peptide(peptide.id),
            " ".join(
                part
                for part in (
                    peptide.summary,
                    peptide.composition,
                    peptide.origin.modification if peptide.origin else None,
                    peptide.origin.naming_note if peptide.origin else None,
                    regulatory,
                )
                if part
            ),
            " ".join(
                [
                    peptide.name,
                    *(
                        part
                        for part in (
                            peptide.one_letter,
                            peptide.sequence.three_letter if peptide.sequence else None,
                        )
                        if part
                    ),
                    *peptide.aliases,
                ]
            ),
            (peptide.id,),
        )
    for slug, article in kb.articles.items():
        tokens = _article_tokens(kb, slug)
        yield SearchDocument(
            ARTICLE_TYPES.get(article.meta.kind.value, "page"),
            slug,
            article.meta.title,
            urls.article(slug),
            f"{article.meta.summary} {tokens_text(tokens)}",
            article.meta.title,
            tuple(article.meta.peptides),
        )
        for entry in faq_entries(tokens):
            yield SearchDocument(
                "faq",
                f"{slug}#{entry.anchor}",
                entry.question,
                f"{urls.article(slug)}#{entry.anchor}",
                entry.answer,
                entry.question,
                tuple(article.meta.peptides),
            )
    for finding in kb.findings.values():
        grade = kb.grade(finding)
        topic = kb.topics[finding.topic]
        quantities = " ".join(q.display for q in finding.quantities)
        first = finding.peptides[0]
        yield SearchDocument(
            "finding",
            finding.id,
            f"{topic.title}: {kb.peptides[first].name}",
            f"{urls.topic(finding.topic)}#peptide-{first}",
            f"{finding.statement} {quantities} {finding.model.display} "
            f"{grade.badge} {finding.boundary or ''}",
            f"{quantities} {' '.join(finding.sources)}",
            tuple(finding.peptides),
            grade.slug,
            grade.badge,
            finding.topic,
        )
    for source in kb.sources.values():
        ids = source.identifiers
        keys = " ".join(i.value for i in (ids.pmid, ids.doi, ids.pmcid) if i)
        yield SearchDocument(
            "source",
            source.id,
            source.title,
            urls.source(source.id),
            f"{authors_text(source, limit=20)} {source.container_title or ''} "
            f"{source.year or ''} {source.summary}",
            f"{keys} {source.id}",
            tuple(
                sorted({p for f in kb.findings_by_source.get(source.id, []) for p in f.peptides})
            ),
            source_grade(source).slug,
            source_grade(source).badge,
        )


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
