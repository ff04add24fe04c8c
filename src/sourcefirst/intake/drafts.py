"""Drafts out: the dry-run JSON object, the source YAML, atomic writes and `--update` merges."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from sourcefirst.intake.designs import suggest_design
from sourcefirst.intake.plan import KINDS, Draft, PlannedId
from sourcefirst.schema.source import Source


def as_json(draft: Draft, final: Draft | None = None) -> dict[str, Any]:
    """The `--dry-run --format json` object (docs/cli.md); ``final`` is the merged draft."""
    shown = final or draft
    record = draft.record
    design = suggest_design(record.publication_types)
    notice = shown.notice
    return {
        "id": draft.id,
        "file": record.file,
        "position": record.position,
        "format": record.format,
        "title": record.title,
        "original_title": record.original_title,
        "container_title": record.container_title,
        "year": record.year,
        "authors": [a.display for a in record.authors],
        "language": record.language,
        "identifiers": {
            k: (shown.identifiers[k].value if k in shown.identifiers else None) for k in KINDS
        },
        "levels": {
            k: (shown.identifiers[k].level.value if k in shown.identifiers else None) for k in KINDS
        },
        "seen_at": {
            k: (shown.identifiers[k].url if k in shown.identifiers else None) for k in KINDS
        },
        "publication_types": record.publication_types,
        "design_suggested": design.value if design else None,
        "retraction": None
        if notice is None
        else {
            "status": notice.status.value,
            "notice": notice.notice,
            "date": notice.date,
            "as_of": draft.origin.date.isoformat(),
        },
        "duplicate_of": draft.duplicate_of,
        "same_as": draft.merged_into,
        "warnings": draft.warnings,
    }


def source_data(draft: Draft) -> dict[str, Any]:
    """The draft as Source fields (validated against the schema before it is written)."""
    record = draft.record
    data: dict[str, Any] = {"id": draft.id, "type": record.csl_type}
    data["title"] = record.title or "Untitled import: add the title"
    data["author"] = [
        {"literal": a.literal} if a.literal else {"family": a.family, "given": a.given}
        for a in record.authors
    ]
    for key, value in (
        ("container-title", record.container_title),
        ("container-title-short", record.container_title_short),
    ):
        if value:
            data[key] = value
    if record.year:
        data["issued"] = {"year": record.year} | ({"month": record.month} if record.month else {})
    for key in ("volume", "issue", "page", "publisher"):
        if getattr(record, key):
            data[key] = getattr(record, key)
    data["language"] = record.language or "en"
    if record.title_translated and record.language != "en":
        data["translation"] = "title given in English translation"
    data["identifiers"] = {k: p.as_yaml() for k, p in draft.identifiers.items()}
    unverified = [f for f, v in (("title", record.title), ("issued", record.year)) if not v]
    if unverified:
        data["unverified_fields"] = unverified
    data["study"] = {"design": "unknown"}
    data["summary"] = "Imported draft: the editor writes the summary after reading the paper."
    if record.original_title:
        data["original_title"] = record.original_title
    if record.publication_types:
        data["publication_types"] = record.publication_types
    design = suggest_design(record.publication_types)
    if design:
        data["design_suggested"] = design.value
    notice = draft.notice
    if notice:
        data["retraction"] = {
            "status": notice.status.value,
            "notice": notice.notice,
            "as_of": draft.origin.date.isoformat(),
            "origin": draft.origin.origin,
        } | ({"date": notice.date} if notice.date else {})
    data["draft"] = True
    Source.model_validate(data)  # a draft must load; a bug here is ours, not the editor's
    return data


def dump(data: dict[str, Any]) -> str:
    header = "# Imported by `sourcefirst import`; review every field, then remove `draft: true`.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_new(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically; False (nothing written) when ``path`` exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            os.link(temp, path)  # fails if the file exists: never overwrite
        except FileExistsError:
            return False
        return True
    finally:
        Path(temp).unlink()


def replace_atomically(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    Path(temp).replace(path)


def _flow(planned: PlannedId) -> str:
    return (
        "{"
        + yaml.safe_dump(planned.as_yaml(), default_flow_style=True, width=10_000).strip()[1:-1]
        + "}"
    )


def merge_text(text: str, existing: Source, new: dict[str, PlannedId]) -> tuple[str, list[str]]:
    """Add identifiers ``existing`` lacks to its ``identifiers:`` block, leaving every other
    line as it is. An identifier the source already has keeps its value, level and seen_at: the
    importer never raises or lowers an existing level."""
    added = [k for k in KINDS if k in new and getattr(existing.identifiers, k) is None]
    if not added:
        return text, []
    lines = text.splitlines(keepends=True)
    new_lines = [f"  {k}: {_flow(new[k])}\n" for k in added]
    start = next((i for i, line in enumerate(lines) if re.match(r"^identifiers:", line)), None)
    if start is None:
        tail = "" if text.endswith("\n") else "\n"
        return text + tail + "identifiers:\n" + "".join(new_lines), added
    if re.match(r"^identifiers:\s*\{\s*\}\s*$", lines[start]):
        lines[start] = "identifiers:\n"
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return "".join(lines[:end] + new_lines + lines[end:]), added
