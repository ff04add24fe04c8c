"""Read the content tree: every file parsed, validated and located; nothing half-loaded."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sourcefirst.domain.diagnostics import Category, Diagnostic, Location, relative
from sourcefirst.load.cache import BUCKETS, LoadCache
from sourcefirst.load.files import list_files, required_problems
from sourcefirst.load.frontmatter import FrontMatterProblem, split_front_matter
from sourcefirst.load.records import Located, validate
from sourcefirst.load.text import bad_characters, read_text
from sourcefirst.load.yaml_nodes import Positions, YamlProblem, parse_yaml
from sourcefirst.schema import (
    ArticleMeta,
    Finding,
    NeedsSource,
    Peptide,
    Protein,
    Source,
    Topic,
)
from sourcefirst.schema import (
    Category as CategoryRecord,
)
from sourcefirst.schema.author import Author
from sourcefirst.schema.retraction import RetractionSnapshot
from sourcefirst.schema.search import Search
from sourcefirst.schema.site import SiteConfig

MAX_FILE_BYTES = 5_000_000  # far above any real content file; stops accidental huge inputs
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class ArticleFile:
    slug: str
    meta: ArticleMeta
    body: str
    body_line: int
    file: str


@dataclass(slots=True)
class RawContent:
    """Every record read from disk, each with its location, plus the problems found."""

    root: Path
    peptides: list[Located[Peptide]] = field(default_factory=list)
    proteins: list[Located[Protein]] = field(default_factory=list)
    sources: list[Located[Source]] = field(default_factory=list)
    findings: list[Located[Finding]] = field(default_factory=list)
    topics: list[Located[Topic]] = field(default_factory=list)
    categories: list[Located[CategoryRecord]] = field(default_factory=list)
    needs_source: list[Located[NeedsSource]] = field(default_factory=list)
    site: list[Located[SiteConfig]] = field(default_factory=list)
    articles: list[ArticleFile] = field(default_factory=list)
    searches: list[Located[Search]] = field(default_factory=list)
    retractions: list[Located[RetractionSnapshot]] = field(default_factory=list)
    authors: list[Located[Author]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # records that failed to load, as (kind, id or "*" for a whole file, the root diagnostic):
    # a later "unknown peptide 'semax'" follows from the broken semax file, not a typo
    failed: list[tuple[str, str, Diagnostic]] = field(default_factory=list)


KINDS: dict[type[BaseModel], str] = {
    Peptide: "peptide",
    Protein: "protein",
    Source: "source",
    Finding: "finding",
    Topic: "topic",
    CategoryRecord: "category",
    NeedsSource: "needs-source",
}


class _FileReader:
    def __init__(self, content: RawContent) -> None:
        self.content = content

    def _problem(self, file: str, line: int, column: int, code: str, message: str) -> None:
        self.content.diagnostics.append(
            Diagnostic.at(Location(file, line, column), code, Category.SCHEMA, message)
        )

    def _failed(self, model: type[BaseModel], record_id: str, since: int) -> None:
        """Note that ``record_id`` (or "*": the whole file) did not load, and why: the first
        diagnostic its file produced after index ``since``."""
        produced = self.content.diagnostics[since:]
        if produced:
            self.content.failed.append((KINDS[model], record_id, produced[0]))

    def parse(self, path: Path) -> tuple[str, Any, Positions] | None:
        file = relative(path, self.content.root)
        text = self._read(path, file)
        if text is None:
            return None
        try:
            data, positions = parse_yaml(text)
        except YamlProblem as exc:
            self._problem(file, exc.line, exc.column, exc.code, exc.message)
            return None
        return file, data, positions

    def _read(self, path: Path, file: str) -> str | None:
        """The file's text, or None (with a diagnostic) if it is too large, not UTF-8, or
        holds control, bidirectional or zero-width characters."""
        if path.stat().st_size > MAX_FILE_BYTES:
            self._problem(
                file, 1, 1, "SF001", f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB"
            )
            return None
        try:
            text = read_text(path)
        except UnicodeDecodeError:
            self._problem(file, 1, 1, "SF001", "file is not valid UTF-8 text")
            return None
        bad = bad_characters(text)
        for char in bad:
            self._problem(
                file,
                char.line,
                char.column,
                "SF009",
                f"invisible character {char.describe()} is not allowed in content",
            )
        return None if bad else text

    def one(self, path: Path, model: type[BaseModel], expect_id: bool = True) -> None:
        since = len(self.content.diagnostics)
        parsed = self.parse(path)
        if parsed is None:
            self._failed(model, path.stem, since)
            return
        file, data, positions = parsed
        record, problems = validate(model, data, positions, file)
        self.content.diagnostics.extend(problems)
        if record is None:
            self._failed(model, path.stem, since)
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                self._failed(model, data["id"], since)
            return
        record_id = getattr(record, "id", None)
        if expect_id and record_id != path.stem:
            line, column = positions.find(("id",))
            self._problem(
                file,
                line,
                column,
                "SF003",
                f"id {record_id!r} must match the file name {path.stem!r}",
            )
        self._bucket(model).append(Located(record, Location(file, *positions.find(()))))

    def many(self, path: Path, model: type[BaseModel], key: str) -> None:
        since = len(self.content.diagnostics)
        parsed = self.parse(path)
        if parsed is None:
            self._failed(model, "*", since)
            return
        file, data, positions = parsed
        if not isinstance(data, dict) or set(data) != {key} or not isinstance(data[key], list):
            self._problem(file, 1, 1, "SF004", f"file must hold one top-level list `{key}:`")
            self._failed(model, "*", since)
            return
        for index, item in enumerate(data[key]):
            since = len(self.content.diagnostics)
            record, problems = validate(model, item, positions, file, (key, index))
            self.content.diagnostics.extend(problems)
            if record is None and isinstance(item, dict) and isinstance(item.get("id"), str):
                self._failed(model, item["id"], since)
            if record is not None:
                where = Location(file, *positions.find((key, index)))
                self._bucket(model).append(Located(record, where))

    def _bucket(self, model: type[BaseModel]) -> list[Any]:
        buckets: dict[type[BaseModel], list[Any]] = {
            Peptide: self.content.peptides,
            Protein: self.content.proteins,
            Source: self.content.sources,
            Finding: self.content.findings,
            Topic: self.content.topics,
            CategoryRecord: self.content.categories,
            NeedsSource: self.content.needs_source,
            Search: self.content.searches,
            RetractionSnapshot: self.content.retractions,
            Author: self.content.authors,
            SiteConfig: self.content.site,
        }
        return buckets[model]

    def article(self, path: Path) -> None:
        file = relative(path, self.content.root)
        if not SLUG_RE.match(path.stem):
            self._problem(
                file,
                1,
                1,
                "SF003",
                f"article file name {path.name!r} must be a lower-case slug + .md "
                "(it becomes the page address)",
            )
            return
        text = self._read(path, file)
        if text is None:
            return
        try:
            split = split_front_matter(text)
        except FrontMatterProblem as exc:
            self._problem(file, exc.line, 1, "SF005", exc.message)
            return
        try:
            data, positions = parse_yaml(split.front, line_offset=split.front_line - 1)
        except YamlProblem as exc:
            self._problem(file, exc.line, exc.column, exc.code, f"front matter: {exc.message}")
            return
        meta, problems = validate(ArticleMeta, data, positions, file)
        self.content.diagnostics.extend(problems)
        if meta is not None:
            self.content.articles.append(
                ArticleFile(path.stem, meta, split.body, split.body_line, file)
            )


MISSING_KINDS = {  # a missing file or folder: every record of this kind is unknown
    "topics.yaml": "topic",
    "categories.yaml": "category",
    "needs-source.yaml": "needs-source",
    "peptides": "peptide",
    "proteins": "protein",
    "sources": "source",
    "findings": "finding",
}


def read_content(root: Path, cache: LoadCache | None = None) -> RawContent:
    """Read and validate every file under ``root`` (no cross-references yet).

    With ``cache``, files unchanged since the previous read reuse their validated records.
    """
    content = RawContent(root=root)
    if not root.is_dir():
        content.diagnostics.append(
            Diagnostic.at(
                Location(str(root)), "SF000", Category.SCHEMA, "content folder does not exist"
            )
        )
        return content
    reader = _FileReader(content)
    for name, problem in required_problems(root):
        content.diagnostics.append(problem)
        content.failed.append((MISSING_KINDS[name], "*", problem))
    steps: list[tuple[str, Callable[[Path], None]]] = [
        ("peptides/*.yaml", lambda p: reader.one(p, Peptide)),
        ("proteins/*.yaml", lambda p: reader.one(p, Protein)),
        ("sources/*.yaml", lambda p: reader.one(p, Source)),
        ("findings/*.yaml", lambda p: reader.many(p, Finding, "findings")),
        ("topics.yaml", lambda p: reader.many(p, Topic, "topics")),
        ("categories.yaml", lambda p: reader.many(p, CategoryRecord, "categories")),
        ("needs-source.yaml", lambda p: reader.many(p, NeedsSource, "claims")),
        ("authors.yaml", lambda p: reader.many(p, Author, "authors")),
        ("site.yaml", lambda p: reader.one(p, SiteConfig, expect_id=False)),
        ("articles/*.md", reader.article),
        ("searches/*.yaml", lambda p: reader.one(p, Search)),
        ("retractions.yaml", lambda p: reader.one(p, RetractionSnapshot, expect_id=False)),
    ]
    seen: set[str] = set()
    for pattern, read in steps:
        listing = list_files(root, pattern)
        content.diagnostics.extend(listing.diagnostics)
        for path in listing.paths:
            if cache is None:
                read(path)
                continue
            key = str(path.relative_to(root))
            seen.add(key)
            signature = cache.signature(path)
            cached = cache.get(key, signature)
            if cached is not None:
                for bucket, items in cached.items():
                    getattr(content, bucket).extend(items)
                continue
            before = {bucket: len(getattr(content, bucket)) for bucket in BUCKETS}
            read(path)
            cache.put(
                key,
                signature,
                {
                    bucket: getattr(content, bucket)[start:]
                    for bucket, start in before.items()
                    if len(getattr(content, bucket)) > start
                },
            )
    if cache is not None:
        cache.save(seen)
    return content
