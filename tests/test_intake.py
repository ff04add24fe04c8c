"""Bad input that used to escape (issue 9): impossible dates, symbolic links out of the content
folder, special files, invisible characters and byte-order marks."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import REPO_ROOT, column_of, invoke, line_of, make_content
from sourcefirst.checks import run_checks
from sourcefirst.domain.diagnostics import ContentError, Diagnostic
from sourcefirst.release.publish import build_site
from sourcefirst.serve.server import create_app

PEPTIDE = "peptides/semax.yaml"
ARTICLE = "articles/how-semax-works.md"


def original(file: str) -> str:
    return (REPO_ROOT / "content" / file).read_text(encoding="utf-8")


def found(content: Path, code: str) -> list[Diagnostic]:
    return [d for d in run_checks(content) if d.code == code]


# --- impossible dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-02-30", "2026-00-10", "2026-01-01T25:99:00"])
@pytest.mark.parametrize("file", [PEPTIDE, ARTICLE])
def test_an_impossible_date_is_located_not_an_internal_error(
    tmp_path: Path, file: str, value: str
) -> None:
    text = re.sub(r"(?m)^reviewed: .*$", f"reviewed: {value}", original(file), count=1)
    content = make_content(tmp_path, {file: text})
    line, column = line_of(text, f"reviewed: {value}"), column_of(text, value)

    result = invoke("check", "--content", content)
    assert result.returncode == 1
    assert f"{file}:{line}:{column}: error SF010" in result.stderr
    assert "internal error" not in result.stderr

    with pytest.raises(ContentError) as failure:
        build_site(content, tmp_path / "out")
    assert any(d.code == "SF010" and d.line == line for d in failure.value.diagnostics)


def test_an_impossible_date_in_any_field_is_refused(tmp_path: Path) -> None:
    # a date in a field whose schema wants text: PyYAML still builds a date first
    text = original("topics.yaml").replace(
        "title: BDNF and NGF (neurotrophins)", "title: 2026-02-30", 1
    )
    content = make_content(tmp_path, {"topics.yaml": text})
    assert [(d.line, d.column) for d in found(content, "SF010")] == [
        (line_of(text, "title: 2026-02-30"), column_of(text, "2026-02-30"))
    ]


def test_a_value_its_explicit_tag_cannot_hold_is_malformed_yaml_not_a_crash(
    tmp_path: Path,
) -> None:
    text = original("topics.yaml").replace(
        "title: BDNF and NGF (neurotrophins)", "title: !!int 12x", 1
    )
    content = make_content(tmp_path, {"topics.yaml": text})
    assert [(d.line, d.column) for d in found(content, "SF002")] == [
        (line_of(text, "!!int 12x"), column_of(text, "!!int"))
    ]


def test_dev_mode_lists_an_impossible_date_instead_of_failing(
    built_site: Path, tmp_path: Path
) -> None:
    text = re.sub(r"(?m)^reviewed: .*$", "reviewed: 2026-02-30", original(PEPTIDE), count=1)
    content = make_content(tmp_path, {PEPTIDE: text})
    client = TestClient(create_app(built_site, content), raise_server_exceptions=False)
    page = client.get("/peptides/semax/")
    assert page.status_code == 200
    panel = re.search(r"<aside class='dev-diagnostics'.*?</aside>", page.text, re.S)
    assert panel is not None
    assert f"{PEPTIDE}:{line_of(text, 'reviewed: 2026-02-30')}:" in panel.group(0)
    assert "SF010" in panel.group(0)


# --- symbolic links and special files ------------------------------------------------------------


def _replace_with_link(content: Path, file: str, target: Path) -> None:
    (content / file).unlink()
    (content / file).symlink_to(target)


@pytest.mark.parametrize("file", [ARTICLE, PEPTIDE])
def test_a_file_linking_outside_the_content_folder_is_refused(tmp_path: Path, file: str) -> None:
    outside = tmp_path / "outside" / Path(file).name
    outside.parent.mkdir()
    outside.write_text(original(file), encoding="utf-8")  # valid content: refused all the same
    content = make_content(tmp_path, {})
    _replace_with_link(content, file, outside)

    refused = found(content, "SF007")
    assert [d.file for d in refused] == [f"content/{file}"]
    assert str(outside) in refused[0].message
    with pytest.raises(ContentError):
        build_site(content, tmp_path / "out")
    assert not (tmp_path / "out" / "current").exists()


def test_a_link_to_etc_passwd_is_never_read(tmp_path: Path) -> None:
    content = make_content(tmp_path, {})
    (content / "sources" / "passwd.yaml").symlink_to("/etc/passwd")
    diagnostics = run_checks(content)
    assert [d.code for d in diagnostics if d.file.endswith("passwd.yaml")] == ["SF007"]
    assert not any("root:" in d.message for d in diagnostics)


def test_a_folder_linking_outside_the_content_folder_is_refused(tmp_path: Path) -> None:
    content = make_content(tmp_path, {})
    outside = tmp_path / "outside-articles"
    (content / "articles").rename(outside)
    (content / "articles").symlink_to(outside, target_is_directory=True)
    refused = found(content, "SF007")
    assert {d.file for d in refused} == {"content/articles"}


def test_a_link_inside_the_content_folder_is_followed(tmp_path: Path) -> None:
    content = make_content(tmp_path, {})
    drafts = content / "drafts"
    drafts.mkdir()
    (content / ARTICLE).rename(drafts / "how-semax-works.md")
    (content / ARTICLE).symlink_to(Path("..") / "drafts" / "how-semax-works.md")
    out = tmp_path / "out"
    result = build_site(content, out)
    assert (result.release / "site" / "articles" / "how-semax-works" / "index.html").is_file()


def test_the_load_cache_does_not_let_a_link_out_through(tmp_path: Path) -> None:
    content = make_content(tmp_path, {})
    out = tmp_path / "out"
    build_site(content, out)  # fills the load cache with the file's bytes
    outside = tmp_path / "same-bytes.md"
    outside.write_text(original(ARTICLE), encoding="utf-8")
    _replace_with_link(content, ARTICLE, outside)  # identical bytes, now behind a link
    with pytest.raises(ContentError) as failure:
        build_site(content, out)
    assert [d.code for d in failure.value.diagnostics] == ["SF007"]


def test_dangling_links_fifos_and_folders_are_skipped_with_a_warning(tmp_path: Path) -> None:
    content = make_content(tmp_path, {})
    (content / "sources" / "dangling.yaml").symlink_to("no-such-file.yaml")
    os.mkfifo(content / "sources" / "pipe.yaml")
    (content / "articles" / "folder.md").mkdir()
    warnings = found(content, "SF008")
    assert {d.file: d.severity.value for d in warnings} == {
        "content/sources/dangling.yaml": "warning",
        "content/sources/pipe.yaml": "warning",
        "content/articles/folder.md": "warning",
    }
    # a warning, not an error: the build goes ahead (and reading the FIFO would hang it)
    result = build_site(content, tmp_path / "out")
    assert {d.code for d in result.warnings} == {"SF008"}


# --- invisible characters and byte-order marks ---------------------------------------------------

BAD_CHARACTERS = [
    ("\x07", "U+0007"),
    ("\x7f", "U+007F"),
    ("\x85", "U+0085"),
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\ufeff", "U+FEFF"),  # a BOM mid-text is a zero-width character
]


@pytest.mark.parametrize(("char", "named"), BAD_CHARACTERS)
@pytest.mark.parametrize(("file", "needle"), [(PEPTIDE, "synthetic"), (ARTICLE, "Semax")])
def test_invisible_characters_are_refused_at_their_position(
    tmp_path: Path, file: str, needle: str, char: str, named: str
) -> None:
    text = original(file)
    line = line_of(text, needle, 2)
    lines = text.splitlines(keepends=True)
    column = lines[line - 1].index(needle) + 1
    lines[line - 1] = lines[line - 1].replace(needle, char + needle, 1)
    content = make_content(tmp_path, {file: "".join(lines)})
    hits = [d for d in found(content, "SF009") if d.file.endswith(file)]
    assert [(d.line, d.column) for d in hits] == [(line, column)]
    assert named in hits[0].message


@pytest.mark.parametrize("file", [PEPTIDE, ARTICLE, "topics.yaml"])
def test_a_leading_byte_order_mark_is_stripped_alike_in_yaml_and_markdown(
    tmp_path: Path, file: str
) -> None:
    content = make_content(tmp_path, {file: "\ufeff" + original(file)})
    assert run_checks(content) == []
    assert invoke("lint", "--content", content).returncode == 0
