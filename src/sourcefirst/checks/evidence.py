"""Evidence checks: a finding's stated setting must match what its sources can show."""

from __future__ import annotations

from sourcefirst.domain.diagnostics import Category, Diagnostic, Severity
from sourcefirst.domain.evidence import Level, grade_finding
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.schema.finding import FindingKind, Setting


def check_evidence(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for finding in kb.findings.values():
        where = kb.location("finding", finding.id)
        level = grade_finding(finding, kb.sources).level
        human_level = level >= Level.HUMAN_MECHANISTIC
        if (
            finding.model.setting is Setting.HUMAN
            and not human_level
            and finding.kind is not FindingKind.REGULATORY
        ):
            found.append(
                Diagnostic.at(
                    where,
                    "SF481",
                    Category.EVIDENCE,
                    f"finding {finding.id!r} says it was seen in people, but its sources are "
                    f"{level.label.lower()}",
                    "cite the human study, or correct model.setting",
                )
            )
        if finding.kind is FindingKind.OUTCOME and level is Level.IN_VITRO:
            found.append(
                Diagnostic.at(
                    where,
                    "SF482",
                    Category.EVIDENCE,
                    f"outcome finding {finding.id!r} rests only on in-vitro work",
                    "an assay measures a mechanism; record it as kind: mechanism",
                )
            )
        if level is Level.UNCLASSIFIED and finding.kind is not FindingKind.REGULATORY:
            # a regulatory statement is labelled as such whatever its sources' design
            found.append(
                Diagnostic.at(
                    where,
                    "SF483",
                    Category.EVIDENCE,
                    f"finding {finding.id!r}: the design of every cited source is unknown",
                    "record the study design of at least one source",
                    Severity.WARNING,
                )
            )
    return found
