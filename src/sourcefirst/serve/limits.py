"""Request size limits, checked before routing (documented in docs/api.md).

A request whose address or headers are over a limit gets a 414 (URI too long) or a 431
(request header fields too large) at once, before any route, parameter parsing or file lookup
sees it: the project's JSON error envelope for API and JSON requests, a short HTML page
otherwise. This is a pure ASGI middleware (no request body is read; nothing is buffered).

``sourcefirst serve`` runs uvicorn with ``UVICORN_MAX_HEAD`` as h11's limit on the request
head, above the sum of these limits, so that this middleware, not the HTTP parser, answers an
oversized request that is still within reason. Heads over ``UVICORN_MAX_HEAD`` are refused by
uvicorn itself (a plain 400).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from sourcefirst.serve.errors import error_response

__all__ = ["LIMITS", "UVICORN_MAX_HEAD", "Limits", "RequestLimits"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Sizes in bytes, as sent (percent-escapes count as three bytes)."""

    path: int = 4096  # the path of the request target (ids are at most 120 characters)
    # the query string (after `?`): room for every query the OpenAPI document allows, the
    # longest being a 2,000-character search of 4-byte characters, 12 bytes each when escaped
    query: int = 32768
    header: int = 8192  # one header: name and value
    headers: int = 16384  # all headers together
    header_count: int = 100  # number of header lines


LIMITS = Limits()

# h11's limit on the request head (request line + headers) under `sourcefirst serve`; it must
# exceed everything RequestLimits accepts plus what it needs to see to refuse it.
UVICORN_MAX_HEAD = 64 * 1024


def _wants_json(scope: Scope, headers: list[tuple[bytes, bytes]]) -> bool:
    path: str = scope.get("path", "")
    if path.startswith("/api/") or path.endswith(".json"):
        return True
    accept = b", ".join(v for k, v in headers if k.lower() == b"accept")
    return b"application/json" in accept and b"text/html" not in accept


def _page(status: int, title: str, message: str) -> HTMLResponse:
    body = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{status} {escape(title)}</title></head>\n"
        f"<body><h1>{escape(title)}</h1><p>{escape(message)}</p>"
        '<p><a href="/">SourceFirst home</a></p></body></html>\n'
    )
    return HTMLResponse(body, status_code=status)


def refusal(scope: Scope, limits: Limits = LIMITS) -> Response | None:
    """The 414/431 response for a request over a limit, or None when it is within them."""
    headers: list[tuple[bytes, bytes]] = list(scope.get("headers", []))
    raw_path: bytes = scope.get("raw_path") or scope.get("path", "").encode("utf-8")
    query: bytes = scope.get("query_string", b"")
    problem: tuple[int, str, str, dict[str, object]] | None = None
    sizes = [len(k) + len(v) for k, v in headers]
    if len(raw_path) > limits.path:
        problem = (
            414,
            "URI too long",
            f"the request path is {len(raw_path)} bytes; the limit is {limits.path}",
            {"part": "path", "size": len(raw_path), "limit": limits.path},
        )
    elif len(query) > limits.query:
        problem = (
            414,
            "URI too long",
            f"the query string is {len(query)} bytes; the limit is {limits.query}",
            {"part": "query", "size": len(query), "limit": limits.query},
        )
    elif len(headers) > limits.header_count:
        problem = (
            431,
            "Request header fields too large",
            f"the request has {len(headers)} headers; the limit is {limits.header_count}",
            {"part": "headers", "count": len(headers), "limit": limits.header_count},
        )
    elif sizes and max(sizes) > limits.header:
        name = headers[sizes.index(max(sizes))][0].decode("latin-1")[:60]
        problem = (
            431,
            "Request header fields too large",
            f"the {name} header is {max(sizes)} bytes; the limit for one header is {limits.header}",
            {"part": "header", "header": name, "size": max(sizes), "limit": limits.header},
        )
    elif sum(sizes) > limits.headers:
        problem = (
            431,
            "Request header fields too large",
            f"the headers are {sum(sizes)} bytes together; the limit is {limits.headers}",
            {"part": "headers", "size": sum(sizes), "limit": limits.headers},
        )
    if problem is None:
        return None
    status, title, message, detail = problem
    if _wants_json(scope, headers):
        return error_response(status, message, [detail])
    return _page(status, title, message)


class RequestLimits:
    """Refuse requests over ``limits`` before they reach routing."""

    def __init__(self, app: ASGIApp, limits: Limits = LIMITS) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            response = refusal(scope, self.limits)
            if response is not None:
                response.headers["Connection"] = "close"
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
