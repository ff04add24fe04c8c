"""Exports: CSL-JSON, BibTeX, RIS and findings CSV, checked against the real knowledge base."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
import rispy

from sourcefirst.domain.boundaries import derive_boundary
from sourcefirst.domain.evidence import grade_finding
from sourcefirst.domain.kb import KnowledgeBase, load_knowledge_base
from sourcefirst.release.exports import (
    CSV_COLUMNS,
    EXPORT_FORMATS,
    bibtex,
    csl_json,
    findings_csv,
    ris,
)
from sourcefirst.schema.finding import Finding
from sourcefirst.schema.source import Source

CONTENT = Path(__file__).resolve().parent.parent / "content"

HEADER = [
    "id",
    "peptides",
    "topic",
    "kind",
    "statement",
    "quantity",
    "species",
    "system",
    "setting",
    "level",
    "level_label",
    "boundary",
    "boundary_derived",
    "sources",
]

RIS_TYPES = {
    "article-journal": "JOUR",
    "review": "JOUR",
    "webpage": "ELEC",
    "report": "RPRT",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CONF",
}
BIB_TYPES = {
    "article-journal": "article",
    "review": "article",
    "webpage": "misc",
    "report": "techreport",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
}

CYRILLIC_TITLE = "Влияние селанка на экспрессию генов: 10 µM, α-MSH & 50% {ядро}"
CYRILLIC_JOURNAL = "Журнал неврологии и психиатрии им. С.С. Корсакова"


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return load_knowledge_base(CONTENT)[0]


@pytest.fixture(scope="module")
def sources(real_kb: KnowledgeBase) -> list[Source]:
    return list(real_kb.sources.values())


@pytest.fixture(scope="module")
def russian() -> Source:
    """A source whose bibliographic fields are in Cyrillic and carry LaTeX specials."""
    return Source.model_validate(
        {
            "id": "kovalyov-2020-zhnevrol",
            "type": "article-journal",
            "title": CYRILLIC_TITLE,
            "author": [
                {"family": "Ковалёв", "given": "И А"},
                {"literal": "Группа «Селанк»"},
            ],
            "et_al": True,
            "container-title": CYRILLIC_JOURNAL,
            "issued": {"year": 2020, "month": 3},
            "volume": "120",
            "issue": "4",
            "page": "61–68",
            "language": "ru",
            "identifiers": {
                "pmid": {"value": "12345678", "verification": "secondary"},
                "doi": {"value": "10.17116/jnevro_2020", "verification": "publisher"},
            },
            "unverified_fields": ["volume", "page"],
            "study": {"design": "in_vivo", "species": "rat"},
            "summary": "Test source.",
        }
    )


# --- CSL-JSON ---------------------------------------------------------------------------------


def test_csl_json_one_item_per_source(sources: list[Source]) -> None:
    items = json.loads(csl_json(sources))
    assert isinstance(items, list)
    assert [i["id"] for i in items] == [s.id for s in sources]


def test_csl_json_identifiers_and_dates(sources: list[Source]) -> None:
    items = {i["id"]: i for i in json.loads(csl_json(sources))}
    for source in sources:
        item = items[source.id]
        ids = source.identifiers
        assert ("DOI" in item) == (ids.doi is not None), source.id
        assert ("PMID" in item) == (ids.pmid is not None), source.id
        assert ("PMCID" in item) == (ids.pmcid is not None), source.id
        assert ("URL" in item) == (ids.url is not None), source.id
        if ids.doi:
            assert item["DOI"] == ids.doi.value
        if ids.pmid:
            assert item["PMID"] == ids.pmid.value
        if source.issued is None:
            assert "issued" not in item
        else:
            expected = [source.issued.year]
            if source.issued.month:
                expected.append(source.issued.month)
                if source.issued.day:
                    expected.append(source.issued.day)
            assert item["issued"] == {"date-parts": [expected]}
        assert item["title"] == source.title
        assert item["type"] in {"article-journal", "webpage", "report", "book", "chapter",
                                "paper-conference"}  # fmt: skip


def test_csl_json_spells_keys_as_csl_and_omits_empty(sources: list[Source]) -> None:
    allowed = {
        "id", "type", "title", "author", "container-title", "container-title-short", "issued",
        "volume", "issue", "page", "language", "publisher", "DOI", "PMID", "PMCID", "URL", "note",
    }  # fmt: skip
    for item in json.loads(csl_json(sources)):
        assert set(item) <= allowed
        assert all(value not in (None, "", [], {}) for value in item.values())
        for name in item.get("author", []):
            assert set(name) in ({"family", "given"}, {"family"}, {"literal"})


def test_csl_json_note_records_verification(sources: list[Source]) -> None:
    items = {i["id"]: i for i in json.loads(csl_json(sources))}
    for source in sources:
        note = items[source.id].get("note", "")
        if source.identifiers.pmid:
            assert f"PMID verification: {source.identifiers.pmid.verification.value}" in note
        if source.identifiers.doi:
            assert f"DOI verification: {source.identifiers.doi.verification.value}" in note
        if source.unverified_fields:
            assert "unconfirmed fields: " + ", ".join(source.unverified_fields) in note


def test_csl_json_note_format(russian: Source) -> None:
    (item,) = json.loads(csl_json([russian]))
    assert item["note"] == (
        "PMID verification: secondary; DOI verification: publisher; "
        "unconfirmed fields: volume, page"
    )


# --- BibTeX -----------------------------------------------------------------------------------


def _bib_parse(text: str) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = bibtexparser.loads(text).entries
    return entries


def test_bibtex_round_trips(sources: list[Source]) -> None:
    entries = _bib_parse(bibtex(sources))
    assert [e["ID"] for e in entries] == [s.id for s in sources]
    by_id = {e["ID"]: e for e in entries}
    for source in sources:
        entry = by_id[source.id]
        ids = source.identifiers
        assert entry["ENTRYTYPE"] == BIB_TYPES[source.type]
        assert entry.get("doi") == (ids.doi.value if ids.doi else None)
        assert entry.get("pmid") == (ids.pmid.value if ids.pmid else None)
        # special characters come back LaTeX-escaped (\& for &): undo that, nothing else
        assert _unlatex(entry["title"]) == "{" + source.title + "}"
        if source.issued:
            assert entry["year"] == str(source.issued.year)
        if source.page and "-" in source.page:
            assert "--" in entry["pages"]


def _unlatex(value: str) -> str:
    for char in "&%#_$":
        value = value.replace("\\" + char, char)
    return value


def _bib_names(field: str) -> list[str]:
    """Split a BibTeX name list on " and " outside braces, as BibTeX does."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(field):
        char = field[i]
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and field.startswith(" and ", i):
            names.append(field[start:i])
            start = i = i + len(" and ")
            continue
        i += 1
    return [*names, field[start:]]


def test_bibtex_authors(sources: list[Source]) -> None:
    by_id = {e["ID"]: e for e in _bib_parse(bibtex(sources))}
    for source in sources:
        if not source.author:
            continue
        names = _bib_names(by_id[source.id]["author"])
        expected = len(source.author) + (1 if source.et_al else 0)
        assert len(names) == expected, source.id
        assert (names[-1] == "others") == source.et_al
    fda = by_id["fda-compounding-qa"]
    assert fda["author"] == "{U.S. Food and Drug Administration}"
    assert by_id["kost-2001-bioorgkhim"]["author"].startswith("Kost, N. V. and Sokolov, O. I.")


def test_bibtex_month_and_note(sources: list[Source]) -> None:
    by_id = {e["ID"]: e for e in _bib_parse(bibtex(sources))}
    assert by_id["kost-2001-bioorgkhim"]["month"] == "May"  # the `may` macro
    assert "month" not in by_id["vyunova-2018-proteinpeptlett"]
    assert by_id["fda-compounding-qa"]["note"] == (
        "URL verification: unverified; unconfirmed fields: issued"
    )


def test_bibtex_non_ascii_and_specials(russian: Source) -> None:
    text = bibtex([russian])
    (entry,) = _bib_parse(text)
    assert entry["author"] == "Ковалёв, И. А. and {Группа «Селанк»} and others"
    assert entry["journal"] == CYRILLIC_JOURNAL
    assert "µM" in entry["title"]
    assert "Влияние" in entry["title"]
    # LaTeX specials are escaped, braces cannot unbalance the entry
    assert r"\&" in entry["title"]
    assert r"50\%" in entry["title"]
    assert r"\textbraceleft{}ядро\textbraceright{}" in entry["title"]
    assert entry["pages"] == "61--68"
    assert entry["doi"] == "10.17116/jnevro_2020"  # identifiers verbatim, not escaped
    assert entry["month"] == "March"


# --- RIS --------------------------------------------------------------------------------------


def test_ris_round_trips(sources: list[Source]) -> None:
    records = rispy.loads(ris(sources))
    assert len(records) == len(sources)
    for source, record in zip(sources, records, strict=True):
        ids = source.identifiers
        assert record["id"] == source.id
        assert record["type_of_reference"] == RIS_TYPES[source.type]
        assert record.get("doi") == (ids.doi.value if ids.doi else None)
        assert record.get("accession_number") == (ids.pmid.value if ids.pmid else None)
        assert record.get("urls") == ([ids.url.value] if ids.url else None)
        assert record["title"] == source.title
        assert len(record.get("authors", [])) == len(source.author)
        if source.container_title:
            assert record["secondary_title"] == source.container_title
        if source.issued:
            assert record["year"] == str(source.issued.year)


def test_ris_pages_split(sources: list[Source]) -> None:
    records = {r["id"]: r for r in rispy.loads(ris(sources))}
    kost = records["kost-2001-bioorgkhim"]
    assert (kost["start_page"], kost["end_page"]) == ("180", "183")
    dolotov = records["dolotov-2003-doklady"]
    assert dolotov["start_page"] == "292"
    assert "end_page" not in dolotov


def test_ris_non_ascii(russian: Source) -> None:
    (record,) = rispy.loads(ris([russian]))
    assert record["title"] == CYRILLIC_TITLE
    assert record["authors"] == ["Ковалёв, И. А.", "Группа «Селанк»"]
    assert record["secondary_title"] == CYRILLIC_JOURNAL
    assert (record["start_page"], record["end_page"]) == ("61", "68")
    assert record["notes"] == [
        "PMID verification: secondary; DOI verification: publisher; "
        "unconfirmed fields: volume, page"
    ]


def test_ris_values_stay_on_one_line(russian: Source) -> None:
    multiline = russian.model_copy(update={"title": "First line\nsecond line"})
    (record,) = rispy.loads(ris([multiline]))
    assert record["title"] == "First line second line"


def test_csl_json_non_ascii(russian: Source) -> None:
    text = csl_json([russian])
    (item,) = json.loads(text)
    assert item["title"] == CYRILLIC_TITLE
    assert item["container-title"] == CYRILLIC_JOURNAL
    assert item["author"] == [
        {"family": "Ковалёв", "given": "И А"},
        {"literal": "Группа «Селанк»"},
    ]
    assert item["issued"] == {"date-parts": [[2020, 3]]}
    assert "Ковалёв" in text  # written as UTF-8, not \u escapes


# --- findings CSV -----------------------------------------------------------------------------


def _csv_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_findings_csv_rows(real_kb: KnowledgeBase) -> None:
    header, rows = _csv_rows(findings_csv(real_kb))
    assert header == HEADER == list(CSV_COLUMNS)
    assert [r["id"] for r in rows] == sorted(real_kb.findings)
    for row in rows:
        finding = real_kb.findings[row["id"]]
        grade = grade_finding(finding, real_kb.sources)
        assert row["statement"] == finding.statement
        assert row["peptides"].split(";") == finding.peptides
        assert row["sources"].split(";") == finding.sources
        assert row["level"] == grade.level.slug
        assert row["level_label"] == grade.badge  # the label every view shows
        assert row["setting"] == finding.model.setting.value
        if finding.boundary:
            assert (row["boundary"], row["boundary_derived"]) == (finding.boundary, "false")
        else:
            assert row["boundary"] == derive_boundary(finding, grade)
            assert row["boundary_derived"] == "true"
        assert len(row["quantity"].split("; ")) == len(finding.quantities) or not row["quantity"]


def test_findings_csv_peptide_filter(real_kb: KnowledgeBase) -> None:
    for peptide, findings in real_kb.findings_by_peptide.items():
        _, rows = _csv_rows(findings_csv(real_kb, peptide))
        assert [r["id"] for r in rows] == sorted(f.id for f in findings)
    header, rows = _csv_rows(findings_csv(real_kb, "no-such-peptide"))
    assert header == HEADER
    assert rows == []


def test_findings_csv_is_rfc4180(real_kb: KnowledgeBase) -> None:
    text = findings_csv(real_kb)
    assert text.startswith(",".join(HEADER) + "\r\n")
    assert text.endswith("\r\n")


def test_findings_csv_non_ascii(real_kb: KnowledgeBase) -> None:
    _, rows = _csv_rows(findings_csv(real_kb))
    quantities = " ".join(r["quantity"] for r in rows)
    assert "µM" in quantities


def test_findings_csv_awkward_statements(real_kb: KnowledgeBase) -> None:
    base = next(iter(real_kb.findings.values()))
    statement = 'Selank, "so-called"\nanxiolytic; 10 µM, Селанк\r\nlast line'
    tricky = base.model_copy(update={"id": "aaa-tricky", "statement": statement})
    findings: dict[str, Finding] = {**real_kb.findings, tricky.id: tricky}
    kb = dataclasses.replace(real_kb, findings=findings)
    _, rows = _csv_rows(findings_csv(kb))
    assert len(rows) == len(findings)
    assert rows[0]["id"] == "aaa-tricky"
    assert rows[0]["statement"] == statement


# --- empty input and the registry ---------------------------------------------------------------


def test_empty_inputs_give_valid_empty_documents() -> None:
    assert json.loads(csl_json([])) == []
    assert _bib_parse(bibtex([])) == []
    assert rispy.loads(ris([])) == []
    header, rows = _csv_rows(findings_csv(KnowledgeBase()))
    assert header == HEADER
    assert rows == []


def test_generators_are_accepted(sources: list[Source]) -> None:
    assert len(json.loads(csl_json(s for s in sources))) == len(sources)
    assert len(_bib_parse(bibtex(s for s in sources))) == len(sources)
    assert len(rispy.loads(ris(s for s in sources))) == len(sources)


@pytest.mark.parametrize(
    ("name", "media_type", "extension"),
    [
        ("csl-json", "application/vnd.citationstyles.csl+json", "json"),
        ("bibtex", "application/x-bibtex", "bib"),
        ("ris", "application/x-research-info-systems", "ris"),
    ],
)
def test_export_formats(name: str, media_type: str, extension: str, sources: list[Source]) -> None:
    parse: dict[str, Callable[[str], list[Any]]] = {
        "csl-json": json.loads,
        "bibtex": _bib_parse,
        "ris": rispy.loads,
    }
    got_type, got_ext, function = EXPORT_FORMATS[name]
    assert (got_type, got_ext) == (media_type, extension)
    items: Iterable[Source] = sources
    assert len(parse[name](function(items))) == len(sources)
