"""`sourcefirst audit`: malformed identifiers (read from the YAML, before the schema rejects
them), identifiers shared by two sources, PMID/DOI pairs that disagree, and the editors'
"to verify" list — every identifier below `mirror`."""

from __future__ import annotations

from pathlib import Path

from sourcefirst.checks.identifiers import check_identifier_agreement
from sourcefirst.checks.sources import check_sources
from sourcefirst.domain.diagnostics import Category, Diagnostic, Location, Severity, relative
from sourcefirst.domain.kb import KnowledgeBase, build_knowledge_base
from sourcefirst.load.reader import read_content
from sourcefirst.load.yaml_nodes import YamlProblem, parse_yaml
from sourcefirst.schema.identifiers import DOI_RE, PMCID_RE, PMID_RE
from sourcefirst.schema.source import Verification

PATTERNS = {"pmid": PMID_RE, "doi": DOI_RE, "pmcid": PMCID_RE}
SHAPES = {"pmid": "digits only", "doi": "10.NNNN/suffix", "pmcid": "PMC followed by digits"}


def malformed(content: Path) -> list[Diagnostic]:
    found = []
    for path in sorted((content / "sources").glob("*.yaml")):
        try:
            data, positions = parse_yaml(path.read_text(encoding="utf-8"))
        except (YamlProblem, UnicodeDecodeError):
            continue  # `check` reports unreadable files
        ids = data.get("identifiers") if isinstance(data, dict) else None
        if not isinstance(ids, dict):
            continue
        for kind, pattern in PATTERNS.items():
            entry = ids.get(kind)
            value = entry.get("value") if isinstance(entry, dict) else None
            if value is not None and not pattern.fullmatch(str(value)):
                line, column = positions.find(("identifiers", kind, "value"))
                found.append(
                    Diagnostic.at(
                        Location(relative(path, content), line, column),
                        "SF901",
                        Category.CITATION,
                        f"malformed {kind.upper()} {value!r} (expected {SHAPES[kind]})",
                        "copy the identifier again from the page it was seen on",
                    )
                )
    return found


def to_verify(kb: KnowledgeBase) -> list[Diagnostic]:
    weak = (Verification.SECONDARY, Verification.UNVERIFIED)
    found = []
    for source in sorted(kb.sources.values(), key=lambda s: s.id):
        for kind in ("pmid", "doi", "pmcid", "url"):
            ident = getattr(source.identifiers, kind)
            if ident is not None and ident.verification in weak:
                found.append(
                    Diagnostic.at(
                        kb.location("source", source.id),
                        "SF904",
                        Category.CITATION,
                        f"to verify: {source.id} {kind.upper()} {ident.value} is "
                        f"{ident.verification.value}",
                        "look it up on PubMed or the publisher's page and record seen_at",
                        Severity.WARNING,
                    )
                )
    return found


def run_audit(content: Path) -> list[Diagnostic]:
    problems = malformed(content)
    kb, diagnostics = build_knowledge_base(read_content(content))
    shared = [d for d in check_sources(kb) if d.code == "SF402"]
    loading = [d for d in diagnostics if d.severity is Severity.ERROR]
    return problems + loading + shared + check_identifier_agreement(kb) + to_verify(kb)
