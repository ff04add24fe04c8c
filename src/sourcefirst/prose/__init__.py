"""Prose: Markdown with inline citations and embedded, generated blocks."""
