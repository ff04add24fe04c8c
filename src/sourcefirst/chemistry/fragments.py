"""Where a query sequence's stretches occur in parent proteins and in catalogued peptides.

A *match* is a maximal exact common substring: a stretch of at least ``min_length`` residues
found in both sequences that cannot be extended by one residue on either side. Matches are
found from a k-mer index of the query (k = ``min_length``) built once per call: each target is
scanned once, a seed is extended only if it starts a match (the residues before it differ), so
the work per target is linear in its length plus the number of matching residue pairs.

For each target, matches are kept longest first and a match is dropped when its query range
overlaps one already kept for that target (so each query residue maps to at most one place in
a given protein or peptide; of equally long candidates the earliest in the query, then in the
target, wins). All positions are 1-based and inclusive; protein positions use the protein's own
numbering (``Protein.start``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from sourcefirst.schema.peptide import Peptide, Protein


@dataclass(frozen=True)
class ProteinMatch:
    protein_id: str
    protein_name: str
    peptide_start: int
    peptide_end: int
    protein_start: int
    protein_end: int
    residues: str


@dataclass(frozen=True)
class SharedMotif:
    peptide_id: str
    peptide_name: str
    motif: str
    query_start: int
    query_end: int
    other_start: int
    other_end: int


@dataclass(frozen=True)
class FragmentReport:
    protein_matches: list[ProteinMatch]
    shared_motifs: list[SharedMotif]
    unmatched: list[tuple[int, int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "protein_matches": [asdict(m) for m in self.protein_matches],
            "shared_motifs": [asdict(m) for m in self.shared_motifs],
            "unmatched": [[lo, hi] for lo, hi in self.unmatched],
        }


# (query start, target start, length), all 0-based
_Hit = tuple[int, int, int]


def map_fragments(
    residues: str,
    proteins: Iterable[Protein],
    peptides: Iterable[Peptide],
    min_length: int = 3,
    exclude_peptide: str | None = None,
) -> FragmentReport:
    """Map ``residues`` (one-letter) onto ``proteins`` and compare it with ``peptides``."""
    if min_length < 1:
        raise ValueError("min_length must be at least 1")
    query = residues.upper()
    index = _kmer_index(query, min_length)

    protein_hits: list[tuple[int, int, int, ProteinMatch]] = []
    for order, protein in enumerate(proteins):
        for q, t, n in _select(_maximal_matches(query, index, min_length, protein.sequence)):
            match = ProteinMatch(
                protein_id=protein.id,
                protein_name=protein.name,
                peptide_start=q + 1,
                peptide_end=q + n,
                protein_start=protein.start + t,
                protein_end=protein.start + t + n - 1,
                residues=query[q : q + n],
            )
            protein_hits.append((-n, q, order, match))

    motif_hits: list[tuple[int, int, int, SharedMotif]] = []
    for order, peptide in enumerate(peptides):
        if exclude_peptide is not None and peptide.id == exclude_peptide:
            continue
        other = peptide.one_letter
        if other is None:
            continue  # no standard sequence to compare (a mixture, or non-standard residues)
        for q, t, n in _select(_maximal_matches(query, index, min_length, other)):
            motif = SharedMotif(
                peptide_id=peptide.id,
                peptide_name=peptide.name,
                motif=query[q : q + n],
                query_start=q + 1,
                query_end=q + n,
                other_start=t + 1,
                other_end=t + n,
            )
            motif_hits.append((-n, q, order, motif))

    protein_hits.sort(key=lambda hit: hit[:3])
    motif_hits.sort(key=lambda hit: hit[:3])
    matches = [hit[3] for hit in protein_hits]
    covered = [False] * len(query)
    for match in matches:
        for i in range(match.peptide_start - 1, match.peptide_end):
            covered[i] = True
    return FragmentReport(
        protein_matches=matches,
        shared_motifs=[hit[3] for hit in motif_hits],
        unmatched=_uncovered_ranges(covered),
    )


def _kmer_index(query: str, k: int) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for i in range(len(query) - k + 1):
        index.setdefault(query[i : i + k], []).append(i)
    return index


def _maximal_matches(query: str, index: dict[str, list[int]], k: int, target: str) -> list[_Hit]:
    """Every maximal exact match of length ≥ k between ``query`` and ``target``."""
    n, m = len(query), len(target)
    found: list[_Hit] = []
    for t in range(m - k + 1):
        seeds = index.get(target[t : t + k])
        if not seeds:
            continue
        for q in seeds:
            if q > 0 and t > 0 and query[q - 1] == target[t - 1]:
                continue  # inside a match that starts further left
            length = k
            while q + length < n and t + length < m and query[q + length] == target[t + length]:
                length += 1
            found.append((q, t, length))
    return found


def _select(hits: list[_Hit]) -> list[_Hit]:
    """Longest first; drop a hit whose query range overlaps one already kept."""
    kept: list[_Hit] = []
    taken: set[int] = set()
    for q, t, n in sorted(hits, key=lambda h: (-h[2], h[0], h[1])):
        span = range(q, q + n)
        if taken.isdisjoint(span):
            kept.append((q, t, n))
            taken.update(span)
    return kept


def _uncovered_ranges(covered: list[bool]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for i, is_covered in enumerate(covered):
        if not is_covered and start is None:
            start = i
        elif is_covered and start is not None:
            ranges.append((start + 1, i))
            start = None
    if start is not None:
        ranges.append((start + 1, len(covered)))
    return ranges
