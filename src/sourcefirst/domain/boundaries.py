"""Boundaries: what a finding does not show. Editors write them; otherwise they are derived."""

from __future__ import annotations

from sourcefirst.domain.evidence import Grade, Level
from sourcefirst.schema.finding import Finding, FindingKind


def derive_boundary(finding: Finding, grade: Grade) -> str:
    """A conservative boundary from the finding's level, species and kind."""
    species = ", ".join(grade.species) or (finding.model.species or "animals")
    system = finding.model.system or "the test system"
    level = grade.level
    if finding.kind is FindingKind.REGULATORY:
        return "A regulatory status says nothing about whether the peptide works or is safe."
    if level is Level.IN_VITRO:
        return (
            f"Measured in {system} outside the body; it does not show the same effect in a "
            "living animal or person, nor any health outcome."
        )
    if level is Level.ANIMAL:
        if finding.kind is FindingKind.OUTCOME:
            return f"An outcome seen in {species}; it has not been shown in people."
        return f"Shown in {species}; no effect on people, and no human outcome, follows from it."
    if level is Level.HUMAN_MECHANISTIC:
        return "A measurement in people, not a clinical outcome; it does not show a benefit."
    if level is Level.HUMAN_UNCONTROLLED:
        return "Without a comparison group, changes cannot be attributed to the peptide."
    if level in (Level.HUMAN_CONTROLLED, Level.HUMAN_RANDOMISED):
        return "One trial in one population; it does not establish benefit for other uses."
    return "The design of the supporting work is not recorded, so no conclusion follows from it."
