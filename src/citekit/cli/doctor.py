"""``citekit doctor``: check the library, and mend what can be mended safely."""

from __future__ import annotations

import json

import click

from citekit.cli.main import AppContext, cli


@cli.command()
@click.option("--fix", is_flag=True,
              help="Mend what loses nothing: rebuild the search index and query columns, drop orphaned tags.")
@click.option("-f", "--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Lines for people, or a JSON object.")
@click.pass_obj
def doctor(app: AppContext, fix: bool, output: str) -> None:
    """Check the library: SQLite's integrity check, the full-text index, orphaned tags, and that
    every record is valid CSL-JSON under its key. Exit code 0 when nothing is wrong (after --fix),
    else 1.

    A record that is not valid is reported for you to correct (`citekit edit`)
    or remove; a damaged file, for you to restore from a backup.

    \b
    citekit doctor
    citekit doctor --fix
    """
    with app.open_library() as library:
        fixed = library.repair() if fix else []
        problems = library.examine()
        path = library.path
    if output == "json":
        click.echo(json.dumps({
            "library": str(path),
            "fixed": fixed,
            "problems": [{"check": p.check, "message": p.message, "fixable": p.fixable} for p in problems],
        }, ensure_ascii=False, indent=2))
    else:
        for line in fixed:
            click.echo(f"fixed: {line}")
        for problem in problems:
            hint = " (citekit doctor --fix mends it)" if problem.fixable else ""
            click.echo(f"{problem.check}: {problem.message}{hint}")
        count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
        click.echo(f"{count} in {path}" if problems else f"no problems in {path}")
    if problems:
        raise click.exceptions.Exit(1)
