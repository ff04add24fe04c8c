"""The server: every page answers, JSON twins, security headers, and nothing outside the site."""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from starlette.testclient import TestClient

from conftest import running_server
from html_tree import parse_html
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages import urls
from sourcefirst.serve.fast_static import StaticFastPath
from sourcefirst.serve.server import CSP


def test_manifest_lists_the_home_page_and_every_peptide(
    manifest: dict[str, Any], kb: KnowledgeBase
) -> None:
    pages = set(manifest["pages"])
    assert urls.home() in pages
    assert {urls.peptide(p) for p in kb.peptides} <= pages
    assert {urls.article(a) for a in kb.articles} <= pages


def test_every_page_answers_with_one_h1_and_a_csp(
    client: TestClient, manifest: dict[str, Any]
) -> None:
    assert manifest["pages"]
    for url in manifest["pages"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html"), url
        assert response.text.count("<h1") == 1, url
        assert response.headers["content-security-policy"] == CSP, url
        assert response.headers["x-content-type-options"] == "nosniff", url


def test_json_twins(client: TestClient, manifest: dict[str, Any]) -> None:
    for url in manifest["pages"]:
        response = client.get(urls.json_twin(url))
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("application/json"), url
        assert response.json()["url"] == url


def test_accept_json_on_a_page_url_returns_its_twin(
    client: TestClient, manifest: dict[str, Any]
) -> None:
    for url in manifest["pages"]:
        response = client.get(url, headers={"Accept": "application/json"})
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("application/json"), url
        assert response.json() == client.get(urls.json_twin(url)).json()
        assert "accept" in response.headers.get("vary", "").lower()


def test_browser_accept_header_gets_html(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.8"
    response = client.get("/", headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/html")


def test_unknown_url_is_a_404_page(client: TestClient, release: Path) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert response.text == (release / "site" / "404.html").read_text(encoding="utf-8")
    assert response.text.count("<h1") == 1
    assert response.headers["content-security-policy"] == CSP


@pytest.mark.parametrize(
    "path",
    [
        "/..%2f..%2fetc/passwd",
        "/..%2fmanifest.json",  # the release manifest sits one folder above the site
        "/..%2fsourcefirst.db",
        "/static/%2e%2e/%2e%2e/manifest.json",
        "/static/..%2f..%2fmanifest.json",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%5c..%5cmanifest.json",
        "/.%2e/manifest.json",
    ],
)
def test_path_traversal_is_refused(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text
    assert '"fingerprint"' not in response.text


def test_static_dot_dot_is_refused(client: TestClient) -> None:
    """`/static/../manifest.json` as an HTTP client sends it (dot segments removed first).

    The literal form, sent byte for byte, is checked against the real server below.
    """
    response = client.get("/static/../manifest.json")
    assert response.status_code == 404
    assert '"fingerprint"' not in response.text


def test_post_is_not_allowed(client: TestClient) -> None:
    response = client.post("/articles/how-semax-works/", content=b"x")
    assert response.status_code == 405


def test_page_without_trailing_slash_redirects(client: TestClient) -> None:
    response = client.get("/peptides/semax", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "/peptides/semax/"


def test_static_assets_are_served(client: TestClient) -> None:
    page = parse_html(client.get("/").text)
    sheets = [
        link.attrs["href"]
        for link in page.find_all("link")
        if link.attrs.get("rel") == "stylesheet"
    ]
    assert sheets
    for href in sheets:
        response = client.get(href)
        assert response.status_code == 200, href
        assert response.headers["content-type"].startswith("text/css")


def test_every_internal_link_resolves(client: TestClient, manifest: dict[str, Any]) -> None:
    """No page of the site links to a page of the site that does not exist."""
    broken: dict[str, set[str]] = {}
    status: dict[str, int] = {}
    for url in manifest["pages"]:
        for element in parse_html(client.get(url).text).iter():
            href = element.attrs.get("href", "") if element.tag in ("a", "link") else ""
            parts = urlsplit(href)
            if not href.startswith("/") or href.startswith("//"):
                continue
            target = parts.path
            if target not in status:
                status[target] = client.get(target).status_code
            if status[target] != 200:
                broken.setdefault(target, set()).add(url)
    assert broken == {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.parametrize("extra", [[], ["--dev"]], ids=["serve", "serve --dev"])
def test_real_server_over_http(built_site: Path, extra: list[str]) -> None:
    with running_server("--out", built_site, *extra) as (base, port, _pid):
        with urllib.request.urlopen(f"{base}/articles/how-semax-works/", timeout=5) as response:
            assert response.status == 200
            assert response.headers["Content-Security-Policy"] == CSP
            page = parse_html(response.read().decode("utf-8"))
        figure = page.find("figure", class_="snapshot")
        assert figure is not None
        header = [" ".join(th.text.split()) for th in figure.one("thead").find_all("th")]
        assert header == ["Proposed mechanism", "Evidence picture", "Boundary"]
        assert figure.one("tbody").find_all("tr")

        for raw in (
            "/static/../manifest.json",
            "/static/../../manifest.json",
            "/../sourcefirst.db",
        ):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                connection.request("GET", raw)  # http.client sends the path unchanged
                answer = connection.getresponse()
                body = answer.read()
            finally:
                connection.close()
            assert answer.status in (400, 404), raw
            assert b"fingerprint" not in body, raw

        request = urllib.request.Request(
            f"{base}/articles/how-semax-works/", headers={"Accept": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.loads(response.read())["title"]


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/peptides/semax/", {"Accept-Encoding": "br, gzip"}),
        ("/peptides/semax/", {"Accept-Encoding": "identity"}),
        ("/peptides/semax.json", {"Accept-Encoding": "gzip"}),
        ("/peptides/semax/", {"Accept": "application/json"}),
        ("/static/style.css", {}),
    ],
)
def test_answers_from_memory_match_the_apps_own(
    client: TestClient, path: str, headers: dict[str, str]
) -> None:
    """A built file is answered before routing (serve/fast_static.py); a query string sends the
    same request through the app's file route. Both must give the same status, headers and
    bytes, twice over (the second from the cache)."""
    fast = [client.get(path, headers=headers) for _ in range(2)]
    layer: Any = client.app.middleware_stack  # type: ignore[attr-defined]
    while not isinstance(layer, StaticFastPath):
        layer = layer.app  # walk the middleware stack down to the layer under test
    assert any(key[1] == path for key in layer.entries), "not answered from memory"
    routed = client.get(path + "?via=app", headers=headers)
    for response in fast:
        assert response.status_code == routed.status_code == 200
        assert response.content == routed.content
        for name in (
            "content-type",
            "content-encoding",
            "content-length",
            "etag",
            "cache-control",
            "vary",
            "content-security-policy",
            "x-content-type-options",
        ):
            assert response.headers.get(name) == routed.headers.get(name), name


def test_head_from_memory_has_no_body(client: TestClient) -> None:
    response = client.head("/peptides/semax/")
    assert response.status_code == 200
    assert response.content == b""
    assert int(response.headers["content-length"]) > 1000
