"""``citekit cite``: format records as a bibliography or as in-text citations."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from citekit.cli.completion import complete_keys, complete_styles
from citekit.cli.main import AppContext, cli, select_records, warn, where_option
from citekit.errors import RecordNotFoundError, UnknownFormatError
from citekit.formats import Writer, format_named, read_file
from citekit.model import Diagnostics, Record

# The CSL engine, rich and the citation parser are imported where they are used, so that every
# command starts without loading what it does not need.


@cli.command()
@click.argument("keys", nargs=-1, shell_complete=complete_keys)
@click.option("-s", "--style", default="apa", show_default=True, shell_complete=complete_styles,
              help="Style alias (apa, chicago, mla, ieee, ...), style name, or path to a .csl file.")
@click.option("-l", "--locale", help="Locale such as en-US or lt-LT [default: the style's].")
@click.option("-m", "--mode", type=click.Choice(["bibliography", "citation"]),
              default="bibliography", show_default=True,
              help="Bibliography entries, or each item's in-text citation on its own line.")
@click.option("-f", "--format", "output", type=click.Choice(["text", "html", "markdown", "rtf"]),
              default="text", show_default=True, help="Output format.")
@click.option("--from", "source", metavar="FILE",
              help="Render the records of FILE (- for stdin; CSL-JSON, BibTeX, RIS, ...), not the library.")
@where_option
@click.pass_obj
def cite(app: AppContext, keys: tuple[str, ...], style: str, locale: str | None, mode: str,
         output: str, source: str | None, where: str | None) -> None:
    """Format KEYS (default: every record) in a citation style.

    In citation mode, KEYS may instead be citations in pandoc's syntax, one
    argument each, printed one per line as a document would (notes numbered
    in order): '[see @key1, p. 33; -@key2]'.

    \b
    citekit cite --style apa
    citekit cite miknevicius2021soviet --style ieee --format html
    citekit cite --mode citation --style chicago
    citekit cite --mode citation '[@key1, pp. 7-9; @key2]' '[@key1]'
    citekit cite --from refs.json --style vancouver > refs.txt
    citekit cite --where 'tag:thesis year:2020..2024' --style ieee
    citekit cite --style csl-json      # a file format as the style: what `export --to` writes
    """
    from citekit.csl import LoadedStyle, render_bibliography, render_citations, render_clusters, resolve_style

    clusters = None
    if mode == "citation" and _are_clusters(keys):
        from citekit.clusters import parse_cluster

        clusters = [parse_cluster(key) for key in keys]
    if clusters is not None:
        keys = tuple(dict.fromkeys(str(cite["id"]) for cluster in clusters for cite in cluster))
    if source is not None:
        if where is not None:
            raise click.UsageError("--where selects from the library; it cannot be used with --from")
        records = _records_from(source, keys)
    else:
        with app.open_library() as library:
            records = select_records(library, keys, where)
    exporter = _exporter(style)
    if exporter is not None:  # --style bibtex, ris, ...: the records as `citekit export` writes them
        click.echo(exporter(records), nl=False)
        return
    loaded = LoadedStyle(resolve_style(style), locale)
    to_terminal = output == "text" and sys.stdout.isatty()
    target = "terminal" if to_terminal else output
    with _progress(len(records)) as progress:
        if clusters is not None:
            result = render_clusters(records, loaded, clusters, target, progress)
        else:
            render = render_citations if mode == "citation" else render_bibliography
            result = render(records, loaded, target, progress)
    if to_terminal:
        from citekit.cli.views import print_terminal

        print_terminal(result)
    else:
        click.echo(result, nl=False)


@contextmanager
def _progress(records: int) -> Iterator[Callable[[str], None] | None]:
    """The engine's progress function when the work may take over a second (about 1,000 records)
    and stderr is a terminal, else None: a pipe or a log gets nothing, a short call loads no rich."""
    if records < 1000 or not sys.stderr.isatty():
        yield None
        return
    from citekit.cli.views import working  # rich: loaded only to draw

    with working(f"formatting {records:,} records") as step:
        yield step


def _exporter(style: str) -> Writer | None:
    """The writer of a file format named as a style (``bibtex``, ``ris``, ``csl-json``), if any."""
    try:
        found = format_named(style)
    except UnknownFormatError:
        return None
    return found.write if found.writer is not None else None


def _are_clusters(keys: tuple[str, ...]) -> bool:
    """True when the arguments are pandoc citations (``[@key]``) rather than bare keys."""
    return any(key.lstrip().startswith("[") for key in keys)


def _records_from(source: str, keys: tuple[str, ...]) -> list[Record]:
    diagnostics = Diagnostics()
    records = read_file(source, None, diagnostics)
    warn(diagnostics.warnings)
    name = "<stdin>" if source == "-" else source
    if not keys:
        return records
    by_key = {record.key: record for record in records}
    missing = [key for key in keys if key not in by_key]
    if missing:
        raise RecordNotFoundError(missing, name)
    return [by_key[key] for key in dict.fromkeys(keys)]
