"""Measure the prose linter on a labelled corpus: precision and recall per category."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sourcefirst.lint.engine import Linter

CATEGORIES = ("overclaim", "out_of_scope")


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_corpus(path: Path) -> list[tuple[str, set[str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(item["text"], set(item.get("labels") or [])) for item in data["sentences"]]


def measure(linter: Linter, corpus: list[tuple[str, set[str]]]) -> dict[str, Score]:
    scores = {category: Score() for category in CATEGORIES}
    for text, expected in corpus:
        flagged = {str(d.category) for d in linter.lint_text("<corpus>", text)}
        for category, score in scores.items():
            if category in flagged and category in expected:
                score.tp += 1
            elif category in flagged:
                score.fp += 1
                score.false_alarms.append(text)
            elif category in expected:
                score.fn += 1
                score.misses.append(text)
    return scores
