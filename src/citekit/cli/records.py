"""Library commands: ``add``, ``show``, ``list`` and ``remove``."""

from __future__ import annotations

import json

import click

from citekit.cli.completion import complete_keys
from citekit.cli.main import AppContext, cli, confirm, select_records, warn, where_option
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
@click.argument("key", shell_complete=complete_keys)
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
        tags = library.tags([key])[key]
    if output == "json":
        click.echo(json.dumps(record.to_csl_json(), ensure_ascii=False, indent=2))
    else:
        from citekit.cli.views import print_record_panel  # rich: loaded only to draw

        print_record_panel(record, tags)


@cli.command(name="list")
@click.option("-f", "--format", "output", type=JSON_OR_TABLE, default="table", show_default=True,
              help="A table for people, or the records as a CSL-JSON array.")
@where_option
@click.pass_obj
def list_records(app: AppContext, output: str, where: str | None) -> None:
    """List the records of the library, sorted by key (or those --where selects).

    \b
    citekit list
    citekit list --format json | jq -r '.[].id'
    citekit list --where 'tag:thesis -tag:read'
    """
    with app.open_library() as library:
        records = sorted(select_records(library, (), where), key=lambda record: record.key)
        tags = library.tags(record.key for record in records) if output == "table" else {}
    if output == "json":
        click.echo(write_csl_json(records), nl=False)
    else:
        from citekit.cli.views import print_records_table  # rich: loaded only to draw

        print_records_table(records, tags)


@cli.command()
@click.argument("keys", nargs=-1, shell_complete=complete_keys)
@where_option
@click.option("-y", "--yes", is_flag=True, help="Remove without asking.")
@click.pass_obj
def remove(app: AppContext, keys: tuple[str, ...], where: str | None, yes: bool) -> None:
    """Remove records, after asking (on stderr); if any KEY is missing, nothing is removed.

    Declining, or no answer (end of input), removes nothing and exits with 1.

    \b
    citekit remove smith2020 jones2019
    citekit remove --where tag:duplicate --yes
    """
    if not keys and where is None:
        raise click.UsageError("name the records to remove: KEYS or --where")
    with app.open_library() as library:
        keys = tuple(record.key for record in select_records(library, keys, where))
        if not keys:
            click.echo("citekit: no record matches; nothing removed", err=True)
            return
        if not yes and not confirm(f"Remove {_count(keys)}: {', '.join(keys)}?", default=False):
            click.echo("citekit: nothing removed", err=True)
            raise click.exceptions.Exit(1)
        removed = library.remove(keys)
    click.echo(f"removed {_count(removed)}: {', '.join(removed)}", err=True)


def _count(keys: tuple[str, ...] | list[str]) -> str:
    return f"{len(keys)} record" if len(keys) == 1 else f"{len(keys)} records"

