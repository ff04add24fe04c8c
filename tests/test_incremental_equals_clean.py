"""An incremental build gives exactly what a clean build of the same content gives.

Every kind of content file is edited, added, deleted and renamed in turn; after each step the
build folder that has seen every earlier step is built again (incrementally: it reuses the
previous release's pages wherever their records did not change) and compared, file by file
and byte by byte, with a clean build of the same content in an empty folder.

Pagefind's index is the one exception to byte equality: two clean builds of the same site
already differ in its filter, metadata and entry files (their names embed a hash of data that
Pagefind orders differently from run to run), so for `site/pagefind/` the page fragments are
compared byte for byte and the other files by their kind and count.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from sourcefirst.release.publish import BuildResult, build_site

Step = Callable[[Path], None]


def _replace(relative: str, old: str, new: str, count: int = 1) -> Step:
    def step(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return step


def _write(relative: str, text: str) -> Step:
    def step(root: Path) -> None:
        (root / relative).write_text(text, encoding="utf-8")

    return step


def _delete(relative: str) -> Step:
    return lambda root: (root / relative).unlink()


def _copy(source: str, target: str, *changes: tuple[str, str]) -> Step:
    """A new file made from ``source`` with each (old, new) change applied once."""

    def step(root: Path) -> None:
        text = (root / source).read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, f"{old!r} not in {source}"
            text = text.replace(old, new, 1)
        (root / target).write_text(text, encoding="utf-8")

    return step


def _rename_everywhere(old_id: str, new_id: str, file: str, new_file: str) -> Step:
    """Rename a record: its file and every mention of its id, across the content tree."""

    def step(root: Path) -> None:
        (root / file).rename(root / new_file)
        pattern = re.compile(rf"(?<![\w-]){re.escape(old_id)}(?![\w-])")
        for path in root.rglob("*"):
            if path.suffix in {".yaml", ".md"}:
                text = path.read_text(encoding="utf-8")
                if pattern.search(text):
                    path.write_text(pattern.sub(new_id, text), encoding="utf-8")

    return step


NEW_FINDING = """
  - id: semax-incremental-extra
    peptides: [semax]
    topic: neurotrophins
    kind: mechanism
    statement: >-
      A second record of the basal forebrain measurement, added by the incremental tests.
    model:
      species: rat
      system: basal forebrain tissue
      setting: in_vivo
    sources: [dolotov-2006-jneurochem]
    boundary: >-
      A test record: it shows nothing beyond the record it repeats.
"""

SCENARIOS: dict[str, list[Step]] = {
    "peptide": [
        _replace("peptides/semax.yaml", "name: Semax", "name: Semax (edited)"),
        _copy(
            "peptides/n-acetyl-selank-amidate.yaml",
            "peptides/zz-incremental.yaml",
            ("id: n-acetyl-selank-amidate", "id: zz-incremental"),
            ("name: ", "name: Incremental copy of "),
        ),
        _delete("peptides/zz-incremental.yaml"),
        _rename_everywhere(
            "tb-500", "tb-500-renamed", "peptides/tb-500.yaml", "peptides/tb-500-renamed.yaml"
        ),
    ],
    "finding": [
        _replace(
            "findings/semax.yaml", "showed a rise in the amount", "showed an increase in the amount"
        ),
        _replace(
            "findings/semax.yaml", "findings:\n", "findings:\n" + NEW_FINDING.lstrip("\n") + "\n"
        ),
        _replace("findings/semax.yaml", NEW_FINDING.lstrip("\n") + "\n", ""),
        _rename_everywhere(
            "semax-bdnf-protein-basal-forebrain",
            "semax-bdnf-basal-renamed",
            "findings/semax.yaml",
            "findings/semax.yaml",
        ),
    ],
    "source": [
        _replace(
            "sources/kost-2001-bioorgkhim.yaml",
            "container-title: Bioorganicheskaia Khimiia",
            "container-title: Bioorganicheskaia Khimiia (edited)",
        ),
        _rename_everywhere(
            "kost-2001-bioorgkhim",
            "kost-2001-renamed",
            "sources/kost-2001-bioorgkhim.yaml",
            "sources/kost-2001-renamed.yaml",
        ),
    ],
    "taxonomy": [
        _replace(
            "topics.yaml", "title: Specific binding sites", "title: Specific binding sites (edited)"
        ),
        _replace(
            "categories.yaml",
            "title: Neurobiology evidence",
            "title: Neurobiology evidence (edited)",
        ),
        _replace("proteins/acth.yaml", "name: ACTH", "name: ACTH (edited)"),
    ],
    "article": [
        _replace("articles/how-semax-works.md", "Semax", "Semax", 1),
        _copy(
            "articles/how-semax-works.md",
            "articles/zz-incremental.md",
            ("title: ", "title: Copy of "),
        ),
        _delete("articles/zz-incremental.md"),
        _rename_everywhere(
            "how-to-read-a-peptide-study",
            "reading-a-peptide-study",
            "articles/how-to-read-a-peptide-study.md",
            "articles/reading-a-peptide-study.md",
        ),
    ],
    "claims-and-searches": [
        _replace("needs-source.yaml", "according to a study dated 2025", "per a study dated 2025"),
        _replace(
            "searches/semax-evidence-review.yaml", "\n", "\n# edited by the incremental tests\n"
        ),
    ],
    "site-and-authors": [
        _replace("site.yaml", "title: SourceFirst", "title: SourceFirst (edited)"),
        _replace(
            "authors.yaml",
            "authors:\n",
            "authors:\n  - name: {family: Zed, given: A}\n"
            "    aliases:\n      - {family: Zedd, given: A}\n",
        ),
    ],
}


def _snapshot(release: Path) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {}
    kinds: Counter[str] = Counter()
    for path in sorted(release.rglob("*")):
        relative = path.relative_to(release).as_posix()
        if not path.is_file() or relative == "build-state.pickle":
            continue
        if relative.startswith("site/pagefind/") and "/fragment/" not in relative:
            kinds[path.suffix or path.name] += 1
            continue
        files[relative] = path.read_bytes()
    files["pagefind kinds"] = repr(sorted(kinds.items()))
    return files


def _compare(incremental: BuildResult, clean: BuildResult, step: str) -> None:
    left, right = _snapshot(incremental.release), _snapshot(clean.release)
    missing = sorted(right.keys() - left.keys())
    extra = sorted(left.keys() - right.keys())
    different = sorted(k for k in left.keys() & right.keys() if left[k] != right[k])
    assert not missing, f"after {step}: the incremental build lacks {missing[:5]}"
    assert not extra, f"after {step}: the incremental build has stale files {extra[:5]}"
    assert not different, f"after {step}: incremental and clean builds differ in {different[:5]}"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's content and one clean build of it (copied, by hard links, per test)."""
    root = tmp_path_factory.mktemp("incremental-base")
    shutil.copytree(REPO_ROOT / "content", root / "content")
    build_site(root / "content", root / "out")
    return root


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_incremental_build_equals_clean_build(base: Path, tmp_path: Path, scenario: str) -> None:
    content, out = tmp_path / "content", tmp_path / "out"
    shutil.copytree(base / "content", content)
    shutil.copytree(base / "out", out, symlinks=True, copy_function=os.link)
    for number, step in enumerate(SCENARIOS[scenario], start=1):
        step(content)
        incremental = build_site(content, out)
        clean = build_site(content, tmp_path / f"clean-{number}")
        _compare(incremental, clean, f"{scenario} step {number}")
        shutil.rmtree(tmp_path / f"clean-{number}")


def test_an_edit_re_renders_only_the_pages_that_read_it(base: Path, tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "out"
    shutil.copytree(base / "content", content)
    shutil.copytree(base / "out", out, symlinks=True, copy_function=os.link)
    _replace("sources/kost-2001-bioorgkhim.yaml", "Bioorganicheskaia Khimiia", "Bioorg. Khimiia")(
        content
    )
    result = build_site(content, out)
    assert 0 < result.rendered < result.pages / 2, (result.rendered, result.pages)
    # its own page was rendered afresh; an unrelated profile is the previous release's file
    previous = base / "out" / "current" / "site"
    site = result.release / "site"
    assert not (site / "sources/kost-2001-bioorgkhim/index.html").samefile(
        previous / "sources/kost-2001-bioorgkhim/index.html"
    )
    assert (site / "peptides/bremelanotide/index.html").samefile(
        previous / "peptides/bremelanotide/index.html"
    )
