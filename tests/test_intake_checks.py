"""Checks SF902–SF914, the identifier audit, the retraction data import and how retraction
status, Methods and the PRISMA flow reach the pages and the API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from starlette.testclient import TestClient

from conftest import make_content
from sourcefirst.checks import run_checks
from sourcefirst.cli import cli
from sourcefirst.domain.diagnostics import Diagnostic, Severity
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.intake.audit import run_audit
from sourcefirst.release.publish import build_site
from sourcefirst.serve.server import create_app

DATA = Path(__file__).resolve().parent / "data" / "intake"
SEARCH = "searches/semax-evidence-review.yaml"


def codes(diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def edited(content_dir: Path, relative: str, old: str, new: str) -> str:
    text = (content_dir / relative).read_text("utf-8")
    assert old in text, f"{old!r} not in {relative}"
    return text.replace(old, new, 1)


def test_bundled_content_passes_the_intake_checks(content_dir: Path) -> None:
    found = run_checks(content_dir)
    errors = [d for d in found if d.severity is Severity.ERROR and d.code.startswith("SF9")]
    assert not errors, [d.format_text() for d in errors]
    assert not codes(found, "SF914")  # both evidence reviews have a search file


def test_counts_that_do_not_add_up(tmp_path: Path, content_dir: Path) -> None:
    text = edited(content_dir, SEARCH, "screened: 18", "screened: 17")
    found = codes(run_checks(make_content(tmp_path, {SEARCH: text})), "SF910")
    assert found
    assert "screened is 17" in found[0].message


def test_unknown_included_source(tmp_path: Path, content_dir: Path) -> None:
    text = edited(content_dir, SEARCH, "  - shevchenko-2006-rjbc", "  - no-such-source-2001")
    found = run_checks(make_content(tmp_path, {SEARCH: text}))
    assert any("no-such-source-2001" in d.message for d in codes(found, "SF911"))


def test_cited_source_neither_included_nor_added_by_hand(tmp_path: Path, content_dir: Path) -> None:
    text = edited(content_dir, SEARCH, "  - shevchenko-2006-rjbc\n", "")
    text = text.replace("assessed: 10", "assessed: 9").replace(
        "excluded_at_screening: 5", "excluded_at_screening: 5"
    )
    text = text.replace("not_retrieved: 3", "not_retrieved: 4")
    found = run_checks(make_content(tmp_path, {SEARCH: text}))
    assert any("shevchenko-2006-rjbc" in d.message for d in codes(found, "SF912"))
    assert not codes(found, "SF910")


def test_search_for_a_non_review(tmp_path: Path, content_dir: Path) -> None:
    text = edited(content_dir, SEARCH, "review: semax-evidence-review", "review: cognitive-faq")
    found = run_checks(make_content(tmp_path, {SEARCH: text}))
    assert codes(found, "SF913")
    assert codes(found, "SF914")  # and the Semax review now has no search file


def test_missing_seen_at_is_a_warning(tmp_path: Path, content_dir: Path) -> None:
    path = "sources/kost-2001-bioorgkhim.yaml"
    text = (content_dir / path).read_text("utf-8")
    text = re.sub(r', seen_at: \{url: "[^"]+", date: [0-9-]+\}', "", text)
    found = codes(run_checks(make_content(tmp_path, {path: text})), "SF905")
    kost = [d for d in found if "kost-2001" in d.message]
    assert len(kost) == 2
    assert all(d.severity is Severity.WARNING for d in kost)


def test_registry_identifiers_say_where_they_were_seen(kb: KnowledgeBase) -> None:
    for source in kb.sources.values():
        for kind in ("pmid", "doi", "pmcid"):
            ident = getattr(source.identifiers, kind)
            if ident is None or ident.verification.value not in ("registry", "publisher"):
                continue
            # a confirmed level names the page it was confirmed on; registry means PubMed/PMC
            assert ident.seen_at is not None, (source.id, kind)
            assert ident.seen_at.url, (source.id, kind)
            if ident.verification.value == "registry":
                assert ident.seen_at.url.startswith(
                    (
                        "https://pubmed.ncbi.nlm.nih.gov/",
                        "https://www.pubmed.gov/",
                        "https://pmc.ncbi.nlm.nih.gov/",
                        "https://www.ncbi.nlm.nih.gov/pmc/",
                        "https://www.ncbi.nlm.nih.gov/pubmed/",
                    )
                ), (source.id, kind, ident.seen_at.url)


def test_shared_pmcid_and_disagreeing_pairs(tmp_path: Path, content_dir: Path) -> None:
    path = "sources/kasian-2017-behavneurol.yaml"
    text = edited(content_dir, path, '"PMC5322660"', '"PMC3987924"')
    text = text.replace('"10.1155/2017/5091027"', '"10.1186/1471-2164-15-228"')
    found = run_checks(make_content(tmp_path, {path: text}))
    assert codes(found, "SF902")
    assert codes(found, "SF903")


def retracted_tree(tmp_path: Path, acknowledge: bool) -> Path:
    """Repo content where the snapshot marks kost-2001-bioorgkhim as retracted (synthetic)."""
    snapshot = {
        "as_of": "2026-12-01",
        "dataset": "Retraction Watch data (test)",
        "rows": 1,
        "checked": ["kost-2001-bioorgkhim", "kasian-2017-behavneurol"],
        "matches": [
            {
                "source": "kost-2001-bioorgkhim",
                "status": "retracted",
                "date": "2026-01-02",
                "notice": "Retraction notice (synthetic, for tests)",
            }
        ],
    }
    files: dict[str, str | None] = {"retractions.yaml": yaml.safe_dump(snapshot)}
    root = make_content(tmp_path, files)
    if acknowledge:
        path = root / "findings" / "semax.yaml"
        data = yaml.safe_load(path.read_text("utf-8"))
        for finding in data["findings"]:
            if "kost-2001-bioorgkhim" in finding["sources"]:
                finding["retracted_sources"] = [
                    {"source": "kost-2001-bioorgkhim", "meaning": "test: the value is withdrawn"}
                ]
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        path = root / "findings" / "selank.yaml"
        data = yaml.safe_load(path.read_text("utf-8"))
        for finding in data["findings"]:
            if "kost-2001-bioorgkhim" in finding["sources"]:
                finding["retracted_sources"] = [
                    {"source": "kost-2001-bioorgkhim", "meaning": "test: the value is withdrawn"}
                ]
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return root


def test_finding_on_a_retracted_source_is_an_error_unless_recorded(tmp_path: Path) -> None:
    found = codes(run_checks(retracted_tree(tmp_path / "a", acknowledge=False)), "SF906")
    assert found
    assert all(d.severity is Severity.ERROR for d in found)
    assert "retracted (2026-01-02" in found[0].message
    assert not codes(run_checks(retracted_tree(tmp_path / "b", acknowledge=True)), "SF906")


def test_retraction_status_on_pages_and_api(tmp_path: Path) -> None:
    root = retracted_tree(tmp_path, acknowledge=True)
    out = tmp_path / "build"
    build_site(root, out)
    with TestClient(create_app(out)) as client:
        page = client.get("/sources/kost-2001-bioorgkhim/").text
        assert "retracted (2026-01-02, Retraction notice (synthetic, for tests))" in page
        api = client.get("/api/sources/kost-2001-bioorgkhim").json()
        assert api["retraction"]["state"] == "retracted"
        other = client.get("/api/sources/kasian-2017-behavneurol").json()["retraction"]
        assert other["label"] == "not in the retraction data as of 2026-12-01"
        unchecked = client.get("/sources/uchakina-2008-zhnevrol.json").json()["retraction"]
        assert unchecked["state"] == "not-checked"


def test_bundled_sources_say_not_checked(client: TestClient) -> None:
    page = client.get("/sources/gusev-2018-zhnevrol/").text
    assert "Retraction status" in page
    assert "not checked" in page
    assert "clean" not in page.lower()
    listed = client.get("/api/sources?limit=100").json()["items"]
    assert {item["retraction"]["state"] for item in listed} == {"not-checked"}


def test_retractions_import_flags_matching_sources(tmp_path: Path) -> None:
    runner = CliRunner()
    root = tmp_path / "content"
    (root / "sources").mkdir(parents=True)
    assert runner.invoke(cli, ["import", str(DATA / "retracted-fixture.xml"),
                               "--content", str(root)]).exit_code == 0  # fmt: skip
    result = runner.invoke(
        cli,
        [
            "retractions",
            "import",
            str(DATA / "retraction-watch.csv"),
            "--content",
            str(root),
            "--as-of",
            "2026-12-01",
        ],
    )
    assert result.exit_code == 0, result.output
    snapshot = yaml.safe_load((root / "retractions.yaml").read_text("utf-8"))
    assert snapshot["checked"] == ["fixture-2019-jfixturestud"]
    [match] = snapshot["matches"]  # matched by DOI, case-insensitively; the other row is not ours
    assert match["status"] == "retracted"
    assert match["date"] == "2021-03-02"
    assert "Falsification" in match["reason"]


def test_retractions_import_rejects_another_layout(tmp_path: Path) -> None:
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n", "utf-8")
    result = CliRunner().invoke(cli, ["retractions", "import", str(bad), "--content",
                                      str(tmp_path)])  # fmt: skip
    assert result.exit_code == 1
    assert "missing column" in result.output
    assert not (tmp_path / "retractions.yaml").exists()


def test_audit_lists_malformed_and_to_verify(tmp_path: Path, content_dir: Path) -> None:
    path = "sources/uchakina-2008-zhnevrol.yaml"
    text = edited(content_dir, path, '"18577961"', '"PMID18577961"')
    found = run_audit(make_content(tmp_path, {path: text}))
    [malformed] = codes(found, "SF901")
    assert malformed.file.endswith(path)
    assert malformed.line > 1
    to_verify = run_audit(content_dir)
    listed = {d.message.split()[2] for d in codes(to_verify, "SF904")}
    assert "gusev-2018-zhnevrol" in listed  # its identifiers are secondary
    assert "kasian-2017-behavneurol" not in listed  # registry only
    assert not [d for d in to_verify if d.severity is Severity.ERROR]


def test_audit_command_exit_status(content_dir: Path) -> None:
    ok = CliRunner().invoke(cli, ["audit", "--content", str(content_dir), "--format", "json"])
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)


@pytest.mark.parametrize("slug", ["semax-evidence-review", "selank-evidence-review"])
def test_reviews_show_methods_and_prisma_flow(client: TestClient, slug: str) -> None:
    page = client.get(f"/articles/{slug}/").text
    assert "Methods: how the sources were found" in page
    assert "citation searching only" in page.lower()
    svg = re.search(r"<svg[^>]*role=\"img\"[^>]*>.*?</svg>", page, re.S)
    assert svg, "no PRISMA svg"
    assert '<title id="prisma-title">' in svg.group(0)
    assert "<desc" in svg.group(0)
    assert "style=" not in svg.group(0)  # the CSP forbids inline styles
    assert "Records screened (n = 18)" in svg.group(0)
    twin = client.get(f"/articles/{slug}.json").json()
    flow = twin["methods"]["flow"]
    assert twin["methods"]["identified"] == 20
    assert flow["boxes"]
    assert flow["description"]


def test_dev_to_verify_page(built_site: Path, content_dir: Path) -> None:
    with TestClient(create_app(built_site, content_dir)) as dev:
        page = dev.get("/dev/to-verify/")
        assert page.status_code == 200
        assert "gusev-2018-zhnevrol" in page.text
    with TestClient(create_app(built_site)) as plain:
        assert plain.get("/dev/to-verify/").status_code == 404


def test_every_bundled_identifier_says_where_it_was_seen(kb: KnowledgeBase) -> None:
    for source in kb.sources.values():
        for kind in ("pmid", "doi", "pmcid", "url"):
            ident = getattr(source.identifiers, kind)
            if ident is None:
                continue
            assert ident.seen_at is not None, (source.id, kind)
            # an address or a description of where: never neither
            assert ident.seen_at.url or ident.seen_at.where, (source.id, kind)


def test_seen_at_needs_an_address_or_a_place() -> None:
    from pydantic import ValidationError

    from sourcefirst.schema.source import SeenAt

    with pytest.raises(ValidationError, match="needs `url`"):
        SeenAt.model_validate({"date": "2026-11-21"})


def test_source_page_shows_where_each_identifier_was_seen(client: TestClient) -> None:
    page = client.get("/sources/kost-2001-bioorgkhim/").text
    assert "Where seen" in page
    assert "https://pubmed.ncbi.nlm.nih.gov/11443939/" in page
    twin = client.get("/sources/gusev-2018-zhnevrol.json").json()
    assert all(s["where"] and s["url"] is None for s in twin["seen_at"])


def test_build_refuses_a_finding_on_a_retracted_source(tmp_path: Path) -> None:
    from sourcefirst.domain.diagnostics import ContentError

    root = retracted_tree(tmp_path, acknowledge=False)
    with pytest.raises(ContentError) as failure:
        build_site(root, tmp_path / "build")
    assert {d.code for d in failure.value.diagnostics} == {"SF906"}
    assert not (tmp_path / "build" / "current").exists()
