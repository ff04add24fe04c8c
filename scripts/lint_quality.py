"""Report the prose linter's precision and recall per category on the labelled corpora.

Usage: .venv/bin/python scripts/lint_quality.py [--verbose]
Targets (issue 4): out_of_scope >= 0.90 precision and recall; overclaim >= 0.85.

Two corpora: tests/data/lint_corpus.yaml (development: the rules were tuned against it) and
tests/data/lint_heldout.yaml (written by someone who never saw the rules; its first, blind
scores are recorded in docs/checks.md). Exit status 1 if the development set misses a target.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sourcefirst.domain.kb import load_knowledge_base
from sourcefirst.lint.engine import Linter
from sourcefirst.lint.quality import load_corpus, measure

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"out_of_scope": 0.90, "overclaim": 0.85}


def report(linter: Linter, name: str, path: Path, verbose: bool) -> bool:
    corpus = load_corpus(path)
    started = time.perf_counter()
    scores = measure(linter, corpus)
    elapsed = time.perf_counter() - started
    print(f"\n{name}: {len(corpus)} sentences, linted in {elapsed * 1000:.0f} ms")
    print(f"{'category':<14}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}  target")
    ok = True
    for category, score in scores.items():
        target = TARGETS[category]
        met = score.precision >= target and score.recall >= target
        ok &= met
        print(
            f"{category:<14}{score.precision:>10.3f}{score.recall:>8.3f}{score.tp:>5}"
            f"{score.fp:>5}{score.fn:>5}  {target:.2f} {'met' if met else 'NOT MET'}"
        )
        if verbose:
            for text in score.misses:
                print(f"    missed: {text}")
            for text in score.false_alarms:
                print(f"    false alarm: {text}")
    return ok


def main() -> int:
    verbose = "--verbose" in sys.argv
    kb, _ = load_knowledge_base(ROOT / "content")
    linter = Linter(kb)
    data = ROOT / "tests" / "data"
    ok = report(linter, "development set", data / "lint_corpus.yaml", verbose)
    report(linter, "held-out set", data / "lint_heldout.yaml", verbose)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
