"""What the server knows: the current release and the knowledge base compiled into it.

The knowledge base is loaded from the release's SQLite database (opened read-only) and cached
per release; when a rebuild swaps ``build/current``, the next request loads the new one.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.release.database import open_read_only
from sourcefirst.serve.kb_store import load_from_database

T = TypeVar("T")
MEMO_ENTRIES = 4096  # answers kept per server process (searches, tool pages): a few MB


class NoBuild(RuntimeError):
    """There is no built release to serve."""


@dataclass(slots=True)
class SiteState:
    build: Path
    _release: Path | None = None
    _kb: KnowledgeBase | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _local: threading.local = field(default_factory=threading.local)
    _memo: OrderedDict[tuple[Path, Hashable], object] = field(default_factory=OrderedDict)
    _pending: dict[tuple[Path, Hashable], threading.Lock] = field(default_factory=dict)

    def release(self) -> Path:
        link = self.build / "current"
        if not link.is_dir():
            raise NoBuild(f"no build in {self.build}")
        return link.resolve()

    @property
    def site(self) -> Path:
        return self.release() / "site"

    @property
    def database(self) -> Path:
        return self.release() / "sourcefirst.db"

    def connection(self) -> sqlite3.Connection:
        """A read-only connection to the current release's database, one per thread."""
        release = self.release()
        cached = getattr(self._local, "conn", None)
        if cached is None or self._local.release != release:
            if cached is not None:
                cached.close()
            self._local.conn = open_read_only(release / "sourcefirst.db")
            self._local.release = release
        conn: sqlite3.Connection = self._local.conn
        return conn

    def manifest(self) -> dict[str, dict[str, str]]:
        """url -> {digest, title, kind} for every page of the current release."""
        data = json.loads((self.release() / "manifest.json").read_text(encoding="utf-8"))
        pages: dict[str, dict[str, str]] = data["pages"]
        return pages

    def kb(self) -> KnowledgeBase:
        release = self.release()
        with self._lock:
            if self._kb is None or self._release != release:
                self._kb = load_from_database(release / "sourcefirst.db")
                self._release = release
            return self._kb

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, remembered for this release: a release never changes, so the same
        question (a search, a tool's page) always has the same answer until the next build.
        Concurrent requests for an answer not yet known wait for one computation of it
        instead of each computing it; least recently used answers go beyond MEMO_ENTRIES."""
        full = (self.release(), key)
        with self._lock:
            if full in self._memo:
                self._memo.move_to_end(full)
                return self._memo[full]  # type: ignore[return-value]
            gate = self._pending.setdefault(full, threading.Lock())
        with gate:  # the first request computes; the others wait here, then find the answer
            with self._lock:
                if full in self._memo:
                    return self._memo[full]  # type: ignore[return-value]
            try:
                value = compute()
            finally:
                with self._lock:
                    self._pending.pop(full, None)
            with self._lock:
                self._memo[full] = value
                while len(self._memo) > MEMO_ENTRIES:
                    self._memo.popitem(last=False)
            return value
