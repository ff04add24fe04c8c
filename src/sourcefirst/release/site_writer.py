"""Write the pages and data files of a release, re-running only the jobs whose records changed.

Each job (a page, or a data file such as the BibTeX export) runs under the read recorder of
release/tracking.py. What it read, and the files it wrote, are kept in the release's
``build-state.pickle``; the next build compares the knowledge base's entries with the ones
recorded there and re-runs a job only when something it read changed, or when the code, the
settings or a non-table field changed. The others are hard-linked from the previous release:
no page data computed, nothing rendered, nothing written.

When many jobs must run (a cold build), they are shared between worker processes, one per
core; each writes its files straight into the staging folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.pages import urls
from sourcefirst.pages.compare import compare_url, featured_comparisons
from sourcefirst.pages.explorer import explorer_page
from sourcefirst.pages.sequence import prebuilt_sequences
from sourcefirst.pages.site import page_jobs
from sourcefirst.release.discovery import PageEntry
from sourcefirst.release.exports import library_files
from sourcefirst.release.figures import explorer_svg
from sourcefirst.release.render import render_html, render_json
from sourcefirst.release.tracking import (
    Reads,
    changed_entries,
    globals_digest,
    is_stale,
    recording,
    table_digests,
    tracked,
)

STATE_FILE = "build-state.pickle"
STATE_VERSION = 1
PARALLEL_MIN_JOBS = 300  # below this, starting worker processes costs more than it saves


@dataclass(slots=True)
class JobResult:
    reads: Reads
    files: list[str]  # paths relative to site/
    entries: list[PageEntry] = field(default_factory=list)
    manifest: dict[str, dict[str, str]] = field(default_factory=dict)  # url -> digest, title…


@dataclass(slots=True)
class BuildState:
    """What the next build needs to know about this one."""

    version: int
    code: str  # fingerprint of the code, templates and assets
    settings: str  # digest of the non-table fields (site settings included)
    tables: dict[str, dict[Any, bytes]]
    jobs: dict[str, JobResult]


@dataclass(slots=True)
class WriteResult:
    entries: list[PageEntry]
    manifest: dict[str, dict[str, str]]
    rendered: int  # pages rendered afresh
    reused: int  # pages linked from the previous release
    same_code: bool  # the previous release was built by this code (its state was usable)
    same_pages: bool  # ... and no page was rendered, added or removed: the same pages


FileMaker = Callable[[KnowledgeBase], list[tuple[str, str]]]


def _file_jobs() -> list[tuple[str, FileMaker]]:
    """Data files written beside the pages, as jobs of their own."""
    return [
        (
            "file:explorer-svg",
            lambda kb: [("explorer/matrix.svg", explorer_svg(explorer_page(kb)))],
        ),
        ("file:library", lambda kb: list(library_files(kb))),
        (
            "file:known-sequences",
            lambda kb: [("tools/sequence/known.json", json.dumps(prebuilt_sequences(kb)))],
        ),
        (
            "file:known-compare",
            lambda kb: [
                (
                    "compare/known.json",
                    json.dumps([compare_url(ids) for ids in featured_comparisons(kb)]),
                )
            ],
        ),
    ]


def _explorer_figure(kb: KnowledgeBase) -> list[tuple[str, str]]:
    return [("explorer/matrix.svg", explorer_svg(explorer_page(kb)))]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@dataclass(slots=True)
class _Work:
    """Everything a job needs; inherited by forked workers, never pickled."""

    kb: KnowledgeBase
    site: Path
    page_makers: dict[str, Any]
    file_makers: dict[str, FileMaker]
    settings_bytes: bytes


def _run(work: _Work, key: str) -> JobResult:
    with recording() as reads:
        if key in work.file_makers:
            produced = work.file_makers[key](work.kb)
            for relative, text in produced:
                _write(work.site / relative, text)
            return JobResult(reads, [relative for relative, _ in produced])
        pages = work.page_makers[key](work.kb)
        result = JobResult(reads, [])
        for page in pages:
            html_path, json_path = urls.output_paths(page.url)
            data = render_json(page)
            digest = hashlib.sha256(data.encode() + work.settings_bytes).hexdigest()
            _write(work.site / json_path, data)
            _write(work.site / html_path, render_html(page, work.kb.site))
            latest = (page.changes[0].date, page.changes[0].note) if page.changes else None
            result.entries.append(
                PageEntry(page.url, page.title, page.description, page.kind, page.reviewed, latest)
            )
            result.manifest[page.url] = {"digest": digest, "title": page.title, "kind": page.kind}
            result.files += [html_path, json_path]
        return result


_worker: _Work | None = None  # a worker process's copy of the work, set by its initializer


def _init_worker(work: _Work) -> None:
    global _worker
    _worker = work


def _run_many(keys: list[str]) -> list[tuple[str, JobResult]]:
    assert _worker is not None
    return [(key, _run(_worker, key)) for key in keys]


def load_state(release: Path | None, code: str) -> BuildState | None:
    """The previous release's build state, if it was built by the same code."""
    if release is None:
        return None
    try:
        with (release / STATE_FILE).open("rb") as handle:
            state = pickle.load(handle)  # noqa: S301 - written by our own build, in our folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(state, BuildState) or state.version != STATE_VERSION or state.code != code:
        return None
    return state


def _link_previous(previous: Path, site: Path, files: list[str]) -> bool:
    """Hard-link a reused job's files from the previous release (False if any is missing)."""
    made: list[Path] = []
    try:
        for relative in files:
            target = site / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(previous / "site" / relative, target)
            made.append(target)
    except OSError:
        for path in made:
            path.unlink(missing_ok=True)
        return False
    return True


def write_pages(kb: KnowledgeBase, release: Path, previous: Path | None, code: str) -> WriteResult:
    """Write every page and data file of ``kb`` into ``release/site``, reusing the previous
    release's files for jobs whose inputs did not change; saves the new build state."""
    site = release / "site"
    old = load_state(previous, code)
    tables = table_digests(kb)
    settings = globals_digest(kb)
    if old is not None and old.settings == settings:
        changed_keys, changed_tables = changed_entries(old.tables, tables)
        reusable = old.jobs
    else:
        changed_keys, changed_tables, reusable = set(), set(), {}
    jobs = page_jobs(kb)
    file_jobs = _file_jobs()
    order = [job.key for job in jobs] + [key for key, _ in file_jobs]
    if len(set(order)) != len(order):
        raise RuntimeError("two page jobs share a key")
    results: dict[str, JobResult] = {}
    pending: list[str] = []
    for key in order:
        before = reusable.get(key)
        if (
            before is not None
            and previous is not None
            and not is_stale(before.reads, changed_keys, changed_tables)
            and _link_previous(previous, site, before.files)
        ):
            results[key] = before
        else:
            pending.append(key)
    reused_pages = sum(len(results[k].entries) for k in results)
    work = _Work(
        kb=tracked(kb),
        site=site,
        page_makers={job.key: job.make for job in jobs},
        file_makers=dict(file_jobs),
        settings_bytes=kb.site.model_dump_json().encode(),
    )
    workers = min(os.cpu_count() or 1, 4)
    if len(pending) >= PARALLEL_MIN_JOBS and workers > 1:
        chunks = [pending[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(
            workers, mp_context=get_context("fork"), initializer=_init_worker, initargs=(work,)
        ) as pool:
            for batch in pool.map(_run_many, chunks):
                results.update(batch)
    else:
        results.update((key, _run(work, key)) for key in pending)
    entries: list[PageEntry] = []
    manifest: dict[str, dict[str, str]] = {}
    for key in order:
        result = results[key]
        for url, entry in result.manifest.items():
            if url in manifest:
                raise RuntimeError(f"two pages claim the URL {url}")
            manifest[url] = entry
        entries += result.entries
    state = BuildState(STATE_VERSION, code, settings, tables, {k: results[k] for k in order})
    with (release / STATE_FILE).open("wb") as handle:
        pickle.dump(state, handle, protocol=5)
    rendered = sum(len(results[k].entries) for k in pending)
    same_pages = (
        old is not None
        and rendered == 0
        and manifest.keys() == {url for job in old.jobs.values() for url in job.manifest}
    )
    return WriteResult(entries, manifest, rendered, reused_pages, old is not None, same_pages)
