"""BibTeX, read with bibtexparser 1.x after a structural check (it drops broken entries)."""

from __future__ import annotations

import re

import bibtexparser  # type: ignore[import-untyped]
from bibtexparser.bparser import BibTexParser  # type: ignore[import-untyped]

from sourcefirst.intake.designs import csl_type_for
from sourcefirst.intake.fields import (
    clean_doi,
    clean_pmcid,
    clean_pmid,
    month_of,
    note_translation,
    set_title,
)
from sourcefirst.intake.languages import iso639_1
from sourcefirst.intake.record import Author, ImportedRecord, ImportProblem

ENTRY_RE = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]", re.MULTILINE)
NOT_ENTRIES = {"comment", "string", "preamble"}
BIB_TYPES = {"article": "article-journal", "book": "book", "incollection": "chapter",
             "inproceedings": "paper-conference", "techreport": "report", "misc": "webpage",
             "online": "webpage"}  # fmt: skip


def _check(text: str, file: str) -> int:
    starts = [m for m in ENTRY_RE.finditer(text) if m.group(1).lower() not in NOT_ENTRIES]
    if not starts:
        raise ImportProblem(file, "1", "no BibTeX entry (no '@type{' line)")
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        chunk = text[match.end() - 1 : end]
        depth = 0
        for char in chunk:
            depth += {"{": 1, "(": 0, "}": -1}.get(char, 0)
            if depth < 0:
                break
        if depth != 0:
            line = text.count("\n", 0, match.start(1)) + 1
            raise ImportProblem(
                file, str(line), f"record {index + 1} (@{match.group(1)}): unbalanced braces"
            )
    return len(starts)


def _plain(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.replace("{", "").replace("}", "").split()) or None


def parse_bibtex(text: str, file: str) -> list[ImportedRecord]:
    expected = _check(text, file)
    parser = BibTexParser(common_strings=True)
    parser.ignore_nonstandard_types = False
    database = bibtexparser.loads(text, parser=parser)
    if len(database.entries) != expected:
        raise ImportProblem(
            file, "1", f"{expected} entries found but only {len(database.entries)} could be read"
        )
    return [_record(entry, file, n) for n, entry in enumerate(database.entries, 1)]


def _record(entry: dict[str, str], file: str, number: int) -> ImportedRecord:
    def get(key: str) -> str | None:
        return _plain(entry.get(key))

    record = ImportedRecord(
        file=file, position=f"record {number} ({entry.get('ID')})", format="bibtex"
    )
    record.language = iso639_1(get("language") or get("langid"))
    record.original_title = get("origtitle") or get("titleaddon")
    set_title(record, get("title"))
    record.container_title = get("journal") or get("journaltitle") or get("booktitle")
    record.container_title_short = get("shortjournal")
    record.volume, record.issue, record.page = get("volume"), get("number"), get("pages")
    if record.page:
        record.page = record.page.replace("--", "-")
    year = get("year") or (get("date") or "")[:4]
    record.year = int(year) if year and year.isdigit() else None
    record.month = month_of(get("month"))
    record.doi = clean_doi(get("doi"))
    record.pmid = clean_pmid(get("pmid"))
    record.pmcid = clean_pmcid(get("pmcid"))
    record.publisher = get("publisher")
    for name in re.split(r"\s+and\s+", get("author") or ""):
        if not name.strip():
            continue
        if "," in name:
            family, given = (part.strip() for part in name.split(",", 1))
        else:
            given, _, family = name.strip().rpartition(" ")
        record.authors.append(Author(family=family, given=given or None))
    record.publication_types = [t for t in (get("pubtype"), get("type")) if t]
    bib_type = entry.get("ENTRYTYPE", "article").lower()
    record.csl_type = (
        csl_type_for(record.publication_types)
        if bib_type == "article"
        else BIB_TYPES.get(bib_type, "article-journal")
    )
    note_translation(record)
    return record
