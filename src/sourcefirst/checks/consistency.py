"""Prose against data: quantities must match the findings they cite, and regulatory wording
must match the regulatory records."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sourcefirst.domain.diagnostics import Category, Diagnostic, Location
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.lint.evidence_context import evidence_context
from sourcefirst.lint.lexicon import NEGATION
from sourcefirst.lint.rules import clauses
from sourcefirst.prose.sentences import Sentence, split_sentences
from sourcefirst.schema.finding import Quantity

UNIT_ALIASES = {"µm": "µM", "μm": "µM", "um": "µM", "nm": "nM", "mm": "mM", "pm": "pM", "%": "%"}
NUMBER_UNIT_RE = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:±\s*\d+(?:\.\d+)?\s*)?(µM|μM|uM|nM|mM|pM|%)(?!\w)"
)
COUNT_RE = re.compile(r"(?<![\w.])(\d+)\s+(?:of\s+(\d+)\b|([a-z]+))", re.IGNORECASE)
APPROVAL = {
    "US": re.compile(r"\bFDA[- ]approved\b|\bapproved by the (?:US )?FDA\b|\bFDA approval\b"),
    "EU": re.compile(
        r"\bEMA[- ]approved\b|\bapproved by the EMA\b|\bEMA (?:approval|authori[sz]ation)\b"
    ),
}


def _unit(text: str) -> str:
    return UNIT_ALIASES.get(text.lower(), text)


def _matches(value: float, quantity: Quantity) -> bool:
    tolerance = max(abs(quantity.value) * 0.01, 1e-9)
    return abs(value - quantity.value) <= tolerance


def _quantity_problems(sentence: Sentence, quantities: list[Quantity]) -> Iterator[str]:
    for match in NUMBER_UNIT_RE.finditer(sentence.text):
        value, unit = float(match.group(1)), _unit(match.group(2))
        same_unit = [q for q in quantities if _unit(q.unit.split()[0]) == unit]
        if same_unit and not any(_matches(value, q) for q in same_unit):
            stated = ", ".join(q.display for q in same_unit)
            yield f"prose says {match.group(0)!r} but the cited finding records {stated}"
    measured = [m.span() for m in NUMBER_UNIT_RE.finditer(sentence.text)]
    for match in COUNT_RE.finditer(sentence.text):
        if any(lo <= match.start() < hi for lo, hi in measured):
            continue  # part of a value with a unit, e.g. the "1" of "2.4 ± 1 nM"
        value = float(match.group(1))
        if match.group(2):
            of = f"of {match.group(2)}"
            related = [q for q in quantities if q.unit.lower().startswith(of)]
        else:
            word = match.group(3).lower()
            related = [q for q in quantities if q.unit.lower().split()[0] == word]
        if related and not any(_matches(value, q) for q in related):
            yield (
                f"prose says {match.group(0)!r} but the cited finding records "
                f"{', '.join(q.display for q in related)}"
            )


def _sentences(kb: KnowledgeBase) -> Iterator[tuple[str, Sentence, tuple[str, ...]]]:
    for article in kb.articles.values():
        for sentence in split_sentences(article.body, article.body_line):
            yield article.where.file, sentence, tuple(article.meta.peptides)


def check_prose_consistency(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    names = evidence_context(kb)  # peptide names by word lookup: cost independent of catalogue
    for file, sentence, context in _sentences(kb):
        where = Location(file, sentence.line, sentence.column)
        quantities = [
            q
            for key in sentence.citations
            for f in kb.findings_by_source.get(key, [])
            for q in f.quantities
        ]
        for problem in _quantity_problems(sentence, quantities):
            found.append(
                Diagnostic.at(
                    where,
                    "SF501",
                    Category.CONSISTENCY,
                    problem,
                    "state the value the finding records, or fix the finding",
                )
            )
        for clause in clauses(sentence.text):
            if NEGATION.search(clause) or sentence.question:
                continue
            mentioned = names.peptides_in(clause) or list(context)
            for jurisdiction, pattern in APPROVAL.items():
                if not pattern.search(clause):
                    continue
                for peptide_id in mentioned:
                    statuses = {
                        r.status
                        for r in kb.peptides[peptide_id].regulatory
                        if r.jurisdiction == jurisdiction
                    }
                    if "approved" not in statuses:
                        found.append(
                            Diagnostic.at(
                                where,
                                "SF502",
                                Category.CONSISTENCY,
                                f"prose calls {kb.peptides[peptide_id].name} approved in "
                                f"{jurisdiction}, but its regulatory record says "
                                f"{', '.join(sorted(statuses)) or 'nothing'}",
                                "match the regulatory table on the peptide's profile",
                            )
                        )
    for finding in kb.findings.values():
        if not finding.quantities:
            continue
        stated = Sentence(finding.statement, 0, 0, (), False)
        for problem in _quantity_problems(stated, finding.quantities):
            found.append(
                Diagnostic.at(
                    kb.location("finding", finding.id),
                    "SF501",
                    Category.CONSISTENCY,
                    f"statement: {problem}",
                    "make the statement and the quantity agree",
                )
            )
    return found
