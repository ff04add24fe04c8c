"""A cache of validated records per content file, so a rebuild re-reads only changed files.

Entries are keyed by the file's path and a hash of its bytes (hashing costs a fraction of
parsing, and unlike size and modification time it cannot be fooled by `cp -p` or `rsync -t`);
the whole cache is thrown away when the loading code, the schemas or the working directory
(which shapes the file names in diagnostics) change. The cache lives in the build folder,
which the build itself writes; it is written atomically and an unreadable cache is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sourcefirst.load.file_cache import code_digest, file_signature, read_entries, write_entries

BUCKETS = (
    "peptides",
    "proteins",
    "sources",
    "findings",
    "topics",
    "categories",
    "needs_source",
    "site",
    "articles",
    "searches",
    "retractions",
    "authors",
    "diagnostics",
    "failed",
)
Signature = str  # BLAKE2b digest of the file's bytes


def _code_fingerprint() -> str:
    # the cached diagnostics are pickled Diagnostic values: their shape matters too
    return code_digest("schema", "load", extra=("domain/diagnostics.py",))


@dataclass(slots=True)
class LoadCache:
    path: Path
    fingerprint: str = field(default_factory=_code_fingerprint)
    entries: dict[str, tuple[Signature, dict[str, list[Any]]]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, path: Path) -> LoadCache:
        cache = cls(path)
        cache.entries = read_entries(path, cache.fingerprint)
        return cache

    @staticmethod
    def signature(file: Path) -> Signature:
        return file_signature(file)

    def get(self, key: str, signature: Signature) -> dict[str, list[Any]] | None:
        entry = self.entries.get(key)
        if entry is not None and entry[0] == signature:
            self.hits += 1
            return entry[1]
        self.misses += 1
        return None

    def put(self, key: str, signature: Signature, produced: dict[str, list[Any]]) -> None:
        self.entries[key] = (signature, produced)

    def save(self, keep: set[str]) -> None:
        """Write the entries for the files that still exist (atomically)."""
        write_entries(
            self.path, self.fingerprint, {k: v for k, v in self.entries.items() if k in keep}
        )
