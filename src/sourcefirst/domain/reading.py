"""What the editor read of each source (full text, abstract, title), in words for every view."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sourcefirst.schema.appraisal import ReadLevel
from sourcefirst.schema.finding import Finding
from sourcefirst.schema.source import Source

NOT_RECORDED = "reading not recorded"
TITLE_ONLY_NOTE = "known only from its title"


def reading_label(source: Source) -> str:
    """The short label shown with every citation: "abstract only", "title only" ..."""
    return source.read.level.label if source.read else NOT_RECORDED


def reading_detail(source: Source) -> str:
    """The label with the language read, for reference lists: "abstract only, in translation"."""
    if source.read is None:
        return NOT_RECORDED
    language = "in translation" if source.read.language == "translation" else "original language"
    return f"{source.read.level.label}, {language}"


class ReadingLabels(Mapping[str, str]):
    """Every source's citation label, keyed by source id, worked out when a page asks for one
    (a page cites a handful of sources; a catalogue holds hundreds)."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = sources

    def __getitem__(self, key: str) -> str:
        return reading_label(self.sources[key])

    def get(self, key: str, default: object = None) -> Any:
        source = self.sources.get(key)
        return default if source is None else reading_label(source)

    def __iter__(self) -> Iterator[str]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)


def title_only(finding: Finding, sources: Mapping[str, Source]) -> bool:
    """True when every source the finding cites was read at title level only."""
    cited = [sources[s] for s in finding.sources if s in sources]
    return bool(cited) and all(
        s.read is not None and s.read.level is ReadLevel.TITLE_ONLY for s in cited
    )
