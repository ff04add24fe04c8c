"""Finding views and the generated tables built from them (snapshot, outcomes)."""

from __future__ import annotations

from collections.abc import Mapping

from sourcefirst.domain.boundaries import derive_boundary
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages import urls
from sourcefirst.pages.models import (
    Cite,
    FindingView,
    OutcomeRow,
    OutcomesPart,
    SnapshotPart,
    SnapshotRow,
)
from sourcefirst.prose.citations import CitationRegistry
from sourcefirst.schema.finding import Finding, FindingKind


def cite(registry: CitationRegistry, keys: list[str]) -> list[Cite]:
    return [
        Cite(number=n, anchor=a, text=registry.mark_text(n, k, a))
        for n, k, a in registry.cite(keys)
    ]


def finding_view(kb: KnowledgeBase, finding: Finding, registry: CitationRegistry) -> FindingView:
    grade = kb.grade(finding)
    boundary = finding.boundary or derive_boundary(finding, grade)
    return FindingView(
        id=finding.id,
        statement=finding.statement,
        kind=finding.kind.value,
        topic=finding.topic,
        topic_title=kb.topics[finding.topic].title,
        peptides=finding.peptides,
        model=finding.model.display,
        setting=finding.model.setting.value,
        quantity="; ".join(q.display for q in finding.quantities) or None,
        level=grade.slug,
        level_label=grade.badge,
        boundary=boundary,
        boundary_derived=finding.boundary is None,
        citations=cite(registry, finding.sources),
        groups=kb.groups(finding.sources).label,
    )


def _topic_order(kb: KnowledgeBase) -> Mapping[str, int]:
    return kb.topic_rank  # read key by key, so a page depends only on its own topics' places


def peptide_findings(
    kb: KnowledgeBase,
    peptide: str,
    kinds: set[FindingKind],
    topics: list[str] | None = None,
) -> list[Finding]:
    """A peptide's findings of the given kinds, in topic order (or the order of ``topics``)."""
    order = {t: i for i, t in enumerate(topics)} if topics else _topic_order(kb)
    chosen = [
        f for f in kb.findings_by_peptide.get(peptide, []) if f.kind in kinds and f.topic in order
    ]
    return sorted(chosen, key=lambda f: order[f.topic])


MECHANISTIC = {FindingKind.MECHANISM, FindingKind.PHARMACOKINETICS}


def snapshot(
    kb: KnowledgeBase, peptide: str, registry: CitationRegistry, topics: list[str] | None = None
) -> SnapshotPart:
    rows: dict[str, list[FindingView]] = {}
    for finding in peptide_findings(kb, peptide, MECHANISTIC, topics):
        rows.setdefault(finding.topic, []).append(finding_view(kb, finding, registry))
    return SnapshotPart(
        peptide=peptide,
        rows=[
            SnapshotRow(
                topic=topic,
                mechanism=kb.topics[topic].title,
                href=urls.topic(topic),
                findings=views,
            )
            for topic, views in rows.items()
        ],
    )


def outcomes(
    kb: KnowledgeBase,
    peptide: str,
    registry: CitationRegistry,
    topics: list[str] | None = None,
    kinds: list[str] | None = None,
) -> OutcomesPart:
    wanted = {FindingKind(k) for k in (kinds or ["outcome"])}
    rows = []
    for finding in peptide_findings(kb, peptide, wanted, topics):
        view = finding_view(kb, finding, registry)
        rows.append(
            OutcomeRow(
                claim=view.topic_title,
                studied=f"{view.statement} ({view.model})",
                level=view.level,
                level_label=view.level_label,
                boundary=view.boundary,
                citations=view.citations,
                finding=view.id,
            )
        )
    return OutcomesPart(peptide=peptide, rows=rows)
