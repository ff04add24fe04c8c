"""Development mode for `serve --dev`: show each page's content diagnostics on the page.

Diagnostics (the build's gate: check + lint) are mapped to pages through the record they fall
in: a diagnostic at ``content/findings/semax.yaml:140`` belongs to the finding defined at or
before line 140, which appears on its peptides' profiles, its topic page and its sources'
pages. Content that does not load puts its diagnostics on every page. Results are cached until
a content file changes.
"""

from __future__ import annotations

import bisect
import html
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sourcefirst.domain.diagnostics import Diagnostic, has_errors, ordered
from sourcefirst.domain.kb import KnowledgeBase, build_knowledge_base
from sourcefirst.load.reader import read_content
from sourcefirst.pages import urls
from sourcefirst.release.gate import gate_diagnostics


def _record_pages(kb: KnowledgeBase, kind: str, record_id: str) -> set[str]:
    if kind == "article":
        return {urls.article(record_id)}
    if kind == "peptide":
        return {urls.peptide(record_id)}
    if kind == "source":
        return {urls.source(record_id), urls.references()}
    if kind == "topic":
        return {urls.topic(record_id)}
    if kind == "category":
        return {urls.category(record_id)}
    if kind == "needs-source":
        return {urls.needs_source()}
    if kind == "finding":
        finding = kb.findings[record_id]
        pages = {urls.peptide(p) for p in finding.peptides} | {urls.topic(finding.topic)}
        return pages | {urls.source(s) for s in finding.sources}
    return set()


@dataclass(slots=True)
class DiagnosticsIndex:
    content: Path
    stamp: float = -1.0
    by_url: dict[str, list[Diagnostic]] = field(default_factory=dict)
    unplaced: list[Diagnostic] = field(default_factory=list)

    def _fingerprint(self) -> float:
        files = [p for p in self.content.rglob("*") if p.is_file()]
        return max((p.stat().st_mtime for p in files), default=0.0) + len(files)

    def refresh(self) -> None:
        stamp = self._fingerprint()
        if stamp == self.stamp:
            return
        self.stamp = stamp
        kb, diagnostics = build_knowledge_base(read_content(self.content))
        by_url: dict[str, list[Diagnostic]] = defaultdict(list)
        if has_errors(diagnostics):
            # content that does not load: every page lists what blocks it, root causes first
            self.by_url, self.unplaced = {}, ordered(diagnostics)
            return
        diagnostics += gate_diagnostics(kb, self.content)  # the same gate as `build`
        starts: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        for (kind, record_id), where in kb.where.items():
            starts[where.file].append((where.line, kind, record_id))
        for records in starts.values():
            records.sort()
        unplaced = []
        for diagnostic in diagnostics:
            records = starts.get(diagnostic.file, [])
            index = bisect.bisect_right(records, (diagnostic.line, "\uffff", "")) - 1
            if index < 0:
                unplaced.append(diagnostic)
                continue
            _line, kind, record_id = records[index]
            for url in _record_pages(kb, kind, record_id):
                by_url[url].append(diagnostic)
        self.by_url, self.unplaced = dict(by_url), unplaced

    def for_url(self, url: str) -> list[Diagnostic]:
        self.refresh()
        return self.by_url.get(url, []) + self.unplaced


def render_panel(diagnostics: list[Diagnostic]) -> str:
    if not diagnostics:
        items = "<li>No diagnostics for this page.</li>"
    else:
        items = "".join(
            f"<li class='sev-{html.escape(d.severity)}'><code>{html.escape(str(d.location))}"
            f"</code> <strong>{html.escape(d.code)}</strong> [{html.escape(d.category)}] "
            f"{html.escape(d.message)}"
            + (f" <em>{html.escape(d.suggestion)}</em>" if d.suggestion else "")
            + "</li>"
            for d in diagnostics
        )
    return (
        "<aside class='dev-diagnostics' aria-labelledby='dev-diagnostics-heading'>"
        f"<h2 id='dev-diagnostics-heading'>Content diagnostics ({len(diagnostics)})</h2>"
        f"<ul>{items}</ul></aside>"
    )


def render_to_verify(content: Path) -> str:
    """The editors' "to verify" page: every identifier below `mirror` and every audit problem."""
    from sourcefirst.intake.audit import run_audit

    found = run_audit(content)
    rows = "".join(
        f"<tr><td><code>{html.escape(str(d.location))}</code></td><td>{html.escape(d.code)}</td>"
        f"<td>{html.escape(d.message)}</td><td>{html.escape(d.suggestion)}</td></tr>"
        for d in found
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>To verify · SourceFirst dev</title>"
        "<link rel='stylesheet' href='/static/style.css'></head><body><main>"
        "<h1>Identifiers to verify</h1>"
        "<p>The output of <code>sourcefirst audit</code>: identifiers below <em>mirror</em> "
        "(look each up on PubMed or the publisher's page and record seen_at), malformed or "
        "shared identifiers, and PMID/DOI pairs that disagree.</p>"
        f"<table><caption>{len(found)} item(s)</caption><thead><tr><th scope='col'>where</th>"
        "<th scope='col'>code</th><th scope='col'>problem</th><th scope='col'>what to do</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></main></body></html>"
    )
