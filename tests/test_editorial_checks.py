"""The editorial rules of issue 9 §3, each seeded into a copy of the real content: regulatory
statuses need a source that states them (SF520-SF523), numbers come from their own finding's
sources (SF530), and internal ids never reach a reader (SF531)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import make_content
from sourcefirst.checks import run_checks
from sourcefirst.checks.provenance import quantities_in
from sourcefirst.domain.diagnostics import Diagnostic
from sourcefirst.domain.kb import KnowledgeBase


def codes(diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def load(content_dir: Path, relative: str) -> Any:
    return yaml.safe_load((content_dir / relative).read_text("utf-8"))


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def with_row(content_dir: Path, **row: Any) -> dict[str, str | None]:
    """The Semax profile with its regulatory table replaced by one row."""
    peptide = load(content_dir, "peptides/semax.yaml")
    base = {"jurisdiction": "RU", "detail": "Written for a test.", "confidence": "secondary"}
    peptide["regulatory"] = [{**base, **row}]
    return {"peptides/semax.yaml": dump(peptide)}


# --- SF520: a status needs a source that states it ---------------------------------------------
def test_established_status_without_a_stating_source_is_an_error(
    tmp_path: Path, content_dir: Path
) -> None:
    """What the audit found: 'Prescription medicine' in Russia with `sources: []`."""
    files = with_row(content_dir, status="prescription", sources=[])
    found = codes(run_checks(make_content(tmp_path, files)), "SF520")
    assert len(found) == 1
    assert found[0].file.endswith("peptides/semax.yaml")
    assert "Russia" in found[0].message


def test_a_general_regulator_page_does_not_state_a_peptide_status(
    tmp_path: Path, content_dir: Path
) -> None:
    """The FDA compounding Q&A names neither peptide, so it cannot carry "not approved"."""
    files = with_row(
        content_dir, jurisdiction="US", status="not_approved", sources=["fda-compounding-qa"]
    )
    assert len(codes(run_checks(make_content(tmp_path, files)), "SF520")) == 1


def test_a_source_naming_the_peptide_there_carries_the_status(
    tmp_path: Path, content_dir: Path
) -> None:
    source = load(content_dir, "sources/fda-compounding-qa.yaml")
    source.update(id="zz-register", names_peptides=["semax"], jurisdiction="RU")
    files = with_row(content_dir, status="prescription", sources=["zz-register"])
    files["sources/zz-register.yaml"] = dump(source)
    diagnostics = run_checks(make_content(tmp_path, files))
    assert codes(diagnostics, "SF520") == []


# --- SF521: "as of" is when a cited source was seen --------------------------------------------
def test_as_of_without_a_seen_source_is_an_error(tmp_path: Path, content_dir: Path) -> None:
    """The audit: the review date stood as "as of" although no register was checked."""
    files = with_row(
        content_dir,
        status="not_established",
        reason="Written for a test.",
        needs_source="semax-russia-approval",
        as_of="2026-11-21",
        sources=[],
    )
    found = codes(run_checks(make_content(tmp_path, files)), "SF521")
    assert len(found) == 1
    assert "2026-11-21" in found[0].message


def test_as_of_equal_to_a_seen_date_passes(tmp_path: Path, content_dir: Path) -> None:
    source = load(content_dir, "sources/fda-compounding-qa.yaml")
    source["id"] = "zz-seen"
    source["identifiers"]["url"]["seen_at"] = {"url": "https://example.org/x", "date": "2026-10-01"}
    files = with_row(
        content_dir,
        status="not_established",
        reason="Written for a test.",
        needs_source="semax-russia-approval",
        as_of="2026-10-01",
        sources=["zz-seen"],
    )
    files["sources/zz-seen.yaml"] = dump(source)
    assert codes(run_checks(make_content(tmp_path, files)), "SF521") == []


# --- SF522: a status not established stays on the needs-source list --------------------------
@pytest.mark.parametrize("claim", [None, "selank-russia-approval", "no-such-claim"])
def test_not_established_needs_its_claim(
    tmp_path: Path, content_dir: Path, claim: str | None
) -> None:
    row: dict[str, Any] = {"status": "not_established", "reason": "Written for a test."}
    if claim:
        row["needs_source"] = claim  # a claim about Selank, or none at all, does not count
    files = with_row(content_dir, **row)
    assert len(codes(run_checks(make_content(tmp_path, files)), "SF522")) == 1


def test_not_established_without_a_reason_does_not_load(tmp_path: Path, content_dir: Path) -> None:
    files = with_row(content_dir, status="not_established", needs_source="semax-russia-approval")
    found = codes(run_checks(make_content(tmp_path, files)), "SF101")
    assert found
    assert "reason" in found[0].message


# --- SF523: a regulator's document says where it applies --------------------------------------
def test_regulatory_source_without_jurisdiction_is_an_error(
    tmp_path: Path, content_dir: Path
) -> None:
    source = load(content_dir, "sources/fda-compounding-qa.yaml")
    del source["jurisdiction"]
    files = {"sources/fda-compounding-qa.yaml": dump(source)}
    found = codes(run_checks(make_content(tmp_path, files)), "SF523")
    assert [d.file.rsplit("/", 1)[-1] for d in found] == ["fda-compounding-qa.yaml"]


# --- SF530: numbers under their own source ------------------------------------------------------
def test_a_number_from_another_source_is_an_error(tmp_path: Path, content_dir: Path) -> None:
    """The audit: Kost's 20 µM shown under a Zozulia finding."""
    findings = load(content_dir, "findings/selank.yaml")
    zozulia = next(
        f for f in findings["findings"] if f["sources"] == ["zozulia-2001-bullexpbiolmed"]
    )
    zozulia["statement"] += " Human serum gave about 20 µM."
    files = {"findings/selank.yaml": dump(findings)}
    found = codes(run_checks(make_content(tmp_path, files)), "SF530")
    assert len(found) == 1
    assert zozulia["id"] in found[0].message
    assert "20 µM" in found[0].message


def test_a_quantity_from_another_source_is_an_error(tmp_path: Path, content_dir: Path) -> None:
    findings = load(content_dir, "findings/selank.yaml")
    zozulia = next(
        f for f in findings["findings"] if f["sources"] == ["zozulia-2001-bullexpbiolmed"]
    )
    zozulia["also"] = [{"name": "IC50 in serum", "value": 20, "approximate": True, "unit": "uM"}]
    files = {"findings/selank.yaml": dump(findings)}
    assert len(codes(run_checks(make_content(tmp_path, files)), "SF530")) == 1


@pytest.mark.parametrize(
    ("shown", "recorded"),
    [
        ("about 20 uM", "near 20 µM"),
        ("about 20 μM", "near 20 µM"),
        ("0,5 mM", "0.5 mM"),
        ("a 14-day course", "for 14 days"),
        ("2.4 ± 1.0 nM", "a KD of 2.4 ± 1.0 nM"),
        ("about 0.093%", "about 0.093% of the dose"),
    ],
)
def test_number_forms_are_normalised(shown: str, recorded: str) -> None:
    assert quantities_in(shown) == quantities_in(recorded) != set()


def test_counts_without_units_are_not_read() -> None:
    assert quantities_in("45 of the 84 genes in 24 volunteers") == set()


def test_every_bundled_finding_number_comes_from_its_sources(kb: KnowledgeBase) -> None:
    from sourcefirst.checks.provenance import check_numbers

    assert check_numbers(kb) == []


# --- SF531: no internal ids in reader text -----------------------------------------------------
@pytest.mark.parametrize(
    ("relative", "field"),
    [("sources/kost-2001-bioorgkhim.yaml", "notes"), ("peptides/selank.yaml", "summary")],
)
def test_an_id_in_reader_text_is_an_error(
    tmp_path: Path, content_dir: Path, relative: str, field: str
) -> None:
    record = load(content_dir, relative)
    record[field] = f"{record.get(field) or ''} Compare zozulia-2001-bullexpbiolmed."
    found = codes(run_checks(make_content(tmp_path, {relative: dump(record)})), "SF531")
    assert len(found) == 1
    assert "zozulia-2001-bullexpbiolmed" in found[0].message
    assert "Zozulia et al. 2001" in found[0].suggestion


def test_an_id_in_article_prose_is_an_error_but_a_citation_is_not(
    tmp_path: Path, content_dir: Path
) -> None:
    path = "articles/how-selank-works.md"
    text = (content_dir / path).read_text("utf-8")
    assert "[@kost-2001-bioorgkhim]" in text  # citations are not reader text
    seeded = text + "\nAs kost-2001-bioorgkhim reports, the value is in serum.\n"
    found = codes(run_checks(make_content(tmp_path, {path: seeded})), "SF531")
    assert len(found) == 1
    assert found[0].line == len(seeded.splitlines())


# --- SF540: an article cites every study result it reports -------------------------------------
ATTRIBUTION_ARTICLE = "articles/how-selank-works.md"


@pytest.mark.parametrize(
    "sentence",
    [
        "Neither 15 nor 20 µM is the potency.",  # the sentence the audit's promise failed on
        "Kost and colleagues measured it in serum.",
        "Patients took it for 14 days.",
    ],
)
def test_a_study_result_without_a_citation_is_an_error(
    tmp_path: Path, content_dir: Path, sentence: str
) -> None:
    text = (content_dir / ATTRIBUTION_ARTICLE).read_text("utf-8")
    seeded = text + f"\nAn opening written for a test. {sentence}\n"
    found = codes(run_checks(make_content(tmp_path, {ATTRIBUTION_ARTICLE: seeded})), "SF540")
    assert len(found) == 1
    assert found[0].line == len(seeded.splitlines())


@pytest.mark.parametrize(
    "addition",
    [
        "Neither 15 nor 20 µM [@kost-2001-bioorgkhim] is the potency.",
        "Is 20 µM the potency?",
        "> **Editorial note.** Neither 15 nor 20 µM is the potency, and Kost and colleagues\n"
        "> did not say it was.",
        "A boundary written in our own words, with no study result in it.",
    ],
)
def test_cited_questions_notes_and_explanation_pass(
    tmp_path: Path, content_dir: Path, addition: str
) -> None:
    text = (content_dir / ATTRIBUTION_ARTICLE).read_text("utf-8")
    seeded = text + f"\n{addition}\n"
    assert codes(run_checks(make_content(tmp_path, {ATTRIBUTION_ARTICLE: seeded})), "SF540") == []


def test_editorial_notes_render_as_marked_asides() -> None:
    from sourcefirst.prose.citations import CitationRegistry
    from sourcefirst.prose.markdown import parse_body, render_tokens

    body = "> **Editorial note.** Our explanation.\n\n> A plain quotation.\n"
    parsed = parse_body(body, lambda text, _line: text)
    html = render_tokens(parsed.chunks[0], CitationRegistry())  # type: ignore[arg-type]
    assert html.count('<blockquote class="editorial-note">') == 1
    assert html.count("<blockquote>") == 1
    assert "<strong>Editorial note.</strong>" in html


def test_home_page_states_the_promise_the_checks_keep(client: Any) -> None:
    page = client.get("/").text
    assert "Every statement here links to a numbered source" not in page
    assert "every study result an article reports carries its citation" in page


# --- notes name other sources as readers cite them, and link them -----------------------------
def test_notes_cite_other_sources_as_numbered_links(client: Any, kb: KnowledgeBase) -> None:
    source = kb.sources["kost-2001-bioorgkhim"]
    assert source.notes is not None
    assert "[@zozulia-2001-bullexpbiolmed]" in source.notes
    page = client.get("/sources/kost-2001-bioorgkhim/").text
    assert "Zozulia et al. 2001" in page
    twin = client.get("/sources/kost-2001-bioorgkhim.json").json()
    cited = [r["id"] for r in twin["references"]]
    assert cited[:2] == ["kost-2001-bioorgkhim", "zozulia-2001-bullexpbiolmed"]
    assert 'href="#ref-2"' in twin["notes_html"]


def test_notes_citing_an_unknown_source_are_an_error(tmp_path: Path, content_dir: Path) -> None:
    record = load(content_dir, "sources/kost-2001-bioorgkhim.yaml")
    record["notes"] += " See also [@no-such-source]."
    files = {"sources/kost-2001-bioorgkhim.yaml": dump(record)}
    found = codes(run_checks(make_content(tmp_path, files)), "SF301")
    assert len(found) == 1
    assert "no-such-source" in found[0].message
