"""`sourcefirst lint` as a writer uses it: every prose rule reported at file:line, the JSON
shape documented in docs/checks.md, clean scientific reporting left alone, and the documented
examples kept true."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import CLI, REPO_ROOT, column_of, line_of, run_cli
from sourcefirst.domain.codes import RULES
from sourcefirst.domain.diagnostics import Diagnostic
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.lint.engine import Linter

CHECKS_DOC = REPO_ROOT / "docs" / "checks.md"
JSON_KEYS = {"file", "line", "column", "code", "category", "severity", "message", "suggestion"}
TEXT_RE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning) "
    r"(?P<code>SF\d{3}) \[(?P<category>[a-z_]+)\] \S",
    re.MULTILINE,
)

# One violation per lint rule; the sentence that carries it, with the code it must get.
VIOLATIONS = {
    "SF601": "Semax improves memory.",
    "SF602": "Semax is clinically proven to speed stroke recovery.",
    "SF603": "Semax raises BDNF in the brain.",
    "SF701": "Take 300 mcg twice daily.",
    "SF702": "Run it for two weeks on, one week off.",
    "SF703": "Inject subcutaneously into belly fat.",
    "SF704": "Reconstitute with bacteriostatic water.",
    "SF705": "Stacking Semax with Selank gives better results.",
    "SF706": "Use code PEPTIDE10 for 10% off.",
    "SF532": "It is registered as 0.15% nasal drops.",
}
# Innocent lead-ins keep the violations off column 1 and off a paragraph's first line.
SEEDED = f"""# Seeded violations

Semax has seven residues.
{VIOLATIONS["SF601"]}

{VIOLATIONS["SF602"]}

Selank has seven residues too. {VIOLATIONS["SF603"]}

{VIOLATIONS["SF701"]}

{VIOLATIONS["SF702"]}

{VIOLATIONS["SF703"]}

{VIOLATIONS["SF704"]}

{VIOLATIONS["SF705"]}

{VIOLATIONS["SF706"]}

{VIOLATIONS["SF532"]}
"""

# Scientific reporting, animal doses and negated policy statements: all in scope.
INNOCENT = """---
title: Innocent prose
summary: What studies measured, reported with their species and units.
---
# What the studies measured

In human serum, Semax had an IC50 of about 10 µM [@kost-2001-bioorgkhim]. In rat basal
forebrain membranes it bound a site with a KD of 2.4 ± 1.0 nM.

Rats received 50 µg/kg of Semax after a single intranasal dose. In rats, Semax raised BDNF.
Patients took Selank for 14 days in the trial. In rats, Selank combined with diazepam lowered
anxiety-like behaviour more than either drug alone.

## What this site does not say

Semax is not FDA-approved. There is no evidence that Semax improves memory. Vendors claim it
boosts focus; no trial has tested this. Does Semax improve memory? SourceFirst gives no
reconstitution instructions. Selank is sold as a research chemical. The cell cycle was not
studied.
"""


def lint(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command, run from the repository root as a writer would."""
    if stdin is None:
        return run_cli("lint", *args)
    return subprocess.run(
        [str(CLI), "lint", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        check=False,
    )


def reported(stderr: str) -> set[tuple[str, int, int, str]]:
    """(file, line, column, code) of every diagnostic printed as text."""
    return {
        (m["file"], int(m["line"]), int(m["column"]), m["code"]) for m in TEXT_RE.finditer(stderr)
    }


def where(text: str, sentence: str) -> tuple[int, int]:
    return line_of(text, sentence), column_of(text, sentence)


def documented_categories() -> set[str]:
    line = next(
        x for x in CHECKS_DOC.read_text("utf-8").splitlines() if x.startswith("Categories:")
    )
    return set(re.findall(r"`([a-z_]+)`", line))


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    path = tmp_path / "seeded.md"
    path.write_text(SEEDED, encoding="utf-8")
    return path


# --- text output ------------------------------------------------------------------------------
def test_every_lint_rule_is_reported_at_its_line(seeded: Path) -> None:
    result = lint(seeded)
    assert result.returncode == 1, result.stderr
    expected = {
        (str(seeded), *where(SEEDED, sentence), code) for code, sentence in VIOLATIONS.items()
    }
    assert reported(result.stderr) == expected, result.stderr
    assert "Traceback" not in result.stderr
    assert f"lint: {len(VIOLATIONS)} error(s) in 1 file(s)" in result.stderr
    assert result.stderr.count("hint: ") == len(VIOLATIONS)  # every problem says what to do


def test_seeded_file_covers_every_lint_rule() -> None:
    assert set(VIOLATIONS) == {c for c, r in RULES.items() if r.command == "lint"}


# --- JSON output ------------------------------------------------------------------------------
def test_json_output_has_exactly_the_documented_keys(seeded: Path) -> None:
    result = lint("--format", "json", seeded)
    assert result.returncode == 1
    problems = json.loads(result.stdout)  # nothing but the array on stdout
    assert isinstance(problems, list)
    assert len(problems) == len(VIOLATIONS)
    categories = documented_categories()
    assert categories, "docs/checks.md lists the categories"
    for problem in problems:
        assert set(problem) == JSON_KEYS, problem
        assert problem["category"] in categories
        assert problem["severity"] in {"error", "warning"}
        assert problem["category"] == RULES[problem["code"]].category
        assert problem["file"] == str(seeded)
        assert isinstance(problem["line"], int)
        assert isinstance(problem["column"], int)
        assert problem["message"]
        assert problem["suggestion"]
    assert {(p["line"], p["column"], p["code"]) for p in problems} == {
        (*where(SEEDED, sentence), code) for code, sentence in VIOLATIONS.items()
    }


# --- standard input ---------------------------------------------------------------------------
def test_standard_input_is_linted() -> None:
    text = "An innocent opening sentence.\n\nNow take 300 mcg twice daily.\n"
    result = lint("-", stdin=text)
    assert result.returncode == 1
    assert reported(result.stderr) == {("<stdin>", 3, 1, "SF701")}, result.stderr


def test_standard_input_as_json_when_clean() -> None:
    result = lint("--format", "json", "-", stdin=INNOCENT)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout) == []


# --- what must pass ---------------------------------------------------------------------------
def test_innocent_scientific_reporting_passes(tmp_path: Path) -> None:
    path = tmp_path / "innocent.md"
    path.write_text(INNOCENT, encoding="utf-8")
    result = lint(path)
    assert result.returncode == 0, result.stderr
    assert reported(result.stderr) == set(), result.stderr
    assert "lint: 0 error(s) in 1 file(s)" in result.stderr


def test_bundled_content_passes_lint() -> None:
    result = lint("--format", "json")
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout) == []


def test_needs_source_list_is_not_linted_for_overclaims(tmp_path: Path) -> None:
    """It records circulating claims on purpose (docs/checks.md)."""
    path = tmp_path / "needs-source.yaml"
    path.write_text(f"claims:\n  - claim: {VIOLATIONS['SF601']}\n", encoding="utf-8")
    result = lint(path)
    assert result.returncode == 0, result.stderr


def test_needs_source_list_is_linted_for_formulation_strengths(tmp_path: Path) -> None:
    """Out of scope on every page: the needs-source list once carried "0.15% nasal drops"."""
    path = tmp_path / "needs-source.yaml"
    text = (
        "claims:\n  - claim: >-\n      Reported as a prescription anxiolytic, registered as\n"
        "      0.15% nasal drops under a Russian number.\n"
    )
    path.write_text(text, encoding="utf-8")
    result = lint(path)
    assert result.returncode == 1
    assert {code for *_, code in reported(result.stderr)} == {"SF532"}, result.stderr


# --- errors a writer makes --------------------------------------------------------------------
def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-article.md"
    result = lint(missing)
    assert result.returncode == 1
    assert "no such file" in result.stderr
    assert str(missing) in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# --- YAML prose fields ------------------------------------------------------------------------
def test_yaml_statement_is_reported_at_its_own_line(tmp_path: Path) -> None:
    text = (
        "findings:\n"
        "  - id: zz-fine\n"
        "    peptides: [semax]\n"
        "    statement: In rats, Semax raised BDNF in the basal forebrain.\n"
        "  - id: zz-overclaim\n"
        "    peptides: [semax]\n"
        f"    statement: {VIOLATIONS['SF601']}\n"
        "    boundary: >-\n"
        f"      {VIOLATIONS['SF701']}\n"
    )
    path = tmp_path / "findings.yaml"
    path.write_text(text, encoding="utf-8")
    result = lint(path)
    assert result.returncode == 1
    found = reported(result.stderr)
    assert {(f, line, code) for f, line, _column, code in found} == {
        (str(path), line_of(text, VIOLATIONS["SF601"]), "SF601"),
        (str(path), line_of(text, VIOLATIONS["SF701"]), "SF701"),
    }, result.stderr
    # a plain scalar is pinned to its first character
    assert (str(path), *where(text, VIOLATIONS["SF601"]), "SF601") in found


def test_yaml_block_scalar_column_is_the_text_column(tmp_path: Path) -> None:
    text = f"findings:\n  - id: zz-overclaim\n    statement: >-\n      {VIOLATIONS['SF601']}\n"
    path = tmp_path / "findings.yaml"
    path.write_text(text, encoding="utf-8")
    result = lint(path)
    assert reported(result.stderr) == {(str(path), *where(text, VIOLATIONS["SF601"]), "SF601")}


def test_sentence_inside_a_folded_yaml_block_is_reported_at_its_line(tmp_path: Path) -> None:
    text = (
        "findings:\n"
        "  - id: zz-overclaim\n"
        "    peptides: [semax]\n"
        "    statement: >-\n"
        "      Semax was given to volunteers in one imaging study of\n"
        f"      connectivity. {VIOLATIONS['SF601']}\n"
    )
    path = tmp_path / "findings.yaml"
    path.write_text(text, encoding="utf-8")
    result = lint(path)
    assert reported(result.stderr) == {(str(path), *where(text, VIOLATIONS["SF601"]), "SF601")}


# --- docs/checks.md stays true ----------------------------------------------------------------
def _rule_rows() -> list[tuple[str, str, str]]:
    """(code, catches, lets through) of every lint row of docs/checks.md's tables."""
    rows = []
    for line in CHECKS_DOC.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rule = RULES.get(cells[0]) if len(cells) == 3 else None
        if rule is not None and rule.command == "lint":
            rows.append((cells[0], cells[1], cells[2]))
    return rows


def _quoted(cell: str) -> list[str]:
    return re.findall(r"\"([^\"]+)\"", cell)


ROWS = _rule_rows()


def test_docs_document_every_lint_rule() -> None:
    assert {code for code, _, _ in ROWS} == {c for c, r in RULES.items() if r.command == "lint"}


@pytest.fixture(scope="module")
def linter(kb: KnowledgeBase) -> Linter:
    return Linter(kb)


def lint_text(linter: Linter, text: str) -> list[Diagnostic]:
    return linter.lint_text("<docs>", text)


@pytest.mark.parametrize(("code", "catches"), [(c, x) for c, x, _ in ROWS], ids=lambda v: v[:5])
def test_first_documented_example_is_caught_in_its_category(
    linter: Linter, code: str, catches: str
) -> None:
    example = _quoted(catches)[0]
    found = lint_text(linter, example)
    category = RULES[code].category
    assert category in {d.category for d in found}, f"{example!r}: {found}"


DOCS_CODE_MISMATCH: dict[str, str] = {}  # documented examples whose code differs (none)


@pytest.mark.parametrize(
    ("code", "catches"),
    [
        pytest.param(
            c,
            x,
            id=c,
            marks=[pytest.mark.xfail(strict=True, reason=DOCS_CODE_MISMATCH[c])]
            if c in DOCS_CODE_MISMATCH
            else [],
        )
        for c, x, _ in ROWS
    ],
)
def test_first_documented_example_gets_its_code(linter: Linter, code: str, catches: str) -> None:
    example = _quoted(catches)[0]
    found = lint_text(linter, example)
    assert code in {d.code for d in found}, f"{example!r}: {[d.code for d in found]}"


def _documented_in_scope() -> list[tuple[str, str]]:
    """(category, example) the docs say must pass: 'lets through' cells of the lint rows and
    the scientific reporting listed as in scope."""
    examples = [
        (str(RULES[code].category), text.rstrip("…").strip())
        for code, _, lets_through in ROWS
        for text in _quoted(lets_through)
    ]
    doc = CHECKS_DOC.read_text("utf-8")
    paragraph = doc[doc.index("Scientific reporting is in scope") :].split("\n\n", 1)[0]
    examples += [("out_of_scope", text) for text in _quoted(paragraph)]
    return examples


def test_docs_list_in_scope_examples() -> None:
    categories = {category for category, _ in _documented_in_scope()}
    assert categories == {"overclaim", "out_of_scope"}


@pytest.mark.parametrize(("category", "example"), _documented_in_scope(), ids=lambda v: v[:24])
def test_documented_in_scope_example_passes(linter: Linter, category: str, example: str) -> None:
    found = [d for d in lint_text(linter, example) if d.category == category]
    assert not found, f"{example!r}: " + "; ".join(d.format_text() for d in found)
