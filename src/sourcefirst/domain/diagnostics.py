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
    # the root diagnostic (its `key`) this one follows from: a reference to a record whose own
    # file failed to load; empty for a diagnostic that stands on its own
    caused_by: str = ""

    @classmethod
    def at(
        cls,
        where: Location,
        code: str,
        category: Category,
        message: str,
        suggestion: str = "",
        severity: Severity = Severity.ERROR,
        caused_by: str = "",
    ) -> Diagnostic:
        return cls(
            where.file,
            where.line,
            where.column,
            code,
            category,
            severity,
            message,
            suggestion,
            caused_by,
        )

    @property
    def key(self) -> str:
        """How a diagnostic that follows from this one names it: ``file:line:col CODE``."""
        return f"{self.location} {self.code}"

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)

    def format_text(self) -> str:
        text = f"{self.location}: {self.severity} {self.code} [{self.category}] {self.message}"
        if self.suggestion:
            text += f"\n    hint: {self.suggestion}"
        return text

    def to_dict(self) -> dict[str, str | int]:
        """The JSON shape: the eight documented keys, plus `caused_by` only when set."""
        data = asdict(self)
        data["category"] = str(self.category)
        data["severity"] = str(self.severity)
        if not self.caused_by:
            del data["caused_by"]
        return data


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


FILE_LEVEL = {f"SF{n:03d}" for n in range(30)}  # SF000-SF029: a file or folder unreadable
SHOWN_FOLLOWERS = 5  # diagnostics listed under their root in text; the rest are counted


def sort_key(d: Diagnostic) -> tuple[int, str, int, int, str]:
    """Files that could not be read come first: their problems explain the ones that follow."""
    return (0 if d.code in FILE_LEVEL else 1, d.file, d.line, d.column, d.code)


def ordered(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Roots (diagnostics others follow from) and file-level problems first, then the rest;
    each follower right after its root."""
    items = list(diagnostics)
    keys = {d.key for d in items}
    followers: dict[str, list[Diagnostic]] = {}
    standalone: list[Diagnostic] = []
    for d in items:
        if d.caused_by and d.caused_by in keys:
            followers.setdefault(d.caused_by, []).append(d)
        else:
            standalone.append(d)
    standalone.sort(key=lambda d: (0 if d.key in followers else 1, *sort_key(d)))
    out: list[Diagnostic] = []
    for d in standalone:
        out.append(d)
        out.extend(sorted(followers.pop(d.key, []), key=sort_key))
    return out


def _format_text(diagnostics: list[Diagnostic]) -> str:
    lines: list[str] = []
    index = 0
    while index < len(diagnostics):
        root = diagnostics[index]
        lines.append(root.format_text())
        index += 1
        group: list[Diagnostic] = []
        while index < len(diagnostics) and diagnostics[index].caused_by == root.key:
            group.append(diagnostics[index])
            index += 1
        if not group:
            continue
        lines.append(f"    {len(group)} more error(s) follow from this:")
        lines.extend(f"      {d.location}: {d.code} {d.message}" for d in group[:SHOWN_FOLLOWERS])
        if len(group) > SHOWN_FOLLOWERS:
            lines.append(
                f"      … and {len(group) - SHOWN_FOLLOWERS} more (`--format json` lists all)"
            )
    return "\n".join(lines)


def format_diagnostics(diagnostics: Iterable[Diagnostic], fmt: str) -> str:
    items = ordered(diagnostics)
    if fmt == "json":
        return json.dumps([d.to_dict() for d in items], indent=2, ensure_ascii=False)
    return _format_text(items)


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
