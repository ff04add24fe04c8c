"""Editorial rules applied to one sentence: overclaim (SF6xx) and out of scope (SF7xx)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sourcefirst.domain.evidence import Level
from sourcefirst.lint import lexicon as lx
from sourcefirst.lint.evidence_context import EvidenceContext
from sourcefirst.prose.sentences import Sentence

# Clause breaks; dashes are not breaks, since they usually set off a parenthesis.
CLAUSE_RE = re.compile(r";|\b(?:but|although|though|whereas|while|yet)\b", re.IGNORECASE)
PRONOUN_RE = re.compile(
    r"\b(?:it|its|this peptide|the peptide|this compound|they|both)\b", re.IGNORECASE
)
PRODUCT_RE = re.compile(
    r"\b(?:semax|selank|it|them|the peptide|vials?|sprays?|powder|doses?)\b", re.IGNORECASE
)
READER_RE = re.compile(r"\b(?:you|your|yourself|i|my|me|we recommend)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Hit:
    code: str
    category: str
    message: str
    suggestion: str


NEGATION_REACH = 20  # words before a term that a negation governs (covers lists)


def negated_before(clause: str, start: int) -> bool:
    """A negation within a few words before position ``start`` ("not shown to improve")."""
    before = clause[:start].split()[-NEGATION_REACH:]
    return bool(lx.NEGATION.search(" ".join(before)))


def first_match(patterns: list[re.Pattern[str]], clause: str) -> re.Match[str] | None:
    for pattern in patterns:
        match = pattern.search(clause)
        if match:
            return match
    return None


def clauses(text: str) -> list[str]:
    return [c.strip() for c in CLAUSE_RE.split(text) if c and c.strip()]


def _subjects(text: str, ctx: EvidenceContext, fallback: tuple[str, ...]) -> list[str | None]:
    named = ctx.peptides_in(text)
    if named:
        return list(named)
    if fallback:
        return list(fallback)
    return [None]  # an unnamed subject has no evidence behind it


def _label(peptide: str | None) -> str:
    return peptide.capitalize() if peptide else "this peptide"


def overclaims(
    sentence: Sentence,
    ctx: EvidenceContext,
    fallback: tuple[str, ...],
    species_in_paragraph: bool = False,
) -> Iterator[Hit]:
    if sentence.question:
        return
    # a species named anywhere in the sentence (or earlier in the paragraph) qualifies it
    qualified = species_in_paragraph or bool(lx.SPECIES.search(sentence.text))
    for clause in clauses(sentence.text):
        if lx.HEDGE.search(clause):
            continue
        subjects = _subjects(clause, ctx, fallback)
        mentions = bool(ctx.peptides_in(clause) or PRONOUN_RE.search(clause) or fallback)
        unquoted = lx.QUOTED.sub(" ", clause)  # a quoted phrase is mentioned, not asserted
        certainty = lx.CERTAINTY.search(unquoted)
        domain, claim = _outcome_domain(clause)
        if certainty and not negated_before(unquoted, certainty.start()) and (mentions or domain):
            yield Hit(
                "SF602",
                "overclaim",
                f"certainty beyond the evidence: {certainty.group(0)!r} "
                "(no randomised trial or systematic review is recorded)",
                "report what was measured, in whom, and at which level",
            )
            continue
        model_term = lx.ANIMAL_MODEL.search(clause)
        if model_term and not qualified and not negated_before(clause, model_term.start()):
            yield Hit(
                "SF603",
                "overclaim",
                f"an animal-model result ({model_term.group(0)!r}) stated without its species",
                "say in which animal the result was seen",
            )
            continue
        if domain and claim and not qualified and not negated_before(clause, claim.start()):
            strong = bool(lx.STRONG.search(clause))
            needed = Level.HUMAN_RANDOMISED if strong else Level.HUMAN_UNCONTROLLED
            for peptide in subjects:
                level = ctx.best_outcome(peptide, domain)
                if level < needed:
                    kind = "a strong outcome claim" if strong else "an outcome claim"
                    yield Hit(
                        "SF601",
                        "overclaim",
                        f"{kind} ({domain}) about {_label(peptide)}, whose evidence for "
                        f"it is {level.label.lower()}",
                        "say what was studied (species, endpoint) or hedge it as untested",
                    )
                    break
            continue
        if not qualified and not sentence.citations:
            yield from _species_missing(clause, subjects, ctx)
    if not species_in_paragraph:
        yield from _cited_animal_without_species(sentence, ctx)


def _outcome_domain(clause: str) -> tuple[str | None, re.Match[str] | None]:
    for table in (lx.OUTCOME_ADJECTIVES, lx.DOMAIN_PATTERNS):  # specific phrases first
        for domain, pattern in table.items():
            match = pattern.search(clause)
            if match:
                return domain, match
    return None, None


def _species_missing(
    clause: str, subjects: list[str | None], ctx: EvidenceContext
) -> Iterator[Hit]:
    if not lx.PRESENT_GENERAL.search(clause):
        return
    verb = lx.PRESENT_GENERAL.search(clause)
    if verb and negated_before(clause, verb.start()):
        return
    for topic, pattern in lx.MECHANISM_TERMS.items():
        if not pattern.search(clause):
            continue
        for peptide in subjects:
            if peptide is None:
                continue
            level = ctx.topic_level.get((peptide, topic), Level.UNCLASSIFIED)
            if level <= Level.ANIMAL:
                yield Hit(
                    "SF603",
                    "overclaim",
                    f"a {'finding' if level else 'claim'} about {_label(peptide)} stated "
                    f"without its species or system (evidence: {level.label.lower()})",
                    "name the species or system, e.g. 'in rats' or 'in human serum'",
                )
                return


def _cited_animal_without_species(sentence: Sentence, ctx: EvidenceContext) -> Iterator[Hit]:
    levels = [ctx.source_levels.get(key) for key in sentence.citations]
    if not levels or any(level is None or level is not Level.ANIMAL for level in levels):
        return
    if lx.SPECIES.search(sentence.text) or not lx.EFFECT.search(sentence.text):
        return
    species = sorted({ctx.source_species.get(k, "") for k in sentence.citations} - {""})
    yield Hit(
        "SF603",
        "overclaim",
        f"cites animal work ({', '.join(species) or 'species not recorded'}) without "
        "naming the species",
        "say in which animal the result was seen",
    )


def _live(pattern: re.Pattern[str], clause: str) -> re.Match[str] | None:
    """The first match of ``pattern`` that no preceding negation governs."""
    for match in pattern.finditer(clause):
        if not negated_before(clause, match.start()):
            return match
    return None


def out_of_scope(sentence: Sentence) -> Iterator[Hit]:
    for clause in clauses(sentence.text):
        hit = _scope_hit(clause, sentence.question)
        if hit:
            yield hit


# The out-of-scope rules' messages, once: (message, suggestion) by code.
SCOPE_MESSAGES: dict[str, tuple[str, str]] = {
    "SF701": (
        "dosing: an amount or guidance framed for use",
        "SourceFirst never gives doses; report only what a study administered",
    ),
    "SF702": (
        "a use schedule or cycle",
        "remove schedules; report study durations as what the study did",
    ),
    "SF703": (
        "administration instructions",
        "describe how a study gave the peptide, never how a reader should",
    ),
    "SF704": ("reconstitution or storage instructions", "remove preparation instructions"),
    "SF705": (
        "a stacking or combination protocol",
        "report combinations only as studied (species, design)",
    ),
    "SF706": (
        "sourcing: where or how to obtain the product",
        "remove vendors, prices, codes and buying advice",
    ),
    "SF532": (
        "a formulation strength (a product's concentration or unit size)",
        "leave product strengths out, even when a source reports them",
    ),
}


def _scope(code: str, detail: str = "") -> Hit:
    message, suggestion = SCOPE_MESSAGES[code]
    return Hit(code, "out_of_scope", f"{message} ({detail!r})" if detail else message, suggestion)


def _scope_hit(clause: str, question: bool) -> Hit | None:
    """The first out-of-scope rule a clause breaks, most specific first."""
    strength = lx.FORMULATION_STRENGTH.search(clause)
    if strength:  # a product specification is out of scope whoever reports it
        return _scope("SF532", strength.group(0))
    reader = bool(READER_RE.search(clause)) or bool(lx.IMPERATIVE_START.search(clause))
    reporting = bool(lx.STUDY_CONTEXT.search(clause)) and not reader
    amount = lx.AMOUNT.search(clause) or lx.NUMBER_WORD_AMOUNT.search(clause)
    if _live(lx.RECONSTITUTION, clause) and not (reporting and not reader):
        return _scope("SF704")
    if _live(lx.STACKING, clause) and not reporting:
        return _scope("SF705")
    if _live(lx.ADMINISTRATION, clause) and not reporting:
        return _scope("SF703")
    weak = _live(lx.SOURCING_WEAK, clause)
    if _live(lx.SOURCING, clause) or (
        weak and lx.RECOMMENDING.search(clause) and not lx.ATTRIBUTION.search(clause)
    ):
        return _scope("SF706")
    # an amount framed for use is dosing even when negated ("don't go above 1 mg a day")
    personal = bool(READER_RE.search(clause))
    for_use = lx.FOR_USE.search(clause) or lx.DOSING_TERMS.search(clause) or personal
    if ((amount and for_use) or _live(lx.DOSING_TERMS, clause)) and not reporting:
        return _scope("SF701")
    schedule = _live(lx.SCHEDULE, clause)
    if schedule and not reporting and "cell cycle" not in clause.lower():
        return _scope("SF702", schedule.group(0))
    if (
        lx.IMPERATIVE_START.search(clause)
        and not question
        and (amount or PRODUCT_RE.search(clause))
    ):
        return _scope("SF703")
    return None
