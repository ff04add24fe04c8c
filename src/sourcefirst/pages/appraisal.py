"""Views of evidence depth: the summary-of-findings table and "Safety in studies".

Both are built from the domain derivations (domain/certainty.py, domain/groups.py,
domain/safety.py); pages only put them into words and number their citations.
"""

from __future__ import annotations

from sourcefirst.domain.certainty import OutcomeCertainty
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.safety import safety_entries, safety_summary
from sourcefirst.pages.findings import cite
from sourcefirst.pages.models import Cite, View
from sourcefirst.prose.citations import CitationRegistry


class Reason(View):
    domain: str
    levels: int
    reason: str
    derived: bool


class SofRow(View):
    peptide: str
    topic: str
    outcome: str
    studies: str  # "1 study, 62 participants"
    groups: str
    certainty: str  # "⊕◯◯◯ very low" or "no human evidence"
    certainty_slug: str
    symbols: str
    words: str
    start: str
    reasons: list[Reason]
    plain: str
    other_evidence: list[str]
    citations: list[Cite]
    findings: list[str]


class SofTable(View):
    rows: list[SofRow]


class SafetyRow(View):
    source: str
    study: str
    population: str
    participants: str
    status: str
    status_label: str
    detail: str | None
    citations: list[Cite]


class SafetySection(View):
    summary: str
    rows: list[SafetyRow]


def certainty_label(kb: KnowledgeBase, peptide: str, topic: str) -> str | None:
    """The outcome certainty shown beside a level (None when the topic has no outcome)."""
    rated = kb.outcome_certainty(peptide, topic)
    return rated.label if rated else None


def studies_text(rated: OutcomeCertainty) -> str:
    count = len(rated.human_sources)
    if not count:
        return "no human study"
    text = f"{count} human stud{'y' if count == 1 else 'ies'}"
    if rated.participants is None:
        return f"{text}, participants not recorded"
    return f"{text}, {rated.participants} participants"


def sof_row(kb: KnowledgeBase, rated: OutcomeCertainty, registry: CitationRegistry) -> SofRow:
    findings = [kb.findings[f] for f in rated.findings]
    cited = list(rated.human_sources) or list(dict.fromkeys(s for f in findings for s in f.sources))
    symbols = rated.certainty.symbols if rated.certainty else ""
    words = rated.certainty.label if rated.certainty else "no human evidence"
    return SofRow(
        peptide=rated.peptide,
        topic=rated.topic,
        outcome=f"{kb.peptides[rated.peptide].name}: {kb.topics[rated.topic].title}",
        studies=studies_text(rated),
        groups=kb.groups(list(dict.fromkeys(s for f in findings for s in f.sources))).label,
        certainty=rated.label,
        certainty_slug=rated.slug,
        symbols=symbols,
        words=words,
        start=rated.start_reason,
        reasons=[
            Reason(domain=r.domain, levels=r.levels, reason=r.reason, derived=r.derived)
            for r in rated.reductions
        ],
        plain=rated.plain,
        other_evidence=list(rated.other_levels),
        citations=cite(registry, cited),
        findings=list(rated.findings),
    )


def summary_of_findings(
    kb: KnowledgeBase, peptides: list[str], registry: CitationRegistry
) -> SofTable:
    """One row per outcome (peptide × topic of outcome findings) of ``peptides``."""
    order = {t: i for i, t in enumerate(kb.topics)}
    rows = [
        sof_row(kb, rated, registry)
        for (peptide, topic), rated in sorted(
            kb.certainties.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 0))
        )
        if peptide in peptides
    ]
    return SofTable(rows=rows)


def safety_section(
    kb: KnowledgeBase, peptides: list[str], registry: CitationRegistry
) -> SafetySection:
    """What each human study of ``peptides`` reported on adverse events (reporting only)."""
    findings = [f for p in peptides for f in kb.findings_by_peptide.get(p, [])]
    entries = safety_entries(findings, kb.sources)
    return SafetySection(
        summary=safety_summary(entries),
        rows=[
            SafetyRow(
                source=e.source,
                study=e.study,
                population=e.population,
                participants=str(e.participants) if e.participants else "not recorded",
                status=e.status.value,
                status_label=e.status_label,
                detail=e.detail,
                citations=cite(registry, [e.source]),
            )
            for e in entries
        ],
    )
