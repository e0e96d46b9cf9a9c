"""Interchange commands: ``import``, ``export``, ``formats`` and ``rekey``."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager
from pathlib import Path

import json

import click

from citekit.cli.completion import complete_formats, complete_keys
from citekit.cli.main import AppContext, cli, select_records, warn, where_option
from citekit.errors import EntriesSkippedError
from citekit.formats import FORMATS, format_named, stream_file, write_records, write_text
from citekit.keys import PATTERNS
from citekit.model import Diagnostics, Record
from citekit.store.importing import ON_DUPLICATE

READABLE = [candidate.name for candidate in FORMATS if candidate.reader is not None]
WRITABLE = [candidate.name for candidate in FORMATS if candidate.writer is not None]


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, metavar="FILE...|-")
@click.option("--from", "from_format", metavar="FORMAT", shell_complete=complete_formats,
              help=f"The files' format (default: by suffix, else by content): {', '.join(READABLE)}.")
@click.option("--on-duplicate", type=click.Choice(ON_DUPLICATE), default="skip", show_default=True,
              help="A record already in the library (same DOI, or same title, year and first author).")
@click.option("--key-pattern", type=click.Choice(sorted(PATTERNS)), default="authoryearword",
              show_default=True, help="How keys are made for records with none or a taken one.")
@click.option("--strict", is_flag=True, help="Import nothing if any entry cannot be read.")
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option("-f", "--format", "output", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="The report: a table on stderr, or JSON on stdout.")
@click.pass_obj
def import_(app: AppContext, files: tuple[str, ...], from_format: str | None, on_duplicate: str,
            key_pattern: str, strict: bool, dry_run: bool, output: str) -> None:
    """Import records from FILES into the library, in one transaction.

    An entry that cannot be read is reported (file, line, reason) and left out;
    the rest imports. The report goes to stderr (with --format json, to stdout).

    \b
    citekit import refs.json
    citekit import zotero-export.json --on-duplicate update --dry-run
    cat refs.json | citekit import - --from csl-json --strict
    citekit import refs.bib --format json | jq '.added[].key'
    """
    diagnostics = Diagnostics(strict=False)  # every unreadable entry is reported, then --strict decides

    def every_record() -> Iterator[Record]:
        """The files' records as they are read, written as they come; raising rolls it all back."""
        for file in files:
            yield from stream_file(file, from_format, diagnostics)
        if strict and diagnostics.skipped:
            raise EntriesSkippedError(f"{len(diagnostics.skipped)} entries could not be read; "
                                      "nothing was imported (--strict)")

    records = every_record()
    try:
        with app.open_library() as library, _progress(records, "reading records") as counted:
            report = library.import_records(counted, on_duplicate, key_pattern, dry_run)
    finally:
        warn(diagnostics.warnings)
        warn(diagnostics.skipped)
    if output == "json":
        click.echo(json.dumps({
            "added": [{"key": key, "source": source} for key, source in report.added],
            "updated": [{"key": key, "source": source} for key, source in report.updated],
            "skipped": [{"source": source, "reason": reason} for source, reason in report.skipped],
            "unreadable": diagnostics.skipped,
            "dry_run": dry_run,
        }, ensure_ascii=False, indent=2))
    else:
        from citekit.cli.views import print_import_report  # rich: loaded only to draw

        print_import_report(report, len(diagnostics.skipped), dry_run)


@contextmanager
def _progress(records: Iterable[Record], what: str) -> Iterator[Iterable[Record]]:
    """The records, counted on a terminal (stderr) as they are read or written; silent when stderr
    is not one, or for a list too short to take a second (no rich loaded)."""
    if not sys.stderr.isatty() or (isinstance(records, Sized) and len(records) < 1000):
        yield records
        return
    from citekit.cli.views import counting  # rich: loaded only to draw

    with counting(what) as advance:
        yield (advance(record) for record in records)


@cli.command()
@click.argument("keys", nargs=-1, shell_complete=complete_keys)
@click.option("-t", "--to", "to_format", metavar="FORMAT", default="csl-json", show_default=True,
              shell_complete=complete_formats,
              help=f"Output format: {', '.join(WRITABLE)}.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (replaced whole, never half-written) instead of stdout.")
@where_option
@click.pass_obj
def export(app: AppContext, keys: tuple[str, ...], to_format: str, output: Path | None,
           where: str | None) -> None:
    """Export KEYS (default: every record) for other tools.

    \b
    citekit export --to csl-json -o refs.json
    citekit export miknevicius2021soviet --to csl-json
    citekit export --where tag:thesis --to bibtex -o thesis.bib
    """
    format_named(to_format)  # an unknown format fails before the library is opened
    with app.open_library() as library:
        records = select_records(library, keys, where)
    with _progress(records, "writing records") as counted:
        text = write_records(counted, to_format)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text(output, text)


@cli.command()
def formats() -> None:
    """List the formats citekit reads and writes, with their names and file suffixes.

    \b
    citekit formats
    """
    from citekit.cli.views import print_formats_table  # rich: loaded only to draw

    print_formats_table(FORMATS)


@cli.command()
@click.argument("keys", nargs=-1, shell_complete=complete_keys)
@click.option("--key-pattern", type=click.Choice(sorted(PATTERNS)), default="authoryearword",
              show_default=True, help="How keys are made.")
@click.option("--dry-run", is_flag=True, help="Print the new keys; change nothing.")
@click.pass_obj
def rekey(app: AppContext, keys: tuple[str, ...], key_pattern: str, dry_run: bool) -> None:
    """Give KEYS (default: every record) the keys the pattern makes; prints 'old new' per change.

    Keys never change by themselves: this is the only command that renames them.

    \b
    citekit rekey --dry-run
    citekit rekey smith-paper --key-pattern authoryear
    """
    with app.open_library() as library:
        changes = library.rekey(keys, key_pattern, dry_run)
    for old, new in changes:
        click.echo(f"{old}\t{new}")
