"""Inline citations: parsing, numbering, and the links between a page's text and its references."""

from __future__ import annotations

import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from html_tree import Element, parse_html
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.prose.citations import CitationRegistry, CitationSyntaxError, parse_keys
from sourcefirst.prose.markdown import parse_body, render_tokens, scan_citations
from sourcefirst.schema.source import Verification

MECHANISM_PAGE = "/articles/how-semax-works/"
REF_HREF = re.compile(r"^#ref-(\d+)$")

# --- parsing ---------------------------------------------------------------------------------


def test_parse_single_and_multiple_keys() -> None:
    assert parse_keys("kost-2001-bioorgkhim") == ["kost-2001-bioorgkhim"]
    assert parse_keys("a-1; @b-2;@c") == ["a-1", "b-2", "c"]


@pytest.mark.parametrize("inner", ["Bad Key", "a; b", "", "a;", "UPPER", "a--b", "-a"])
def test_parse_rejects_malformed_keys(inner: str) -> None:
    with pytest.raises(CitationSyntaxError):
        parse_keys(inner)


def test_scan_reports_position_of_each_citation() -> None:
    text = "First [@a] and [@b; @c].\nSecond line [@Bad Key].\n"
    uses = list(scan_citations(text))
    assert [(u.keys, u.line, u.column) for u in uses] == [
        (("a",), 1, 7),
        (("b", "c"), 1, 16),
        (None, 2, 13),
    ]
    assert "Bad Key" in uses[2].error


@pytest.mark.parametrize("fence", ["```", "~~~", "```python", "  ```"])
def test_scan_skips_fenced_blocks(fence: str) -> None:
    closing = fence.strip()[:3]
    text = f"Before [@a].\n\n{fence}\nCode with [@not-a-citation].\n{closing}\n\nAfter [@b].\n"
    assert [u.keys for u in scan_citations(text)] == [("a",), ("b",)]


def test_scan_skips_directive_blocks() -> None:
    text = "Intro [@a].\n\n```{snapshot}\npeptide: semax\nnote: [@inside]\n```\nOutro [@b].\n"
    assert [u.keys for u in scan_citations(text)] == [("a",), ("b",)]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("A [@a] and [@b; @c].\n\n- item [@d]\n", id="prose-and-list"),
        pytest.param("Text [@a].\n\n```\n[@b]\n```\n", id="fenced-code"),
        pytest.param("Write `[@a]` to cite a source.\n", id="inline-code"),
        pytest.param("Text.\n\n    [@a]\n", id="indented-code"),
        pytest.param("A fence line:\n\n~~~\n```\n~~~\n\nText [@a].\n", id="mixed-fences"),
    ],
)
def test_checker_and_renderer_agree_on_what_is_a_citation(body: str) -> None:
    """`check` validates exactly the citations the page will show as numbered links.

    If the checker sees more, valid articles fail `check`; if the renderer sees more, a
    citation of an unknown source passes `check` and then crashes `build`.
    """
    checked = {key for use in scan_citations(body) for key in use.keys or ()}
    registry = CitationRegistry()
    for chunk in parse_body(body, lambda text, line: (text, line)).chunks:
        if isinstance(chunk, list):
            render_tokens(chunk, registry)
    assert checked == set(registry.numbers)


# --- numbering -------------------------------------------------------------------------------


def test_registry_numbers_by_first_use() -> None:
    registry = CitationRegistry()
    registry.cite(["b"])
    registry.cite(["a", "b"])
    registry.cite(["c"])
    assert registry.numbers == {"b": 1, "a": 2, "c": 3}
    assert registry.ordered_keys() == ["b", "a", "c"]


def test_repeated_uses_get_distinct_anchors_and_the_same_number() -> None:
    registry = CitationRegistry()
    marks = [*registry.cite(["a"]), *registry.cite(["b", "a"]), *registry.cite(["a"])]
    numbers_of_a = {number for number, key, _anchor in marks if key == "a"}
    anchors = [anchor for _number, _key, anchor in marks]
    assert numbers_of_a == {1}
    assert len(set(anchors)) == len(anchors)
    assert registry.uses["a"] == [anchor for _n, key, anchor in marks if key == "a"]


# --- the rendered mechanism page ------------------------------------------------------------


@pytest.fixture(scope="module")
def page(client: TestClient) -> Element:
    response = client.get(MECHANISM_PAGE)
    assert response.status_code == 200
    return parse_html(response.text)


@pytest.fixture(scope="module")
def page_json(client: TestClient) -> dict[str, Any]:
    response = client.get(MECHANISM_PAGE.rstrip("/") + ".json")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def citation_links(root: Element) -> list[Element]:
    return [a for a in root.find_all("a", class_="cite") if REF_HREF.match(a.attrs["href"])]


def reference_items(root: Element) -> dict[int, Element]:
    section = root.find("section", class_="references")
    assert section is not None, "page has no reference list"
    items = {}
    for li in section.find_all("li"):
        match = re.fullmatch(r"ref-(\d+)", li.attrs.get("id", ""))
        if match:
            items[int(match[1])] = li
    return items


def check_citation_integrity(root: Element) -> list[str]:
    """Problems with a page's citations: numbering, links to references and links back."""
    problems = []
    links = citation_links(root)
    first_seen: list[int] = []
    for link in links:
        number = int(REF_HREF.match(link.attrs["href"])[1])
        if number not in first_seen:
            first_seen.append(number)
    if first_seen != list(range(1, len(first_seen) + 1)):
        problems.append(f"citation numbers in order of first appearance: {first_seen}")
    ids = {element.attrs["id"] for element in root.iter() if "id" in element.attrs}
    items = reference_items(root) if links else {}
    for number in first_seen:
        if number not in items:
            problems.append(f"[{number}] has no reference list item id=ref-{number}")
    for number, li in items.items():
        if number not in first_seen:
            problems.append(f"reference {number} is never cited in the text")
        backlinks = [
            a.attrs["href"]
            for a in li.find_all("a")
            if a.attrs.get("href", "").startswith("#cite-")
        ]
        if not backlinks:
            problems.append(f"reference {number} has no link back to the text")
        for href in backlinks:
            if href[1:] not in ids:
                problems.append(f"reference {number} links back to missing {href}")
    link_ids = [a.attrs.get("id") for a in links]
    if len(set(link_ids)) != len(link_ids) or None in link_ids:
        problems.append("citation links need distinct ids for the backlinks")
    return problems


def test_mechanism_page_citations_link_both_ways(page: Element) -> None:
    assert citation_links(page), "the mechanism page should cite its sources"
    assert check_citation_integrity(page) == []


def test_every_page_citations_link_both_ways(client: TestClient, manifest: dict[str, Any]) -> None:
    problems = {}
    for url in manifest["pages"]:
        found = check_citation_integrity(parse_html(client.get(url).text))
        if found:
            problems[url] = found
    assert problems == {}


def test_every_backlink_returns_to_a_use_of_that_reference(page: Element) -> None:
    by_anchor = {a.attrs["id"]: a.attrs["href"] for a in citation_links(page)}
    for number, li in reference_items(page).items():
        for a in li.find_all("a"):
            href = a.attrs.get("href", "")
            if href.startswith("#cite-"):
                assert by_anchor.get(href[1:]) == f"#ref-{number}", href


def test_reference_list_follows_the_articles_citations(
    page_json: dict[str, Any], kb: KnowledgeBase
) -> None:
    """Every source the article body cites is in the list; the list holds only known sources."""
    slug = MECHANISM_PAGE.strip("/").split("/")[-1]
    listed = [ref["id"] for ref in page_json["references"]]
    assert set(kb.articles[slug].cited) <= set(listed)
    assert set(listed) <= set(kb.sources)
    assert [ref["number"] for ref in page_json["references"]] == list(range(1, len(listed) + 1))


def test_no_raw_citation_markup_reaches_a_page(
    client: TestClient, manifest: dict[str, Any]
) -> None:
    """Every `[@key]` in the content becomes a numbered link, even when wrapped over two lines."""
    leftovers = {}
    for url in manifest["pages"]:
        text = parse_html(client.get(url).text).clean_text
        found = re.findall(r"\[@[^\]]*\]?", text)
        if found:
            leftovers[url] = found
    assert leftovers == {}


def identifier_spans(li: Element) -> dict[str, Element]:
    spans = {}
    for span in li.find_all("span", class_="ident"):
        link = span.find("a")
        if link is not None:
            spans[link.attrs["href"]] = span
        else:  # an address below `mirror` is shown as text, never as a link
            value = span.find("span", class_="ident-value")
            assert value is not None, span.clean_text
            spans["text:" + value.clean_text] = span
    return spans


def test_identifiers_link_to_pubmed_and_doi(
    page: Element, kb: KnowledgeBase, page_json: dict[str, Any]
) -> None:
    items = reference_items(page)
    checked = 0
    for ref in page_json["references"]:
        source = kb.sources[ref["id"]]
        hrefs = identifier_spans(items[ref["number"]])
        if source.identifiers.pmid:
            assert f"https://pubmed.ncbi.nlm.nih.gov/{source.identifiers.pmid.value}/" in hrefs
            checked += 1
        if source.identifiers.doi:
            assert f"https://doi.org/{source.identifiers.doi.value}" in hrefs
            checked += 1
    assert checked, "the mechanism page should show PMIDs or DOIs"


def test_identifiers_below_mirror_are_shown_unconfirmed(
    page: Element, kb: KnowledgeBase, page_json: dict[str, Any]
) -> None:
    items = reference_items(page)
    weak = {Verification.SECONDARY, Verification.UNVERIFIED}
    seen = set()
    for ref in page_json["references"]:
        source = kb.sources[ref["id"]]
        spans = identifier_spans(items[ref["number"]])
        ids = source.identifiers
        for ident in (ids.pmid, ids.doi, ids.pmcid, ids.url):
            if ident is None:
                continue
            span = next(
                s
                for href, s in spans.items()
                if href.endswith(ident.value) or href.endswith(ident.value + "/")
            )
            shown_unconfirmed = "unconfirmed" in span.clean_text.lower()
            assert shown_unconfirmed == (ident.verification in weak), (
                f"{source.id} {ident.value} ({ident.verification}): {span.clean_text!r}"
            )
            seen.add(ident.verification in weak)
    assert seen == {True, False}, "expected both confirmed and unconfirmed identifiers"
