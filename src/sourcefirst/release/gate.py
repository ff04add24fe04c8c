"""The one gate every publication passes: the cross-record checks and the prose linter.

`build` and `serve --dev` both call `gate_diagnostics`, so nothing is published that
`sourcefirst check` or `sourcefirst lint` would reject: an out-of-scope sentence (dosing,
administration, reconstitution, sourcing) or an overclaim in any linted text field refuses the
build with its file and line.
"""

from __future__ import annotations

from pathlib import Path

from sourcefirst.checks import check_knowledge_base
from sourcefirst.domain.diagnostics import Diagnostic, Severity
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.lint.engine import Linter, content_prose_files
from sourcefirst.release.lint_cache import LintCache


def gate_diagnostics(
    kb: KnowledgeBase, content: Path, cache_path: Path | None = None
) -> list[Diagnostic]:
    """Every check and lint diagnostic for a knowledge base that loaded from ``content``.

    With ``cache_path`` (in the build folder), files unchanged since the last lint against the
    same evidence reuse their lint results.
    """
    found = check_knowledge_base(kb)
    linter = Linter(kb)
    paths = content_prose_files(content)
    if cache_path is None:
        return found + linter.lint_paths(paths, content)
    cache = LintCache.open(cache_path, linter.context, content)
    keep: set[str] = set()
    for path in paths:
        key = str(path.relative_to(content))
        keep.add(key)
        signature = cache.signature(path)
        cached = cache.get(key, signature)
        if cached is None:
            cached = linter.lint_paths([path], content)
            cache.put(key, signature, cached)
        found += cached
    cache.save(keep)
    return found


def errors_of(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]
