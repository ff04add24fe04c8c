"""Peptides the linear one-letter model cannot describe: mixtures, rings, non-standard residues.

A mixture has no sequence (only a composition); a cyclic peptide with non-standard residues has
a three-letter structure but no one-letter form. Neither gets computed chemistry, and every view
(profile, JSON twin, compare, API, search) says so instead of failing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import make_content, run_cli
from sourcefirst.release.publish import build_site
from sourcefirst.serve.server import create_app

MIXTURE = """\
id: testmix
name: Testmix
categories: [cognitive-research]
composition: A hydrolysate of brain proteins holding many short peptides and free amino acids.
summary: A fixture for a preparation with no single defined sequence.
reviewed: 2026-11-21
"""

CYCLIC = """\
id: testcyc
name: Testcyc
categories: [cognitive-research]
sequence:
  three_letter: Nle-Asp-His-D-Phe-Arg-Trp-Lys
  n_terminus: acetyl
  cyclic: lactam bridge between Asp2 and Lys7
  nonstandard:
    - {position: 1, residue: Nle, name: norleucine}
    - {position: 4, residue: D-Phe, name: D-phenylalanine}
salt: acetate
stated_chemistry:
  formula: C50H68N14O10
  basis: A fixture value, not checked against the sequence.
summary: A fixture for a cyclic peptide with non-standard residues.
reviewed: 2026-11-21
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("identity")
    content = make_content(tmp, {"peptides/testmix.yaml": MIXTURE, "peptides/testcyc.yaml": CYCLIC})
    build_site(content, tmp / "build")
    return tmp / "build"


@pytest.fixture(scope="module")
def app(site: Path) -> TestClient:
    return TestClient(create_app(site))


def test_mixture_profile_says_there_is_no_sequence(app: TestClient) -> None:
    html = app.get("/peptides/testmix/").text
    assert "No single defined sequence" in html
    assert "A hydrolysate of brain proteins" in html
    assert "no single defined sequence." in html  # why chemistry is not computed
    data = app.get("/peptides/testmix.json").json()
    assert data["three_letter"] is None
    assert data["one_letter"] is None
    assert data["chemistry"]["formula"] is None
    assert "no single defined sequence" in data["chemistry"]["not_computed"]


def test_cyclic_profile_names_the_ring_and_residues_and_computes_nothing(app: TestClient) -> None:
    data = app.get("/peptides/testcyc.json").json()
    assert data["length"] == 7
    assert data["one_letter"] is None
    assert "Ring: lactam bridge between Asp2 and Lys7" in data["structure"]
    assert "Position 4: D-Phe (D-phenylalanine)" in data["structure"]
    assert data["salt"] == "acetate"
    assert data["chemistry"]["average_mass"] is None
    assert "it is cyclic" in data["chemistry"]["not_computed"]
    assert data["chemistry"]["stated"] == "C50H68N14O10"
    html = app.get("/peptides/testcyc/").text
    assert "Salt form" in html
    assert "N-acetyl (Ac-)" in html
    assert "/tools/sequence/?q=" not in html  # no analyser link without a one-letter form


def test_compare_and_api_handle_peptides_without_one_letter(app: TestClient) -> None:
    page = app.get("/compare/testcyc-vs-testmix/")
    assert page.status_code == 200
    assert "no standard one-letter sequence to align" in page.text
    detail = app.get("/api/peptides/testmix").json()
    assert detail["chemistry"] is None
    listing = app.get("/api/peptides", params={"limit": 200}).json()
    mix = next(p for p in listing["items"] if p["id"] == "testmix")
    assert mix["one_letter"] is None
    assert mix["three_letter"] is None
    hits = app.get("/api/search", params={"q": "hydrolysate"}).json()
    assert any(h["url"] == "/peptides/testmix/" for h in hits["items"])


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "testcyc",
            CYCLIC.replace(
                "  n_terminus: acetyl\n", "  one_letter: XDHFRWK\n  n_terminus: acetyl\n"
            ),
            "one-letter",
        ),
        (
            "testcyc",
            CYCLIC.replace("{position: 4, residue: D-Phe", "{position: 3, residue: D-Phe"),
            "not at position 3",
        ),
        (
            "testmix",
            "".join(line for line in MIXTURE.splitlines(True) if "composition" not in line),
            "give a `sequence`, or a `composition`",
        ),
    ],
)
def test_structure_errors_are_reported_at_the_file(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    content = make_content(tmp_path, {f"peptides/{name}.yaml": text})
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    assert f"peptides/{name}.yaml:" in result.stderr
    assert message in result.stderr
