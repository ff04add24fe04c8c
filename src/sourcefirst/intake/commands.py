"""`sourcefirst import`, `audit` and `retractions import`: literature intake (docs/intake.md)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from sourcefirst.schema.source import Verification

content_option = click.option(
    "--content",
    "content",
    type=click.Path(path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Folder holding the content files.",
)


def _date(value: str | None) -> dt.date:
    if value is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from None


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@content_option
@click.option("--dry-run", is_flag=True, help="Write nothing; print what would be imported.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format (json: one object per record).",
)
@click.option("--update", is_flag=True, help="Merge new identifiers into existing duplicates.")
@click.option(
    "--origin",
    type=click.Choice([v.value for v in Verification]),
    default=None,
    help="Where RIS/BibTeX/CSL-JSON files came from (needs --seen-at).",
)
@click.option("--seen-at", "seen_at", default=None, help="The URL the file was exported from.")
@click.option("--seen-date", "seen_date", default=None, help="Date seen (default: today).")
def import_(
    files: tuple[Path, ...],
    content: Path,
    dry_run: bool,
    fmt: str,
    update: bool,
    origin: str | None,
    seen_at: str | None,
    seen_date: str | None,
) -> None:
    """Import FILES (PubMed XML, MEDLINE/.nbib, RIS, BibTeX, CSL-JSON) as source drafts."""
    from sourcefirst.intake.provenance import Origin
    from sourcefirst.intake.record import ImportProblem
    from sourcefirst.intake.run import run_import

    if seen_at is not None and not seen_at.startswith(("https://", "http://")):
        click.echo(f"import: --seen-at must be an http(s) address, got {seen_at!r}", err=True)
        sys.exit(1)
    if origin not in (None, "secondary", "unverified") and seen_at is None:
        click.echo(f"import: --origin {origin} needs --seen-at URL (where it was seen)", err=True)
        sys.exit(1)
    level = Verification(origin) if origin else None
    try:
        result = run_import(
            list(files),
            content,
            Origin(level, seen_at, _date(seen_date)),
            dry_run=dry_run,
            update=update,
        )
    except ImportProblem as exc:
        click.echo(f"import: {exc}; nothing written", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(result.objects, indent=2, ensure_ascii=False))
    else:
        for item in result.objects:
            status = (
                f"duplicate of {item['duplicate_of']}"
                if item["duplicate_of"]
                else f"same as {item['same_as']}"
                if item["same_as"]
                else "new"
            )
            click.echo(f"{item['file']} {item['position']}: {item['id']} ({status})")
            for warning in item["warnings"]:
                click.echo(f"  warning: {warning}")
    if not dry_run:
        for path in result.written:
            click.echo(f"wrote {path}", err=True)
        for path in result.skipped:
            click.echo(f"kept {path}: it exists (use --update to merge identifiers)", err=True)
        for path, added in result.updated:
            click.echo(f"updated {path}: added {', '.join(added)}", err=True)


@click.command()
@content_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def audit(content: Path, fmt: str) -> None:
    """Identifier audit: malformed, shared or disagreeing identifiers, and the to-verify list."""
    from sourcefirst.domain.diagnostics import format_diagnostics, has_errors
    from sourcefirst.intake.audit import run_audit

    diagnostics = run_audit(content)
    if fmt == "json":
        click.echo(format_diagnostics(diagnostics, "json"))
    elif diagnostics:
        click.echo(format_diagnostics(diagnostics, "text"))
    sys.exit(1 if has_errors(diagnostics) else 0)


@click.group()
def retractions() -> None:
    """Retraction data: import a Retraction Watch CSV into content/retractions.yaml."""


@retractions.command("import")
@click.argument("csv_file", type=click.Path(path_type=Path))
@content_option
@click.option("--as-of", "as_of", default=None, help="Date of the data (default: today).")
def retractions_import(csv_file: Path, content: Path, as_of: str | None) -> None:
    """Match CSV_FILE (Retraction Watch layout) against the sources; write the snapshot."""
    from sourcefirst.intake.retractions import RetractionDataProblem, import_retractions

    try:
        snapshot, path = import_retractions(csv_file, content, _date(as_of))
    except RetractionDataProblem as exc:
        click.echo(f"retractions: {exc}; nothing written", err=True)
        sys.exit(1)
    click.echo(
        f"retractions: {snapshot.rows} row(s) read, {len(snapshot.checked)} source(s) checked, "
        f"{len(snapshot.matches)} match(es) → {path}"
    )
    for match in snapshot.matches:
        click.echo(f"  {match.source}: {match.status.value} ({match.date}, {match.notice})")
