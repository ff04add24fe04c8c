"""The Methods box and PRISMA 2020 flow diagram of an evidence review, from its search file.

The diagram is page data (boxes with positions and lines of text, and arrows), drawn as inline
SVG by templates/_methods.html with presentation attributes only (the CSP forbids inline
styles), and served as-is in the JSON twin, with a text alternative.
"""

from __future__ import annotations

import textwrap

from sourcefirst.domain.certainty import short_name
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages import urls
from sourcefirst.pages.models import Link, View
from sourcefirst.schema.search import Search

LEFT_X, RIGHT_X, WIDTH, LINE, PAD, GAP = 10, 380, 330, 16, 10, 28
WRAP = 44


class SearchView(View):
    method: str
    database: str
    query: str | None
    date_run: str
    records: int
    note: str | None


class FlowBox(View):
    id: str
    x: int
    y: int
    width: int
    height: int
    lines: list[str]
    stage: str  # identification | screening | included


class FlowArrow(View):
    x1: int
    y1: int
    x2: int
    y2: int


class PrismaFlow(View):
    width: int
    height: int
    boxes: list[FlowBox]
    arrows: list[FlowArrow]
    title: str
    description: str  # the text alternative


class MethodsView(View):
    summary: str
    searches: list[SearchView]
    kind: str  # "database search" or "citation searching only"
    identified: int
    duplicates_removed: int
    screened: int
    excluded_at_screening: int
    not_retrieved: int
    assessed: int
    exclusions: list[str]
    included: list[str]
    added_by_hand: list[Link]  # the source as readers cite it, its page, and the reason
    flow: PrismaFlow


def _lines(texts: list[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        out.extend(textwrap.wrap(text, WRAP) or [""])
    return out


def _describe(texts: list[str]) -> str:
    """One box as a phrase of the text alternative: 'Heading: a, b' or 'Heading, detail'."""
    first, *rest = texts
    if not rest:
        return first
    return first + (" " if first.endswith(":") else ", ") + ", ".join(rest)


def _height(lines: list[str]) -> int:
    return PAD * 2 + LINE * len(lines)


def prisma_flow(search: Search) -> PrismaFlow:
    rows: list[tuple[str, list[str], str, list[str] | None]] = [
        (
            "identification",
            ["Records identified:"]
            + [f"{run.database} (n = {run.records})" for run in search.searches],  # one per line
            "removed",
            ["Records removed before screening:", f"duplicates (n = {search.duplicates_removed})"]
            + ([f"other reasons (n = {search.other_removed})"] if search.other_removed else []),
        ),
        (
            "screening",
            [f"Records screened (n = {search.screened})"],
            "excluded",
            [f"Records excluded (n = {search.excluded_at_screening})"]
            + [f"{e.reason} (n = {e.count})" for e in search.screening_exclusions],
        ),
        (
            "screening",
            [f"Reports sought for retrieval (n = {search.sought})"],
            "not-retrieved",
            [f"Reports not retrieved (n = {search.not_retrieved})"]
            + ([search.not_retrieved_reason] if search.not_retrieved_reason else []),
        ),
        (
            "screening",
            [f"Reports assessed for eligibility (n = {search.assessed})"],
            "reports-excluded",
            [f"Reports excluded (n = {sum(e.count for e in search.exclusions)})"]
            + [f"{e.reason} (n = {e.count})" for e in search.exclusions],
        ),
        (
            "included",
            [f"Sources included from the searches (n = {len(search.included)})"]
            + (
                [f"added by hand, with reasons (n = {len(search.added_by_hand)})"]
                if search.added_by_hand
                else []
            ),
            "",
            None,
        ),
    ]
    boxes: list[FlowBox] = []
    arrows: list[FlowArrow] = []
    described: list[str] = []
    y = 10
    for index, (stage, left_text, right_id, right_text) in enumerate(rows):
        left = _lines(left_text)
        right = _lines(right_text) if right_text else []
        described.append(_describe(left_text))
        if right_text:
            described.append(_describe(right_text))
        height = max(_height(left), _height(right) if right else 0)
        boxes.append(FlowBox(id=f"step-{index + 1}", x=LEFT_X, y=y, width=WIDTH,
                             height=height, lines=left, stage=stage))  # fmt: skip
        if right_text:
            boxes.append(FlowBox(id=right_id, x=RIGHT_X, y=y, width=WIDTH,
                                 height=height, lines=right, stage=stage))  # fmt: skip
            mid = y + height // 2
            arrows.append(FlowArrow(x1=LEFT_X + WIDTH, y1=mid, x2=RIGHT_X - 4, y2=mid))
        if index:
            previous = [b for b in boxes if b.x == LEFT_X and b.y < y][-1]
            arrows.append(
                FlowArrow(
                    x1=LEFT_X + WIDTH // 2,
                    y1=previous.y + previous.height,
                    x2=LEFT_X + WIDTH // 2,
                    y2=y - 4,
                )
            )
        y += height + GAP
    description = "; ".join(described)
    return PrismaFlow(
        width=RIGHT_X + WIDTH + 10,
        height=y - GAP + 10,
        boxes=boxes,
        arrows=arrows,
        title="PRISMA 2020 flow diagram of how this review's sources were found",
        description=description,
    )


def search_kind(methods: set[str]) -> str:
    """What kind of search an evidence review rests on, in words (never overstated)."""
    if methods & {"database", "register"}:
        return "database search"
    if "web" in methods:
        return "web-page search (no bibliographic database searched)"
    if methods == {"citations"}:
        return "citation searching only (no database searched)"
    return "other search methods (no database searched)"


def methods_view(kb: KnowledgeBase, slug: str) -> MethodsView | None:
    search = next((s for s in kb.searches.values() if s.review == slug), None)
    if search is None:
        return None
    return MethodsView(
        summary=search.summary,
        searches=[
            SearchView(
                method=run.method.value,
                database=run.database,
                query=run.query,
                date_run=run.date_run.isoformat(),
                records=run.records,
                note=run.note,
            )
            for run in search.searches
        ],
        kind=search_kind({run.method.value for run in search.searches}),
        identified=search.identified,
        duplicates_removed=search.duplicates_removed,
        screened=search.screened,
        excluded_at_screening=search.excluded_at_screening,
        not_retrieved=search.not_retrieved,
        assessed=search.assessed,
        exclusions=[f"{e.reason} ({e.count})" for e in search.exclusions],
        included=list(search.included),
        added_by_hand=[
            Link(
                title=short_name(kb.sources[a.source]) if a.source in kb.sources else a.source,
                href=urls.source(a.source),
                note=a.reason,
            )
            for a in search.added_by_hand
        ],
        flow=prisma_flow(search),
    )
