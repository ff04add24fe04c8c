"""HL7 FHIR R5 exports of each outcome's body of evidence.

Per outcome (peptide × topic, see domain/certainty.py): one `Evidence` resource carrying the
overall certainty and one certainty entry per GRADE domain, one `ArtifactAssessment` for the
rating and its reasons, and one `Citation` per source. They are written to the exports as a
collection `Bundle` per outcome and served under /api/fhir/. CSL-JSON stays the canonical
bibliographic record; the `Citation` resources are derived from the same source records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sourcefirst.domain.certainty import Certainty, OutcomeCertainty, Reduction
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.reading import reading_detail
from sourcefirst.schema.source import Source

CERTAINTY_RATING = "http://terminology.hl7.org/CodeSystem/certainty-rating"
CERTAINTY_TYPE = "http://terminology.hl7.org/CodeSystem/certainty-type"
VARIABLE_ROLE = "http://hl7.org/fhir/variable-role"
INFORMATION_TYPE = "http://hl7.org/fhir/artifactassessment-information-type"
MEDIA_TYPE = "application/fhir+json"

RATING_CODES = {
    Certainty.HIGH: ("high", "High quality"),
    Certainty.MODERATE: ("moderate", "Moderate quality"),
    Certainty.LOW: ("low", "Low quality"),
    Certainty.VERY_LOW: ("very-low", "Very low quality"),
}
DOMAIN_CODES = {
    "risk of bias": ("RiskOfBias", "Risk of bias"),
    "inconsistency": ("Inconsistency", "Inconsistency"),
    "indirectness": ("Indirectness", "Indirectness"),
    "imprecision": ("Imprecision", "Imprecision"),
    "reporting": ("PublicationBias", "Publication bias"),  # nearest code: reporting concerns
}
CONCERN = {1: ("serious-concern", "serious concern"), 2: ("very-serious-concern", "very serious")}


def outcome_id(rated: OutcomeCertainty) -> str:
    return f"{rated.peptide}-{rated.topic}"


def citation_id(source_id: str) -> str:
    return f"source-{source_id}"


def _concept(system: str, code: str, display: str, text: str | None = None) -> dict[str, Any]:
    concept: dict[str, Any] = {"coding": [{"system": system, "code": code, "display": display}]}
    if text:
        concept["text"] = text
    return concept


def _overall(rated: OutcomeCertainty) -> dict[str, Any]:
    if rated.certainty is None:
        return {"text": "no human evidence"}
    code, display = RATING_CODES[rated.certainty]
    return _concept(CERTAINTY_RATING, code, display, rated.label)


def _domain(step: Reduction) -> dict[str, Any]:
    code, display = DOMAIN_CODES[step.domain]
    concern, concern_display = CONCERN[step.levels]
    who = "derived from recorded data" if step.derived else "editor's judgement"
    return {
        "description": f"{step.domain}: {step.reason} ({who})",
        "type": _concept(CERTAINTY_TYPE, code, display, step.domain),
        "rating": _concept(CERTAINTY_RATING, concern, concern_display),
    }


def evidence_resource(kb: KnowledgeBase, rated: OutcomeCertainty) -> dict[str, Any]:
    peptide = kb.peptides[rated.peptide].name
    topic = kb.topics[rated.topic].title
    sources = list(rated.human_sources) or list(
        dict.fromkeys(s for f in rated.findings for s in kb.findings[f].sources)
    )
    certainty: dict[str, Any] = {
        "description": f"{rated.plain} Starting point: {rated.start_reason}.",
        "type": _concept(CERTAINTY_TYPE, "Overall", "Overall certainty"),
        "rating": _overall(rated),
    }
    if rated.reductions:
        certainty["subcomponent"] = [_domain(r) for r in rated.reductions]
    groups = kb.groups(sources)
    return {
        "resourceType": "Evidence",
        "id": outcome_id(rated),
        "status": "active",
        "title": f"{peptide}: {topic}",
        "description": f"Body of evidence for {peptide}, outcome '{topic}': "
        f"{len(rated.findings)} finding(s); {groups.label}.",
        "variableDefinition": [
            {
                "description": peptide,
                "variableRole": _concept(VARIABLE_ROLE, "exposure", "Exposure"),
            },
            {"description": topic, "variableRole": _concept(VARIABLE_ROLE, "outcome", "Outcome")},
        ],
        "certainty": [certainty],
        "relatedArtifact": [
            {
                "type": "citation",
                "label": s,
                "resourceReference": {"reference": f"Citation/{citation_id(s)}"},
            }
            for s in sources
        ],
    }


def assessment_resource(rated: OutcomeCertainty) -> dict[str, Any]:
    """The certainty rating and each of its reasons, as an assessment of the Evidence."""
    components = [
        {
            "informationType": "rating",
            "summary": f"{step.reason} "
            f"({'derived from recorded data' if step.derived else 'editor judgement'})",
            "type": _concept(CERTAINTY_TYPE, *DOMAIN_CODES[step.domain], step.domain),
            "classifier": [_concept(CERTAINTY_RATING, *CONCERN[step.levels])],
        }
        for step in rated.reductions
    ]
    content: dict[str, Any] = {
        "informationType": "rating",
        "summary": f"Certainty: {rated.label}. {rated.plain} Starting point: {rated.start_reason}.",
        "type": _concept(CERTAINTY_TYPE, "Overall", "Overall certainty"),
        "classifier": [_overall(rated)],
    }
    if components:
        content["component"] = components
    return {
        "resourceType": "ArtifactAssessment",
        "id": f"certainty-{outcome_id(rated)}",
        "title": f"Certainty of the evidence: {outcome_id(rated)}",
        "artifactReference": {"reference": f"Evidence/{outcome_id(rated)}"},
        "content": [content],
        "workflowStatus": "applied",
    }


IDENTIFIER_SYSTEMS = {
    "pmid": "https://pubmed.ncbi.nlm.nih.gov",
    "doi": "https://doi.org",
    "pmcid": "https://www.ncbi.nlm.nih.gov/pmc",
}


def citation_resource(source: Source) -> dict[str, Any]:
    """A FHIR Citation for one source (the CSL-JSON record stays canonical)."""
    ids = source.identifiers
    identifiers = [
        {
            "system": IDENTIFIER_SYSTEMS[kind],
            "value": ident.value,
            "assigner": {"display": f"verification: {ident.verification.value}"},
        }
        for kind, ident in (("pmid", ids.pmid), ("doi", ids.doi), ("pmcid", ids.pmcid))
        if ident is not None
    ]
    artifact: dict[str, Any] = {"title": [{"text": source.title}]}
    if identifiers:
        artifact["identifier"] = identifiers
    if ids.url is not None:
        artifact["webLocation"] = [{"url": ids.url.value}]
    if source.author:
        artifact["contributorship"] = {
            "complete": not source.et_al,
            "entry": [{"contributor": {"display": name.display}} for name in source.author],
        }
    form: dict[str, Any] = {}
    if source.container_title:
        form["publishedIn"] = {"title": source.container_title}
    if source.year:
        form["articleDate"] = str(source.year)
    for field, value in (("volume", source.volume), ("issue", source.issue)):
        if value:
            form[field] = value
    if source.page:
        form["pageString"] = source.page
    if source.language:
        form["language"] = [{"text": source.language}]
    if form:
        artifact["publicationForm"] = [form]
    artifact["note"] = [{"text": f"What the editor read: {reading_detail(source)}."}]
    return {
        "resourceType": "Citation",
        "id": citation_id(source.id),
        "status": "active",
        "title": source.title,
        "summary": [{"text": source.summary}],
        "citedArtifact": artifact,
    }


def outcome_bundle(kb: KnowledgeBase, rated: OutcomeCertainty) -> dict[str, Any]:
    """Evidence, its ArtifactAssessment and every Citation it references, as one Bundle."""
    evidence = evidence_resource(kb, rated)
    cited = [r["label"] for r in evidence["relatedArtifact"]]
    resources = [evidence, assessment_resource(rated)] + [
        citation_resource(kb.sources[s]) for s in cited
    ]
    return {
        "resourceType": "Bundle",
        "id": f"outcome-{outcome_id(rated)}",
        "type": "collection",
        "entry": [{"fullUrl": f"{r['resourceType']}/{r['id']}", "resource": r} for r in resources],
    }


def find_outcome(kb: KnowledgeBase, outcome: str) -> OutcomeCertainty | None:
    """The rated outcome whose id (``peptide-topic``) is ``outcome``."""
    for rated in kb.certainties.values():
        if outcome_id(rated) == outcome:
            return rated
    return None


def fhir_json(resource: dict[str, Any]) -> str:
    return json.dumps(resource, ensure_ascii=False, indent=2) + "\n"


def fhir_files(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """The FHIR export files written into every release: one Bundle per outcome."""
    for key in sorted(kb.certainties):
        rated = kb.certainties[key]
        yield f"exports/fhir/{outcome_id(rated)}.json", fhir_json(outcome_bundle(kb, rated))
