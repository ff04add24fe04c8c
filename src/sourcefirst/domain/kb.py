"""Stage 2: the knowledge base — typed, cross-linked, indexed, and checked for dangling links."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from sourcefirst.domain.certainty import OutcomeCertainty, rate_outcomes
from sourcefirst.domain.diagnostics import (
    Category,
    ContentError,
    Diagnostic,
    Location,
    Severity,
    has_errors,
)
from sourcefirst.domain.evidence import Grade, grade_finding
from sourcefirst.domain.groups import Groups, alias_map, research_groups
from sourcefirst.load.cache import LoadCache
from sourcefirst.load.reader import ArticleFile, RawContent, read_content
from sourcefirst.load.records import Located, validate
from sourcefirst.load.yaml_nodes import YamlProblem, parse_yaml
from sourcefirst.prose.markdown import Directive, Parsed, citations_in, parse_body
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
from sourcefirst.schema.directives import DIRECTIVES
from sourcefirst.schema.retraction import RetractionSnapshot
from sourcefirst.schema.search import Search
from sourcefirst.schema.site import SiteConfig

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    meta: ArticleMeta
    body: str
    parsed: Parsed
    cited: tuple[str, ...]  # source ids cited in the body, in order of first use
    where: Location
    body_line: int  # line of the file where the body starts


@dataclass(slots=True)
class KnowledgeBase:
    peptides: dict[str, Peptide] = field(default_factory=dict)
    proteins: dict[str, Protein] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    findings: dict[str, Finding] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    categories: dict[str, CategoryRecord] = field(default_factory=dict)
    needs_source: dict[str, NeedsSource] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    authors: list[Located[Author]] = field(default_factory=list)  # identities and aliases
    where: dict[tuple[str, str], Location] = field(default_factory=dict)
    findings_by_peptide: dict[str, list[Finding]] = field(default_factory=dict)
    findings_by_source: dict[str, list[Finding]] = field(default_factory=dict)
    findings_by_topic: dict[str, list[Finding]] = field(default_factory=dict)
    articles_by_source: dict[str, list[str]] = field(default_factory=dict)
    articles_by_peptide: dict[str, list[str]] = field(default_factory=dict)  # -> slugs
    topic_rank: dict[str, int] = field(default_factory=dict)  # topic id -> place in topics.yaml
    # a topic's peptides in name order, each one's findings on it, and its strongest level:
    # a page of a topic then reads only its own peptides' records
    topic_peptides: dict[str, list[str]] = field(default_factory=dict)
    findings_by_topic_peptide: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)
    strongest_by_topic: dict[str, Grade] = field(default_factory=dict)
    grades: dict[str, Grade] = field(default_factory=dict)  # finding id -> derived level
    regulatory_by_source: dict[str, set[str]] = field(default_factory=dict)  # -> peptide ids
    latest_review: dt.date | None = None  # the most recent review anywhere
    searches: dict[str, Search] = field(default_factory=dict)  # by review article slug
    retractions: RetractionSnapshot | None = None  # content/retractions.yaml, if imported
    aliases: dict[str, str] = field(default_factory=dict)  # author alias key -> canonical key
    certainties: dict[tuple[str, str], OutcomeCertainty] = field(default_factory=dict)
    site: SiteConfig = field(default_factory=SiteConfig)  # content/site.yaml, or the defaults

    def grade(self, finding: Finding) -> Grade:
        """The finding's evidence level (computed once when the knowledge base is built)."""
        cached = self.grades.get(finding.id)
        return cached if cached is not None else grade_finding(finding, self.sources)

    def groups(self, source_ids: list[str] | tuple[str, ...]) -> Groups:
        """The independent research groups behind ``source_ids``."""
        return research_groups(source_ids, self.sources, self.aliases)

    def outcome_certainty(self, peptide: str, topic: str) -> OutcomeCertainty | None:
        """The certainty of a peptide's outcome (None when it has no outcome findings)."""
        return self.certainties.get((peptide, topic))

    def location(self, kind: str, record_id: str) -> Location:
        return self.where.get((kind, record_id), Location("content"))


class _Builder:
    def __init__(self, raw: RawContent) -> None:
        self.raw = raw
        self.kb = KnowledgeBase()
        self.diagnostics: list[Diagnostic] = list(raw.diagnostics)
        self.roots = {(kind, record_id): root for kind, record_id, root in raw.failed}

    def error(
        self,
        where: Location,
        code: str,
        category: Category,
        message: str,
        suggestion: str = "",
        caused_by: str = "",
    ) -> None:
        self.diagnostics.append(
            Diagnostic.at(where, code, category, message, suggestion, caused_by=caused_by)
        )

    def root_of(self, kind: str, target: str) -> Diagnostic | None:
        """The diagnostic that explains why ``target`` is unknown: its file failed to load."""
        return self.roots.get((kind, target)) or self.roots.get((kind, "*"))

    def collect(self, kind: str, records: list[Located[R]], into: dict[str, R]) -> None:
        for item in records:
            record_id = str(getattr(item.value, "id"))  # noqa: B009 - every record has an id
            if record_id in into:
                first = self.kb.where[(kind, record_id)]
                self.error(
                    item.where,
                    "SF201",
                    Category.SCHEMA,
                    f"duplicate {kind} id {record_id!r} (first defined at {first})",
                    "ids must be unique; rename one of them",
                )
                continue
            into[record_id] = item.value
            self.kb.where[(kind, record_id)] = item.where

    def ref(
        self, where: Location, kind: str, target: str, table: dict[str, Any], context: str
    ) -> None:
        if target not in table:
            category = Category.CITATION if kind == "source" else Category.SCHEMA
            code = "SF301" if kind == "source" else "SF202"
            known = ", ".join(sorted(table)[:8])
            root = self.root_of(kind, target)
            self.error(
                where,
                code,
                category,
                f"{context} names unknown {kind} {target!r}"
                + (" (its file did not load)" if root else ""),
                f"known {kind} ids include: {known}" if known else f"add the {kind} first",
                root.key if root else "",
            )

    def link(self) -> None:
        kb = self.kb
        for finding in kb.findings.values():
            where = kb.location("finding", finding.id)
            for peptide_id in finding.peptides:
                self.ref(where, "peptide", peptide_id, kb.peptides, f"finding {finding.id!r}")
            self.ref(where, "topic", finding.topic, kb.topics, f"finding {finding.id!r}")
            for source in finding.sources:
                self.ref(where, "source", source, kb.sources, f"finding {finding.id!r}")
        for peptide in kb.peptides.values():
            where = kb.location("peptide", peptide.id)
            for category in peptide.categories:
                self.ref(where, "category", category, kb.categories, f"peptide {peptide.id!r}")
            origin = peptide.origin
            segments = origin.segments if origin else []
            if origin is not None:
                self.ref(
                    where,
                    "protein",
                    origin.parent,
                    kb.proteins,
                    f"peptide {peptide.id!r} origin",
                )
            for segment in segments:
                if segment.protein:
                    self.ref(
                        where,
                        "protein",
                        segment.protein,
                        kb.proteins,
                        f"peptide {peptide.id!r} origin segment",
                    )
            for status in peptide.regulatory:
                for source in status.sources:
                    self.ref(
                        where,
                        "source",
                        source,
                        kb.sources,
                        f"peptide {peptide.id!r} regulatory status ({status.jurisdiction})",
                    )
        for claim in kb.needs_source.values():
            where = kb.location("needs-source", claim.id)
            for peptide_id in claim.peptides:
                self.ref(where, "peptide", peptide_id, kb.peptides, f"claim {claim.id!r}")
            for source in claim.candidates:
                self.ref(where, "source", source, kb.sources, f"claim {claim.id!r}")

    def article(self, file: ArticleFile) -> None:
        kb = self.kb
        where = Location(file.file, 1, 1)
        if file.slug in kb.articles:
            self.error(where, "SF201", Category.SCHEMA, f"duplicate article slug {file.slug!r}")
            return
        self.ref(where, "category", file.meta.category, kb.categories, f"article {file.slug!r}")
        for peptide_id in file.meta.peptides:
            self.ref(where, "peptide", peptide_id, kb.peptides, f"article {file.slug!r}")
        problems: list[Diagnostic] = []

        def params(text: str, line: int) -> Any:
            return (text, line)

        parsed = parse_body(file.body, params)
        cited: list[str] = []
        tokens = [t for chunk in parsed.chunks if isinstance(chunk, list) for t in chunk]
        for use in citations_in(tokens):
            at = Location(file.file, file.body_line + use.line - 1, use.column)
            if use.keys is None:
                self.error(
                    at,
                    "SF303",
                    Category.CITATION,
                    f"malformed citation: {use.error}",
                    "write citations as [@source-id] or [@first-id; @second-id]",
                )
                continue
            located = {i.key for i in use.items if i.locator is not None}
            for key in use.keys:
                root = self.root_of("source", key)
                if key not in kb.sources and key in located and not root:
                    self.error(
                        at,
                        "SF944",
                        Category.CITATION,
                        f"a locator points into unknown source {key!r}",
                        "a page, table or figure locator needs a source that exists: "
                        "add content/sources/<id>.yaml or fix the id",
                    )
                elif key not in kb.sources:
                    self.error(
                        at,
                        "SF302",
                        Category.CITATION,
                        f"citation of unknown source {key!r}"
                        + (" (its file did not load)" if root else ""),
                        "add content/sources/<id>.yaml or fix the id",
                        root.key if root else "",
                    )
                elif key not in cited:
                    cited.append(key)
        for index, chunk in enumerate(parsed.chunks):
            if isinstance(chunk, Directive):
                value = self.directive(file, chunk, problems)
                parsed.chunks[index] = Directive(chunk.name, value, chunk.line)
        self.diagnostics.extend(problems)
        kb.articles[file.slug] = Article(
            file.slug, file.meta, file.body, parsed, tuple(cited), where, file.body_line
        )
        kb.where[("article", file.slug)] = where

    def directive(self, file: ArticleFile, chunk: Directive, problems: list[Diagnostic]) -> Any:
        text, line = chunk.params
        first = file.body_line + line  # the line after the opening fence
        model = DIRECTIVES.get(chunk.name)
        at = Location(file.file, first - 1, 1)
        if model is None:
            self.error(
                at,
                "SF305",
                Category.SCHEMA,
                f"unknown block {{{chunk.name}}}",
                f"known blocks: {', '.join(sorted(DIRECTIVES))}",
            )
            return None
        try:
            data, positions = parse_yaml(text, line_offset=first - 1)
        except YamlProblem as exc:
            self.error(
                Location(file.file, exc.line, exc.column),
                exc.code,
                Category.SCHEMA,
                f"{{{chunk.name}}} block: {exc.message}",
            )
            return None
        value, errors = validate(model, data or {}, positions, file.file)
        problems.extend(errors)
        if value is not None:
            peptide = getattr(value, "peptide", None)
            if peptide is not None:
                self.ref(at, "peptide", peptide, self.kb.peptides, f"{{{chunk.name}}} block")
            for peptide_id in getattr(value, "peptides", None) or []:
                self.ref(at, "peptide", peptide_id, self.kb.peptides, f"{{{chunk.name}}} block")
            for topic in getattr(value, "topics", None) or []:
                self.ref(at, "topic", topic, self.kb.topics, f"{{{chunk.name}}} block")
        return value

    def index(self) -> None:
        kb = self.kb
        by_peptide: dict[str, list[Finding]] = defaultdict(list)
        by_source: dict[str, list[Finding]] = defaultdict(list)
        for finding in kb.findings.values():
            for peptide in finding.peptides:
                by_peptide[peptide].append(finding)
            for source in finding.sources:
                by_source[source].append(finding)
        by_article: dict[str, list[str]] = defaultdict(list)
        for article in kb.articles.values():
            for source in article.cited:
                by_article[source].append(article.slug)
        kb.grades = {f.id: grade_finding(f, kb.sources) for f in kb.findings.values()}
        regulatory: dict[str, set[str]] = defaultdict(set)
        for record in kb.peptides.values():
            for status in record.regulatory:
                for source_id in status.sources:
                    regulatory[source_id].add(record.id)
        kb.regulatory_by_source = dict(regulatory)
        reviewed = [p.reviewed for p in kb.peptides.values()]
        reviewed += [a.meta.reviewed for a in kb.articles.values()]
        kb.latest_review = max(reviewed, default=None)
        kb.findings_by_peptide = dict(by_peptide)
        kb.findings_by_source = dict(by_source)
        by_topic: dict[str, list[Finding]] = defaultdict(list)
        for finding in kb.findings.values():
            by_topic[finding.topic].append(finding)
        kb.findings_by_topic = dict(by_topic)
        kb.articles_by_source = dict(by_article)
        by_peptide_article: dict[str, list[str]] = defaultdict(list)
        for slug, article in kb.articles.items():
            for peptide_id in article.meta.peptides:
                by_peptide_article[peptide_id].append(slug)
        kb.articles_by_peptide = dict(by_peptide_article)
        kb.topic_rank = {topic_id: rank for rank, topic_id in enumerate(kb.topics)}
        pairs: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for topic_id, topic_findings in kb.findings_by_topic.items():
            for finding in topic_findings:
                for peptide_id in finding.peptides:
                    pairs[(topic_id, peptide_id)].append(finding)
            grades = [kb.grades[f.id] for f in topic_findings if f.id in kb.grades]
            if grades:
                kb.strongest_by_topic[topic_id] = max(grades, key=lambda g: g.strength)
        kb.findings_by_topic_peptide = dict(pairs)
        named: dict[str, list[str]] = defaultdict(list)
        for topic_id, peptide_id in pairs:
            named[topic_id].append(peptide_id)
        kb.topic_peptides = {
            topic_id: sorted(
                ids,
                key=lambda p: (kb.peptides[p].name, p) if p in kb.peptides else ("", p),
            )
            for topic_id, ids in named.items()
        }
        kb.aliases = alias_map(kb.authors)
        kb.certainties = rate_outcomes(list(kb.findings.values()), kb.sources)

    def build(self) -> KnowledgeBase:
        raw, kb = self.raw, self.kb
        self.collect("peptide", raw.peptides, kb.peptides)
        self.collect("protein", raw.proteins, kb.proteins)
        self.collect("source", raw.sources, kb.sources)
        self.collect("finding", raw.findings, kb.findings)
        self.collect("topic", raw.topics, kb.topics)
        self.collect("category", raw.categories, kb.categories)
        self.collect("needs-source", raw.needs_source, kb.needs_source)
        kb.authors = list(raw.authors)
        if raw.site:
            kb.site = raw.site[0].value
        for article in raw.articles:
            self.article(article)
        self.collect("search", raw.searches, kb.searches)
        if raw.retractions:
            kb.retractions = raw.retractions[0].value
            kb.where[("retractions", "snapshot")] = raw.retractions[0].where
        self.link()
        self.index()
        return kb


def build_knowledge_base(raw: RawContent) -> tuple[KnowledgeBase, list[Diagnostic]]:
    builder = _Builder(raw)
    kb = builder.build()
    return kb, builder.diagnostics


def load_knowledge_base(
    root: Path, cache: LoadCache | None = None
) -> tuple[KnowledgeBase, list[Diagnostic]]:
    """Read ``root`` (reusing ``cache``, a LoadCache, for unchanged files) and build the
    knowledge base; raise ContentError if anything is wrong."""
    kb, diagnostics = build_knowledge_base(read_content(root, cache))
    if has_errors(diagnostics):
        raise ContentError([d for d in diagnostics if d.severity is Severity.ERROR])
    return kb, diagnostics
