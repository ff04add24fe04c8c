"""The evidence scale page (/evidence-scale/): what every badge on the site means.

Each badge links to its entry here (`#level-<slug>`), so the key is one click from any finding.
"""

from __future__ import annotations

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.domain.labels import EVIDENCE_KEY
from sourcefirst.pages import urls
from sourcefirst.pages.dates import latest_review
from sourcefirst.pages.models import Link, Page, View

CERTAINTY_KEY = [
    ("⊕⊕⊕⊕", "High", "Further research is very unlikely to change the estimate."),
    ("⊕⊕⊕◯", "Moderate", "Further research may change the estimate."),
    ("⊕⊕◯◯", "Low", "Further research is likely to change the estimate."),
    ("⊕◯◯◯", "Very low", "Any estimate of the effect is very uncertain."),
    ("—", "No human evidence", "Only animal or laboratory studies: no certainty is graded."),
]


class ScaleEntry(View):
    slug: str
    badge: str
    meaning: str
    count: int  # findings at this level in the reference


class CertaintyEntry(View):
    symbols: str
    label: str
    meaning: str


class ScalePage(Page):
    levels: list[ScaleEntry]
    certainty: list[CertaintyEntry]


def evidence_scale_page(kb: KnowledgeBase) -> ScalePage:
    counts: dict[str, int] = {}
    for finding in kb.findings.values():
        slug = kb.grade(finding).slug
        counts[slug] = counts.get(slug, 0) + 1
    return ScalePage(
        url=urls.evidence_scale(),
        kind="scale",
        title="The evidence scale",
        description="What each evidence badge means, from a regulator's own review down to a "
        "test-tube assay, and how certain a body of human evidence is.",
        eyebrow="Evidence key",
        reviewed=latest_review(kb),
        breadcrumbs=[Link(title="Home", href=urls.home())],
        levels=[
            ScaleEntry(slug=slug, badge=badge, meaning=meaning, count=counts.get(slug, 0))
            for slug, (badge, meaning) in EVIDENCE_KEY.items()
        ],
        certainty=[CertaintyEntry(symbols=s, label=lab, meaning=m) for s, lab, m in CERTAINTY_KEY],
        next_steps=[
            Link(
                title="How to read a peptide study",
                href=urls.article("how-to-read-a-peptide-study"),
            ),
            Link(title="Evidence explorer", href="/explorer/"),
        ],
    )
