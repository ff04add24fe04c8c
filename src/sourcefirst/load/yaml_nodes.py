"""YAML parsing that remembers where every value came from.

PyYAML's composer gives us a node tree with start marks. We construct plain Python data from it
ourselves (safe types only) and, alongside, a map from each value's path to its line/column, so
that a schema error at ``findings[3].sources[1]`` can be reported at the right line.
Duplicate mapping keys are errors rather than PyYAML's silent last-one-wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


class YamlProblem(Exception):
    def __init__(self, message: str, line: int, column: int, code: str = "SF002") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code = code  # SF002 malformed YAML, SF010 an impossible date or time


@dataclass(slots=True)
class Positions:
    """Line/column (1-based) of every value and key in a parsed document, by path."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # where each key is written
    blocks: set[Path_] = field(default_factory=set)  # `>`/`|` scalars (text starts a line down)
    composed: set[int] = field(default_factory=set)  # node ids seen (to detect aliases)
    line_offset: int = 0

    def key(self, path: Path_) -> tuple[int, int]:
        """Position of the key that introduces ``path`` (for unknown-field errors)."""
        hit = self.keys.get(tuple(path))
        return (hit[0] + self.line_offset, hit[1]) if hit else self.find(path)

    def find(self, path: Path_) -> tuple[int, int]:
        """Position of the deepest existing prefix of ``path`` (a missing field → its parent)."""
        for end in range(len(path), -1, -1):
            hit = self.values.get(tuple(path[:end]))
            if hit is not None:
                return hit[0] + self.line_offset, hit[1]
        return 1 + self.line_offset, 1


# libyaml's C parser when PyYAML was built with it (the PyPI wheels are): about ten times
# faster on a large catalogue, and its nodes carry the same line/column marks.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader; we only use its composer, and build Python values ourselves."""


def _scalar(loader: _Loader, node: yaml.ScalarNode, line_offset: int) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:
        # PyYAML's timestamp constructor: `2026-02-30` matches the pattern but is no date
        is_date = node.tag.endswith(":timestamp")
        raise YamlProblem(
            f"{node.value!r} is not a real date or time ({exc})"
            if is_date
            else f"malformed YAML: {node.value!r} is not a valid {node.tag} ({exc})",
            node.start_mark.line + 1 + line_offset,
            node.start_mark.column + 1,
            "SF010" if is_date else "SF002",
        ) from exc


MAX_FLOW_DEPTH = 64  # [ and { nesting; libyaml itself can crash on pathological depth


def _check_flow_depth(text: str, line_offset: int) -> None:
    """Refuse absurd bracket nesting before the C parser sees it (quotes are skipped)."""
    depth, line, quote = 0, 1, ""
    for char in text:
        if char == "\n":
            line += 1
        elif quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                raise YamlProblem(
                    f"malformed YAML: brackets nested more than {MAX_FLOW_DEPTH} deep",
                    line + line_offset,
                    1,
                )
        elif char in "]}":
            depth = max(0, depth - 1)


def _build(loader: _Loader, node: yaml.Node, path: Path_, positions: Positions) -> Any:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        if id(node) in positions.composed:
            # an alias (*name) of a list or mapping: refused, since repeated aliases can expand
            # exponentially ("billion laughs") and content never needs them
            raise YamlProblem(
                "anchors and aliases (&name, *name) are not allowed in content",
                line + positions.line_offset,
                column,
            )
        positions.composed.add(id(node))
    if isinstance(node, yaml.ScalarNode) and node.style in (">", "|"):
        line += 1  # block scalars: the text starts on the line after the indicator
        positions.blocks.add(path)
    positions.values[path] = (line, column)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = (
                _scalar(loader, key_node, positions.line_offset)
                if isinstance(key_node, yaml.ScalarNode)
                else None
            )
            if not isinstance(key, str):
                raise YamlProblem(
                    "mapping keys must be plain strings",
                    key_node.start_mark.line + 1 + positions.line_offset,
                    key_node.start_mark.column + 1,
                )
            if key in result:
                raise YamlProblem(
                    f"duplicate key {key!r}",
                    key_node.start_mark.line + 1 + positions.line_offset,
                    key_node.start_mark.column + 1,
                )
            positions.keys[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = _build(loader, value_node, (*path, key), positions)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, item, (*path, index), positions) for index, item in enumerate(node.value)
        ]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(loader, node, positions.line_offset)


def parse_yaml(text: str, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document; raise YamlProblem (with 1-based line/column) when malformed."""
    positions = Positions(line_offset=line_offset)
    _check_flow_depth(text, line_offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, positions
        data = _build(loader, node, (), positions)
        lines = text.splitlines()
        for path in positions.blocks:  # a block's column is its first line's indentation
            line, _column = positions.values[path]
            if 0 < line <= len(lines):
                body = lines[line - 1]
                positions.values[path] = (line, len(body) - len(body.lstrip()) + 1)
        return data, positions
    except YamlProblem:
        raise
    except RecursionError as exc:
        raise YamlProblem("malformed YAML: nested too deeply", 1 + line_offset, 1) from exc
    except yaml.MarkedYAMLError as exc:
        # for an unclosed bracket or quote, the context mark is where it was opened
        flow = bool(exc.context and ("flow" in exc.context or "quoted" in exc.context))
        mark = (exc.context_mark if flow else None) or exc.problem_mark or exc.context_mark
        line = (mark.line + 1) if mark else 1
        column = (mark.column + 1) if mark else 1
        message = exc.problem or exc.context or "malformed YAML"
        if flow and exc.context:
            message = f"{message} ({exc.context.strip()} opened here)"
        raise YamlProblem(f"malformed YAML: {message}", line + line_offset, column) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - defensive: unmarked PyYAML errors
        raise YamlProblem(f"malformed YAML: {exc}", 1 + line_offset, 1) from exc
    finally:
        loader.dispose()
