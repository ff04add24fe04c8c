"""Validate parsed YAML against a schema, turning pydantic errors into located diagnostics."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from sourcefirst.domain.codes import RULES
from sourcefirst.domain.diagnostics import Category, Diagnostic, Location
from sourcefirst.load.yaml_nodes import Path_, Positions

T = TypeVar("T")
RULE_CODE = re.compile(r"^SF[0-9]{3}$")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Located(Generic[T]):
    """A validated record and where it was defined."""

    value: T
    where: Location


def _describe(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return f"missing required field `{error['loc'][-1]}`"
    if kind == "extra_forbidden":
        return f"unknown field `{error['loc'][-1]}`"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _path_text(loc: Sequence[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validate(
    model: type[M],
    data: Any,
    positions: Positions,
    file: str,
    base_path: Path_ = (),
) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``data`` as ``model``; on failure return one diagnostic per problem."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems: list[Diagnostic] = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if isinstance(p, str | int))
            # pydantic adds the tagged-union/member name for some errors; drop non-fields
            path = (*base_path, *loc)
            if error["type"] == "extra_forbidden":
                line, column = positions.key(path)
            else:
                line, column = positions.find(path)
            field = _path_text(loc)
            # a schema may name its own rule code: PydanticCustomError(<code>, message)
            code = error["type"] if RULE_CODE.match(error["type"]) else "SF101"
            problems.append(
                Diagnostic.at(
                    Location(file, line, column),
                    code,
                    RULES[code].category if code in RULES else Category.SCHEMA,
                    f"{model.__name__}{'.' + field if field else ''}: {_describe(error)}",
                    "see docs/content-format.md for the fields this file may contain",
                )
            )
        return None, problems
