"""Pull the prose out of a file, keeping positions: Markdown bodies and YAML prose fields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sourcefirst.load.frontmatter import FrontMatterProblem, split_front_matter
from sourcefirst.load.yaml_nodes import Positions, YamlProblem, parse_yaml

# YAML fields that hold published prose. Editorial notes are not linted; the needs-source list
# (which records circulating claims in paraphrase, on purpose) is read only for the rules that
# hold on every page (out of scope: dosing, formulation strengths, sourcing ...).
PROSE_FIELDS = {
    "statement",
    "boundary",
    "summary",
    "detail",
    "modification",
    "naming_note",
    "description",
}
SCOPE_ONLY_FILES = {"needs-source.yaml"}
SCOPE_ONLY_FIELDS = {"claim", "notes", "status", "seen_in"}


@dataclass(frozen=True, slots=True)
class ProseBlock:
    text: str
    line: int
    column: int
    peptides: tuple[str, ...]  # peptides the surrounding record is about
    scope_only: bool = False  # only the out-of-scope rules apply (the needs-source list)


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


def _yaml_blocks(
    data: Any,
    positions: Positions,
    path: tuple[str | int, ...],
    peptides: tuple[str, ...],
    lines: list[str],
    fields: frozenset[str] | set[str] = PROSE_FIELDS,
    scope_only: bool = False,
) -> Iterator[ProseBlock]:
    if isinstance(data, dict):
        here = peptides
        if isinstance(data.get("peptides"), list):
            here = tuple(str(p) for p in data["peptides"])
        for key, value in data.items():
            sub = (*path, key)
            if key in fields and isinstance(value, str):
                line, column = positions.find(sub)
                text = _physical_text(lines, sub, positions, value)
                start_column = 1 if sub in positions.blocks else column
                yield ProseBlock(text, line, start_column, here, scope_only)
            else:
                yield from _yaml_blocks(value, positions, sub, here, lines, fields, scope_only)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _yaml_blocks(
                item, positions, (*path, index), peptides, lines, fields, scope_only
            )


def prose_blocks(name: str, text: str) -> Iterator[ProseBlock]:
    """Prose of a file; YAML by suffix, Markdown (with optional front matter) otherwise."""
    scope_only = name.rsplit("/", 1)[-1] in SCOPE_ONLY_FILES
    if name.endswith((".yaml", ".yml")):
        try:
            data, positions = parse_yaml(text)
        except YamlProblem:
            return  # `check` reports malformed YAML
        file_peptides: tuple[str, ...] = ()
        if isinstance(data, dict) and isinstance(data.get("id"), str) and "sequence" in data:
            file_peptides = (data["id"],)
        fields = SCOPE_ONLY_FIELDS if scope_only else PROSE_FIELDS
        yield from _yaml_blocks(
            data, positions, (), file_peptides, text.splitlines(), fields, scope_only
        )
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
                if isinstance(meta.get("summary"), str):
                    line, column = positions.find(("summary",))
                    yield ProseBlock(meta["summary"], line, column, peptides)
        except YamlProblem:
            pass
        yield ProseBlock(split.body, split.body_line, 1, peptides)
        return
    yield ProseBlock(text, 1, 1, ())
