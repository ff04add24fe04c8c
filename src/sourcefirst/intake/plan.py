"""From imported records to drafts: ids, identifiers with levels, duplicates, suggestions."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sourcefirst.intake.duplicates import DuplicateIndex, Keys
from sourcefirst.intake.provenance import Origin, Provenance, provenance
from sourcefirst.intake.record import ImportedNotice, ImportedRecord
from sourcefirst.schema.identifiers import DOI_RE, PMCID_RE, PMID_RE
from sourcefirst.schema.retraction import NoticeStatus
from sourcefirst.schema.source import Source, Verification

KINDS = ("pmid", "doi", "pmcid")
PATTERNS = {"pmid": PMID_RE, "doi": DOI_RE, "pmcid": PMCID_RE}
STRENGTH = {v: i for i, v in enumerate(Verification)}  # 0 = strongest
SEVERITY = {NoticeStatus.RETRACTED: 0, NoticeStatus.CONCERN: 1, NoticeStatus.ERRATUM: 2}


@dataclass(slots=True)
class PlannedId:
    value: str
    level: Verification
    url: str | None
    date: dt.date
    note: str | None = None
    where: str | None = None  # where it was seen, when there is no address

    def as_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"value": self.value, "verification": self.level.value}
        if self.url:
            data["seen_at"] = {"url": self.url, "date": self.date}
        elif self.where:
            data["seen_at"] = {"where": self.where, "date": self.date}
        if self.note:
            data["note"] = self.note
        return data


@dataclass(slots=True)
class Draft:
    id: str
    record: ImportedRecord
    origin: Provenance
    identifiers: dict[str, PlannedId] = field(default_factory=dict)
    duplicate_of: str | None = None  # an existing source id
    merged_into: str | None = None  # an earlier draft of the same batch
    warnings: list[str] = field(default_factory=list)

    @property
    def notice(self) -> ImportedNotice | None:
        notices = sorted(self.record.notices, key=lambda n: SEVERITY[n.status])
        return notices[0] if notices else None

    @property
    def writes(self) -> bool:
        return self.duplicate_of is None and self.merged_into is None


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", folded)


def proposed_id(record: ImportedRecord, taken: set[str]) -> str:
    first = record.authors[0] if record.authors else None
    name = _ascii((first.family or first.literal or "") if first else "") or "anon"
    journal = _ascii(record.container_title_short or record.container_title or "")[:20]
    parts = [name[:30], str(record.year) if record.year else "nd"] + ([journal] if journal else [])
    base = "-".join(parts)
    candidate, suffix = base, ord("b")
    while candidate in taken:
        candidate, suffix = f"{base}-{chr(suffix)}", suffix + 1
    return candidate


def keys_of(record: ImportedRecord) -> Keys:
    return Keys(record.pmid, record.doi, record.pmcid, record.title, record.year)


def source_keys(source: Source) -> Keys:
    ids = source.identifiers
    return Keys(
        ids.pmid.value if ids.pmid else None,
        ids.doi.value if ids.doi else None,
        ids.pmcid.value if ids.pmcid else None,
        source.title,
        source.year,
    )


def _identifiers(draft: Draft) -> None:
    record, origin = draft.record, draft.origin
    for kind in KINDS:
        value = getattr(record, kind)
        if value is None:
            continue
        if not PATTERNS[kind].fullmatch(value):
            draft.warnings.append(f"malformed {kind.upper()} {value!r} left out")
            continue
        note = None
        if kind == "doi" and record.language and record.language != "en":
            note = f"record in {record.language!r}: check whether this DOI is the translation's"
        draft.identifiers[kind] = PlannedId(
            value, origin.level, origin.url, origin.date, note, origin.origin
        )


def merge_ids(into: Draft, other: Draft) -> None:
    """Identifiers ``other`` adds to ``into``; the stronger level wins (both files were seen)."""
    for kind, planned in other.identifiers.items():
        have = into.identifiers.get(kind)
        if have is None:
            into.identifiers[kind] = planned
        elif have.value.lower() != planned.value.lower():
            into.warnings.append(
                f"{kind.upper()} differs between files: {have.value} ({into.record.file}) and "
                f"{planned.value} ({other.record.file})"
            )
        elif STRENGTH[planned.level] < STRENGTH[have.level]:
            into.identifiers[kind] = planned
    if other.record.notices and not into.record.notices:
        into.record.notices = list(other.record.notices)


def plan(records: list[ImportedRecord], existing: list[Source], origin: Origin) -> list[Draft]:
    index = DuplicateIndex()
    for source in existing:
        index.add(source.id, source_keys(source))
    existing_ids = {s.id for s in existing}
    taken = set(existing_ids)
    drafts: dict[str, Draft] = {}
    out: list[Draft] = []
    for record in records:
        draft = Draft(id="", record=record, origin=provenance(record, origin))
        draft.warnings += record.warnings
        if not record.title:
            draft.warnings.append("no title: the editor must add one")
        if not record.year:
            draft.warnings.append("no year: the editor must add one")
        _identifiers(draft)
        match = index.match(keys_of(record))
        if match is not None and match[0] in existing_ids:
            draft.id, draft.duplicate_of = match[0], match[0]
            draft.warnings.append(f"duplicate of existing source {match[0]!r} (same {match[1]})")
        elif match is not None:
            draft.id, draft.merged_into = match[0], match[0]
            merge_ids(drafts[match[0]], draft)
            draft.warnings.append(f"same paper as {match[0]!r} earlier in this import")
        else:
            draft.id = proposed_id(record, taken)
            taken.add(draft.id)
            drafts[draft.id] = draft
        index.add(draft.id, keys_of(record))
        out.append(draft)
    return out
