"""The one gate every publication passes: the cross-record checks and the prose linter.

`build` and `serve --dev` both call `gate_diagnostics`, so nothing is published that
`sourcefirst check` or `sourcefirst lint` would reject: an out-of-scope sentence (dosing,
administration, reconstitution, sourcing) or an overclaim in any linted text field refuses the
build with its file and line.
"""

from __future__ import annotations

from pathlib import Path

from sourcefirst.checks import check_knowledge_base
from sourcefirst.domain.diagnostics import Diagnostic, Severity
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.lint.engine import Linter, content_prose_files


def gate_diagnostics(kb: KnowledgeBase, content: Path) -> list[Diagnostic]:
    """Every check and lint diagnostic for a knowledge base that loaded from ``content``."""
    found = check_knowledge_base(kb)
    found += Linter(kb).lint_paths(content_prose_files(content), content)
    return found


def errors_of(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]
