"""Findings as CSV (RFC 4180): one row per finding with its level, label and boundary."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from sourcefirst.domain.boundaries import derive_boundary
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.schema.finding import Finding

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "peptides",
    "topic",
    "kind",
    "statement",
    "quantity",
    "species",
    "system",
    "setting",
    "level",
    "level_label",
    "boundary",
    "boundary_derived",
    "sources",
)


# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str) -> str:
    """OWASP's advice on CSV injection: prefix a would-be formula with an apostrophe."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _finding_row(finding: Finding, kb: KnowledgeBase) -> dict[str, str]:
    grade = kb.grade(finding)
    derived = finding.boundary is None
    boundary = derive_boundary(finding, grade) if finding.boundary is None else finding.boundary
    return {
        "id": finding.id,
        "peptides": ";".join(finding.peptides),
        "topic": finding.topic,
        "kind": finding.kind.value,
        "statement": finding.statement,
        "quantity": "; ".join(q.display for q in finding.quantities),
        "species": finding.model.species or "",
        "system": finding.model.system or "",
        "setting": finding.model.setting.value,
        "level": grade.level.slug,
        "level_label": grade.badge,
        "boundary": boundary,
        "boundary_derived": "true" if derived else "false",
        "sources": ";".join(finding.sources),
    }


def findings_csv(kb: KnowledgeBase, peptide: str | None = None) -> str:
    """RFC 4180 CSV (CRLF line ends, header row), one row per finding, ordered by finding id.

    With ``peptide``, only that peptide's findings (an unknown peptide gives the header alone).
    """
    if peptide is None:
        findings: Iterable[Finding] = kb.findings.values()
    else:
        findings = kb.findings_by_peptide.get(peptide, [])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for finding in sorted(findings, key=lambda f: f.id):
        writer.writerow({k: _csv_cell(v) for k, v in _finding_row(finding, kb).items()})
    return out.getvalue()
