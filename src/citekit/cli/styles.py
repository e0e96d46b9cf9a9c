"""``citekit styles``: search the installed CSL styles."""

from __future__ import annotations

import json

import click

from citekit.cli.main import cli


@cli.command()
@click.argument("query", required=False, default="")
@click.option("-f", "--format", "output", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="A table for people, or a JSON array.")
def styles(query: str, output: str) -> None:
    """Find styles whose name, alias or title contains every word of QUERY.

    \b
    citekit styles vancouver
    citekit styles "chicago notes" --format json
    """
    from citekit.csl.styles import aliases, search_styles

    found = search_styles(query)
    alias_names: dict[str, list[str]] = {}
    for alias, target in aliases().items():
        if alias != target:
            alias_names.setdefault(target, []).append(alias)
    if output == "json":
        rows = [{"name": info.name, "aliases": alias_names.get(info.name, []), "title": info.title,
                 "class": info.citation_format, "dependent": info.dependent,
                 "parent": info.parent.stem if info.parent else None} for info in found]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        from citekit.cli.views import print_styles_table  # rich: loaded only to draw

        print_styles_table(found, alias_names)
