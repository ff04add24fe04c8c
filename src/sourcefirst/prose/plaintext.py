"""Plain text of parsed Markdown, for the search index (citations and markup removed)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it.token import Token


def inline_text(token: Token) -> str:
    """The readable text of an inline token: text, code and link labels; no citations."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def tokens_text(tokens: list[Token]) -> str:
    return " ".join(t for t in (inline_text(tok) for tok in tokens if tok.type == "inline") if t)


@dataclass(frozen=True, slots=True)
class FaqEntry:
    question: str
    anchor: str
    answer: str


def is_question(tokens: list[Token], index: int) -> bool:
    token = tokens[index]
    return (
        token.type == "heading_open"
        and token.tag == "h3"
        and tokens[index + 1].content.rstrip().endswith("?")
    )


def faq_entries(tokens: list[Token]) -> Iterator[FaqEntry]:
    """Questions (`###` headings ending in "?") with the plain text of their answers."""
    for index in range(len(tokens)):
        if not is_question(tokens, index):
            continue
        end = index + 3
        while end < len(tokens) and not (
            tokens[end].type == "heading_open" and tokens[end].tag in ("h2", "h3")
        ):
            end += 1
        yield FaqEntry(
            tokens[index + 1].content.strip(),
            str(tokens[index].attrs.get("id", "")),
            tokens_text(tokens[index + 3 : end]),
        )
