"""Stage 5: write the site atomically, re-rendering only pages whose data or templates changed.

Layout of the output folder::

    build/
      current -> releases/20261121T101500-ab12cd   (symlink, swapped atomically)
      releases/<id>/site/...                      (HTML, JSON twins, static assets)
      releases/<id>/sourcefirst.db                (compiled SQLite database)
      releases/<id>/manifest.json                 (url → digest, for incremental builds)

A build writes a new release beside the old one and only then swaps the ``current`` link with
``os.replace``; a failure at any point deletes the half-written release and leaves ``current``
untouched.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
from pydantic import ValidationError

from sourcefirst import __version__
from sourcefirst.domain.diagnostics import (
    Category,
    ContentError,
    Diagnostic,
    Location,
)
from sourcefirst.domain.kb import KnowledgeBase, load_knowledge_base
from sourcefirst.load.cache import LoadCache
from sourcefirst.pages import urls
from sourcefirst.release.assets import copy_static, precompress
from sourcefirst.release.database import compile_database
from sourcefirst.release.discovery import atom_feed, robots_txt, sitemap_xml
from sourcefirst.release.folders import copy_without, current_release, new_staging, prune, publish
from sourcefirst.release.gate import errors_of, gate_diagnostics
from sourcefirst.release.previews import preview_image, preview_paths
from sourcefirst.release.render import not_found_page, render_html
from sourcefirst.release.site_writer import WriteResult, write_pages
from sourcefirst.release.static_search import (
    StaticSearchError,
    build_static_index,
    reuse_static_index,
)
from sourcefirst.schema.site import SiteConfig


@dataclass(slots=True)
class BuildResult:
    release: Path
    pages: int
    rendered: int
    reused: int
    seconds: float
    warnings: list[Diagnostic] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per pipeline stage
    unchanged: bool = False  # nothing the build reads had changed: ``release`` is the old one


# Code a build never runs: the server (nothing below release/ imports it; tests/test_layout.py
# keeps it so) and the command line. Editing them must not re-render every page.
NOT_BUILD_CODE = ("serve/", "cli.py", "__main__.py")


def _fingerprint() -> str:
    """Digest of everything besides page data that shapes a build's output: the code the
    build runs, templates and assets, and the template engine's version."""
    digest = hashlib.sha256(f"{__version__} jinja2 {jinja2.__version__}".encode())
    root = Path(str(resources.files("sourcefirst")))
    for item in sorted(root.rglob("*")):
        if item.relative_to(root).as_posix().startswith(NOT_BUILD_CODE):
            continue
        if item.is_file() and item.suffix in {".py", ".html", ".css", ".js", ".svg", ".yaml"}:
            digest.update(str(item.relative_to(root)).encode())
            digest.update(item.read_bytes())
    return digest.hexdigest()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _render_site(
    kb: KnowledgeBase, release: Path, previous: Path | None, fingerprint: str
) -> WriteResult:
    site = release / "site"
    written = write_pages(kb, release, previous, fingerprint)
    downloads = site / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    os.link(release / "sourcefirst.db", downloads / "sourcefirst.db")  # same file, no copy
    _write(site / "404.html", render_html(not_found_page(), kb.site))
    _write(site / "sitemap.xml", sitemap_xml(kb.site, written.entries))
    _write(site / "robots.txt", robots_txt(kb.site))
    _write(site / "feed.xml", atom_feed(kb.site, written.entries))
    copy_static(site)
    _write_previews(site, previous if written.same_code else None)
    _write(
        release / "manifest.json",
        json.dumps({"fingerprint": fingerprint, "pages": written.manifest}, indent=1),
    )
    return written


def _write_previews(site: Path, same_code_release: Path | None) -> None:
    """Social preview cards: reused from a release built by the same code, else drawn."""
    for path in preview_paths():
        target = site / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if same_code_release is not None:
            try:
                os.link(same_code_release / "site" / path.lstrip("/"), target)
                continue
            except OSError:
                pass
        target.write_bytes(preview_image(path))


class BuildInProgress(RuntimeError):
    """Another build holds the lock on this build folder."""


class BuildFolderProblem(RuntimeError):
    """The build folder cannot be used (it is a file, or cannot be created)."""


class StrictWarnings(ContentError):
    """``strict`` build: there were warnings, and they count as errors (nothing written)."""


def build_site(
    content: Path,
    out: Path,
    strict: bool = False,
    base_url: str | None = None,
    on_published: Callable[[Path], None] | None = None,
) -> BuildResult:
    """Load, check, lint, compile and render ``content`` into a new release under ``out``.

    One build at a time per folder (an exclusive lock). Raises ContentError (with every
    diagnostic: loading, the cross-record checks and the prose linter) before anything is
    written when content is bad; StrictWarnings, likewise, when ``strict`` and there are
    warnings; BuildInProgress when another build holds the folder; BuildFolderProblem when
    ``out`` is not a usable folder. ``on_published`` is called with the release as soon as its
    pages are live, which may be before its static search index is (see _build_locked).
    """
    if out.exists() and not out.is_dir():
        raise BuildFolderProblem(f"{out} exists and is not a folder; choose another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildFolderProblem(f"cannot create the build folder {out}: {exc.strerror}") from exc
    current = out / "current"
    if current.exists() and not current.is_symlink():
        raise ContentError(
            [
                Diagnostic.at(
                    Location(str(current)),
                    "SF000",
                    Category.SCHEMA,
                    "the build folder's `current` is not a link made by `sourcefirst build`",
                    f"move or delete {current} and build again",
                )
            ]
        )
    with (out / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildInProgress(f"another build is writing to {out}") from exc
        return _build_locked(content, out, strict, base_url, on_published)


def _with_base_url(kb: KnowledgeBase, base_url: str) -> None:
    """Apply ``build --base-url`` over content/site.yaml (validated like the file's value)."""
    try:
        kb.site = SiteConfig.model_validate({**kb.site.model_dump(), "base_url": base_url})
    except ValidationError as exc:
        message = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise ContentError(
            [Diagnostic.at(Location("--base-url"), "SF000", Category.SCHEMA, message)]
        ) from exc


BUILD_KEY_FILE = "build-key.pickle"


def _build_key(content: Path, base_url: str | None, fingerprint: str) -> str:
    """A digest of everything a build reads: every file under ``content`` (its path and bytes,
    or a link's target), the code and templates, and the base URL given on the command line."""
    digest = hashlib.blake2b(f"{fingerprint}\0{base_url}".encode(), digest_size=20)
    for path in sorted(content.rglob("*")):
        digest.update(str(path.relative_to(content)).encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + str(path.readlink()).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _unchanged(previous: Path | None, key: str) -> tuple[list[Diagnostic], int] | None:
    """The warnings and page count of the previous release when it was built from exactly
    this input and every page it lists is still on disk (HTML and JSON)."""
    if previous is None:
        return None
    try:
        with (previous / BUILD_KEY_FILE).open("rb") as handle:
            stored_key, warnings = pickle.load(handle)  # noqa: S301 - our own build wrote it
        pages = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))["pages"]
    # ImportError, AttributeError: a pickle from code that no longer exists
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        ValueError,
        KeyError,
        AttributeError,
        ImportError,
    ):
        return None
    site = previous / "site"
    if stored_key != key or not all(
        (site / path).is_file() for url in pages for path in urls.output_paths(url)
    ):
        return None
    return list(warnings), len(pages)


def _index(site: Path) -> None:
    try:
        build_static_index(site)
    except StaticSearchError as exc:
        raise ContentError(
            [Diagnostic.at(Location("site/pagefind"), "SF000", Category.SCHEMA, str(exc))]
        ) from exc


def _record_input(release: Path, key: str, diagnostics: list[Diagnostic]) -> None:
    """What this release was built from, for the next build's nothing-changed test."""
    with (release / BUILD_KEY_FILE).open("wb") as handle:
        pickle.dump((key, diagnostics), handle, protocol=5)


def _publish_with_fresh_index(out: Path, release: Path, finish: Callable[[Path], None]) -> Path:
    """A copy of ``release`` (hard links) with the Pagefind index built afresh, published."""
    staging = new_staging(out / "releases")
    try:
        copy_without(release, staging, "site/pagefind")
        _index(staging / "site")
        precompress(staging / "site" / "pagefind")
        finish(staging)
        return publish(out, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _build_locked(
    content: Path,
    out: Path,
    strict: bool,
    base_url: str | None,
    on_published: Callable[[Path], None] | None = None,
) -> BuildResult:
    started = time.perf_counter()
    stages: dict[str, float] = {}
    fingerprint = _fingerprint()
    key = _build_key(content, base_url, fingerprint)
    previous = current_release(out)
    same_input = _unchanged(previous, key)
    if previous is not None and same_input is not None:
        # nothing a build reads has changed: the current release is already this build
        warnings, pages = same_input
        if strict and warnings:
            raise StrictWarnings(warnings)
        return BuildResult(
            release=previous,
            pages=pages,
            rendered=0,
            reused=pages,
            seconds=time.perf_counter() - started,
            warnings=warnings,
            stages={"unchanged": time.perf_counter() - started},
            unchanged=True,
        )
    kb, diagnostics = load_knowledge_base(content, LoadCache.open(out / ".cache" / "load.pickle"))
    if base_url is not None:
        _with_base_url(kb, base_url)
    diagnostics += gate_diagnostics(kb, content, out / ".cache" / "lint.pickle")
    errors = errors_of(diagnostics)
    if errors:
        raise ContentError(errors)
    if strict and diagnostics:
        raise StrictWarnings(diagnostics)
    stages["load"] = time.perf_counter() - started
    staging = new_staging(out / "releases")
    try:
        mark = time.perf_counter()
        compile_database(kb, staging / "sourcefirst.db", __version__)
        stages["compile"] = time.perf_counter() - mark
        mark = time.perf_counter()
        written = _render_site(kb, staging, previous, fingerprint)
        stages["render"] = time.perf_counter() - mark
        mark = time.perf_counter()
        # a release without its input record was stopped before its fresh index came: its
        # index may be older than its pages
        complete = previous is not None and (previous / BUILD_KEY_FILE).is_file()
        same_pages = complete and written.same_pages
        # Pagefind reads only the HTML: with the same pages, the previous index is this one.
        # With changed pages and an index to carry over, the pages are published first with
        # the previous index, and the new index follows in a second release (off the path
        # from an edit to its page); with no previous index, it is built here.
        carried = reuse_static_index(staging / "site", previous)
        deferred = carried and not same_pages
        if not carried:
            _index(staging / "site")
        stages["static-search"] = time.perf_counter() - mark
        mark = time.perf_counter()
        precompress(staging / "site", previous / "site" if previous else None)
        stages["precompress"] = time.perf_counter() - mark
        if not deferred:  # else the release with the fresh index records it (see below)
            _record_input(staging, key, diagnostics)
        release = publish(out, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    stages["pages-published"] = time.perf_counter() - started
    if on_published is not None:
        on_published(release)
    if deferred:
        mark = time.perf_counter()
        # written only with the index: an interrupted indexing leaves a release that the next
        # build does not take for an up-to-date one, so it indexes again
        release = _publish_with_fresh_index(
            out, release, lambda staging: _record_input(staging, key, diagnostics)
        )
        stages["static-search"] += time.perf_counter() - mark
    prune(out, release)
    return BuildResult(
        release=release,
        pages=written.rendered + written.reused,
        rendered=written.rendered,
        reused=written.reused,
        seconds=time.perf_counter() - started,
        warnings=diagnostics,
        stages=stages,
    )
