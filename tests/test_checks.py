"""`sourcefirst check` rules beyond loading: each one seeded once into a copy of the real content
and reported at the file and line an editor would open, plus near misses that must pass."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import line_of, make_content
from sourcefirst.checks import run_checks
from sourcefirst.checks.consistency import UNIT_ALIASES
from sourcefirst.domain.codes import RULES
from sourcefirst.domain.diagnostics import Diagnostic, Severity
from sourcefirst.domain.evidence import Level, source_level
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.schema.finding import Quantity
from sourcefirst.schema.source import Design
from test_depth_checks import SEEDED as DEPTH_SEEDED

FINDINGS_FILE = "findings/zz-test.yaml"
ARTICLE_FILE = "articles/zz-test.md"
PEPTIDE_FILE = "peptides/zz-test.yaml"
CONCENTRATION_UNITS = ("µM", "nM", "mM", "pM")


# --- what the seeds are built from: real records of the repository's content ----------------
@dataclass(frozen=True)
class Seeds:
    peptide: str  # a peptide with a protein-derived origin segment
    topic: str  # a topic that peptide has findings in
    category: str
    animal_source: str  # level: animal
    in_vitro_source: str  # level: in vitro
    unknown_source: str  # design: unknown
    human_source: str  # level: human, not regulatory
    pmid_doi_source: str  # carries both a PMID and a DOI


def _first(ids: list[str], what: str) -> str:
    if not ids:
        pytest.skip(f"the repository content has no {what}")
    return sorted(ids)[0]


@pytest.fixture(scope="module")
def seeds(kb: KnowledgeBase) -> Seeds:
    levels = {s.id: source_level(s) for s in kb.sources.values()}
    # the peptide whose parent protein is held beyond the copied stretch, so that a mapping
    # can be shifted along it
    spare = {
        p.id: len(kb.proteins[s.protein].sequence) - (s.peptide_residues[1] - s.peptide_residues[0])
        for p in kb.peptides.values()
        if p.origin is not None and kb.findings_by_peptide.get(p.id)
        for s in p.origin.segments
        if s.protein
    }
    if not spare:
        pytest.skip("no peptide has a protein-derived origin segment")

    def richness(pid: str) -> tuple[int, int, int]:
        """Prefer a peptide whose seeded cases all apply: stated formula and mass, several
        origin segments, then the most protein left over to shift a mapping along."""
        p = kb.peptides[pid]
        stated = p.stated_chemistry
        full = int(bool(stated and stated.formula and stated.average_mass))
        return (full, len(p.origin.segments) if p.origin else 0, spare[pid])

    peptide = max(sorted(spare), key=richness)
    return Seeds(
        peptide=peptide,
        topic=kb.findings_by_peptide[peptide][0].topic,
        category=sorted(kb.categories)[0],
        animal_source=_first([s for s, v in levels.items() if v is Level.ANIMAL], "animal study"),
        in_vitro_source=_first(
            [s for s, v in levels.items() if v is Level.IN_VITRO], "in-vitro study"
        ),
        unknown_source=_first(
            [s.id for s in kb.sources.values() if s.study.design is Design.UNKNOWN],
            "source of unknown design",
        ),
        human_source=_first(
            [
                s
                for s, v in levels.items()
                if Level.HUMAN_MECHANISTIC <= v < Level.REGULATOR_REVIEWED
            ],
            "human study",
        ),
        pmid_doi_source=_first(
            [s.id for s in kb.sources.values() if s.identifiers.pmid and s.identifiers.doi],
            "source with both a PMID and a DOI",
        ),
    )


# --- seeding and reading results ------------------------------------------------------------
def check(tmp_path: Path, files: dict[str, str | None]) -> list[Diagnostic]:
    """``run_checks`` on a copy of the repo content with ``files`` applied; the seed itself must
    load, so that the cross-record checks under test actually run."""
    diagnostics = run_checks(make_content(tmp_path, files))
    blocking = [d for d in diagnostics if d.severity is Severity.ERROR and d.code < "SF400"]
    assert not blocking, "the seed does not load:\n" + report(blocking)
    return diagnostics


def report(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(d.format_text() for d in diagnostics) or "(no diagnostics)"


def hits(diagnostics: list[Diagnostic], code: str, file: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code and d.file.endswith(file)]


def only(diagnostics: list[Diagnostic], code: str, file: str) -> Diagnostic:
    found = hits(diagnostics, code, file)
    assert len(found) == 1, f"expected one {code} in {file}, got:\n" + report(diagnostics)
    assert found[0].category == RULES[code].category
    return found[0]


def none_of(diagnostics: list[Diagnostic], code: str) -> None:
    assert not [d for d in diagnostics if d.code == code], report(diagnostics)


def finding(
    finding_id: str,
    seeds: Seeds,
    *,
    sources: list[str],
    kind: str = "mechanism",
    setting: str = "in_vivo",
    species: str = "rat",
    statement: str = "A statement written only for a test.",
    quantity: str = "",
) -> str:
    """One finding as an item of a `findings:` list."""
    text = (
        f"  - id: {finding_id}\n"
        f"    peptides: [{seeds.peptide}]\n"
        f"    topic: {seeds.topic}\n"
        f"    kind: {kind}\n"
        f"    statement: {statement}\n"
        "    model:\n"
        f"      species: {species}\n"
        "      system: written for a test\n"
        f"      setting: {setting}\n"
        f"    sources: [{', '.join(sources)}]\n"
    )
    if quantity:
        text += f"    quantity: {quantity}\n"
    return text


def findings_file(*items: str) -> str:
    return "# seeded by tests/test_checks.py\nfindings:\n" + "".join(items)


def article(seeds: Seeds, body: str, peptides: list[str] | None = None) -> str:
    return (
        "---\n"
        "title: A test article\n"
        "kind: guide\n"
        f"category: {seeds.category}\n"
        f"peptides: [{', '.join(peptides if peptides is not None else [seeds.peptide])}]\n"
        "summary: Written only for a test.\n"
        "reviewed: 2026-01-01\n"
        "---\n"
        "An opening paragraph written only for a test.\n"
        "\n"
        f"{body}\n"
    )


def record_yaml(content_dir: Path, folder: str, record_id: str) -> dict[str, Any]:
    data = yaml.safe_load((content_dir / folder / f"{record_id}.yaml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


# --- the bundled content ----------------------------------------------------------------------
def test_bundled_content_passes_every_check(content_dir: Path) -> None:
    diagnostics = run_checks(content_dir)
    assert diagnostics == [], report(diagnostics)


# --- sources (SF401, SF402) -------------------------------------------------------------------
def test_uncited_source_is_a_warning_at_its_file(
    tmp_path: Path, content_dir: Path, seeds: Seeds
) -> None:
    data = record_yaml(content_dir, "sources", seeds.pmid_doi_source)
    data["id"] = "zz-uncited"
    data.pop("identifiers", None)  # no duplicate identifiers: only "uncited" is wrong
    text = dump(data)
    diagnostics = check(tmp_path, {"sources/zz-uncited.yaml": text})
    hit = only(diagnostics, "SF401", "sources/zz-uncited.yaml")
    assert hit.severity is Severity.WARNING
    assert hit.line == line_of(text, "id: zz-uncited")
    assert "zz-uncited" in hit.message
    assert [d.code for d in diagnostics] == ["SF401"], report(diagnostics)


@pytest.mark.parametrize("identifier", ["pmid", "doi"])
def test_two_sources_with_one_identifier(
    tmp_path: Path, content_dir: Path, seeds: Seeds, identifier: str
) -> None:
    data = record_yaml(content_dir, "sources", seeds.pmid_doi_source)
    data["id"] = "zz-duplicate"
    kept = data["identifiers"][identifier]
    if identifier == "doi":
        kept["value"] = kept["value"].upper()  # DOIs are case-insensitive
    data["identifiers"] = {identifier: kept}
    text = dump(data)
    diagnostics = check(tmp_path, {"sources/zz-duplicate.yaml": text})
    hit = only(diagnostics, "SF402", "sources/zz-duplicate.yaml")
    assert hit.severity is Severity.ERROR
    assert hit.line == line_of(text, "id: zz-duplicate")
    assert seeds.pmid_doi_source in hit.message
    assert identifier.upper() in hit.message


# --- sequences (SF451-SF455) ------------------------------------------------------------------
def _protein_segment(data: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in data["origin"]["segments"] if s.get("protein"))


def _swap_last_residue(data: dict[str, Any], _kb: KnowledgeBase) -> None:
    one = data["sequence"]["one_letter"]
    data["sequence"]["one_letter"] = one[:-1] + ("G" if one[-1] != "G" else "A")


def _segment_past_the_end(data: dict[str, Any], _kb: KnowledgeBase) -> None:
    length = len(data["sequence"]["one_letter"])
    last = data["origin"]["segments"][-1]
    last["peptide_residues"] = [last["peptide_residues"][0], length + 2]


def _residues_outside_parent(data: dict[str, Any], kb: KnowledgeBase) -> None:
    segment = _protein_segment(data)
    protein = kb.proteins[segment["protein"]]
    lo, hi = segment["protein_residues"]
    segment["protein_residues"] = [protein.end + 1, protein.end + 1 + hi - lo]


def _residues_shifted_by_one(data: dict[str, Any], kb: KnowledgeBase) -> None:
    segment = _protein_segment(data)
    protein = kb.proteins[segment["protein"]]
    lo, hi = segment["protein_residues"]
    actual = protein.residues(lo, hi)
    for shift in (1, -1, 2, -2):
        shifted = protein.residues(lo + shift, hi + shift)
        if shifted is not None and shifted != actual:
            segment["protein_residues"] = [lo + shift, hi + shift]
            return
    pytest.skip("no shifted window of the parent protein differs from the peptide")


def _residue_left_uncovered(data: dict[str, Any], _kb: KnowledgeBase) -> None:
    if len(data["origin"]["segments"]) < 2:
        pytest.skip("the peptide has a single origin segment")
    data["origin"]["segments"].pop()


def _residue_covered_twice(data: dict[str, Any], _kb: KnowledgeBase) -> None:
    segments = data["origin"]["segments"]
    segments.append(copy.deepcopy(segments[-1]))


def _stated_mass_off(data: dict[str, Any], _kb: KnowledgeBase) -> None:
    if not data.get("stated_chemistry", {}).get("average_mass"):
        pytest.skip("the seed peptide states no average mass")
    data["stated_chemistry"]["average_mass"] += 1.0


def _stated_formula_off(data: dict[str, Any], _kb: KnowledgeBase) -> None:
    if not data.get("stated_chemistry", {}).get("formula"):
        pytest.skip("the seed peptide states no formula")
    data["stated_chemistry"]["formula"] += "H2"


SEQUENCE_CASES: dict[str, tuple[str, Callable[[dict[str, Any], KnowledgeBase], None]]] = {
    "stated-mass-differs": ("SF456", _stated_mass_off),
    "stated-formula-differs": ("SF456", _stated_formula_off),
    "forms-disagree": ("SF451", _swap_last_residue),
    "segment-past-the-end": ("SF452", _segment_past_the_end),
    "residues-outside-parent": ("SF453", _residues_outside_parent),
    "residues-differ-from-parent": ("SF454", _residues_shifted_by_one),
    "residue-uncovered": ("SF455", _residue_left_uncovered),
    "residue-covered-twice": ("SF455", _residue_covered_twice),
}


def seeded_peptide(
    content_dir: Path, kb: KnowledgeBase, seeds: Seeds, change: Callable[..., None] | None
) -> str:
    data = record_yaml(content_dir, "peptides", seeds.peptide)
    data.update(id="zz-test", name="Zztestide", aliases=[], regulatory=[])
    if change is not None:
        change(data, kb)
    return dump(data)


@pytest.mark.parametrize("case", SEQUENCE_CASES)
def test_sequence_problem_is_reported_at_the_peptide(
    tmp_path: Path, content_dir: Path, kb: KnowledgeBase, seeds: Seeds, case: str
) -> None:
    code, change = SEQUENCE_CASES[case]
    text = seeded_peptide(content_dir, kb, seeds, change)
    diagnostics = check(tmp_path, {PEPTIDE_FILE: text})
    hit = only(diagnostics, code, PEPTIDE_FILE)
    assert hit.line == line_of(text, "id: zz-test")
    assert "Zztestide" in hit.message
    # nothing in the real content is blamed for the seeded peptide
    assert all(d.file.endswith(PEPTIDE_FILE) for d in diagnostics), report(diagnostics)


def test_faithful_peptide_copy_passes_sequence_checks(
    tmp_path: Path, content_dir: Path, kb: KnowledgeBase, seeds: Seeds
) -> None:
    text = seeded_peptide(content_dir, kb, seeds, None)
    diagnostics = check(tmp_path, {PEPTIDE_FILE: text})
    assert diagnostics == [], report(diagnostics)


# --- evidence (SF481-SF483) -------------------------------------------------------------------
EVIDENCE_CASES: dict[str, tuple[str, dict[str, str]]] = {
    # code: (finding id, the finding's seeds source field and its model/kind)
    "SF481": ("zz-human-from-animals", {"source": "animal_source", "setting": "human"}),
    "SF482": (
        "zz-outcome-from-assay",
        {"source": "in_vitro_source", "setting": "in_vitro", "kind": "outcome"},
    ),
    "SF483": ("zz-unknown-design", {"source": "unknown_source", "setting": "in_vivo"}),
}


@pytest.mark.parametrize("code", EVIDENCE_CASES)
def test_evidence_problem_is_reported_at_the_finding(
    tmp_path: Path, seeds: Seeds, code: str
) -> None:
    finding_id, spec = EVIDENCE_CASES[code]
    seeded = finding(
        finding_id,
        seeds,
        sources=[getattr(seeds, spec["source"])],
        setting=spec["setting"],
        kind=spec.get("kind", "mechanism"),
        species="human" if spec["setting"] == "human" else "rat",
    )
    text = findings_file(finding("zz-innocent", seeds, sources=[seeds.animal_source]), seeded)
    diagnostics = check(tmp_path, {FINDINGS_FILE: text})
    hit = only(diagnostics, code, FINDINGS_FILE)
    assert hit.line == line_of(text, f"- id: {finding_id}")
    assert finding_id in hit.message
    expected = Severity.WARNING if code == "SF483" else Severity.ERROR
    assert hit.severity is expected


NEAR_MISSES: dict[str, tuple[str, dict[str, Any]]] = {
    # an animal result recorded as an animal result
    "animal-setting-animal-source": ("SF481", {"source": "animal_source", "setting": "in_vivo"}),
    # a finding set in people and backed by a human study
    "human-setting-human-source": (
        "SF481",
        {"source": "human_source", "setting": "human", "species": "human"},
    ),
    # regulatory findings are about a decision, not an experiment
    "regulatory-finding": (
        "SF481",
        {"source": "animal_source", "setting": "human", "kind": "regulatory", "species": "null"},
    ),
    # an assay recorded as a mechanism
    "assay-as-mechanism": ("SF482", {"source": "in_vitro_source", "setting": "in_vitro"}),
    # one source of known design is enough
    "one-known-design": (
        "SF483",
        {"source": "unknown_source", "also": "animal_source", "setting": "in_vivo"},
    ),
}


@pytest.mark.parametrize("case", NEAR_MISSES)
def test_evidence_near_miss_passes(tmp_path: Path, seeds: Seeds, case: str) -> None:
    code, spec = NEAR_MISSES[case]
    sources = [getattr(seeds, spec["source"])]
    if "also" in spec:
        sources.append(getattr(seeds, spec["also"]))
    text = findings_file(
        finding(
            "zz-near-miss",
            seeds,
            sources=sources,
            setting=spec["setting"],
            kind=spec.get("kind", "mechanism"),
            species=spec.get("species", "rat"),
        )
    )
    diagnostics = check(tmp_path, {FINDINGS_FILE: text})
    none_of(diagnostics, code)


# --- consistency: quantities (SF501) ----------------------------------------------------------
@dataclass(frozen=True)
class Quantities:
    source: str  # cited by findings that record concentrations
    unit: str
    values: tuple[float, ...]
    wrong: float  # a value no finding of that source records


def unit_of(quantity: Quantity) -> str:
    first = quantity.unit.split()[0]
    return UNIT_ALIASES.get(first.lower(), first)


@pytest.fixture(scope="module")
def quantities(kb: KnowledgeBase) -> Quantities:
    """The source whose findings record the most distinct concentrations (with the repo
    content: kost-2001-bioorgkhim, 10 and 20 µM, so the wrong value is the documented 15)."""
    candidates = [
        (source, unit, sorted({q.value for q in qs if unit_of(q) == unit}))
        for source, findings in kb.findings_by_source.items()
        for qs in [[q for f in findings for q in f.quantities]]
        for unit in CONCENTRATION_UNITS
    ]
    candidates = [c for c in candidates if c[2]]
    if not candidates:
        pytest.skip("no finding records a concentration")
    source, unit, values = max(sorted(candidates), key=lambda c: len(c[2]))
    wrong = (values[0] + values[1]) / 2 if len(values) > 1 else values[0] * 3 + 1
    return Quantities(source, unit, tuple(values), wrong)


def test_prose_number_disagreeing_with_its_cited_finding(
    tmp_path: Path, seeds: Seeds, quantities: Quantities
) -> None:
    q = quantities
    sentence = f"The assay gave an IC50 of about {q.wrong:g} {q.unit} [@{q.source}]."
    text = article(seeds, f"Some context first.\n\n{sentence}")
    diagnostics = check(tmp_path, {ARTICLE_FILE: text})
    hit = only(diagnostics, "SF501", ARTICLE_FILE)
    assert hit.line == line_of(text, sentence)
    assert hit.column == 1
    assert f"{q.wrong:g} {q.unit}" in hit.message
    for value in q.values:  # the message tells the editor what the data say
        assert f"{value:g}" in hit.message


def _sf501_near_miss(case: str, q: Quantities, kb: KnowledgeBase) -> str:
    if case == "every-recorded-value":
        stated = " and ".join(f"about {v:g} {q.unit}" for v in q.values)
        return f"The assay gave values of {stated} [@{q.source}]."
    if case == "unit-not-recorded":
        recorded = {unit_of(x) for f in kb.findings_by_source[q.source] for x in f.quantities}
        unit = next(u for u in CONCENTRATION_UNITS if u not in recorded)
        return f"The stock solution held {q.wrong:g} {unit} of peptide [@{q.source}]."
    if case == "number-without-citation":
        return f"A different assay gave about {q.wrong:g} {q.unit}."
    return f"Is the IC50 really about {q.values[0]:g} {q.unit} [@{q.source}]?"


@pytest.mark.parametrize(
    "case",
    [
        "every-recorded-value",
        "unit-not-recorded",
        "number-without-citation",
        "question",
    ],
)
def test_prose_number_near_miss_passes(
    tmp_path: Path, kb: KnowledgeBase, seeds: Seeds, quantities: Quantities, case: str
) -> None:
    text = article(seeds, _sf501_near_miss(case, quantities, kb))
    diagnostics = check(tmp_path, {ARTICLE_FILE: text})
    none_of(diagnostics, "SF501")


STATEMENT_CASES = {
    # (quantity, statement that contradicts it, statement that agrees)
    "concentration": (
        "{name: IC50, value: 10, approximate: true, unit: µM}",
        "In a test, Zz had an IC50 of about 12 µM.",
        "In a test, Zz had an IC50 of about 10 µM.",
    ),
    "count": (
        "{name: n, value: 24, approximate: false, unit: participants}",
        "In a test, 23 participants took part.",
        "In a test, 24 participants took part.",
    ),
    "with-uncertainty": (
        "{name: KD, value: 2.4, uncertainty: 1.0, unit: nM}",
        "In a test, Zz bound with a KD of 3.4 ± 1.0 nM.",
        "In a test, Zz bound with a KD of 2.4 ± 1.0 nM.",
    ),
    "of-a-total": (
        '{name: genes changed, value: 45, approximate: false, unit: "of 84 measured"}',
        "In a test, 44 of 84 genes changed.",
        "In a test, 45 of 84 genes changed.",
    ),
}


@pytest.mark.parametrize("case", STATEMENT_CASES)
def test_finding_statement_disagreeing_with_its_own_quantity(
    tmp_path: Path, seeds: Seeds, case: str
) -> None:
    quantity, wrong, _right = STATEMENT_CASES[case]
    item = finding(
        "zz-statement",
        seeds,
        sources=[seeds.in_vitro_source],
        setting="in_vitro",
        statement=wrong,
        quantity=quantity,
    )
    text = findings_file(item)
    diagnostics = check(tmp_path, {FINDINGS_FILE: text})
    hit = only(diagnostics, "SF501", FINDINGS_FILE)
    assert hit.line == line_of(text, "- id: zz-statement")
    assert hit.message.startswith("statement:")


@pytest.mark.parametrize("case", STATEMENT_CASES)
def test_finding_statement_agreeing_with_its_quantity_passes(
    tmp_path: Path, seeds: Seeds, case: str
) -> None:
    quantity, _wrong, right = STATEMENT_CASES[case]
    item = finding(
        "zz-statement",
        seeds,
        sources=[seeds.in_vitro_source],
        setting="in_vitro",
        statement=right,
        quantity=quantity,
    )
    diagnostics = check(tmp_path, {FINDINGS_FILE: findings_file(item)})
    none_of(diagnostics, "SF501")


def test_statement_quoting_the_displayed_quantity_passes(tmp_path: Path, seeds: Seeds) -> None:
    item = finding(
        "zz-statement",
        seeds,
        sources=[seeds.in_vitro_source],
        setting="in_vitro",
        statement="In a test, Zz bound with a KD of 2.4 ± 1 nM.",
        quantity="{name: KD, value: 2.4, uncertainty: 1, unit: nM}",
    )
    diagnostics = check(tmp_path, {FINDINGS_FILE: findings_file(item)})
    none_of(diagnostics, "SF501")


# --- consistency: regulatory wording (SF502) --------------------------------------------------
APPROVAL_WORDING = {"US": "is FDA-approved", "EU": "is approved by the EMA"}


def unapproved(kb: KnowledgeBase, jurisdiction: str) -> str:
    return _first(
        [
            p.name
            for p in kb.peptides.values()
            if "approved" not in {r.status for r in p.regulatory if r.jurisdiction == jurisdiction}
        ],
        f"peptide without approval in {jurisdiction}",
    )


@pytest.mark.parametrize("jurisdiction", APPROVAL_WORDING)
def test_prose_calling_a_peptide_approved_against_its_record(
    tmp_path: Path, kb: KnowledgeBase, seeds: Seeds, jurisdiction: str
) -> None:
    name = unapproved(kb, jurisdiction)
    sentence = f"{name} {APPROVAL_WORDING[jurisdiction]}."
    text = article(seeds, sentence)
    diagnostics = check(tmp_path, {ARTICLE_FILE: text})
    hit = only(diagnostics, "SF502", ARTICLE_FILE)
    assert hit.line == line_of(text, sentence)
    assert name in hit.message
    assert jurisdiction in hit.message


def test_approval_claim_without_a_name_falls_back_to_the_article_peptides(
    tmp_path: Path, kb: KnowledgeBase, seeds: Seeds
) -> None:
    name = unapproved(kb, "US")
    peptide_id = next(p.id for p in kb.peptides.values() if p.name == name)
    sentence = "It is FDA-approved for stroke."
    text = article(seeds, sentence, peptides=[peptide_id])
    diagnostics = check(tmp_path, {ARTICLE_FILE: text})
    hit = only(diagnostics, "SF502", ARTICLE_FILE)
    assert hit.line == line_of(text, sentence)
    assert name in hit.message


@pytest.mark.parametrize(
    "template",
    [
        "{name} is not FDA-approved.",
        "Is {name} FDA-approved?",
        "{name} has no FDA approval and no US label.",
        "Compounded drugs are not FDA-approved, and neither is {name}.",
    ],
)
def test_regulatory_near_miss_passes(
    tmp_path: Path, kb: KnowledgeBase, seeds: Seeds, template: str
) -> None:
    text = article(seeds, template.format(name=unapproved(kb, "US")))
    diagnostics = check(tmp_path, {ARTICLE_FILE: text})
    none_of(diagnostics, "SF502")


# --- every seedable check rule is covered above -----------------------------------------------
SEEDED = {
    "SF401",
    "SF402",
    *(code for code, _ in SEQUENCE_CASES.values()),
    "SF481",
    "SF482",
    "SF483",
    "SF501",
    "SF502",
    # seeded in tests/test_editorial.py
    "SF520",
    "SF521",
    "SF522",
    "SF523",
    "SF530",
    "SF531",
    "SF540",
    *DEPTH_SEEDED,  # evidence-depth rules, seeded in test_depth_checks.py
    # seeded in tests/test_intake_checks.py (issue 10)
    *("SF902", "SF903", "SF905", "SF906", "SF907", "SF910", "SF911", "SF912", "SF913", "SF914"),
}


def test_every_cross_record_check_rule_is_seeded_here() -> None:
    """Rules from SF400 up run on a loaded knowledge base; loading rules live in
    test_loading.py. A new check rule must get a seeded test in this file."""
    cross_record = {c for c, r in RULES.items() if r.command == "check" and c >= "SF400"}
    assert cross_record == SEEDED
