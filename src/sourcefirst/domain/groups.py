"""Independent research groups: a claim's sources clustered by shared authors.

Two sources belong to one group when they share an author, after transliteration aliases
(content/authors.yaml) are resolved; authors are compared as "family name + first initial".
The clustering is a union-find over sources (docs/evidence-scale.md, "Research groups").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sourcefirst.load.records import Located
from sourcefirst.schema.author import Author
from sourcefirst.schema.source import Name, Source


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def name_key(name: Name) -> str | None:
    """ "family + first initial", case- and accent-folded; None for organisations."""
    if name.literal or not name.family:
        return None
    initial = _fold(name.given or "")[:1]
    return f"{_fold(name.family)} {initial}".strip()


def alias_map(authors: Iterable[Located[Author]]) -> dict[str, str]:
    """Each alias spelling's key → the key of the name the author is known by here."""
    mapping: dict[str, str] = {}
    for item in authors:
        canonical = name_key(item.value.name)
        if canonical is None:
            continue
        for alias in item.value.aliases:
            key = name_key(alias)
            if key is not None and key != canonical:
                mapping[key] = canonical
    return mapping


def author_keys(source: Source, aliases: Mapping[str, str]) -> set[str]:
    keys = {name_key(n) for n in source.author}
    return {aliases.get(k, k) for k in keys if k}


@dataclass(frozen=True, slots=True)
class Groups:
    """The research groups behind a set of sources."""

    groups: tuple[tuple[str, ...], ...]  # source ids per group, in input order
    unknown_authors: tuple[str, ...]  # sources with no recorded person author

    @property
    def studies(self) -> int:
        return sum(len(g) for g in self.groups)

    @property
    def count(self) -> int:
        return len(self.groups)

    @property
    def single_group(self) -> bool:
        """All of the evidence comes from one group (more than one study, or one study only)."""
        return self.count == 1

    @property
    def label(self) -> str:
        """ "3 studies from 1 research group (single group)" — the one wording every view uses."""
        if not self.groups:
            return "no studies"
        studies = f"{self.studies} stud{'y' if self.studies == 1 else 'ies'}"
        groups = f"{self.count} independent group{'' if self.count == 1 else 's'}"
        if self.count == 1:
            groups = "1 research group"
        text = f"{studies} from {groups}"
        if self.count == 1 and self.studies > 1:
            text += " (single-group evidence)"
        elif self.count == 1:
            text += " (single study)"
        if self.unknown_authors:
            text += f"; authors not recorded for {len(self.unknown_authors)}"
        return text


def research_groups(
    source_ids: Iterable[str], sources: Mapping[str, Source], aliases: Mapping[str, str]
) -> Groups:
    """Cluster ``source_ids`` into groups that share at least one author (union-find)."""
    ids = [s for s in dict.fromkeys(source_ids) if s in sources]
    parent = {s: s for s in ids}

    def find(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    first_with: dict[str, str] = {}
    unknown = []
    for source_id in ids:
        keys = author_keys(sources[source_id], aliases)
        if not keys:
            unknown.append(source_id)
        for key in keys:
            if key in first_with:
                parent[find(source_id)] = find(first_with[key])
            else:
                first_with[key] = source_id
    clusters: dict[str, list[str]] = {}
    for source_id in ids:
        clusters.setdefault(find(source_id), []).append(source_id)
    return Groups(tuple(tuple(c) for c in clusters.values()), tuple(unknown))


def shared_author_counts(
    sources: Mapping[str, Source], aliases: Mapping[str, str]
) -> list[tuple[str, int]]:
    """Authors by the number of sources they sign, most first (ties by name)."""
    counts: dict[str, int] = {}
    for source in sources.values():
        for key in author_keys(source, aliases):
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
