"""Evidence depth on the built site and the API: summary-of-findings tables, research groups,
what was read with every citation, safety in studies, locators, and FHIR R5 exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.artifactassessment import ArtifactAssessment
from fhir.resources.bundle import Bundle
from fhir.resources.citation import Citation
from fhir.resources.evidence import Evidence
from starlette.testclient import TestClient

from conftest import make_content
from html_tree import parse_html
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.reading import reading_label
from sourcefirst.release.fhir import RATING_CODES
from sourcefirst.release.publish import build_site
from sourcefirst.schema.appraisal import ReadLevel
from sourcefirst.serve.server import create_app

REVIEWS = ("semax-evidence-review", "selank-evidence-review")
READ_LABELS = {level.label for level in ReadLevel}


def page_html(release: Path, url: str) -> str:
    return (release / "site" / url.strip("/") / "index.html").read_text(encoding="utf-8")


def twin(client: TestClient, url: str) -> dict[str, Any]:
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


# --- what was read -------------------------------------------------------------------------
def test_every_bundled_source_records_what_was_read(kb: KnowledgeBase) -> None:
    missing = [s.id for s in kb.sources.values() if s.read is None]
    assert not missing


def test_no_source_is_read_above_what_the_notes_allow(kb: KnowledgeBase) -> None:
    # the reference notes say the abstract of these was not seen: never guess upward
    for source_id in ("agapova-2007-neuroscilett", "romanova-2006-bullexpbiolmed"):
        read = kb.sources[source_id].read
        assert read is not None
        assert read.level is ReadLevel.TITLE_ONLY


def test_every_citation_mark_on_every_page_says_what_was_read(release: Path) -> None:
    checked = 0
    for path in (release / "site").rglob("index.html"):
        tree = parse_html(path.read_text(encoding="utf-8"))
        for mark in tree.find_all("a", class_="cite"):
            text = mark.clean_text
            assert any(label in text for label in READ_LABELS), f"{path}: {text}"
            checked += 1
    assert checked > 50


def test_reference_lists_show_reading_and_language(release: Path, kb: KnowledgeBase) -> None:
    tree = parse_html(page_html(release, "/articles/semax-evidence-review/"))
    reads = [e.clean_text for e in tree.find_all("span", class_="read")]
    assert reads
    assert all("original language" in r or "in translation" in r for r in reads)
    assert f"{reading_label(kb.sources['gusev-2018-zhnevrol'])}, in translation" in reads


def test_title_only_finding_says_so_wherever_it_is_shown(
    client: TestClient, kb: KnowledgeBase
) -> None:
    finding = kb.findings["semax-neurotrophin-gene-expression-rat-brain"]
    assert "known only from its title" in kb.grade(finding).badge
    profile = twin(client, "/peptides/semax/")
    # each finding is shown once: mechanisms in the snapshot, the rest by level
    everywhere = [f for g in profile["evidence"] for f in g["findings"]] + [
        f for row in profile["snapshot"]["rows"] for f in row["findings"]
    ]
    shown = [f for f in everywhere if f["id"] == finding.id]
    assert shown
    assert "known only from its title" in shown[0]["level_label"]
    api = client.get(f"/api/findings/{finding.id}").json()
    assert "known only from its title" in json.dumps(api)


# --- summary of findings --------------------------------------------------------------------
@pytest.mark.parametrize("slug", REVIEWS)
def test_evidence_reviews_show_a_summary_of_findings_with_reasons(
    release: Path, client: TestClient, kb: KnowledgeBase, slug: str
) -> None:
    data = twin(client, f"/articles/{slug}/")
    rows = data["summary_of_findings"]["rows"]
    assert rows
    for row in rows:
        rated = kb.outcome_certainty(row["peptide"], row["topic"])
        assert rated is not None
        assert row["certainty"] == rated.label
        assert row["plain"]
        assert row["groups"]
        if rated.certainty is not None:
            assert [r["reason"] for r in row["reasons"]] == [r.reason for r in rated.reductions]
    tree = parse_html(page_html(release, f"/articles/{slug}/"))
    table = tree.one("table", class_="sof-table")
    text = table.clean_text
    assert "⊕" in text
    assert "very low" in text
    assert "risk of bias" in text


def test_profiles_have_no_summary_table_but_every_finding_shows_its_groups(
    client: TestClient,
) -> None:
    for peptide in ("semax", "selank"):
        data = twin(client, f"/peptides/{peptide}/")
        findings = [f for g in data["evidence"] for f in g["findings"]]
        assert findings
        assert all("stud" in f["groups"] for f in findings)
        assert "group" in data["groups"]


def test_references_page_says_how_concentrated_authorship_is(client: TestClient) -> None:
    data = twin(client, "/references/")
    # one author co-signs most of Semax's evidence; the references page says so, by peptide
    semax = [c for c in data["concentration"] if c.startswith("Semax: Myasoedov N co-signs")]
    assert semax, data["concentration"]


@pytest.mark.parametrize("url", ["/explorer/", "/compare/selank-vs-semax/"])
def test_explorer_and_compare_show_certainty_beside_level(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    tree = parse_html(response.text)
    shown = [e.clean_text for e in tree.find_all("span", class_="certainty")]
    assert any("⊕◯◯◯ very low" in s for s in shown)


# --- safety in studies ----------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/peptides/semax/", "/articles/semax-evidence-review/"])
def test_safety_in_studies_lists_each_human_study(client: TestClient, url: str) -> None:
    data = twin(client, url)
    rows = {r["source"]: r for r in data["safety"]["rows"]}
    assert set(rows) == {"gusev-2018-zhnevrol", "lebedeva-2018-bullexpbiolmed"}
    assert rows["lebedeva-2018-bullexpbiolmed"]["participants"] == "24"
    assert all(r["status_label"] == "not recorded in what we read" for r in rows.values())
    html = client.get(url).text
    assert "Safety in studies" in html


# --- locators -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def locator_site(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Path:
    """A build of the content plus one guide citing a source with and without a locator."""
    category = sorted(kb.categories)[0]
    body = (
        f"---\ntitle: Locator test\nkind: guide\ncategory: {category}\npeptides: []\n"
        "summary: A test page.\nreviewed: 2026-11-21\n---\n"
        "One sentence [@kost-2001-bioorgkhim, p. 182] and another [@kost-2001-bioorgkhim] "
        "and a table [@zozulia-2001-bullexpbiolmed, table 2].\n"
    )
    root = tmp_path_factory.mktemp("locators")
    content = make_content(root, {"articles/zz-locators.md": body})
    out = root / "build"
    build_site(content, out)
    return out


def test_locators_show_in_marks_and_reference_list(locator_site: Path) -> None:
    html = locator_site / "current" / "site" / "articles" / "zz-locators" / "index.html"
    tree = parse_html(html.read_text(encoding="utf-8"))
    marks = [m.clean_text for m in tree.find_all("a", class_="cite")]
    assert marks[0] == "[1, p. 182, abstract only]"
    assert marks[1] == "[1, abstract only]"
    locators = [e.clean_text for e in tree.find_all("span", class_="locator")]
    assert locators == ["p. 182", "table 2"]


def test_page_csl_json_carries_locators(locator_site: Path) -> None:
    with TestClient(create_app(locator_site)) as client:
        response = client.get(
            "/api/exports/references",
            params={"format": "csl-json", "page": "/articles/zz-locators/"},
        )
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()}
    assert items["kost-2001-bioorgkhim"]["custom"]["citation-items"] == [
        {"id": "kost-2001-bioorgkhim", "label": "page", "locator": "182"}
    ]
    assert items["zozulia-2001-bullexpbiolmed"]["custom"]["citation-items"][0]["label"] == "table"


# --- FHIR R5 --------------------------------------------------------------------------------
def test_fhir_exports_validate_as_r5_bundles(release: Path, kb: KnowledgeBase) -> None:
    files = sorted((release / "site" / "exports" / "fhir").glob("*.json"))
    assert [f.stem for f in files] == sorted(f"{p}-{t}" for p, t in kb.certainties)
    for file in files:
        bundle = Bundle.model_validate_json(file.read_text(encoding="utf-8"))
        kinds = [type(entry.resource).__name__ for entry in bundle.entry or []]
        assert kinds[:2] == ["Evidence", "ArtifactAssessment"]
        assert set(kinds[2:]) == {"Citation"}
        peptide, topic = next((p, t) for p, t in kb.certainties if file.stem == f"{p}-{t}")
        rated = kb.certainties[(peptide, topic)]
        evidence = bundle.entry[0].resource  # type: ignore[index]
        overall = evidence.certainty[0]
        if rated.certainty is None:  # animal or laboratory evidence only: never a grade
            assert overall.rating.text == "no human evidence"
        else:
            assert overall.rating.coding[0].code == RATING_CODES[rated.certainty][0]
        assert len(overall.subcomponent or []) == len(rated.reductions)
        assessment = bundle.entry[1].resource  # type: ignore[index]
        assert assessment.artifactReference.reference == f"Evidence/{file.stem}"
        reasons = [c.summary for c in assessment.content[0].component or []]
        assert all(r.reason in s for r, s in zip(rated.reductions, reasons, strict=True))


def test_fhir_api_serves_each_resource(client: TestClient, release: Path) -> None:
    listing = client.get("/api/fhir/Evidence")
    assert listing.status_code == 200
    assert listing.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate_json(listing.text)
    assert bundle.total == len(list((release / "site" / "exports" / "fhir").glob("*.json")))
    evidence = Evidence.model_validate_json(
        client.get("/api/fhir/Evidence/semax-stroke-clinical").text
    )
    assert evidence.title == "Semax: Clinical studies in ischemic stroke"
    assessment = ArtifactAssessment.model_validate_json(
        client.get("/api/fhir/ArtifactAssessment/certainty-semax-stroke-clinical").text
    )
    assert assessment.content[0].classifier[0].coding[0].code == "very-low"
    citation = Citation.model_validate_json(
        client.get("/api/fhir/Citation/source-gusev-2018-zhnevrol").text
    )
    assert "title only" in citation.citedArtifact.note[0].text
    # the served bundle, built from the database, equals the exported file
    served = client.get("/api/fhir/Bundle/outcome-semax-stroke-clinical").json()
    exported = json.loads(
        (release / "site" / "exports" / "fhir" / "semax-stroke-clinical.json").read_text()
    )
    assert served == exported


@pytest.mark.parametrize(
    "url",
    [
        "/api/fhir/Evidence/nope",
        "/api/fhir/ArtifactAssessment/semax-stroke-clinical",
        "/api/fhir/Citation/gusev-2018-zhnevrol",
        "/api/fhir/Bundle/outcome-nope",
    ],
)
def test_unknown_fhir_resources_are_404_with_the_envelope(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_fhir_count_is_bounded(client: TestClient) -> None:
    assert client.get("/api/fhir/Evidence", params={"_count": 0}).status_code == 422
    one = client.get("/api/fhir/Evidence", params={"_count": 1}).json()
    assert len(one["entry"]) == 1


def test_an_animal_only_outcome_exports_no_human_evidence(tmp_path: Path) -> None:
    from sourcefirst.domain.kb import load_knowledge_base
    from sourcefirst.release.fhir import outcome_bundle

    findings = (
        "findings:\n  - id: zz-semax-rat-anxiety\n    peptides: [semax]\n"
        "    topic: anxiety-stress\n    kind: outcome\n"
        "    statement: A rat test of anxiety-like behaviour, recorded here as a test.\n"
        "    model: {species: rat, system: behaviour, setting: in_vivo}\n"
        "    sources: [kasian-2017-behavneurol]\n"
    )
    content = make_content(tmp_path, {"findings/zz-test.yaml": findings})
    kb, _ = load_knowledge_base(content)
    rated = kb.outcome_certainty("semax", "anxiety-stress")
    assert rated is not None
    assert rated.certainty is None
    bundle = Bundle.model_validate(outcome_bundle(kb, rated))
    evidence = bundle.entry[0].resource  # type: ignore[index]
    assert evidence.certainty[0].rating.text == "no human evidence"
    assert not evidence.certainty[0].rating.coding
