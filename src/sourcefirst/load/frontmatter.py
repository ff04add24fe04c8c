"""Split a Markdown file into YAML front matter and body."""

from __future__ import annotations

from dataclasses import dataclass


class FrontMatterProblem(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class Split:
    front: str
    front_line: int  # line number of the first front-matter line (1-based)
    body: str
    body_line: int  # line number of the first body line (1-based)


def split_front_matter(text: str) -> Split:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterProblem("file must start with a '---' line opening the front matter", 1)
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return Split(
                front="".join(lines[1:index]),
                front_line=2,
                body="".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise FrontMatterProblem("front matter is not closed by a second '---' line", 1)
