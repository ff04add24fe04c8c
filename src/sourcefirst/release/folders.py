"""The build folder's releases: staging, the atomic swap of ``current``, copies and pruning.

Release folders are named by the time they were started (to the microsecond, so two made in
the same second still sort in the order they were made); ``current`` is a relative link that
is replaced in one ``rename``. Old releases are first renamed aside (instant, atomic) and
then deleted by a background thread, so a build does not wait for thousands of unlinks.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import uuid
from pathlib import Path

KEEP_RELEASES = 2


def current_release(out: Path) -> Path | None:
    link = out / "current"
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def new_staging(releases: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    staging = releases / f".staging-{stamp}-{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    return staging


def publish(out: Path, staging: Path) -> Path:
    """Rename ``staging`` to its release name and point ``current`` at it."""
    release = staging.with_name(staging.name.removeprefix(".staging-"))
    staging.rename(release)
    temp_link = out / f".current-{uuid.uuid4().hex}"
    temp_link.symlink_to(Path("releases") / release.name)
    temp_link.replace(out / "current")
    return release


def copy_without(release: Path, staging: Path, skip: str) -> None:
    """Hard-link every file of ``release`` into the new folder ``staging``, except the subtree
    ``skip`` (relative to the release)."""
    parent, _, name = str(release / skip).rpartition(os.sep)

    def ignore(folder: str, names: list[str]) -> list[str]:
        # copytree names folders by joining onto ``release``: a string test, no file system
        return [name] if folder == parent and name in names else []

    shutil.copytree(
        release, staging, symlinks=True, ignore=ignore, copy_function=os.link, dirs_exist_ok=True
    )


def prune(out: Path, keep: Path) -> threading.Thread | None:
    """Keep ``keep`` and the newest other release; move the rest aside and delete them (and
    any staging or trash left by an interrupted build) in a background thread."""
    releases = out / "releases"
    names = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    stale = [p for p in names if p != keep]
    doomed = stale[: -(KEEP_RELEASES - 1)] if KEEP_RELEASES > 1 else stale
    trash: list[Path] = []
    for old in doomed:
        target = releases / f".trash-{old.name}"
        try:
            old.rename(target)
            trash.append(target)
        except OSError:
            continue
    trash += [p for p in releases.glob(".trash-*") if p not in trash]
    trash += list(releases.glob(".staging-*"))
    if not trash:
        return None

    def delete() -> None:
        for folder in trash:
            shutil.rmtree(folder, ignore_errors=True)

    worker = threading.Thread(target=delete, name="sourcefirst-prune")
    worker.start()
    return worker
