"""The mechanics shared by the build's per-file caches (loaded records, lint results).

A cache file holds a fingerprint (what the cached values depend on: code, settings) and
entries keyed by content path, each with a hash of the file's bytes. Reading tolerates any
damage (an unreadable cache is an empty one); writing is atomic (a temporary file, then
`os.replace`). The files are written by our own build into its build folder and read only by
it, which is why unpickling them is acceptable.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from importlib import resources
from pathlib import Path
from typing import Any

from sourcefirst import __version__

UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    KeyError,
    TypeError,
    ValueError,
    ImportError,
)


def file_signature(file: Path) -> str:
    """A BLAKE2b digest of the file's bytes (unlike size and mtime, `cp -p` cannot fool it)."""
    return hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()


def code_digest(*folders: str, extra: tuple[str, ...] = ()) -> str:
    """A digest of the package's code in ``folders`` (and the ``extra`` module paths), the
    version and the working directory (which shapes the file names in diagnostics)."""
    digest = hashlib.sha256(f"{__version__} {Path.cwd()}".encode())
    package = resources.files("sourcefirst")
    for folder in folders:
        for item in sorted(package.joinpath(folder).iterdir(), key=lambda p: p.name):
            if item.name.endswith(".py"):
                digest.update(item.read_bytes())
    for module in extra:
        digest.update(package.joinpath(*module.split("/")).read_bytes())
    return digest.hexdigest()


def read_entries(path: Path, fingerprint: str) -> dict[str, Any]:
    """The cached entries, or nothing when the file is missing, damaged or out of date."""
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)  # noqa: S301 - written by our own build, see above
        if stored.get("fingerprint") == fingerprint:
            entries: dict[str, Any] = stored["entries"]
            return entries
    except UNREADABLE:
        pass
    return {}


def write_entries(path: Path, fingerprint: str, entries: dict[str, Any]) -> None:
    """Write ``entries`` atomically: a reader sees the old cache or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(f".tmp-{os.getpid()}")
    with temp.open("wb") as handle:
        pickle.dump(
            {"fingerprint": fingerprint, "entries": entries},
            handle,
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    temp.replace(path)
