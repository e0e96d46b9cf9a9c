"""Library commands: ``add``, ``show``, ``list`` and ``remove``."""

from __future__ import annotations

import json
import click

from citekit.cli.main import AppContext, cli, warn
from citekit.cli.views import print_record_panel, print_records_table
from citekit.formats import read_csl_json, read_text, write_csl_json
from citekit.model import Diagnostics

JSON_OR_TABLE = click.Choice(["table", "json"])


@cli.command()
@click.argument("file", metavar="FILE|-")
@click.option("--replace", is_flag=True, help="Overwrite records whose keys are already in the library.")
@click.pass_obj
def add(app: AppContext, file: str, replace: bool) -> None:
    """Add the CSL-JSON records of FILE (one item or an array; - reads stdin).

    Nothing is written unless every record is valid; a key already in the
    library is an error unless --replace.

    \b
    citekit add paper.json
    curl -s https://doi.org/... -H 'Accept: application/vnd.citationstyles.csl+json' | citekit add -
    """
    text, name = read_text(file)
    diagnostics = Diagnostics()
    records = read_csl_json(text, name, diagnostics)
    warn(diagnostics.warnings)
    with app.open_library() as library:
        keys = library.add(records, replace=replace)
    noun = "record" if len(keys) == 1 else "records"
    click.echo(f"added {len(keys)} {noun}: {', '.join(keys)}", err=True)


@cli.command()
@click.argument("key")
@click.option("-f", "--format", "output", type=click.Choice(["panel", "json"]), default="panel",
              show_default=True, help="A panel for people, or the record as CSL-JSON.")
@click.pass_obj
def show(app: AppContext, key: str, output: str) -> None:
    """Show one record.

    \b
    citekit show miknevicius2021soviet
    citekit show miknevicius2021soviet --format json
    """
    with app.open_library() as library:
        record = library.get(key)
    if output == "json":
        click.echo(json.dumps(record.to_csl_json(), ensure_ascii=False, indent=2))
    else:
        print_record_panel(record)


@cli.command(name="list")
@click.option("-f", "--format", "output", type=JSON_OR_TABLE, default="table", show_default=True,
              help="A table for people, or every record as a CSL-JSON array.")
@click.pass_obj
def list_records(app: AppContext, output: str) -> None:
    """List the records of the library, sorted by key.

    \b
    citekit list
    citekit list --format json | jq -r '.[].id'
    """
    with app.open_library() as library:
        records = library.records()
    if output == "json":
        click.echo(write_csl_json(records), nl=False)
    else:
        print_records_table(records)


@cli.command()
@click.argument("keys", nargs=-1, required=True)
@click.pass_obj
def remove(app: AppContext, keys: tuple[str, ...]) -> None:
    """Remove records; if any KEY is missing, nothing is removed.

    \b
    citekit remove smith2020 jones2019
    """
    with app.open_library() as library:
        removed = library.remove(keys)
    noun = "record" if len(removed) == 1 else "records"
    click.echo(f"removed {len(removed)} {noun}: {', '.join(removed)}", err=True)
