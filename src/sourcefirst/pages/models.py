"""Typed page data shared by the HTML templates and the JSON twins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, computed_field


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class Link(View):
    title: str
    href: str
    note: str | None = None


class Cite(View):
    number: int
    anchor: str
    text: str = ""  # the mark's text: number, locator, what was read ("3, abstract only")


class IdentifierView(View):
    kind: Literal["PMID", "DOI", "PMCID", "URL"]
    value: str
    href: str | None  # None: an address below `mirror` is never offered as a link
    verification: str
    confirmed: bool
    label: str
    note: str | None = None


class LocatorView(View):
    """One use of a source with a locator, as CSL spells it (label "page", locator "182")."""

    anchor: str
    label: str
    locator: str


class ReferenceEntry(View):
    number: int
    id: str
    citation: str
    title: str
    href: str
    level: str
    level_label: str
    design: str
    title_verified: bool
    identifiers: list[IdentifierView]
    confirmed: bool
    backlinks: list[str]
    read: str = ""  # what the editor read, and in which language
    locators: list[str | None] = []  # per backlink: the locator of that use ("p. 182")
    locator_items: list[LocatorView] = []  # the same uses as CSL label + locator


class FindingView(View):
    id: str
    statement: str
    kind: str
    topic: str
    topic_title: str
    peptides: list[str]
    model: str
    setting: str
    quantity: str | None
    level: str
    level_label: str
    boundary: str
    boundary_derived: bool
    citations: list[Cite]
    groups: str = ""  # "2 studies from 1 research group (single-group evidence)"


class SnapshotRow(View):
    topic: str
    mechanism: str
    href: str
    findings: list[FindingView]


class ProsePart(View):
    type: Literal["prose"] = "prose"
    html: str


class SnapshotPart(View):
    type: Literal["snapshot"] = "snapshot"
    peptide: str
    rows: list[SnapshotRow]


class OutcomeRow(View):
    claim: str
    studied: str
    level: str
    level_label: str
    boundary: str
    citations: list[Cite]
    finding: str


class OutcomesPart(View):
    type: Literal["outcomes"] = "outcomes"
    peptide: str
    rows: list[OutcomeRow]


class PeptideColumn(View):
    id: str
    name: str
    href: str
    three_letter: str | None
    one_letter: str | None
    length: int | None
    identity_note: str | None  # a mixture's composition, or why there is no one-letter form
    origin: list[str]
    summary: str


class AlignedPair(View):
    """One peptide aligned to the first; ``marks`` has '|' where the residues are identical."""

    reference: str
    other: str
    reference_row: str | None
    other_row: str | None
    marks: str | None
    identical: int | None
    not_aligned: str | None = None  # why no alignment is shown (no standard sequence)


class LevelCell(View):
    level: str
    label: str
    count: int
    href: str
    certainty: str | None = None  # outcome certainty of the human evidence, beside the level


class TopicRow(View):
    topic: str
    title: str
    cells: list[LevelCell | None]


class RegulatoryCompareRow(View):
    jurisdiction: str
    cells: list[str]


class Comparison(View):
    """Two or three peptides side by side (the compare tool and {compare} blocks)."""

    peptides: list[PeptideColumn]
    alignments: list[AlignedPair]
    mechanisms: list[TopicRow]
    outcomes: list[TopicRow]
    regulatory: list[RegulatoryCompareRow]


class ComparePart(View):
    type: Literal["compare"] = "compare"
    comparison: Comparison


class FaqPart(View):
    """One question and its answer; questions are `###` headings that end in "?"."""

    type: Literal["faq"] = "faq"
    question: str
    anchor: str
    html: str


Part = ProsePart | SnapshotPart | OutcomesPart | FaqPart | ComparePart


class ChangeView(View):
    date: dt.date
    note: str


class Pager(View):
    """Where one page of a long listing sits among the others (page numbers count from 1)."""

    page: int = 1
    pages: int = 1
    total: int = 0  # items across every page
    previous: str | None = None
    next: str | None = None
    numbered: list[Link] = []  # every page's address when there are few, else a window


def pager(page: int, pages: int, total: int, address: Callable[[int], str]) -> Pager:
    window = (
        range(1, pages + 1) if pages <= 12 else range(max(1, page - 5), min(pages, page + 5) + 1)
    )
    return Pager(
        page=page,
        pages=pages,
        total=total,
        previous=address(page - 1) if page > 1 else None,
        next=address(page + 1) if page < pages else None,
        numbered=[Link(title=str(n), href=address(n)) for n in window],
    )


class Page(View):
    """What every page has. Subclasses add their own body fields."""

    url: str
    kind: str
    title: str
    description: str
    eyebrow: str | None = None
    reviewed: dt.date | None = None
    breadcrumbs: list[Link] = []
    references: list[ReferenceEntry] = []
    changes: list[ChangeView] = []  # "What changed", newest first (profiles and articles)
    next_steps: list[Link] = []

    @computed_field  # type: ignore[prop-decorator]
    @property
    def template(self) -> str:
        return f"{self.kind}.html"
