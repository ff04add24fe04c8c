"""What the knowledge base supports, precomputed once per lint run."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from sourcefirst.domain.evidence import Level, source_level
from sourcefirst.domain.kb import KnowledgeBase
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


NAME_TOKEN_RE = re.compile(r"[^\W_]+")


def name_key(text: str) -> tuple[str, ...]:
    """Names compared by their words: "ACTH(4-7)-Pro-Gly-Pro" → ("acth", "4", "7", "pro", ...)."""
    return tuple(t.lower() for t in NAME_TOKEN_RE.findall(text))


@dataclass(slots=True)
class EvidenceContext:
    names: dict[tuple[str, ...], str] = field(default_factory=dict)
    longest_name: int = 1
    outcome_level: dict[tuple[str, str], Level] = field(default_factory=dict)
    topic_level: dict[tuple[str, str], Level] = field(default_factory=dict)
    source_levels: dict[str, Level] = field(default_factory=dict)
    source_species: dict[str, str] = field(default_factory=dict)

    def peptides_in(self, text: str) -> list[str]:
        """Peptides named in ``text``: one dictionary lookup per word n-gram, so the cost does
        not grow with the size of the catalogue."""
        words = name_key(text)
        found: dict[str, None] = {}
        for size in range(1, min(self.longest_name, len(words)) + 1):
            for start in range(len(words) - size + 1):
                peptide = self.names.get(words[start : start + size])
                if peptide is not None:
                    found[peptide] = None
        return list(found)

    def best_outcome(self, peptide: str | None, domain: str) -> Level:
        if peptide is None:
            return Level.UNCLASSIFIED
        return self.outcome_level.get((peptide, domain), Level.UNCLASSIFIED)


def evidence_context(kb: KnowledgeBase) -> EvidenceContext:
    context = EvidenceContext()
    for peptide in kb.peptides.values():
        for variant in {peptide.name, peptide.id, *peptide.aliases}:
            key = name_key(variant)
            if key:
                context.names.setdefault(key, peptide.id)
                context.longest_name = max(context.longest_name, len(key))
    outcome: dict[tuple[str, str], Level] = defaultdict(lambda: Level.UNCLASSIFIED)
    topic: dict[tuple[str, str], Level] = defaultdict(lambda: Level.UNCLASSIFIED)
    for finding in kb.findings.values():
        level = kb.grade(finding).level
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
