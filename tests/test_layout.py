"""The package tree is the pipeline: lower stages never import the stages built on them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "sourcefirst"

# Each package may import only the packages listed for it (and itself); release and serve sit
# on top, and nothing below imports them.
BELOW_RELEASE = [
    "schema",
    "load",
    "domain",
    "checks",
    "lint",
    "prose",
    "chemistry",
    "search",
    "pages",
    "intake",
]
HIGHER = {"release", "serve", "cli"}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("sourcefirst.")
        ):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("sourcefirst."):
                    found.add(alias.name.split(".")[1])
    return found


@pytest.mark.parametrize("package", BELOW_RELEASE)
def test_lower_stages_never_import_release_or_serve(package: str) -> None:
    offenders = {
        str(path.relative_to(SRC)): sorted(_imports(path) & HIGHER)
        for path in sorted((SRC / package).rglob("*.py"))
        if _imports(path) & HIGHER
    }
    assert not offenders, f"{package}/ imports a higher stage: {offenders}"


def test_release_never_imports_serve() -> None:
    offenders = [
        str(p.relative_to(SRC)) for p in (SRC / "release").rglob("*.py") if "serve" in _imports(p)
    ]
    assert not offenders, f"release/ imports serve/: {offenders}"


def test_no_flat_modules_besides_the_entry_points() -> None:
    flat = sorted(p.name for p in SRC.glob("*.py"))
    assert flat == ["__init__.py", "__main__.py", "cli.py"], flat
