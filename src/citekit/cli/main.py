"""The ``citekit`` command group, its shared options, and the one place errors become exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from citekit import __version__
from citekit.errors import CitekitError, ExitCode
from citekit.store import Library


@dataclass
class AppContext:
    """What every command gets: where the library is, and whether to show tracebacks."""

    library_path: Path | None
    debug: bool

    def open_library(self) -> Library:
        """Open (creating on first use) the library this invocation names."""
        return Library.open(self.library_path)


class CitekitGroup(click.Group):
    """A command group that turns citekit's errors into messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a :class:`CitekitError` prints one line and exits with its code."""
        try:
            return super().invoke(ctx)
        except CitekitError as error:
            if isinstance(ctx.obj, AppContext) and ctx.obj.debug:
                raise
            click.echo(f"citekit: error: {error}", err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("citekit: interrupted", err=True)
            ctx.exit(ExitCode.INTERRUPTED)


@click.group(cls=CitekitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--library",
    "library_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="CITEKIT_LIBRARY",
    help="The library file [default: $CITEKIT_LIBRARY, else library.sqlite in the user data folder].",
)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@click.version_option(__version__, "--version", prog_name="citekit")
@click.pass_context
def cli(ctx: click.Context, library_path: Path | None, debug: bool) -> None:
    """citekit: scholarly citations and bibliographies from the command line.

    Records live in a SQLite library (created on first use with one article in
    it); any of the ~10,800 CSL styles formats them.

    Exit codes: 0 ok, 1 error, 2 usage, 3 bad input, 4 not found,
    5 library (store) error, 130 interrupted.
    """
    ctx.obj = AppContext(library_path, debug)


def warn(messages: list[str]) -> None:
    """Print diagnostics (never the requested output) to stderr."""
    for message in messages:
        click.echo(f"citekit: warning: {message}", err=True)
