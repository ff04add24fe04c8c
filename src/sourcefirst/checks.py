"""`sourcefirst check`: every content problem, as diagnostics (schema and links for now)."""

from __future__ import annotations

from pathlib import Path

from sourcefirst.diagnostics import Diagnostic
from sourcefirst.kb import build_knowledge_base
from sourcefirst.load.reader import read_content


def run_checks(content: Path) -> list[Diagnostic]:
    _kb, diagnostics = build_knowledge_base(read_content(content))
    return diagnostics
