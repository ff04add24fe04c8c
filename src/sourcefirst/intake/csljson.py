"""CSL-JSON, as DOI content negotiation returns it (one object) or as a list of items."""

from __future__ import annotations

import json
from typing import Any

from sourcefirst.intake.designs import csl_type_for
from sourcefirst.intake.fields import (
    clean_doi,
    clean_pmcid,
    clean_pmid,
    note_translation,
    set_title,
)
from sourcefirst.intake.languages import iso639_1
from sourcefirst.intake.record import Author, ImportedRecord, ImportProblem

CSL_TYPES = {"article-journal", "review", "webpage", "report", "book", "chapter",
             "paper-conference"}  # fmt: skip
# non-CSL types (Crossref's own vocabulary, as content negotiation returns it) → CSL
NON_CSL = {"journal-article": "article-journal", "article": "article-journal",
           "proceedings-article": "paper-conference", "book-chapter": "chapter",
           "posted-content": "article-journal", "report-component": "report",
           "monograph": "book", "edited-book": "book", "reference-entry": "chapter",
           "dataset": "report", "post-weblog": "webpage", "article-magazine": "article-journal",
           "article-newspaper": "article-journal"}  # fmt: skip


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def parse_csl_json(text: str, file: str) -> list[ImportedRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            file, f"{exc.lineno}:{exc.colno}", f"malformed JSON: {exc.msg}"
        ) from None
    items = data if isinstance(data, list) else [data]
    records = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ImportProblem(file, f"record {number}", "a CSL-JSON item must be an object")
        records.append(_record(item, file, number))
    return records


def _record(item: dict[str, Any], file: str, number: int) -> ImportedRecord:
    record = ImportedRecord(file=file, position=f"record {number}", format="csl-json")
    record.language = iso639_1(_text(item.get("language")))
    record.original_title = _text(item.get("original-title"))
    set_title(record, _text(item.get("title")))
    record.container_title = _text(item.get("container-title"))
    record.container_title_short = _text(
        item.get("container-title-short") or item.get("short-container-title")
    )
    record.volume, record.issue = _text(item.get("volume")), _text(item.get("issue"))
    record.page = _text(item.get("page"))
    issued = item.get("issued") or item.get("published-print") or item.get("published") or {}
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = parts[0]
        try:
            record.year = int(first[0])
            record.month = int(first[1]) if len(first) > 1 else None
        except (TypeError, ValueError):
            record.warnings.append(f"unreadable issued date {parts!r}")
    record.doi = clean_doi(_text(item.get("DOI")))
    record.pmid = clean_pmid(_text(item.get("PMID")))
    record.pmcid = clean_pmcid(_text(item.get("PMCID")))
    record.publisher = _text(item.get("publisher"))
    for name in item.get("author") or []:
        if not isinstance(name, dict):
            continue
        if name.get("literal"):
            record.authors.append(Author(literal=str(name["literal"])))
        elif name.get("family"):
            record.authors.append(
                Author(family=str(name["family"]), given=_text(name.get("given")))
            )
    raw_type = str(item.get("type") or "article-journal")
    if raw_type in CSL_TYPES:
        record.csl_type = raw_type
    elif raw_type in NON_CSL:
        record.csl_type = NON_CSL[raw_type]
    else:
        record.csl_type = "article-journal"
        record.warnings.append(f"unknown type {raw_type!r}, imported as article-journal")
    if record.csl_type == "article-journal":
        record.csl_type = csl_type_for(record.publication_types)
    for relation in ("is-translation-of", "has-translation"):
        related = (
            (item.get("relation") or {}).get(relation)
            if isinstance(item.get("relation"), dict)
            else None
        )
        if related:
            record.warnings.append(f"Crossref relation {relation}: {related}")
    note_translation(record)
    return record
