"""Incremental builds: unchanged files and pages are reused, changed ones never go stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import make_content
from sourcefirst.domain.diagnostics import ContentError
from sourcefirst.release.publish import build_site


def _twin(out: Path, relative: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((out / "current" / "site" / relative).read_text())
    return data


def test_second_build_reuses_files_and_pages(tmp_path: Path) -> None:
    content = make_content(tmp_path, {})
    out = tmp_path / "build"
    first = build_site(content, out)
    second = build_site(content, out)
    assert first.rendered == first.pages
    assert second.rendered == 0
    assert second.reused == first.pages
    assert (out / ".cache" / "load.pickle").is_file()


def test_an_edited_finding_reaches_every_page_that_shows_it(tmp_path: Path) -> None:
    content = make_content(tmp_path, {})
    out = tmp_path / "build"
    build_site(content, out)
    findings = content / "findings" / "semax.yaml"
    text = findings.read_text(encoding="utf-8")
    marker = "Semax bound"
    assert marker in text
    findings.write_text(text.replace(marker, "Semax was found to bind", 1), encoding="utf-8")
    result = build_site(content, out)
    assert 0 < result.rendered < result.pages
    profile = json.dumps(_twin(out, "peptides/semax.json"))
    assert "Semax was found to bind" in profile
    html = (out / "current" / "site" / "peptides" / "semax" / "index.html").read_text()
    assert "Semax was found to bind" in html


def test_a_file_broken_after_a_good_build_is_still_reported(tmp_path: Path) -> None:
    content = make_content(tmp_path, {})
    out = tmp_path / "build"
    build_site(content, out)
    (content / "topics.yaml").write_text("topics: [\n", encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build_site(content, out)
    assert any(d.file.endswith("topics.yaml") for d in failure.value.diagnostics)


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    content = make_content(tmp_path, {})
    out = tmp_path / "build"
    build_site(content, out)
    (out / ".cache" / "load.pickle").write_bytes(b"not a pickle")
    result = build_site(content, out)
    assert result.pages > 0
    shutil.rmtree(out / ".cache")
    assert build_site(content, out).pages == result.pages


def test_an_edit_is_published_before_its_search_index_and_the_index_follows(
    tmp_path: Path,
) -> None:
    """The edited page goes live first (with the previous static search index); the index is
    then rebuilt in a second release, which becomes current. Old releases are pruned."""
    import gzip

    content = make_content(tmp_path, {})
    out = tmp_path / "build"
    build_site(content, out)
    profile = content / "peptides" / "semax.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("name: Semax", "name: Semax Relabelled", 1),
        encoding="utf-8",
    )
    published: list[Path] = []

    def seen(release: Path) -> None:
        page = release / "site" / "peptides" / "semax" / "index.html"
        assert "<h1>Semax Relabelled</h1>" in page.read_text(encoding="utf-8")
        assert (out / "current").resolve() == release  # live when announced
        published.append(release)

    result = build_site(content, out, on_published=seen)
    assert len(published) == 1
    assert result.release != published[0]  # the index came in a second release
    assert result.stages["pages-published"] <= result.seconds
    assert (out / "current").resolve() == result.release
    fragments = (result.release / "site" / "pagefind" / "fragment").iterdir()
    assert any(b"Semax Relabelled" in gzip.decompress(f.read_bytes()) for f in fragments)
    page = result.release / "site" / "peptides" / "semax" / "index.html"
    assert page.samefile(published[0] / "site" / "peptides" / "semax" / "index.html")
    carried = {f.stat().st_ino for f in (published[0] / "site" / "pagefind").rglob("*")}
    fresh = {f.stat().st_ino for f in (result.release / "site" / "pagefind").rglob("*")}
    assert not carried & fresh  # the old index was left behind, not mixed in


def test_a_build_stopped_before_its_index_is_finished_by_the_next_one(tmp_path: Path) -> None:
    """Stopped between publishing the pages and publishing the fresh index (Ctrl-C while
    Pagefind runs), the live release has the previous index; the next build must not take it
    for an up-to-date one."""
    import gzip

    content = make_content(tmp_path, {})
    out = tmp_path / "build"
    build_site(content, out)
    profile = content / "peptides" / "semax.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("name: Semax", "name: Semax Interrupted", 1),
        encoding="utf-8",
    )

    def stop(_release: Path) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_site(content, out, on_published=stop)
    result = build_site(content, out)
    assert "unchanged" not in result.stages
    fragments = (result.release / "site" / "pagefind" / "fragment").iterdir()
    assert any(b"Semax Interrupted" in gzip.decompress(f.read_bytes()) for f in fragments)
    assert "unchanged" in build_site(content, out).stages  # and now it is up to date
