"""Serve a built site: pages, JSON twins, static assets — with strict security headers.

The server reads ``<build>/current`` on every request, so a rebuild (an atomic link swap) is
picked up without a restart, and a half-written build is never visible.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    Response,
    StreamingResponse,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sourcefirst.pages.apidocs import api_docs_page
from sourcefirst.release.assets import asset_url
from sourcefirst.serve.api import api_router
from sourcefirst.serve.devmode import DiagnosticsIndex, render_panel, render_to_verify
from sourcefirst.serve.errors import ApiError, error_response
from sourcefirst.serve.fast_static import StaticFastPath
from sourcefirst.serve.fhir_api import fhir_router
from sourcefirst.serve.files import (
    SiteFiles,
    accepted_encodings,
    cache_control,
    media_type,
    precompressed,
)
from sourcefirst.serve.limits import UVICORN_MAX_HEAD, RequestLimits
from sourcefirst.serve.reload import LiveReload
from sourcefirst.serve.tools import respond, tools_router, wants_json
from sourcefirst.serve.webstate import NoBuild, SiteState

if TYPE_CHECKING:
    import uvicorn

log = logging.getLogger("sourcefirst.serve.server")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
DYNAMIC_PAGES = {"/search", "/explorer", "/compare", "/tools/sequence"}


class HeadAsGet:
    """Answer HEAD as GET without a body (FastAPI routes are GET-only), on every route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (scope["type"] == "http" and scope["method"] == "HEAD"):
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # drop body chunks; only the final (empty) message goes out
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


_SECURITY_RAW = [
    (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()
]


class SecurityHeaders:
    """Adds the security headers to every response a route has not set them on.

    A pure ASGI middleware: it edits the `http.response.start` message in passing, with the
    header bytes encoded once, instead of wrapping each request in a task and a response
    object as Starlette's BaseHTTPMiddleware does (about half of a static page's server time).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(pair for pair in _SECURITY_RAW if pair[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _with_diagnostics(target: Path, path: str, index: DiagnosticsIndex) -> Response:
    found = index.for_url(path if path.endswith("/") else path + "/")
    page = target.read_text(encoding="utf-8")
    page = page.replace("</main>", render_panel(found) + "</main>", 1)
    reloader = f'<script src="{asset_url("dev-reload.js")}" defer></script>'
    page = page.replace("</head>", reloader + "</head>", 1)
    response = HTMLResponse(page)
    response.headers["X-SourceFirst-Diagnostics"] = str(len(found))
    return response


def create_app(build: Path, dev_content: Path | None = None, watch: bool = False) -> FastAPI:
    """The site: static pages, server-rendered tools and the JSON API.

    With ``dev_content``, HTML pages carry the diagnostics of the content they are built from;
    with ``watch`` as well, an edit there rebuilds the site and open pages reload.
    """
    state = SiteState(build)
    files = SiteFiles(build)
    diagnostics = DiagnosticsIndex(dev_content) if dev_content is not None else None
    live = LiveReload(dev_content, build) if dev_content is not None and watch else None

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # load the knowledge base before the first request rather than during it: at 10,000
        # peptides it takes seconds, and every request queued behind it would time out
        with contextlib.suppress(NoBuild):
            await asyncio.to_thread(state.kb)
            # the knowledge base lives as long as the release: keep the collector from scanning
            # its millions of objects again and again (full collections took hundreds of ms)
            gc.collect()
            gc.freeze()
        if live is None:
            yield
            return
        async with live.running():
            yield

    app = FastAPI(
        lifespan=lifespan,
        title="SourceFirst API",
        version="1",
        description="Citation-anchored evidence on research peptides. See docs/api.md.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    if diagnostics is None:  # dev pages are edited per request: no answers from memory
        app.add_middleware(
            StaticFastPath, files=files, routes=app.router.routes, security_headers=_SECURITY_RAW
        )
    app.add_middleware(RequestLimits)  # before any routing or cached answer
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)

    def not_found() -> Response:
        root = files.root
        page = root / "404.html" if root else None
        if page and page.is_file():
            return HTMLResponse(page.read_text(encoding="utf-8"), status_code=404)
        return PlainTextResponse("Not found", status_code=404)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.message, exc.details, exc.code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": [str(p) for p in e["loc"]], "message": e["msg"]} for e in exc.errors()]
        if is_api(request):
            return error_response(422, "invalid request parameters", details)
        return PlainTextResponse("Bad request: " + "; ".join(d["message"] for d in details), 400)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if is_api(request):
            response = error_response(exc.status_code, str(exc.detail))
            for name, value in (getattr(exc, "headers", None) or {}).items():
                response.headers[name] = value  # e.g. Allow on a 405
            return response
        if exc.status_code == 404:
            return not_found()
        return PlainTextResponse(
            str(exc.detail), status_code=exc.status_code, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(NoBuild)
    async def no_build(request: Request, _exc: NoBuild) -> Response:
        if is_api(request):
            return error_response(503, "no build is available yet")
        return PlainTextResponse("No build yet: run `sourcefirst build`.", status_code=503)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path, exc_info=exc)
        # this handler runs outside the middleware stack, so it adds the headers itself
        response = (
            error_response(500, "internal error")
            if is_api(request)
            else PlainTextResponse("Internal server error", status_code=500)
        )
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.get("/api/", include_in_schema=False)
    def api_docs(request: Request) -> Response:
        return respond(api_docs_page(app.openapi()), wants_json(request), site=state.kb().site)

    @app.get("/api.json", include_in_schema=False)
    def api_docs_json() -> Response:
        """The JSON twin of the API reference page (the page links to it)."""
        return respond(api_docs_page(app.openapi()), True, site=state.kb().site)

    @app.get("/api", include_in_schema=False)
    def api_slash() -> Response:
        return Response(status_code=308, headers={"location": "/api/"})

    app.include_router(api_router(state))
    app.include_router(fhir_router(state))
    app.include_router(tools_router(state))

    if dev_content is not None:

        @app.get("/dev/to-verify/", include_in_schema=False)
        def to_verify() -> Response:
            return HTMLResponse(render_to_verify(dev_content))

        @app.get("/dev/events", include_in_schema=False)
        async def dev_events(request: Request) -> Response:
            """Server-sent events: one per rebuild after a content edit (`serve --dev`)."""
            if live is None:
                return error_response(404, "live reload is off (serve --dev turns it on)")
            seen = int(request.headers.get("last-event-id", "0") or 0)
            return StreamingResponse(
                live.events(max(seen, live.latest.version)),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-store"},
            )

    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    async def site(request: Request, path: str) -> Response:
        path = request.url.path
        if is_api(request):
            return error_response(404, f"no API endpoint at {path}")
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            target = files.find(path, False)
            if (target is not None and target.name == "index.html") or path in DYNAMIC_PAGES:
                # one leading slash only (no //host redirect), and the query string kept
                location = "/" + path.lstrip("/") + "/"
                if request.url.query:
                    location += "?" + request.url.query
                return Response(status_code=308, headers={"location": location})
        target = files.find(path, _wants_json(request))
        if target is None and path != path.lower() and files.find(path.lower(), False):
            # /Peptides/Semax/ → /peptides/semax/: addresses are lower case, readers' typing not
            location = "/" + path.lower().lstrip("/")
            if request.url.query:
                location += "?" + request.url.query
            return Response(status_code=308, headers={"location": location})
        if target is None:
            if path.endswith(".json") or _wants_json(request):
                return error_response(404, f"no page at {path}")  # JSON asked, JSON answered
            return not_found()
        if diagnostics is not None and target.suffix == ".html":
            return _with_diagnostics(target, path, diagnostics)
        accepted = accepted_encodings(request.headers.get("accept-encoding", ""))
        chosen, encoding = precompressed(target, accepted)  # twins written by the build
        response = FileResponse(chosen, media_type=media_type(target))
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.headers["Vary"] = "Accept, Accept-Encoding"
        response.headers["Cache-Control"] = cache_control(target)
        return response

    return app


def uvicorn_config(app: ASGIApp, host: str, port: int) -> uvicorn.Config:
    """How `sourcefirst serve` runs ``app``: h11 (whatever else is installed), with a request
    head limit above RequestLimits' so that oversized requests get its 414/431, not h11's 400."""
    import uvicorn  # imported here: only serving needs it

    return uvicorn.Config(app, **uvicorn_options(host, port))


def uvicorn_options(host: str, port: int) -> dict[str, Any]:
    """The server options every `sourcefirst serve` process uses (one or many workers)."""
    return {
        "host": host,
        "port": port,
        "http": "h11",
        "h11_max_incomplete_event_size": UVICORN_MAX_HEAD,
        "log_level": "warning",
        "server_header": False,
        # open event streams (`serve --dev`) never end by themselves: stop waiting for them
        "timeout_graceful_shutdown": 3,
    }


BUILD_ENV = "SOURCEFIRST_BUILD"


def run_workers(workers: int, options: dict[str, Any]) -> None:
    """`serve --workers N`: uvicorn's own supervisor over one listening socket, as
    `uvicorn.run(workers=N)` would, with TCP_NODELAY set on that socket first.

    Workers receive the socket re-created from its descriptor, which asyncio does not
    recognise as TCP, so it skips TCP_NODELAY on accepted connections; a response head and
    body written separately then wait on the client's delayed ACK (a fixed ~40 ms per
    request: 1,450 req/s at 64 connections instead of 6,500). Linux copies the option from
    the listening socket to every connection it accepts.
    """
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        "sourcefirst.serve.server:app_from_environment", factory=True, workers=workers, **options
    )
    sock = config.bind_socket()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    Multiprocess(config, sockets=[sock]).run()


def app_from_environment() -> FastAPI:
    """The app for `serve --workers N`: each worker process builds its own, over the build
    folder named in $SOURCEFIRST_BUILD (read-only, so the processes are identical replicas)."""
    return create_app(Path(os.environ[BUILD_ENV]))
