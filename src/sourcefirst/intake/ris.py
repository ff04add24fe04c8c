"""RIS, read with rispy after a structural check (rispy itself accepts almost anything)."""

from __future__ import annotations

import re
from typing import Any

import rispy  # type: ignore[import-untyped]

from sourcefirst.intake.designs import csl_type_for
from sourcefirst.intake.fields import (
    clean_doi,
    clean_pmcid,
    clean_pmid,
    note_translation,
    set_title,
    year_month,
)
from sourcefirst.intake.languages import iso639_1
from sourcefirst.intake.record import Author, ImportedRecord, ImportProblem

TAG_RE = re.compile(r"^([A-Z][A-Z0-9])  - ?(.*)$")
RIS_TYPES = {"JOUR": "article-journal", "EJOUR": "article-journal", "BOOK": "book",
             "CHAP": "chapter", "RPRT": "report", "ELEC": "webpage", "WEB": "webpage",
             "CONF": "paper-conference", "CPAPER": "paper-conference"}  # fmt: skip


def _check(text: str, file: str) -> None:
    inside, start, count = False, 0, 0
    for number, line in enumerate(text.splitlines(), 1):
        match = TAG_RE.match(line.lstrip("\ufeff"))
        if match and match.group(1) == "TY":
            if inside:
                raise ImportProblem(file, str(start), f"record {count} has no ER line")
            inside, start, count = True, number, count + 1
        elif match and match.group(1) == "ER":
            if not inside:
                raise ImportProblem(file, str(number), "ER line outside a record")
            inside = False
        elif line.strip() and not inside:
            raise ImportProblem(file, str(number), f"text outside a record: {line[:40]!r}")
    if inside:
        raise ImportProblem(file, str(start), f"record {count} has no ER line")
    if count == 0:
        raise ImportProblem(file, "1", "no RIS record (no 'TY  - ' line)")


def _list(entry: dict[str, Any], key: str) -> list[str]:
    value = entry.get(key)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _one(entry: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        values = _list(entry, key)
        if values and values[0].strip():
            return values[0].strip()
    return None


def parse_ris(text: str, file: str) -> list[ImportedRecord]:
    _check(text, file)
    try:
        entries = rispy.loads(text.lstrip("\ufeff"))
    except Exception as exc:
        raise ImportProblem(file, "1", f"malformed RIS: {exc}") from None
    return [_record(entry, file, n) for n, entry in enumerate(entries, 1)]


def _record(entry: dict[str, Any], file: str, number: int) -> ImportedRecord:
    record = ImportedRecord(file=file, position=f"record {number}", format="ris")
    record.language = iso639_1(_one(entry, "language"))
    record.original_title = _one(entry, "translated_title", "original_publication")
    set_title(record, _one(entry, "primary_title", "title"))
    record.container_title = _one(entry, "secondary_title", "journal_name", "alternate_title3")
    record.container_title_short = _one(entry, "alternate_title2", "alternate_title1")
    record.volume, record.issue = _one(entry, "volume"), _one(entry, "number")
    start, end = _one(entry, "start_page"), _one(entry, "end_page")
    record.page = f"{start}-{end}" if start and end else start
    record.year, record.month = year_month(_one(entry, "year", "publication_year", "date"))
    record.doi = clean_doi(_one(entry, "doi"))
    for key in ("authors", "first_authors"):
        for name in _list(entry, key):
            family, _, given = name.partition(",")
            record.authors.append(Author(family=family.strip(), given=given.strip() or None))
    record.publisher = _one(entry, "publisher")
    for note in _list(entry, "notes") + _list(entry, "note") + _list(entry, "accession_number"):
        lowered = note.lower()
        if "pmid" in lowered or lowered.strip().isdigit():
            record.pmid = record.pmid or clean_pmid(note.split(":")[-1])
        if "pmc" in lowered:
            record.pmcid = record.pmcid or clean_pmcid(note.split(":")[-1])
    record.publication_types = _list(entry, "type_of_work")
    kind = _one(entry, "type_of_reference") or "JOUR"
    record.csl_type = (
        csl_type_for(record.publication_types)
        if kind in ("JOUR", "EJOUR")
        else RIS_TYPES.get(kind, "article-journal")
    )
    note_translation(record)
    return record
