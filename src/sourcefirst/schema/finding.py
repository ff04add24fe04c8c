"""Findings: one evidence statement each, with its model, sources and boundary."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from sourcefirst.schema.appraisal import CertaintyNotes
from sourcefirst.schema.common import Record, Slug, Text
from sourcefirst.schema.retraction import RetractionAck


class FindingKind(StrEnum):
    MECHANISM = "mechanism"
    OUTCOME = "outcome"
    PHARMACOKINETICS = "pharmacokinetics"
    SAFETY = "safety"
    REGULATORY = "regulatory"


class Setting(StrEnum):
    IN_VITRO = "in_vitro"
    EX_VIVO = "ex_vivo"
    IN_VIVO = "in_vivo"
    HUMAN = "human"


class Quantity(Record):
    name: Text
    value: float
    uncertainty: float | None = Field(default=None, ge=0)
    approximate: bool = False
    unit: Text

    @property
    def display(self) -> str:
        value = f"{self.value:g}"
        text = f"{'about ' if self.approximate else ''}{value}"
        if self.uncertainty is not None:
            text += f" ± {self.uncertainty:g}"
        return f"{self.name} {text} {self.unit}"


class Model(Record):
    species: str | None = None
    system: str | None = None
    setting: Setting

    @property
    def display(self) -> str:
        parts = [p for p in (self.species, self.system) if p]
        return ", ".join(parts) if parts else self.setting.value.replace("_", " ")


class Finding(Record):
    id: Slug
    peptides: list[Slug] = Field(min_length=1)
    topic: Slug
    kind: FindingKind
    statement: Text
    quantity: Quantity | None = None
    also: list[Quantity] = Field(default_factory=list)  # further values the statement reports
    model: Model
    sources: list[Slug] = Field(min_length=1)
    boundary: Text | None = None
    results_recorded: bool = True  # false: a study is known, but not what it found
    retracted_sources: list[RetractionAck] = Field(default_factory=list)  # see checks/intake
    certainty: CertaintyNotes = CertaintyNotes()  # surrogate endpoint, editor's downgrades

    @property
    def quantities(self) -> list[Quantity]:
        return ([self.quantity] if self.quantity else []) + list(self.also)
