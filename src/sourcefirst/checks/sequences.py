"""Sequence checks: one- and three-letter forms agree, and origins match parent proteins."""

from __future__ import annotations

from sourcefirst.diagnostics import Category, Diagnostic
from sourcefirst.kb import KnowledgeBase

THREE_TO_ONE = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
    "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
    "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V",
}  # fmt: skip


def check_sequences(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for peptide in kb.peptides.values():
        where = kb.location("peptide", peptide.id)
        one = peptide.sequence.one_letter
        three = peptide.sequence.three_letter.split("-")
        translated = "".join(THREE_TO_ONE.get(r, "?") for r in three)
        if translated != one:
            found.append(
                Diagnostic.at(
                    where,
                    "SF451",
                    Category.SEQUENCE,
                    f"{peptide.name}: three-letter form reads {translated}, one-letter is {one}",
                    "make the two forms spell the same residues",
                )
            )
        covered: list[int] = []
        for segment in peptide.origin.segments:
            lo, hi = segment.peptide_residues
            if hi > len(one):
                found.append(
                    Diagnostic.at(
                        where,
                        "SF452",
                        Category.SEQUENCE,
                        f"{peptide.name}: origin segment {lo}-{hi} runs past residue {len(one)}",
                    )
                )
                continue
            covered.extend(range(lo, hi + 1))
            if not segment.protein or not segment.protein_residues:
                continue
            protein = kb.proteins[segment.protein]
            plo, phi = segment.protein_residues
            expected = protein.residues(plo, phi)
            actual = one[lo - 1 : hi]
            if expected is None:
                found.append(
                    Diagnostic.at(
                        where,
                        "SF453",
                        Category.SEQUENCE,
                        f"{peptide.name}: {protein.name} residues {plo}-{phi} are outside the "
                        f"sequence held ({protein.start}-{protein.end})",
                        f"extend proteins/{protein.id}.yaml or fix the residue numbers",
                    )
                )
            elif expected != actual:
                found.append(
                    Diagnostic.at(
                        where,
                        "SF454",
                        Category.SEQUENCE,
                        f"{peptide.name}: residues {lo}-{hi} are {actual}, but {protein.name} "
                        f"{plo}-{phi} is {expected}",
                        "correct the origin mapping or the sequence",
                    )
                )
        if sorted(covered) != list(range(1, len(one) + 1)):
            found.append(
                Diagnostic.at(
                    where,
                    "SF455",
                    Category.SEQUENCE,
                    f"{peptide.name}: origin segments must cover 1-{len(one)} exactly once",
                    "list one segment for every stretch of the sequence",
                )
            )
    return found
