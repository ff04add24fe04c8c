"""`sourcefirst check`: validate the whole content tree and report every problem."""

from __future__ import annotations

from pathlib import Path

from sourcefirst.checks.attribution import check_attribution
from sourcefirst.checks.consistency import check_prose_consistency
from sourcefirst.checks.evidence import check_evidence
from sourcefirst.checks.identifiers import check_identifiers
from sourcefirst.checks.searches import check_searches
from sourcefirst.checks.provenance import (
    check_internal_ids,
    check_note_citations,
    check_numbers,
)
from sourcefirst.checks.regulatory import check_regulatory
from sourcefirst.checks.sequences import check_sequences
from sourcefirst.checks.sources import check_sources
from sourcefirst.domain.diagnostics import Diagnostic, has_errors
from sourcefirst.domain.kb import KnowledgeBase, build_knowledge_base
from sourcefirst.load.reader import read_content


def check_knowledge_base(kb: KnowledgeBase) -> list[Diagnostic]:
    """The cross-record checks, on a knowledge base that loaded without errors."""
    found: list[Diagnostic] = []
    for check in (
        check_sources,
        check_sequences,
        check_evidence,
        check_prose_consistency,
        check_regulatory,
        check_numbers,
        check_internal_ids,
        check_note_citations,
        check_attribution,
    ):
        found.extend(check(kb))
    found.extend(check_identifiers(kb))  # issue 10: identifier provenance, retractions
    found.extend(check_searches(kb))  # issue 10: searches and screening
    return found


def run_checks(content: Path) -> list[Diagnostic]:
    kb, diagnostics = build_knowledge_base(read_content(content))
    if has_errors(diagnostics):
        # cross-record checks assume a loadable knowledge base; report what blocks it first
        return diagnostics
    return diagnostics + check_knowledge_base(kb)
