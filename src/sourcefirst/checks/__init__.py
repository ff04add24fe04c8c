"""`sourcefirst check`: validate the whole content tree and report every problem."""

from __future__ import annotations

from pathlib import Path

from sourcefirst.checks.consistency import check_prose_consistency
from sourcefirst.checks.evidence import check_evidence
from sourcefirst.checks.sequences import check_sequences
from sourcefirst.checks.sources import check_sources
from sourcefirst.diagnostics import Diagnostic, has_errors
from sourcefirst.kb import build_knowledge_base
from sourcefirst.load.reader import read_content


def run_checks(content: Path) -> list[Diagnostic]:
    kb, diagnostics = build_knowledge_base(read_content(content))
    if has_errors(diagnostics):
        # cross-record checks assume a loadable knowledge base; report what blocks it first
        return diagnostics
    for check in (check_sources, check_sequences, check_evidence, check_prose_consistency):
        diagnostics.extend(check(kb))
    return diagnostics
