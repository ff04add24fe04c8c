"""The linter's vocabulary: word lists from lexicon.yaml plus a few structural patterns.

Every pattern is compiled once at import. Word lists are data (reviewed like content); the few
patterns here describe sentence *shape* (an amount with a unit, an imperative opening, a
present-tense generalisation) rather than vocabulary.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import yaml

_DATA: dict[str, Any] = yaml.safe_load(
    resources.files("sourcefirst.lint").joinpath("lexicon.yaml").read_text(encoding="utf-8")
)


def words(*alternatives: str) -> re.Pattern[str]:
    """Alternatives matched as whole words; lookarounds (not \\b) so `$45` or `/kg` match too."""
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _listed(key: str) -> re.Pattern[str]:
    return words(*_DATA[key])


# --- context that changes what a sentence means -------------------------------------------
NEGATION = _listed("negation")
HEDGE = _listed("hedge")
SPECIES = _listed("species")
STUDY_CONTEXT = _listed("study_context")
EFFECT = _listed("effect")
ANIMAL_MODEL = _listed("animal_model")  # vocabulary of animal experiments ("anxiety-like")
QUOTED = re.compile(r"[\"'‘“]([^\"'’”]{1,60})[\"'’”]")

# --- overclaim ------------------------------------------------------------------------------
OUTCOME_VERBS: list[str] = _DATA["outcome_verbs"]
DOMAIN_PATTERNS: dict[str, re.Pattern[str]] = {
    domain: re.compile(
        r"\b(?P<verb>" + "|".join(OUTCOME_VERBS) + r")\b(?:\s+\w+){0,4}?\s+(?:your\s+|the\s+)?"
        r"\b(?P<object>" + "|".join(objects) + r")\b",
        re.IGNORECASE,
    )
    for domain, objects in _DATA["outcome_objects"].items()
}
OUTCOME_ADJECTIVES: dict[str, re.Pattern[str]] = {
    domain: words(*phrases) for domain, phrases in _DATA["outcome_phrases"].items()
}
CERTAINTY = _listed("certainty")
STRONG = _listed("strong")
MECHANISM_TERMS: dict[str, re.Pattern[str]] = {
    topic: words(*terms) for topic, terms in _DATA["mechanism_terms"].items()
}
PRESENT_GENERAL = re.compile(
    r"\b(?:raises|increases|boosts|elevates|upregulates|stimulates|activates|modulates|"
    r"enhances|amplifies|changes|shifts|blocks|inhibits|regulates|triggers|turns on|"
    r"switch(?:es)? on|floods|acts on|binds|slows|reaches|enters|crosses|ramps? up|"
    r"lowers|reduces|calms)\b",
    re.IGNORECASE,
)

# --- out of scope ---------------------------------------------------------------------------
AMOUNT = re.compile(
    # a number or a range; no optional-digit runs, so long digit strings cannot backtrack
    r"\b\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?\s*"
    r"(?:mcg|µg|μg|ug|mg|g|grams?|milligrams?|micrograms?|ml|mL|iu|IU|units?|drops?|sprays?|"
    r"puffs?|pumps?|clicks?|vials?|capsules?|tablets?)\b",
    re.IGNORECASE,
)
IMPERATIVE_START = re.compile(
    r"^\s*(?:then |now |just |simply |first,? )?(?:inject|spray|administer|apply|put|squirt|"
    r"pinch|insert|place|hold|draw|pull|pin|snort|sniff|drop|take|use|dose|start|run|mix|add|"
    r"store|keep|cycle|stack|buy|order|grab|get)\b",
    re.IGNORECASE,
)
FOR_USE = _listed("for_use")
NUMBER_WORD_AMOUNT = _listed("number_word_amount")
DOSING_TERMS = _listed("dosing_terms")
SCHEDULE = _listed("schedule")
ADMINISTRATION = _listed("administration")
RECONSTITUTION = _listed("reconstitution")
STACKING = _listed("stacking")
SOURCING = _listed("sourcing")
FORMULATION_STRENGTH = _listed("formulation_strength")  # caught even when reported
SOURCING_WEAK = _listed("sourcing_weak")  # "vendor", "shop": only when one is recommended
RECOMMENDING = _listed("recommending")
ATTRIBUTION = _listed("attribution")
