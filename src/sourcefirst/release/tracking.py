"""Which records each page was made from: the build's dependency graph.

While a page job runs, the knowledge base's tables are ``TrackedDict``s that note every key
read (``peptides["semax"]``, ``findings_by_peptide["semax"]``) and every whole-table scan
(iterating ``findings``, ``len(peptides)``). After the build each table entry gets a short
digest; the next build compares digests and re-runs only the jobs that read a changed entry
or scanned a table with any change. Fields that are not tables (the site settings, authors,
retraction snapshot, latest review date) are few and rarely edited: any change to them
re-runs every job.

This is the one place that knows which fields are tables; pages read the knowledge base as
usual and never see the recording.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from sourcefirst.domain.kb import Article, KnowledgeBase

Key = tuple[str, Any]  # (table name, key in that table)


@dataclass(slots=True)
class Reads:
    keys: set[Key] = field(default_factory=set)
    scans: set[str] = field(default_factory=set)


_recording: ContextVar[Reads | None] = ContextVar("recording", default=None)


class TrackedDict(dict[Any, Any]):
    """A table of the knowledge base that tells the running job's recorder what it reads."""

    __slots__ = ("table",)

    def __init__(self, table: str, data: dict[Any, Any]) -> None:
        super().__init__(data)
        self.table = table

    def _key(self, key: Any) -> None:
        reads = _recording.get()
        if reads is not None:
            reads.keys.add((self.table, key))

    def _scan(self) -> None:
        reads = _recording.get()
        if reads is not None:
            reads.scans.add(self.table)

    def __getitem__(self, key: Any) -> Any:
        self._key(key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._key(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._key(key)
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:
        self._scan()
        return super().__iter__()

    def __len__(self) -> int:
        self._scan()
        return super().__len__()

    def keys(self) -> Any:
        self._scan()
        return super().keys()

    def values(self) -> Any:
        self._scan()
        return super().values()

    def items(self) -> Any:
        self._scan()
        return super().items()


def table_names(kb: KnowledgeBase) -> list[str]:
    return [f.name for f in dataclasses.fields(kb) if isinstance(getattr(kb, f.name), dict)]


def tracked(kb: KnowledgeBase) -> KnowledgeBase:
    """A copy of ``kb`` whose tables record reads (the records themselves are shared)."""
    copy = dataclasses.replace(kb)
    for name in table_names(kb):
        setattr(copy, name, TrackedDict(name, getattr(kb, name)))
    return copy


class recording:
    """``with recording() as reads:`` collects what the code inside reads from tracked tables."""

    def __enter__(self) -> Reads:
        self.reads = Reads()
        self.token = _recording.set(self.reads)
        return self.reads

    def __exit__(self, *_exc: object) -> None:
        _recording.reset(self.token)


# --- digests ---------------------------------------------------------------------------------


def _digest(value: Any, memo: dict[int, bytes]) -> bytes:
    known = memo.get(id(value))
    if known is not None:
        return known
    if isinstance(value, BaseModel):
        data = value.model_dump_json().encode()
    elif isinstance(value, list | tuple):
        data = b"[" + b",".join(_digest(v, memo) for v in value) + b"]"
    elif isinstance(value, set | frozenset):
        data = b"{" + b",".join(sorted(repr(v).encode() for v in value)) + b"}"
    elif isinstance(value, Article):
        data = b"|".join(
            [
                value.meta.model_dump_json().encode(),
                value.body.encode(),
                repr((value.where, value.body_line, value.cited)).encode(),
            ]
        )
    elif isinstance(value, dict):
        items = sorted((repr(k), _digest(v, memo)) for k, v in value.items())
        data = b"{" + b",".join(k.encode() + b":" + v for k, v in items) + b"}"
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        # field by field: pickling would also write a model's set of set fields, whose
        # order changes from one process to the next (string hashing is randomised)
        data = (
            b"("
            + b",".join(_digest(getattr(value, f.name), memo) for f in dataclasses.fields(value))
            + b")"
        )
    else:
        data = pickle.dumps(value, protocol=5)  # dates, enums, strings, numbers, None
    digest = hashlib.blake2b(data, digest_size=12).digest()
    if isinstance(value, BaseModel | Article):
        memo[id(value)] = digest  # records recur in the derived tables: digest each once
    return digest


def table_digests(kb: KnowledgeBase) -> dict[str, dict[Any, bytes]]:
    """A digest of every table entry of ``kb``, to compare with the next build's."""
    memo: dict[int, bytes] = {}
    return {
        name: {key: _digest(value, memo) for key, value in dict.items(getattr(kb, name))}
        for name in table_names(kb)
    }


def globals_digest(kb: KnowledgeBase) -> str:
    """One digest of the fields that are not tables: a change there re-runs every job."""
    memo: dict[int, bytes] = {}
    parts = [
        _digest(getattr(kb, f.name), memo)
        for f in dataclasses.fields(kb)
        if not isinstance(getattr(kb, f.name), dict)
    ]
    return hashlib.blake2b(b"".join(parts), digest_size=16).hexdigest()


def changed_entries(
    old: dict[str, dict[Any, bytes]], new: dict[str, dict[Any, bytes]]
) -> tuple[set[Key], set[str]]:
    """Entries whose digest differs (added and removed ones too), and the tables holding them."""
    keys: set[Key] = set()
    for name in old.keys() | new.keys():
        before, after = old.get(name, {}), new.get(name, {})
        if before == after:
            continue
        keys.update(
            (name, key) for key in before.keys() | after.keys() if before.get(key) != after.get(key)
        )
    return keys, {name for name, _ in keys}


def is_stale(reads: Reads, keys: set[Key], tables: set[str]) -> bool:
    """Whether a job that read ``reads`` last time must run again."""
    return bool(reads.scans & tables) or not reads.keys.isdisjoint(keys)
