"""The built site/ folder works unchanged from a plain static file server.

A stock `http.server` (no app, no API) serves the release's site folder; Chromium then uses the
search page (answered by Pagefind from the static index), the sequence analyser and the compare
tool (answered from the pre-built pages), and follows navigation from the home page.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from defusedxml import ElementTree as ET
from playwright.sync_api import Browser, Page, expect
from starlette.testclient import TestClient

from conftest import CHROMIUM, REPO_ROOT, SKIP_NO_CHROMIUM
from sourcefirst.domain.kb import KnowledgeBase

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        """Keep the test output clean (the stdlib server logs every request to stderr)."""


@pytest.fixture(scope="module")
def static_base(built_site: Path) -> Iterator[str]:
    """The built site folder behind Python's plain static file server, on a free port."""
    site = (built_site / "current").resolve() / "site"
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="static-site", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def static_page(browser: Browser, static_base: str) -> Iterator[Page]:
    if CHROMIUM is None:
        pytest.skip(SKIP_NO_CHROMIUM)
    context = browser.new_context(base_url=static_base)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_search_on_a_static_host_answers_from_pagefind(static_page: Page) -> None:
    static_page.goto("/search/?q=enkephalin")
    heading = static_page.locator("#static-results-heading")
    expect(heading).to_contain_text("results for “enkephalin”")
    first = static_page.locator("#static-results li h3 a").first
    expect(first).to_be_visible()
    titles = static_page.locator("#static-results li h3 a").all_inner_texts()
    assert any("enkephalin" in t.lower() for t in titles), titles
    # the excerpt's matches are <mark> elements built from text, never injected HTML
    expect(static_page.locator("#static-results mark").first).to_be_visible()
    first.click()
    static_page.wait_for_load_state()
    assert static_page.locator("h1").count() == 1


@pytest.mark.browser
def test_sequence_tool_on_a_static_host_uses_the_prebuilt_page(static_page: Page) -> None:
    static_page.goto("/tools/sequence/?q=mehfpgp")
    static_page.wait_for_url("**/tools/sequence/semax/")
    expect(static_page.locator("dl.card")).to_contain_text("C37H51N9O10S")
    static_page.goto("/tools/sequence/?q=GGGGAAAK")
    note = static_page.locator("[data-static-sequence]")
    expect(note).to_be_visible()
    expect(note).to_contain_text("needs the live server")


@pytest.mark.browser
def test_compare_on_a_static_host_goes_to_the_prebuilt_pair(static_page: Page) -> None:
    static_page.goto("/compare/?p=semax&p=selank")
    static_page.wait_for_url("**/compare/selank-vs-semax/")
    expect(static_page.locator("h1")).to_contain_text("Selank")


@pytest.mark.browser
def test_navigation_reaches_a_profile_from_the_home_page(static_page: Page) -> None:
    static_page.goto("/")
    static_page.locator(".site-nav a", has_text="Peptides").click()
    static_page.wait_for_url("**/peptides/")
    static_page.locator("main").get_by_role("link", name="Semax", exact=True).first.click()
    static_page.wait_for_url("**/peptides/semax/")
    expect(static_page.locator("h1")).to_have_text("Semax")


def test_sitemap_feed_and_robots_are_valid_and_list_only_real_pages(
    built_site: Path, manifest: dict[str, dict[str, str]]
) -> None:
    site = (built_site / "current").resolve() / "site"
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locs = [u.findtext(f"{SITEMAP}loc") for u in sitemap.findall(f"{SITEMAP}url")]
    paths = {loc.split("://", 1)[1].split("/", 1)[1] for loc in locs if loc}
    assert paths == {url.lstrip("/") for url in manifest["pages"]}
    assert all(u.findtext(f"{SITEMAP}lastmod") for u in sitemap.findall(f"{SITEMAP}url")[:5])
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for required in ("title", "id", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), f"feed entry lacks {required}"
    robots = (site / "robots.txt").read_text("utf-8")
    assert "Sitemap: " in robots
    assert "/sitemap.xml" in robots


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
REQUIRED = {
    "MedicalWebPage": {"name", "url", "reviewedBy", "isPartOf"},
    "Drug": {"name", "url"},
    "ChemicalSubstance": {"name", "url"},
    "ScholarlyArticle": {"name", "inLanguage"},
    "FAQPage": {"mainEntity"},
}


def test_every_page_has_valid_json_ld_canonical_and_a_report_link(
    client: TestClient, manifest: dict[str, dict[str, str]]
) -> None:
    seen_types: set[str] = set()
    for url, entry in manifest["pages"].items():
        html = client.get(url).text
        blocks = [json.loads(b) for b in JSON_LD.findall(html)]
        assert blocks, f"{url} has no JSON-LD"
        for block in blocks:
            assert block["@context"] == "https://schema.org"
            kind = block["@type"]
            seen_types.add(kind)
            missing = REQUIRED[kind] - set(block)
            assert not missing, f"{url}: {kind} lacks {missing}"
        page = blocks[0]
        assert page["@type"] == "MedicalWebPage"
        assert page["url"].endswith(url)
        if entry["kind"] not in ("sequence", "compare-index", "explorer", "search") and (
            url != "/tools/"
        ):
            assert "lastReviewed" in page, url
        assert f'<link rel="canonical" href="{page["url"]}">' in html
        report = re.search(r'<a href="([^"]+)">Report an error on this page</a>', html)
        assert report, f"{url} has no report link"
        assert quote(page["url"], safe="") in report.group(1).replace("&amp;", "&")
    assert {"ChemicalSubstance", "ScholarlyArticle", "FAQPage"} <= seen_types


def test_source_json_ld_lists_only_confirmed_identifiers(
    client: TestClient, kb: KnowledgeBase
) -> None:
    for source in kb.sources.values():
        html = client.get(f"/sources/{source.id}/").text
        scholarly = next(
            b for b in map(json.loads, JSON_LD.findall(html)) if b["@type"] == "ScholarlyArticle"
        )
        listed = {i["value"] for i in scholarly.get("identifier", [])}
        confirmed = {i.value for i in source.confirmed_ids}
        assert listed == confirmed, source.id


def test_an_unchanged_rebuild_reuses_the_search_index_and_gzip_twins(tmp_path: Path) -> None:
    from conftest import make_content
    from sourcefirst.release.publish import build_site

    content = make_content(tmp_path, {})
    first = build_site(content, tmp_path / "out").release / "site"
    second = build_site(content, tmp_path / "out").release / "site"
    entry = "pagefind/pagefind-entry.json"
    assert (second / entry).samefile(first / entry)  # hard-linked, not indexed again
    page = "peptides/semax/index.html.gz"
    assert (second / page).samefile(first / page)
    # a removed page is a change: the index is built afresh and no longer lists it
    (content / "articles" / "semax-vs-selank.md").unlink()
    for ref in content.rglob("*.md"):
        text = ref.read_text("utf-8")
        if "/articles/semax-vs-selank/" in text:
            ref.write_text(text.replace("/articles/semax-vs-selank/", "/articles/"), "utf-8")
    indexed_before = (second / entry).stat().st_ino
    third = build_site(content, tmp_path / "out").release / "site"
    assert (third / entry).stat().st_ino != indexed_before
    indexed = [gzip.decompress(f.read_bytes()) for f in (third / "pagefind" / "fragment").iterdir()]
    assert any(b'"url":"/articles/how-semax-works/"' in f for f in indexed)
    assert not any(b'"url":"/articles/semax-vs-selank/"' in f for f in indexed)


def test_a_page_change_log_is_shown_and_reaches_the_feed(
    client: TestClient, kb: KnowledgeBase, built_site: Path
) -> None:
    change = max(kb.peptides["semax"].changes, key=lambda c: c.date)
    html = client.get("/peptides/semax/").text
    assert 'id="changes-heading"' in html
    assert change.note.split(",")[0] in html
    feed = ET.parse((built_site / "current").resolve() / "site" / "feed.xml").getroot()
    semax = next(
        e
        for e in feed.findall(f"{ATOM}entry")
        if e.findtext(f"{ATOM}id", "").endswith("/peptides/semax/")
    )
    assert semax.findtext(f"{ATOM}updated", "").startswith(change.date.isoformat())
    assert (semax.findtext(f"{ATOM}summary") or "").startswith(f"Changed {change.date.isoformat()}")


def test_every_evidence_review_has_methods_prisma_and_a_summary_of_findings(
    client: TestClient, kb: KnowledgeBase
) -> None:
    reviews = [slug for slug, a in kb.articles.items() if a.meta.kind.value == "review"]
    assert len(reviews) >= 10
    for slug in reviews:
        html = client.get(f"/articles/{slug}/").text
        assert 'id="sof-heading"' in html, slug
        assert 'id="methods-heading"' in html, slug
        assert 'role="img"' in html, f"{slug}: no PRISMA flow diagram"


def test_the_compare_picker_asks_for_ids_in_a_large_catalogue() -> None:
    """Above MAX_PICKER_PEPTIDES the form carries no list of every peptide."""
    from sourcefirst.domain.kb import load_knowledge_base
    from sourcefirst.pages.compare import MAX_PICKER_PEPTIDES, compare_index_page
    from sourcefirst.release.render import render_html

    kb, _ = load_knowledge_base(REPO_ROOT / "content")
    small = render_html(compare_index_page(kb), kb.site)
    assert small.count("<option") == 3 * (len(kb.peptides) + 1)
    template = kb.peptides["semax"]
    for index in range(MAX_PICKER_PEPTIDES):
        copy = template.model_copy(update={"id": f"copy-{index:03d}"})
        kb.peptides[copy.id] = copy
    large = render_html(compare_index_page(kb, ["semax"]), kb.site)
    assert "<option" not in large
    assert large.count('<input name="p"') == 3
    assert 'value="semax"' in large


def test_a_topic_of_many_peptides_is_read_page_by_page(tmp_path: Path) -> None:
    """A topic studied for more peptides than one page holds is split into page/N/ pages,
    each with its own share of the peptides and links between them; every page is a job."""
    from conftest import make_content
    from sourcefirst.domain.kb import load_knowledge_base
    from sourcefirst.pages.catalogue import TOPIC_PEPTIDES_PER_PAGE, topic_page, topic_page_count
    from sourcefirst.pages.site import page_jobs
    from sourcefirst.release.render import render_html

    template = (REPO_ROOT / "content" / "peptides" / "n-acetyl-selank-amidate.yaml").read_text()
    files: dict[str, str | None] = {}
    findings = ["findings:"]
    for index in range(TOPIC_PEPTIDES_PER_PAGE + 5):
        pid = f"copy-{index:03d}"
        files[f"peptides/{pid}.yaml"] = template.replace(
            "id: n-acetyl-selank-amidate", f"id: {pid}", 1
        ).replace("name: N-acetyl Selank amidate", f"name: Copy {index:03d}", 1)
        findings += [
            f"  - id: {pid}-bdnf",
            f"    peptides: [{pid}]",
            "    topic: neurotrophins",
            "    kind: mechanism",
            "    statement: A copied test record of a BDNF measurement in rats.",
            "    model: {species: rat, system: brain tissue, setting: in_vivo}",
            "    sources: [dolotov-2006-jneurochem]",
        ]
    files["findings/copies.yaml"] = "\n".join(findings) + "\n"
    kb, _ = load_knowledge_base(make_content(tmp_path, files))
    assert topic_page_count(kb, "neurotrophins") >= 2
    first, second = topic_page(kb, "neurotrophins"), topic_page(kb, "neurotrophins", 2)
    assert first.url == "/topics/neurotrophins/"
    assert second.url == "/topics/neurotrophins/page/2/"
    shown = [g.peptide for g in first.groups] + [g.peptide for g in second.groups]
    assert len(first.groups) == TOPIC_PEPTIDES_PER_PAGE
    names = [kb.peptides[p].name for p in shown]
    assert names == sorted(names)  # name order runs across the pages
    assert len(shown) == len(set(shown))
    assert first.pager.total == len(kb.topic_peptides["neurotrophins"])
    html = render_html(second, kb.site)
    assert 'href="/topics/neurotrophins/" rel="prev"' in html
    assert "Page 2 of" in html
    assert "topic:neurotrophins:2" in {job.key for job in page_jobs(kb)}

    # the source they all cite is paged the same way, each page naming its own profiles
    from sourcefirst.pages.source import SOURCE_FINDINGS_PER_PAGE, source_page, source_page_count

    cited = "dolotov-2006-jneurochem"
    assert source_page_count(kb, cited) >= 2
    later = source_page(kb, cited, 2)
    assert later.url == f"/sources/{cited}/page/2/"
    assert 0 < len(later.findings) <= SOURCE_FINDINGS_PER_PAGE
    profiles = {link.href for link in later.cited_by if link.note == "profile"}
    on_page = {
        f"/peptides/{p}/"
        for f in kb.findings_by_source[cited][
            SOURCE_FINDINGS_PER_PAGE : 2 * SOURCE_FINDINGS_PER_PAGE
        ]
        for p in f.peptides
    }
    assert profiles <= on_page | {f"/peptides/{p}/" for p in kb.regulatory_by_source.get(cited, ())}
    assert f'href="/sources/{cited}/" rel="prev"' in render_html(later, kb.site)
    assert f"source:{cited}:2" in {job.key for job in page_jobs(kb)}
