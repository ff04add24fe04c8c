"""Comparison of two or three peptides: identity, aligned sequences, evidence, regulation."""

from __future__ import annotations

from Bio.Align import PairwiseAligner

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.labels import status_text
from sourcefirst.pages import urls
from sourcefirst.pages.appraisal import certainty_label
from sourcefirst.pages.dates import latest_review
from sourcefirst.pages.models import (
    AlignedPair,
    Comparison,
    LevelCell,
    Link,
    Page,
    PeptideColumn,
    RegulatoryCompareRow,
    TopicRow,
    View,
)
from sourcefirst.pages.peptide import segment_views
from sourcefirst.schema.finding import FindingKind

MIN_PEPTIDES, MAX_PEPTIDES = 2, 3


class CompareError(ValueError):
    """A comparison that cannot be made: unknown peptides or the wrong number of them."""


class Choice(View):
    value: str
    label: str


class CompareIndexPage(Page):
    choices: list[Choice]
    selected: list[str]
    featured: list[Link]
    error: str | None = None


class ComparePage(Page):
    choices: list[Choice]
    selected: list[str]
    comparison: Comparison


def canonical_ids(kb: KnowledgeBase, ids: list[str]) -> list[str]:
    """Validate a requested comparison; the canonical order is alphabetical by id."""
    unique = list(dict.fromkeys(i.strip().lower() for i in ids if i.strip()))
    unknown = [i for i in unique if i not in kb.peptides]
    if unknown:
        raise CompareError(f"unknown peptide(s): {', '.join(unknown)}")
    if not MIN_PEPTIDES <= len(unique) <= MAX_PEPTIDES:
        raise CompareError(f"choose {MIN_PEPTIDES} or {MAX_PEPTIDES} different peptides")
    return sorted(unique)


def compare_url(ids: list[str]) -> str:
    return "/compare/" + "-vs-".join(ids) + "/"


def _aligner() -> PairwiseAligner:
    aligner = PairwiseAligner()  # type: ignore[no-untyped-call]
    aligner.mode = "global"
    aligner.match_score = 2
    aligner.mismatch_score = -1
    aligner.open_gap_score = -2
    aligner.extend_gap_score = -1
    return aligner


def align(reference: str, other: str) -> tuple[str, str, str]:
    alignment = _aligner().align(reference, other)[0]  # type: ignore[no-untyped-call]
    top, bottom = alignment[0], alignment[1]
    marks = "".join("|" if a == b and a != "-" else " " for a, b in zip(top, bottom, strict=True))
    return top, bottom, marks


def _topic_rows(kb: KnowledgeBase, ids: list[str], outcome: bool) -> list[TopicRow]:
    rows = []
    for topic in kb.topics.values():
        is_outcome = topic.kind is FindingKind.OUTCOME
        if topic.kind is FindingKind.REGULATORY or is_outcome != outcome:
            continue
        cells: list[LevelCell | None] = []
        for peptide_id in ids:
            findings = [
                f for f in kb.findings_by_peptide.get(peptide_id, []) if f.topic == topic.id
            ]
            if not findings:
                cells.append(None)
                continue
            best = max((kb.grade(f) for f in findings), key=lambda g: g.strength)
            cells.append(
                LevelCell(
                    level=best.slug,
                    label=best.badge,
                    count=len(findings),
                    href=f"{urls.topic(topic.id)}#peptide-{peptide_id}",
                    certainty=certainty_label(kb, peptide_id, topic.id),
                )
            )
        if any(cells):
            rows.append(TopicRow(topic=topic.id, title=topic.title, cells=cells))
    return rows


def comparison(kb: KnowledgeBase, ids: list[str]) -> Comparison:
    """The side-by-side data for canonical ``ids`` (see `canonical_ids`)."""
    peptides = [kb.peptides[i] for i in ids]
    columns = [
        PeptideColumn(
            id=p.id,
            name=p.name,
            href=urls.peptide(p.id),
            three_letter=p.sequence.three_letter if p.sequence else None,
            one_letter=p.one_letter,
            length=p.sequence.length if p.sequence else None,
            identity_note=p.composition if p.sequence is None else p.sequence.not_computed_reason,
            origin=[f"{s.peptide_residues} {s.residues}: {s.origin}" for s in segment_views(kb, p)],
            summary=p.summary,
        )
        for p in peptides
    ]
    first = peptides[0]
    alignments = []
    for other in peptides[1:]:
        if first.one_letter is None or other.one_letter is None:
            missing = first if first.one_letter is None else other
            alignments.append(
                AlignedPair(
                    reference=first.name,
                    other=other.name,
                    reference_row=None,
                    other_row=None,
                    marks=None,
                    identical=None,
                    not_aligned=f"{missing.name} has no standard one-letter sequence to align.",
                )
            )
            continue
        top, bottom, marks = align(first.one_letter, other.one_letter)
        alignments.append(
            AlignedPair(
                reference=first.name,
                other=other.name,
                reference_row=top,
                other_row=bottom,
                marks=marks,
                identical=marks.count("|"),
            )
        )
    jurisdictions = list(dict.fromkeys(r.jurisdiction for p in peptides for r in p.regulatory))
    regulatory = []
    for code in jurisdictions:
        cells = []
        for p in peptides:
            found = [r for r in p.regulatory if r.jurisdiction == code]
            cells.append(status_text(found[0]) if found else "no record")
        name = next(
            r.jurisdiction_name for p in peptides for r in p.regulatory if r.jurisdiction == code
        )
        regulatory.append(RegulatoryCompareRow(jurisdiction=name, cells=cells))
    return Comparison(
        peptides=columns,
        alignments=alignments,
        mechanisms=_topic_rows(kb, ids, outcome=False),
        outcomes=_topic_rows(kb, ids, outcome=True),
        regulatory=regulatory,
    )


def compare_page(kb: KnowledgeBase, requested: list[str]) -> ComparePage:
    ids = canonical_ids(kb, requested)
    peptides = [kb.peptides[i] for i in ids]
    names = " vs ".join(p.name for p in peptides)
    return ComparePage(
        url=compare_url(ids),
        kind="compare",
        title=f"Compare {names}",
        description=f"{names} side by side: sequences, origin, the strongest evidence per topic "
        "and regulatory status.",
        eyebrow="Research tool · compare",
        reviewed=max((p.reviewed for p in peptides), default=latest_review(kb)),
        breadcrumbs=[Link(title="Home", href=urls.home()), Link(title="Compare", href="/compare/")],
        choices=choices(kb),
        selected=ids,
        comparison=comparison(kb, ids),
        next_steps=[Link(title=f"{p.name} profile", href=urls.peptide(p.id)) for p in peptides]
        + [Link(title="Evidence explorer", href="/explorer/")],
    )


MAX_PICKER_PEPTIDES = 60  # a larger catalogue gets typed ids, not a list of every peptide


def choices(kb: KnowledgeBase) -> list[Choice]:
    """The picker's options: every peptide while the catalogue is small; none above that (the
    form then asks for ids, so a page does not carry thousands of options)."""
    if len(kb.peptides) > MAX_PICKER_PEPTIDES:
        return []
    return [
        Choice(value=p.id, label=p.name) for p in sorted(kb.peptides.values(), key=lambda p: p.name)
    ]


MAX_PREBUILT_PEPTIDES = 30  # every pair pre-rendered up to this size (435 pages)


def featured_comparisons(kb: KnowledgeBase) -> list[list[str]]:
    """Comparisons worth pre-rendering: every pair while the catalogue is small, otherwise
    none (other comparisons are rendered on request by the server)."""
    ids = sorted(kb.peptides)
    if len(ids) > MAX_PREBUILT_PEPTIDES:
        return []
    return [[a, b] for i, a in enumerate(ids) for b in ids[i + 1 :]]


def compare_index_page(
    kb: KnowledgeBase, requested: list[str] | None = None, error: str | None = None
) -> CompareIndexPage:
    return CompareIndexPage(
        url="/compare/",
        kind="compare-index",
        title="Compare peptides",
        description="Put two or three peptides side by side: identity, aligned sequences, "
        "evidence per topic and regulatory status. Every comparison has its own address.",
        eyebrow="Research tool",
        reviewed=None,  # a tool: nothing on it is reviewed content
        breadcrumbs=[Link(title="Home", href=urls.home())],
        choices=choices(kb),
        selected=[r for r in (requested or []) if r in kb.peptides],
        featured=[
            Link(title=" vs ".join(kb.peptides[i].name for i in pair), href=compare_url(pair))
            for pair in featured_comparisons(kb)
        ],
        error=error,
        next_steps=[
            Link(title="Evidence explorer", href="/explorer/"),
            Link(title="Sequence analyser", href="/tools/sequence/"),
        ],
    )
