"""The one record type every import format is normalised to."""

from __future__ import annotations

from dataclasses import dataclass, field

from sourcefirst.schema.retraction import NoticeStatus


class ImportProblem(Exception):
    """A file that cannot be read as its format: names the file and the line or record."""

    def __init__(self, file: str, where: str, message: str) -> None:
        super().__init__(f"{file}:{where}: {message}")
        self.file, self.where, self.message = file, where, message


@dataclass(slots=True)
class Author:
    family: str | None = None
    given: str | None = None  # initials or given names, as the export gives them
    literal: str | None = None  # an organisation (collective author)

    @property
    def display(self) -> str:
        """'Family Initials', as PubMed writes names (Kost NV)."""
        if self.literal:
            return self.literal
        given = self.given or ""
        parts = [p for p in given.replace(".", " ").replace("-", " ").split() if p]
        initials = "".join(p if p.isupper() and len(p) <= 3 else p[0].upper() for p in parts)
        return f"{self.family} {initials}".strip()


@dataclass(slots=True)
class ImportedNotice:
    status: NoticeStatus
    notice: str  # e.g. "Retraction in: J Foo. 2020;1:2"
    date: str | None = None  # ISO date when the export gives one


@dataclass(slots=True)
class ImportedRecord:
    file: str
    position: str  # "record 3" or "line 12": where in the file
    format: str  # pubmed-xml, medline, ris, bibtex, csl-json
    title: str | None = None
    original_title: str | None = None  # vernacular / original-language title
    container_title: str | None = None
    container_title_short: str | None = None
    year: int | None = None
    month: int | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    authors: list[Author] = field(default_factory=list)
    language: str | None = None  # ISO 639-1
    csl_type: str = "article-journal"
    publisher: str | None = None
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    publication_types: list[str] = field(default_factory=list)
    notices: list[ImportedNotice] = field(default_factory=list)
    title_translated: bool = False  # the title is an English translation of the original
    warnings: list[str] = field(default_factory=list)
