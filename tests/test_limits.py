"""Oversized requests: 414 for a long address, 431 for large headers, answered before routing,
through the app (TestClient) and through uvicorn as `sourcefirst serve` runs it (raw sockets)."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.testclient import TestClient

from sourcefirst.serve.errors import CODES
from sourcefirst.serve.limits import LIMITS, UVICORN_MAX_HEAD
from sourcefirst.serve.server import CSP, create_app, uvicorn_config

OVER_QUERY = "q=" + "a" * LIMITS.query  # 2 bytes over
WITHIN_QUERY = "x=" + "a" * (LIMITS.query - 2)
BIG_HEADER = "b" * LIMITS.header  # with its name, over the one-header limit
# three headers each within the one-header limit, together over the all-headers limit
SPLIT_HEADERS = {f"x-part-{i}": "c" * (LIMITS.headers // 3) for i in range(3)}


def envelope(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert error["status"] == status
    assert error["code"] == CODES[status]
    assert str(LIMITS.query if status == 414 else LIMITS.header) in error["message"] or (
        str(LIMITS.headers) in error["message"]
    )
    return error


def test_long_query_on_the_api_is_a_414_envelope(client: TestClient) -> None:
    error = envelope(client.get("/api/search?" + OVER_QUERY), 414)
    assert error["code"] == "uri_too_long"
    assert error["details"] == [{"part": "query", "size": LIMITS.query + 2, "limit": LIMITS.query}]


def test_long_query_on_a_page_is_a_short_html_414(client: TestClient) -> None:
    response = client.get("/search/?" + OVER_QUERY)
    assert response.status_code == 414
    assert response.headers["content-type"].startswith("text/html")
    assert "URI too long" in response.text
    assert str(LIMITS.query) in response.text
    assert len(response.text) < 1000
    assert response.headers["content-security-policy"] == CSP


def test_json_twin_and_accept_json_get_the_envelope(client: TestClient) -> None:
    envelope(client.get("/search.json?" + OVER_QUERY), 414)
    envelope(client.get("/search/?" + OVER_QUERY, headers={"accept": "application/json"}), 414)


def test_long_path_is_a_414(client: TestClient) -> None:
    response = client.get("/peptides/" + "p" * LIMITS.path)
    assert response.status_code == 414
    assert "request path" in response.text


def test_a_query_within_the_limit_is_served(client: TestClient) -> None:
    assert client.get("/?" + WITHIN_QUERY).status_code == 200
    assert client.get("/api/peptides?" + WITHIN_QUERY).status_code == 200


def test_one_large_header_is_a_431(client: TestClient) -> None:
    error = envelope(client.get("/api/peptides", headers={"x-big": BIG_HEADER}), 431)
    assert error["code"] == "header_too_large"
    assert error["details"][0]["header"] == "x-big"
    page = client.get("/", headers={"x-big": BIG_HEADER})
    assert page.status_code == 431
    assert "Request header fields too large" in page.text


def test_many_headers_together_are_a_431(client: TestClient) -> None:
    assert all(len(k) + len(v) <= LIMITS.header for k, v in SPLIT_HEADERS.items())
    error = envelope(client.get("/api/peptides", headers=SPLIT_HEADERS), 431)
    assert error["details"][0]["part"] == "headers"
    headers = {f"x-h{i}": "1" for i in range(LIMITS.header_count + 1)}
    assert client.get("/api/peptides", headers=headers).status_code == 431


def test_head_gets_the_status_without_a_body(client: TestClient) -> None:
    response = client.head("/api/search?" + OVER_QUERY)
    assert response.status_code == 414
    assert response.content == b""


# --- through uvicorn, configured as `sourcefirst serve` configures it ------------------------


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[tuple[str, int]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    instance = uvicorn.Server(uvicorn_config(create_app(built_site), "127.0.0.1", port))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 10 s")
        time.sleep(0.05)
    try:
        yield "127.0.0.1", port
    finally:
        instance.should_exit = True
        thread.join(timeout=10)


def raw_request(server: tuple[str, int], target: str, headers: dict[str, str]) -> bytes:
    """Send one GET by hand (no client-side limits) and read the whole answer."""
    head = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    with socket.create_connection(server, timeout=10) as sock:
        sock.sendall(head.encode("latin-1"))
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def split(answer: bytes) -> tuple[int, str, bytes]:
    head, _sep, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    return int(status_line.split()[1]), "\n".join(header_lines).lower(), body


def test_real_server_answers_a_long_query_with_a_414(server: tuple[str, int]) -> None:
    status, headers, body = split(raw_request(server, "/api/search?" + OVER_QUERY, {}))
    assert status == 414
    assert "content-type: application/json" in headers
    assert json.loads(body)["error"]["code"] == "uri_too_long"


def test_real_server_answers_large_headers_with_a_431(server: tuple[str, int]) -> None:
    # over h11's default 16 KB head: without the raised limit uvicorn itself would refuse it
    headers = {**SPLIT_HEADERS, "x-big": BIG_HEADER}
    assert sum(len(k) + len(v) for k, v in headers.items()) > 16 * 1024
    status, _headers, body = split(raw_request(server, "/api/peptides?" + OVER_QUERY, headers))
    assert status == 414  # the address is checked first
    status, _headers, body = split(raw_request(server, "/api/peptides", headers))
    assert status == 431
    assert json.loads(body)["error"]["code"] == "header_too_large"
    status, headers_text, body = split(raw_request(server, "/", {"x-big": BIG_HEADER}))
    assert status == 431
    assert "content-type: text/html" in headers_text
    assert b"Request header fields too large" in body


def test_real_server_still_serves_normal_requests(server: tuple[str, int]) -> None:
    connection = http.client.HTTPConnection(*server, timeout=10)
    connection.request("GET", "/api/peptides?" + WITHIN_QUERY, headers={"x-ok": "d" * 4000})
    response = connection.getresponse()
    assert response.status == 200
    assert json.loads(response.read())["total"] > 0
    connection.close()


def test_uvicorns_head_limit_is_above_everything_the_middleware_must_see() -> None:
    # request line (method, path, query, version) plus every header that may still be refused
    most = LIMITS.path + LIMITS.query + LIMITS.headers + LIMITS.header + 64
    config = uvicorn_config(create_app(Path("/nonexistent")), "127.0.0.1", 0)
    assert config.h11_max_incomplete_event_size == UVICORN_MAX_HEAD
    assert most < UVICORN_MAX_HEAD
    assert config.http == "h11"


# --- the limits admit every request the OpenAPI document allows -------------------------------

ESCAPED = 12  # bytes of one 4-byte UTF-8 character once percent-escaped


def _longest(schema: dict[str, Any], components: dict[str, Any]) -> int:
    """The most bytes one value of ``schema`` can take in a URL (fails if unbounded)."""
    if "$ref" in schema:
        return _longest(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if "anyOf" in schema:
        return max(_longest(s, components) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return max(len(str(v)) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "integer":
        return len(str(schema.get("maximum", 10**19))) + 1
    if kind == "boolean":
        return len("false")
    assert kind == "string", schema
    assert "maxLength" in schema, f"unbounded string parameter: {schema}"
    return int(schema["maxLength"]) * ESCAPED


def test_every_request_the_schema_allows_is_within_the_limits() -> None:
    openapi = create_app(Path("/nonexistent")).openapi()
    components = openapi["components"]["schemas"]
    for path, item in openapi["paths"].items():
        for operation in item.values():
            path_bytes, query_bytes = len(path), 0
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if schema.get("type") == "array":
                    assert "maxItems" in schema, (path, parameter["name"])
                    each = len(parameter["name"]) + 2 + _longest(schema["items"], components)
                    query_bytes += each * int(schema["maxItems"])
                elif parameter["in"] == "path":
                    path_bytes += _longest(schema, components)
                else:
                    query_bytes += len(parameter["name"]) + 2 + _longest(schema, components)
            assert path_bytes <= LIMITS.path, (path, path_bytes)
            assert query_bytes <= LIMITS.query, (path, query_bytes)
