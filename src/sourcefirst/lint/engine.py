"""Run the prose rules over files or text and return diagnostics."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sourcefirst.domain.diagnostics import Category, Diagnostic, Location, relative
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.lint.documents import prose_blocks
from sourcefirst.lint.evidence_context import EvidenceContext, evidence_context
from sourcefirst.lint.lexicon import SPECIES
from sourcefirst.lint.rules import out_of_scope, overclaims
from sourcefirst.load.files import list_files
from sourcefirst.load.text import read_text, strip_bom
from sourcefirst.prose.sentences import split_sentences


class Linter:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.context: EvidenceContext = evidence_context(kb)

    def lint_text(self, name: str, text: str, peptides: tuple[str, ...] = ()) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for block in prose_blocks(name, strip_bom(text)):
            context_peptides = block.peptides or peptides
            paragraph, species_seen = -1, False
            for sentence in split_sentences(block.text, block.line, block.column):
                if sentence.paragraph != paragraph:
                    paragraph, species_seen = sentence.paragraph, False
                claims = (
                    []
                    if block.scope_only
                    else overclaims(sentence, self.context, context_peptides, species_seen)
                )
                hits = [*claims, *out_of_scope(sentence)]
                species_seen = species_seen or bool(SPECIES.search(sentence.text))
                seen: set[str] = set()
                for hit in hits:
                    if hit.code in seen:
                        continue
                    seen.add(hit.code)
                    found.append(
                        Diagnostic.at(
                            Location(name, sentence.line, sentence.column),
                            hit.code,
                            Category(hit.category),
                            hit.message,
                            hit.suggestion,
                        )
                    )
        return found

    def lint_paths(self, paths: Iterable[Path], root: Path) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for path in paths:
            name = relative(path, root)
            try:
                text = read_text(path)
            except (OSError, UnicodeDecodeError) as exc:
                found.append(
                    Diagnostic.at(
                        Location(name), "SF001", Category.SCHEMA, f"cannot read file: {exc}"
                    )
                )
                continue
            found.extend(self.lint_text(name, text))
        return found


def content_prose_files(content: Path) -> list[Path]:
    """Every content file that holds published text, chosen as the loader chooses what it
    reads (links out of the content folder, FIFOs and folders are never read)."""
    files: list[Path] = []
    for pattern in (
        "articles/*.md",
        "peptides/*.yaml",
        "findings/*.yaml",
        "sources/*.yaml",
        "proteins/*.yaml",
        "topics.yaml",
        "categories.yaml",
        "needs-source.yaml",
    ):
        files.extend(list_files(content, pattern).paths)
    return files
