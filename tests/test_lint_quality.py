"""The prose linter meets the issue's quality targets on both labelled corpora in tests/data/:
out_of_scope ≥ 0.90 and overclaim ≥ 0.85, precision and recall alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.lint.engine import Linter
from sourcefirst.lint.quality import CATEGORIES, Score, load_corpus, measure

DATA = Path(__file__).resolve().parent / "data"
TARGETS = {"out_of_scope": 0.90, "overclaim": 0.85}
CORPORA = {"development": "lint_corpus.yaml", "held-out": "lint_heldout.yaml"}


@pytest.fixture(scope="module")
def linter(kb: KnowledgeBase) -> Linter:
    return Linter(kb)


@pytest.fixture(scope="module", params=list(CORPORA))
def scores(request: pytest.FixtureRequest, linter: Linter) -> dict[str, Score]:
    corpus = load_corpus(DATA / CORPORA[request.param])
    assert corpus, f"{CORPORA[request.param]} holds no sentences"
    for category in CATEGORIES:  # both classes are represented, or the scores mean nothing
        assert any(category in labels for _, labels in corpus), category
    return measure(linter, corpus)


def explain(category: str, score: Score) -> str:
    lines = [
        f"{category}: precision {score.precision:.3f}, recall {score.recall:.3f} "
        f"(tp {score.tp}, fp {score.fp}, fn {score.fn}; target {TARGETS[category]:.2f})"
    ]
    lines += [f"  missed: {text}" for text in score.misses]
    lines += [f"  false alarm: {text}" for text in score.false_alarms]
    return "\n".join(lines)


def test_targets_cover_every_measured_category() -> None:
    assert set(TARGETS) == set(CATEGORIES)


@pytest.mark.parametrize("category", sorted(TARGETS))
def test_precision_meets_the_target(scores: dict[str, Score], category: str) -> None:
    score = scores[category]
    assert score.precision >= TARGETS[category], explain(category, score)


@pytest.mark.parametrize("category", sorted(TARGETS))
def test_recall_meets_the_target(scores: dict[str, Score], category: str) -> None:
    score = scores[category]
    assert score.recall >= TARGETS[category], explain(category, score)


def _documented_rows() -> dict[str, list[str]]:
    """Rows of docs/checks.md's "Measured quality" table that claim the current figures."""
    doc = (DATA.parent.parent / "docs" / "checks.md").read_text("utf-8")
    table = doc[doc.index("## Measured quality") :]
    rows: dict[str, list[str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4:
            continue
        if cells[0].startswith("development"):
            rows["development"] = cells[1:]
        elif cells[0].startswith("held-out") and "after" in cells[0]:
            rows["held-out"] = cells[1:]
    return rows


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_documented_quality_figures_are_current(linter: Linter, corpus: str) -> None:
    rows = _documented_rows()
    assert corpus in rows, "docs/checks.md has no current row for the " + corpus + " set"
    sentences, overclaim, out_of_scope = rows[corpus]
    measured = load_corpus(DATA / CORPORA[corpus])
    scores = measure(linter, measured)
    assert int(sentences) == len(measured)
    for documented, category in ((overclaim, "overclaim"), (out_of_scope, "out_of_scope")):
        score = scores[category]
        assert documented == f"{score.precision:.3f} / {score.recall:.3f}", explain(category, score)
