"""Bad input for evidence depth: each mistake is a check error at the file and line to open."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import column_of, line_of, make_content
from sourcefirst.checks import run_checks
from sourcefirst.domain.codes import RULES
from sourcefirst.domain.diagnostics import Diagnostic, Severity
from sourcefirst.prose.citations import CitationSyntaxError, CitedItem, parse_items

SEEDED = {"SF940", "SF941", "SF942", "SF943", "SF944", "SF945", "SF946"}  # each seeded below


def diagnostics_for(tmp_path: Path, files: dict[str, str | None]) -> list[Diagnostic]:
    return run_checks(make_content(tmp_path, files))


def the_one(diagnostics: list[Diagnostic], code: str) -> Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    text = "\n".join(d.format_text() for d in diagnostics)
    assert len(found) == 1, f"expected one {code}, got:\n{text}"
    assert found[0].severity is Severity.ERROR
    assert found[0].category == RULES[code].category
    return found[0]


def source_with(content: Path, source_id: str, insert: str) -> str:
    """The source file's text with ``insert`` placed right before `summary:`."""
    text = (content / "sources" / f"{source_id}.yaml").read_text(encoding="utf-8")
    return text.replace("\nsummary:", "\n" + insert + "summary:", 1)


def test_unknown_risk_of_bias_value_is_reported_at_its_line(
    tmp_path: Path, content_dir: Path
) -> None:
    text = source_with(
        content_dir,
        "lebedeva-2018-bullexpbiolmed",
        "risk_of_bias:\n  attrition: yes\n  blinding_assessors: maybe\n",
    )
    found = diagnostics_for(tmp_path / "a", {"sources/lebedeva-2018-bullexpbiolmed.yaml": text})
    hit = the_one(found, "SF940")
    assert hit.file.endswith("sources/lebedeva-2018-bullexpbiolmed.yaml")
    assert hit.line == line_of(text, "blinding_assessors: maybe")
    assert "maybe" in hit.message


def test_every_risk_value_including_not_reported_loads(tmp_path: Path, content_dir: Path) -> None:
    text = source_with(
        content_dir,
        "lebedeva-2018-bullexpbiolmed",
        "risk_of_bias:\n  attrition: yes\n  blinding_assessors: no\n"
        "  selective_reporting: unclear\n  funding_conflicts: not reported\n",
    )
    found = diagnostics_for(tmp_path, {"sources/lebedeva-2018-bullexpbiolmed.yaml": text})
    assert not [d for d in found if d.severity is Severity.ERROR]


def test_downgrade_without_a_reason(tmp_path: Path, content_dir: Path) -> None:
    text = (content_dir / "findings" / "semax.yaml").read_text(encoding="utf-8")
    marker = "    sources: [gusev-2018-zhnevrol]\n"
    seeded = text.replace(
        marker, marker + "    certainty:\n      downgrades:\n        - {domain: indirectness}\n"
    )
    found = diagnostics_for(tmp_path, {"findings/semax.yaml": seeded})
    hit = the_one(found, "SF941")
    assert hit.line == line_of(seeded, "- {domain: indirectness}")


def test_safety_record_on_an_animal_study(tmp_path: Path, content_dir: Path) -> None:
    text = source_with(content_dir, "kasian-2017-behavneurol", "safety:\n  status: not_reported\n")
    found = diagnostics_for(tmp_path, {"sources/kasian-2017-behavneurol.yaml": text})
    hit = the_one(found, "SF942")
    assert hit.line in (line_of(text, "safety:"), line_of(text, "safety:") + 1)
    assert "rat" in hit.message


def test_safety_record_on_an_assay_of_human_serum(tmp_path: Path, content_dir: Path) -> None:
    text = source_with(content_dir, "kost-2001-bioorgkhim", "safety:\n  status: not_reported\n")
    the_one(diagnostics_for(tmp_path, {"sources/kost-2001-bioorgkhim.yaml": text}), "SF942")


def test_adverse_events_need_what_was_reported(tmp_path: Path, content_dir: Path) -> None:
    path = content_dir / "sources" / "lebedeva-2018-bullexpbiolmed.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  status: not_recorded", "  status: adverse_events"
    )
    hit = the_one(
        diagnostics_for(tmp_path, {"sources/lebedeva-2018-bullexpbiolmed.yaml": text}), "SF943"
    )
    assert hit.line in (line_of(text, "safety:"), line_of(text, "safety:") + 1)


def article_citing(citation: str) -> str:
    return (
        "---\ntitle: Test page\nkind: guide\ncategory: research-literacy\npeptides: []\n"
        "summary: A test.\nreviewed: 2026-11-21\n---\n"
        f"Intro line.\n\nA sentence that cites {citation} here.\n"
    )


def test_locator_on_a_source_that_does_not_exist(tmp_path: Path, kb_categories: str) -> None:
    body = article_citing("[@nope-2020, p. 3]").replace("research-literacy", kb_categories)
    found = diagnostics_for(tmp_path, {"articles/zz-test.md": body})
    hit = the_one(found, "SF944")
    assert (hit.line, hit.column) == (line_of(body, "[@nope"), column_of(body, "[@nope"))
    assert not [d for d in found if d.code == "SF302"]


def test_locator_with_an_unknown_label_is_malformed(tmp_path: Path, kb_categories: str) -> None:
    body = article_citing("[@kost-2001-bioorgkhim, verse 3]").replace(
        "research-literacy", kb_categories
    )
    hit = the_one(diagnostics_for(tmp_path, {"articles/zz-test.md": body}), "SF303")
    assert "verse" in hit.message


@pytest.fixture(scope="module")
def kb_categories(kb: object) -> str:
    return sorted(kb.categories)[0]  # type: ignore[attr-defined]


def test_alias_joining_two_initials_is_two_people(tmp_path: Path) -> None:
    authors = (
        "authors:\n  - name: {family: Dolotov, given: O V}\n"
        "    aliases:\n      - {family: Dolotov, given: A B}\n"
    )
    hit = the_one(diagnostics_for(tmp_path, {"authors.yaml": authors}), "SF945")
    assert hit.file.endswith("authors.yaml")
    assert hit.line == line_of(authors, "- name:")


def test_alias_joining_two_authors_of_one_paper(tmp_path: Path) -> None:
    # Uchakina O N and Uchakin P N sign uchakina-2008-zhnevrol side by side
    authors = (
        "authors:\n  - name: {family: Uchakina, given: O N}\n"
        "    aliases:\n      - {family: Uchakin, given: O N}\n"
        "  - name: {family: Grivennikov, given: I A}\n"
        "    aliases:\n      - {family: Andreeva, given: L A}\n"
    )
    found = diagnostics_for(tmp_path, {"authors.yaml": authors})
    hit = the_one(found, "SF946")
    assert hit.line == line_of(authors, "Grivennikov")


def test_bundled_aliases_pass(content_dir: Path) -> None:
    codes = {d.code for d in run_checks(content_dir)}
    assert not codes & SEEDED


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("kost-2001-bioorgkhim, p. 182", [CitedItem("kost-2001-bioorgkhim", "page", "182")]),
        ("a, table 2; @b", [CitedItem("a", "table", "2"), CitedItem("b")]),
        ("a; @b, fig. 3", [CitedItem("a"), CitedItem("b", "figure", "3")]),
        ("a, pp. 180-183", [CitedItem("a", "page", "180-183")]),
    ],
)
def test_locators_parse_to_csl_labels(inner: str, expected: list[CitedItem]) -> None:
    assert parse_items(inner) == expected


@pytest.mark.parametrize("inner", ["a, verse 3", "a, p.", "a, table <b>"])
def test_bad_locators_are_refused(inner: str) -> None:
    with pytest.raises(CitationSyntaxError):
        parse_items(inner)


def test_alias_with_another_family_still_cannot_join_two_initials(tmp_path: Path) -> None:
    # a regression: only the first name's family was compared
    authors = (
        "authors:\n  - name: {family: Myasoedov, given: N F}\n    aliases:\n"
        "      - {family: Miasoedov, given: N F}\n      - {family: Miasoedov, given: A A}\n"
    )
    the_one(diagnostics_for(tmp_path, {"authors.yaml": authors}), "SF945")
