"""Duplicate detection: by PMID, DOI (case-insensitive), PMCID, and normalised title + year."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


def normal_title(title: str | None) -> str:
    if not title:
        return ""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass(frozen=True, slots=True)
class Keys:
    pmid: str | None
    doi: str | None
    pmcid: str | None
    title: str | None
    year: int | None

    def items(self) -> list[tuple[str, str]]:
        found = [("pmid", self.pmid), ("doi", (self.doi or "").lower() or None)]
        found += [("pmcid", (self.pmcid or "").upper() or None)]
        if self.title and self.year:
            found.append(("title+year", f"{normal_title(self.title)}|{self.year}"))
        return [(k, v) for k, v in found if v]


@dataclass(slots=True)
class DuplicateIndex:
    """Known records (existing sources and the batch so far), by every key."""

    by_key: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, record_id: str, keys: Keys) -> None:
        for item in keys.items():
            self.by_key.setdefault(item, record_id)

    def match(self, keys: Keys) -> tuple[str, str] | None:
        """(id it duplicates, the key that matched), or None."""
        for item in keys.items():
            if item in self.by_key:
                return self.by_key[item], item[0]
        return None
