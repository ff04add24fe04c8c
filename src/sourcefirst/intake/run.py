"""`sourcefirst import`: read every file first, then write (nothing is written on any error)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sourcefirst.intake.detect import read_file
from sourcefirst.intake.drafts import (
    as_json,
    dump,
    merge_text,
    replace_atomically,
    source_data,
    write_new,
)
from sourcefirst.intake.plan import Draft, plan
from sourcefirst.intake.provenance import Origin
from sourcefirst.intake.record import ImportedRecord, ImportProblem
from sourcefirst.load.reader import read_content
from sourcefirst.schema.source import Source


@dataclass(slots=True)
class ImportResult:
    drafts: list[Draft]
    objects: list[dict[str, Any]]
    written: list[Path] = field(default_factory=list)
    updated: list[tuple[Path, list[str]]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # exists already; no --update


def read_all(files: list[Path]) -> list[ImportedRecord]:
    records: list[ImportedRecord] = []
    for path in files:
        records.extend(read_file(path))  # ImportProblem stops everything before any write
    return records


def _notice_block(draft: Draft) -> str:
    data = source_data(draft).get("retraction")
    return yaml.safe_dump({"retraction": data}, sort_keys=False, allow_unicode=True) if data else ""


def run_import(
    files: list[Path], content: Path, origin: Origin, *, dry_run: bool, update: bool
) -> ImportResult:
    records = read_all(files)
    raw = read_content(content)
    existing: dict[str, Source] = {item.value.id: item.value for item in raw.sources}
    drafts = plan(records, list(existing.values()), origin)
    final = {d.id: d for d in drafts if d.writes}
    result = ImportResult(drafts, [as_json(d, final.get(d.id)) for d in drafts])
    if dry_run:
        return result
    for draft in drafts:  # every file an update needs exists before anything is written
        path = content / "sources" / f"{draft.duplicate_of}.yaml"
        if draft.duplicate_of and update and not path.is_file():
            raise ImportProblem(str(path), "0", "the duplicate's file is not where its id says")
    for draft in drafts:
        if draft.writes:
            target = content / "sources" / f"{draft.id}.yaml"
            text = dump(source_data(draft))
            if write_new(target, text):
                result.written.append(target)
            else:
                result.skipped.append(target)
        elif draft.duplicate_of and update:
            source = existing[draft.duplicate_of]
            path = content / "sources" / f"{source.id}.yaml"  # ids match file names (SF003)
            text = path.read_text(encoding="utf-8")
            merged, added = merge_text(text, source, draft.identifiers)
            if draft.notice and source.retraction is None:
                merged += ("" if merged.endswith("\n") else "\n") + _notice_block(draft)
                added.append("retraction")
            if added:
                replace_atomically(path, merged)
                result.updated.append((path, added))
    return result


__all__ = ["ImportProblem", "ImportResult", "Origin", "run_import"]
