"""Retraction, erratum and concern notices from publication types and correction links."""

from __future__ import annotations

from sourcefirst.intake.designs import LINK_TYPES, NOTICE_RECORD_TYPES
from sourcefirst.intake.record import ImportedNotice, ImportedRecord
from sourcefirst.schema.retraction import NoticeStatus


def add_notices(record: ImportedRecord, links: list[tuple[str, str]]) -> None:
    """``links``: (link type as PubMed spells it, e.g. 'RetractionIn', and the notice label)."""
    types = {t.strip().lower() for t in record.publication_types}
    for ref_type, label in links:
        kind = ref_type.lower()
        if kind in LINK_TYPES:
            record.notices.append(ImportedNotice(LINK_TYPES[kind], f"{ref_type}: {label}"))
    if "retracted publication" in types and not any(
        n.status is NoticeStatus.RETRACTED for n in record.notices
    ):
        record.notices.append(
            ImportedNotice(NoticeStatus.RETRACTED, "publication type: Retracted Publication")
        )
    for name, (status, what, link_kind) in NOTICE_RECORD_TYPES.items():
        if name not in types:
            continue
        targets = [label for ref_type, label in links if ref_type.lower() == link_kind]
        about = f" for {'; '.join(targets)}" if targets else ""
        record.warnings.append(f"this record is itself {what}{about}, not a study")
        record.notices.append(ImportedNotice(status, f"this record is {what}{about}"))
