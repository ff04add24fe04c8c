"""The `sourcefirst` command line. Every command is documented in docs/cli.md (a test checks)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from sourcefirst import __version__
from sourcefirst.domain.diagnostics import ContentError, Diagnostic, format_diagnostics, has_errors

DEFAULT_CONTENT = Path("content")
DEFAULT_BUILD = Path("build")

content_option = click.option(
    "--content",
    "content",
    type=click.Path(path_type=Path),
    default=DEFAULT_CONTENT,
    show_default=True,
    help="Folder holding the content files.",
)
build_option = click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=DEFAULT_BUILD,
    show_default=True,
    help="Build folder (releases and the `current` link live here).",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format for diagnostics.",
)


def _report(diagnostics: list[Diagnostic], fmt: str) -> None:
    if fmt == "json":
        click.echo(format_diagnostics(diagnostics, "json"))
    elif diagnostics:
        click.echo(format_diagnostics(diagnostics, "text"), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sourcefirst")
def cli() -> None:
    """SourceFirst: build, check and serve the evidence reference."""


@cli.command()
@content_option
@build_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors: any warning, no build.")
@click.option(
    "--base-url",
    "base_url",
    default=None,
    help="Absolute address the site will be published at (canonical links, sitemap, feed); "
    "overrides `base_url` in content/site.yaml.",
)
def build(content: Path, out: Path, strict: bool, base_url: str | None) -> None:
    """Validate CONTENT (every check and the prose linter) and build the site and database
    into OUT, atomically."""
    from sourcefirst.release.publish import (
        BuildFolderProblem,
        BuildInProgress,
        StrictWarnings,
        build_site,
    )

    try:
        result = build_site(content, out, strict=strict, base_url=base_url)
    except BuildInProgress as exc:
        click.echo(f"build: {exc}; wait for it to finish", err=True)
        sys.exit(1)
    except BuildFolderProblem as exc:
        click.echo(f"build: {exc}", err=True)
        sys.exit(1)
    except StrictWarnings as exc:
        _report(exc.diagnostics, "text")
        click.echo(
            f"build failed (--strict): {len(exc.diagnostics)} warning(s) count as errors; "
            "previous build untouched",
            err=True,
        )
        sys.exit(1)
    except ContentError as exc:
        _report(exc.diagnostics, "text")
        click.echo(
            f"build failed: {len(exc.diagnostics)} error(s); previous build untouched", err=True
        )
        sys.exit(1)
    if result.unchanged:
        click.echo(
            f"nothing changed since the last build ({result.pages} pages); "
            f"checked in {result.seconds:.2f}s → {result.release}"
        )
    else:
        click.echo(
            f"built {result.pages} pages ({result.rendered} rendered, {result.reused} unchanged) "
            f"in {result.seconds:.2f}s → {result.release}"
        )
    if result.warnings:  # collected from every stage, printed once, after the build
        _report(result.warnings, "text")
        click.echo(f"build: {len(result.warnings)} warning(s) (`--strict` refuses them)", err=True)


@cli.command()
@content_option
@format_option
def check(content: Path, fmt: str) -> None:
    """Validate the whole content tree and report every problem (exit 1 on any error)."""
    from sourcefirst.checks import run_checks

    diagnostics = run_checks(content)
    _report(diagnostics, fmt)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    if fmt == "text":
        click.echo(f"check: {errors} error(s), {len(diagnostics) - errors} warning(s)", err=True)
    sys.exit(1 if has_errors(diagnostics) else 0)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@content_option
@format_option
def lint(files: tuple[Path, ...], content: Path, fmt: str) -> None:
    """Check prose in FILES (`-` for stdin; default: all content prose) against the knowledge
    base and the editorial policy: overclaims and out-of-scope advice."""
    from sourcefirst.domain.kb import load_knowledge_base
    from sourcefirst.lint.engine import Linter, content_prose_files

    try:
        kb, _warnings = load_knowledge_base(content)
    except ContentError as exc:
        _report(exc.diagnostics, fmt)
        click.echo("lint: the knowledge base does not load; run `sourcefirst check`", err=True)
        sys.exit(1)
    linter = Linter(kb)
    diagnostics: list[Diagnostic] = []
    paths = [p for p in files if str(p) != "-"]
    if any(str(p) == "-" for p in files):
        diagnostics.extend(linter.lint_text("<stdin>", sys.stdin.read()))
    missing = [p for p in paths if not p.is_file()]
    if missing:
        click.echo(f"lint: no such file: {', '.join(map(str, missing))}", err=True)
        sys.exit(1)
    if not files:
        paths = content_prose_files(content)
    diagnostics.extend(linter.lint_paths(paths, content))
    _report(diagnostics, fmt)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    if fmt == "text":
        click.echo(f"lint: {errors} error(s) in {len(paths) or 1} file(s)", err=True)
    sys.exit(1 if has_errors(diagnostics) else 0)


@cli.command()
@build_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--dev",
    is_flag=True,
    help="Show each page's content diagnostics on it; rebuild on every content edit and "
    "reload open pages.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Identical server processes sharing the port (each reads the same read-only release).",
)
@content_option
def serve(out: Path, host: str, port: int, dev: bool, workers: int, content: Path) -> None:
    """Serve the current build in OUT over HTTP (run `build` first)."""
    import uvicorn

    from sourcefirst.serve.server import (
        BUILD_ENV,
        create_app,
        run_workers,
        uvicorn_config,
        uvicorn_options,
    )

    if not (out / "current" / "site").is_dir():
        click.echo(f"serve: no build found in {out}/ — run `sourcefirst build` first", err=True)
        sys.exit(1)
    if dev and workers > 1:
        click.echo("serve: --dev runs one process; drop --workers", err=True)
        sys.exit(1)
    click.echo(f"serving {out}/current on http://{host}:{port} ({workers} process(es))")
    if workers == 1:
        app = create_app(out, content if dev else None, watch=dev)
        uvicorn.Server(uvicorn_config(app, host, port)).run()
        return
    # several processes: uvicorn imports the app factory in each; the release is read-only and
    # every process holds no state of its own, so they are interchangeable replicas
    os.environ[BUILD_ENV] = str(out.resolve())
    run_workers(workers, uvicorn_options(host, port))


@cli.command()
@click.argument("seq")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@content_option
def sequence(seq: str, fmt: str, content: Path) -> None:
    """Formula, masses, pI and charge of SEQ, and which parent protein or catalogued peptide
    each part comes from (one- or three-letter codes; Ac-/H- and -NH2/-OH termini)."""
    import json

    from sourcefirst.chemistry import SequenceError, compute, map_fragments, parse_sequence
    from sourcefirst.domain.kb import build_knowledge_base
    from sourcefirst.load.reader import read_content

    try:
        parsed = parse_sequence(seq)
    except SequenceError as exc:
        click.echo(f"sequence: {exc}", err=True)
        sys.exit(1)
    properties = compute(parsed).to_json()
    kb, _ = build_knowledge_base(read_content(content)) if content.is_dir() else (None, [])
    fragments = (
        map_fragments(parsed.residues, kb.proteins.values(), kb.peptides.values()).to_json()
        if kb
        else None
    )
    if fmt == "json":
        click.echo(json.dumps({**properties, "fragments": fragments}, indent=2, ensure_ascii=False))
        return
    pi = (
        "none (no sign change between pH 0 and 14)"
        if properties["pi"] is None
        else (f"{properties['pi']:.2f}")
    )
    lines = [
        f"sequence          {properties['three_letter']} ({properties['one_letter']}, "
        f"{properties['length']} residues)",
        f"modifications     {', '.join(properties['modifications']) or 'none'}",
        f"formula           {properties['formula']}",
        f"average mass      {properties['average_mass']:.2f} g/mol "
        "(IUPAC conventional atomic weights)",
        f"monoisotopic mass {properties['monoisotopic_mass']:.4f} Da",
        f"[M+H]+            {properties['mz_mh']:.4f}",
        f"pI                {pi} ({properties['pka_scale']} pKa scale)",
        f"charge at pH 7.4  {properties['charge_ph7_4']:+.2f}",
    ]
    for match in (fragments or {}).get("protein_matches", []):
        lines.append(
            f"origin            residues {match['peptide_start']}-{match['peptide_end']}"
            f" = {match['protein_name']} {match['protein_start']}-"
            f"{match['protein_end']} ({match['residues']})"
        )
    for motif in (fragments or {}).get("shared_motifs", []):
        lines.append(
            f"shared motif      {motif['motif']} (residues {motif['query_start']}-"
            f"{motif['query_end']}) with {motif['peptide_name']}"
        )
    click.echo("\n".join(lines))


def _register_intake() -> None:
    from sourcefirst.intake.commands import audit, import_, retractions

    for command in (import_, audit, retractions):
        cli.add_command(command)


_register_intake()


def main() -> None:
    """Entry point: no traceback reaches the user unless SOURCEFIRST_DEBUG is set."""
    try:
        cli(standalone_mode=True)
    except Exception as exc:
        if os.environ.get("SOURCEFIRST_DEBUG"):
            raise
        click.echo(f"sourcefirst: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("set SOURCEFIRST_DEBUG=1 to see the traceback", err=True)
        sys.exit(2)
