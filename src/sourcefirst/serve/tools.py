"""Server-rendered research tools (work without JavaScript), each with a JSON twin.

/tools/sequence/?q=MEHFPGP      /tools/sequence.json?q=MEHFPGP
/compare/?p=semax&p=selank  →  303 to /compare/selank-vs-semax/  (+ .json)
/explorer/?level=animal&species=rat&kind=mechanism  (+ /explorer.json)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from sourcefirst.chemistry import MAX_INPUT_CHARS
from sourcefirst.domain.evidence import Level
from sourcefirst.pages.compare import (
    CompareError,
    canonical_ids,
    compare_index_page,
    compare_page,
    compare_url,
)
from sourcefirst.pages.explorer import ExplorerFilters, explorer_page
from sourcefirst.pages.models import Page
from sourcefirst.pages.search import search_page
from sourcefirst.pages.sequence import sequence_page
from sourcefirst.release.render import render_html, render_json
from sourcefirst.schema.finding import FindingKind
from sourcefirst.schema.site import SiteConfig
from sourcefirst.search.query import SearchFilters
from sourcefirst.serve.webstate import SiteState


class FilterError(ValueError):
    pass


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def respond(
    page: Page, as_json: bool, status: int = 200, query: str = "", *, site: SiteConfig
) -> Response:
    """A page as HTML or as its JSON twin (the same data); caches must key on Accept."""
    if as_json:
        response: Response = Response(
            render_json(page), status_code=status, media_type="application/json; charset=utf-8"
        )
    else:
        response = HTMLResponse(render_html(page, site, query), status_code=status)
    response.headers["Vary"] = "Accept"
    return response


def remembered(state: SiteState, key: Hashable, make: Callable[[], Response]) -> Response:
    """``make()``'s response, rendered once per release and question: the status, type and
    body are kept (state.memo), and each request gets a fresh response object of them."""
    status, media_type, body = state.memo(key, lambda: _parts(make()))
    response = Response(body, status_code=status, media_type=media_type)
    response.headers["Vary"] = "Accept"
    return response


def _parts(response: Response) -> tuple[int, str, bytes]:
    return response.status_code, response.headers["content-type"], bytes(response.body)


def parse_filters(
    level: str | None, species: str | None, kind: str | None, page: int
) -> ExplorerFilters:
    levels = {lv.slug: lv for lv in Level}
    if level and level not in levels:
        raise FilterError(f"unknown level {level!r}; use one of: {', '.join(levels)}")
    kinds = {k.value: k for k in FindingKind}
    if kind and kind not in kinds:
        raise FilterError(f"unknown kind {kind!r}; use one of: {', '.join(kinds)}")
    if species and (len(species) > 40 or not species.replace(" ", "").isalpha()):
        raise FilterError("species must be a plain word such as 'rat'")
    return ExplorerFilters(
        min_level=levels[level] if level else Level.UNCLASSIFIED,
        species=species.lower() if species else None,
        kind=kinds[kind] if kind else None,
        page=page,
    )


@dataclass
class ExplorerQuery:
    """The explorer's filter form, shared by the page and its JSON twin."""

    level: str | None = None
    species: str | None = None
    kind: str | None = None
    page: Annotated[int, Query(ge=1, le=100_000)] = 1


@dataclass
class SearchQuery:
    """The search form, shared by the page and its JSON twin."""

    q: Annotated[str, Query(max_length=2000)] = ""
    type: Annotated[str | None, Query(max_length=20)] = None  # the parameter's public name
    peptide: Annotated[str | None, Query(max_length=120)] = None
    level: Annotated[str | None, Query(max_length=40)] = None
    topic: Annotated[str | None, Query(max_length=120)] = None
    page: Annotated[int, Query(ge=1, le=1000)] = 1


def tools_router(state: SiteState) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def sequence(request: Request, q: str | None, as_json: bool) -> Response:
        if q is not None and len(q) > MAX_INPUT_CHARS:
            q = q[: MAX_INPUT_CHARS + 1]  # enough to report "too long" without echoing it all
        wanted = as_json or wants_json(request)

        def make() -> Response:
            page = sequence_page(state.kb(), q)
            return respond(
                page,
                wanted,
                400 if page.error else 200,
                query=request.url.query,
                site=state.kb().site,
            )

        return remembered(state, ("sequence", q, wanted, request.url.query), make)

    @router.get("/tools/sequence/")
    def sequence_html(request: Request, q: Annotated[str | None, Query()] = None) -> Response:
        return sequence(request, q, False)

    @router.get("/tools/sequence.json")
    def sequence_json(request: Request, q: Annotated[str | None, Query()] = None) -> Response:
        return sequence(request, q, True)

    @router.get("/compare/")
    def compare_index(request: Request, p: Annotated[list[str] | None, Query()] = None) -> Response:
        kb = state.kb()
        chosen = [x for x in p or [] if x.strip()]
        if not chosen:
            return respond(compare_index_page(kb), wants_json(request), site=state.kb().site)
        try:
            ids = canonical_ids(kb, chosen)
        except CompareError as exc:
            status = 404 if "unknown" in str(exc) else 400
            return respond(
                compare_index_page(kb, chosen, str(exc)),
                wants_json(request),
                status,
                site=state.kb().site,
            )
        return RedirectResponse(compare_url(ids), status_code=303)

    def comparison(request: Request, pair: str, as_json: bool) -> Response:
        kb = state.kb()
        requested = pair.split("-vs-")
        try:
            ids = canonical_ids(kb, requested)
        except CompareError as exc:
            status = 404 if "unknown" in str(exc) else 400
            return respond(
                compare_index_page(kb, requested, str(exc)),
                as_json or wants_json(request),
                status,
                site=state.kb().site,
            )
        if ids != requested:
            target = compare_url(ids)
            return RedirectResponse(target.rstrip("/") + ".json" if as_json else target, 308)
        wanted = as_json or wants_json(request)
        return remembered(
            state,
            ("compare", tuple(ids), wanted),
            lambda: respond(compare_page(kb, ids), wanted, site=state.kb().site),
        )

    @router.get("/compare/{pair}/")
    def compare_html(request: Request, pair: str) -> Response:
        return comparison(request, pair, False)

    @router.get("/compare/{pair}.json")
    def compare_json(request: Request, pair: str) -> Response:
        return comparison(request, pair, True)

    def explorer(request: Request, query: ExplorerQuery, as_json: bool) -> Response:
        """Filters arrive as text (a form): a bad value is shown on the page with a 400."""
        try:
            filters = parse_filters(
                query.level or None, query.species or None, query.kind or None, query.page
            )
        except FilterError as exc:
            return respond(
                explorer_page(state.kb(), error=str(exc)),
                as_json or wants_json(request),
                400,
                site=state.kb().site,
            )
        wanted = as_json or wants_json(request)
        return remembered(
            state,
            ("explorer", filters, wanted, request.url.query),
            lambda: respond(
                explorer_page(state.kb(), filters),
                wanted,
                query=request.url.query,
                site=state.kb().site,
            ),
        )

    @router.get("/explorer/")
    def explorer_html(request: Request, query: Annotated[ExplorerQuery, Depends()]) -> Response:
        return explorer(request, query, False)

    @router.get("/explorer.json")
    def explorer_json(request: Request, query: Annotated[ExplorerQuery, Depends()]) -> Response:
        return explorer(request, query, True)

    def search(request: Request, query: SearchQuery, as_json: bool) -> Response:
        filters = SearchFilters(
            type=query.type or None,
            peptide=query.peptide or None,
            level=query.level or None,
            topic=query.topic or None,
        )
        wanted = as_json or wants_json(request)

        def make() -> Response:
            data = search_page(state.kb(), state.connection(), query.q, filters, query.page)
            return respond(data, wanted, query=request.url.query, site=state.kb().site)

        key = ("search-page", query.q, filters, query.page, wanted, request.url.query)
        return remembered(state, key, make)

    @router.get("/search/")
    def search_html(request: Request, query: Annotated[SearchQuery, Depends()]) -> Response:
        return search(request, query, False)

    @router.get("/search.json")
    def search_json(request: Request, query: Annotated[SearchQuery, Depends()]) -> Response:
        return search(request, query, True)

    return router
