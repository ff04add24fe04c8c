"""Evidence levels: derived from study attributes, never typed by hand.

A source's level follows from its study design, species and controls; a finding's level is the
strongest level among its sources. The scale is documented in docs/evidence-scale.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from sourcefirst.domain.reading import TITLE_ONLY_NOTE, title_only
from sourcefirst.schema.appraisal import ReadLevel
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


def _species_names(text: str) -> list[str]:
    """The species a free-text `species` field names: "rat and mini-pig" → [rat, mini-pig]."""
    return [p.strip() for p in re.split(r",|\band\b|/|;", text.lower()) if p.strip()]


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


CONTROL_NOT_RECORDED = "control not recorded"
RESULTS_NOT_RECORDED = "results not recorded"


def design_from_title(source: Source) -> bool:
    """The design (and species) were read from the title: marked so, or only the title was read."""
    return source.study.design_basis == "title" or (
        source.read is not None and source.read.level is ReadLevel.TITLE_ONLY
    )


DESIGN_FROM_TITLE = "design from title"


@dataclass(frozen=True, slots=True)
class Grade:
    level: Level
    species: tuple[str, ...]
    notes: tuple[str, ...] = ()  # what the label must not hide ("control not recorded", ...)
    regulatory: bool = False  # a regulatory statement: not evidence of any effect
    context: bool = False  # a regulator's general guidance naming no peptide: context only

    @property
    def badge(self) -> str:
        # imported here: domain/labels.py builds on this module (one label function, one place)
        from sourcefirst.domain.labels import grade_label

        return grade_label(self)

    @property
    def slug(self) -> str:
        if self.regulatory:
            return "regulatory"
        return "regulatory-general" if self.context else self.level.slug

    @property
    def rank(self) -> int:
        """Position on the evidence scale for "strongest" comparisons; regulatory statements
        and general guidance rank below everything, since they say nothing about effects."""
        return -1 if self.regulatory or self.context else int(self.level)

    @property
    def strength(self) -> tuple[int, int]:
        """Sort key for "strongest evidence": findings with recorded results always come
        before a finding whose results are not recorded, whatever its level."""
        if self.rank < 0:
            return (-1, self.rank)
        return (0 if RESULTS_NOT_RECORDED in self.notes else 1, self.rank)


def is_general_guidance(source: Source) -> bool:
    """A regulator's document that names no peptide: context, never regulator-reviewed
    evidence about a peptide (docs/evidence-scale.md)."""
    return source.study.design is Design.REGULATORY and not source.names_peptides


def source_level(source: Source) -> Level:
    if is_general_guidance(source):
        return Level.UNCLASSIFIED  # not on the evidence scale at all; labelled as guidance
    return study_level(source.study)


def control_not_recorded(sources: list[Source]) -> bool:
    """Some cited clinical study does not say it had no control: "uncontrolled" is only
    shown when every clinical source records `control: none`."""
    return any(s.study.design in CLINICAL and s.study.control != "none" for s in sources)


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
    named = [s.study.species for s in cited if source_level(s) is Level.ANIMAL and s.study.species]
    if level is Level.ANIMAL and finding.model.species:
        named.append(finding.model.species)
    # "rat and mini-pig" and "mini-pig" name two species, not three
    species = sorted({one for text in named for one in _species_names(text)})
    notes: list[str] = []
    if level is Level.HUMAN_UNCONTROLLED and control_not_recorded(cited):
        notes.append(CONTROL_NOT_RECORDED)
    at_level = [s for s in cited if min(source_level(s), cap) >= level]
    if title_only(finding, sources):
        # every source was read at title level only: say so (this implies the design, too,
        # was read from the title, so the weaker note below is not repeated)
        notes.append(TITLE_ONLY_NOTE)
    elif at_level and all(design_from_title(s) for s in at_level):
        # every source that gives the finding its level was graded from its title alone
        notes.append(DESIGN_FROM_TITLE)
    if finding.kind is FindingKind.OUTCOME and not finding.results_recorded:
        notes.append(RESULTS_NOT_RECORDED)
    return Grade(level, tuple(species), tuple(notes), finding.kind is FindingKind.REGULATORY)
