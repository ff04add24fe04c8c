"""`sourcefirst sequence` and the computed chemistry on profiles."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import REPO_ROOT
from sourcefirst.chemistry import compute, parse_sequence
from sourcefirst.domain.kb import KnowledgeBase

CLI = REPO_ROOT / ".venv" / "bin" / "sourcefirst"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args], capture_output=True, text=True, cwd=REPO_ROOT, check=False, timeout=60
    )


def test_json_has_the_documented_keys_and_literature_values() -> None:
    result = run("sequence", "Met-Glu-His-Phe-Pro-Gly-Pro", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {
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
    } <= set(data)
    assert data["formula"] == "C37H51N9O10S"
    assert data["average_mass"] == pytest.approx(813.93, abs=0.01)
    matches = data["fragments"]["protein_matches"]
    assert [(m["protein_id"], m["protein_start"], m["protein_end"]) for m in matches] == [
        ("acth", 4, 7)
    ]


def test_text_output_names_origin_and_pka_scale() -> None:
    result = run("sequence", "tkprpgp")
    assert result.returncode == 0, result.stderr
    assert "C33H57N11O9" in result.stdout
    assert "Lehninger" in result.stdout
    assert "289-292" in result.stdout  # tuftsin region of the IgG heavy chain


@pytest.mark.parametrize(("text", "fragment"), [("MEXF", "position 3"), ("", "")])
def test_bad_sequences_exit_1_with_a_message(text: str, fragment: str) -> None:
    result = run("sequence", text)
    assert result.returncode == 1
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_profiles_show_the_computed_chemistry(client: TestClient, kb: KnowledgeBase) -> None:
    computable = [p for p in kb.peptides.values() if p.sequence and p.sequence.computable]
    assert computable
    for peptide in computable:
        assert peptide.sequence is not None
        html = client.get(f"/peptides/{peptide.id}/").text
        computed = compute(parse_sequence(peptide.sequence.notation))
        assert computed.formula in html
        assert f"{computed.average_mass:.2f} g/mol" in html
        data = client.get(f"/peptides/{peptide.id}.json").json()
        assert data["chemistry"]["formula"] == computed.formula
        if peptide.stated_chemistry and peptide.stated_chemistry.formula:
            assert "stated in the literature" in html


def test_documented_in_cli_docs() -> None:
    text = (Path(REPO_ROOT) / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "## `sourcefirst sequence`" in text
