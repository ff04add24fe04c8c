"""What a reader's query needs before results: synonyms, spelling, and the site's policy.

Three helpers the search stage uses, each small and testable on its own:
- `synonym_groups` expands a query word into the reviewed synonym group it belongs to
  (search/synonyms.yaml);
- `Speller` proposes a correction for words that match nothing ("semx" → "semax"), from the
  words of the index's own titles, so it only ever suggests words the site holds;
- `policy_notice` recognises questions the site will not answer (dosing, reconstitution,
  administration, buying) so the page can explain the policy first, then show what it holds.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """word → every member of its group (itself included), from search/synonyms.yaml."""
    text = resources.files("sourcefirst.search").joinpath("synonyms.yaml").read_text("utf-8")
    groups: dict[str, tuple[str, ...]] = {}
    for group in yaml.safe_load(text)["groups"]:
        members = tuple(str(m).lower() for m in group)
        for member in members:
            groups[member] = members
    return groups


def phrases_in(query: str) -> list[str]:
    """Multi-word synonym members written out in the query ("brain-derived neurotrophic
    factor"), so the query can also match their short forms."""
    lowered = " " + " ".join(WORD_RE.findall(query.lower())) + " "
    return [m for m in synonym_groups() if (" " in m or "-" in m) and f" {m} " in lowered]


@dataclass(frozen=True, slots=True)
class Correction:
    original: str
    corrected: str


class Speller:
    """Suggests close words from the index's titles for words that match no document."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        words: set[str] = set()
        for (title,) in conn.execute(
            "SELECT title FROM search_docs WHERE type IN ('peptide', 'page')"
        ):
            words.update(w.lower() for w in WORD_RE.findall(title) if len(w) >= 4)
        self.words = sorted(words)

    def correct(self, word: str) -> str | None:
        if len(word) < 4 or word in self.words:
            return None
        close = difflib.get_close_matches(word, self.words, n=1, cutoff=0.75)
        return close[0] if close else None


@lru_cache(maxsize=8)
def _speller_for(database: str) -> Speller:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return Speller(conn)
    finally:
        conn.close()


def speller(conn: sqlite3.Connection) -> Speller:
    """The speller for the database behind ``conn`` (built once per database file)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    path = row[2] if row else ""
    return _speller_for(path) if path else Speller(conn)


# Questions the site never answers, in the words readers use; the notice explains why and
# points to the policy. Order matters: the first match names the notice.
POLICY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "reconstitution",
        re.compile(r"\breconstitut\w*|\bbacteriostatic\b|\bmix(?:ing)? (?:it|with water)\b", re.I),
    ),
    (
        "sourcing",
        re.compile(
            r"\b(?:buy|buying|purchase|order|vendors?|suppliers?|where to get|for sale|price)\b",
            re.I,
        ),
    ),
    (
        "dosing",
        re.compile(
            r"\b(?:dose|doses|dosage|dosing|how much|how many (?:mg|mcg)|mg|mcg|micrograms?|"
            r"protocol|cycle|cycling|stack(?:ing)?|how often|how long should)\b",
            re.I,
        ),
    ),
    (
        "administration",
        re.compile(r"\b(?:inject\w*|how to (?:take|use)|should i take|subq|subcutaneous)\b", re.I),
    ),
)

POLICY_MESSAGES = {
    "dosing": "SourceFirst never gives doses, schedules, cycles or stacks for any peptide: "
    "studies' regimens are not advice, and we do not restate them as instructions.",
    "reconstitution": "SourceFirst never explains how to reconstitute, mix or prepare a peptide.",
    "sourcing": "SourceFirst never says where to buy a peptide and names no vendors.",
    "administration": "SourceFirst never gives instructions on how to take or inject a peptide.",
}


@dataclass(frozen=True, slots=True)
class PolicyNotice:
    kind: str  # dosing | reconstitution | sourcing | administration
    message: str
    href: str = "/articles/editorial-policy/"


def policy_notice(query: str) -> PolicyNotice | None:
    """The notice to show first when ``query`` asks for something the site never answers."""
    for kind, pattern in POLICY_PATTERNS:
        if pattern.search(query):
            return PolicyNotice(kind, POLICY_MESSAGES[kind])
    return None


def policy_words(query: str) -> set[str]:
    """The words of ``query`` that belong to an off-policy request (dropped before searching,
    so "where to buy selank" searches for what the site holds about Selank)."""
    found: set[str] = set()
    for _kind, pattern in POLICY_PATTERNS:
        for match in pattern.finditer(query):
            found.update(w.lower() for w in WORD_RE.findall(match.group(0)))
    return found
