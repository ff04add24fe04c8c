"""HL7 FHIR R5 resources under /api/fhir/ (docs/api.md): each outcome's body of evidence.

`Evidence` carries the certainty, `ArtifactAssessment` the rating and its reasons, `Citation`
one source; `Bundle/outcome-<peptide>-<topic>` holds all three kinds for one outcome. The
resources are built by release/fhir.py, the same code that writes exports/fhir/*.json.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from starlette.responses import Response

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.release.fhir import (
    MEDIA_TYPE,
    assessment_resource,
    citation_resource,
    evidence_resource,
    fhir_json,
    find_outcome,
    outcome_bundle,
    outcome_id,
)
from sourcefirst.serve.errors import ERROR_RESPONSES, ApiError
from sourcefirst.serve.webstate import SiteState

FhirId = Annotated[str, Path(max_length=160, pattern=r"^[a-z0-9-]+$")]
Count = Annotated[int, Query(alias="_count", ge=1, le=200, description="at most 200 entries")]
FHIR_CONTENT: dict[int | str, dict[str, Any]] = {200: {"content": {MEDIA_TYPE: {}}}}


def _respond(resource: dict[str, Any]) -> Response:
    return Response(fhir_json(resource), media_type=f"{MEDIA_TYPE}; charset=utf-8")


def _outcome(kb: KnowledgeBase, resource_id: str, prefix: str = "") -> Any:
    rated = find_outcome(kb, resource_id.removeprefix(prefix))
    if rated is None or not resource_id.startswith(prefix):
        raise ApiError(404, f"no outcome {resource_id!r}")
    return rated


def fhir_router(state: SiteState) -> APIRouter:
    router = APIRouter(prefix="/api/fhir", responses=ERROR_RESPONSES, tags=["fhir"])

    @router.get(
        "/Evidence",
        summary="Every outcome's Evidence resource (FHIR R5 searchset Bundle)",
        response_class=Response,
        responses=FHIR_CONTENT,
    )
    def evidence_list(count: Count = 50) -> Response:
        kb = state.kb()
        rated = [r for _key, r in sorted(kb.certainties.items())]
        entries = [
            {"fullUrl": f"Evidence/{outcome_id(r)}", "resource": evidence_resource(kb, r)}
            for r in rated[:count]
        ]
        bundle = {"resourceType": "Bundle", "type": "searchset", "total": len(rated)}
        return _respond({**bundle, "entry": entries})

    @router.get(
        "/Evidence/{resource_id}",
        summary="One outcome's body of evidence, with its certainty",
        response_class=Response,
        responses=FHIR_CONTENT,
    )
    def evidence(resource_id: FhirId) -> Response:
        kb = state.kb()
        return _respond(evidence_resource(kb, _outcome(kb, resource_id)))

    @router.get(
        "/ArtifactAssessment/{resource_id}",
        summary="The certainty rating of one outcome and its reasons",
        response_class=Response,
        responses=FHIR_CONTENT,
    )
    def assessment(resource_id: FhirId) -> Response:
        return _respond(assessment_resource(_outcome(state.kb(), resource_id, "certainty-")))

    @router.get(
        "/Citation/{resource_id}",
        summary="One source as a FHIR Citation (CSL-JSON stays the canonical record)",
        response_class=Response,
        responses=FHIR_CONTENT,
    )
    def citation(resource_id: FhirId) -> Response:
        source = state.kb().sources.get(resource_id.removeprefix("source-"))
        if source is None or not resource_id.startswith("source-"):
            raise ApiError(404, f"no citation {resource_id!r}")
        return _respond(citation_resource(source))

    @router.get(
        "/Bundle/{resource_id}",
        summary="One outcome: Evidence, ArtifactAssessment and Citations in one Bundle",
        response_class=Response,
        responses=FHIR_CONTENT,
    )
    def bundle(resource_id: FhirId) -> Response:
        kb = state.kb()
        return _respond(outcome_bundle(kb, _outcome(kb, resource_id, "outcome-")))

    return router
