"""What the knowledge base supports, precomputed once per lint run."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from sourcefirst.evidence import Level, grade_finding, source_level
from sourcefirst.kb import KnowledgeBase
from sourcefirst.schema.finding import FindingKind

# Which finding topics count as evidence for an outcome domain named in prose.
DOMAIN_TOPICS: dict[str, set[str]] = {
    "anxiety": {"anxiety-stress"},
    "stroke": {"stroke-clinical"},
    "immune": {"immunomodulation"},
    "cognition": set(),
    "mood": set(),
    "general": set(),
}


@dataclass(slots=True)
class EvidenceContext:
    names: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    outcome_level: dict[tuple[str, str], Level] = field(default_factory=dict)
    topic_level: dict[tuple[str, str], Level] = field(default_factory=dict)
    source_levels: dict[str, Level] = field(default_factory=dict)
    source_species: dict[str, str] = field(default_factory=dict)

    def peptides_in(self, text: str) -> list[str]:
        return [peptide for pattern, peptide in self.names if pattern.search(text)]

    def best_outcome(self, peptide: str | None, domain: str) -> Level:
        if peptide is None:
            return Level.UNCLASSIFIED
        return self.outcome_level.get((peptide, domain), Level.UNCLASSIFIED)


def evidence_context(kb: KnowledgeBase) -> EvidenceContext:
    context = EvidenceContext()
    for peptide in kb.peptides.values():
        variants = {peptide.name, peptide.id, *peptide.aliases}
        alternation = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
        context.names.append(
            (re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I), peptide.id)
        )
    outcome: dict[tuple[str, str], Level] = defaultdict(lambda: Level.UNCLASSIFIED)
    topic: dict[tuple[str, str], Level] = defaultdict(lambda: Level.UNCLASSIFIED)
    for finding in kb.findings.values():
        level = grade_finding(finding, kb.sources).level
        for peptide_id in finding.peptides:
            key = (peptide_id, finding.topic)
            topic[key] = max(topic[key], level)
            if finding.kind is FindingKind.OUTCOME:
                for domain, topics in DOMAIN_TOPICS.items():
                    if finding.topic in topics:
                        outcome[(peptide_id, domain)] = max(outcome[(peptide_id, domain)], level)
    context.outcome_level = dict(outcome)
    context.topic_level = dict(topic)
    context.source_levels = {s.id: source_level(s) for s in kb.sources.values()}
    context.source_species = {s.id: s.study.species or "" for s in kb.sources.values()}
    return context
