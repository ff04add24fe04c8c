"""The JSON API under /api (documented in docs/api.md; OpenAPI at /api/openapi.json)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query
from pydantic import StringConstraints
from starlette.responses import Response

from sourcefirst.chemistry import MAX_INPUT_CHARS, SequenceError
from sourcefirst.domain.evidence import Level
from sourcefirst.pages import urls
from sourcefirst.pages.compare import (
    MAX_PEPTIDES,
    MIN_PEPTIDES,
    CompareError,
    ComparePage,
    canonical_ids,
    compare_page,
)
from sourcefirst.pages.explorer import ExplorerPage, explorer_page
from sourcefirst.pages.sequence import analyse
from sourcefirst.prose.plaintext import faq_entries
from sourcefirst.release.exports import EXPORT_FORMATS, csl_json, findings_csv
from sourcefirst.schema.finding import FindingKind
from sourcefirst.search.query import MAX_LIMIT as MAX_SEARCH_LIMIT
from sourcefirst.search.query import SearchFilters, SearchResults
from sourcefirst.search.query import search as run_search
from sourcefirst.serve.api_models import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    FaqList,
    FaqRecord,
    FindingList,
    FindingRecord,
    PageList,
    PageRecord,
    PeptideDetail,
    PeptideList,
    PeptideSummary,
    SearchHit,
    SearchNotice,
    SearchResponse,
    SourceList,
    SourceRecord,
    finding_record,
    source_record,
)
from sourcefirst.serve.errors import ERROR_RESPONSES, ApiError
from sourcefirst.serve.tools import FilterError, parse_filters
from sourcefirst.serve.webstate import SiteState

# the evidence levels of evidence.Level, as the API spells them (a test keeps them in step)
LevelSlug = Literal[
    "unclassified",
    "in-vitro",
    "animal",
    "human-mechanistic",
    "human-uncontrolled",
    "human-controlled",
    "human-randomised",
    "systematic-review",
    "regulator-reviewed",
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Slug = Annotated[str | None, Query(max_length=120, pattern=r"^[a-z0-9-]+$")]
# A peptide id as content spells it (schema.common.Slug); an id that is not one is a 422.
PeptideId = Annotated[str, StringConstraints(max_length=120, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
# Species as the explorer filters them: plain words ("rat", "guinea pig"), at most 40 letters.
SPECIES_PATTERN = r"^[A-Za-z]+( [A-Za-z]+)*$"


def api_router(state: SiteState) -> APIRouter:
    router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

    @router.get("/sequence", summary="Chemistry and origin of a peptide sequence")
    def sequence(
        q: Annotated[
            str,
            Query(
                min_length=1,
                max_length=MAX_INPUT_CHARS,
                pattern=r"\S",  # something besides whitespace
                description="One- or three-letter "
                "sequence, optionally with Ac-/H- and -NH2/-OH termini; a sequence that "
                "cannot be read is a 400 naming the problem and its position",
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
        p: Annotated[
            list[PeptideId],
            Query(
                description="Peptide ids: 2 or 3 different ones",
                min_length=MIN_PEPTIDES,
                max_length=MAX_PEPTIDES,
                json_schema_extra={"uniqueItems": True},
            ),
        ],
    ) -> ComparePage:
        kb = state.kb()
        if len(set(p)) != len(p):
            raise ApiError(422, "the peptide ids must be different", [{"loc": ["query", "p"]}])
        try:
            return compare_page(kb, canonical_ids(kb, p))
        except CompareError as exc:
            raise ApiError(404 if "unknown" in str(exc) else 400, str(exc)) from exc

    @router.get(
        "/explorer", summary="Evidence matrix: peptides × topics", response_model=ExplorerPage
    )
    def explorer(
        level: Annotated[LevelSlug | None, Query(description="minimum level")] = None,
        species: Annotated[
            str | None,
            Query(max_length=40, pattern=SPECIES_PATTERN, description="e.g. rat, guinea pig"),
        ] = None,
        kind: Annotated[FindingKind | None, Query()] = None,
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> ExplorerPage:
        try:
            filters = parse_filters(level, species, kind.value if kind else None, page)
        except FilterError as exc:
            raise ApiError(400, str(exc)) from exc
        return explorer_page(state.kb(), filters)

    def paged(total: int, limit: int, offset: int, path: str, query: str = "") -> dict[str, Any]:
        following = offset + limit
        nxt = None
        if following < total:
            nxt = f"/api/{path}?{query + '&' if query else ''}limit={limit}&offset={following}"
        return {"total": total, "limit": limit, "offset": offset, "next": nxt}

    @router.get("/peptides", summary="All peptides, by id", response_model=PeptideList)
    def peptides(limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> PeptideList:
        kb = state.kb()
        ordered = sorted(kb.peptides)
        items = [
            PeptideSummary(
                id=p.id,
                name=p.name,
                one_letter=p.one_letter,
                three_letter=p.sequence.three_letter if p.sequence else None,
                summary=p.summary,
                url=urls.peptide(p.id),
                findings=len(kb.findings_by_peptide.get(p.id, [])),
            )
            for p in (kb.peptides[i] for i in ordered[offset : offset + limit])
        ]
        return PeptideList(items=items, **paged(len(ordered), limit, offset, "peptides"))

    @router.get(
        "/peptides/{peptide_id}",
        summary="One peptide with computed chemistry",
        response_model=PeptideDetail,
    )
    def peptide(peptide_id: Annotated[str, Path(max_length=120)]) -> PeptideDetail:
        kb = state.kb()
        record = kb.peptides.get(peptide_id)
        if record is None:
            raise ApiError(404, f"no peptide {peptide_id!r}")
        chemistry = None
        if record.sequence is not None and record.sequence.computable:
            chemistry, _fragments = analyse(kb, record.sequence.notation)
        return PeptideDetail(
            peptide=record.model_dump(mode="json", by_alias=True),
            chemistry=chemistry,
            findings=sorted(f.id for f in kb.findings_by_peptide.get(peptide_id, [])),
            url=urls.peptide(peptide_id),
        )

    @router.get(
        "/findings", summary="Findings, filtered; ordered by id", response_model=FindingList
    )
    def findings(
        peptide: Slug = None,
        topic: Slug = None,
        kind: Annotated[FindingKind | None, Query()] = None,
        level: Annotated[LevelSlug | None, Query(description="minimum level")] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> FindingList:
        kb = state.kb()
        levels = {lv.slug: lv for lv in Level}
        if level is not None and level not in levels:
            raise ApiError(400, f"unknown level {level!r}; use one of: {', '.join(levels)}")
        if peptide:
            pool = kb.findings_by_peptide.get(peptide, [])
        elif topic:
            pool = kb.findings_by_topic.get(topic, [])
        else:
            pool = list(kb.findings.values())
        chosen = sorted(
            (
                f
                for f in pool
                if (topic is None or f.topic == topic)
                and (kind is None or f.kind is kind)
                and (level is None or kb.grade(f).rank >= levels[level])
            ),
            key=lambda f: f.id,
        )
        query = "&".join(
            f"{k}={v}"
            for k, v in (
                ("peptide", peptide),
                ("topic", topic),
                ("kind", kind.value if kind else None),
                ("level", level),
            )
            if v
        )
        return FindingList(
            items=[finding_record(kb, f) for f in chosen[offset : offset + limit]],
            **paged(len(chosen), limit, offset, "findings", query),
        )

    @router.get("/findings/{finding_id}", summary="One finding", response_model=FindingRecord)
    def finding(finding_id: Annotated[str, Path(max_length=120)]) -> FindingRecord:
        kb = state.kb()
        record = kb.findings.get(finding_id)
        if record is None:
            raise ApiError(404, f"no finding {finding_id!r}")
        return finding_record(kb, record)

    @router.get("/sources", summary="All sources, by id", response_model=SourceList)
    def sources(limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> SourceList:
        kb = state.kb()
        ordered = sorted(kb.sources)
        return SourceList(
            items=[source_record(kb.sources[i], kb) for i in ordered[offset : offset + limit]],
            **paged(len(ordered), limit, offset, "sources"),
        )

    @router.get("/sources/{source_id}", summary="One source", response_model=SourceRecord)
    def source(source_id: Annotated[str, Path(max_length=120)]) -> SourceRecord:
        kb = state.kb()
        record = kb.sources.get(source_id)
        if record is None:
            raise ApiError(404, f"no source {source_id!r}")
        return source_record(record, kb)

    @router.get("/faqs", summary="Questions and answers from every article", response_model=FaqList)
    def faqs(peptide: Slug = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> FaqList:
        kb = state.kb()
        entries = [
            FaqRecord(
                question=e.question,
                answer=e.answer,
                article=slug,
                url=f"{urls.article(slug)}#{e.anchor}",
                peptides=a.meta.peptides,
            )
            for slug, a in sorted(kb.articles.items())
            if peptide is None or peptide in a.meta.peptides
            for e in faq_entries([t for c in a.parsed.chunks if isinstance(c, list) for t in c])
        ]
        return FaqList(
            items=entries[offset : offset + limit],
            **paged(len(entries), limit, offset, "faqs", f"peptide={peptide}" if peptide else ""),
        )

    @router.get(
        "/pages", summary="Every page of the site and its JSON twin", response_model=PageList
    )
    def pages(limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> PageList:
        manifest = state.manifest()
        ordered = sorted(manifest)
        items = [
            PageRecord(
                url=u,
                json_url=urls.json_twin(u),
                title=manifest[u]["title"],
                kind=manifest[u]["kind"],
            )
            for u in ordered[offset : offset + limit]
        ]
        return PageList(items=items, **paged(len(ordered), limit, offset, "pages"))

    @router.get("/search", summary="Full-text search", response_model=SearchResponse)
    def search_api(
        q: Annotated[str, Query(max_length=2000, description="anything; searched as text")],
        type: Annotated[
            str | None, Query(max_length=20)
        ] = None,  # the API parameter is called `type`
        peptide: Slug = None,
        level: Slug = None,
        topic: Slug = None,
        limit: Annotated[int, Query(ge=1, le=MAX_SEARCH_LIMIT)] = 10,
        offset: Annotated[int, Query(ge=0, le=1000)] = 0,
        prefix: Annotated[
            bool, Query(description="type-ahead: the last word may be the start of a longer word")
        ] = False,
    ) -> Response:
        filters = SearchFilters(type=type, peptide=peptide, level=level, topic=topic)

        def answer() -> bytes:
            results = run_search(state.connection(), q, filters, limit, offset, prefix)
            return _search_response(results, type, peptide, level, topic, limit, offset)

        body = state.memo(("api-search", q, filters, limit, offset, prefix), answer)
        return Response(body, media_type="application/json")

    def _search_response(
        results: SearchResults,
        type: str | None,
        peptide: str | None,
        level: str | None,
        topic: str | None,
        limit: int,
        offset: int,
    ) -> bytes:
        """The response body: validated by SearchResponse, serialised once per question."""
        return (
            SearchResponse(
                query=results.query,
                truncated=results.truncated,
                notice=SearchNotice(**asdict(results.notice)) if results.notice else None,
                corrected=results.corrected,
                facets=results.facets,
                items=[
                    SearchHit(**{**asdict(h), "peptides": list(h.peptides)}) for h in results.hits
                ],
                **paged(
                    results.total,
                    limit,
                    offset,
                    "search",
                    urlencode(
                        {
                            k: v
                            for k, v in (
                                ("q", results.query),
                                ("type", type),
                                ("peptide", peptide),
                                ("level", level),
                                ("topic", topic),
                            )
                            if v
                        }
                    ),
                ),
            )
            .model_dump_json()
            .encode()
        )

    @router.get(
        "/exports/references",
        summary="References as CSL-JSON, BibTeX or RIS: the whole library, or one page's list",
        response_class=Response,
        responses={200: {"content": {m: {} for m, _e, _f in EXPORT_FORMATS.values()}}},
    )
    def export_references(
        format: Annotated[
            Literal["csl-json", "bibtex", "ris"], Query()
        ] = "csl-json",  # public name
        page: Annotated[
            str | None,
            Query(max_length=300, description="a page URL, e.g. /articles/how-semax-works/"),
        ] = None,
    ) -> Response:
        kb = state.kb()
        locators: dict[str, list[dict[str, str]]] = {}
        if page is None:
            ids = sorted(kb.sources)
            name = "sourcefirst-references"
        else:
            if page not in state.manifest():
                raise ApiError(404, f"no page at {page!r}")
            twin = state.site / urls.output_paths(page)[1]
            data = json.loads(twin.read_text(encoding="utf-8"))
            ids = [ref["id"] for ref in data.get("references", [])]
            locators = {
                ref["id"]: [
                    {"label": use["label"], "locator": use["locator"]}
                    for use in ref.get("locator_items", [])
                ]
                for ref in data.get("references", [])
                if ref.get("locator_items")
            }
            name = "references-" + (page.strip("/").replace("/", "-") or "home")
        media_type, extension, render = EXPORT_FORMATS[format]
        chosen = [kb.sources[i] for i in ids if i in kb.sources]
        return Response(
            csl_json(chosen, locators) if format == "csl-json" else render(chosen),
            media_type=f"{media_type}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'},
        )

    @router.get(
        "/exports/findings",
        summary="Findings as CSV",
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}}},
    )
    def export_findings(peptide: Slug = None) -> Response:
        kb = state.kb()
        if peptide is not None and peptide not in kb.peptides:
            raise ApiError(404, f"no peptide {peptide!r}")
        return Response(
            findings_csv(kb, peptide),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="findings-{peptide or "all"}.csv"'
            },
        )

    return router
