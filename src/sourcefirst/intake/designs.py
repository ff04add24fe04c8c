"""Publication types → a suggested study design, and notices (retraction, erratum, concern).

A suggestion only: the editor sets `study.design` after reading the paper.
"""

from __future__ import annotations

from sourcefirst.schema.retraction import NoticeStatus
from sourcefirst.schema.source import Design

_DESIGNS = [  # most specific first
    ("systematic review", Design.SYSTEMATIC_REVIEW),
    ("meta-analysis", Design.SYSTEMATIC_REVIEW),
    ("randomized controlled trial", Design.CLINICAL_TRIAL),
    ("controlled clinical trial", Design.CLINICAL_TRIAL),
    ("clinical trial", Design.CLINICAL_TRIAL),
    ("observational study", Design.OBSERVATIONAL),
    ("case reports", Design.CASE_SERIES),
    ("review", Design.NARRATIVE_REVIEW),
]
# PubMed CommentsCorrections links on the original paper, pointing at a notice
LINK_TYPES = {
    "retractionin": NoticeStatus.RETRACTED,
    "erratumin": NoticeStatus.ERRATUM,
    "expressionofconcernin": NoticeStatus.CONCERN,
}
# types that mark the record itself as a notice about another paper, and the link to it
NOTICE_RECORD_TYPES = {
    "retraction of publication": (NoticeStatus.RETRACTED, "a retraction notice", "retractionof"),
    "published erratum": (NoticeStatus.ERRATUM, "an erratum notice", "erratumfor"),
    "expression of concern": (
        NoticeStatus.CONCERN,
        "an expression of concern",
        "expressionofconcernfor",
    ),
}


def suggest_design(publication_types: list[str]) -> Design | None:
    lowered = [t.strip().lower() for t in publication_types]
    for words, design in _DESIGNS:
        if any(t.startswith(words) for t in lowered):
            return design
    return None


def csl_type_for(publication_types: list[str]) -> str:
    lowered = {t.strip().lower() for t in publication_types}
    if lowered & {"review", "systematic review", "meta-analysis"}:
        return "review"
    return "article-journal"
