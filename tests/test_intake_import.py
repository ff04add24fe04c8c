"""`sourcefirst import`: the five export formats, provenance levels, duplicates, drafts, and bad
input (named file and line, exit 1, nothing written). Fixtures: tests/data/intake/README.md."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from sourcefirst.cli import cli
from sourcefirst.load.reader import read_content

DATA = Path(__file__).resolve().parent / "data" / "intake"
KOST = [DATA / f"kost-2001.{ext}" for ext in ("xml", "nbib", "ris", "bib", "json")]
KEYS = {"id", "title", "container_title", "year", "authors", "language", "identifiers",
        "levels", "publication_types", "design_suggested", "retraction", "duplicate_of",
        "warnings"}  # fmt: skip


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def dry_run(*args: str | Path) -> list[dict[str, Any]]:
    result = run("import", *args, "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


@pytest.fixture
def empty_content(tmp_path: Path) -> Path:
    """A content folder with every required file and folder, and nothing in them."""
    root = tmp_path / "content"
    for folder in ("sources", "peptides", "proteins", "findings"):
        (root / folder).mkdir(parents=True)
    (root / "topics.yaml").write_text("topics: []\n", encoding="utf-8")
    (root / "categories.yaml").write_text("categories: []\n", encoding="utf-8")
    (root / "needs-source.yaml").write_text("claims: []\n", encoding="utf-8")
    return root


def files_in(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text("utf-8") for p in folder.rglob("*.yaml")}


@pytest.mark.parametrize("path", KOST, ids=lambda p: p.suffix)
def test_each_format_reads_the_same_paper(path: Path, empty_content: Path) -> None:
    [item] = dry_run(path, "--content", empty_content)
    assert set(item) >= KEYS
    assert item["identifiers"] == {"pmid": "11443939", "doi": item["identifiers"]["doi"],
                                   "pmcid": None}  # fmt: skip
    assert item["identifiers"]["doi"].lower() == "10.1023/a:1011373002885"
    assert item["year"] == 2001
    assert item["language"] == "ru"
    assert item["authors"][:2] == ["Kost NV", "Sokolov OI"]
    assert item["title"].lower().startswith("semax and selank inhibit")
    assert item["id"] == "kost-2001-bioorgkhim"


def test_five_formats_of_one_paper_make_one_source(empty_content: Path) -> None:
    result = run("import", *KOST, "--content", empty_content, "--seen-date", "2026-12-01")
    assert result.exit_code == 0, result.output
    written = sorted((empty_content / "sources").glob("*.yaml"))
    assert [p.name for p in written] == ["kost-2001-bioorgkhim.yaml"]
    [source] = [item.value for item in read_content(empty_content).sources]
    assert source.identifiers.pmid
    assert source.identifiers.pmid.value == "11443939"
    assert source.identifiers.doi
    assert source.identifiers.doi.value == "10.1023/a:1011373002885"
    # PubMed's own exports justify `registry`; the weaker RIS/BibTeX/CSL copies do not lower it
    assert source.identifiers.pmid.verification.value == "registry"
    assert source.identifiers.pmid.seen_at is not None
    assert str(source.identifiers.pmid.seen_at.url) == "https://pubmed.ncbi.nlm.nih.gov/11443939/"
    assert source.draft
    assert source.language == "ru"
    assert source.identifiers.doi.note
    assert "translation" in source.identifiers.doi.note


def test_format_is_detected_from_content_not_extension(tmp_path: Path, empty_content: Path) -> None:
    disguised = tmp_path / "export.txt"
    shutil.copy(DATA / "kost-2001.ris", disguised)
    [item] = dry_run(disguised, "--content", empty_content)
    assert item["levels"]["pmid"] == "secondary"  # read as RIS, not as MEDLINE


def test_dry_run_writes_nothing(empty_content: Path) -> None:
    dry_run(*KOST, "--content", empty_content)
    assert not list((empty_content / "sources").iterdir())


def test_repo_content_duplicates_are_reported_with_their_id(content_dir: Path) -> None:
    items = dry_run(*KOST, DATA / "duplicate-dolotov.ris", "--content", content_dir)
    assert [i["duplicate_of"] for i in items] == ["kost-2001-bioorgkhim"] * 5 + [
        "dolotov-2006-jneurochem"  # matched by DOI despite its upper case
    ]


def test_levels_follow_provenance(empty_content: Path) -> None:
    [ris] = dry_run(DATA / "kost-2001.ris", "--content", empty_content)
    assert ris["levels"] == {"pmid": "secondary", "doi": "secondary", "pmcid": None}
    [declared] = dry_run(
        DATA / "kost-2001.json", "--content", empty_content, "--origin", "publisher",
        "--seen-at", "https://link.springer.com/article/10.1023/A:1011373002885",
    )  # fmt: skip
    assert declared["levels"]["doi"] == "publisher"
    refused = run("import", DATA / "kost-2001.json", "--content", empty_content,
                  "--origin", "publisher", "--dry-run")  # fmt: skip
    assert refused.exit_code == 1
    assert "--seen-at" in refused.output


def test_retracted_record_and_design_suggestion(empty_content: Path) -> None:
    [item] = dry_run(DATA / "retracted-fixture.xml", "--content", empty_content)
    assert item["retraction"]["status"] == "retracted"
    assert "RetractionIn" in item["retraction"]["notice"]
    assert item["design_suggested"] == "clinical_trial"
    assert item["identifiers"]["pmcid"] == "PMC99999901"
    assert "SourceFirst Test Group" in item["authors"]


def test_russian_record_keeps_its_original_title_and_erratum(empty_content: Path) -> None:
    [item] = dry_run(DATA / "russian-fixture.nbib", "--content", empty_content)
    assert item["language"] == "ru"
    assert item["original_title"] == "Тестовая запись: обзор на русском языке"
    assert not item["title"].startswith("[")
    assert item["retraction"]["status"] == "erratum"
    assert item["design_suggested"] == "narrative_review"
    assert any("translation" in w for w in item["warnings"])


def test_record_without_title_or_year_is_a_warning(empty_content: Path) -> None:
    [item] = dry_run(DATA / "untitled.json", "--content", empty_content)
    assert item["title"] is None
    assert item["year"] is None
    assert any("no title" in w for w in item["warnings"])
    assert any("no year" in w for w in item["warnings"])


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("malformed.ris", "malformed.ris:1:"),
        ("malformed.xml", "malformed.xml:5:"),
        ("malformed.bib", "malformed.bib:3:"),
        ("bomb.xml", "bomb.xml:"),
        ("external-entity.xml", "external-entity.xml:"),
    ],
)
def test_bad_input_names_file_and_place_and_writes_nothing(
    name: str, where: str, empty_content: Path
) -> None:
    result = run("import", DATA / "kost-2001.xml", DATA / name, "--content", empty_content)
    assert result.exit_code == 1
    assert where in result.output
    assert "nothing written" in result.output
    assert "Traceback" not in result.output
    assert not list((empty_content / "sources").iterdir())


def test_entities_are_refused_not_expanded(empty_content: Path) -> None:
    result = run("import", DATA / "bomb.xml", "--content", empty_content)
    assert "refused" in result.output
    assert "aaaaaaaaaa" not in result.output


def test_existing_file_is_never_overwritten_without_update(empty_content: Path) -> None:
    target = empty_content / "sources" / "fixture-2019-jfixturestud.yaml"
    run("import", DATA / "retracted-fixture.xml", "--content", empty_content)
    target.write_text(target.read_text("utf-8").replace("Imported draft", "Edited"), "utf-8")
    before = target.read_text("utf-8")
    again = run("import", DATA / "retracted-fixture.xml", "--content", empty_content)
    assert again.exit_code == 0
    assert "duplicate of existing source" in again.output
    assert target.read_text("utf-8") == before


def test_update_merges_new_identifiers_and_keeps_levels(tmp_path: Path, content_dir: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(content_dir, root)
    path = root / "sources" / "dolotov-2006-jneurochem.yaml"
    original = path.read_text("utf-8")
    doi_level = yaml.safe_load(original)["identifiers"]["doi"]["verification"]
    pmid_line = next(line for line in original.splitlines() if line.startswith("  pmid:"))
    path.write_text(original.replace(pmid_line + "\n", ""), "utf-8")
    without = path.read_text("utf-8")
    plain = run("import", DATA / "duplicate-dolotov.ris", "--content", root)
    assert plain.exit_code == 0
    assert path.read_text("utf-8") == without
    merged = run("import", DATA / "duplicate-dolotov.ris", "--content", root, "--update")
    assert merged.exit_code == 0, merged.output
    text = path.read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["identifiers"]["pmid"]["value"] == "16635254"
    assert data["identifiers"]["pmid"]["verification"] == "secondary"  # what RIS justifies
    # the existing DOI keeps its own level: --update never raises or lowers one
    assert data["identifiers"]["doi"]["verification"] == doi_level
    changed = set(text.splitlines()) ^ set(without.splitlines())
    assert all(line.startswith("  pmid:") for line in changed), changed
    assert not [d for d in read_content(root).diagnostics if d.severity == "error"]


def test_drafts_load_and_are_flagged_for_review(empty_content: Path) -> None:
    from sourcefirst.checks import run_checks

    run("import", DATA / "retracted-fixture.xml", DATA / "russian-fixture.nbib",
        "--content", empty_content)  # fmt: skip
    raw = read_content(empty_content)
    assert len(raw.sources) == 2
    assert not raw.diagnostics
    codes = {d.code for d in run_checks(empty_content)}
    assert "SF907" in codes


def test_update_adds_a_retraction_notice_at_the_end(tmp_path: Path, empty_content: Path) -> None:
    plain = tmp_path / "no-notice.xml"
    text = (DATA / "retracted-fixture.xml").read_text("utf-8")
    start, end = text.index("<CommentsCorrectionsList>"), text.index("</CommentsCorrectionsList>")
    text = text[:start] + text[end + len("</CommentsCorrectionsList>") :]
    plain.write_text(text.replace("<PublicationType>Retracted Publication</PublicationType>", ""))
    run("import", plain, "--content", empty_content)
    path = empty_content / "sources" / "fixture-2019-jfixturestud.yaml"
    before = path.read_text("utf-8")
    assert "retraction:" not in before
    result = run("import", DATA / "retracted-fixture.xml", "--content", empty_content, "--update")
    assert result.exit_code == 0, result.output
    after = path.read_text("utf-8")
    assert after.startswith(before)  # nothing above is touched; the notice is a new last key
    [source] = [item.value for item in read_content(empty_content).sources]
    assert source.retraction is not None
    assert source.retraction.status.value == "retracted"


def test_a_notice_record_is_flagged_as_not_a_study(tmp_path: Path, empty_content: Path) -> None:
    notice = tmp_path / "notice.xml"
    notice.write_text(
        """<?xml version="1.0"?>
<!-- SYNTHETIC notice record for tests; see tests/data/intake/README.md -->
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>99999902</PMID><Article>
<Journal><JournalIssue><PubDate><Year>2021</Year></PubDate></JournalIssue>
<Title>Journal of Fixture Studies</Title></Journal>
<ArticleTitle>Retraction notice for a fixture record.</ArticleTitle>
<Language>eng</Language>
<PublicationTypeList><PublicationType>Retraction of Publication</PublicationType>
</PublicationTypeList></Article>
<CommentsCorrectionsList><CommentsCorrections RefType="RetractionOf">
<RefSource>J Fixture Stud. 2019;1(1):1-9</RefSource><PMID>99999901</PMID>
</CommentsCorrections></CommentsCorrectionsList></MedlineCitation></PubmedArticle>
</PubmedArticleSet>""",
        "utf-8",
    )
    [item] = dry_run(notice, "--content", empty_content)
    assert item["retraction"]["status"] == "retracted"
    assert "retraction notice for J Fixture Stud" in item["retraction"]["notice"]
    assert any("not a study" in w for w in item["warnings"])
