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


# --- the evidence key: what each badge means ---------------------------------------------------
# slug → (text on the badge, what the level means in plain words). The badge is short; the full
# label (with species and what must not be hidden) stands beside it, and every badge links to
# its entry on the evidence-scale page.
EVIDENCE_KEY: dict[str, tuple[str, str]] = {
    "regulator-reviewed": (
        "Regulator-reviewed",
        "A regulator's own document about this peptide, such as a label or an assessment report.",
    ),
    "systematic-review": (
        "Systematic review",
        "A structured review that gathers and appraises every study it can find on a question.",
    ),
    "human-randomised": (
        "Human, randomised",
        "People were allocated at random to the peptide or to a comparison group.",
    ),
    "human-controlled": (
        "Human, controlled",
        "People given the peptide were compared with a control group, without (recorded) "
        "random allocation.",
    ),
    "human-uncontrolled": (
        "Human, uncontrolled",
        "People were given the peptide and an outcome was measured, with no comparison group "
        "recorded.",
    ),
    "human-mechanistic": (
        "Human mechanistic",
        "Measured in people, but a body process (a scan, a blood marker, drug levels), not a "
        "health outcome.",
    ),
    "animal": ("Animal", "Measured in living animals; the species is named beside the badge."),
    "in-vitro": ("In vitro", "Measured in cells, tissue or a test tube, outside a living body."),
    "unclassified": (
        "Unclassified",
        "The study design is not recorded, or the source reports no data of its own.",
    ),
    "regulatory": (
        REGULATORY_STATEMENT,
        "What a regulator or a register states about a peptide's status: not evidence of any "
        "effect.",
    ),
    "regulatory-general": (
        GENERAL_GUIDANCE,
        "A regulator's general document that names no particular peptide: context only.",
    ),
}


def badge_parts(slug: str, label: str) -> tuple[str, str | None]:
    """(text on the badge, the detail shown beside it) for a grade's ``slug`` and full ``label``.

    "Animal (rat; design from title)" → ("Animal", "rat; design from title");
    "Human clinical, control not recorded" → ("Human, uncontrolled", "control not recorded").
    """
    short = EVIDENCE_KEY.get(slug, (label, ""))[0]
    if label == short:
        return short, None
    base, _, rest = label.partition(" (")
    details = [rest.rstrip(")")] if rest else []
    if base.endswith("control not recorded"):
        details.insert(0, "control not recorded")
    elif base not in (short, Level.HUMAN_UNCONTROLLED.label) and not details:
        details = [label]
    elif base != short and base.startswith("Human clinical") and not details:
        details = []
    return short, "; ".join(details) or None
