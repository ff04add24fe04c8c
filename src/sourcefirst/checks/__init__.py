"""`sourcefirst check`: validate the whole content tree and report every problem."""

from __future__ import annotations

from pathlib import Path

from sourcefirst.checks.attribution import check_attribution
from sourcefirst.checks.authors import check_authors
from sourcefirst.checks.consistency import check_prose_consistency
from sourcefirst.checks.evidence import check_evidence
from sourcefirst.checks.identifiers import check_identifiers
from sourcefirst.checks.provenance import (
    check_internal_ids,
    check_note_citations,
    check_numbers,
)
from sourcefirst.checks.regulatory import check_regulatory
from sourcefirst.checks.searches import check_searches
from sourcefirst.checks.sequences import check_sequences
from sourcefirst.checks.sources import check_sources
from sourcefirst.domain.diagnostics import Diagnostic, has_errors
from sourcefirst.domain.kb import KnowledgeBase, build_knowledge_base
from sourcefirst.load.reader import read_content


def check_knowledge_base(kb: KnowledgeBase) -> list[Diagnostic]:
    """The cross-record checks, on a knowledge base that loaded without errors."""
    found: list[Diagnostic] = []
    checks = (
        check_sources,
        check_sequences,
        check_evidence,
        check_prose_consistency,
        check_regulatory,  # issue 9: regulatory status needs a source naming the peptide
        check_numbers,
        check_internal_ids,
        check_note_citations,
        check_attribution,
        check_identifiers,  # issue 10: identifier provenance, retractions
        check_searches,  # issue 10: searches and screening
        check_authors,  # issue 11: author aliases and research groups
    )
    for check in checks:
        found.extend(check(kb))
    return found


def run_checks(content: Path) -> list[Diagnostic]:
    kb, diagnostics = build_knowledge_base(read_content(content))
    if has_errors(diagnostics):
        # cross-record checks assume a loadable knowledge base; report what blocks it first
        return diagnostics
    return diagnostics + check_knowledge_base(kb)
