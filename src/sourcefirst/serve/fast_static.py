"""Built pages and files answered from memory, before routing.

Most requests are for a page, its JSON twin or an asset, all files of the immutable current
release. This pure ASGI layer answers those itself: the response head (type, length, ETag,
encoding, cache lifetime, security headers) is worked out once per file and kept with the
bytes in a small cache keyed by the release, so a repeat request costs a dictionary look-up
and two ``send`` calls instead of routing, a thread hop to stat and open the file, and header
building. Anything else — a route of the app (API, tools, search, compare, dev pages), a
query string, a conditional or range request, a redirect, a 404 — goes on to the app
unchanged, so behaviour is the app's own.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from dataclasses import dataclass
from email.utils import formatdate

from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from sourcefirst.serve.files import (
    SiteFiles,
    accepted_encodings,
    cache_control,
    media_type,
    precompressed,
)

CACHE_BYTES = 16 * 1024 * 1024  # bodies kept in memory: the hot pages, compressed
MAX_CACHED_FILE = 2 * 1024 * 1024  # larger files (the database download) go to the app
PASS_THROUGH_HEADERS = {b"range", b"if-none-match", b"if-modified-since", b"if-range"}

CATCH_ALL = "/{path:path}"  # the app's file route: what this layer answers in its place

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class Entry:
    headers: Headers
    body: bytes


def _wants_json(accept: bytes) -> bool:
    return b"application/json" in accept and b"text/html" not in accept


class StaticFastPath:
    def __init__(
        self,
        app: ASGIApp,
        files: SiteFiles,
        routes: list[BaseRoute],
        security_headers: Headers,
    ) -> None:
        self.app = app
        self.files = files
        self.routes = routes  # the app's routes, the catch-all file route among them (skipped)
        self.security = security_headers
        self.entries: OrderedDict[tuple[str, str, bool, str], Entry | None] = OrderedDict()
        self.cached_bytes = 0
        self.routed: dict[str, bool] = {}
        self.current = str(files.build / "current")

    def _is_routed(self, scope: Scope) -> bool:
        """Whether one of the app's routes answers this path (then the app must)."""
        path: str = scope["path"]
        known = self.routed.get(path)
        if known is None:
            probe = {**scope, "method": "GET"}
            known = any(
                route.matches(probe)[0] is not Match.NONE
                for route in self.routes
                if getattr(route, "path", None) != CATCH_ALL
            )
            if len(self.routed) > 4096:
                self.routed.clear()
            self.routed[path] = known
        return known

    def _entry(
        self, release: str, path: str, want_json: bool, accept_encoding: bytes
    ) -> Entry | None:
        encodings = accepted_encodings(accept_encoding.decode("latin-1"))
        key = (release, path, want_json, ",".join(encodings))
        if key in self.entries:
            self.entries.move_to_end(key)
            return self.entries[key]
        entry = self._load(path, want_json, encodings)
        self.entries[key] = entry
        self.cached_bytes += len(entry.body) if entry else 0
        while self.cached_bytes > CACHE_BYTES and self.entries:
            _key, old = self.entries.popitem(last=False)
            self.cached_bytes -= len(old.body) if old else 0
        return entry

    def _load(self, path: str, want_json: bool, encodings: list[str]) -> Entry | None:
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            return None  # the app redirects these to the address with a slash
        target = self.files.find(path, want_json)
        if target is None:
            return None
        chosen, encoding = precompressed(target, encodings)
        stat = chosen.stat()
        if stat.st_size > MAX_CACHED_FILE:
            return None
        body = chosen.read_bytes()
        # the same validators Starlette's FileResponse sends
        etag = hashlib.md5(
            f"{stat.st_mtime}-{stat.st_size}".encode(), usedforsecurity=False
        ).hexdigest()
        headers: Headers = [
            (b"content-type", media_type(target).encode()),
            (b"content-length", str(len(body)).encode()),
            (b"last-modified", formatdate(stat.st_mtime, usegmt=True).encode()),
            (b"etag", f'"{etag}"'.encode()),
            (b"vary", b"Accept, Accept-Encoding"),
            (b"cache-control", cache_control(target).encode()),
        ]
        if encoding:
            headers.append((b"content-encoding", encoding.encode()))
        return Entry(headers + self.security, body)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or scope.get("query_string")
        ):
            await self.app(scope, receive, send)
            return
        accept = accept_encoding = b""
        for name, value in scope["headers"]:
            if name == b"accept":
                accept = value
            elif name == b"accept-encoding":
                accept_encoding = value
            elif name in PASS_THROUGH_HEADERS:
                await self.app(scope, receive, send)
                return
        path: str = scope["path"]
        if path.startswith(("/api", "/dev/")) or self._is_routed(scope):
            await self.app(scope, receive, send)
            return
        try:
            release = os.readlink(self.current)  # noqa: PTH115 - one syscall, no Path built
        except OSError:
            await self.app(scope, receive, send)
            return
        entry = self._entry(release, path, _wants_json(accept), accept_encoding)
        if entry is None:
            await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
        body = b"" if scope["method"] == "HEAD" else entry.body
        await send({"type": "http.response.body", "body": body})
