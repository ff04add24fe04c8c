"""Regulatory rows: a status needs a source that states it, and "as of" is when that source
was seen (docs/content-format.md, "Regulatory status").

- SF520 an established status (approved, prescription, not approved) with no cited source that
  names the peptide for that jurisdiction;
- SF521 an `as_of` date that is not the date any cited source was seen;
- SF522 a `not_established` row whose reported status is not held on the needs-source list;
- SF523 a regulator's document that does not say which jurisdiction it speaks for.
"""

from __future__ import annotations

import datetime as dt

from sourcefirst.domain.diagnostics import Category, Diagnostic
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.schema.peptide import Peptide, RegulatoryStatus
from sourcefirst.schema.source import Design, Source


def seen_dates(source: Source) -> set[dt.date]:
    """Every date on which one of the source's identifiers was seen."""
    ids = source.identifiers
    return {i.seen_at.date for i in (ids.pmid, ids.doi, ids.pmcid, ids.url) if i and i.seen_at}


def states_status(source: Source, peptide_id: str, jurisdiction: str) -> bool:
    """A source can carry a status only for a peptide it names, in the jurisdiction it is
    about."""
    return peptide_id in source.names_peptides and source.jurisdiction == jurisdiction


def _row(kb: KnowledgeBase, peptide: Peptide, row: RegulatoryStatus) -> list[Diagnostic]:
    where = kb.location("peptide", peptide.id)
    name = f"{peptide.id} {row.jurisdiction}"
    cited = [kb.sources[s] for s in row.sources if s in kb.sources]
    found: list[Diagnostic] = []
    if row.established and not any(states_status(s, peptide.id, row.jurisdiction) for s in cited):
        found.append(
            Diagnostic.at(
                where,
                "SF520",
                Category.CITATION,
                f"regulatory row {name}: status {row.status!r} but no cited source names "
                f"{peptide.name} for {row.jurisdiction_name}",
                "cite a source that states it (with names_peptides and jurisdiction), or set "
                "status: not_established with a reason and keep the claim on needs-source",
            )
        )
    if row.as_of is not None and not any(row.as_of in seen_dates(s) for s in cited):
        seen = sorted({d.isoformat() for s in cited for d in seen_dates(s)})
        found.append(
            Diagnostic.at(
                where,
                "SF521",
                Category.CITATION,
                f"regulatory row {name}: as_of {row.as_of.isoformat()} is not the date a cited "
                f"source was seen ({', '.join(seen) or 'no cited source records seen_at'})",
                "set as_of to a cited identifier's seen_at.date, or leave it out",
            )
        )
    if not row.established and row.status == "not_established":
        claim = kb.needs_source.get(row.needs_source or "")
        if claim is None or peptide.id not in claim.peptides:
            found.append(
                Diagnostic.at(
                    where,
                    "SF522",
                    Category.CITATION,
                    f"regulatory row {name}: status not established, but "
                    + (
                        f"needs_source {row.needs_source!r} is not a claim about {peptide.name}"
                        if row.needs_source
                        else "it names no needs-source claim holding the reported status"
                    ),
                    "add the reported status to needs-source.yaml and name it in needs_source",
                )
            )
    return found


def check_regulatory(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for peptide in kb.peptides.values():
        for row in peptide.regulatory:
            found.extend(_row(kb, peptide, row))
    for source in kb.sources.values():
        for peptide_id in source.names_peptides:
            if peptide_id not in kb.peptides:
                found.append(
                    Diagnostic.at(
                        kb.location("source", source.id),
                        "SF202",
                        Category.SCHEMA,
                        f"source {source.id!r} names unknown peptide {peptide_id!r}",
                        "use a peptide id from content/peptides/",
                    )
                )
        if source.study.design is Design.REGULATORY and source.jurisdiction is None:
            found.append(
                Diagnostic.at(
                    kb.location("source", source.id),
                    "SF523",
                    Category.SCHEMA,
                    f"regulator's document {source.id!r} does not say which jurisdiction it "
                    "speaks for",
                    "add jurisdiction: (US, EU, RU, ...) and names_peptides: the peptides it names",
                )
            )
    return found
