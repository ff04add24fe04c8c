"""Social preview images (OpenGraph / Twitter cards): one 1200×630 PNG per page type.

Drawn with Pillow's bundled font, so a build needs no system fonts and the images are the same
on every machine. A page's card names its type ("Peptide profile", "Evidence review" …) and the
site's promise; per-page text stays in the HTML, where it is escaped and searchable.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
INK = (29, 35, 43)
ACCENT = (11, 92, 173)
PAPER = (255, 255, 255)
WASH = (245, 247, 249)

PAGE_TYPES: dict[str, str] = {
    "home": "Research peptides, from their sources",
    "peptide": "Peptide profile",
    "article": "Article",
    "source": "Source",
    "references": "References",
    "category": "Category",
    "topic": "Topic",
    "needs-source": "Claims that need a source",
    "index": "Index",
    "sequence": "Sequence analyser",
    "compare": "Compare peptides",
    "compare-index": "Compare peptides",
    "explorer": "Evidence explorer",
    "search": "Search",
}
GENERIC = "page"


def preview_image_path(kind: str) -> str:
    """Site path of the card for pages of ``kind`` (unknown kinds share the generic card)."""
    return f"/static/previews/{kind if kind in PAGE_TYPES else GENERIC}.png"


def _card(title: str) -> bytes:
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 120), fill=WASH)
    draw.rectangle((0, 0, 24, SIZE[1]), fill=ACCENT)
    draw.text((80, 36), "SourceFirst", font=ImageFont.load_default(size=48), fill=INK)
    draw.text((80, 230), title, font=ImageFont.load_default(size=64), fill=ACCENT)
    tagline = "Every finding with its evidence level, its sources and its limits."
    draw.text((80, 360), tagline, font=ImageFont.load_default(size=34), fill=INK)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def preview_paths() -> list[str]:
    """Site path of every card: one per page type, plus the generic one."""
    return [preview_image_path(kind) for kind in [*PAGE_TYPES, GENERIC]]


def preview_image(path: str) -> bytes:
    """The PNG for the card at site ``path`` (one of `preview_paths`)."""
    kind = path.rsplit("/", 1)[-1].removesuffix(".png")
    return _card(PAGE_TYPES.get(kind, "Evidence reference"))
