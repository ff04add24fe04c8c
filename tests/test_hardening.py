"""Regressions for the code review's findings: hostile content, concurrent builds, redirects,
headers on errors, JSON twins with queries, and evidence edge cases."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import REPO_ROOT, make_content
from sourcefirst.checks import run_checks
from sourcefirst.domain.diagnostics import ContentError
from sourcefirst.domain.evidence import Level, study_level
from sourcefirst.release.publish import BuildInProgress, build_site
from sourcefirst.schema.source import Design, Study
from sourcefirst.serve.server import CSP, create_app

CLI = REPO_ROOT / ".venv" / "bin" / "sourcefirst"


def codes_for(content: Path, file: str) -> list[tuple[str, int, str]]:
    return [(d.code, d.line, d.message) for d in run_checks(content) if d.file.endswith(file)]


# --- hostile content ---------------------------------------------------------------------------


def test_yaml_alias_bomb_is_refused_at_its_line(tmp_path: Path) -> None:
    lines = ["topics: []", "bomb:", "  a: &a [x, x, x, x, x, x, x, x, x]"]
    previous = "a"
    for name in "bcdefghij":
        lines.append(f"  {name}: &{name} [{', '.join(['*' + previous] * 9)}]")
        previous = name
    content = make_content(tmp_path, {"topics.yaml": "\n".join(lines) + "\n"})
    found = codes_for(content, "topics.yaml")
    assert found
    # reported where the reused list is anchored (its first alias expands that node)
    assert found[0][:2] == ("SF002", 3)
    assert "aliases" in found[0][2]


def test_deep_flow_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    content = make_content(tmp_path, {"categories.yaml": "categories: " + "[" * 5000 + "]" * 5000})
    result = subprocess.run(
        [str(CLI), "check", "--content", str(content)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "categories.yaml:1:1: error SF002" in result.stderr
    assert "Traceback" not in result.stderr


def test_deep_block_nesting_is_reported_at_the_file(tmp_path: Path) -> None:
    depth = 1500  # beyond Python's recursion limit, well under the file-size cap
    text = (
        "topics:\n" + "".join(f"{'  ' * i}k{i}:\n" for i in range(1, depth)) + "  " * depth + "x\n"
    )
    content = make_content(tmp_path, {"topics.yaml": text})
    assert any(code == "SF002" for code, _line, _ in codes_for(content, "topics.yaml"))


def test_article_file_names_must_be_slugs(tmp_path: Path) -> None:
    body = (REPO_ROOT / "content" / "articles" / "editorial-policy.md").read_text()
    content = make_content(tmp_path, {"articles/Bad Name.md": body})
    assert ("SF003", 1) in [(c, line) for c, line, _ in codes_for(content, "Bad Name.md")]


def test_next_steps_must_be_site_paths_or_https(tmp_path: Path) -> None:
    hostile = (
        "---\ntitle: Test\nkind: guide\ncategory: guides\nsummary: A test page.\n"
        "reviewed: 2026-11-21\nnext_steps: [{title: x, href: 'javascript:alert(1)'}]\n---\n"
        "Body.\n"
    )
    content = make_content(tmp_path, {"articles/zz-test.md": hostile})
    found = codes_for(content, "zz-test.md")
    assert any(code == "SF101" and "href" in msg for code, _line, msg in found), found


# --- builds ------------------------------------------------------------------------------------


def test_build_refuses_content_that_check_rejects(tmp_path: Path) -> None:
    semax = (REPO_ROOT / "content" / "peptides" / "semax.yaml").read_text()
    content = make_content(
        tmp_path,
        {"peptides/semax.yaml": semax.replace("one_letter: MEHFPGP", "one_letter: MEHFPGA")},
    )
    with pytest.raises(ContentError) as failure:
        build_site(content, tmp_path / "build")
    assert "SF451" in {d.code for d in failure.value.diagnostics}
    assert not (tmp_path / "build" / "current").exists()


def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    with (out / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(BuildInProgress):
            build_site(REPO_ROOT / "content", out)


def test_a_missing_previous_page_is_rendered_again(tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_site(REPO_ROOT / "content", out)
    (out / "current" / "site" / "peptides" / "semax" / "index.html").unlink()
    result = build_site(REPO_ROOT / "content", out)
    assert result.rendered == 1
    assert (out / "current" / "site" / "peptides" / "semax" / "index.html").is_file()


def test_a_current_folder_that_is_not_a_link_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "build"
    (out / "current").mkdir(parents=True)
    with pytest.raises(ContentError) as failure:
        build_site(REPO_ROOT / "content", out)
    assert "not a link" in failure.value.diagnostics[0].message


# --- server ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("http://testserver//peptides/semax", "/peptides/semax/"),  # never a //host location
        ("/tools/sequence?q=TKPRPGP", "/tools/sequence/?q=TKPRPGP"),
        ("/search?q=semax", "/search/?q=semax"),
        ("/compare?p=semax&p=selank", "/compare/?p=semax&p=selank"),
    ],
)
def test_slash_redirects_stay_on_site_and_keep_the_query(
    client: TestClient, path: str, location: str
) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == location


def test_head_works_on_dynamic_pages(client: TestClient) -> None:
    assert client.head("/search/?q=semax").status_code == 200
    assert client.head("/tools/sequence/?q=BAD1").status_code == 400


def test_server_errors_carry_the_security_headers(built_site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "build"
    release = broken / "releases" / "r"
    shutil.copytree((built_site / "current").resolve(), release)
    (release / "sourcefirst.db").unlink()
    (broken / "current").symlink_to(Path("releases") / "r")
    client = TestClient(create_app(broken), raise_server_exceptions=False)
    response = client.get("/api/peptides")
    assert response.status_code == 500
    assert response.headers["content-security-policy"] == CSP
    assert "Traceback" not in response.text


def test_search_json_twin_keeps_the_filters(client: TestClient) -> None:
    data = client.get("/search.json?q=semax&type=faq").json()
    assert data["results"]
    assert {r["type"] for r in data["results"]} == {"faq"}
    html = client.get("/search/?q=semax&type=faq").text
    assert 'href="/search.json?q=semax&amp;type=faq"' in html


def test_regulatory_statements_do_not_pass_evidence_filters(client: TestClient) -> None:
    regulatory = client.get("/api/findings?kind=regulatory&limit=100").json()["items"]
    assert regulatory, "the bundled content has regulatory statements to filter out"
    data = client.get("/api/findings?level=systematic-review").json()
    assert {item["kind"] for item in data["items"]}.isdisjoint({"regulatory"})
    assert {item["id"] for item in data["items"]}.isdisjoint({item["id"] for item in regulatory})


# --- evidence ----------------------------------------------------------------------------------


def test_a_clinical_trial_without_a_species_is_human_evidence() -> None:
    study = Study(
        design=Design.CLINICAL_TRIAL, population="patients", control="placebo", randomised=True
    )
    assert study_level(study) is Level.HUMAN_RANDOMISED
    rats = Study(design=Design.CLINICAL_TRIAL, species="rat")
    assert study_level(rats) is Level.ANIMAL


def test_heading_ids_never_collide_with_reference_anchors() -> None:
    from sourcefirst.prose.markdown import parse_body

    parsed = parse_body("## Ref 1\n\nText.\n", lambda text, line: (text, line))
    assert parsed.headings[0][1] == "s-ref-1"
