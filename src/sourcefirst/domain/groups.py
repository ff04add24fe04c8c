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
    """ "family + first initial", case- and accent-folded; an organisation is its name."""
    if name.literal:
        return f"org:{_fold(name.literal)}"
    if not name.family:
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
        """Groups with recorded authors (a source without authors cannot be placed)."""
        return sum(1 for g in self.groups if not set(g) <= set(self.unknown_authors))

    @property
    def single_group(self) -> bool:
        """All the evidence with recorded authors comes from one group."""
        return self.count == 1

    @property
    def label(self) -> str:
        """ "3 studies from 1 research group (single-group evidence)": the wording every view
        uses for a finding's or an outcome's sources."""
        unknown = len(self.unknown_authors)
        known = self.studies - unknown
        if not self.groups:
            return "no studies"
        if not known:
            return f"{_studies(unknown)}, authors not recorded: research group unknown"
        if self.count == 1:
            text = f"{_studies(known)} from 1 research group"
            text += " (single-group evidence)" if known > 1 else " (single study)"
        else:
            text = f"{_studies(known)} from {self.count} independent groups"
        if unknown:
            text += f", plus {_studies(unknown)} whose authors are not recorded"
        return text


def _studies(count: int) -> str:
    return f"{count} stud{'y' if count == 1 else 'ies'}"


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


def display_key(key: str) -> str:
    """ "myasoedov n" → "Myasoedov N"; an organisation key shows its name."""
    if key.startswith("org:"):
        return key[4:]
    family, _, initial = key.rpartition(" ")
    if not family:
        return key.title()
    return f"{family.title()} {initial.upper()}"


def prolific_authors(
    sources: Mapping[str, Source], aliases: Mapping[str, str], share: float = 0.25
) -> list[str]:
    """Authors who co-sign at least ``share`` of all sources, in words ("Myasoedov N co-signs
    10 of the 20 sources"), so that a reader sees how concentrated the literature is."""
    total = len(sources)
    return [
        f"{display_key(key)} co-signs {count} of the {total} sources"
        for key, count in shared_author_counts(sources, aliases)
        if total and count >= 2 and count / total >= share
    ]
