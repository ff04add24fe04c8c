"""The static search index (Pagefind), so search works where the site is served as plain files.

Pagefind ships as a binary inside the `pagefind[bin]` wheel; it reads the built HTML (only
`<main data-pagefind-body>` of content pages) and writes `site/pagefind/`. The search page uses
the server's search when our app serves it and this index on a static host.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

TIMEOUT_S = 600


class StaticSearchError(RuntimeError):
    """Pagefind could not index the site."""


def build_static_index(site: Path) -> None:
    """Index ``site`` in place (writes ``site/pagefind/``); raises StaticSearchError on failure."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StaticSearchError(f"pagefind did not run: {exc}") from exc
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise StaticSearchError(f"pagefind failed: {detail[0]}")


def reuse_static_index(site: Path, previous: Path | None) -> bool:
    """Hard-link the previous release's index when no page's HTML changed (Pagefind reads only
    the HTML, so its index would come out the same). False when there is nothing to reuse."""
    old = previous / "site" / "pagefind" if previous else None
    if old is None or not old.is_dir():
        return False
    shutil.copytree(old, site / "pagefind", copy_function=os.link)
    return True
