"""Appraisal records: what an editor read, risk-of-bias items, safety as reported, and the
certainty judgements an editor records on a finding (docs/evidence-scale.md, "Certainty")."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from sourcefirst.schema.common import Record


class ReadLevel(StrEnum):
    """How much of a source the editor read, most first."""

    FULL_TEXT = "full_text"
    ABSTRACT = "abstract"
    TITLE_ONLY = "title_only"

    @property
    def label(self) -> str:
        return {
            ReadLevel.FULL_TEXT: "full text read",
            ReadLevel.ABSTRACT: "abstract only",
            ReadLevel.TITLE_ONLY: "title only",
        }[self]


class ReadRecord(Record):
    """What the editor read of a source, and in which language."""

    level: ReadLevel
    language: Literal["original", "translation"]
    note: str | None = None


# The answer to each risk-of-bias question; "yes" means the safeguard is in place.
RISK_VALUES = ("yes", "no", "unclear", "not reported")
RISK_ITEMS: dict[str, str] = {
    "randomisation": "allocation randomised with an adequate sequence",
    "allocation_concealment": "allocation concealed from those enrolling",
    "blinding_participants": "participants and personnel blinded",
    "blinding_assessors": "outcome assessors blinded",
    "attrition": "outcome data complete (little or balanced attrition)",
    "selective_reporting": "every planned outcome reported",
    "funding_conflicts": "funding and conflicts declared, none from the developers",
}


def _risk_value(value: object) -> str:
    # YAML 1.1 reads bare yes/no as booleans; accept them as the words they were written as
    if value is True:
        return "yes"
    if value is False:
        return "no"
    text = str(value).strip().lower().replace("_", " ") if isinstance(value, str) else value
    if text not in RISK_VALUES:
        raise PydanticCustomError(
            "SF940",
            "unknown risk-of-bias value '{value}': use yes, no, unclear or not reported",
            {"value": value},
        )
    return str(text)


class RiskOfBias(Record):
    """Risk-of-bias items of one study, where known; an absent item is "not recorded"."""

    randomisation: str | None = None
    allocation_concealment: str | None = None
    blinding_participants: str | None = None
    blinding_assessors: str | None = None
    attrition: str | None = None
    selective_reporting: str | None = None
    funding_conflicts: str | None = None

    @field_validator(*RISK_ITEMS, mode="before")
    @classmethod
    def _known(cls, value: object) -> object:
        return None if value is None else _risk_value(value)

    def items(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in RISK_ITEMS}


class SafetyStatus(StrEnum):
    ADVERSE_EVENTS = "adverse_events"  # the study reported adverse events or tolerability
    NONE_OBSERVED = "none_observed"  # the study reported that no adverse events occurred
    NOT_REPORTED = "not_reported"  # the study says nothing about adverse events
    NOT_RECORDED = "not_recorded"  # what we read does not tell us

    @property
    def label(self) -> str:
        return {
            SafetyStatus.ADVERSE_EVENTS: "adverse events reported",
            SafetyStatus.NONE_OBSERVED: "reported no adverse events",
            SafetyStatus.NOT_REPORTED: "reported nothing on adverse events",
            SafetyStatus.NOT_RECORDED: "not recorded in what we read",
        }[self]


class SafetyRecord(Record):
    """What one human study reported about adverse events and tolerability. Reporting only."""

    status: SafetyStatus
    detail: str | None = None  # what was reported, in our own words
    participants: int | None = None  # people the safety report covers, when stated

    @model_validator(mode="after")
    def _detail(self) -> SafetyRecord:
        if self.status is SafetyStatus.ADVERSE_EVENTS and not (self.detail or "").strip():
            raise PydanticCustomError(
                "SF943", "a safety record of adverse_events needs `detail`: what was reported"
            )
        return self


class Domain(StrEnum):
    INCONSISTENCY = "inconsistency"
    INDIRECTNESS = "indirectness"


class Downgrade(Record):
    """An editor's downgrade for a judgement that cannot be computed, always with a reason."""

    domain: Domain
    levels: Literal[1, 2] = 1
    reason: str | None = None

    @model_validator(mode="after")
    def _reason(self) -> Downgrade:
        if not (self.reason or "").strip():
            raise PydanticCustomError(
                "SF941",
                "a certainty downgrade ({domain}) needs a `reason` in words",
                {"domain": self.domain.value},
            )
        return self


class CertaintyNotes(Record):
    """On a finding: what bears on the certainty of its outcome beyond the recorded data."""

    surrogate: bool = False  # the outcome measured is a surrogate endpoint
    downgrades: list[Downgrade] = Field(default_factory=list)
