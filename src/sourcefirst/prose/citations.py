"""Inline citations: `[@key]` or `[@a; @b]` in prose, numbered per page by first use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A citation may wrap onto the next line, but never across a blank line.
# No "[" inside a citation: each "[@" starts a fresh match, so the scan stays linear.
CITATION_RE = re.compile(r"\[@([^\]\[\n]*(?:\n(?![ \t]*\n)[^\]\[\n]*)*)\]")
MAX_CITATION_CHARS = 1000  # far beyond any real citation list
KEY_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")  # used to mask fenced blocks in lint


class CitationSyntaxError(ValueError):
    pass


def parse_keys(inner: str) -> list[str]:
    """Keys of a citation's inside (the text after ``[@``): ``a; @b`` → ``["a", "b"]``."""
    keys = []
    for index, part in enumerate(" ".join(inner.split()).split(";")):
        key = part.strip()
        if index > 0:
            if not key.startswith("@"):
                raise CitationSyntaxError(f"each cited key must start with '@' (got {key!r})")
            key = key[1:]
        if not KEY_RE.match(key):
            raise CitationSyntaxError(f"{key!r} is not a valid source id")
        keys.append(key)
    return keys


@dataclass(frozen=True, slots=True)
class CitationUse:
    keys: tuple[str, ...] | None  # None when malformed
    line: int  # 1-based line within the scanned text
    column: int  # 1-based column
    error: str = ""


def position(content: str, offset: int, first_line: int) -> tuple[int, int]:
    """(line, column) of ``offset`` in ``content`` whose first line is ``first_line``."""
    line = first_line + content.count("\n", 0, offset)
    column = offset - (content.rfind("\n", 0, offset) + 1) + 1
    return line, column


@dataclass(slots=True)
class CitationRegistry:
    """Numbers sources in order of first use on one page and remembers every use for backlinks."""

    numbers: dict[str, int] = field(default_factory=dict)
    uses: dict[str, list[str]] = field(default_factory=dict)

    def cite(self, keys: list[str] | tuple[str, ...]) -> list[tuple[int, str, str]]:
        """Register a use of ``keys``; return (number, key, anchor id of this use) for each."""
        marks = []
        for key in keys:
            number = self.numbers.setdefault(key, len(self.numbers) + 1)
            use_list = self.uses.setdefault(key, [])
            anchor = f"cite-{number}-{len(use_list) + 1}"
            use_list.append(anchor)
            marks.append((number, key, anchor))
        return marks

    def ordered_keys(self) -> list[str]:
        return sorted(self.numbers, key=self.numbers.__getitem__)
