"""Static assets with content-hashed names, and precompressed copies of text files.

`style.css` is published as `static/style.<hash>.css` (and under its plain name, for anything
that links it from outside); pages link the hashed name, so a server or CDN can cache it for a
year (`immutable`) and a new build changes the address instead of waiting for caches to expire.
Text files of the site also get `.gz` (gzip level 9) and `.br` (brotli) twins that a server
sends to clients accepting them; static hosts serve the same twins (nginx `gzip_static on`,
`brotli_static on`).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from importlib import resources
from multiprocessing import get_context
from pathlib import Path

import brotli

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


ENCODINGS = (".gz", ".br")  # the twins every compressible file gets, in the server's order
BROTLI_PAGE_QUALITY = 7  # pages and data: as fast as gzip -9 and smaller; 11 is 30x slower
BROTLI_ASSET_QUALITY = 11  # the few packaged assets, fetched by every reader, get the best


def precompress(site: Path, previous: Path | None = None) -> int:
    """Write `.gz` and `.br` twins beside every compressible text file of ``site``; returns
    how many files got them.

    A file that is a hard link of the ``previous`` release's (an unchanged page) gets that
    release's twins linked too, instead of being compressed again. The rest are compressed
    in worker processes (one per core) when there are enough of them to pay for the start-up.
    """
    written = 0
    pending: list[Path] = []
    for path in site.rglob("*"):
        if path.suffix not in COMPRESSIBLE or not path.is_file() or path.is_symlink():
            continue
        if previous is not None and _link_previous_twins(path, site, previous):
            written += 1
            continue
        pending.append(path)
    if len(pending) >= PARALLEL_COMPRESS_MIN and (os.cpu_count() or 1) > 1:
        workers = min(os.cpu_count() or 1, 4)
        chunks = [pending[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            written += sum(pool.map(_compress_all, chunks))
    else:
        written += _compress_all(pending)
    return written


PARALLEL_COMPRESS_MIN = 400  # below this a second process costs more than it saves


def _compress_all(paths: list[Path]) -> int:
    done = 0
    for path in paths:
        data = path.read_bytes()
        if len(data) < MIN_COMPRESS_BYTES:
            continue
        quality = BROTLI_ASSET_QUALITY if path.parent.name == "static" else BROTLI_PAGE_QUALITY
        # mtime=0: the same bytes give the same .gz, so unchanged files stay byte-identical
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=quality))
        done += 1
    return done


def _link_previous_twins(path: Path, site: Path, previous: Path) -> bool:
    old = previous / path.relative_to(site)
    twins = [(old.with_name(old.name + ext), path.with_name(path.name + ext)) for ext in ENCODINGS]
    try:
        if not (all(o.is_file() for o, _ in twins) and path.samefile(old)):
            return False
        for old_twin, new_twin in twins:
            os.link(old_twin, new_twin)
    except OSError:
        return False
    return True
