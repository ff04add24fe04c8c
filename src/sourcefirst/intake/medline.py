"""MEDLINE / .nbib (PubMed's text export), read with Biopython's Bio.Medline."""

from __future__ import annotations

import re

from Bio import Medline

from sourcefirst.intake.designs import csl_type_for
from sourcefirst.intake.fields import (
    clean_doi,
    clean_pmcid,
    note_translation,
    set_title,
    year_month,
)
from sourcefirst.intake.languages import iso639_1
from sourcefirst.intake.notices import add_notices
from sourcefirst.intake.record import Author, ImportedRecord, ImportProblem

TAG_LINE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,3} {0,3}- ")
# comment/correction tags (NLM MEDLINE element descriptions) → PubMed's RefType names
LINK_TAGS = {
    "RIN": "RetractionIn", "ROF": "RetractionOf", "EIN": "ErratumIn", "EFR": "ErratumFor",
    "ECI": "ExpressionOfConcernIn", "ECF": "ExpressionOfConcernFor",
}  # fmt: skip


def _check_lines(text: str, file: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("      "):
            continue
        if not TAG_LINE_RE.match(line):
            raise ImportProblem(
                file, str(number), f"not a MEDLINE line (expected 'TAG - value'): {line[:40]!r}"
            )


def parse_medline(text: str, file: str) -> list[ImportedRecord]:
    _check_lines(text, file)
    lines = [line + "\n" for line in text.replace("\r\n", "\n").split("\n")]
    parsed = Medline.parse(lines)  # type: ignore[no-untyped-call]  # Bio ships no types here
    return [_record(raw, file, n) for n, raw in enumerate(parsed, 1)]


def _first(raw: dict[str, object], key: str) -> str | None:
    value = raw.get(key)
    if isinstance(value, list):
        return str(value[0]) if value else None
    return str(value) if value else None


def _all(raw: dict[str, object], key: str) -> list[str]:
    value = raw.get(key)
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def _record(raw: dict[str, object], file: str, number: int) -> ImportedRecord:
    record = ImportedRecord(file=file, position=f"record {number}", format="medline")
    record.pmid = _first(raw, "PMID")
    record.language = next((c for c in (iso639_1(v) for v in _all(raw, "LA")) if c), None)
    record.original_title = _first(raw, "TT")
    set_title(record, _first(raw, "TI"))
    record.container_title = _first(raw, "JT")
    record.container_title_short = _first(raw, "TA")
    record.volume, record.issue, record.page = (_first(raw, k) for k in ("VI", "IP", "PG"))
    record.year, record.month = year_month(_first(raw, "DP"))
    for value in _all(raw, "LID") + _all(raw, "AID"):
        if value.lower().endswith("[doi]"):
            record.doi = record.doi or clean_doi(value)
    record.pmcid = clean_pmcid(_first(raw, "PMC"))
    full = _all(raw, "FAU")
    for index, short in enumerate(_all(raw, "AU")):
        family, _, initials = short.rpartition(" ")
        if not family:
            family, initials = short, ""
        if index < len(full) and "," in full[index]:
            family = full[index].split(",", 1)[0].strip()
        record.authors.append(Author(family=family, given=initials or None))
    record.authors += [Author(literal=name) for name in _all(raw, "CN")]
    record.publication_types = _all(raw, "PT")
    record.csl_type = csl_type_for(record.publication_types)
    links = [(LINK_TAGS[tag], value) for tag in LINK_TAGS for value in _all(raw, tag)]
    add_notices(record, links)
    note_translation(record)
    return record
