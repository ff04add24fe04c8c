"""Safety as reported: what each human study said about adverse events, or that we do not know.

Reporting only: no advice, no dosing. Built from the `safety:` record of each human source a
peptide's findings cite; a human study without one is "not recorded in what we read".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sourcefirst.domain.certainty import is_human_evidence, short_name
from sourcefirst.domain.evidence import source_level
from sourcefirst.schema.appraisal import SafetyStatus
from sourcefirst.schema.finding import Finding
from sourcefirst.schema.source import Source


@dataclass(frozen=True, slots=True)
class SafetyEntry:
    source: str
    study: str  # "Gusev 2018"
    population: str  # "patients with ischemic stroke", "healthy volunteers"
    participants: int | None
    status: SafetyStatus
    detail: str | None

    @property
    def status_label(self) -> str:
        return self.status.label


def _population(source: Source) -> str:
    """Who was studied: "patients: ischemic stroke", "healthy volunteers" (the condition is
    written by editors as a phrase of its own, so it is not forced into "… with …")."""
    study = source.study
    who = (study.population or "people").replace("_", " ")
    return f"{who}: {study.condition}" if study.condition else who


def safety_entries(findings: list[Finding], sources: Mapping[str, Source]) -> list[SafetyEntry]:
    """One entry per human study cited by ``findings``, in order of first citation."""
    entries = []
    seen: set[str] = set()
    for finding in findings:
        for source_id in finding.sources:
            source = sources.get(source_id)
            if source is None or source_id in seen or not source.study.in_people:
                continue
            if not is_human_evidence(source_level(source)):
                continue
            seen.add(source_id)
            record = source.safety
            entries.append(
                SafetyEntry(
                    source=source_id,
                    study=short_name(source),
                    population=_population(source),
                    participants=(record.participants if record else None) or source.study.n,
                    status=record.status if record else SafetyStatus.NOT_RECORDED,
                    detail=record.detail if record else None,
                )
            )
    return entries


def safety_summary(entries: list[SafetyEntry]) -> str:
    """One line: how many human studies, how many reported on adverse events."""
    if not entries:
        return "No human study is recorded, so nothing on safety in people can be reported."
    reported = [
        e for e in entries if e.status in (SafetyStatus.ADVERSE_EVENTS, SafetyStatus.NONE_OBSERVED)
    ]
    unknown = [e for e in entries if e.status is SafetyStatus.NOT_RECORDED]
    silent = [e for e in entries if e.status is SafetyStatus.NOT_REPORTED]
    parts = [f"{len(entries)} human stud{'y' if len(entries) == 1 else 'ies'}"]
    parts.append(f"{len(reported)} with a report on adverse events or tolerability")
    if silent:
        parts.append(f"{len(silent)} that reported nothing on them")
    if unknown:
        parts.append(f"{len(unknown)} where it is not recorded in what we read")
    return "; ".join(parts) + "."
