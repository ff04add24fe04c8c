"""Evidence explorer: peptides × topics, the strongest level and number of findings per cell."""

from __future__ import annotations

from dataclasses import dataclass

from sourcefirst.domain.evidence import Level
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages import urls
from sourcefirst.pages.appraisal import certainty_label
from sourcefirst.pages.models import Link, Page, View
from sourcefirst.schema.finding import FindingKind

ROWS_PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class ExplorerFilters:
    min_level: Level = Level.UNCLASSIFIED
    species: str | None = None
    kind: FindingKind | None = None
    page: int = 1

    def query(self) -> str:
        parts = []
        if self.min_level is not Level.UNCLASSIFIED:
            parts.append(f"level={self.min_level.slug}")
        if self.species:
            parts.append(f"species={self.species}")
        if self.kind:
            parts.append(f"kind={self.kind.value}")
        return "&".join(parts)


class ExplorerCell(View):
    level: str
    label: str
    count: int
    href: str
    certainty: str | None = None  # outcome certainty of the human evidence, beside the level


class ExplorerRow(View):
    peptide: str
    name: str
    href: str
    cells: list[ExplorerCell | None]


class Option(View):
    value: str
    label: str
    selected: bool


class ExplorerPage(Page):
    topics: list[Link]
    rows: list[ExplorerRow]
    levels: list[Option]
    species: list[Option]
    kinds: list[Option]
    total_rows: int
    page: int
    pages: int
    figure: str | None
    error: str | None = None


def explorer_page(
    kb: KnowledgeBase,
    filters: ExplorerFilters | None = None,
    figure: str | None = "/explorer/matrix.svg",
    error: str | None = None,
) -> ExplorerPage:
    filters = filters or ExplorerFilters()
    grades = kb.grades
    species_seen = sorted(
        {s for g in grades.values() for s in g.species} | {"human"} if grades else set()
    )

    def keep(finding_id: str) -> bool:
        finding, grade = kb.findings[finding_id], grades[finding_id]
        if grade.rank < filters.min_level:  # regulatory statements rank below every level
            return False
        if filters.kind is not None and finding.kind is not filters.kind:
            return False
        if filters.species:
            if filters.species == "human":
                return grade.level >= Level.HUMAN_MECHANISTIC
            return filters.species in grade.species
        return True

    counts: dict[tuple[str, str], list[str]] = {}
    for finding in kb.findings.values():
        if not keep(finding.id):
            continue
        for peptide_id in finding.peptides:
            counts.setdefault((peptide_id, finding.topic), []).append(finding.id)
    topics = [t for t in kb.topics.values() if any((p, t.id) in counts for p in kb.peptides)]
    peptides = sorted(kb.peptides.values(), key=lambda p: p.name)
    pages = max(1, -(-len(peptides) // ROWS_PER_PAGE))
    page = min(max(1, filters.page), pages)
    shown = peptides[(page - 1) * ROWS_PER_PAGE : page * ROWS_PER_PAGE]
    rows = []
    for peptide in shown:
        cells: list[ExplorerCell | None] = []
        for topic in topics:
            ids = counts.get((peptide.id, topic.id))
            if not ids:
                cells.append(None)
                continue
            best = max((grades[i] for i in ids), key=lambda g: g.strength)
            cells.append(
                ExplorerCell(
                    level=best.slug,
                    label=best.badge,
                    count=len(ids),
                    href=f"{urls.topic(topic.id)}#peptide-{peptide.id}",
                    certainty=certainty_label(kb, peptide.id, topic.id),
                )
            )
        rows.append(
            ExplorerRow(
                peptide=peptide.id, name=peptide.name, href=urls.peptide(peptide.id), cells=cells
            )
        )
    query = filters.query()
    return ExplorerPage(
        url="/explorer/",
        kind="explorer",
        title="Evidence explorer",
        description="Every peptide against every topic: the strongest evidence level recorded "
        "and how many findings support it.",
        eyebrow="Research tool",
        reviewed=None,  # a tool: nothing on it is reviewed content
        breadcrumbs=[Link(title="Home", href=urls.home())],
        topics=[Link(title=t.title, href=urls.topic(t.id), note=t.kind.value) for t in topics],
        rows=rows,
        levels=[
            Option(
                value=lv.slug,
                label="any level" if lv is Level.UNCLASSIFIED else f"{lv.label} or stronger",
                selected=lv is filters.min_level,
            )
            for lv in Level
        ],
        species=[Option(value=s, label=s, selected=s == filters.species) for s in species_seen],
        kinds=[
            Option(value=k.value, label=k.value, selected=k is filters.kind) for k in FindingKind
        ],
        total_rows=len(peptides),
        page=page,
        pages=pages,
        figure=figure if not query else None,
        error=error,
        next_steps=[
            Link(
                title="How to read a peptide study",
                href=urls.article("how-to-read-a-peptide-study"),
            ),
            Link(title="Compare Semax and Selank", href="/compare/selank-vs-semax/"),
        ],
    )
