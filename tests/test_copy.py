"""The editorial copy rule: no run of 8+ consecutive words from the reference pages.

Facts carry over from /work/shared/reference; sentences do not. Bibliographic data (a source's
title and journal name) is a quotation and is exempt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

RUN = 8
REFERENCE_PAGES = ("page-semax-mechanisms.txt", "page-cognitive-faq.txt")
BIBLIOGRAPHIC_FIELDS = ("title", "container-title", "container-title-short")

TYPOGRAPHIC = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "\u00a0": " ",
})  # fmt: skip
WORD_SPLIT = re.compile(r"[^a-z0-9µ]+")
NUMBERED_CITATION = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]")  # [3], [3,4], [3–5] in the pages
MARKDOWN_CITATION = re.compile(r"\[@[^\]]*\]")
MARKDOWN_LINK_TARGET = re.compile(r"\]\([^)]*\)")
TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
HTML_TAG = re.compile(r"<[^>]+>")


def words(text: str) -> list[str]:
    normal = text.translate(TYPOGRAPHIC).lower()
    return [w for w in WORD_SPLIT.split(normal) if w]


def runs(tokens: list[str]) -> Iterator[tuple[str, ...]]:
    for start in range(len(tokens) - RUN + 1):
        yield tuple(tokens[start : start + RUN])


@pytest.fixture(scope="module")
def reference_runs(repo_root: Path) -> set[tuple[str, ...]]:
    folder = repo_root.parent / "shared" / "reference"
    missing = [name for name in REFERENCE_PAGES if not (folder / name).is_file()]
    if missing:
        pytest.skip(f"copy rule not checked: reference pages {missing} not found in {folder}")
    found: set[tuple[str, ...]] = set()
    for name in REFERENCE_PAGES:
        text = (folder / name).read_text(encoding="utf-8")
        for paragraph in text.splitlines():
            found.update(runs(words(NUMBERED_CITATION.sub(" ", paragraph))))
    return found


def yaml_strings(data: object, *, skip_bibliographic: bool) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if skip_bibliographic and key in BIBLIOGRAPHIC_FIELDS:
                continue
            yield from yaml_strings(value, skip_bibliographic=False)
    elif isinstance(data, list):
        for item in data:
            yield from yaml_strings(item, skip_bibliographic=False)
    elif isinstance(data, str):
        yield data


def segments(path: Path, content: Path) -> list[str]:
    """The prose of one file, as separate runs of text (a run never spans two segments)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yaml":
        is_source = path.parent == content / "sources"
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            if is_source:
                raise  # cannot tell bibliographic fields apart; `check` reports the file
            return [text]
        return list(yaml_strings(data, skip_bibliographic=is_source))
    if path.suffix == ".html":
        return [HTML_TAG.sub(" ", part) for part in TEMPLATE_CODE.split(text)]
    # Markdown: citations and link targets are not prose.
    return [MARKDOWN_LINK_TARGET.sub("] ", MARKDOWN_CITATION.sub(" ", text))]


def checked_files(repo_root: Path) -> list[Path]:
    content = repo_root / "content"
    files = [p for p in content.rglob("*") if p.suffix in (".yaml", ".md")]
    files += (repo_root / "src" / "sourcefirst" / "templates").rglob("*.html")
    files += (repo_root / "docs").rglob("*.md")
    if (repo_root / "README.md").is_file():
        files.append(repo_root / "README.md")
    return sorted(p for p in files if p.is_file())


def test_words_normalise_typography_consistently() -> None:
    assert words("Semax’s “ACTH(4–10)” analogue—BDNF, 2.4 µM") == words(
        'semax\'s "acth(4-10)" analogue-bdnf, 2.4 µm'
    )
    assert words("Pro-Gly-Pro") == ["pro", "gly", "pro"]


def test_no_copied_runs_from_the_reference_pages(
    repo_root: Path, reference_runs: set[tuple[str, ...]]
) -> None:
    content = repo_root / "content"
    files = checked_files(repo_root)
    assert any(p.suffix == ".md" for p in files)
    hits: dict[str, set[str]] = {}
    for path in files:
        for segment in segments(path, content):
            for run in runs(words(segment)):
                if run in reference_runs:
                    hits.setdefault(str(path.relative_to(repo_root)), set()).add(" ".join(run))
    report = "\n".join(
        f'{file}: "{run}"' for file, found in sorted(hits.items()) for run in sorted(found)
    )
    assert not hits, f"runs of {RUN}+ words copied from the reference pages:\n{report}"
