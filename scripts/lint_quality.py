"""Report the prose linter's precision and recall on tests/data/lint_corpus.yaml.

Usage: .venv/bin/python scripts/lint_quality.py [--verbose]
Targets (issue 4): out_of_scope >= 0.90 precision and recall; overclaim >= 0.85.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sourcefirst.kb import load_knowledge_base
from sourcefirst.lint.engine import Linter
from sourcefirst.lint.quality import load_corpus, measure

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"out_of_scope": 0.90, "overclaim": 0.85}


def main() -> int:
    verbose = "--verbose" in sys.argv
    kb, _ = load_knowledge_base(ROOT / "content")
    linter = Linter(kb)
    corpus = load_corpus(ROOT / "tests" / "data" / "lint_corpus.yaml")
    started = time.perf_counter()
    scores = measure(linter, corpus)
    elapsed = time.perf_counter() - started
    print(f"{len(corpus)} sentences, linted in {elapsed * 1000:.0f} ms\n")
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
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
