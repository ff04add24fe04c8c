"""The typed content model: what each kind of content file may contain."""

from sourcefirst.schema.article import ArticleKind, ArticleMeta
from sourcefirst.schema.finding import Finding, FindingKind, Model, Quantity, Setting
from sourcefirst.schema.peptide import (
    OriginSegment,
    Peptide,
    Protein,
    RegulatoryStatus,
    Sequence,
)
from sourcefirst.schema.source import Identifier, Source, Study, Verification
from sourcefirst.schema.taxonomy import Category, NeedsSource, Topic

__all__ = [
    "ArticleKind",
    "ArticleMeta",
    "Category",
    "Finding",
    "FindingKind",
    "Identifier",
    "Model",
    "NeedsSource",
    "OriginSegment",
    "Peptide",
    "Protein",
    "Quantity",
    "RegulatoryStatus",
    "Sequence",
    "Setting",
    "Source",
    "Study",
    "Topic",
    "Verification",
]
