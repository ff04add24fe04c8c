"""Pull the prose out of a file, keeping positions: Markdown bodies and YAML prose fields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sourcefirst.load.frontmatter import FrontMatterProblem, split_front_matter
from sourcefirst.load.yaml_nodes import Positions, YamlProblem, parse_yaml

# YAML fields that hold published display text, linted with every rule.
PROSE_FIELDS = {
    "statement",
    "boundary",
    "summary",
    "detail",
    "modification",
    "naming_note",
    "description",
    "notes",
    "note",
    "basis",
    "title",
    "eyebrow",
}
# A source's `title` is the work's own title, quoted as published: not our prose.
QUOTED_IN = {"sources": {"title"}}
# The needs-source list records circulating claims in paraphrase, on purpose, so its text is
# held to the out-of-scope rules only (no dosing, administration or sourcing even there), not
# to the overclaim rules its claims exist to flag.
SCOPE_ONLY_FILES = {"needs-source.yaml"}
SCOPE_ONLY_FIELDS = {"claim", "seen_in", "status", "notes"}


@dataclass(frozen=True, slots=True)
class ProseBlock:
    text: str
    line: int
    column: int
    peptides: tuple[str, ...]  # peptides the surrounding record is about
    scope_only: bool = False  # only the out-of-scope rules apply (see SCOPE_ONLY_FILES)


def _physical_text(
    lines: list[str], path: tuple[str | int, ...], positions: Positions, value: str
) -> str:
    """For a block scalar, its lines exactly as written (indentation kept), so sentence
    positions are physical line and column numbers."""
    if path not in positions.blocks:
        return value
    line, column = positions.values[path]
    indent = column - 1
    out: list[str] = []
    for raw in lines[line - 1 :]:
        if raw.strip() and len(raw) - len(raw.lstrip()) < indent:
            break
        out.append(raw)
    return "\n".join(out).rstrip()


@dataclass(frozen=True, slots=True)
class _Fields:
    linted: frozenset[str]
    scope_only: bool


def _yaml_blocks(
    data: Any,
    positions: Positions,
    path: tuple[str | int, ...],
    peptides: tuple[str, ...],
    lines: list[str],
    fields: _Fields,
) -> Iterator[ProseBlock]:
    if isinstance(data, dict):
        here = peptides
        if isinstance(data.get("peptides"), list):
            here = tuple(str(p) for p in data["peptides"])
        for key, value in data.items():
            sub = (*path, key)
            if key in fields.linted and isinstance(value, str):
                line, column = positions.find(sub)
                text = _physical_text(lines, sub, positions, value)
                start_column = 1 if sub in positions.blocks else column
                yield ProseBlock(text, line, start_column, here, fields.scope_only)
            else:
                yield from _yaml_blocks(value, positions, sub, here, lines, fields)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _yaml_blocks(item, positions, (*path, index), peptides, lines, fields)


def _fields_for(name: str) -> _Fields:
    parts = name.replace("\\", "/").split("/")
    if parts[-1] in SCOPE_ONLY_FILES:
        return _Fields(frozenset(SCOPE_ONLY_FIELDS), scope_only=True)
    folder = parts[-2] if len(parts) > 1 else ""
    return _Fields(frozenset(PROSE_FIELDS - QUOTED_IN.get(folder, set())), scope_only=False)


def prose_blocks(name: str, text: str) -> Iterator[ProseBlock]:
    """Prose of a file; YAML by suffix, Markdown (with optional front matter) otherwise."""
    if name.endswith((".yaml", ".yml")):
        try:
            data, positions = parse_yaml(text)
        except YamlProblem:
            return  # `check` reports malformed YAML
        file_peptides: tuple[str, ...] = ()
        if isinstance(data, dict) and isinstance(data.get("id"), str) and "sequence" in data:
            file_peptides = (data["id"],)
        lines = text.splitlines()
        yield from _yaml_blocks(data, positions, (), file_peptides, lines, _fields_for(name))
        return
    if text.startswith("---"):
        try:
            split = split_front_matter(text)
        except FrontMatterProblem:
            yield ProseBlock(text, 1, 1, ())
            return
        peptides: tuple[str, ...] = ()
        try:
            meta, positions = parse_yaml(split.front, line_offset=split.front_line - 1)
            if isinstance(meta, dict):
                peptides = tuple(str(p) for p in meta.get("peptides") or [])
                front_lines = split.front.splitlines()
                for key in ("title", "eyebrow", "summary"):
                    if isinstance(meta.get(key), str):
                        line, column = positions.find((key,))
                        value = _physical_text(front_lines, (key,), positions, meta[key])
                        start_column = 1 if (key,) in positions.blocks else column
                        yield ProseBlock(value, line, start_column, peptides)
        except YamlProblem:
            pass
        yield ProseBlock(split.body, split.body_line, 1, peptides)
        return
    yield ProseBlock(text, 1, 1, ())
