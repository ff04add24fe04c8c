"""SourceFirst: a source-first, citation-anchored evidence reference for research peptides."""

__version__ = "0.1.0"
