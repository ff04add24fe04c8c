"""Peptide chemistry: sequence parsing, formula/mass/pI/charge, and fragment mapping."""

from __future__ import annotations

import json
import math
import random

import pytest
from Bio.SeqUtils.ProtParam import ProteinAnalysis

from sourcefirst.chemistry import (
    MAX_INPUT_CHARS,
    MAX_RESIDUES,
    PKA_SCALE,
    PKA_SCALE_NOTE,
    FragmentReport,
    ParsedSequence,
    ProteinMatch,
    SequenceError,
    SharedMotif,
    compute,
    map_fragments,
    parse_sequence,
)
from sourcefirst.chemistry.parse import ONE_TO_THREE
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.schema.peptide import Protein

PROTON = 1.00728
STANDARD = "ACDEFGHIKLMNPQRSTVWY"

# facts.md, "Computed chemistry": free peptides H-…-OH.
FACTS = [
    ("MEHFPGP", "C37H51N9O10S", 813.92, 813.348),  # Semax
    ("TKPRPGP", "C33H57N11O9", 751.88, 751.434),  # Selank
    ("TKPR", "C21H40N8O6", 500.59, 500.307),  # tuftsin
    ("MEHFRWG", "C44H59N13O10S", 962.09, 961.423),  # ACTH(4-10)
    ("PGP", "C12H19N3O4", 269.30, 269.138),  # Pro-Gly-Pro
]


def props(text: str) -> dict[str, object]:
    return compute(parse_sequence(text)).to_json()


# --- computed chemistry -------------------------------------------------------------------


@pytest.mark.parametrize(("seq", "formula", "average", "mono"), FACTS)
def test_facts_table(seq: str, formula: str, average: float, mono: float) -> None:
    result = compute(parse_sequence(seq))
    assert result.formula == formula
    # facts.md's "computed" column weights isotope abundances (NIST); we report averages with
    # IUPAC conventional atomic weights, which match the published values (see below) and sit
    # up to ~0.012 Da above that column for these sizes.
    assert result.average_mass == pytest.approx(average, abs=0.015)
    assert result.monoisotopic_mass == pytest.approx(mono, abs=0.01)
    assert result.length == len(seq)
    assert result.one_letter == seq
    assert result.modifications == []


def test_literature_average_masses() -> None:
    assert compute(parse_sequence("MEHFPGP")).average_mass == pytest.approx(813.93, abs=0.01)
    # the published value; pyteomics' isotope-abundance average alone would give 751.875
    assert compute(parse_sequence("TKPRPGP")).average_mass == pytest.approx(751.887, abs=0.01)


@pytest.mark.parametrize(
    "seq", ["MEHFPGP", "TKPRPGP", "TKPR", "MEHFRWG", "PGP", "ACDEFGHIKLMNPQRSTVWY", "G", "WWCCYY"]
)
def test_average_mass_agrees_with_biopython(seq: str) -> None:
    expected = ProteinAnalysis(seq).molecular_weight()
    assert compute(parse_sequence(seq)).average_mass == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize("seq", ["MEHFPGP", "TKPRPGP", "G", "KKKK"])
def test_mh_is_monoisotopic_plus_proton(seq: str) -> None:
    result = compute(parse_sequence(seq))
    assert result.mz_mh == pytest.approx(result.monoisotopic_mass + PROTON, abs=1e-4)


def test_terminal_modifications_shift_mass_and_formula() -> None:
    free = compute(parse_sequence("MEHFPGP"))
    acetyl = compute(parse_sequence("Ac-MEHFPGP"))
    amide = compute(parse_sequence("MEHFPGP-NH2"))
    both = compute(parse_sequence("Ac-MEHFPGP-NH2"))
    assert acetyl.monoisotopic_mass - free.monoisotopic_mass == pytest.approx(42.0106, abs=1e-4)
    assert amide.monoisotopic_mass - free.monoisotopic_mass == pytest.approx(-0.9840, abs=1e-4)
    assert both.monoisotopic_mass - free.monoisotopic_mass == pytest.approx(41.0266, abs=1e-4)
    assert acetyl.formula == "C39H53N9O11S"  # + C2H2O
    assert amide.formula == "C37H52N10O9S"  # + N + H − O
    assert both.formula == "C39H54N10O10S"
    assert acetyl.modifications == ["N-terminal acetyl (Ac-)"]
    assert amide.modifications == ["C-terminal amide (-NH2)"]
    assert both.modifications == ["N-terminal acetyl (Ac-)", "C-terminal amide (-NH2)"]
    assert both.one_letter == "MEHFPGP"
    assert both.three_letter == "Met-Glu-His-Phe-Pro-Gly-Pro"


def test_isoelectric_point_and_charge_name_the_scale() -> None:
    assert PKA_SCALE == "Lehninger"
    assert "Lehninger" in PKA_SCALE_NOTE
    semax = compute(parse_sequence("MEHFPGP"))
    selank = compute(parse_sequence("TKPRPGP"))
    assert semax.pka_scale == selank.pka_scale == "Lehninger"
    assert 5.0 <= semax.pi <= 5.5
    assert 10.5 <= selank.pi <= 12.0
    assert semax.charge_ph7_4 < 0 < selank.charge_ph7_4
    assert selank.charge_ph7_4 == pytest.approx(2.0, abs=0.05)  # K and R protonated


def _hh(ph: float, groups: list[tuple[float, int]]) -> float:
    """Henderson–Hasselbalch net charge of (pKa, sign) groups."""
    return sum(sign / (1 + 10 ** (sign * (ph - pka))) for pka, sign in groups)


def test_blocked_termini_carry_no_charge() -> None:
    # Lehninger: K 10.53, R 12.48, α-NH3+ 9.69, α-COOH 2.34.
    blocked = compute(parse_sequence("Ac-TKPRPGP-NH2"))
    assert blocked.charge_ph7_4 == pytest.approx(_hh(7.4, [(10.53, 1), (12.48, 1)]), abs=1e-6)
    free = compute(parse_sequence("TKPRPGP"))
    expected_free = _hh(7.4, [(10.53, 1), (12.48, 1), (9.69, 1), (2.34, -1)])
    assert free.charge_ph7_4 == pytest.approx(expected_free, abs=1e-6)
    # Only the amine blocked: the remaining C-terminal carboxylate makes it more negative.
    assert compute(parse_sequence("Ac-GGG")).charge_ph7_4 == pytest.approx(-1.0, abs=0.01)
    assert compute(parse_sequence("GGG-NH2")).charge_ph7_4 == pytest.approx(1.0, abs=0.02)
    # Acetylated + amidated peptides keep their side-chain pI: E (4.25) and H (6.0).
    assert compute(parse_sequence("Ac-EH-NH2")).pi == pytest.approx((4.25 + 6.0) / 2, abs=0.01)


def test_no_isoelectric_point_without_both_charge_signs() -> None:
    neutral = compute(parse_sequence("Ac-PGP-NH2"))
    assert math.isnan(neutral.pi)
    assert neutral.charge_ph7_4 == 0
    assert neutral.to_json()["pi"] is None
    assert math.isnan(compute(parse_sequence("Ac-EEE-NH2")).pi)


def test_to_json_has_exactly_the_contract_keys() -> None:
    data = props("Ac-MEHFPGP-NH2")
    assert list(data) == [
        "formula",
        "average_mass",
        "monoisotopic_mass",
        "mz_mh",
        "pi",
        "charge_ph7_4",
        "length",
        "one_letter",
        "three_letter",
        "modifications",
        "pka_scale",
    ]
    json.dumps(data, allow_nan=False)
    semax = props("MEHFPGP")
    exact = compute(parse_sequence("MEHFPGP"))
    assert semax["formula"] == "C37H51N9O10S"
    assert semax["average_mass"] == round(exact.average_mass, 4)
    assert semax["monoisotopic_mass"] == round(exact.monoisotopic_mass, 4)
    assert semax["mz_mh"] == round(exact.mz_mh, 4)
    assert semax["pi"] == round(exact.pi, 2)
    assert semax["charge_ph7_4"] == round(exact.charge_ph7_4, 2)
    assert semax["pka_scale"] == "Lehninger"
    assert semax["modifications"] == []


# --- accepted input forms -----------------------------------------------------------------

SEMAX_FORMS = [
    "MEHFPGP",
    "mehfpgp",
    "MeHfPgP",
    "MEH FPGP",
    " M E H F P G P ",
    "\tMEHFPGP\n",
    "Met-Glu-His-Phe-Pro-Gly-Pro",
    "met-glu-his-phe-pro-gly-pro",
    "MET-GLU-HIS-PHE-PRO-GLY-PRO",
    "Met Glu His Phe Pro Gly Pro",
    "Met - Glu - His - Phe - Pro - Gly - Pro",
    "H-Met-Glu-His-Phe-Pro-Gly-Pro-OH",
    "h-met-glu-his-phe-pro-gly-pro-oh",
    "H-MEHFPGP-OH",
    "MEHFPGP-OH",
    "Met\u2013Glu\u2014His\u2010Phe\u2212Pro\u2011Gly-Pro",
    "H\u2013Met\u2013Glu\u2013His\u2013Phe\u2013Pro\u2013Gly\u2013Pro\u2013OH",
]


@pytest.mark.parametrize("text", SEMAX_FORMS)
def test_every_semax_form_gives_identical_results(text: str) -> None:
    parsed = parse_sequence(text)
    assert parsed == ParsedSequence("MEHFPGP", "free", "free")
    assert parsed.three_letter == "Met-Glu-His-Phe-Pro-Gly-Pro"
    assert compute(parsed) == compute(parse_sequence("MEHFPGP"))


@pytest.mark.parametrize(
    "text",
    [
        "Ac-MEHFPGP-NH2",
        "ac-mehfpgp-nh2",
        "Ac-Met-Glu-His-Phe-Pro-Gly-Pro-NH2",
        "AC-MET-GLU-HIS-PHE-PRO-GLY-PRO-nh2",
        "Ac\u2013Met\u2013Glu\u2013His\u2013Phe\u2013Pro\u2013Gly\u2013Pro\u2013NH2",
        "  Ac - MEHFPGP - NH2  ",
        "Ac-Met Glu His Phe Pro Gly Pro NH2",
    ],
)
def test_modified_semax_forms(text: str) -> None:
    parsed = parse_sequence(text)
    assert parsed == ParsedSequence("MEHFPGP", "acetyl", "amide")
    assert compute(parsed) == compute(parse_sequence("Ac-MEHFPGP-NH2"))


def test_single_three_letter_code_needs_title_case() -> None:
    assert parse_sequence("Met").residues == "M"
    assert parse_sequence("H-Gly-OH").residues == "G"
    assert parse_sequence("MET").residues == "MET"  # one-letter tripeptide
    assert parse_sequence("Met-Glu").residues == "ME"


def test_limits() -> None:
    assert parse_sequence("G" * MAX_RESIDUES).residues == "G" * MAX_RESIDUES
    assert len(parse_sequence("-".join(["Gly"] * MAX_RESIDUES)).residues) == MAX_RESIDUES


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("", None, ["empty"]),
        ("   \n\t", None, ["empty"]),
        ("Ac-", None, ["no residues"]),
        ("H-OH", None, ["no residues"]),
        ("Ac--NH2", None, ["no residues"]),
        ("MEHXPGP", 4, ["unknown residue 'X'", "position 4"]),
        ("mehfpgb", 7, ["unknown residue 'B'", "position 7"]),
        ("Met-Glu-Xyz-Phe", 3, ["unknown residue 'Xyz'", "position 3"]),
        ("Met-Glu-Gluu", 3, ["'Gluu'", "position 3"]),
        ("Met-E-His", 2, ["'E'", "position 2", "Glu"]),
        ("Met-Glu-HFPGP", 3, ["'HFPGP'", "position 3", "one format"]),
        ("Met Glu HFPGP", 3, ["'HFPGP'", "position 3", "one format"]),
        ("M-E-H-F", None, ["one-letter", "MEHF"]),
        ("Met--Glu", None, ["hyphens"]),
        ("MEH5FPGP", 4, ["'5'", "position 4"]),
        ("MEHF;PGP", 5, ["';'", "position 5"]),
        ("MEHFPGP!", 8, ["'!'", "position 8"]),
        ("Ac-MEHé", 7, ["'é'", "position 7"]),
        ("MEHFPGPNH2", 10, ["'2'", "position 10", "-NH2"]),
        ("MEHFPGP-NH\u2082", 11, ["position 11", "-NH2"]),
    ],
)
def test_errors_name_the_problem_and_position(
    text: str, position: int | None, words: list[str]
) -> None:
    with pytest.raises(SequenceError) as caught:
        parse_sequence(text)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.position == position
    assert str(error) == error.message
    for word in words:
        assert word in str(error)


def test_too_many_residues_names_the_limit() -> None:
    for text in ("A" * (MAX_RESIDUES + 1), "-".join(["Ala"] * (MAX_RESIDUES + 1))):
        with pytest.raises(SequenceError, match=f"{MAX_RESIDUES + 1} residues.*limit is 100"):
            parse_sequence(text)


def test_too_long_input_names_the_limit() -> None:
    with pytest.raises(SequenceError, match=f"limit is {MAX_INPUT_CHARS} characters"):
        parse_sequence("A" + " " * MAX_INPUT_CHARS)


# --- randomized round trip ----------------------------------------------------------------


def _three_letter_rendering(rng: random.Random, residues: str) -> str:
    codes = [ONE_TO_THREE[r] for r in residues]
    if len(codes) > 1:
        case = rng.choice([str, str.lower, str.upper])
        codes = [case(code) for code in codes]
    separator = rng.choice(["-", " - ", " ", "\u2013", "-\n"])
    return separator.join(codes)


def test_random_round_trip() -> None:
    rng = random.Random(20240611)
    for _ in range(200):
        residues = "".join(rng.choice(STANDARD) for _ in range(rng.randint(1, MAX_RESIDUES)))
        n_term, c_term = rng.choice(["", "H-", "Ac-"]), rng.choice(["", "-OH", "-NH2"])
        typed = residues.lower() if rng.random() < 0.3 else residues
        one = parse_sequence(n_term + typed + c_term)
        three = parse_sequence(n_term + _three_letter_rendering(rng, residues) + c_term)
        assert one == three
        assert one.residues == residues
        assert one.n_terminus == ("acetyl" if n_term == "Ac-" else "free")
        assert one.c_terminus == ("amide" if c_term == "-NH2" else "free")
        assert parse_sequence(one.three_letter) == ParsedSequence(residues)
        result = compute(one)
        assert result == compute(three)
        assert result.length == len(residues)
        assert result.mz_mh == pytest.approx(result.monoisotopic_mass + PROTON, abs=1e-4)
        if not n_term and not c_term.endswith("NH2"):
            # Biopython uses the IUPAC 2005 weights (H 1.00794, C 12.0107); the conventional
            # weights differ by at most ~0.003 Da per residue.
            expected = ProteinAnalysis(residues).molecular_weight()
            assert result.average_mass == pytest.approx(expected, abs=0.003 * len(residues))


# --- fragment mapping ---------------------------------------------------------------------


def test_semax_maps_onto_acth(kb: KnowledgeBase) -> None:
    report = map_fragments(
        "MEHFPGP", kb.proteins.values(), kb.peptides.values(), exclude_peptide="semax"
    )
    assert report.protein_matches == [
        ProteinMatch("acth", "ACTH", 1, 4, 4, 7, "MEHF"),
    ]
    assert report.unmatched == [(5, 7)]
    # other bundled peptides (e.g. capped-end forms) may share motifs too; Selank's tail must be
    # among them
    assert SharedMotif("selank", "Selank", "PGP", 5, 7, 5, 7) in report.shared_motifs
    assert kb.proteins["acth"].residues(4, 7) == "MEHF"


def test_selank_maps_onto_tuftsin(kb: KnowledgeBase) -> None:
    report = map_fragments(
        "TKPRPGP", kb.proteins.values(), kb.peptides.values(), exclude_peptide="selank"
    )
    tuftsin = kb.proteins["igg-tuftsin"]
    assert report.protein_matches == [
        ProteinMatch("igg-tuftsin", tuftsin.name, 1, 4, 289, 292, "TKPR"),
    ]
    assert report.unmatched == [(5, 7)]
    assert ("semax", "PGP", 5, 5) in [
        (m.peptide_id, m.motif, m.query_start, m.other_start) for m in report.shared_motifs
    ]


def test_excluding_nothing_finds_the_peptide_itself(kb: KnowledgeBase) -> None:
    report = map_fragments("MEHFPGP", [], kb.peptides.values())
    # a capped-end form with the same residues matches in full as well
    assert SharedMotif("semax", "Semax", "MEHFPGP", 1, 7, 1, 7) in report.shared_motifs
    assert all(m.motif == "MEHFPGP" for m in report.shared_motifs[:1])
    assert report.unmatched == [(1, 7)]


def _protein(sequence: str, start: int = 1, pid: str = "p") -> Protein:
    return Protein(id=pid, name=pid.upper(), sequence=sequence, start=start, description="test")


def test_only_maximal_non_overlapping_matches_longest_first() -> None:
    report = map_fragments(
        "PGPGPAAAKKK",
        [_protein("WWPGPGPWWKKKW", start=10), _protein("AAAKK", pid="q")],
        [],
    )
    assert [
        (m.protein_id, m.residues, m.peptide_start, m.protein_start) for m in report.protein_matches
    ] == [
        ("p", "PGPGP", 1, 12),
        ("q", "AAAKK", 6, 1),
        ("p", "KKK", 9, 19),
    ]
    assert report.unmatched == []


def test_min_length_and_unmatched_ranges() -> None:
    protein = _protein("MEHFKKWG")
    assert map_fragments("MEHAWG", [protein], []).protein_matches[0].residues == "MEH"
    assert map_fragments("MEHAWG", [protein], []).unmatched == [(4, 6)]
    short = map_fragments("MEHAWG", [protein], [], min_length=2)
    assert [m.residues for m in short.protein_matches] == ["MEH", "WG"]
    assert short.unmatched == [(4, 4)]
    assert map_fragments("", [protein], []) == FragmentReport([], [], [])
    with pytest.raises(ValueError, match="min_length"):
        map_fragments("MEH", [protein], [], min_length=0)


def test_fragment_report_json() -> None:
    report = map_fragments("MEHFPGP", [_protein("SYSMEHFRWG")], [])
    data = report.to_json()
    assert data == {
        "protein_matches": [
            {
                "protein_id": "p",
                "protein_name": "P",
                "peptide_start": 1,
                "peptide_end": 4,
                "protein_start": 4,
                "protein_end": 7,
                "residues": "MEHF",
            }
        ],
        "shared_motifs": [],
        "unmatched": [[5, 7]],
    }
    json.dumps(data)


def test_fragment_mapping_is_fast_on_long_proteins() -> None:
    rng = random.Random(7)
    big = _protein("".join(rng.choice(STANDARD) for _ in range(5000)))
    repeats = _protein("P" * 3000, pid="poly-p")
    query = "P" * 100
    report = map_fragments(query, [big, repeats], [])
    assert report.protein_matches[0].residues == "P" * 100
    assert report.unmatched == []
