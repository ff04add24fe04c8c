"""Site-wide promises: every page is reachable from the home page by following links, and every
page carries its last-reviewed date, the disclaimer and next-step links."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from starlette.testclient import TestClient

HREF = re.compile(r'href="([^"#]*)(?:#[^"]*)?"')


def _internal_pages(html: str, base: str) -> set[str]:
    found = set()
    for raw in HREF.findall(html):
        target = urlsplit(urljoin(base, raw.replace("&amp;", "&")))
        if target.netloc or not target.path.startswith("/"):
            continue
        if target.path.startswith(("/static/", "/api/", "/exports/", "/downloads/")):
            continue
        if target.path.endswith((".json", ".svg")):
            continue
        found.add(target.path)
    return found


def test_every_page_is_reachable_from_the_home_page(
    client: TestClient, manifest: dict[str, Any]
) -> None:
    seen: set[str] = set()
    queue = ["/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, f"{url} linked but answers {response.status_code}"
        queue.extend(_internal_pages(response.text, url) - seen)
    unreachable = sorted(set(manifest["pages"]) - seen)
    assert not unreachable, f"pages no link leads to: {unreachable}"


TOOL_KINDS = {"sequence", "compare-index", "explorer", "search"}


def test_every_page_has_review_date_disclaimer_and_next_steps(
    client: TestClient, manifest: dict[str, Any]
) -> None:
    """Content pages say when they were last reviewed, near the top; tool pages hold no
    reviewed content and say nothing of the kind."""
    missing: dict[str, list[str]] = {}
    for url, entry in manifest["pages"].items():
        html = client.get(url).text
        tool = entry["kind"] in TOOL_KINDS or url == "/tools/"
        reviewed = 'class="reviewed"' in html
        problems = [] if reviewed != tool else ["review date on a tool" if tool else "review date"]
        if reviewed:
            head = html.split("</header>", 2)[1]  # the page's own header (after the site's)
            assert 'class="reviewed"' in head, f"{url}: last reviewed belongs near the top"
        problems += [
            label
            for label, marker in (
                ("disclaimer", 'id="disclaimer-heading"'),
                ("next steps", 'id="next-heading"'),
            )
            if marker not in html
        ]
        if problems:
            missing[url] = problems
    assert not missing, missing


def test_disclaimer_rules_out_dosing_and_sourcing(client: TestClient) -> None:
    html = client.get("/articles/how-semax-works/").text
    disclaimer = html.split('id="disclaimer-heading"', 1)[1].split("</p>", 1)[0].lower()
    for excluded in ("dosing", "reconstitution", "sourcing", "not medical advice"):
        assert excluded in disclaimer
