"""Generated blocks an article may embed (```` ```{name} ```` fences) and their parameters."""

from __future__ import annotations

from pydantic import BaseModel, Field

from sourcefirst.schema.common import Record, Slug


class SnapshotParams(Record):
    """Mechanism snapshot: Proposed mechanism | Evidence picture | Boundary, from findings."""

    peptide: Slug
    topics: list[Slug] | None = None


class OutcomesParams(Record):
    """Outcome table: claim | what was studied | evidence level | boundary."""

    peptide: Slug
    topics: list[Slug] | None = None
    kinds: list[str] = Field(default_factory=lambda: ["outcome"])


class CompareParams(Record):
    """Two or three peptides side by side, from the compare tool's machinery."""

    peptides: list[Slug] = Field(min_length=2, max_length=3)


DIRECTIVES: dict[str, type[BaseModel]] = {
    "compare": CompareParams,
    "snapshot": SnapshotParams,
    "outcomes": OutcomesParams,
}
