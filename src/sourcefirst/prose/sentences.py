"""Split prose into sentences that remember their line and column in the original file.

Markdown syntax that is not prose (fenced blocks, link targets, citation markers, heading
hashes) is masked with spaces of the same length, so offsets in the masked text are offsets in
the file. Citations are kept as data on each sentence.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sourcefirst.prose.citations import CITATION_RE, FENCE_RE, CitationSyntaxError, parse_keys

LINK_TARGET_RE = re.compile(r"\]\([^)\s]*\)")
URL_RE = re.compile(r"https?://\S+")
BREAK_RE = re.compile(
    r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])"
    r"|\n[ \t]*\n"
    r"|(?<=\n)(?=[ \t]*(?:#|[-*+] |\d+\. |\|))"
)
ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "vs.", "approx.", "Dr.", "ca.", "cf.", "No.", "Fig.")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # masked text: citations and link targets blanked
    line: int  # 1-based, in the scanned document
    column: int
    citations: tuple[str, ...]
    question: bool
    paragraph: int = 0  # index of the paragraph (blank-line separated block) it belongs to


def _mask(text: str) -> tuple[str, list[tuple[int, tuple[str, ...]]]]:
    chars = list(text)
    cites: list[tuple[int, tuple[str, ...]]] = []

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    offset = 0
    in_fence = False
    for line in text.splitlines(keepends=True):
        if FENCE_RE.match(line):
            in_fence = not in_fence
            blank(offset, offset + len(line))
        elif in_fence:
            blank(offset, offset + len(line))
        offset += len(line)
    masked = "".join(chars)
    for match in CITATION_RE.finditer(masked):
        with contextlib.suppress(CitationSyntaxError):  # malformed ones are `check`'s business
            cites.append((match.start(), tuple(parse_keys(match.group(1)))))
        blank(match.start(), match.end())
    masked = "".join(chars)
    for pattern in (LINK_TARGET_RE, URL_RE):
        for match in pattern.finditer(masked):
            blank(match.start() + (1 if pattern is LINK_TARGET_RE else 0), match.end())
        masked = "".join(chars)
    masked = re.sub(
        r"(?m)^([ \t]*)(#{1,6}\s|>\s?|[-*+]\s|\d+\.\s)",
        lambda m: m.group(1) + " " * len(m.group(2)),
        masked,
    )
    masked = masked.replace("**", "  ").replace("__", "  ").replace("`", " ").replace("|", " ")
    return masked, cites


def split_sentences(text: str, first_line: int = 1, first_column: int = 1) -> Iterator[Sentence]:
    """Sentences of ``text``; positions are offset so that line 1 of ``text`` is ``first_line``."""
    masked, cites = _mask(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", masked)]
    protected = masked
    for abbr in ABBREVIATIONS:
        protected = protected.replace(abbr, abbr.replace(".", "\x00"))
    paragraph_breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", masked)]
    start = 0
    bounds = [m.start() for m in BREAK_RE.finditer(protected)] + [len(masked)]
    for end in bounds:
        chunk = masked[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = start + (len(chunk) - len(chunk.lstrip()))
            line_index = bisect.bisect_right(line_starts, lead) - 1
            column = lead - line_starts[line_index] + 1
            keys = tuple(k for pos, ks in cites if start <= pos < end for k in ks)
            yield Sentence(
                text=" ".join(stripped.split()),
                line=first_line + line_index,
                column=(first_column + column - 1) if line_index == 0 else column,
                citations=keys,
                question=stripped.rstrip(" )\"'").endswith("?"),
                paragraph=bisect.bisect_right(paragraph_breaks, lead),
            )
        start = end
