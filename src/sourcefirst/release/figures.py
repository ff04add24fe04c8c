"""SVG figures generated from page data (no scripts, escaped text, fixed palette)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from sourcefirst.pages.explorer import ExplorerPage

LEVEL_COLOURS = {
    "unclassified": "#6b7280", "in-vitro": "#6d4aa8", "animal": "#9a5b00",
    "human-mechanistic": "#0f6f8f", "human-uncontrolled": "#276738",
    "human-controlled": "#1f6a2f", "human-randomised": "#15582a",
    "systematic-review": "#0e4a22", "regulator-reviewed": "#223e8a",
}  # fmt: skip
CELL, LEFT, TOP, RIGHT = 34, 150, 240, 170  # room for rotated topic labels


def explorer_svg(page: ExplorerPage) -> str:
    width = LEFT + CELL * len(page.topics) + RIGHT
    height = TOP + CELL * len(page.rows) + 20
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t">',
        "<title id='t'>Strongest evidence level by peptide and topic</title>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        '<g font-family="system-ui, sans-serif" font-size="12" fill="#1d232b">',
    ]
    for col, topic in enumerate(page.topics):
        x = LEFT + col * CELL + CELL / 2
        out.append(
            f'<text transform="translate({x:.0f},{TOP - 8}) rotate(-55)">'
            f"{escape(topic.title)}</text>"
        )
    for row_index, row in enumerate(page.rows):
        y = TOP + row_index * CELL
        out.append(
            f'<text x="{LEFT - 8}" y="{y + CELL / 2 + 4:.0f}" text-anchor="end">'
            f"{escape(row.name)}</text>"
        )
        for col, cell in enumerate(row.cells):
            x = LEFT + col * CELL
            if cell is None:
                out.append(
                    f'<rect x="{x + 2}" y="{y + 2}" width="{CELL - 4}" '
                    f'height="{CELL - 4}" fill="#f5f7f9" stroke="#d9dee4"/>'
                )
                continue
            colour = LEVEL_COLOURS.get(cell.level, "#6b7280")
            out.append(
                f'<rect x="{x + 2}" y="{y + 2}" width="{CELL - 4}" height="{CELL - 4}" '
                f'fill="{colour}"><title>{escape(row.name)}: {escape(cell.label)}, '
                f"{cell.count} finding(s)</title></rect>"
            )
            out.append(
                f'<text x="{x + CELL / 2:.0f}" y="{y + CELL / 2 + 4:.0f}" '
                f'text-anchor="middle" fill="#fff">{cell.count}</text>'
            )
    out.append("</g></svg>")
    return "".join(out)
