"""Exports: sources as CSL-JSON, BibTeX and RIS, findings as CSV.

Every bibliographic export carries the verification level of each identifier and the list of
unconfirmed fields in its note, so nothing we have not checked passes for checked downstream.
All outputs are Unicode text (serve and save them as UTF-8); an empty input gives a valid empty
document in each format.

Every value is escaped for its format, whatever the loader has already refused (defence in
depth): BibTeX fields have LaTeX's special characters escaped and identifiers percent-encoded, so
no value can unbalance an entry's braces; every RIS value is one line, so no value can start a
tag line of its own; CSV cells that a spreadsheet would read as a formula are prefixed with an
apostrophe (OWASP's advice on CSV injection); CSL-JSON is written by ``json.dumps``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import rispy  # type: ignore[import-untyped]
from bibtexparser.bibdatabase import (  # type: ignore[import-untyped]
    BibDatabase,
    BibDataString,
)
from bibtexparser.bwriter import BibTexWriter  # type: ignore[import-untyped]

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.release.fhir import fhir_files
from sourcefirst.release.findings_csv import CSV_COLUMNS, findings_csv
from sourcefirst.schema.source import Identifier, Name, Source

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "bibtex",
    "csl_json",
    "findings_csv",
    "library_files",
    "ris",
    "verification_note",
]


# --- shared helpers ---------------------------------------------------------------------------

_ID_LABELS: tuple[tuple[str, str], ...] = (
    ("pmid", "PMID"),
    ("doi", "DOI"),
    ("pmcid", "PMCID"),
    ("url", "URL"),
)

# A simple page range: "54-60", "54–60", "54--60", "e12-e19". Anything else is one locator.
_PAGE_RANGE = re.compile(r"^\s*([^\s\-–—]+)\s*(?:-{1,2}|–|—)\s*([^\s\-–—]+)\s*$")


def _identifiers(source: Source) -> list[tuple[str, Identifier]]:
    """The identifiers the source has, as (label, identifier), in a fixed order."""
    found: list[tuple[str, Identifier]] = []
    for attr, label in _ID_LABELS:
        identifier: Identifier | None = getattr(source.identifiers, attr)
        if identifier is not None:
            found.append((label, identifier))
    return found


def verification_note(source: Source) -> str:
    """E.g. "PMID verification: secondary; DOI verification: publisher; unconfirmed fields: page".

    Empty when the source has no identifiers and no unconfirmed fields.
    """
    parts = [
        f"{label} verification: {ident.verification.value}" for label, ident in _identifiers(source)
    ]
    if source.unverified_fields:
        parts.append("unconfirmed fields: " + ", ".join(source.unverified_fields))
    return "; ".join(parts)


def _one_line(text: str) -> str:
    """Collapse runs of whitespace (including newlines) to single spaces; drop control codes."""
    return "".join(c for c in " ".join(text.split()) if unicodedata.category(c) != "Cc")


def _split_pages(page: str) -> tuple[str, str | None]:
    """ "54-60" → ("54", "60"); "292" → ("292", None); unusual locators stay whole."""
    match = _PAGE_RANGE.match(page)
    if match:
        return match.group(1), match.group(2)
    return page.strip(), None


def _initials(given: str) -> str:
    """ "T Y" → "T. Y.", "Yu" → "Yu.", "Jean-Pierre" → "Jean-Pierre", "A." → "A."."""
    out: list[str] = []
    for token in given.replace(".", ". ").split():
        bare = token.rstrip(".")
        if not bare:
            continue
        # an initial (one letter, or a transliterated digraph such as Yu, Ya, Iu)
        if len(bare) == 1 or (len(bare) == 2 and bare[0].isupper() and bare[1].islower()):
            out.append(f"{bare}.")
        elif bare.isupper() and bare.isalpha() and len(bare) <= 3:
            out.extend(f"{letter}." for letter in bare)  # run-together initials: "TY"
        else:
            out.append(bare)
    return " ".join(out)


def _inverted(name: Name) -> str:
    """ "Family, G. G." for a person, the literal for an organisation."""
    if name.literal:
        return name.literal
    family = name.family or ""
    given = _initials(name.given or "")
    return f"{family}, {given}" if given else family


# --- CSL-JSON ---------------------------------------------------------------------------------

# CSL's "review" is a review *of* another work (book review, film review); a review article is
# an "article-journal" in CSL. Every other type of ours is spelled as CSL spells it.
_CSL_TYPE: dict[str, str] = {"review": "article-journal"}


def _csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    out = {"family": name.family or ""}
    if name.given:
        out["given"] = name.given
    return out


def _csl_item(source: Source) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": source.id,
        "type": _CSL_TYPE.get(source.type, source.type),
        "title": source.title,
    }
    if source.author:
        item["author"] = [_csl_name(n) for n in source.author]
    optional: dict[str, str | None] = {
        "container-title": source.container_title,
        "container-title-short": source.container_title_short,
    }
    item.update({k: v for k, v in optional.items() if v})
    if source.issued:
        parts = [source.issued.year]
        if source.issued.month:
            parts.append(source.issued.month)
            if source.issued.day:
                parts.append(source.issued.day)
        item["issued"] = {"date-parts": [parts]}
    more: dict[str, str | None] = {
        "volume": source.volume,
        "issue": source.issue,
        "page": source.page,
        "language": source.language,
        "publisher": source.publisher,
    }
    item.update({k: v for k, v in more.items() if v})
    for label, ident in _identifiers(source):
        item[label] = ident.value
    note = verification_note(source)
    if note:
        item["note"] = note
    return item


def csl_json(
    sources: Iterable[Source], locators: Mapping[str, list[dict[str, str]]] | None = None
) -> str:
    """A CSL-JSON array (one item per source, in the given order).

    With ``locators`` (source id → the page's uses of it that carry a locator, each
    ``{"label": "page", "locator": "182"}``), each item lists those uses as CSL citation items
    in ``custom.citation-items``: a CSL item has no locator of its own, a citation of it does.
    """
    items = []
    for source in sources:
        item = _csl_item(source)
        uses = (locators or {}).get(source.id)
        if uses:
            item["custom"] = {"citation-items": [{"id": source.id, **use} for use in uses]}
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# --- BibTeX -----------------------------------------------------------------------------------

_BIB_TYPE: dict[str, str] = {
    "article-journal": "article",
    "review": "article",
    "webpage": "misc",
    "report": "techreport",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
}

_BIB_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# LaTeX's special characters. Braces become text commands so a stray brace in the data can
# never unbalance the entry (BibTeX counts braces even after a backslash).
_LATEX_SPECIALS: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIALS))

_BIB_FIELD_ORDER = [
    "author",
    "title",
    "journal",
    "booktitle",
    "howpublished",
    "year",
    "month",
    "volume",
    "number",
    "pages",
    "publisher",
    "institution",
    "doi",
    "pmid",
    "pmcid",
    "url",
    "language",
    "note",
]


def _tex(text: str) -> str:
    """Escape LaTeX's special characters; non-ASCII text (µ, Cyrillic) stays as UTF-8.

    Plain UTF-8 is what biber/biblatex and LaTeX (UTF-8 input by default since 2018) expect;
    BibTeX's legacy accent macros have no form for Cyrillic, so they are not used.
    """
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIALS[m.group(0)], _one_line(text))


# Characters RFC 3986 allows in a URI; anything else in an identifier is percent-encoded.
_URI_SAFE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]", re.ASCII)


def _bib_verbatim(value: str) -> str:
    """An identifier for a verbatim field (doi, url): percent-encode all but URI characters.

    biblatex reads these fields verbatim (``\\`` and ``%`` are not escapes there), so LaTeX
    escaping would corrupt them; what BibTeX itself cannot take (braces, backslash, quotes,
    whitespace, control characters) is never a URI character, so encoding those is enough.
    """
    return "".join(
        c if _URI_SAFE.fullmatch(c) else "".join(f"%{b:02X}" for b in c.encode("utf-8"))
        for c in value
    )


_BIB_AND = re.compile(r"\band\b", re.IGNORECASE)


def _bib_name(name: Name) -> str:
    if name.literal:
        return "{" + _tex(name.literal) + "}"  # braces: an organisation is not split into parts
    text = _tex(_inverted(name))
    # a bare "and" would split one name into two authors
    return "{" + text + "}" if _BIB_AND.search(text) else text


def _bib_entry(source: Source, db: BibDatabase) -> dict[str, Any]:
    kind = _BIB_TYPE[source.type]
    entry: dict[str, Any] = {"ENTRYTYPE": kind, "ID": source.id}
    names = [_bib_name(n) for n in source.author]
    if names and source.et_al:
        names.append("others")
    if names:
        entry["author"] = " and ".join(names)
    entry["title"] = "{" + _tex(source.title) + "}"  # inner braces keep the capitalisation
    if source.container_title:
        container = _tex(source.container_title)
        if kind == "article":
            entry["journal"] = container
        elif kind in ("incollection", "inproceedings"):
            entry["booktitle"] = container
        else:
            entry["howpublished"] = container
    if source.issued:
        entry["year"] = str(source.issued.year)
        if source.issued.month:
            # an unbraced month macro (jan … dec), which every BibTeX style localises
            entry["month"] = BibDataString(db, _BIB_MONTHS[source.issued.month - 1])
    if source.volume:
        entry["volume"] = _tex(source.volume)
    if source.issue:
        entry["number"] = _tex(source.issue)
    if source.page:
        first, last = _split_pages(source.page)
        entry["pages"] = _tex(f"{first}--{last}" if last else first)
    if source.publisher:
        entry["institution" if kind == "techreport" else "publisher"] = _tex(source.publisher)
    ids = source.identifiers
    # doi and url are verbatim fields (not typeset as LaTeX text); pmid and pmcid are text
    if ids.doi:
        entry["doi"] = _bib_verbatim(ids.doi.value)
    if ids.pmid:
        entry["pmid"] = _tex(ids.pmid.value)
    if ids.pmcid:
        entry["pmcid"] = _tex(ids.pmcid.value)
    if ids.url:
        entry["url"] = _bib_verbatim(ids.url.value)
    if source.language:
        entry["language"] = _tex(source.language)
    note = verification_note(source)
    if note:
        entry["note"] = _tex(note)
    return entry


def bibtex(sources: Iterable[Source]) -> str:
    """BibTeX entries keyed by source id, in the given order (UTF-8 text)."""
    db = BibDatabase()
    db.entries = [_bib_entry(s, db) for s in sources]
    writer = BibTexWriter()
    writer.indent = "  "
    writer.order_entries_by = None
    writer.display_order = _BIB_FIELD_ORDER
    text: str = writer.write(db)
    return text


# --- RIS --------------------------------------------------------------------------------------

_RIS_TYPE: dict[str, str] = {
    "article-journal": "JOUR",
    "review": "JOUR",
    "webpage": "ELEC",
    "report": "RPRT",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CONF",
}


class _RisWriter(rispy.RisWriter):  # type: ignore[misc]  # rispy ships no type information
    """rispy's writer without its non-standard "1.", "2." line before each reference."""

    def set_header(self, count: int) -> str:  # noqa: ARG002 - signature fixed by rispy
        return ""


def _ris_record(source: Source) -> dict[str, Any]:
    kind = _RIS_TYPE[source.type]
    record: dict[str, Any] = {"type_of_reference": kind, "id": source.id}
    if source.author:
        record["authors"] = [_one_line(_inverted(n)) for n in source.author]
    record["title"] = _one_line(source.title)
    if source.container_title:
        record["secondary_title"] = _one_line(source.container_title)  # T2: journal / book
        if kind == "JOUR":
            short = source.container_title_short or source.container_title
            record["journal_name"] = _one_line(short)  # JO
    if source.issued:
        record["year"] = str(source.issued.year)
        if source.issued.month:
            # RIS dates are YYYY/MM/DD/other, with unknown parts left empty: "2001/05//"
            day = f"{source.issued.day:02d}" if source.issued.day else ""
            record["date"] = f"{source.issued.year}/{source.issued.month:02d}/{day}/"
    if source.volume:
        record["volume"] = _one_line(source.volume)
    if source.issue:
        record["number"] = _one_line(source.issue)
    if source.page:
        first, last = _split_pages(source.page)
        record["start_page"] = first
        if last:
            record["end_page"] = last
    if source.publisher:
        record["publisher"] = _one_line(source.publisher)
    ids = source.identifiers
    if ids.doi:
        record["doi"] = ids.doi.value
    if ids.pmid:
        record["accession_number"] = ids.pmid.value
    if ids.url:
        record["urls"] = [ids.url.value]
    if source.language:
        record["language"] = source.language
    note = verification_note(source)
    if note:
        record["notes"] = [note]
    return {key: _ris_value(value) for key, value in record.items()}


def _ris_value(value: Any) -> Any:
    """Every RIS value on one line: a newline in a value would start a tag line of its own."""
    if isinstance(value, str):
        return _one_line(value)
    if isinstance(value, list):
        return [_ris_value(v) for v in value]
    return value


def ris(sources: Iterable[Source]) -> str:
    """RIS records (TY … ER), in the given order."""
    text: str = rispy.dumps([_ris_record(s) for s in sources], implementation=_RisWriter)
    return text


# --- registry ---------------------------------------------------------------------------------

EXPORT_FORMATS: dict[str, tuple[str, str, Callable[[Iterable[Source]], str]]] = {
    "csl-json": ("application/vnd.citationstyles.csl+json", "json", csl_json),
    "bibtex": ("application/x-bibtex", "bib", bibtex),
    "ris": ("application/x-research-info-systems", "ris", ris),
}


def library_files(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """The library-wide export files written into every release: (path in the site, text)."""
    sources = [kb.sources[s] for s in sorted(kb.sources)]
    for _media_type, extension, render in EXPORT_FORMATS.values():
        yield f"exports/references.{extension}", render(sources)
    yield "exports/findings.csv", findings_csv(kb)
    yield from fhir_files(kb)
