"""``citekit bib``: the bibliography of a Markdown or LaTeX paper, its cited records, its key check."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from citekit.cli.completion import complete_formats, complete_styles
from citekit.cli.main import AppContext, cli, warn, where_option
from citekit.errors import ExitCode
from citekit.formats import read_file, read_text, write_records, write_text
from citekit.model import Diagnostics, Record

if TYPE_CHECKING:
    from citekit.papers import Paper
    from citekit.references import References

# The CSL engine, the paper readers and rich are imported where they are used, so that every
# command starts without loading what it does not need.


@cli.command()
@click.argument("paper", metavar="PAPER|-")
@click.option("-s", "--style", default="apa", show_default=True, shell_complete=complete_styles,
              help="Style alias (apa, chicago, mla, ieee, ...), style name, or path to a .csl file.")
@click.option("-l", "--locale", help="Locale such as en-US or lt-LT [default: the style's].")
@click.option("-f", "--format", "output", type=click.Choice(["text", "html", "markdown", "rtf", "json"]),
              default="text", show_default=True,
              help="Output format of the bibliography; of --check: text or json.")
@click.option("--from", "source", metavar="FILE",
              help="Take the records from FILE (CSL-JSON, BibTeX, RIS, ...; - for stdin), not the library.")
@where_option
@click.option("--allow-missing", is_flag=True,
              help="Warn about cited keys that are not there (instead of failing) and go on without them.")
@click.option("--export", "export_format", metavar="FORMAT", shell_complete=complete_formats,
              help="Write the cited records in this format (bibtex, biblatex, csl-json, ...) instead.")
@click.option("-o", "--output", "output_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (replaced whole) instead of stdout.")
@click.option("--check", is_flag=True, help="Only report missing and unused keys.")
@click.option("--kind", type=click.Choice(["markdown", "latex"]),
              help="The paper's kind [default: by suffix (.md, .tex, ...), else by content].")
@click.pass_obj
def bib(app: AppContext, paper: str, style: str, locale: str | None, output: str, source: str | None,
        where: str | None, allow_missing: bool, export_format: str | None, output_file: Path | None,
        check: bool, kind: str | None) -> None:
    """Print the bibliography of the works a Markdown or LaTeX PAPER cites.

    Markdown: pandoc's citations ([@key], [see @a, p. 33; -@b], @key in the
    text, nocite: in the YAML front matter). LaTeX: \\cite, \\citep, \\citet,
    \\parencite, \\textcite, \\autocite, \\footcite, \\nocite (\\nocite{*}: every
    record), ... with their optional arguments. Entries come in the style's
    order (numeric styles: the order of first citation).

    A cited key that is not in the library (or in --from FILE, or among the
    records --where selects) is reported on stderr with its line and column,
    and the exit code is 4, unless --allow-missing. --check reports, on
    stdout, 'missing<TAB>KEY<TAB>FILE:LINE:COLUMN' for each citation of a
    missing key and 'unused<TAB>KEY' for each record the paper does not cite.

    \b
    citekit bib paper.md --style apa
    citekit bib thesis.tex --style ieee --format html -o references.html
    citekit bib paper.md --export csl-json -o refs.json     # for pandoc --citeproc
    citekit bib thesis.tex --export biblatex -o refs.bib    # for biber
    citekit bib --check paper.md --where tag:paper1 --format json
    """
    if output == "json" and not check:
        raise click.UsageError("--format json is for --check; a bibliography is text, html, markdown or rtf")
    if source is not None and where is not None:
        raise click.UsageError("--where selects from the library; it cannot be used with --from")
    from citekit.papers import read_paper
    from citekit.references import references_of

    text, name = read_text(paper)
    parsed = read_paper(text, name, kind)
    whole = check or parsed.cites_everything  # every available record is needed, not only the cited
    available, place = _available(app, parsed, source, where, whole)
    references = references_of(parsed, available)
    if check:
        _report_check(parsed, references, output)
        if references.missing:
            raise click.exceptions.Exit(ExitCode.NOT_FOUND)
        return
    for cited in references.missing:
        message = f"{name}:{cited.line}:{cited.column}: key '{cited.key}' is not in {place}"
        click.echo(f"citekit: {'warning' if allow_missing else 'error'}: {message}", err=True)
    if references.missing and not allow_missing:
        raise click.exceptions.Exit(ExitCode.NOT_FOUND)
    if export_format is not None:
        _write(write_records(references.records, export_format), output_file)
        return
    from citekit.csl import LoadedStyle, render_bibliography, resolve_style

    loaded = LoadedStyle(resolve_style(style), locale)
    to_terminal = output == "text" and output_file is None and sys.stdout.isatty()
    result = render_bibliography(references.records, loaded, "terminal" if to_terminal else output)
    if to_terminal:
        from citekit.cli.views import print_terminal

        print_terminal(result)
    else:
        _write(result, output_file)


def _available(app: AppContext, paper: Paper, source: str | None, where: str | None,
               whole: bool) -> tuple[Mapping[str, Record], str]:
    """The records the paper's keys are looked up in, by key, and how messages name them."""
    if source is not None:
        diagnostics = Diagnostics()
        records = read_file(source, None, diagnostics)
        warn(diagnostics.warnings)
        return {record.key: record for record in records}, "<stdin>" if source == "-" else source
    with app.open_library() as library:
        if where is not None:
            return {record.key: record for record in library.find(where)}, f"the library's --where {where!r}"
        if whole:
            return {record.key: record for record in library.records()}, "the library"
        return library.lookup(paper.keys()), "the library"


def _report_check(paper: Paper, references: References, output: str) -> None:
    if output == "json":
        click.echo(json.dumps({
            "paper": paper.source,
            "cited": paper.keys(),
            "missing": [{"key": cited.key, "line": cited.line, "column": cited.column}
                        for cited in references.missing],
            "unused": references.unused,
        }, ensure_ascii=False, indent=2))
        return
    for cited in references.missing:
        click.echo(f"missing\t{cited.key}\t{paper.source}:{cited.line}:{cited.column}")
    for key in references.unused:
        click.echo(f"unused\t{key}")


def _write(text: str, output_file: Path | None) -> None:
    if output_file is None:
        click.echo(text, nl=False)
    else:
        write_text(output_file, text)
