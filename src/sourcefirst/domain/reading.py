"""What the editor read of each source (full text, abstract, title), in words for every view."""

from __future__ import annotations

from collections.abc import Mapping

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


def reading_labels(sources: Mapping[str, Source]) -> dict[str, str]:
    """Every source's citation label, keyed by source id (for a page's citation registry)."""
    return {key: reading_label(source) for key, source in sources.items()}


def title_only(finding: Finding, sources: Mapping[str, Source]) -> bool:
    """True when every source the finding cites was read at title level only."""
    cited = [sources[s] for s in finding.sources if s in sources]
    return bool(cited) and all(
        s.read is not None and s.read.level is ReadLevel.TITLE_ONLY for s in cited
    )
