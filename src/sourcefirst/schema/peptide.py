"""Peptides and the parent proteins their sequences are compared against."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from sourcefirst.schema.common import Change, Record, Slug, Text
from sourcefirst.schema.jurisdictions import JURISDICTION_NAMES, Jurisdiction

ONE_LETTER_RE = re.compile(r"^[ACDEFGHIKLMNPQRSTVWY]+$")
# A residue token: a three-letter code (standard or not: Nle, Aib, Orn …), optionally D-.
RESIDUE = r"(?:D-)?[A-Z][a-z]{2}"
THREE_LETTER_RE = re.compile(rf"^{RESIDUE}(?:-{RESIDUE})*$")
RESIDUE_RE = re.compile(RESIDUE)


def residue_tokens(three_letter: str) -> list[str]:
    """The residues of a three-letter sequence: ``Nle-Asp-D-Phe`` → ``[Nle, Asp, D-Phe]``."""
    return RESIDUE_RE.findall(three_letter)


class NonStandardResidue(Record):
    """A residue with no standard one-letter code, or a D-amino acid, at a 1-based position."""

    position: int = Field(ge=1)
    residue: str = Field(pattern=rf"^{RESIDUE}$")
    name: Text


class Sequence(Record):
    """The covalent structure as far as the sources state it.

    Chemistry is computed only for a linear chain of standard L-residues (`computable`);
    anything else (a ring, a non-standard residue, a side chain) is described in words and the
    page says why nothing is computed.
    """

    one_letter: str | None = None
    three_letter: str
    n_terminus: Literal["free", "acetyl"] = "free"
    c_terminus: Literal["free", "amide"] = "free"
    cyclic: Text | None = None
    nonstandard: list[NonStandardResidue] = Field(default_factory=list)
    side_chains: list[Text] = Field(default_factory=list)

    @property
    def residues(self) -> list[str]:
        return residue_tokens(self.three_letter)

    @property
    def length(self) -> int:
        return len(self.residues)

    @property
    def not_computed_reason(self) -> str | None:
        """Why formula, masses and pI are not computed from this sequence (None: they are)."""
        reasons = []
        if self.nonstandard:
            names = ", ".join(f"{r.residue} ({r.name})" for r in self.nonstandard)
            reasons.append(f"it contains residues with no standard code: {names}")
        if self.cyclic:
            reasons.append("it is cyclic")
        if self.side_chains:
            reasons.append("a side chain carries a modification")
        if not reasons:
            return None
        return "Not computed from the sequence because " + "; ".join(reasons) + "."

    @property
    def computable(self) -> bool:
        return self.one_letter is not None and self.not_computed_reason is None

    @property
    def notation(self) -> str:
        """One-letter form with its terminal groups, as the sequence parser reads it."""
        if self.one_letter is None:
            raise ValueError("a sequence with non-standard residues has no one-letter notation")
        n = "Ac-" if self.n_terminus == "acetyl" else ""
        c = "-NH2" if self.c_terminus == "amide" else ""
        return f"{n}{self.one_letter}{c}"

    @field_validator("one_letter")
    @classmethod
    def _one(cls, value: str | None) -> str | None:
        if value is not None and not ONE_LETTER_RE.match(value):
            raise ValueError("one-letter sequence must use the 20 standard residue letters")
        return value

    @field_validator("three_letter")
    @classmethod
    def _three(cls, value: str) -> str:
        if not THREE_LETTER_RE.match(value):
            raise ValueError("three-letter sequence must look like Met-Glu-His (or D-Phe, Nle)")
        return value

    @model_validator(mode="after")
    def _forms_agree(self) -> Sequence:
        residues = self.residues
        if self.one_letter is not None and len(self.one_letter) != len(residues):
            raise ValueError("one- and three-letter sequences have different lengths")
        if self.one_letter is not None and self.nonstandard:
            raise ValueError(
                "a sequence with non-standard residues has no one-letter form; omit `one_letter`"
            )
        if self.one_letter is None and not self.nonstandard:
            raise ValueError("`one_letter` is required unless `nonstandard` residues are listed")
        for item in self.nonstandard:
            if item.position > len(residues) or residues[item.position - 1] != item.residue:
                raise ValueError(
                    f"nonstandard residue {item.residue} is not at position {item.position} of "
                    "the three-letter sequence"
                )
        return self


ResidueRange = tuple[int, int]


class OriginSegment(Record):
    peptide_residues: ResidueRange
    protein: Slug | None = None
    protein_residues: ResidueRange | None = None
    synthetic: bool = False
    label: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> OriginSegment:
        if self.synthetic == (self.protein is not None):
            raise ValueError("a segment is either `synthetic: true` or names a `protein`")
        if self.protein is not None and self.protein_residues is None:
            raise ValueError("a protein segment needs `protein_residues`")
        for lo, hi in filter(None, (self.peptide_residues, self.protein_residues)):
            if not 1 <= lo <= hi:
                raise ValueError(f"residue range {lo}-{hi} is not a valid 1-based range")
        return self


class Origin(Record):
    parent: Slug
    segments: list[OriginSegment] = Field(min_length=1)
    modification: Text
    naming_note: str | None = None


ESTABLISHED = ("approved", "prescription", "not_approved")


class RegulatoryStatus(Record):
    jurisdiction: Jurisdiction
    # not_established: no cited source states a status for this jurisdiction (see `reason`)
    status: Literal["approved", "prescription", "not_approved", "unknown", "not_established"]
    detail: Text
    reason: str | None = None  # why the status is not established (required then)
    needs_source: Slug | None = None  # the needs-source claim that holds the reported status
    as_of: dt.date | None = None  # the date a cited source was seen (see docs/content-format.md)
    sources: list[Slug] = Field(default_factory=list)
    confidence: Literal["corroborated", "single_report", "secondary", "unconfirmed"]

    @model_validator(mode="after")
    def _reason(self) -> RegulatoryStatus:
        if self.status == "not_established" and not (self.reason or "").strip():
            raise ValueError("a `not_established` status needs a `reason`")
        return self

    @property
    def established(self) -> bool:
        return self.status in ESTABLISHED

    @property
    def jurisdiction_name(self) -> str:
        return JURISDICTION_NAMES[self.jurisdiction]

    @property
    def status_label(self) -> str:
        return {
            "approved": "Approved",
            "prescription": "Prescription medicine",
            "not_approved": "Not approved",
            "unknown": "Unknown",
            "not_established": "Not established",
        }[self.status]


class StatedChemistry(Record):
    """Values stated in the literature; `check` compares them with the computed ones."""

    formula: str | None = None
    average_mass: float | None = Field(default=None, gt=0)
    monoisotopic_mass: float | None = Field(default=None, gt=0)
    basis: Text  # where the stated values come from, and how solid that is


class Peptide(Record):
    id: Slug
    name: Text
    aliases: list[str] = Field(default_factory=list)
    categories: list[Slug] = Field(default_factory=list)
    sequence: Sequence | None = None
    composition: Text | None = None  # what the sources say a mixture is, when no sequence
    salt: Text | None = None  # the salt form the sources describe (e.g. "acetate")
    origin: Origin | None = None  # only for fragments or analogues of a parent protein
    summary: Text
    regulatory: list[RegulatoryStatus] = Field(default_factory=list)
    stated_chemistry: StatedChemistry | None = None
    reviewed: dt.date
    changes: list[Change] = Field(default_factory=list)  # "What changed", newest first

    @model_validator(mode="after")
    def _identity(self) -> Peptide:
        if self.sequence is None and self.composition is None:
            raise ValueError(
                "give a `sequence`, or a `composition` for a peptide with no defined sequence"
            )
        if self.origin is not None and self.sequence is None:
            raise ValueError("an `origin` mapping needs a `sequence` to map")
        return self

    @property
    def one_letter(self) -> str | None:
        """The standard one-letter sequence, where there is one (tools and search use it)."""
        return self.sequence.one_letter if self.sequence else None


class Protein(Record):
    """A parent protein or a region of one, with the residue number of its first letter."""

    id: Slug
    name: Text
    sequence: str
    start: int = Field(default=1, ge=1)
    accession: str | None = None
    description: Text

    @field_validator("sequence")
    @classmethod
    def _seq(cls, value: str) -> str:
        if not ONE_LETTER_RE.match(value):
            raise ValueError("protein sequence must use the 20 standard residue letters")
        return value

    @property
    def end(self) -> int:
        return self.start + len(self.sequence) - 1

    def residues(self, lo: int, hi: int) -> str | None:
        """Residues lo..hi (1-based protein numbering), or None if outside what is held."""
        first, last = self.start, self.start + len(self.sequence) - 1
        if lo < first or hi > last:
            return None
        return self.sequence[lo - first : hi - first + 1]
