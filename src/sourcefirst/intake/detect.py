"""Which format a file is in, from its content (the extension only breaks a tie)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from sourcefirst.intake.bibtex import parse_bibtex
from sourcefirst.intake.csljson import parse_csl_json
from sourcefirst.intake.medline import parse_medline
from sourcefirst.intake.pubmed_xml import parse_pubmed_xml
from sourcefirst.intake.record import ImportedRecord, ImportProblem
from sourcefirst.intake.ris import parse_ris

Parser = Callable[[str, str], list[ImportedRecord]]
PARSERS: dict[str, Parser] = {
    "pubmed-xml": parse_pubmed_xml,
    "medline": parse_medline,
    "ris": parse_ris,
    "bibtex": parse_bibtex,
    "csl-json": parse_csl_json,
}
MAX_IMPORT_BYTES = 20_000_000


def detect_format(text: str, name: str) -> str | None:
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    if head.startswith("<"):
        return "pubmed-xml"
    if head.startswith("{") or head.startswith("["):
        return "csl-json"
    if re.match(r"^TY  - ", head):
        return "ris"
    if re.match(r"^PMID- ", head) or re.match(r"^[A-Z]{2,4} *- ", head):
        return "medline"
    if re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", head, re.MULTILINE) or head.startswith("%"):
        return "bibtex"
    suffix = Path(name).suffix.lower()
    return {".xml": "pubmed-xml", ".nbib": "medline", ".txt": "medline", ".ris": "ris",
            ".bib": "bibtex", ".json": "csl-json"}.get(suffix)  # fmt: skip


def read_file(path: Path) -> list[ImportedRecord]:
    """Parse ``path`` in its detected format; raise ImportProblem naming the file and place."""
    name = str(path)
    if not path.is_file():
        raise ImportProblem(name, "0", "no such file")
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise ImportProblem(name, "0", f"file is larger than {MAX_IMPORT_BYTES // 1_000_000} MB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ImportProblem(name, str(line), "file is not valid UTF-8 text") from None
    fmt = detect_format(text, name)
    if fmt is None:
        raise ImportProblem(
            name, "1", "unknown format (expected PubMed XML, MEDLINE, RIS, BibTeX or CSL-JSON)"
        )
    return PARSERS[fmt](text, name)
