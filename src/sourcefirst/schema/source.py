"""Bibliographic sources: CSL-JSON-compatible fields plus verification and study attributes."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from sourcefirst.schema.appraisal import ReadRecord, RiskOfBias, SafetyRecord
from sourcefirst.schema.common import Record, Slug, Text
from sourcefirst.schema.identifiers import check_doi, check_pmcid, check_pmid, check_url
from sourcefirst.schema.jurisdictions import Jurisdiction
from sourcefirst.schema.retraction import Notice


class Verification(StrEnum):
    """How far an identifier was verified, strongest first (see docs/content-format.md)."""

    REGISTRY = "registry"
    PUBLISHER = "publisher"
    MIRROR = "mirror"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"

    @property
    def confirmed(self) -> bool:
        return self in (Verification.REGISTRY, Verification.PUBLISHER, Verification.MIRROR)

    @property
    def label(self) -> str:
        return {
            Verification.REGISTRY: "verified on PubMed/PMC",
            Verification.PUBLISHER: "verified on the publisher's page",
            Verification.MIRROR: "verified on a bibliographic mirror",
            Verification.SECONDARY: "unconfirmed: seen only in secondary lists",
            Verification.UNVERIFIED: "unconfirmed: not seen anywhere",
        }[self]


class SeenAt(Record):
    """Where an identifier was seen, and when: the page (or database record) an editor read.

    ``where`` describes the place when no address is known (e.g. "secondary compilations, per
    the reference notes"): an address is never invented to fill the field.
    """

    url: Text | None = None
    where: Text | None = None
    date: dt.date

    @field_validator("url")
    @classmethod
    def _http_or_https(cls, value: str | None) -> str | None:
        if value is None:
            return value
        return check_url(value, ("https", "http"), "seen_at.url (the page's address)")

    @model_validator(mode="after")
    def _somewhere(self) -> SeenAt:
        if self.url is None and self.where is None:
            raise ValueError("seen_at needs `url` (the page) or, when no address is known, `where`")
        return self


class Identifier(Record):
    value: Text
    verification: Verification
    seen_at: SeenAt | None = None
    note: str | None = None


class Identifiers(Record):
    pmid: Identifier | None = None
    doi: Identifier | None = None
    pmcid: Identifier | None = None
    url: Identifier | None = None

    @field_validator("pmid")
    @classmethod
    def _pmid(cls, value: Identifier | None) -> Identifier | None:
        if value is not None:
            check_pmid(value.value)
        return value

    @field_validator("doi")
    @classmethod
    def _doi(cls, value: Identifier | None) -> Identifier | None:
        if value is not None:
            check_doi(value.value)
        return value

    @field_validator("pmcid")
    @classmethod
    def _pmcid(cls, value: Identifier | None) -> Identifier | None:
        if value is not None:
            check_pmcid(value.value)
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: Identifier | None) -> Identifier | None:
        if value is not None:
            check_url(value.value)
        return value


class Name(Record):
    family: str | None = None
    given: str | None = None
    literal: str | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Name:
        if not (self.family or self.literal):
            raise ValueError("a name needs `family` (a person) or `literal` (an organisation)")
        return self

    @property
    def display(self) -> str:
        if self.literal:
            return self.literal
        # Vancouver initials: "N F" → "NF", "Sheryl A." → "SA", "Jean-Paul" → "JP"
        parts = [p for p in re.split(r"[\s.\-]+", self.given or "") if p]
        initials = "".join(p[0] for p in parts)
        return f"{self.family} {initials}".strip()


class Issued(Record):
    year: int = Field(ge=1800, le=2100)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)


class Design(StrEnum):
    BIOCHEMICAL = "biochemical"
    CELL_CULTURE = "cell_culture"
    EX_VIVO = "ex_vivo"
    IN_VIVO = "in_vivo"
    IMAGING = "imaging"
    PHARMACOKINETICS = "pharmacokinetics"
    BIOMARKER = "biomarker"
    CLINICAL_TRIAL = "clinical_trial"
    CASE_SERIES = "case_series"
    OBSERVATIONAL = "observational"
    SYSTEMATIC_REVIEW = "systematic_review"
    NARRATIVE_REVIEW = "narrative_review"
    REGULATORY = "regulatory"
    UNKNOWN = "unknown"  # the design is not recorded; evidence level is then unclassified


class Study(Record):
    design: Design
    species: str | None = None
    system: str | None = None
    population: Literal["healthy_volunteers", "patients"] | None = None
    condition: str | None = None
    control: Literal["none", "placebo", "active", "unknown"] | None = None
    randomised: bool | None = None
    n: int | None = Field(default=None, ge=1)
    peer_reviewed: bool = True
    # "title": the design (and species) were read from the title alone; graded like any design,
    # but every label says "design from title" (docs/evidence-scale.md)
    design_basis: Literal["recorded", "title"] = "recorded"

    @property
    def human(self) -> bool:
        return (self.species or "").strip().lower() in {"human", "humans", "homo sapiens"}

    @property
    def in_people(self) -> bool:
        """A study of living people (not human material in a dish, not an animal study)."""
        if self.design in (Design.CLINICAL_TRIAL, Design.CASE_SERIES, Design.OBSERVATIONAL):
            return self.species is None or self.human
        return self.human and self.design in (
            Design.IN_VIVO,
            Design.IMAGING,
            Design.PHARMACOKINETICS,
            Design.BIOMARKER,
        )


SourceType = Literal[
    "article-journal", "review", "webpage", "report", "book", "chapter", "paper-conference"
]


class Source(Record):
    id: Slug
    type: SourceType
    title: Text
    author: list[Name] = Field(default_factory=list)
    et_al: bool = False
    container_title: str | None = Field(default=None, alias="container-title")
    container_title_short: str | None = Field(default=None, alias="container-title-short")
    issued: Issued | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    language: str = Field(default="en", pattern=r"^[a-z]{2}$")
    publisher: str | None = None
    translation: str | None = None
    identifiers: Identifiers = Field(default_factory=Identifiers)
    unverified_fields: list[str] = Field(default_factory=list)
    study: Study
    # which peptides the source names, and the jurisdiction a regulator's document speaks for:
    # a regulator's page that names no peptide is general guidance (context), not evidence
    # about any peptide, and a regulatory status needs a source naming the peptide there
    names_peptides: list[Slug] = Field(default_factory=list)
    jurisdiction: Jurisdiction | None = None
    read: ReadRecord | None = None  # what the editor read (None: not recorded)
    risk_of_bias: RiskOfBias | None = None
    safety: SafetyRecord | None = None  # human studies only
    summary: Text
    notes: str | None = None
    # written by `sourcefirst import` (issue 10); an editor reviews each before publishing
    original_title: str | None = None  # the title in the original language, when translated
    publication_types: list[str] = Field(default_factory=list)  # as the database states them
    design_suggested: Design | None = None  # from publication types; the editor sets study.design
    retraction: Notice | None = None  # a retraction, erratum or concern notice
    draft: bool = False  # imported and not yet reviewed by an editor

    @field_validator("volume", "issue", "page", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @field_validator("safety")
    @classmethod
    def _human_safety(cls, value: SafetyRecord | None, info: ValidationInfo) -> object:
        study = info.data.get("study")
        if value is not None and isinstance(study, Study) and not study.in_people:
            raise PydanticCustomError(
                "SF942",
                "a safety record belongs to a study in people; this one is {design} "
                "(species: {species})",
                {"design": study.design.value, "species": study.species or "not recorded"},
            )
        return value

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None

    @property
    def confirmed_ids(self) -> list[Identifier]:
        ids = self.identifiers
        return [
            i for i in (ids.pmid, ids.doi, ids.pmcid, ids.url) if i and i.verification.confirmed
        ]
