"""The JSON API under /api (documented in docs/api.md; OpenAPI at /api/openapi.json)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from sourcefirst.chemistry import MAX_INPUT_CHARS, SequenceError
from sourcefirst.errors import ERROR_RESPONSES, ApiError
from sourcefirst.pages.compare import CompareError, ComparePage, canonical_ids, compare_page
from sourcefirst.pages.explorer import ExplorerPage, explorer_page
from sourcefirst.pages.sequence import analyse
from sourcefirst.tools import FilterError, parse_filters
from sourcefirst.webstate import SiteState


def api_router(state: SiteState) -> APIRouter:
    router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

    @router.get("/sequence", summary="Chemistry and origin of a peptide sequence")
    def sequence(
        q: Annotated[
            str,
            Query(
                max_length=MAX_INPUT_CHARS,
                description="One- or three-letter "
                "sequence, optionally with Ac-/H- and -NH2/-OH termini",
            ),
        ],
    ) -> dict[str, Any]:
        try:
            properties, fragments = analyse(state.kb(), q)
        except SequenceError as exc:
            raise ApiError(400, str(exc), [{"position": exc.position}]) from exc
        return {"properties": properties, "fragments": fragments}

    @router.get("/compare", summary="Compare two or three peptides", response_model=ComparePage)
    def compare(
        p: Annotated[list[str], Query(description="Peptide ids (2 or 3)", max_length=3)],
    ) -> ComparePage:
        kb = state.kb()
        try:
            return compare_page(kb, canonical_ids(kb, p))
        except CompareError as exc:
            raise ApiError(404 if "unknown" in str(exc) else 400, str(exc)) from exc

    @router.get(
        "/explorer", summary="Evidence matrix: peptides × topics", response_model=ExplorerPage
    )
    def explorer(
        level: Annotated[str | None, Query(max_length=40)] = None,
        species: Annotated[str | None, Query(max_length=40)] = None,
        kind: Annotated[str | None, Query(max_length=40)] = None,
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> ExplorerPage:
        try:
            filters = parse_filters(level, species, kind, page)
        except FilterError as exc:
            raise ApiError(400, str(exc)) from exc
        return explorer_page(state.kb(), filters)

    return router
