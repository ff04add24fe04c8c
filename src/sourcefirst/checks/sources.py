"""Source checks: duplicates by identifier and sources nothing cites."""

from __future__ import annotations

from sourcefirst.domain.diagnostics import Category, Diagnostic, Severity
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.schema.identifiers import doi_key


def cited_sources(kb: KnowledgeBase) -> set[str]:
    cited = {s for f in kb.findings.values() for s in f.sources}
    cited |= {s for a in kb.articles.values() for s in a.cited}
    cited |= {s for p in kb.peptides.values() for r in p.regulatory for s in r.sources}
    cited |= {s for c in kb.needs_source.values() for s in c.candidates}
    return cited


def check_sources(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: dict[tuple[str, str], str] = {}
    for source in kb.sources.values():
        for kind in ("pmid", "doi"):
            ident = getattr(source.identifiers, kind)
            if ident is None:
                continue
            key = (kind, doi_key(ident.value) if kind == "doi" else ident.value)
            if key in seen:
                found.append(
                    Diagnostic.at(
                        kb.location("source", source.id),
                        "SF402",
                        Category.CITATION,
                        f"{source.id!r} has the same {kind.upper()} {ident.value} as {seen[key]!r}",
                        "merge the two records into one source",
                    )
                )
            else:
                seen[key] = source.id
    for source_id in sorted(set(kb.sources) - cited_sources(kb)):
        found.append(
            Diagnostic.at(
                kb.location("source", source_id),
                "SF401",
                Category.CITATION,
                f"source {source_id!r} is not cited by any finding, article or claim",
                "cite it where it is used, or remove it",
                Severity.WARNING,
            )
        )
    return found
