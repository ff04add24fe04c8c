"""The home page's promise, kept: "every finding and every status links to a numbered source,
and an article cites the source of every study result it reports".

- SF540 an article sentence that reports a study result — a number with a unit ("about
  20 µM", "14 days") or a source's first author ("Kost and colleagues") — without a citation in
  the same sentence, outside an editorial note. Editorial notes are Markdown blockquotes that
  open with "**Editorial note.**" (docs/content-format.md); they render as a marked aside.
"""

from __future__ import annotations

import re

from sourcefirst.checks.provenance import NUMBER_UNIT
from sourcefirst.domain.diagnostics import Category, Diagnostic, Location
from sourcefirst.domain.kb import Article, KnowledgeBase
from sourcefirst.prose.markdown import EDITORIAL_NOTE_RE
from sourcefirst.prose.sentences import split_sentences


def _author_pattern(kb: KnowledgeBase) -> re.Pattern[str] | None:
    names = {
        s.author[0].family
        for s in kb.sources.values()
        if s.author and s.author[0].family and len(s.author[0].family) > 3
    }
    if not names:
        return None
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, names))) + r")\b")


def _editorial_lines(article: Article) -> list[tuple[int, int]]:
    """Body line ranges (0-based, end exclusive) of the article's editorial notes."""
    ranges = []
    for chunk in article.parsed.chunks:
        if not isinstance(chunk, list):
            continue
        for index, token in enumerate(chunk):
            if token.type != "blockquote_open" or not token.map:
                continue
            inline = next((t for t in chunk[index:] if t.type == "inline"), None)
            if inline is not None and EDITORIAL_NOTE_RE.match(inline.content):
                ranges.append((token.map[0], token.map[1]))
    return ranges


def check_attribution(kb: KnowledgeBase) -> list[Diagnostic]:
    authors = _author_pattern(kb)
    found: list[Diagnostic] = []
    for article in kb.articles.values():
        notes = _editorial_lines(article)
        for sentence in split_sentences(article.body, article.body_line, 1):
            if sentence.citations or sentence.question:
                continue
            body_line = sentence.line - article.body_line
            if any(lo <= body_line < hi for lo, hi in notes):
                continue
            text = sentence.text
            number = NUMBER_UNIT.search(text)
            author = authors.search(text) if authors else None
            reported = number.group(0) if number else (author.group(0) if author else None)
            if reported is None:
                continue
            found.append(
                Diagnostic.at(
                    Location(article.where.file, sentence.line, sentence.column),
                    "SF540",
                    Category.CITATION,
                    f"a study result ({reported!r}) reported without a citation",
                    "cite the source in the same sentence, or move editorial explanation into an "
                    "'> **Editorial note.**' block",
                )
            )
    return found
