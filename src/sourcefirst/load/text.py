"""Read a content file's text and refuse invisible characters that could hide or reorder text.

Refused anywhere in a file (SF009, at line:column, the code point named): C0 controls other
than tab, newline and carriage return; DEL; C1 controls; the bidirectional embeddings,
overrides and isolates (U+202A-U+202E, U+2066-U+2069) and marks (U+200E, U+200F, U+061C); and
zero-width characters (U+200B-U+200D, U+2060, U+FEFF). The one exception is a byte-order mark
as the very first character of a file: editors on Windows write it, it carries nothing, and it
is stripped (for YAML and Markdown alike) before anything else reads the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

BOM = "\ufeff"
FORBIDDEN_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
MAX_REPORTED = 10  # per file; the first few locate the problem

_NAMES = {
    "\u200b": "ZERO WIDTH SPACE",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (byte-order mark not at the start of the file)",
}


@dataclass(frozen=True, slots=True)
class BadCharacter:
    line: int
    column: int
    char: str

    def describe(self) -> str:
        name = _NAMES.get(self.char) or unicodedata.name(self.char, "")
        if not name:
            name = "control character"
        return f"U+{ord(self.char):04X} {name}"


def strip_bom(text: str) -> str:
    return text[1:] if text.startswith(BOM) else text


def read_text(path: Path) -> str:
    """The file's text (UTF-8; raises UnicodeDecodeError), a leading BOM removed."""
    return strip_bom(path.read_text(encoding="utf-8"))


def bad_characters(text: str) -> list[BadCharacter]:
    """Where each forbidden character is (1-based line and column), the first few."""
    found: list[BadCharacter] = []
    for match in FORBIDDEN_RE.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        found.append(BadCharacter(line, column, match.group()))
        if len(found) >= MAX_REPORTED:
            break
    return found
