"""Peptide profile pages: identity card, regulatory status, snapshot, evidence by level."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from sourcefirst.chemistry import compute, parse_sequence
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.labels import heading_label
from sourcefirst.pages import urls
from sourcefirst.pages.appraisal import SafetySection, safety_section
from sourcefirst.pages.dates import change_views
from sourcefirst.pages.findings import MECHANISTIC, cite, finding_view, snapshot
from sourcefirst.pages.models import Cite, FindingView, Link, Page, SnapshotPart, View
from sourcefirst.pages.references import new_registry, reference_list
from sourcefirst.schema.finding import Finding
from sourcefirst.schema.peptide import Peptide

THREE_TO_ONE_NAMES = {"N": "free amine (H-)", "C": "free acid (-OH)"}


class SegmentView(View):
    peptide_residues: str
    residues: str
    origin: str


class RegulatoryRow(View):
    jurisdiction: str
    status: str
    status_label: str
    detail: str
    reason: str | None
    needs_source: str | None  # link to the needs-source entry holding the reported status
    as_of: dt.date | None
    confidence: str
    citations: list[Cite]
    unconfirmed: bool


class LevelCount(View):
    level: str
    label: str
    count: int
    mechanisms: int  # how many of them are mechanism findings (shown in the snapshot)


def evidence_overview(kb: KnowledgeBase, findings: list[Finding]) -> list[LevelCount]:
    """Every finding of a profile counted by level, strongest first: the evidence at a glance."""
    counts: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for finding in findings:
        grade = kb.grade(finding)
        entry = counts.setdefault(grade.slug, [0, 0])
        entry[0] += 1
        entry[1] += finding.kind in MECHANISTIC
        labels.setdefault(grade.slug, heading_label(grade))
        ranks[grade.slug] = grade.rank
    return [
        LevelCount(level=slug, label=labels[slug], count=n, mechanisms=mech)
        for slug, (n, mech) in sorted(counts.items(), key=lambda item: -ranks[item[0]])
    ]


class LevelGroup(View):
    level: str
    label: str
    findings: list[FindingView]


class ChemistryView(View):
    """Computed chemistry, or why there is none, beside the values the literature states."""

    formula: str | None
    average_mass: float | None
    monoisotopic_mass: float | None
    pi: float | None
    charge_ph7_4: float | None
    pka_scale: str | None
    not_computed: str | None  # why nothing is computed (a mixture, a ring, non-standard residues)
    stated: str | None  # the literature values, when the content states them
    stated_basis: str | None


class PeptidePage(Page):
    name: str
    aliases: list[str]
    one_letter: str | None
    three_letter: str | None
    length: int | None
    composition: str | None  # what a mixture is, when there is no single sequence
    salt: str | None
    structure: list[str]  # rings, non-standard residues and side chains, in words
    termini: str | None
    segments: list[SegmentView]
    modification: str | None
    naming_note: str | None
    summary: str
    categories: list[Link]
    regulatory: list[RegulatoryRow]
    snapshot: SnapshotPart
    evidence: list[LevelGroup]  # findings other than mechanisms, by level
    overview: list[LevelCount] = Field(default_factory=list)  # every finding, by level
    articles: list[Link]
    faqs: list[Link]
    safety: SafetySection | None = None  # "Safety in studies": what human studies reported
    groups: str = ""  # the research groups behind every source this profile cites
    chemistry: ChemistryView


def segment_views(kb: KnowledgeBase, peptide: Peptide) -> list[SegmentView]:
    if peptide.sequence is None or peptide.origin is None:
        return []
    three = peptide.sequence.residues
    views = []
    for segment in peptide.origin.segments:
        lo, hi = segment.peptide_residues
        if segment.protein and segment.protein_residues:
            protein = kb.proteins[segment.protein]
            plo, phi = segment.protein_residues
            origin = f"{protein.name} residues {plo}–{phi}"
        else:
            origin = f"synthetic addition{': ' + segment.label if segment.label else ''}"
        views.append(
            SegmentView(
                peptide_residues=f"{lo}–{hi}", residues="-".join(three[lo - 1 : hi]), origin=origin
            )
        )
    return views


def not_computed_reason(peptide: Peptide) -> str | None:
    """Why the profile shows no computed chemistry (None when it does)."""
    if peptide.sequence is None:
        return "Not computed: this preparation has no single defined sequence."
    return peptide.sequence.not_computed_reason


def structure_notes(peptide: Peptide) -> list[str]:
    """The parts of the structure a one-letter string cannot say, in words."""
    sequence = peptide.sequence
    if sequence is None:
        return []
    notes = [f"Ring: {sequence.cyclic}"] if sequence.cyclic else []
    notes += [f"Position {r.position}: {r.residue} ({r.name})" for r in sequence.nonstandard]
    notes += [f"Side chain: {text}" for text in sequence.side_chains]
    return notes


def chemistry_view(peptide: Peptide) -> ChemistryView:
    reason = not_computed_reason(peptide)
    computed: dict[str, Any] = {}
    if reason is None and peptide.sequence is not None:
        computed = compute(parse_sequence(peptide.sequence.notation)).to_json()
    stated = peptide.stated_chemistry
    stated_text = None
    if stated is not None:
        parts = [
            v
            for v in (
                stated.formula,
                f"{stated.average_mass} g/mol" if stated.average_mass else None,
                f"{stated.monoisotopic_mass} Da monoisotopic" if stated.monoisotopic_mass else None,
            )
            if v
        ]
        stated_text = ", ".join(parts)
    return ChemistryView(
        formula=computed.get("formula"),
        average_mass=computed.get("average_mass"),
        monoisotopic_mass=computed.get("monoisotopic_mass"),
        pi=computed.get("pi"),
        charge_ph7_4=computed.get("charge_ph7_4"),
        pka_scale=computed.get("pka_scale"),
        not_computed=reason,
        stated=stated_text,
        stated_basis=stated.basis if stated else None,
    )


def termini_text(peptide: Peptide) -> str | None:
    if peptide.sequence is None:
        return None
    n = "N-acetyl (Ac-)" if peptide.sequence.n_terminus == "acetyl" else "free amine (H-)"
    c = "C-amide (-NH2)" if peptide.sequence.c_terminus == "amide" else "free acid (-OH)"
    return f"{n}; {c}"


def peptide_page(kb: KnowledgeBase, peptide_id: str) -> PeptidePage:
    peptide = kb.peptides[peptide_id]
    registry = new_registry(kb.sources)
    regulatory = [
        RegulatoryRow(
            jurisdiction=status.jurisdiction_name,
            status=status.status,
            status_label=status.status_label,
            detail=status.detail,
            reason=status.reason,
            needs_source=f"{urls.needs_source()}#{status.needs_source}"
            if status.needs_source
            else None,
            as_of=status.as_of,
            confidence=status.confidence.replace("_", " "),
            citations=cite(registry, status.sources),
            unconfirmed=not status.sources or status.confidence in ("secondary", "unconfirmed"),
        )
        for status in peptide.regulatory
    ]
    every = kb.findings_by_peptide.get(peptide_id, [])
    # Each finding is shown once: mechanisms in the snapshot table, everything else (outcomes,
    # safety, regulatory statements) by level. Citations are numbered in reading order:
    # regulatory rows, then findings by level (strongest first), then the snapshot.
    ordered = sorted(
        (f for f in every if f.kind not in MECHANISTIC),
        key=lambda f: -kb.grade(f).rank,  # strongest first; regulatory statements last
    )
    groups: dict[str, list[FindingView]] = {}
    headings: dict[str, str] = {}
    for finding in ordered:
        view = finding_view(kb, finding, registry)
        groups.setdefault(view.level, []).append(view)
        headings.setdefault(view.level, heading_label(kb.grade(finding)))
    snap = snapshot(kb, peptide_id, registry)
    overview = evidence_overview(kb, every)
    articles = sorted(
        (kb.articles[slug] for slug in kb.articles_by_peptide.get(peptide_id, [])),
        key=lambda a: (a.meta.kind.value, a.meta.title),
    )
    return PeptidePage(
        url=urls.peptide(peptide_id),
        kind="peptide",
        title=peptide.name,
        description=peptide.summary,
        eyebrow="Peptide profile",
        reviewed=peptide.reviewed,
        breadcrumbs=[Link(title="Home", href=urls.home())],
        name=peptide.name,
        aliases=peptide.aliases,
        one_letter=peptide.one_letter,
        three_letter=peptide.sequence.three_letter if peptide.sequence else None,
        length=peptide.sequence.length if peptide.sequence else None,
        composition=peptide.composition,
        salt=peptide.salt,
        structure=structure_notes(peptide),
        termini=termini_text(peptide),
        chemistry=chemistry_view(peptide),
        segments=segment_views(kb, peptide),
        modification=peptide.origin.modification if peptide.origin else None,
        naming_note=peptide.origin.naming_note if peptide.origin else None,
        summary=peptide.summary,
        categories=[
            Link(title=kb.categories[c].title, href=urls.category(c)) for c in peptide.categories
        ],
        regulatory=regulatory,
        changes=change_views(peptide.changes),
        overview=overview,
        snapshot=snap,
        evidence=[
            LevelGroup(level=level, label=headings[level], findings=items)
            for level, items in groups.items()
        ],
        articles=[
            Link(title=a.meta.title, href=urls.article(a.slug), note=a.meta.kind.value)
            for a in articles
        ],
        faqs=[
            Link(title=text, href=f"{urls.article(a.slug)}#{anchor}", note=a.meta.title)
            for a in articles
            for level, anchor, text in a.parsed.headings
            if level == 3
            and text.rstrip().endswith("?")
            and peptide.name.casefold() in text.casefold()
        ],
        safety=safety_section(kb, [peptide_id], registry),
        groups=kb.groups(
            list(
                dict.fromkeys(
                    s for f in kb.findings_by_peptide.get(peptide_id, []) for s in f.sources
                )
            )
        ).label,
        references=reference_list(registry, kb.sources),
        next_steps=[Link(title=a.meta.title, href=urls.article(a.slug)) for a in articles]
        + [
            Link(
                title=f"Analyse the {peptide.name} sequence",
                href=f"/tools/sequence/?q={peptide.one_letter}",
            )
        ]
        * bool(peptide.one_letter)
        + [
            Link(title="Compare with other peptides", href="/compare/"),
            Link(title="Evidence explorer", href="/explorer/"),
        ],
    )
