"""Verification levels by provenance: what the origin of an export justifies, and no more.

PubMed XML and MEDLINE exports come from PubMed itself, so what PubMed states (PMID, DOI,
PMCID) is `registry`, seen on the PubMed record. RIS, BibTeX and CSL-JSON files could come from
anywhere, so their identifiers are `secondary` unless the editor declares where the file came
from (`--origin publisher --seen-at URL`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sourcefirst.intake.record import ImportedRecord
from sourcefirst.schema.source import Verification

FROM_PUBMED = {"pubmed-xml", "medline"}


@dataclass(frozen=True, slots=True)
class Origin:
    level: Verification | None  # declared by the editor; None: judge from the format
    seen_at: str | None  # the URL the file came from, when the editor gives it
    date: dt.date


@dataclass(frozen=True, slots=True)
class Provenance:
    level: Verification
    url: str | None
    date: dt.date
    origin: str  # "PubMed" or a description of the declared origin


def provenance(record: ImportedRecord, origin: Origin) -> Provenance:
    if record.format in FROM_PUBMED and origin.level is None:
        url = f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/" if record.pmid else None
        return Provenance(Verification.REGISTRY, origin.seen_at or url, origin.date, "PubMed")
    level = origin.level or Verification.SECONDARY
    if level is not Verification.SECONDARY and origin.seen_at is None:
        level = Verification.SECONDARY  # a declared origin needs the address it was seen at
    name = record.file.rsplit("/", 1)[-1]
    described = f"{record.format} file {name}" + (
        f" from {origin.seen_at}" if origin.seen_at else ", origin not declared"
    )
    return Provenance(level, origin.seen_at, origin.date, described)
