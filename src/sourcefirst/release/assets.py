"""Static assets with content-hashed names, and precompressed copies of text files.

`style.css` is published as `static/style.<hash>.css` (and under its plain name, for anything
that links it from outside); pages link the hashed name, so a server or CDN can cache it for a
year (`immutable`) and a new build changes the address instead of waiting for caches to expire.
Text files of the site also get a `.gz` twin (gzip level 9) that a server sends to clients
accepting gzip; static hosts serve the same twins (nginx `gzip_static on`).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

COMPRESSIBLE = {".html", ".json", ".css", ".js", ".svg", ".xml", ".txt", ".csv", ".bib", ".ris"}
MIN_COMPRESS_BYTES = 512  # below this the gzip header costs more than it saves


@lru_cache(maxsize=1)
def asset_names() -> dict[str, str]:
    """Plain name → hashed name of every packaged static file: style.css → style.1a2b3c4d.css."""
    names = {}
    for item in resources.files("sourcefirst").joinpath("static").iterdir():
        if item.is_file():
            digest = hashlib.sha256(item.read_bytes()).hexdigest()[:10]
            stem, dot, suffix = item.name.rpartition(".")
            names[item.name] = f"{stem}.{digest}.{suffix}" if dot else f"{item.name}.{digest}"
    return names


def asset_url(name: str) -> str:
    """The address pages use for a packaged static file: its hashed name."""
    return "/static/" + asset_names().get(name, name)


def is_hashed_asset(path: Path) -> bool:
    return path.parent.name == "static" and path.name in set(asset_names().values())


def copy_static(site: Path) -> None:
    """Every packaged static file under its plain and its hashed name."""
    target = site / "static"
    target.mkdir(parents=True, exist_ok=True)
    hashed = asset_names()
    for item in resources.files("sourcefirst").joinpath("static").iterdir():
        if item.is_file():
            data = item.read_bytes()
            (target / item.name).write_bytes(data)
            (target / hashed[item.name]).write_bytes(data)


def precompress(site: Path, previous: Path | None = None) -> int:
    """Write a `.gz` twin beside every compressible text file of ``site``; returns how many.

    A file that is a hard link of the ``previous`` release's (an unchanged page) gets that
    release's twin linked too, instead of being compressed again.
    """
    written = 0
    for path in site.rglob("*"):
        if path.suffix not in COMPRESSIBLE or not path.is_file() or path.is_symlink():
            continue
        if previous is not None and _link_previous_twin(path, site, previous):
            written += 1
            continue
        data = path.read_bytes()
        if len(data) < MIN_COMPRESS_BYTES:
            continue
        # mtime=0: the same bytes give the same .gz, so unchanged files stay byte-identical
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        written += 1
    return written


def _link_previous_twin(path: Path, site: Path, previous: Path) -> bool:
    old = previous / path.relative_to(site)
    old_twin = old.with_name(old.name + ".gz")
    try:
        if not (old_twin.is_file() and path.samefile(old)):
            return False
        os.link(old_twin, path.with_name(path.name + ".gz"))
    except OSError:
        return False
    return True
