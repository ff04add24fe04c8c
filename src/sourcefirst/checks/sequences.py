"""Sequence checks: one- and three-letter forms agree, and origins match parent proteins."""

from __future__ import annotations

from sourcefirst.chemistry import compute, parse_sequence
from sourcefirst.domain.diagnostics import Category, Diagnostic
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.schema.peptide import Peptide

THREE_TO_ONE = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
    "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
    "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V",
}  # fmt: skip


MASS_TOLERANCE = 0.01  # Da: the agreement the published values are checked to


def _chemistry_problems(peptide: Peptide) -> list[str]:
    stated = peptide.stated_chemistry
    if stated is None or peptide.sequence is None or not peptide.sequence.computable:
        return []  # nothing computed to compare with: the page shows the stated values only
    termini = peptide.sequence.notation
    computed = compute(parse_sequence(termini))
    problems = []
    if stated.formula is not None and stated.formula != computed.formula:
        problems.append(
            f"stated formula {stated.formula} but the sequence gives {computed.formula}"
        )
    for label, value, actual in (
        ("average mass", stated.average_mass, computed.average_mass),
        ("monoisotopic mass", stated.monoisotopic_mass, computed.monoisotopic_mass),
    ):
        if value is not None and abs(value - actual) > MASS_TOLERANCE:
            problems.append(f"stated {label} {value} but the sequence gives {actual:.3f}")
    return problems


def check_sequences(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for peptide in kb.peptides.values():
        where = kb.location("peptide", peptide.id)
        for problem in _chemistry_problems(peptide):
            found.append(
                Diagnostic.at(
                    where,
                    "SF456",
                    Category.SEQUENCE,
                    f"{peptide.name}: {problem}",
                    "correct the stated value or the sequence (salt forms differ from the free "
                    "peptide; state the free peptide)",
                )
            )
        sequence = peptide.sequence
        if sequence is None or sequence.one_letter is None:
            continue  # a mixture, or residues with no one-letter code: nothing to map
        one = sequence.one_letter
        three = sequence.residues
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
        if peptide.origin is None:
            continue
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
