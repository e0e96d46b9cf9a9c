"""Finding and organising records: ``search`` and ``tag``."""

from __future__ import annotations

import json

import click

from citekit.cli.completion import complete_keys
from citekit.cli.main import AppContext, cli
from citekit.formats import write_csl_json


@cli.command(context_settings={"ignore_unknown_options": True})  # -word and -tag:x are query terms
@click.argument("query", nargs=-1, required=True)
@click.option("-f", "--format", "output", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="A table for people, or the records as a CSL-JSON array, best first.")
@click.option("-n", "--limit", type=click.IntRange(min=0), default=100, show_default=True,
              help="At most this many records, the best; 0 for every match.")
@click.pass_obj
def search(app: AppContext, query: tuple[str, ...], output: str, limit: int) -> None:
    """Find records: words and field:value filters, all of which must match; best first.

    Words match the start of words in the title, authors, journal, abstract and
    keywords, without regard to case or accents; "two words" is a phrase.
    Filters: author: editor: title: container: (journal:) abstract: keyword:
    year:2021, year:2019..2021, year:>2019; type: tag: key: (key:smith* for a
    prefix) doi:. A - before a word or filter excludes what it matches. The same
    language selects records in cite, export, list and remove (--where).

    \b
    citekit search soviet occupation
    citekit search author:miknevicius year:2021 type:article-journal
    citekit search 'title:"armed forces"' -tag:read --format json | jq -r '.[].id'
    """
    with app.open_library() as library:
        records = library.find(" ".join(query), limit or None)
        tags = library.tags(record.key for record in records) if output == "table" else {}
    if output == "json":
        click.echo(write_csl_json(records), nl=False)
    elif records:
        from citekit.cli.views import print_records_table  # rich: loaded only to draw

        print_records_table(records, tags)
        if len(records) == limit:
            click.echo(f"citekit: the best {limit} matches; --limit 0 shows every one", err=True)
    else:
        click.echo("citekit: no record matches", err=True)


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("arguments", nargs=-1, required=True, metavar="KEY... [+TAG|-TAG]...",
                shell_complete=complete_keys)
@click.option("-f", "--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Lines of key and tags, or a JSON object of tag lists by key.")
@click.pass_obj
def tag(app: AppContext, arguments: tuple[str, ...], output: str) -> None:
    """Add (+TAG) and remove (-TAG) tags of records, then print their tags.

    Tags are your own labels (which paper a record belongs to, what you have
    read); `--where tag:NAME` selects by them. With no +TAG or -TAG, only prints.

    \b
    citekit tag knuth1984literate lamport1994latex +thesis +typesetting
    citekit tag knuth1984literate -typesetting
    citekit tag knuth1984literate
    """
    keys = [argument for argument in arguments if argument[0] not in "+-"]
    added = [argument[1:] for argument in arguments if argument[0] == "+"]
    removed = [argument[1:] for argument in arguments if argument[0] == "-"]
    if not keys:
        raise click.UsageError("name the records to tag: KEY... before the +TAG and -TAG")
    unusable = [name for name in added + removed if not name.strip() or not name.isprintable()]
    if unusable:
        raise click.UsageError(f"not a tag name: {unusable[0]!r} (a tag is printable text after + or -)")
    with app.open_library() as library:
        if added or removed:
            library.tag(keys, added, removed)
        tags = library.tags(keys)
        if not (added or removed):
            library.get_many(keys)  # a missing key is reported, as when tagging
    if output == "json":
        click.echo(json.dumps(tags, ensure_ascii=False, indent=2))
    else:
        for key, names in tags.items():
            click.echo("\t".join([key, *names]))
