"""Render article Markdown into page parts: prose HTML and embedded, generated blocks.

Raw HTML in content is disabled at the parser, and the rendered HTML is passed through nh3 with
an allow-list as a second line of defence. Citations become numbered links through the page's
`CitationRegistry`; fenced blocks such as ```` ```{snapshot} ```` become structured parts that the
page data function fills from the knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape as html_escape
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin

from sourcefirst.prose.citations import (
    CITATION_RE,
    MAX_CITATION_CHARS,
    CitationRegistry,
    CitationSyntaxError,
    CitationUse,
    parse_items,
    parse_keys,
    position,
)

DIRECTIVE_RE = re.compile(r"^\{([a-z][a-z0-9-]*)\}\s*$")
# an editorial note: a blockquote opening with "**Editorial note.**" (rendered as a marked aside)
EDITORIAL_NOTE_RE = re.compile(r"^\s*\*\*Editorial note\.?\*\*")

ALLOWED_TAGS = {
    "a", "p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
    "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "hr", "br", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "id", "class", "aria-label", "title"},
    "blockquote": {"class"},
    "sup": {"class", "id"},
    "span": {"class"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    # no style attributes: the CSP (style-src 'self') would block them anyway
}


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "mailto"},
        link_rel=None,
    )


def _citation_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("[@", pos):
        return False
    # look for the closing bracket only within a citation's length, so a page of "[@" stays
    # linear; a citation never spans a blank line
    end = src.find("]", pos, pos + MAX_CITATION_CHARS)
    if end == -1 or "\n\n" in src[pos:end] or "[" in src[pos + 1 : end]:
        return False
    try:
        items = parse_items(src[pos + 2 : end])
    except CitationSyntaxError:
        return False
    if not silent:
        # the mark sits right after the word it supports: no space (or line break) before it
        state.pending = state.pending.rstrip(" \t")
        if not state.pending and state.tokens and state.tokens[-1].type == "softbreak":
            state.tokens.pop()
            if state.tokens and state.tokens[-1].type == "text":
                state.tokens[-1].content = state.tokens[-1].content.rstrip(" \t")
        token = state.push("citation", "", 0)
        token.meta = {"keys": [i.key for i in items], "items": tuple(items)}
    state.pos = end + 1
    return True


def render_citation_marks(
    marks: Sequence[tuple[int, str, str]], registry: CitationRegistry | None = None
) -> str:
    links = []
    for number, key, anchor in marks:
        text = html_escape(registry.mark_text(number, key, anchor) if registry else str(number))
        links.append(
            f'<a href="#ref-{number}" id="{anchor}" class="cite" '
            f'aria-label="Reference {text}">[{text}]</a>'
        )
    # a space between marks, so a long run of "[1, abstract only][2, …]" can wrap
    return f'<sup class="cites">{" ".join(links)}</sup>'


def _render_citation(
    _renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    _options: OptionsDict,
    env: EnvType,
) -> str:
    registry: CitationRegistry = env["citations"]
    meta = tokens[idx].meta
    return render_citation_marks(registry.cite(meta["keys"], meta.get("items", ())), registry)


RESERVED_ANCHOR = re.compile(r"^(ref|cite|finding|peptide|level)-")


def _render_blockquote_open(
    _renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    _options: OptionsDict,
    _env: EnvType,
) -> str:
    inline = next((t for t in tokens[idx:] if t.type == "inline"), None)
    if inline is not None and EDITORIAL_NOTE_RE.match(inline.content):
        return '<blockquote class="editorial-note">\n'
    return "<blockquote>\n"


def heading_slug(text: str) -> str:
    """Heading ids, kept clear of the ids the page uses for references and findings."""
    slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
    return f"s-{slug}" if RESERVED_ANCHOR.match(slug) else slug


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("blockquote_open", _render_blockquote_open)
    md.use(anchors_plugin, min_level=2, max_level=3, permalink=False, slug_func=heading_slug)
    return md


_PARSER = make_parser()


@dataclass(frozen=True, slots=True)
class Directive:
    name: str
    params: Any  # the raw (text, line) while parsing; the validated params model afterwards
    line: int  # 1-based line in the body


@dataclass(slots=True)
class Parsed:
    """An article body split at its directives: [tokens, directive, tokens, ...]."""

    chunks: list[list[Token] | Directive] = field(default_factory=list)
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)


def parse_body(body: str, parse_params: Any) -> Parsed:
    """Tokenise once; ``parse_params(text, line)`` turns a directive's body into its params."""
    tokens = _PARSER.parse(body, {})
    parsed = Parsed()
    current: list[Token] = []
    for index, token in enumerate(tokens):
        match = DIRECTIVE_RE.match(token.info) if token.type == "fence" else None
        if match:
            line = (token.map[0] + 1) if token.map else 1
            parsed.chunks.extend(
                [current, Directive(match[1], parse_params(token.content, line), line)]
            )
            current = []
            continue
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            inline = tokens[index + 1]
            parsed.headings.append(
                (int(token.tag[1]), str(token.attrs.get("id", "")), inline.content)
            )
        current.append(token)
    parsed.chunks.append(current)
    return parsed


def render_tokens(tokens: list[Token], citations: CitationRegistry) -> str:
    if not tokens:
        return ""
    html = _PARSER.renderer.render(tokens, _PARSER.options, {"citations": citations})
    return sanitise(html)


def render_inline(text: str, citations: CitationRegistry) -> str:
    """Render a short Markdown string (a table cell, an FAQ answer) without a wrapping <p>."""
    html = _PARSER.renderInline(text, {"citations": citations})
    return sanitise(html)


def citations_in(tokens: list[Token]) -> list[CitationUse]:
    """Every citation the renderer will number, and every malformed one, with body positions.

    Uses the parsed tokens, so code spans, indented code and fenced blocks are treated exactly
    as the renderer treats them.
    """
    uses: list[CitationUse] = []
    for token in tokens:
        if token.type != "inline" or not token.map or not token.children:
            continue
        content, first_line, cursor = token.content, token.map[0] + 1, 0
        for child in token.children:
            if child.type == "code_inline":
                found = content.find(child.content, cursor)
                cursor = found + len(child.content) if found >= 0 else cursor
            elif child.type == "citation":
                match = CITATION_RE.search(content, cursor)
                offset = match.start() if match else cursor
                cursor = match.end() if match else cursor
                uses.append(
                    CitationUse(
                        tuple(child.meta["keys"]),
                        *position(content, offset, first_line),
                        items=tuple(child.meta.get("items", ())),
                    )
                )
            elif child.type == "text" and "[@" in child.content:
                offset = content.find("[@", cursor)
                match = CITATION_RE.match(content, offset) if offset >= 0 else None
                error = "unclosed citation"
                if match:
                    try:
                        parse_keys(match.group(1))
                    except CitationSyntaxError as exc:
                        error = str(exc)
                uses.append(
                    CitationUse(None, *position(content, max(offset, 0), first_line), error=error)
                )
                cursor = max(offset + 2, cursor)
    return uses


def scan_citations(body: str) -> list[CitationUse]:
    """Citations in a Markdown body exactly as the renderer sees them (see `citations_in`)."""
    return citations_in(_PARSER.parse(body, {}))
