"""Diagnostics: the one shape every problem with content is reported in.

Loading, validation and (later) the editorial checks all produce `Diagnostic` values; the CLI
prints them as text or JSON and decides the exit status from their severities.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Category(StrEnum):
    SCHEMA = "schema"
    CITATION = "citation"
    EVIDENCE = "evidence"
    OVERCLAIM = "overclaim"
    OUT_OF_SCOPE = "out_of_scope"
    CONSISTENCY = "consistency"
    SEQUENCE = "sequence"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a content file; line and column are 1-based (0 = unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.file}:{self.line}:{self.column}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int
    column: int
    code: str
    category: Category
    severity: Severity
    message: str
    suggestion: str = ""

    @classmethod
    def at(
        cls,
        where: Location,
        code: str,
        category: Category,
        message: str,
        suggestion: str = "",
        severity: Severity = Severity.ERROR,
    ) -> Diagnostic:
        return cls(
            where.file, where.line, where.column, code, category, severity, message, suggestion
        )

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)

    def format_text(self) -> str:
        text = f"{self.location}: {self.severity} {self.code} [{self.category}] {self.message}"
        if self.suggestion:
            text += f"\n    hint: {self.suggestion}"
        return text

    def to_dict(self) -> dict[str, str | int]:
        data = asdict(self)
        data["category"] = str(self.category)
        data["severity"] = str(self.severity)
        return data


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


FILE_LEVEL = {"SF000", "SF001", "SF002", "SF003", "SF004", "SF005"}


def sort_key(d: Diagnostic) -> tuple[int, str, int, int, str]:
    """Files that could not be read come first: their problems explain the ones that follow."""
    return (0 if d.code in FILE_LEVEL else 1, d.file, d.line, d.column, d.code)


def format_diagnostics(diagnostics: Iterable[Diagnostic], fmt: str) -> str:
    ordered = sorted(diagnostics, key=sort_key)
    if fmt == "json":
        return json.dumps([d.to_dict() for d in ordered], indent=2, ensure_ascii=False)
    return "\n".join(d.format_text() for d in ordered)


class ContentError(Exception):
    """Raised when content cannot be turned into a knowledge base; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) in content")
        self.diagnostics = diagnostics


def relative(path: Path, root: Path) -> str:
    """A path as shown in diagnostics: relative to the working directory when possible."""
    for base in (Path.cwd(), root.parent):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)
