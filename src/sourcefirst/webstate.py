"""What the server knows: the current release and the knowledge base compiled into it.

The knowledge base is loaded from the release's SQLite database (opened read-only) and cached
per release; when a rebuild swaps ``build/current``, the next request loads the new one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from sourcefirst.kb import KnowledgeBase
from sourcefirst.kb_store import load_from_database


class NoBuild(RuntimeError):
    """There is no built release to serve."""


@dataclass(slots=True)
class SiteState:
    build: Path
    _release: Path | None = None
    _kb: KnowledgeBase | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

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

    def kb(self) -> KnowledgeBase:
        release = self.release()
        with self._lock:
            if self._kb is None or self._release != release:
                self._kb = load_from_database(release / "sourcefirst.db")
                self._release = release
            return self._kb
