"""What a reader sees must come from where it is shown.

- SF530 a number with a unit in a finding (statement, boundary, quantities) that none of the
  finding's own sources records in its summary ("20 µM" shown under a finding whose
  source reported 15 µM);
- SF531 an internal record id (a source or finding slug such as `kost-2001-bioorgkhim`) in
  text a reader sees: name a source as readers cite it ("Kost et al. 2001").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sourcefirst.domain.diagnostics import Category, Diagnostic, Location
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.prose.citations import CITATION_RE, CitationSyntaxError, parse_keys
from sourcefirst.prose.markdown import Directive
from sourcefirst.prose.plaintext import inline_text
from sourcefirst.schema.finding import Finding, Quantity

_UNIT = (
    r"µM|μM|uM|nM|pM|mM|mg/kg|µg/kg|μg/kg|ug/kg|mcg|µg|μg|mg|%|"
    r"min(?:utes?)?|h(?:ours?)?|days?|weeks?"
)
NUMBER_UNIT = re.compile(
    r"(?<![\w.,])(?P<a>\d+(?:[.,]\d+)?)(?:\s*±\s*(?P<b>\d+(?:[.,]\d+)?))?"
    r"(?:\s*|-)(?P<unit>" + _UNIT + r")(?![\w/])"
)
_UNIT_FORMS = {
    "μM": "µM", "uM": "µM", "μg/kg": "µg/kg", "ug/kg": "µg/kg", "mcg": "µg", "μg": "µg",
    "minute": "min", "minutes": "min", "hour": "h", "hours": "h", "days": "day",
    "weeks": "week",
}  # fmt: skip


def _unit(text: str) -> str:
    return _UNIT_FORMS.get(text, text)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def quantities_in(text: str) -> set[tuple[float, str]]:
    """Every (value, unit) pair in a text; "2.4 ± 1.0 nM" gives both 2.4 and 1.0 nM, and
    µM/uM/μM, "0,5"/"0.5" and "14-day"/"14 days" are the same."""
    found: set[tuple[float, str]] = set()
    for match in NUMBER_UNIT.finditer(text or ""):
        unit = _unit(match.group("unit"))
        found.add((_number(match.group("a")), unit))
        if match.group("b"):
            found.add((_number(match.group("b")), unit))
    return found


def _quantity_pairs(quantity: Quantity) -> set[tuple[float, str]]:
    unit = _unit(quantity.unit.strip())
    if not re.fullmatch(_UNIT, unit):
        return set()  # counts ("of 84 measured", "patients") are not units this rule reads
    pairs = {(quantity.value, unit)}
    if quantity.uncertainty is not None:
        pairs.add((quantity.uncertainty, unit))
    return pairs


def finding_quantities(finding: Finding) -> set[tuple[float, str]]:
    shown = quantities_in(finding.statement) | quantities_in(finding.boundary or "")
    for quantity in finding.quantities:
        shown |= _quantity_pairs(quantity)
    return shown


def _fmt(pair: tuple[float, str]) -> str:
    value, unit = pair
    return f"{value:g}{'' if unit == '%' else ' '}{unit}"


def check_numbers(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for finding in kb.findings.values():
        recorded: set[tuple[float, str]] = set()
        for source_id in finding.sources:
            source = kb.sources.get(source_id)
            if source is not None:
                # the summary is what the source shows; notes may compare it with other
                # sources ("differs from the 20 µM in human serum"), so they do not count
                recorded |= quantities_in(source.summary)
        missing = sorted(finding_quantities(finding) - recorded)
        if missing:
            found.append(
                Diagnostic.at(
                    kb.location("finding", finding.id),
                    "SF530",
                    Category.CONSISTENCY,
                    f"finding {finding.id!r} shows {', '.join(_fmt(p) for p in missing)}, which "
                    "none of its own sources records",
                    "take the number from the cited source's summary, or cite the source it "
                    "comes from",
                )
            )
    return found


# --- internal ids in reader text ------------------------------------------------------------
def display_texts(kb: KnowledgeBase) -> Iterator[tuple[Location, str, str]]:
    """(where, field, text) for every text a reader sees, outside citations and links."""
    for peptide in kb.peptides.values():
        where = kb.location("peptide", peptide.id)
        yield where, "summary", peptide.summary
        if peptide.origin is not None:
            yield where, "origin.modification", peptide.origin.modification
            yield where, "origin.naming_note", peptide.origin.naming_note or ""
        if peptide.composition:
            yield where, "composition", peptide.composition
        if peptide.salt:
            yield where, "salt", peptide.salt
        for note in peptide.sequence.side_chains if peptide.sequence else []:
            yield where, "sequence.side_chains", note
        if peptide.sequence and peptide.sequence.cyclic:
            yield where, "sequence.cyclic", peptide.sequence.cyclic
        if peptide.stated_chemistry:
            yield where, "stated_chemistry.basis", peptide.stated_chemistry.basis
        for row in peptide.regulatory:
            yield where, f"regulatory {row.jurisdiction} detail", row.detail
            yield where, f"regulatory {row.jurisdiction} reason", row.reason or ""
    for source in kb.sources.values():
        where = kb.location("source", source.id)
        yield where, "summary", source.summary
        yield where, "notes", source.notes or ""
        ids = source.identifiers
        for kind, ident in (("pmid", ids.pmid), ("doi", ids.doi), ("pmcid", ids.pmcid)):
            if ident is not None and ident.note:
                yield where, f"identifiers.{kind}.note", ident.note
        if ids.url is not None and ids.url.note:
            yield where, "identifiers.url.note", ids.url.note
    for finding in kb.findings.values():
        where = kb.location("finding", finding.id)
        yield where, "statement", finding.statement
        yield where, "boundary", finding.boundary or ""
        for quantity in finding.quantities:
            yield where, "quantity name", quantity.name
    for topic in kb.topics.values():
        yield kb.location("topic", topic.id), "summary", topic.summary
    for claim in kb.needs_source.values():
        where = kb.location("needs-source", claim.id)
        for name in ("claim", "status", "notes", "seen_in"):
            yield where, name, str(getattr(claim, name, "") or "")
    for protein in kb.proteins.values():
        yield kb.location("protein", protein.id), "description", protein.description
    for search in kb.searches.values():  # the Methods box and PRISMA flow show these
        where = kb.location("search", search.id)
        yield where, "summary", search.summary
        yield where, "not_retrieved_reason", search.not_retrieved_reason or ""
        for run in search.searches:
            yield where, "searches.note", run.note or ""
        for exclusion in [*search.screening_exclusions, *search.exclusions]:
            yield where, "exclusions.reason", exclusion.reason
        for added in search.added_by_hand:
            yield where, "added_by_hand.reason", added.reason
    for article in kb.articles.values():
        yield article.where, "summary", article.meta.summary
        for chunk in article.parsed.chunks:
            if isinstance(chunk, Directive):
                continue
            for token in chunk:
                if token.type == "inline":
                    line = article.body_line + (token.map[0] if token.map else 0)
                    yield Location(article.where.file, line), "body", inline_text(token)


# a run of word characters and hyphens not preceded by a path, @ or dot (a link or citation)
WORD_RUN = re.compile(r"(?<![\w/@.-])([\w-]+)(?![\w-])")


def check_internal_ids(kb: KnowledgeBase) -> list[Diagnostic]:
    slugs = set(kb.sources) | set(kb.findings)
    if not slugs:
        return []
    found: list[Diagnostic] = []
    for where, field, text in display_texts(kb):
        # every maximal word-and-hyphen run, looked up in the set of ids: linear in the text,
        # whatever the number of ids (one alternation of 30,000 ids took minutes)
        for match in WORD_RUN.finditer(text):
            if match.group(1) not in slugs:
                continue
            source = kb.sources.get(match.group(1))
            hint = (
                f"name it as readers cite it, e.g. {reader_name(kb, match.group(1))!r}"
                if source
                else "describe the finding in words"
            )
            found.append(
                Diagnostic.at(
                    where,
                    "SF531",
                    Category.CITATION,
                    f"internal id {match.group(1)!r} in reader text ({field})",
                    hint,
                )
            )
    return found


def note_texts(kb: KnowledgeBase) -> Iterator[tuple[Location, str]]:
    """Source and needs-source notes: the editorial texts that may cite `[@id]`."""
    for source in kb.sources.values():
        if source.notes:
            yield kb.location("source", source.id), source.notes
    for claim in kb.needs_source.values():
        if claim.notes:
            yield kb.location("needs-source", claim.id), claim.notes


def check_note_citations(kb: KnowledgeBase) -> list[Diagnostic]:
    """A `[@id]` in notes links to a source page, so it must name a source (SF301/SF303)."""
    found: list[Diagnostic] = []
    for where, text in note_texts(kb):
        for match in CITATION_RE.finditer(text):
            try:
                keys = parse_keys(match.group(1))
            except CitationSyntaxError as exc:
                found.append(Diagnostic.at(where, "SF303", Category.CITATION, f"in notes: {exc}"))
                continue
            for key in keys:
                if key not in kb.sources:
                    found.append(
                        Diagnostic.at(
                            where,
                            "SF301",
                            Category.CITATION,
                            f"notes cite unknown source {key!r}",
                            "cite an existing source id",
                        )
                    )
    return found


def reader_name(kb: KnowledgeBase, source_id: str) -> str:
    """How a reader cites a source: "Kost et al. 2001", "Lebedeva and Panikratova 2018"."""
    source = kb.sources[source_id]
    names = [n.family or n.literal or "" for n in source.author]
    if not names:
        first = source.title
    elif len(names) == 1 and not source.et_al:
        first = names[0]
    elif len(names) == 2 and not source.et_al:
        first = f"{names[0]} and {names[1]}"
    else:
        first = f"{names[0]} et al."
    return f"{first} {source.year}" if source.year else first
