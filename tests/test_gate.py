"""One gate (issue 9): `build` refuses what `check` or `lint` would reject, in every field;
warnings are collected and `--strict` refuses them; follow-on errors are grouped under their
root; missing required files are named."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO_ROOT, invoke, make_content, run_cli
from sourcefirst.domain.diagnostics import ContentError
from sourcefirst.release.publish import build_site

DOSE = "Take 300 mcg intranasally twice daily."
RECONSTITUTE = "Reconstitute 5 mg with 2 mL of bacteriostatic water."


def seed(text: str, key: str, sentence: str, occurrence: int = 1) -> tuple[str, int]:
    """``text`` with ``sentence`` appended to the value of the ``occurrence``-th ``key:``
    (inline or a folded block), and the line the sentence lands on."""
    lines = text.splitlines()
    pattern = re.compile(rf"^(\s*)(- )?{re.escape(key)}:\s*(.*)$")
    seen = 0
    for index, line in enumerate(lines):
        match = pattern.match(line)
        if not match:
            continue
        seen += 1
        if seen < occurrence:
            continue
        if match.group(3) in {">-", ">"}:
            indent = len(match.group(1)) + len(match.group(2) or "")
            last = index + 1
            while (
                last + 1 < len(lines)
                and lines[last + 1].strip()
                and len(lines[last + 1]) - len(lines[last + 1].lstrip()) > indent
            ):
                last += 1
        else:
            last = index
        lines[last] = lines[last].rstrip() + " " + sentence
        return "\n".join(lines) + "\n", last + 1
    raise AssertionError(f"no {key}: in the text")


def build_status(content: Path, out: Path, *args: str, subprocess: bool = False) -> tuple[int, str]:
    if subprocess:
        ran = run_cli("build", "--content", content, "--out", out, *args)
        returncode, output = ran.returncode, ran.stdout + ran.stderr
    else:
        result = invoke("build", "--content", content, "--out", out, *args)
        returncode, output = result.returncode, result.output  # in the order written
    assert "Traceback" not in output
    assert "internal error" not in output
    return returncode, output


def releases(out: Path) -> list[str]:
    folder = out / "releases"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.fixture
def good_build(tmp_path: Path) -> Path:
    """A build folder holding one release of the bundled content."""
    out = tmp_path / "out"
    build_site(REPO_ROOT / "content", out)
    return out


# --- the gate: out-of-scope text refuses the build, in any field --------------------------------


@pytest.mark.parametrize(
    ("file", "key", "sentence"),
    [
        ("articles/how-semax-works.md", None, DOSE),
        ("peptides/semax.yaml", "summary", RECONSTITUTE),
    ],
)
def test_build_refuses_out_of_scope_text_and_keeps_the_previous_release(
    tmp_path: Path, good_build: Path, file: str, key: str | None, sentence: str
) -> None:
    original = (REPO_ROOT / "content" / file).read_text(encoding="utf-8")
    if key is None:  # the article body: a paragraph of its own at the end
        text = original.rstrip("\n") + "\n\n" + sentence + "\n"
        line = len(text.splitlines())
    else:
        text, line = seed(original, key, sentence)
    content = make_content(tmp_path, {file: text})
    before_current = (good_build / "current").readlink()
    before = releases(good_build)

    status, output = build_status(content, good_build, subprocess=True)

    assert status == 1
    expected = rf"{re.escape(file)}:{line}:\d+: error SF70\d \[out_of_scope\]"
    assert re.search(expected, output), output
    assert "previous build untouched" in output
    assert (good_build / "current").readlink() == before_current
    assert releases(good_build) == before


FIELDS = [  # (file, key, occurrence): every kind of display text the site publishes
    ("peptides/selank.yaml", "detail", 1),  # regulatory details
    ("peptides/semax.yaml", "summary", 1),
    ("findings/selank.yaml", "statement", 1),
    ("findings/selank.yaml", "boundary", 1),
    ("sources/dolotov-2003-doklady.yaml", "summary", 1),
    ("sources/dolotov-2003-doklady.yaml", "notes", 1),
    ("needs-source.yaml", "claim", 1),
    ("needs-source.yaml", "notes", 1),
    ("topics.yaml", "summary", 1),
    ("topics.yaml", "title", 1),
    ("categories.yaml", "summary", 1),
    ("articles/how-semax-works.md", "summary", 1),
    ("articles/how-semax-works.md", "title", 1),
]


@pytest.mark.parametrize(("file", "key", "occurrence"), FIELDS)
def test_out_of_scope_text_in_any_field_refuses_the_build_at_its_line(
    tmp_path: Path, file: str, key: str, occurrence: int
) -> None:
    original = (REPO_ROOT / "content" / file).read_text(encoding="utf-8")
    text, line = seed(original, key, DOSE, occurrence)
    content = make_content(tmp_path, {file: text})
    out = tmp_path / "out"
    with pytest.raises(ContentError) as failure:
        build_site(content, out)
    hits = [(d.file, d.line, d.code) for d in failure.value.diagnostics]
    assert any(f.endswith(file) and ln == line and c.startswith("SF70") for f, ln, c in hits), hits
    assert not (out / "current").exists()


def test_lint_reports_yaml_display_text_with_its_line(tmp_path: Path) -> None:
    file = "sources/dolotov-2003-doklady.yaml"
    text, line = seed((REPO_ROOT / "content" / file).read_text("utf-8"), "notes", RECONSTITUTE)
    content = make_content(tmp_path, {file: text})
    result = invoke("lint", "--content", content, content / file)
    assert result.returncode == 1
    assert f"{file}:{line}:" in result.stderr
    assert "SF704" in result.stderr


def test_needs_source_claims_are_not_held_to_the_overclaim_rules(tmp_path: Path) -> None:
    # the list paraphrases circulating overclaims on purpose; only out-of-scope text is refused
    file = "needs-source.yaml"
    original = (REPO_ROOT / "content" / file).read_text("utf-8")
    text, _line = seed(original, "claim", "Semax is said to cure memory loss in everyone.")
    content = make_content(tmp_path, {file: text})
    result = invoke("lint", "--content", content, content / file)
    assert result.returncode == 0, result.stderr


# --- warnings and --strict ---------------------------------------------------------------------

UNCITED = """\
id: uncited-2020-test
type: article-journal
title: An uncited test record
author:
  - family: Tester
    given: A.
issued: 2020
container-title: Test Journal
identifiers:
  pmid:
    value: "1"
    verification: unverified
summary: A record nothing cites.
"""


def test_bundled_content_passes_the_strict_build(tmp_path: Path) -> None:
    status, output = build_status(
        REPO_ROOT / "content", tmp_path / "out", "--strict", subprocess=True
    )
    assert status == 0, output
    assert "warning" not in output


def test_warnings_are_printed_once_after_the_build_and_strict_refuses_them(
    tmp_path: Path,
) -> None:
    content = make_content(tmp_path, {})
    (content / "sources" / "d.yaml").mkdir()  # a folder named like a file: skipped, warned
    out = tmp_path / "out"

    status, output = build_status(content, out)
    assert status == 0, output
    assert output.count("SF008") == 1
    assert output.index("built ") < output.index("SF008")  # after the build, not mid-way
    assert "1 warning(s)" in output

    strict = tmp_path / "strict"
    status, output = build_status(content, strict, "--strict")
    assert status == 1
    assert "SF008" in output
    assert "--strict" in output
    assert releases(strict) == []
    assert not (strict / "current").exists()


# --- root errors first, the errors they cause grouped under them -------------------------------


def test_a_broken_peptide_file_is_reported_first_with_its_consequences_under_it(
    tmp_path: Path,
) -> None:
    original = (REPO_ROOT / "content" / "peptides/semax.yaml").read_text("utf-8")
    content = make_content(tmp_path, {"peptides/semax.yaml": original + "broken: [\n"})

    text = invoke("check", "--content", content)
    assert text.returncode == 1
    lines = text.stderr.splitlines()
    assert "peptides/semax.yaml" in lines[0]
    assert "SF002" in lines[0]
    follow = re.match(r"\s+(\d+) more error\(s\) follow from this:", lines[1])
    assert follow, lines[:3]

    data = json.loads(invoke("check", "--content", content, "--format", "json").stdout)
    root = data[0]
    assert root["code"] == "SF002"
    assert "caused_by" not in root
    key = f"{root['file']}:{root['line']}:{root['column']} {root['code']}"
    caused = [d for d in data if d.get("caused_by") == key]
    assert len(caused) == int(follow.group(1))
    assert {d["code"] for d in caused} <= {"SF202", "SF301", "SF302"}
    assert all("semax" in d["message"] for d in caused)
    # every diagnostic kept; followers come right after their root
    assert data[1 : 1 + len(caused)] == caused


@pytest.mark.parametrize("name", ["topics.yaml", "categories.yaml", "needs-source.yaml"])
def test_a_missing_required_file_is_named(tmp_path: Path, name: str) -> None:
    content = make_content(tmp_path, {name: None})
    result = invoke("check", "--content", content)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert f"content/{name} is missing" in first
    assert "SF006" in first


def test_a_misplaced_required_file_is_named_with_where_it_belongs(tmp_path: Path) -> None:
    text = (REPO_ROOT / "content" / "topics.yaml").read_text("utf-8")
    content = make_content(tmp_path, {"topics.yaml": None, "articles/topics.yaml": text})
    result = invoke("check", "--content", content)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert "found topics.yaml at content/articles/topics.yaml" in first
    assert "it belongs at content/topics.yaml" in first
    # every "unknown topic" is grouped under it rather than listed before it
    assert "follow from this" in result.stderr.splitlines()[2]


def test_a_missing_required_folder_is_named(tmp_path: Path) -> None:
    content = make_content(tmp_path, {})
    for item in (content / "findings").iterdir():
        item.unlink()
    (content / "findings").rmdir()
    result = invoke("check", "--content", content)
    assert result.returncode == 1
    assert "content/findings/ is missing" in result.stderr.splitlines()[0]


def test_a_misplaced_required_folder_is_named_with_where_it_belongs(tmp_path: Path) -> None:
    content = make_content(tmp_path, {})
    (content / "sources").rename(content / "articles" / "sources")
    result = invoke("check", "--content", content)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert "found sources/ at content/articles/sources; it belongs at content/sources/" in first
    assert "follow from this" in result.stderr


# --- --out ---------------------------------------------------------------------------------------


def test_build_out_pointing_at_a_file_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("keep me", encoding="utf-8")
    status, output = build_status(REPO_ROOT / "content", target)
    assert status == 1
    assert "is not a folder" in output
    assert "FileExistsError" not in output
    assert target.read_text(encoding="utf-8") == "keep me"


def test_the_lint_cache_never_hides_a_new_problem(tmp_path: Path) -> None:
    file = "articles/how-semax-works.md"
    good = (REPO_ROOT / "content" / file).read_text(encoding="utf-8")
    content = make_content(tmp_path, {})
    out = tmp_path / "out"
    build_site(content, out)  # fills the lint cache
    (content / file).write_text(good.rstrip("\n") + "\n\n" + DOSE + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build_site(content, out)
    # the dose sentence is out of scope (SF701); it also states a number with no citation (SF540)
    assert "SF701" in [d.code for d in failure.value.diagnostics]
    (content / file).write_text(good, encoding="utf-8")
    build_site(content, out)  # and a fixed file passes again


def test_an_unchanged_rebuild_keeps_the_release_and_its_warnings(tmp_path: Path) -> None:
    """Nothing changed: no new release, the same warnings, and --strict still refuses them."""
    content = make_content(tmp_path, {})
    (content / "sources" / "d.yaml").mkdir()  # a folder named like a file: skipped, warned
    out = tmp_path / "out"
    status, _output = build_status(content, out)
    assert status == 0
    before = releases(out)

    status, output = build_status(content, out)
    assert status == 0, output
    assert "nothing changed since the last build" in output
    assert output.count("SF008") == 1  # the warning is still reported
    assert releases(out) == before

    status, output = build_status(content, out, "--strict")
    assert status == 1
    assert "SF008" in output
    assert releases(out) == before

    (content / "sources" / "d.yaml").rmdir()  # a change, however small, is a real build
    status, output = build_status(content, out, "--strict")
    assert status == 0, output
    assert "rendered" in output
    assert releases(out) != before
