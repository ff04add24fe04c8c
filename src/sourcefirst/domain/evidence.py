"""Evidence levels: derived from study attributes, never typed by hand.

A source's level follows from its study design, species and controls; a finding's level is the
strongest level among its sources. The scale is documented in docs/evidence-scale.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from sourcefirst.domain.reading import TITLE_ONLY_NOTE, title_only
from sourcefirst.schema.finding import Finding, FindingKind, Setting
from sourcefirst.schema.source import Design, Source, Study


class Level(IntEnum):
    """Ordered from weakest to strongest."""

    UNCLASSIFIED = 0
    IN_VITRO = 1
    ANIMAL = 2
    HUMAN_MECHANISTIC = 3
    HUMAN_UNCONTROLLED = 4
    HUMAN_CONTROLLED = 5
    HUMAN_RANDOMISED = 6
    SYSTEMATIC_REVIEW = 7
    REGULATOR_REVIEWED = 8

    @property
    def slug(self) -> str:
        return self.name.lower().replace("_", "-")

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def is_human_clinical(self) -> bool:
        return Level.HUMAN_UNCONTROLLED <= self <= Level.SYSTEMATIC_REVIEW


LABELS: dict[Level, str] = {
    Level.UNCLASSIFIED: "Unclassified",
    Level.IN_VITRO: "In vitro",
    Level.ANIMAL: "Animal",
    Level.HUMAN_MECHANISTIC: "Human mechanistic",
    Level.HUMAN_UNCONTROLLED: "Human clinical, uncontrolled",
    Level.HUMAN_CONTROLLED: "Human clinical, controlled",
    Level.HUMAN_RANDOMISED: "Human clinical, randomised",
    Level.SYSTEMATIC_REVIEW: "Systematic review",
    Level.REGULATOR_REVIEWED: "Regulator-reviewed",
}

CELL_FREE = {Design.BIOCHEMICAL, Design.CELL_CULTURE, Design.EX_VIVO}
HUMAN_MECHANISTIC = {Design.IMAGING, Design.PHARMACOKINETICS, Design.BIOMARKER}
CLINICAL = {Design.CLINICAL_TRIAL, Design.CASE_SERIES, Design.OBSERVATIONAL}


def _is_human_species(species: str | None) -> bool:
    return (species or "").strip().lower() in {"human", "humans", "homo sapiens"}


def _is_human(study: Study) -> bool:
    return _is_human_species(study.species)


def study_level(study: Study) -> Level:
    design = study.design
    if design is Design.REGULATORY:
        return Level.REGULATOR_REVIEWED
    if design is Design.SYSTEMATIC_REVIEW:
        return Level.SYSTEMATIC_REVIEW
    if design in CELL_FREE:
        return Level.IN_VITRO
    if design is Design.IN_VIVO:
        return Level.HUMAN_MECHANISTIC if _is_human(study) else Level.ANIMAL
    if design in HUMAN_MECHANISTIC:
        return Level.HUMAN_MECHANISTIC if _is_human(study) else Level.ANIMAL
    if design in CLINICAL:
        # clinical designs study people; only an explicitly non-human species makes it animal
        if study.species and not _is_human(study):
            return Level.ANIMAL
        if design is Design.CLINICAL_TRIAL and study.randomised:
            return Level.HUMAN_RANDOMISED
        if design is Design.CLINICAL_TRIAL and study.control in {"placebo", "active"}:
            return Level.HUMAN_CONTROLLED
        return Level.HUMAN_UNCONTROLLED
    if design is Design.NARRATIVE_REVIEW and study.species and not _is_human(study):
        # a review carrying the authors' own experimental data in animals or animal tissue
        return Level.ANIMAL
    return Level.UNCLASSIFIED


@dataclass(frozen=True, slots=True)
class Grade:
    level: Level
    species: tuple[str, ...]
    notes: tuple[str, ...] = ()  # what the label must not hide ("control not recorded", ...)
    regulatory: bool = False  # a regulatory statement: not evidence of any effect

    @property
    def badge(self) -> str:
        if self.regulatory:
            return "Regulatory statement"
        if self.level is Level.ANIMAL and self.species:
            label = f"Animal ({', '.join(self.species)})"
        elif self.level is Level.HUMAN_UNCONTROLLED and "control not recorded" in self.notes:
            label = "Human clinical, control not recorded"
        else:
            label = self.level.label
        extra = [n for n in self.notes if n != "control not recorded"]
        return f"{label} ({'; '.join(extra)})" if extra else label

    @property
    def slug(self) -> str:
        return "regulatory" if self.regulatory else self.level.slug

    @property
    def rank(self) -> int:
        """Position on the evidence scale for "strongest" comparisons; regulatory statements
        rank below everything, since they say nothing about effects."""
        return -1 if self.regulatory else int(self.level)


def source_level(source: Source) -> Level:
    return study_level(source.study)


# The most a finding can claim, given where its own measurement was made: a cell assay reported
# inside a clinical paper is still in-vitro evidence.
SETTING_CAP: dict[Setting, Level] = {
    Setting.IN_VITRO: Level.IN_VITRO,
    Setting.EX_VIVO: Level.IN_VITRO,
    Setting.IN_VIVO: Level.ANIMAL,
    Setting.HUMAN: Level.REGULATOR_REVIEWED,
}


def grade_finding(finding: Finding, sources: Mapping[str, Source]) -> Grade:
    """The strongest level among the finding's sources, capped by the finding's own setting."""
    cited = [sources[s] for s in finding.sources if s in sources]
    level = max((source_level(s) for s in cited), default=Level.UNCLASSIFIED)
    cap = SETTING_CAP[finding.model.setting]
    if finding.model.setting is Setting.IN_VIVO and _is_human_species(finding.model.species):
        cap = Level.REGULATOR_REVIEWED
    level = min(level, cap)
    if finding.kind in (FindingKind.MECHANISM, FindingKind.PHARMACOKINETICS):
        # a mechanism measured in people (a biomarker in a trial, an fMRI readout) is human
        # mechanistic evidence, whatever the design of the study it was measured in
        level = min(level, Level.HUMAN_MECHANISTIC)
    species = sorted(
        {
            (s.study.species or "").lower()
            for s in cited
            if source_level(s) is Level.ANIMAL and s.study.species
        }
        | (
            {finding.model.species.lower()}
            if level is Level.ANIMAL and finding.model.species
            else set()
        )
    )
    notes: list[str] = []
    if level is Level.HUMAN_UNCONTROLLED and any(
        s.study.design is Design.CLINICAL_TRIAL and s.study.control in (None, "unknown")
        for s in cited
    ):
        notes.append("control not recorded")
    if finding.kind is FindingKind.OUTCOME and not finding.results_recorded:
        notes.append("results not recorded")
    if title_only(finding, sources):
        notes.append(TITLE_ONLY_NOTE)
    return Grade(level, tuple(species), tuple(notes), finding.kind is FindingKind.REGULATORY)
