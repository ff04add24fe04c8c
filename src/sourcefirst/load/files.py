"""Which files under the content folder are read: the one place that decides, for the loader
and the linter alike.

A file (or folder) that is a symbolic link resolving outside the content folder is refused
with an error (SF007): publishing ``/etc/passwd`` because a link pointed there must be
impossible. Links inside the tree are followed. A dangling link, a FIFO or other special file,
and a folder named like a content file (``x.yaml/``) are skipped with a warning (SF008) naming
the path. The required files and folders (REQUIRED) are checked here too (SF006).
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path

from sourcefirst.domain.diagnostics import Category, Diagnostic, Location, Severity, relative

# What every content tree must have: the files and folders the records refer into.
REQUIRED_FILES = ("topics.yaml", "categories.yaml", "needs-source.yaml")
REQUIRED_FOLDERS = ("peptides", "proteins", "sources", "findings")


@dataclass(slots=True)
class Listing:
    """Files safe to read, and the problems found while listing them."""

    paths: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _escapes(path: Path, root: Path, real_root: Path) -> Path | None:
    """The first link on the way from ``root`` to ``path`` that resolves outside the content
    folder (None if every link stays inside)."""
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            target = current.resolve()
            if not target.is_relative_to(real_root):
                return current
    return None


def shown(path: Path, root: Path) -> str:
    """The path as diagnostics show it, without following a link at its end."""
    return f"{relative(path.parent, root)}/{path.name}"


def _problem(
    root: Path, path: Path, code: str, message: str, severity: Severity, suggestion: str = ""
) -> Diagnostic:
    return Diagnostic.at(
        Location(shown(path, root)),
        code,
        Category.SCHEMA,
        message,
        suggestion,
        severity,
    )


def list_files(root: Path, pattern: str) -> Listing:
    """The regular files matching ``pattern`` under ``root`` that may be read, sorted."""
    listing = Listing()
    real_root = root.resolve()
    refused: set[Path] = set()
    for path in sorted(root.glob(pattern)):
        link = _escapes(path, root, real_root)
        if link is not None:
            if link not in refused:
                refused.add(link)
                listing.diagnostics.append(
                    _problem(
                        root,
                        link,
                        "SF007",
                        f"symbolic link to {link.resolve()} points outside the content folder; "
                        "refused",
                        Severity.ERROR,
                        "copy the file into the content folder or link only within it",
                    )
                )
            continue
        try:
            mode = path.stat().st_mode
        except OSError:
            listing.diagnostics.append(
                _problem(
                    root,
                    path,
                    "SF008",
                    "skipped: a symbolic link whose target does not exist",
                    Severity.WARNING,
                )
            )
            continue
        if stat.S_ISREG(mode):
            listing.paths.append(path)
            continue
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (FIFO, socket or device)"
        listing.diagnostics.append(
            _problem(root, path, "SF008", f"skipped: {kind}", Severity.WARNING)
        )
    return listing


def required_problems(root: Path) -> list[tuple[str, Diagnostic]]:
    """Each missing required file or folder (its name and a diagnostic naming it, and where it
    is if it was put elsewhere)."""
    found: list[tuple[str, Diagnostic]] = []
    base = relative(root, root)
    wanted = [(name, False) for name in REQUIRED_FILES] + [(n, True) for n in REQUIRED_FOLDERS]
    for name, folder in wanted:
        target = root / name
        if target.is_dir() if folder else target.is_file():
            continue
        elsewhere = sorted(
            p for p in root.rglob(name) if p != target and (p.is_dir() if folder else p.is_file())
        )
        label = f"{base}/{name}{'/' if folder else ''}"
        if elsewhere:
            message = (
                f"found {name}{'/' if folder else ''} at {shown(elsewhere[0], root)}; "
                f"it belongs at {label}"
            )
            suggestion = f"move it to {label}"
        else:
            message = f"{label} is missing"
            suggestion = "see docs/content-format.md for the files a content folder holds"
        found.append(
            (
                name,
                Diagnostic.at(
                    Location(label), "SF006", Category.SCHEMA, message, suggestion, Severity.ERROR
                ),
            )
        )
    return found
