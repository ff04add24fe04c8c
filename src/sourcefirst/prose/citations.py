"""Inline citations: `[@key]` or `[@a; @b]` in prose, numbered per page by first use.

A cited key may carry a locator after a comma: `[@key, p. 182]`, `[@key, table 2]`,
`[@a, fig. 3; @b]`; it becomes a CSL `label` and `locator`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# A citation may wrap onto the next line, but never across a blank line.
# No "[" inside a citation: each "[@" starts a fresh match, so the scan stays linear.
CITATION_RE = re.compile(r"\[@([^\]\[\n]*(?:\n(?![ \t]*\n)[^\]\[\n]*)*)\]")
MAX_CITATION_CHARS = 1000  # far beyond any real citation list
KEY_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")  # used to mask fenced blocks in lint


class CitationSyntaxError(ValueError):
    pass


# Locator words and the CSL label each stands for (CSL 1.0.2 locator types).
LOCATOR_LABELS: dict[str, str] = {
    "p.": "page", "pp.": "page", "page": "page", "pages": "page",
    "table": "table", "tab.": "table", "fig.": "figure", "figure": "figure",
    "section": "section", "sec.": "section", "§": "section", "chapter": "chapter",
    "ch.": "chapter", "para.": "paragraph", "paragraph": "paragraph", "line": "line",
    "suppl.": "supplement", "supplement": "supplement",
}  # fmt: skip
SHORT_LABELS = {"page": "p.", "figure": "fig.", "paragraph": "para.", "supplement": "suppl."}
LOCATOR_VALUE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.,–\- ]{0,40}$")


@dataclass(frozen=True, slots=True)
class CitedItem:
    """One cited key, with its CSL locator when the citation gives one."""

    key: str
    label: str | None = None  # CSL locator label: page, table, figure ...
    locator: str | None = None  # "182", "2", "3-4"

    @property
    def locator_text(self) -> str | None:
        if self.locator is None or self.label is None:
            return None
        return f"{SHORT_LABELS.get(self.label, self.label)} {self.locator}"


def _locator(key: str, text: str) -> CitedItem:
    word, _, value = text.strip().partition(" ")
    label = LOCATOR_LABELS.get(word.lower())
    if label is None:
        known = ", ".join(sorted({w for w in LOCATOR_LABELS if w.isalpha() or w.endswith(".")}))
        raise CitationSyntaxError(f"unknown locator {text.strip()!r} (start it with: {known})")
    value = value.strip()
    if not LOCATOR_VALUE_RE.match(value):
        raise CitationSyntaxError(f"locator {text.strip()!r} needs a page, table or figure number")
    return CitedItem(key, label, value)


def parse_items(inner: str) -> list[CitedItem]:
    """Items of a citation's inside (the text after ``[@``): ``a, p. 3; @b`` → two items."""
    items = []
    for index, part in enumerate(" ".join(inner.split()).split(";")):
        key, comma, rest = part.strip().partition(",")
        key = key.strip()
        if index > 0:
            if not key.startswith("@"):
                raise CitationSyntaxError(f"each cited key must start with '@' (got {key!r})")
            key = key[1:]
        if not KEY_RE.match(key):
            raise CitationSyntaxError(f"{key!r} is not a valid source id")
        items.append(_locator(key, rest) if comma else CitedItem(key))
    return items


def parse_keys(inner: str) -> list[str]:
    """Keys of a citation's inside (the text after ``[@``): ``a; @b`` → ``["a", "b"]``."""
    return [item.key for item in parse_items(inner)]


@dataclass(frozen=True, slots=True)
class CitationUse:
    keys: tuple[str, ...] | None  # None when malformed
    line: int  # 1-based line within the scanned text
    column: int  # 1-based column
    error: str = ""
    items: tuple[CitedItem, ...] = ()  # the keys with their locators


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
    reading: Mapping[str, str] = field(default_factory=dict)  # key -> what was read, in words
    locators: dict[str, CitedItem] = field(default_factory=dict)  # anchor -> item with locator

    def cite(
        self, keys: list[str] | tuple[str, ...], items: tuple[CitedItem, ...] = ()
    ) -> list[tuple[int, str, str]]:
        """Register a use of ``keys``; return (number, key, anchor id of this use) for each.
        ``items`` (parallel to ``keys``) carry the locators of this use."""
        marks = []
        for index, key in enumerate(keys):
            number = self.numbers.setdefault(key, len(self.numbers) + 1)
            use_list = self.uses.setdefault(key, [])
            anchor = f"cite-{number}-{len(use_list) + 1}"
            use_list.append(anchor)
            if index < len(items) and items[index].locator is not None:
                self.locators[anchor] = items[index]
            marks.append((number, key, anchor))
        return marks

    def mark_text(self, number: int, key: str, anchor: str) -> str:
        """The visible text of one citation mark: number, locator, what was read."""
        parts = [str(number)]
        item = self.locators.get(anchor)
        if item is not None and item.locator_text:
            parts.append(item.locator_text)
        if self.reading.get(key):
            parts.append(self.reading[key])
        return ", ".join(parts)

    def ordered_keys(self) -> list[str]:
        return sorted(self.numbers, key=self.numbers.__getitem__)
