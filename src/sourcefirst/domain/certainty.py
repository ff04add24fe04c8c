"""Certainty of a body of evidence per peptide × outcome, GRADE-style.

An outcome is a peptide × topic over the peptide's outcome findings. Its human evidence starts
at "high" when a randomised trial is among it and at "low" otherwise, and is downgraded for
risk of bias, inconsistency, indirectness, imprecision and reporting, each with its reason in
words. Outcomes with only animal or in-vitro evidence get no grade: "no human evidence".
The steps are documented, with worked examples, in docs/evidence-scale.md ("Certainty").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from sourcefirst.domain.evidence import Level, grade_finding, source_level
from sourcefirst.schema.appraisal import RISK_ITEMS, Domain, ReadLevel
from sourcefirst.schema.finding import Finding, FindingKind
from sourcefirst.schema.source import Design, Source


class Certainty(IntEnum):
    VERY_LOW = 1
    LOW = 2
    MODERATE = 3
    HIGH = 4

    @property
    def symbols(self) -> str:
        return "⊕" * int(self) + "◯" * (4 - int(self))

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", " ")

    @property
    def meaning(self) -> str:
        return MEANINGS[self]


MEANINGS: dict[Certainty, str] = {
    Certainty.HIGH: "We are very confident that the studies capture the real effect.",
    Certainty.MODERATE: (
        "The real effect is probably close to what the studies found, but it may differ."
    ),
    Certainty.LOW: "The real effect may be quite different from what the studies found.",
    Certainty.VERY_LOW: (
        "We have very little confidence in any effect: the real one could be very different."
    ),
}
NO_HUMAN = "no human evidence"
RESULTS_MISSING = "what the study found is not recorded in what we read"
OUTCOME_KINDS = {FindingKind.OUTCOME}
CORE_RISK_ITEMS = ("randomisation", "allocation_concealment")  # only for randomised trials
INFORMATION_SIZE = 400  # rule-of-thumb optimal information size (continuous outcomes)
SMALL_STUDY = 100


def is_human_evidence(level: Level) -> bool:
    return Level.HUMAN_MECHANISTIC <= level <= Level.SYSTEMATIC_REVIEW


def short_name(source: Source) -> str:
    """ "Gusev 2018": first author's family name and year; with no author recorded, the title's
    first words and the year (never the internal id, which readers are never shown)."""
    first = source.author[0] if source.author else None
    name = (first.family or first.literal) if first else None
    if name is None:
        words = source.title.split()
        name = "“" + " ".join(words[:5]) + ("…”" if len(words) > 5 else "”")
    return f"{name} {source.year or 'n.d.'}"


@dataclass(frozen=True, slots=True)
class Reduction:
    """One step down, in one GRADE domain, with its reason in words."""

    domain: str  # risk of bias | inconsistency | indirectness | imprecision | reporting
    levels: int
    reason: str
    derived: bool  # computed from recorded data (False: an editor's judgement)


@dataclass(frozen=True, slots=True)
class OutcomeCertainty:
    peptide: str
    topic: str
    findings: tuple[str, ...]
    human_sources: tuple[str, ...]  # the human studies the rating rests on
    other_levels: tuple[str, ...]  # badges of the non-human evidence, e.g. "Animal (rat)"
    participants: int | None  # total people in the human studies (None: not all recorded)
    start: Certainty | None
    start_reason: str
    reductions: tuple[Reduction, ...]
    certainty: Certainty | None  # None: no human evidence

    @property
    def label(self) -> str:
        """ "⊕⊕◯◯ low" or "no human evidence": the one wording every view uses."""
        if self.certainty is None:
            return NO_HUMAN
        return f"{self.certainty.symbols} {self.certainty.label}"

    @property
    def slug(self) -> str:
        return "none" if self.certainty is None else self.certainty.label.replace(" ", "-")

    @property
    def plain(self) -> str:
        """What the rating means, in one plain sentence."""
        if self.certainty is None:
            kinds = ", ".join(self.other_levels) or "non-human"
            return f"No study in people is recorded for this outcome; the evidence is {kinds} work."
        if any(RESULTS_MISSING in r.reason for r in self.reductions):
            return f"What the human evidence found is not recorded here. {self.certainty.meaning}"
        return self.certainty.meaning


def outcome_findings(findings: list[Finding]) -> dict[tuple[str, str], list[Finding]]:
    """Outcome findings grouped by (peptide, topic), in the order given."""
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.kind in OUTCOME_KINDS:
            for peptide in finding.peptides:
                grouped.setdefault((peptide, finding.topic), []).append(finding)
    return grouped


def starting_point(studies: list[Source]) -> tuple[Certainty, str]:
    randomised = [
        s for s in studies if s.study.design is Design.CLINICAL_TRIAL and s.study.randomised
    ]
    if randomised:
        names = ", ".join(short_name(s) for s in randomised)
        return Certainty.HIGH, f"high, for a randomised trial ({names})"
    return Certainty.LOW, "low: no randomised trial is recorded among the human studies"


def risk_of_bias(studies: list[Source]) -> Reduction | None:
    """From the recorded risk-of-bias items and comparison groups of each study."""
    reasons: list[str] = []
    worst = 0
    for source in studies:
        study = source.study
        items = source.risk_of_bias.items() if source.risk_of_bias else dict.fromkeys(RISK_ITEMS)
        if not (study.design is Design.CLINICAL_TRIAL and study.randomised):
            items = {k: v for k, v in items.items() if k not in CORE_RISK_ITEMS}
        high = [RISK_ITEMS[k] for k, v in items.items() if v == "no"]
        assessed = [k for k, v in items.items() if v == "yes"]
        name = short_name(source)
        if high:
            worst = max(worst, 2 if len(high) >= 2 else 1)
            reasons.append(f"{name}: not in place: {'; '.join(high)}")
        elif not assessed:
            worst = max(worst, 1)
            missing = "not reported or unclear" if source.risk_of_bias else "not recorded"
            reasons.append(f"{name}: no safeguard against bias could be confirmed ({missing})")
        if study.design in (Design.CLINICAL_TRIAL, Design.CASE_SERIES) and study.control in (
            None,
            "none",
            "unknown",
        ):
            worst = max(worst, 1)
            what = "had no" if study.control == "none" else "has no recorded"
            reasons.append(f"{name} {what} comparison group")
    return Reduction("risk of bias", min(worst, 2), "; ".join(reasons), True) if worst else None


def indirectness(findings: list[Finding], studies: list[Source]) -> list[Reduction]:
    found = []
    surrogate = [f for f in findings if f.certainty.surrogate]
    if surrogate:
        found.append(
            Reduction(
                "indirectness",
                1,
                "the outcome measured is a surrogate endpoint, not one people feel",
                True,
            )
        )
    if studies and all(s.study.population == "healthy_volunteers" for s in studies):
        found.append(
            Reduction(
                "indirectness", 1, "measured only in healthy volunteers, not in patients", True
            )
        )
    return found


def imprecision(studies: list[Source]) -> tuple[Reduction | None, int | None]:
    sizes = [s.study.n for s in studies]
    if any(n is None for n in sizes):
        unknown = [short_name(s) for s in studies if s.study.n is None]
        reason = f"number of participants not recorded ({', '.join(unknown)})"
        return Reduction("imprecision", 1, reason, True), None
    total = sum(n for n in sizes if n is not None)
    if len(studies) == 1 and total < SMALL_STUDY:
        reason = f"a single study of {total} participants"
        return Reduction("imprecision", 2, reason, True), total
    if total < INFORMATION_SIZE:
        reason = f"{total} participants in total, fewer than about {INFORMATION_SIZE}"
        return Reduction("imprecision", 1, reason, True), total
    return None, total


def reporting(findings: list[Finding], studies: list[Source]) -> Reduction | None:
    reasons = []
    if any(not f.results_recorded for f in findings):
        reasons.append(RESULTS_MISSING)
    if studies and all(
        s.read is not None and s.read.level is ReadLevel.TITLE_ONLY for s in studies
    ):
        reasons.append("the human evidence is known only from its title")
    if not reasons:
        return None
    return Reduction("reporting", min(len(reasons), 2), "; ".join(reasons), True)


def editor_reductions(findings: list[Finding]) -> list[Reduction]:
    found = []
    for finding in findings:
        for step in finding.certainty.downgrades:
            domain = "inconsistency" if step.domain is Domain.INCONSISTENCY else "indirectness"
            found.append(Reduction(domain, step.levels, step.reason or "", False))
    return found


DOMAIN_ORDER = ("risk of bias", "inconsistency", "indirectness", "imprecision", "reporting")


def rate_outcome(
    peptide: str, topic: str, findings: list[Finding], sources: Mapping[str, Source]
) -> OutcomeCertainty:
    """Rate one outcome's body of evidence (see the module docstring for the steps)."""
    grades = {f.id: grade_finding(f, sources) for f in findings}
    human = [f for f in findings if is_human_evidence(grades[f.id].level)]
    other = tuple(dict.fromkeys(grades[f.id].badge for f in findings if f not in human))
    studies = list(
        {
            s: sources[s]
            for f in human
            for s in f.sources
            if s in sources and is_human_evidence(source_level(sources[s]))
        }.values()
    )
    ids = tuple(f.id for f in findings)
    if not studies:
        return OutcomeCertainty(peptide, topic, ids, (), other, None, None, NO_HUMAN, (), None)
    start, start_reason = starting_point(studies)
    steps: list[Reduction] = []
    bias = risk_of_bias(studies)
    steps += [bias] if bias else []
    steps += editor_reductions(human)
    steps += indirectness(human, studies)
    precise, total = imprecision(studies)
    steps += [precise] if precise else []
    report = reporting(human, studies)
    steps += [report] if report else []
    steps.sort(key=lambda r: DOMAIN_ORDER.index(r.domain))
    # each domain lowers the rating by at most two levels
    per_domain: dict[str, int] = {}
    for step in steps:
        per_domain[step.domain] = min(2, per_domain.get(step.domain, 0) + step.levels)
    rating = Certainty(max(int(Certainty.VERY_LOW), int(start) - sum(per_domain.values())))
    return OutcomeCertainty(
        peptide,
        topic,
        ids,
        tuple(s.id for s in studies),
        other,
        total,
        start,
        start_reason,
        tuple(steps),
        rating,
    )


def rate_outcomes(
    findings: list[Finding], sources: Mapping[str, Source]
) -> dict[tuple[str, str], OutcomeCertainty]:
    """Every (peptide, topic) outcome among ``findings``, rated."""
    return {
        key: rate_outcome(key[0], key[1], group, sources)
        for key, group in outcome_findings(findings).items()
    }
