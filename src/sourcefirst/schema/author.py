"""Author identities: transliteration aliases, so one person is one person across sources."""

from __future__ import annotations

from pydantic import Field

from sourcefirst.schema.common import Record, Text
from sourcefirst.schema.source import Name


class Author(Record):
    """One person: the name used here, the other spellings their papers use, an affiliation."""

    name: Name
    aliases: list[Name] = Field(default_factory=list)
    affiliation: Text | None = None
