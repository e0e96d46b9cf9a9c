"""Interchange commands: ``import``, ``export``, ``formats`` and ``rekey``."""

from __future__ import annotations

from pathlib import Path

import click

from citekit.cli.main import AppContext, cli, warn
from citekit.cli.views import print_formats_table, print_import_report
from citekit.errors import EntriesSkippedError, UnknownFormatError
from citekit.formats import FORMATS, format_named, format_of, read_text, write_text
from citekit.keys import PATTERNS
from citekit.model import Diagnostics, Record
from citekit.store.importing import ON_DUPLICATE

READABLE = [candidate.name for candidate in FORMATS if candidate.read is not None]
WRITABLE = [candidate.name for candidate in FORMATS if candidate.write is not None]


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, metavar="FILE...|-")
@click.option("--from", "from_format", metavar="FORMAT",
              help=f"The files' format (default: by suffix, else by content): {', '.join(READABLE)}.")
@click.option("--on-duplicate", type=click.Choice(ON_DUPLICATE), default="skip", show_default=True,
              help="A record already in the library (same DOI, or same title, year and first author).")
@click.option("--key-pattern", type=click.Choice(sorted(PATTERNS)), default="authoryearword",
              show_default=True, help="How keys are made for records with none or a taken one.")
@click.option("--strict", is_flag=True, help="Import nothing if any entry cannot be read.")
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.pass_obj
def import_(app: AppContext, files: tuple[str, ...], from_format: str | None, on_duplicate: str,
            key_pattern: str, strict: bool, dry_run: bool) -> None:
    """Import records from FILES into the library, in one transaction.

    An entry that cannot be read is reported (file, line, reason) and left out;
    the rest imports. The summary goes to stderr.

    \b
    citekit import refs.json
    citekit import zotero-export.json --on-duplicate update --dry-run
    cat refs.json | citekit import - --from csl-json --strict
    """
    diagnostics = Diagnostics(strict=False)  # every unreadable entry is reported, then --strict decides
    records: list[Record] = []
    for file in files:
        text, name = read_text(file)
        reader = format_named(from_format) if from_format else format_of(name, text)
        if reader.read is None:
            raise UnknownFormatError(f"citekit cannot read {reader.name}")
        records += reader.read(text, name, diagnostics)
    warn(diagnostics.warnings)
    warn(diagnostics.skipped)
    if strict and diagnostics.skipped:
        raise EntriesSkippedError(f"{len(diagnostics.skipped)} entries could not be read; "
                                  "nothing was imported (--strict)")
    with app.open_library() as library:
        report = library.import_records(records, on_duplicate, key_pattern, dry_run)
    print_import_report(report, len(diagnostics.skipped), dry_run)


@cli.command()
@click.argument("keys", nargs=-1)
@click.option("-t", "--to", "to_format", metavar="FORMAT", default="csl-json", show_default=True,
              help=f"Output format: {', '.join(WRITABLE)}.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (replaced whole, never half-written) instead of stdout.")
@click.pass_obj
def export(app: AppContext, keys: tuple[str, ...], to_format: str, output: Path | None) -> None:
    """Export KEYS (default: every record) for other tools.

    \b
    citekit export --to csl-json -o refs.json
    citekit export miknevicius2021soviet --to csl-json
    """
    writer = format_named(to_format)
    if writer.write is None:
        raise UnknownFormatError(f"citekit cannot write {writer.name}")
    with app.open_library() as library:
        records = library.get_many(keys) if keys else library.records()
    text = writer.write(records)
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
    print_formats_table(FORMATS)


@cli.command()
@click.argument("keys", nargs=-1)
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
