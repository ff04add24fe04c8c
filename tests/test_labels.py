"""One label, every view (issue 9 §3): a finding or a source reads the same on profiles, topic
pages, source pages, the references index, reference lists, compare, the explorer, search, the
JSON twins, the API and the exports. The site is built once into a temporary folder
(the `release` fixture) and every HTML page and JSON twin in it is read."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from html_tree import Element, parse_html
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.labels import GENERAL_GUIDANCE, source_label
from sourcefirst.schema.finding import FindingKind

Labels = dict[str, dict[str, set[str]]]  # record id -> label -> where it was seen


def _dicts(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _dicts(value)
    elif isinstance(data, list):
        for item in data:
            yield from _dicts(item)


def _badge(element: Element) -> str | None:
    badge = element.find("span", class_="badge")
    return badge.clean_text if badge is not None else None


@pytest.fixture(scope="module")
def labels(release: Path, kb: KnowledgeBase, client: TestClient) -> tuple[Labels, Labels]:
    """(finding labels, source labels), each label with the places it was shown."""
    findings: Labels = defaultdict(lambda: defaultdict(set))
    sources: Labels = defaultdict(lambda: defaultdict(set))
    site = release / "site"

    def seen(table: Labels, record: str, label: str, where: str) -> None:
        table[record][label].add(where)

    for path in sorted(site.rglob("*.json")):
        if path.parent.name == "exports" or path.name == "manifest.json":
            continue
        where = str(path.relative_to(site))
        for item in _dicts(json.loads(path.read_text("utf-8"))):
            label = item.get("level_label")
            if not isinstance(label, str):
                continue
            record = item.get("id") or item.get("finding") or item.get("source_id")
            if record in kb.findings:
                seen(findings, record, label, where)
            elif record in kb.sources:
                seen(sources, record, label, where)
    for path in sorted(site.rglob("*.html")):
        where = str(path.relative_to(site))
        page = parse_html(path.read_text("utf-8"))
        for div in page.find_all("div", class_="finding"):
            finding_id = div.attrs.get("id", "").removeprefix("finding-")
            label = _badge(div)
            if finding_id in kb.findings and label:
                seen(findings, finding_id, label, where)
        for item in page.find_all("li"):
            label = _badge(item)
            if item.attrs.get("id") in kb.sources and label:
                seen(sources, item.attrs["id"], label, where)
        head = page.find("p", class_="eyebrow")
        if where.startswith("sources/") and head is not None and _badge(head):
            seen(sources, path.parent.name, _badge(head) or "", where + " (header)")
    # the search index inside the release database
    conn = sqlite3.connect(f"{(release / 'sourcefirst.db').as_uri()}?mode=ro", uri=True)
    for kind, ref, label in conn.execute(
        "SELECT type, ref, level_label FROM search_docs WHERE type IN ('finding', 'source')"
    ):
        seen(findings if kind == "finding" else sources, ref, label, "search index")
    conn.close()
    # the API and the CSV export
    for finding_id in kb.findings:
        seen(
            findings,
            finding_id,
            client.get(f"/api/findings/{finding_id}").json()["level_label"],
            "api",
        )
    for source_id in kb.sources:
        seen(
            sources, source_id, client.get(f"/api/sources/{source_id}").json()["level_label"], "api"
        )
    rows = csv.DictReader(io.StringIO((site / "exports" / "findings.csv").read_text("utf-8")))
    for row in rows:
        seen(findings, row["id"], row["level_label"], "exports/findings.csv")
    return findings, sources


def test_every_finding_has_one_label_everywhere(
    labels: tuple[Labels, Labels], kb: KnowledgeBase
) -> None:
    findings, _ = labels
    assert set(findings) == set(kb.findings)
    for finding_id, shown in findings.items():
        assert len(shown) == 1, f"{finding_id} is labelled differently: {dict(shown)}"
        assert set(shown) == {kb.grade(kb.findings[finding_id]).badge}
        places = next(iter(shown.values()))
        assert len(places) >= 3, (finding_id, places)  # profile, topic, search, api, csv ...


def test_every_source_has_one_label_everywhere(
    labels: tuple[Labels, Labels], kb: KnowledgeBase
) -> None:
    _, sources = labels
    assert set(sources) == set(kb.sources)
    for source_id, shown in sources.items():
        assert len(shown) == 1, f"{source_id} is labelled differently: {dict(shown)}"
        assert set(shown) == {source_label(kb.sources[source_id])}
        places = next(iter(shown.values()))
        assert any(p.startswith("references") for p in places), places
        assert "search index" in places
        assert "api" in places


def test_uncontrolled_only_where_a_source_records_no_control(
    labels: tuple[Labels, Labels], kb: KnowledgeBase
) -> None:
    """/references/ once called a study "uncontrolled" whose control was simply not recorded."""
    no_control = any(s.study.control == "none" for s in kb.sources.values())
    for table in labels:
        for record, shown in table.items():
            for label in shown:
                if "uncontrolled" in label.lower():
                    assert no_control, (record, label)


def test_general_regulator_guidance_is_never_regulator_reviewed(
    labels: tuple[Labels, Labels], kb: KnowledgeBase, client: TestClient
) -> None:
    """The FDA compounding Q&A names neither peptide: context, not regulator-reviewed evidence."""
    _, sources = labels
    general = [s for s in kb.sources.values() if s.study.design.value == "regulatory"]
    assert general, "the content has no regulator's document"
    for source in general:
        expected = GENERAL_GUIDANCE if not source.names_peptides else "Regulator-reviewed"
        assert set(sources[source.id]) == {expected}
    page = parse_html(client.get("/search/?q=compounding").text)
    kinds = [p.clean_text for p in page.find_all("p", class_="result-type")]
    assert kinds
    assert not any("regulator reviewed" in k.lower() for k in kinds), kinds
    assert any(GENERAL_GUIDANCE in k for k in kinds), kinds


def test_unverified_addresses_are_never_links(release: Path, kb: KnowledgeBase) -> None:
    unverified = {
        s.identifiers.url.value
        for s in kb.sources.values()
        if s.identifiers.url is not None and not s.identifiers.url.verification.confirmed
    }
    assert unverified, "the content has no unverified address to test"
    shown = set()
    for path in (release / "site").rglob("*.html"):
        page = parse_html(path.read_text("utf-8"))
        hrefs = {a.attrs.get("href", "") for a in page.find_all("a")}
        assert not hrefs & unverified, (path, hrefs & unverified)
        shown |= {v for v in unverified if v in page.clean_text}
    assert shown == unverified  # still shown, as text, with its level


def test_strongest_evidence_prefers_recorded_results(release: Path, kb: KnowledgeBase) -> None:
    """Selank anxiety: the rat result outranks the patient study whose results are unknown."""
    pairs = {
        (p, f.topic)
        for f in kb.findings.values()
        if f.kind is FindingKind.OUTCOME and not f.results_recorded
        for p in f.peptides
    }
    with_results = {
        pair
        for pair in pairs
        if any(
            f.results_recorded
            for f in kb.findings_by_peptide[pair[0]]
            if f.topic == pair[1] and f.kind is not FindingKind.REGULATORY
        )
    }
    assert with_results, "the content has no topic mixing recorded and unrecorded results"
    site = release / "site"
    explorer = json.loads((site / "explorer.json").read_text("utf-8"))
    topics = [link["href"].strip("/").split("/")[-1] for link in explorer["topics"]]
    cells = {
        (row["peptide"], topic): cell
        for row in explorer["rows"]
        for topic, cell in zip(topics, row["cells"], strict=True)
    }
    compare = json.loads((site / "compare" / "selank-vs-semax.json").read_text("utf-8"))
    ids = [p["id"] for p in compare["comparison"]["peptides"]]
    for row in compare["comparison"]["outcomes"] + compare["comparison"]["mechanisms"]:
        for peptide, cell in zip(ids, row["cells"], strict=True):
            if (peptide, row["topic"]) in with_results:
                assert "results not recorded" not in cell["label"], (peptide, row)
    for pair in with_results:
        assert "results not recorded" not in cells[pair]["label"], (pair, cells[pair])


def test_title_only_designs_follow_one_rule(kb: KnowledgeBase) -> None:
    """A design read from a title is graded like any design and always says so."""
    titled = [s for s in kb.sources.values() if s.study.design_basis == "title"]
    assert len(titled) >= 3
    for source in titled:
        assert "design from title" in source_label(source), source.id
    for finding in kb.findings.values():
        cited = [kb.sources[s] for s in finding.sources]
        if cited and all(s.study.design_basis == "title" for s in cited):
            # read from the title alone: the stronger note ("known only from its title")
            # implies the design came from the title too, and replaces it
            badge = kb.grade(finding).badge
            assert "design from title" in badge or "known only from its title" in badge, finding.id


def test_no_internal_id_in_the_text_of_any_page(release: Path, kb: KnowledgeBase) -> None:
    """SF531 checks the display fields; this reads what every built page actually shows
    (text, not addresses or anchors)."""
    slugs = set(kb.sources) | set(kb.findings)
    for path in (release / "site").rglob("*.html"):
        text = parse_html(path.read_text("utf-8")).clean_text
        words = set(text.replace("(", " ").replace(")", " ").replace(",", " ").split())
        assert not words & slugs, (path, words & slugs)
