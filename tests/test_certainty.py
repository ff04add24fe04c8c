"""Certainty per outcome (GRADE-style): each derivation step pinned on small real records, and
the worked examples of docs/evidence-scale.md on the bundled content."""

from __future__ import annotations

from typing import Any

import pytest

from sourcefirst.domain.certainty import NO_HUMAN, Certainty, rate_outcome
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.schema.finding import Finding
from sourcefirst.schema.source import Source

GOOD_RISK = {
    "randomisation": "yes",
    "allocation_concealment": "yes",
    "blinding_participants": "yes",
    "blinding_assessors": "yes",
    "attrition": "yes",
    "selective_reporting": "yes",
    "funding_conflicts": "yes",
}


def trial(source_id: str, **study: Any) -> Source:
    """A clinical trial in patients; ``study`` overrides its attributes, ``risk`` its items."""
    risk = study.pop("risk", GOOD_RISK)
    read = study.pop("read", "full_text")
    attributes = {
        "design": "clinical_trial",
        "species": "human",
        "population": "patients",
        "control": "placebo",
        "randomised": True,
        "n": 500,
        **study,
    }
    return Source.model_validate(
        {
            "id": source_id,
            "type": "article-journal",
            "title": f"Trial {source_id}",
            "author": [{"family": source_id.title(), "given": "A"}],
            "issued": {"year": 2020},
            "study": attributes,
            "read": {"level": read, "language": "original"},
            "risk_of_bias": risk,
            "summary": "A trial.",
        }
    )


def animal(source_id: str) -> Source:
    return Source.model_validate(
        {
            "id": source_id,
            "type": "article-journal",
            "title": "Rats",
            "study": {"design": "in_vivo", "species": "rat"},
            "summary": "Rats.",
        }
    )


def outcome(finding_id: str, sources: list[str], human: bool = True, **extra: Any) -> Finding:
    return Finding.model_validate(
        {
            "id": finding_id,
            "peptides": ["p"],
            "topic": "t",
            "kind": "outcome",
            "statement": "Something was measured.",
            "model": {
                "species": "human" if human else "rat",
                "setting": "human" if human else "in_vivo",
            },
            "sources": sources,
            **extra,
        }
    )


def rate(findings: list[Finding], sources: list[Source]) -> Any:
    return rate_outcome("p", "t", findings, {s.id: s for s in sources})


def domains(rated: Any) -> dict[str, int]:
    return {r.domain: r.levels for r in rated.reductions}


def test_only_animal_evidence_is_no_human_evidence_never_a_grade() -> None:
    rated = rate([outcome("f", ["rat"], human=False)], [animal("rat")])
    assert rated.certainty is None
    assert rated.label == NO_HUMAN
    assert rated.other_levels == ("Animal (rat)",)
    assert "Animal (rat)" in rated.plain


def test_a_large_well_run_randomised_trial_stays_high() -> None:
    rated = rate([outcome("f", ["a"])], [trial("a")])
    assert rated.start is Certainty.HIGH
    assert rated.reductions == ()
    assert rated.certainty is Certainty.HIGH
    assert rated.label == "⊕⊕⊕⊕ high"


def test_non_randomised_studies_start_low() -> None:
    rated = rate([outcome("f", ["a"])], [trial("a", randomised=None)])
    assert rated.start is Certainty.LOW
    # randomisation items do not count against a study that already starts low
    assert "risk of bias" not in domains(rated)
    assert rated.certainty is Certainty.LOW


@pytest.mark.parametrize(
    ("risk", "expected"),
    [
        ({**GOOD_RISK, "blinding_assessors": "no"}, 1),
        ({**GOOD_RISK, "blinding_assessors": "no", "attrition": "no"}, 2),
        (dict.fromkeys(GOOD_RISK, "not reported"), 1),
        (dict.fromkeys(GOOD_RISK, "unclear"), 1),
        (None, 1),  # nothing recorded: no safeguard can be confirmed
        ({**GOOD_RISK, "attrition": "unclear"}, 0),
    ],
)
def test_risk_of_bias_downgrade_follows_the_items(
    risk: dict[str, str] | None, expected: int
) -> None:
    rated = rate([outcome("f", ["a"])], [trial("a", risk=risk)])
    assert domains(rated).get("risk of bias", 0) == expected
    assert rated.certainty == Certainty(4 - expected)


def test_a_risk_of_bias_reason_names_the_study_and_the_items() -> None:
    rated = rate([outcome("f", ["a"])], [trial("a", risk={**GOOD_RISK, "attrition": "no"})])
    (step,) = rated.reductions
    assert step.derived
    assert "A 2020" in step.reason
    assert "outcome data complete" in step.reason


def test_no_comparison_group_is_a_risk_of_bias_concern() -> None:
    rated = rate([outcome("f", ["a"])], [trial("a", control="unknown", randomised=None)])
    assert domains(rated)["risk of bias"] == 1
    assert "comparison group" in rated.reductions[0].reason


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [((None,), 1), ((62,), 2), ((150, 150), 1), ((250, 250), 0)],
)
def test_imprecision_from_participants(sizes: tuple[int | None, ...], expected: int) -> None:
    sources = [trial(f"s{i}", n=n) for i, n in enumerate(sizes)]
    rated = rate([outcome("f", [s.id for s in sources])], sources)
    assert domains(rated).get("imprecision", 0) == expected
    known = None if None in sizes else sum(n for n in sizes if n)
    assert rated.participants == known


def test_results_not_recorded_and_title_only_are_reporting_concerns() -> None:
    findings = [outcome("f", ["a"], results_recorded=False)]
    assert domains(rate(findings, [trial("a")]))["reporting"] == 1
    assert domains(rate(findings, [trial("a", read="title_only")]))["reporting"] == 2


def test_surrogate_and_editor_downgrades_are_indirectness() -> None:
    flagged = outcome(
        "f",
        ["a"],
        certainty={
            "surrogate": True,
            "downgrades": [{"domain": "inconsistency", "levels": 1, "reason": "they disagree"}],
        },
    )
    rated = rate([flagged], [trial("a")])
    assert domains(rated) == {"inconsistency": 1, "indirectness": 1}
    editor = next(r for r in rated.reductions if r.domain == "inconsistency")
    assert not editor.derived
    assert editor.reason == "they disagree"
    assert rated.certainty is Certainty.LOW


def test_each_domain_lowers_at_most_two_and_the_floor_is_very_low() -> None:
    risk = dict.fromkeys(GOOD_RISK, "no")
    rated = rate(
        [outcome("f", ["a"], results_recorded=False)],
        [trial("a", risk=risk, n=None, read="title_only", population="healthy_volunteers")],
    )
    assert max(r.levels for r in rated.reductions) <= 2
    assert rated.certainty is Certainty.VERY_LOW
    assert rated.label == "⊕◯◯◯ very low"


def test_symbols_follow_grade() -> None:
    assert [c.symbols for c in Certainty] == ["⊕◯◯◯", "⊕⊕◯◯", "⊕⊕⊕◯", "⊕⊕⊕⊕"]


# --- the worked examples of docs/evidence-scale.md ------------------------------------------
def test_worked_example_semax_stroke(kb: KnowledgeBase) -> None:
    rated = kb.outcome_certainty("semax", "stroke-clinical")
    assert rated is not None
    assert rated.human_sources == ("gusev-2018-zhnevrol",)
    assert rated.start is Certainty.LOW
    assert domains(rated) == {"risk of bias": 1, "imprecision": 1, "reporting": 2}
    assert rated.certainty is Certainty.VERY_LOW


def test_worked_example_selank_anxiety(kb: KnowledgeBase) -> None:
    rated = kb.outcome_certainty("selank", "anxiety-stress")
    assert rated is not None
    assert rated.human_sources == ("selank-gad-2008-zhnevrol",)
    assert rated.participants == 62
    assert rated.other_levels == ("Animal (rat)",)
    # the abstract states the direction of the result, so there is no reporting downgrade
    assert domains(rated) == {"risk of bias": 1, "imprecision": 2}
    assert rated.certainty is Certainty.VERY_LOW


def test_worked_examples_are_in_the_docs(repo_root: Any) -> None:
    text = (repo_root / "docs" / "evidence-scale.md").read_text(encoding="utf-8")
    for needle in ("gusev-2018-zhnevrol", "selank-gad-2008-zhnevrol", "⊕⊕◯◯", "no human evidence"):
        assert needle in text


def test_an_outcome_without_results_says_so_in_plain_words() -> None:
    rated = rate([outcome("f", ["a"], results_recorded=False)], [trial("a")])
    assert rated.plain.startswith("What the human evidence found is not recorded here.")
