"""The sequence analyser: chemistry of any sequence, and where its parts come from."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from sourcefirst.chemistry import (
    MAX_INPUT_CHARS,
    MAX_RESIDUES,
    SequenceError,
    compute,
    map_fragments,
    parse_sequence,
)
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages import urls
from sourcefirst.pages.models import Link, Page, View


class ProteinMatchView(View):
    protein: str
    protein_id: str
    peptide_range: str
    protein_range: str
    residues: str


class MotifView(View):
    motif: str
    peptide: str
    href: str
    query_range: str
    other_range: str


class SequencePage(Page):
    query: str | None
    error: str | None
    error_position: int | None
    result: dict[str, Any] | None
    protein_matches: list[ProteinMatchView]
    unmatched: list[str]
    shared_motifs: list[MotifView]
    max_residues: int
    max_chars: int
    known: list[Link] = Field(default_factory=list)  # pre-built analyses (empty form only)


def analyse(kb: KnowledgeBase, query: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Properties and fragment report for ``query``; raises SequenceError for bad input."""
    parsed = parse_sequence(query)
    report = map_fragments(parsed.residues, kb.proteins.values(), kb.peptides.values())
    return compute(parsed).to_json(), report.to_json()


def sequence_page(kb: KnowledgeBase, query: str | None = None) -> SequencePage:
    error: str | None = None
    position: int | None = None
    result: dict[str, Any] | None = None
    matches: list[ProteinMatchView] = []
    unmatched: list[str] = []
    motifs: list[MotifView] = []
    if query is not None and query.strip():
        try:
            parsed = parse_sequence(query)
        except SequenceError as exc:
            error, position = str(exc), exc.position
        else:
            result = compute(parsed).to_json()
            report = map_fragments(parsed.residues, kb.proteins.values(), kb.peptides.values())
            matches = [
                ProteinMatchView(
                    protein=m.protein_name,
                    protein_id=m.protein_id,
                    peptide_range=f"{m.peptide_start}–{m.peptide_end}",
                    protein_range=f"{m.protein_start}–{m.protein_end}",
                    residues=m.residues,
                )
                for m in report.protein_matches
            ]
            unmatched = [f"{lo}–{hi}" for lo, hi in report.unmatched]
            motifs = [
                MotifView(
                    motif=s.motif,
                    peptide=s.peptide_name,
                    href=urls.peptide(s.peptide_id),
                    query_range=f"{s.query_start}–{s.query_end}",
                    other_range=f"{s.other_start}–{s.other_end}",
                )
                for s in report.shared_motifs
            ]
    elif query is not None:
        error = "Enter a sequence, for example MEHFPGP."
    known: list[Link] = []
    if not query:
        names = {f"/tools/sequence/{p.id}/": p.name for p in kb.peptides.values()}
        known = [
            Link(title=names[url], href=url, note=notation)
            for notation, url in prebuilt_sequences(kb).items()
        ]
    return SequencePage(
        url="/tools/sequence/",
        kind="sequence",
        title="Sequence analyser",
        description="Formula, masses, isoelectric point and charge of a peptide sequence, and "
        "which parent protein or catalogued peptide each part comes from.",
        eyebrow="Research tool",
        reviewed=None,  # a tool: nothing on it is reviewed content
        breadcrumbs=[Link(title="Home", href=urls.home())],
        query=query,
        error=error,
        error_position=position,
        result=result,
        protein_matches=matches,
        unmatched=unmatched,
        shared_motifs=motifs,
        max_residues=MAX_RESIDUES,
        max_chars=MAX_INPUT_CHARS,
        known=sorted(known, key=lambda link: link.title),
        next_steps=[
            Link(title="Compare peptides", href="/compare/"),
            Link(title="Evidence explorer", href="/explorer/"),
        ],
    )


MAX_PREBUILT = 500  # above this many peptides the static copy pre-builds no analyser pages


def prebuilt_sequences(kb: KnowledgeBase) -> dict[str, str]:
    """Normalised sequence → address of its pre-built analyser page, for static hosts.

    Keys are the one-letter form with its termini as the parser prints them (``MEHFPGP``,
    ``Ac-MEHFPGP-NH2``), upper-cased, so the static page's script can look a query up without
    the server. Empty for catalogues too large to pre-build.
    """
    computable = [p for p in kb.peptides.values() if p.sequence and p.sequence.computable]
    if len(computable) > MAX_PREBUILT:
        return {}
    return {
        p.sequence.notation.upper(): f"/tools/sequence/{p.id}/"
        for p in sorted(computable, key=lambda p: p.id)
        if p.sequence is not None
    }


def prebuilt_sequence_pages(kb: KnowledgeBase) -> list[SequencePage]:
    """The analyser's result page for every known computable peptide (see prebuilt_sequences)."""
    pages = []
    for notation, url in prebuilt_sequences(kb).items():
        peptide_id = url.rstrip("/").rsplit("/", 1)[-1]
        peptide = kb.peptides[peptide_id]
        assert peptide.sequence is not None  # prebuilt_sequences keeps computable ones only
        page = sequence_page(kb, peptide.sequence.notation)
        pages.append(
            page.model_copy(
                update={
                    "url": url,
                    "title": f"Sequence analysis: {peptide.name}",
                    "description": f"Formula, masses, pI and origin of {notation}.",
                }
            )
        )
    return pages
