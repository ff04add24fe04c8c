"""Every evidence label the site shows, computed here and nowhere else.

Profiles, topic pages, reference lists, source pages, the references index, compare, the
explorer, search documents, JSON twins, the API and the exports all take a finding's label from
`grade_label` (through `Grade.badge`) and a source's from `source_label`, so one study never reads
"uncontrolled" in one view and "control not recorded" in another.
"""

from __future__ import annotations

from sourcefirst.domain.evidence import (
    CONTROL_NOT_RECORDED,
    DESIGN_FROM_TITLE,
    Grade,
    Level,
    control_not_recorded,
    is_general_guidance,
    source_level,
)
from sourcefirst.schema.peptide import RegulatoryStatus
from sourcefirst.schema.source import Source

REGULATORY_STATEMENT = "Regulatory statement"
GENERAL_GUIDANCE = "Regulator's general guidance"


def grade_label(grade: Grade) -> str:
    """The one label function: level, species, and what the level must not hide."""
    if grade.regulatory:
        return REGULATORY_STATEMENT
    if grade.context:
        return GENERAL_GUIDANCE
    details = [n for n in grade.notes if n != CONTROL_NOT_RECORDED]
    if grade.level is Level.ANIMAL and grade.species:
        label = "Animal"
        details = [", ".join(grade.species), *details]
    elif grade.level is Level.HUMAN_UNCONTROLLED and CONTROL_NOT_RECORDED in grade.notes:
        label = "Human clinical, control not recorded"
    else:
        label = grade.level.label
    return f"{label} ({'; '.join(details)})" if details else label


def heading_label(grade: Grade) -> str:
    """A heading over every finding at this grade's level: the label without species or
    finding-specific notes ("Animal", "Human clinical, control not recorded")."""
    kept = tuple(n for n in grade.notes if n == CONTROL_NOT_RECORDED)
    return grade_label(Grade(grade.level, (), kept, grade.regulatory, grade.context))


def status_text(status: RegulatoryStatus) -> str:
    """A regulatory status in one line, as compare and search show it."""
    if not status.established:
        return f"{status.status_label}: {status.reason}"
    when = f", as of {status.as_of.isoformat()}" if status.as_of else ""
    return f"{status.status_label} ({status.confidence.replace('_', ' ')}{when})"


def source_grade(source: Source) -> Grade:
    """A source graded on its own (a finding citing it may sit lower: see evidence-scale.md)."""
    level = source_level(source)
    species = (
        (source.study.species.lower(),) if level is Level.ANIMAL and source.study.species else ()
    )
    notes: list[str] = []
    if level is Level.HUMAN_UNCONTROLLED and control_not_recorded([source]):
        notes.append(CONTROL_NOT_RECORDED)
    if source.study.design_basis == "title" and level is not Level.UNCLASSIFIED:
        notes.append(DESIGN_FROM_TITLE)
    return Grade(level, species, tuple(notes), context=is_general_guidance(source))


def source_label(source: Source) -> str:
    return grade_label(source_grade(source))


DESIGN_LABELS = {
    "biochemical": "biochemical assay", "cell_culture": "cell culture", "ex_vivo": "ex vivo",
    "in_vivo": "in vivo", "imaging": "imaging", "pharmacokinetics": "pharmacokinetics",
    "biomarker": "biomarkers", "clinical_trial": "clinical study", "case_series": "case series",
    "observational": "observational study", "systematic_review": "systematic review",
    "narrative_review": "review", "regulatory": "regulator's page",
    "unknown": "design not recorded",
}  # fmt: skip


def design_text(source: Source) -> str:
    """The study design in words, e.g. "in vivo · rat" or "clinical study · patients"."""
    study = source.study
    if is_general_guidance(source):
        return "regulator's general guidance · names no peptide"
    parts = [DESIGN_LABELS.get(study.design.value, study.design.value)]
    if study.species and study.design.value not in ("clinical_trial", "imaging", "regulatory"):
        parts.append(study.species)
    if study.population:
        parts.append(study.population.replace("_", " "))
    if CONTROL_NOT_RECORDED in source_grade(source).notes:
        parts.append(CONTROL_NOT_RECORDED)
    elif study.control == "none":
        parts.append("no control group")
    if study.design_basis == "title":
        parts.append(DESIGN_FROM_TITLE)
    return " · ".join(parts)
