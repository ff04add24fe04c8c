"""A cache of lint results per content file, so the build's gate relints only what changed.

A file's lint diagnostics depend on its bytes and on what the knowledge base supports (the
linter's evidence context: peptide names, evidence levels, source species). Entries are keyed
by the file's path and a hash of its bytes; the whole cache is dropped when the evidence
context, the linting code, the content folder or the working directory (both shape the file
names in diagnostics) change. It lives in the build folder beside the load cache, is written
atomically, and an unreadable cache is ignored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sourcefirst.domain.diagnostics import Diagnostic
from sourcefirst.lint.evidence_context import EvidenceContext
from sourcefirst.load.file_cache import code_digest, file_signature, read_entries, write_entries

CODE_FOLDERS = ("lint", "prose", "load", "domain")


def _code_digest() -> str:
    return code_digest(*CODE_FOLDERS)


def context_digest(context: EvidenceContext) -> str:
    """A digest of everything in the evidence context that a lint rule can consult."""
    digest = hashlib.sha256(str(context.longest_name).encode())
    for table in (
        context.names,
        context.outcome_level,
        context.topic_level,
        context.source_levels,
        context.source_species,
    ):
        digest.update(repr(sorted(table.items())).encode())
    return digest.hexdigest()


@dataclass(slots=True)
class LintCache:
    path: Path
    fingerprint: str
    entries: dict[str, tuple[str, list[Diagnostic]]] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path, context: EvidenceContext, content: Path) -> LintCache:
        fingerprint = f"{_code_digest()} {context_digest(context)} {content.resolve()}"
        cache = cls(path, fingerprint)
        cache.entries = read_entries(path, fingerprint)
        return cache

    @staticmethod
    def signature(file: Path) -> str:
        return file_signature(file)

    def get(self, key: str, signature: str) -> list[Diagnostic] | None:
        entry = self.entries.get(key)
        return entry[1] if entry is not None and entry[0] == signature else None

    def put(self, key: str, signature: str, found: list[Diagnostic]) -> None:
        self.entries[key] = (signature, found)

    def save(self, keep: set[str]) -> None:
        write_entries(
            self.path, self.fingerprint, {k: v for k, v in self.entries.items() if k in keep}
        )
