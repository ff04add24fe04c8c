"""A cache of validated records per content file, so a rebuild re-reads only changed files.

Entries are keyed by the file's path and a hash of its bytes (hashing costs a fraction of
parsing, and unlike size and modification time it cannot be fooled by `cp -p` or `rsync -t`);
the whole cache is thrown away when the loading code, the schemas or the working directory
(which shapes the file names in diagnostics) change. The cache lives in the build folder,
which the build itself writes; it is written atomically and an unreadable cache is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sourcefirst import __version__

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
    digest = hashlib.sha256(__version__.encode())
    digest.update(str(Path.cwd()).encode())
    package = resources.files("sourcefirst")
    for folder in ("schema", "load"):
        for item in sorted(package.joinpath(folder).iterdir(), key=lambda p: p.name):
            if item.name.endswith(".py"):
                digest.update(item.read_bytes())
    # the cached diagnostics are pickled Diagnostic values: their shape matters too
    digest.update(package.joinpath("domain", "diagnostics.py").read_bytes())
    return digest.hexdigest()


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
        try:
            with path.open("rb") as handle:
                stored = pickle.load(handle)  # noqa: S301 - written by our own build, see above
            if stored.get("fingerprint") == cache.fingerprint:
                cache.entries = stored["entries"]
        except (
            OSError,
            EOFError,
            pickle.UnpicklingError,
            AttributeError,
            KeyError,
            TypeError,
            ValueError,
            ImportError,
        ):
            pass
        return cache

    @staticmethod
    def signature(file: Path) -> Signature:
        return hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(f".tmp-{os.getpid()}")
        entries = {k: v for k, v in self.entries.items() if k in keep}
        with temp.open("wb") as handle:
            pickle.dump(
                {"fingerprint": self.fingerprint, "entries": entries},
                handle,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        temp.replace(self.path)
