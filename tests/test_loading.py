"""Bad content is reported with its file and line, fails the command, and publishes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import column_of, line_of, make_content, run_cli
from sourcefirst.domain.diagnostics import Diagnostic, Severity
from sourcefirst.domain.kb import KnowledgeBase, build_knowledge_base
from sourcefirst.load.reader import read_content


@dataclass(frozen=True)
class Ids:
    """Real ids from the repository content, so the fixtures below stay valid as content grows."""

    peptide: str
    topic: str
    kind: str
    source: str
    category: str


@pytest.fixture(scope="module")
def ids(kb: KnowledgeBase) -> Ids:
    model = next(iter(kb.findings.values()))  # test findings copy a real one's links
    return Ids(
        peptide=model.peptides[0],
        topic=model.topic,
        kind=model.kind.value,
        source=model.sources[0],
        category=sorted(kb.categories)[0],
    )


def finding(
    ids: Ids,
    finding_id: str,
    *,
    sources: str | None = None,
    extra: str = "",
    statement: bool = True,
) -> str:
    """One finding as a YAML list item (indented for a `findings:` file)."""
    lines = [
        f"  - id: {finding_id}",
        f"    peptides: [{ids.peptide}]",
        f"    topic: {ids.topic}",
        f"    kind: {ids.kind}",
    ]
    if statement:
        lines.append("    statement: A statement written only for a test.")
    lines += [
        "    model:",
        "      species: rat",
        "      system: brain tissue",
        "      setting: in_vivo",
        f"    sources: [{sources or ids.source}]",
    ]
    return "\n".join(lines) + "\n" + extra


def findings_file(*items: str) -> str:
    return "findings:\n" + "\n".join(items)


def article(ids: Ids, body: str, front_extra: str = "") -> str:
    return (
        "---\n"
        "title: A test article\n"
        "kind: guide\n"
        f"category: {ids.category}\n"
        "summary: Written only for a test.\n"
        "reviewed: 2026-01-01\n"
        f"{front_extra}"
        "---\n"
        f"{body}"
    )


def load_errors(tmp_path: Path, files: dict[str, str | None]) -> list[Diagnostic]:
    root = make_content(tmp_path, files)
    _kb, diagnostics = build_knowledge_base(read_content(root))
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def only(errors: list[Diagnostic], code: str, file: str) -> Diagnostic:
    """The single error with ``code`` reported in content file ``file``."""
    hits = [d for d in errors if d.code == code and d.file.endswith(file)]
    assert len(hits) == 1, f"expected one {code} in {file}, got:\n" + "\n".join(
        d.format_text() for d in errors
    )
    return hits[0]


def test_repository_content_loads_without_errors(content_dir: Path) -> None:
    _kb, diagnostics = build_knowledge_base(read_content(content_dir))
    errors = [d.format_text() for d in diagnostics if d.severity is Severity.ERROR]
    assert errors == []


# --- YAML syntax -----------------------------------------------------------------------------


def test_unclosed_bracket_is_reported_at_the_bracket(tmp_path: Path, ids: Ids) -> None:
    text = findings_file(
        finding(ids, "zz-a"),
        finding(ids, "zz-b").replace(f"peptides: [{ids.peptide}]", f"peptides: [{ids.peptide}"),
    )
    errors = load_errors(tmp_path, {"findings/zz-test.yaml": text})
    diagnostic = only(errors, "SF002", "findings/zz-test.yaml")
    bracket = line_of(text, f"peptides: [{ids.peptide}", occurrence=2)
    # The line to fix is the one with the unclosed '['; PyYAML only notices on the next line.
    assert diagnostic.line == bracket or f"line {bracket}" in diagnostic.message, (
        diagnostic.format_text()
    )


def test_bad_indentation_is_reported_at_its_line(tmp_path: Path, ids: Ids) -> None:
    text = findings_file(finding(ids, "zz-a").replace("    topic:", "     topic:"))
    errors = load_errors(tmp_path, {"findings/zz-test.yaml": text})
    diagnostic = only(errors, "SF002", "findings/zz-test.yaml")
    assert diagnostic.line == line_of(text, "     topic:")
    assert "malformed YAML" in diagnostic.message


def test_duplicate_key_is_reported_at_the_second_key(tmp_path: Path, ids: Ids) -> None:
    text = findings_file(finding(ids, "zz-a", extra=f"    topic: {ids.topic}\n"))
    errors = load_errors(tmp_path, {"findings/zz-test.yaml": text})
    diagnostic = only(errors, "SF002", "findings/zz-test.yaml")
    assert diagnostic.line == line_of(text, "topic:", occurrence=2)
    assert "duplicate key 'topic'" in diagnostic.message


# --- schema ----------------------------------------------------------------------------------


UNKNOWN_FIELD_STYLES = {
    # a typo'd key, as content is written: its value on the same line, as a folded block
    # (the style the content files use for prose), or a nested mapping
    "same-line": ("    statement: A statement", "    staement: A statement", "staement"),
    "folded-block": (
        "    statement: A statement",
        "    staement: >-\n      A statement",
        "staement",
    ),
    "nested-mapping": ("    model:", "    modle:", "modle"),
}


@pytest.mark.parametrize("style", list(UNKNOWN_FIELD_STYLES))
def test_unknown_field_names_the_field_and_its_line(tmp_path: Path, ids: Ids, style: str) -> None:
    old, new, field = UNKNOWN_FIELD_STYLES[style]
    typo = finding(ids, "zz-b").replace(old, new)
    text = findings_file(finding(ids, "zz-a"), typo)
    errors = load_errors(tmp_path, {"findings/zz-test.yaml": text})
    unknown = [d for d in errors if d.code == "SF101" and f"`{field}`" in d.message]
    assert len(unknown) == 1, errors
    assert "unknown field" in unknown[0].message
    assert unknown[0].file.endswith("findings/zz-test.yaml")
    # The line with the typo, not the line where its value happens to start.
    assert unknown[0].line == line_of(text, f"{field}:"), unknown[0].format_text()


def test_missing_required_field_points_at_the_record(tmp_path: Path, ids: Ids) -> None:
    text = findings_file(finding(ids, "zz-a"), finding(ids, "zz-b", statement=False))
    errors = load_errors(tmp_path, {"findings/zz-test.yaml": text})
    diagnostic = only(errors, "SF101", "findings/zz-test.yaml")
    assert "missing required field `statement`" in diagnostic.message
    assert diagnostic.line == line_of(text, "- id: zz-b")


def test_id_must_match_the_file_name(tmp_path: Path, content_dir: Path) -> None:
    original = sorted((content_dir / "sources").glob("*.yaml"))[0]
    text = original.read_text(encoding="utf-8").replace(
        f"id: {original.stem}", "id: zz-not-the-file-name", 1
    )
    errors = load_errors(tmp_path, {"sources/zz-copy.yaml": text})
    diagnostic = only(errors, "SF003", "sources/zz-copy.yaml")
    assert diagnostic.line == line_of(text, "id: zz-not-the-file-name")
    assert "zz-copy" in diagnostic.message


# --- cross references ------------------------------------------------------------------------


def test_duplicate_id_across_files_names_both_places(tmp_path: Path, ids: Ids) -> None:
    first = findings_file(finding(ids, "zz-shared-id"))
    second = findings_file(finding(ids, "zz-other"), finding(ids, "zz-shared-id"))
    errors = load_errors(
        tmp_path, {"findings/zz-first.yaml": first, "findings/zz-second.yaml": second}
    )
    diagnostic = only(errors, "SF201", "findings/zz-second.yaml")
    assert diagnostic.line == line_of(second, "- id: zz-shared-id")
    assert "'zz-shared-id'" in diagnostic.message
    assert f"findings/zz-first.yaml:{line_of(first, '- id: zz-shared-id')}" in diagnostic.message


def test_finding_citing_unknown_source(tmp_path: Path, ids: Ids) -> None:
    text = findings_file(finding(ids, "zz-a"), finding(ids, "zz-b", sources="nope-1999"))
    errors = load_errors(tmp_path, {"findings/zz-test.yaml": text})
    diagnostic = only(errors, "SF301", "findings/zz-test.yaml")
    assert "'nope-1999'" in diagnostic.message
    assert diagnostic.line == line_of(text, "- id: zz-b")


# --- articles --------------------------------------------------------------------------------


def test_article_citing_unknown_source_exact_position(tmp_path: Path, ids: Ids) -> None:
    body = (
        f"A first paragraph that cites a real source [@{ids.source}].\n"
        "\n"
        "A second paragraph, with an unknown one at the end [@nope-2020].\n"
    )
    text = article(ids, body)
    errors = load_errors(tmp_path, {"articles/zz-test.md": text})
    diagnostic = only(errors, "SF302", "articles/zz-test.md")
    assert "'nope-2020'" in diagnostic.message
    # Lines count the whole file, front matter included.
    assert (diagnostic.line, diagnostic.column) == (
        line_of(text, "[@nope-2020]"),
        column_of(text, "[@nope-2020]"),
    )


def test_malformed_citation(tmp_path: Path, ids: Ids) -> None:
    text = article(ids, "Intro.\n\nThis cites badly [@Bad Key] here.\n")
    errors = load_errors(tmp_path, {"articles/zz-test.md": text})
    diagnostic = only(errors, "SF303", "articles/zz-test.md")
    assert (diagnostic.line, diagnostic.column) == (
        line_of(text, "[@Bad Key]"),
        column_of(text, "[@Bad Key]"),
    )
    assert "Bad Key" in diagnostic.message


def test_citation_wrapped_over_two_lines_is_still_checked(tmp_path: Path, ids: Ids) -> None:
    # Editors wrap prose at a fixed width, so `[@a;\n@b]` happens (it does in the repo content).
    text = article(ids, f"Two sources support this [@{ids.source};\n@nope-2020] here.\n")
    errors = load_errors(tmp_path, {"articles/zz-test.md": text})
    diagnostic = only(errors, "SF302", "articles/zz-test.md")
    assert "'nope-2020'" in diagnostic.message


def test_front_matter_without_closing_line(tmp_path: Path, ids: Ids) -> None:
    text = article(ids, "Body.\n").replace("---\nBody.", "Body.")
    errors = load_errors(tmp_path, {"articles/zz-test.md": text})
    diagnostic = only(errors, "SF005", "articles/zz-test.md")
    assert diagnostic.line == 1
    assert "not closed" in diagnostic.message


def test_front_matter_error_line_counts_the_opening_dashes(tmp_path: Path, ids: Ids) -> None:
    text = article(ids, "Body.\n", front_extra="title: Twice\n")
    errors = load_errors(tmp_path, {"articles/zz-test.md": text})
    diagnostic = only(errors, "SF002", "articles/zz-test.md")
    assert diagnostic.line == line_of(text, "title: Twice")


def test_duplicate_key_in_a_block_is_reported_at_its_line(tmp_path: Path, ids: Ids) -> None:
    block = f"```{{snapshot}}\npeptide: {ids.peptide}\npeptide: {ids.peptide}\n```\n"
    body = "Intro.\n\n" * 5 + block
    text = article(ids, body)
    errors = load_errors(tmp_path, {"articles/zz-test.md": text})
    diagnostic = only(errors, "SF002", "articles/zz-test.md")
    assert "duplicate key 'peptide'" in diagnostic.message
    assert diagnostic.line == line_of(text, f"peptide: {ids.peptide}", occurrence=2)


def test_unknown_block_is_reported_at_its_fence(tmp_path: Path, ids: Ids) -> None:
    body = f"Intro.\n\n```{{nonsense}}\npeptide: {ids.peptide}\n```\n\nMore.\n"
    text = article(ids, body)
    errors = load_errors(tmp_path, {"articles/zz-test.md": text})
    diagnostic = only(errors, "SF305", "articles/zz-test.md")
    assert diagnostic.line == line_of(text, "```{nonsense}")
    assert "{nonsense}" in diagnostic.message


# --- the command line ------------------------------------------------------------------------


def broken_case(ids: Ids, case: str) -> tuple[str, str, int]:
    """(content file, its text, the line the error must be reported at) for one broken case."""
    if case == "duplicate-key":
        text = findings_file(finding(ids, "zz-a", extra=f"    kind: {ids.kind}\n"))
        return "findings/zz-test.yaml", text, line_of(text, "kind:", occurrence=2)
    if case == "unknown-field":
        text = findings_file(finding(ids, "zz-a").replace("statement:", "staement:"))
        return "findings/zz-test.yaml", text, line_of(text, "staement:")
    text = article(ids, "Intro.\n\nCited [@nope-2020].\n")
    return "articles/zz-test.md", text, line_of(text, "[@nope-2020]")


@pytest.mark.parametrize("case", ["duplicate-key", "unknown-field", "unknown-source"])
def test_check_command_reports_file_and_line(tmp_path: Path, ids: Ids, case: str) -> None:
    file, text, line = broken_case(ids, case)
    root = make_content(tmp_path, {file: text})
    result = run_cli("check", "--content", root)
    assert result.returncode == 1
    assert f"{file}:{line}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr


def test_check_command_passes_on_repository_content(content_dir: Path) -> None:
    result = run_cli("check", "--content", content_dir)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_check_command_json_output(tmp_path: Path, ids: Ids) -> None:
    text = article(ids, "Intro.\n\nCited [@nope-2020].\n")
    root = make_content(tmp_path, {"articles/zz-test.md": text})
    result = run_cli("check", "--content", root, "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    hits = [p for p in problems if p["code"] == "SF302"]
    assert len(hits) == 1
    assert hits[0]["file"].endswith("articles/zz-test.md")
    assert hits[0]["line"] == line_of(text, "[@nope-2020]")


def releases_of(out: Path) -> set[str]:
    folder = out / "releases"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def test_failed_build_keeps_the_previous_release(tmp_path: Path, ids: Ids) -> None:
    out = tmp_path / "out"
    good = make_content(tmp_path / "good", {})
    first = run_cli("build", "--content", good, "--out", out)
    assert first.returncode == 0, first.stderr
    current = (out / "current").resolve()
    before = releases_of(out)
    assert (current / "site" / "index.html").is_file()

    text = article(ids, "Intro.\n\nCited [@nope-2020].\n")
    bad = make_content(tmp_path / "bad", {"articles/zz-test.md": text})
    second = run_cli("build", "--content", bad, "--out", out)

    assert second.returncode == 1
    assert f"articles/zz-test.md:{line_of(text, '[@nope-2020]')}" in second.stderr
    assert "Traceback" not in second.stderr
    assert (out / "current").resolve() == current
    assert releases_of(out) == before
    assert (current / "site" / "index.html").is_file()


def test_failed_first_build_publishes_nothing(tmp_path: Path, ids: Ids) -> None:
    out = tmp_path / "out"
    text = findings_file(finding(ids, "zz-a", sources="nope-1999"))
    bad = make_content(tmp_path, {"findings/zz-test.yaml": text})
    result = run_cli("build", "--content", bad, "--out", out)
    assert result.returncode == 1
    assert f"findings/zz-test.yaml:{line_of(text, '- id: zz-a')}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "current").exists()
    assert releases_of(out) == set()
