"""Formula, masses, isoelectric point and net charge of a parsed peptide, via pyteomics.

Terminal groups
    The free peptide is H-…-OH. An N-terminal acetyl (Ac-) replaces one amine hydrogen by
    CH3CO, i.e. adds C2H2O (+42.0106 Da monoisotopic). A C-terminal amide (-NH2) replaces the
    carboxyl OH by NH2, i.e. adds N and H and removes O (−0.9840 Da).

pKa handling
    pI and net charge use the Henderson–Hasselbalch sum of
    :func:`pyteomics.electrochem.charge` with the Lehninger pKa set (``pK_lehninger``, the
    pyteomics default). The peptide is handed to pyteomics as a parsed list whose first and
    last items are the terminal groups: ``H-`` / ``-OH`` for free termini, which carry the
    Lehninger α-amine (9.69) and α-carboxyl (2.34) pKa, and ``Ac-`` / ``-NH2`` for modified
    ones. The Lehninger set has no entry for ``Ac-`` or ``-NH2``, so an acetylated N-terminus
    contributes no basic group and an amidated C-terminus no acidic group, which is the
    chemistry: the acetamide nitrogen and the C-terminal carboxamide are not ionisable in water.
    Side chains use the Lehninger values for D, E, C, Y (acidic) and H, K, R (basic).

    When the net charge does not change sign between pH 0 and 14 (for instance Ac-PGP-NH2,
    which has no ionisable group at all), there is no isoelectric point and ``pi`` is NaN
    (``None`` in :meth:`SequenceProperties.to_json`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pyteomics import electrochem, mass  # type: ignore[import-untyped]

from sourcefirst.chemistry.parse import ParsedSequence

PKA_SCALE = "Lehninger"
PKA_SCALE_NOTE = (
    "pI and charge use the Lehninger pKa set (pyteomics.electrochem default); "
    "other scales give somewhat different values."
)
PROTON_MASS = 1.00727646677
PH_FOR_CHARGE = 7.4

_ACETYL = {"C": 2, "H": 2, "O": 1}
_AMIDE = {"N": 1, "H": 1, "O": -1}
_N_GROUP = {"free": "H-", "acetyl": "Ac-"}
_C_GROUP = {"free": "-OH", "amide": "-NH2"}


@dataclass(frozen=True)
class SequenceProperties:
    formula: str
    average_mass: float
    monoisotopic_mass: float
    mz_mh: float
    pi: float
    charge_ph7_4: float
    length: int
    one_letter: str
    three_letter: str
    modifications: list[str] = field(default_factory=list)
    pka_scale: str = PKA_SCALE

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; masses to 4 decimals, pI and charge to 2 (pI None if undefined)."""
        return {
            "formula": self.formula,
            "average_mass": round(self.average_mass, 4),
            "monoisotopic_mass": round(self.monoisotopic_mass, 4),
            "mz_mh": round(self.mz_mh, 4),
            "pi": None if math.isnan(self.pi) else round(self.pi, 2),
            "charge_ph7_4": round(self.charge_ph7_4, 2),
            "length": self.length,
            "one_letter": self.one_letter,
            "three_letter": self.three_letter,
            "modifications": list(self.modifications),
            "pka_scale": self.pka_scale,
        }


def composition(parsed: ParsedSequence) -> dict[str, int]:
    """Elemental composition of the whole molecule, terminal groups included."""
    counts = {str(k): int(v) for k, v in mass.Composition(sequence=parsed.residues).items()}
    if parsed.n_terminus == "acetyl":
        _add(counts, _ACETYL)
    if parsed.c_terminus == "amide":
        _add(counts, _AMIDE)
    return {element: n for element, n in counts.items() if n}


def hill_formula(counts: dict[str, int]) -> str:
    """Hill notation: C, then H, then the rest alphabetically (all alphabetical without C)."""
    if "C" in counts:
        order = ["C", *(["H"] if "H" in counts else []), *sorted(set(counts) - {"C", "H"})]
    else:
        order = sorted(counts)
    return "".join(f"{el}{counts[el] if counts[el] != 1 else ''}" for el in order)


# IUPAC conventional atomic weights (the abridged standard values PubChem and most
# chemical catalogues use). pyteomics' own average mass weights NIST isotope abundances and
# lands about 0.01 lower for a heptapeptide (Selank 751.875 instead of the published 751.887).
CONVENTIONAL_ATOMIC_WEIGHTS: dict[str, float] = {
    "C": 12.011, "H": 1.008, "N": 14.007, "O": 15.999, "S": 32.06, "P": 30.974, "Se": 78.971,
}  # fmt: skip
AVERAGE_MASS_BASIS = "IUPAC conventional atomic weights"


def average_mass(comp: Mapping[str, int]) -> float:
    """Average (molar) mass in g/mol from an elemental composition."""
    return sum(CONVENTIONAL_ATOMIC_WEIGHTS[element] * count for element, count in comp.items())


def compute(parsed: ParsedSequence) -> SequenceProperties:
    """Compute formula, masses, pI and charge at pH 7.4 (Lehninger pKa) for ``parsed``."""
    counts = composition(parsed)
    comp = mass.Composition(counts)
    monoisotopic = float(mass.calculate_mass(composition=comp))
    average = average_mass(comp)
    groups = [_N_GROUP[parsed.n_terminus], *parsed.residues, _C_GROUP[parsed.c_terminus]]
    return SequenceProperties(
        formula=hill_formula(counts),
        average_mass=average,
        monoisotopic_mass=monoisotopic,
        mz_mh=monoisotopic + PROTON_MASS,
        pi=_isoelectric_point(groups),
        charge_ph7_4=_charge(groups, PH_FOR_CHARGE),
        length=len(parsed.residues),
        one_letter=parsed.residues,
        three_letter=parsed.three_letter,
        modifications=parsed.modifications,
        pka_scale=PKA_SCALE,
    )


def _charge(groups: list[str], ph: float) -> float:
    return float(electrochem.charge(groups, ph, pK=electrochem.pK_lehninger))


def _isoelectric_point(groups: list[str]) -> float:
    if not _charge(groups, 0.0) > 0.0 > _charge(groups, 14.0):
        return math.nan
    return float(electrochem.pI(groups, precision_pI=0.0001, pK=electrochem.pK_lehninger))


def _add(counts: dict[str, int], delta: dict[str, int]) -> None:
    for element, n in delta.items():
        counts[element] = counts.get(element, 0) + n
