"""Identifier provenance and agreement: seen_at recorded, PMCIDs unique, PMID/DOI pairs agree;
findings that rest on a retracted source; imported drafts awaiting review."""

from __future__ import annotations

from sourcefirst.domain.diagnostics import Category, Diagnostic, Severity
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.retractions import retraction_status

KINDS = ("pmid", "doi", "pmcid", "url")


def check_seen_at(kb: KnowledgeBase) -> list[Diagnostic]:
    found = []
    for source in kb.sources.values():
        for kind in KINDS:
            ident = getattr(source.identifiers, kind)
            if ident is not None and ident.seen_at is None:
                found.append(
                    Diagnostic.at(
                        kb.location("source", source.id),
                        "SF905",
                        Category.CITATION,
                        f"{source.id!r}: {kind.upper()} {ident.value} ({ident.verification}) "
                        "does not say where it was seen",
                        "add seen_at: {url: <page you read>, date: YYYY-MM-DD} (docs/intake.md)",
                        Severity.WARNING,
                    )
                )
    return found


def check_identifier_agreement(kb: KnowledgeBase) -> list[Diagnostic]:
    found = []
    seen_pmcid: dict[str, str] = {}
    pairs: dict[tuple[str, str], tuple[str, str]] = {}  # (kind, value) -> (source, other value)
    for source in kb.sources.values():
        ids = source.identifiers
        where = kb.location("source", source.id)
        if ids.pmcid is not None:
            pmcid = ids.pmcid.value.upper()
            if pmcid in seen_pmcid:
                found.append(
                    Diagnostic.at(
                        where,
                        "SF902",
                        Category.CITATION,
                        f"{source.id!r} has the same PMCID {pmcid} as {seen_pmcid[pmcid]!r}",
                        "merge the two records into one source",
                    )
                )
            seen_pmcid.setdefault(pmcid, source.id)
        if ids.pmid is None or ids.doi is None:
            continue
        pmid, doi = ids.pmid.value, ids.doi.value.lower()
        pair_keys: list[tuple[tuple[str, str], str]] = [(("pmid", pmid), doi), (("doi", doi), pmid)]
        for key, other in pair_keys:
            if key in pairs and pairs[key][1] != other:
                first, their = pairs[key]
                found.append(
                    Diagnostic.at(
                        where,
                        "SF903",
                        Category.CITATION,
                        f"{source.id!r} pairs {key[0].upper()} {key[1]} with {other}, but "
                        f"{first!r} pairs it with {their}",
                        "check both on PubMed and the publisher's page; one pair is wrong",
                    )
                )
            pairs.setdefault(key, (source.id, other))
    return found


def check_retracted_support(kb: KnowledgeBase) -> list[Diagnostic]:
    found = []
    for finding in kb.findings.values():
        acknowledged = {ack.source for ack in finding.retracted_sources}
        for source_id in finding.sources:
            if source_id not in kb.sources or source_id in acknowledged:
                continue
            status = retraction_status(kb, source_id)
            if status.retracted:
                found.append(
                    Diagnostic.at(
                        kb.location("finding", finding.id),
                        "SF906",
                        Category.EVIDENCE,
                        f"finding {finding.id!r} rests on {source_id!r}, which is {status.label}",
                        "drop the source, or add retracted_sources: [{source: ..., meaning: "
                        "what the retraction means for this finding}]",
                    )
                )
    return found


def check_drafts(kb: KnowledgeBase) -> list[Diagnostic]:
    return [
        Diagnostic.at(
            kb.location("source", source.id),
            "SF907",
            Category.CITATION,
            f"{source.id!r} is an imported draft an editor has not reviewed",
            "check every field against the paper, write the summary, set study.design, "
            "then remove `draft: true`",
            Severity.WARNING,
        )
        for source in kb.sources.values()
        if source.draft
    ]


def check_identifiers(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for check in (check_seen_at, check_identifier_agreement, check_retracted_support, check_drafts):
        found.extend(check(kb))
    return found
