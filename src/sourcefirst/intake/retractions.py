"""Retraction Watch data (the public CSV layout) → content/retractions.yaml, matched offline.

The snapshot records the date of the data, every source looked up and every match, so builds
stay reproducible without network access and a page can say "not in the retraction data as of
DATE" rather than a plain "clean".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import yaml

from sourcefirst.intake.drafts import replace_atomically
from sourcefirst.load.reader import read_content
from sourcefirst.schema.retraction import NoticeStatus, RetractionMatch, RetractionSnapshot

REQUIRED = ("Title", "Journal", "Author", "RetractionDate", "RetractionDOI",
            "RetractionPubMedID", "OriginalPaperDOI", "OriginalPaperPubMedID",
            "RetractionNature", "Reason")  # fmt: skip
NATURE = {
    "retraction": NoticeStatus.RETRACTED,
    "correction": NoticeStatus.ERRATUM,
    "expression of concern": NoticeStatus.CONCERN,
}
MAX_CSV_BYTES = 200_000_000  # the full public file is ~60 MB


class RetractionDataProblem(Exception):
    pass


def _date(text: str) -> dt.date | None:
    text = text.strip().split(" ")[0]
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if match:
            return dt.date(int(match.group(3)), int(match.group(1)), int(match.group(2)))
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _useful(value: str) -> str | None:
    text = value.strip()
    return None if text.lower() in ("", "0", "unavailable", "na", "n/a") else text


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise RetractionDataProblem(f"{path}: no such file")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise RetractionDataProblem(f"{path}: larger than {MAX_CSV_BYTES // 1_000_000} MB")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")  # older exports are Windows-1252/Latin-1
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise RetractionDataProblem(
            f"{path}:1: not the Retraction Watch layout; missing column(s) {', '.join(missing)}"
        )
    try:
        return list(reader)
    except csv.Error as exc:
        raise RetractionDataProblem(f"{path}:{reader.line_num}: malformed CSV: {exc}") from None


def match_rows(
    rows: list[dict[str, str]], sources: dict[str, tuple[str | None, str | None]]
) -> list[RetractionMatch]:
    """``sources``: id → (DOI lower-cased, PMID)."""
    by_doi = {doi: sid for sid, (doi, _) in sources.items() if doi}
    by_pmid = {pmid: sid for sid, (_, pmid) in sources.items() if pmid}
    found: list[RetractionMatch] = []
    for row in rows:
        doi = (_useful(row.get("OriginalPaperDOI", "")) or "").lower()
        pmid = _useful(row.get("OriginalPaperPubMedID", ""))
        source = by_doi.get(doi) if doi else None
        source = source or (by_pmid.get(pmid) if pmid else None)
        nature = row.get("RetractionNature", "").strip().lower()
        if source is None or nature not in NATURE:
            continue
        reason = "; ".join(r.strip("+ ") for r in row.get("Reason", "").split(";") if r.strip())
        notice_doi = _useful(row.get("RetractionDOI", ""))
        date = _date(row.get("RetractionDate", ""))
        found.append(
            RetractionMatch(
                source=source,
                status=NATURE[nature],
                date=date,
                notice=f"{row['RetractionNature'].strip()} notice"
                + (f", DOI {notice_doi}" if notice_doi else ""),
                reason=reason or None,
                doi=notice_doi,
                pmid=_useful(row.get("RetractionPubMedID", "")),
            )
        )
    return found


def import_retractions(
    path: Path, content: Path, as_of: dt.date
) -> tuple[RetractionSnapshot, Path]:
    rows = read_rows(path)
    raw = read_content(content)
    sources = {
        item.value.id: (
            item.value.identifiers.doi.value.lower() if item.value.identifiers.doi else None,
            item.value.identifiers.pmid.value if item.value.identifiers.pmid else None,
        )
        for item in raw.sources
    }
    checked = sorted(sid for sid, (doi, pmid) in sources.items() if doi or pmid)
    snapshot = RetractionSnapshot(
        as_of=as_of,
        dataset=f"Retraction Watch data ({path.name})",
        rows=len(rows),
        checked=checked,
        matches=match_rows(rows, sources),
    )
    target = content / "retractions.yaml"
    data = snapshot.model_dump(mode="json", exclude_none=True)
    header = "# Written by `sourcefirst retractions import`; re-run it to refresh.\n"
    content.mkdir(parents=True, exist_ok=True)
    replace_atomically(target, header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return snapshot, target
