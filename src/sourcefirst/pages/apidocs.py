"""The API reference page at /api/, generated from the live OpenAPI document."""

from __future__ import annotations

from typing import Any

from sourcefirst.pages.models import Link, Page, View


class Parameter(View):
    name: str
    where: str
    required: bool
    description: str


class Endpoint(View):
    method: str
    path: str
    summary: str
    parameters: list[Parameter]
    example: str


class ApiDocsPage(Page):
    endpoints: list[Endpoint]
    openapi: str


EXAMPLES = {
    "/api/search": "/api/search?q=is+semax+fda+approved&limit=3",
    "/api/findings": "/api/findings?peptide=selank&kind=outcome",
    "/api/sequence": "/api/sequence?q=Met-Glu-His-Phe-Pro-Gly-Pro",
    "/api/compare": "/api/compare?p=semax&p=selank",
    "/api/explorer": "/api/explorer?level=animal",
    "/api/exports/references": "/api/exports/references?format=bibtex",
}


def _describe(param: dict[str, Any]) -> str:
    schema = param.get("schema", {})
    options = [s.get("enum") for s in schema.get("anyOf", [schema]) if s.get("enum")]
    text = param.get("description") or ""
    if options:
        text = (text + " " if text else "") + "one of: " + ", ".join(map(str, options[0]))
    return text


def api_docs_page(openapi: dict[str, Any]) -> ApiDocsPage:
    endpoints = []
    for path, operations in sorted(openapi.get("paths", {}).items()):
        for method, operation in operations.items():
            example = EXAMPLES.get(path) or path
            if "{" in example:
                example = (
                    example.replace("{peptide_id}", "semax")
                    .replace("{finding_id}", "semax-binding-site-kd")
                    .replace("{source_id}", "kost-2001-bioorgkhim")
                )
            endpoints.append(
                Endpoint(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    parameters=[
                        Parameter(
                            name=p["name"],
                            where=p["in"],
                            required=bool(p.get("required")),
                            description=_describe(p),
                        )
                        for p in operation.get("parameters", [])
                    ],
                    example=example,
                )
            )
    return ApiDocsPage(
        url="/api/",
        kind="api",
        title="JSON API",
        description="Everything on this site as data: peptides, findings with their evidence "
        "levels, sources, questions, search, and the research tools.",
        eyebrow="For integrators",
        breadcrumbs=[Link(title="Home", href="/")],
        endpoints=endpoints,
        openapi="/api/openapi.json",
        next_steps=[
            Link(title="Editorial policy", href="/articles/editorial-policy/"),
            Link(title="All references", href="/references/"),
        ],
    )
