"""The ``citekit`` command group, its shared options, and the one place errors become exit codes."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any, NamedTuple

import click

from citekit import __version__
from citekit.config import Config, load_config
from citekit.errors import CitekitError, ExitCode
from citekit.model import Record, clean_text
from citekit.store import Library


class AppContext(NamedTuple):
    """What every command gets: where the library is, whether to show tracebacks, the settings."""

    library_path: Path | None
    debug: bool
    config: Config

    def open_library(self) -> Library:
        """Open (creating on first use, migrating an older one) the library this invocation names."""
        library = Library.open(self.library_path)
        if library.backup is not None:
            warn([f"the library {library.path} was brought up to date for this citekit; "
                  f"a copy as it was is kept in {library.backup}"])
        return library


# Each command's module, imported when the command is asked for: a call loads only what it runs.
COMMAND_MODULES = {
    "add": "records", "bib": "bib", "cite": "cite", "config": "settings", "doctor": "doctor",
    "edit": "editing", "export": "interchange", "formats": "interchange", "import": "interchange",
    "list": "records", "rekey": "interchange", "remove": "records", "search": "organize",
    "set": "editing", "show": "records", "styles": "styles", "tag": "organize",
}


class CitekitGroup(click.Group):
    """A command group that loads commands on demand and turns citekit's errors into exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, without loading any."""
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """The command ``name``; importing its module registers it (``@cli.command``)."""
        if name in COMMAND_MODULES and name not in self.commands:
            import_module(f"citekit.cli.{COMMAND_MODULES[name]}")
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a :class:`CitekitError` prints one line and exits with its code."""
        try:
            return super().invoke(ctx)
        except CitekitError as error:
            if isinstance(ctx.obj, AppContext) and ctx.obj.debug:
                raise
            click.echo(f"citekit: error: {clean_text(str(error))}", err=True)
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
    help="The library file [default: $CITEKIT_LIBRARY, else citekit.toml's library, else library.sqlite "
         "in the user data folder].",
)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@click.version_option(__version__, "--version", prog_name="citekit")
@click.pass_context
def cli(ctx: click.Context, library_path: Path | None, debug: bool) -> None:
    """citekit: scholarly citations and bibliographies from the command line.

    Records live in a SQLite library (created on first use with one article in
    it); any of the ~10,800 CSL styles formats them.

    Defaults of --style, --locale, --format, --key-pattern and --library come
    from citekit.toml files and CITEKIT_* variables (`citekit config` shows them).

    Exit codes: 0 ok, 1 error, 2 usage, 3 bad input, 4 not found,
    5 library (store) error, 130 interrupted.
    """
    ctx.obj = AppContext(library_path, debug, Config({}, []))  # so that --debug holds if the config fails
    config = load_config()
    warn(config.warnings)
    # Click's order: a flag, then the option's own environment variable, then default_map.
    ctx.default_map = config.command_defaults()
    ctx.obj = AppContext(library_path or config.library_path(), debug, config)


def warn(messages: list[str]) -> None:
    """Print diagnostics (never the requested output) to stderr."""
    for message in messages:
        # Messages quote record text: nothing in it may drive the terminal.
        click.echo(f"citekit: warning: {clean_text(message)}", err=True)


where_option = click.option(
    "-w", "--where", metavar="QUERY",
    help="Select records by a query instead of KEYS (as `citekit search`: 'author:knuth year:1984 tag:x').",
)


def select_records(library: Library, keys: tuple[str, ...], where: str | None) -> list[Record]:
    """The records KEYS name (in that order), or those ``--where`` selects, or every record by key."""
    if keys and where is not None:
        raise click.UsageError("give KEYS or --where, not both")
    if where is not None:
        return library.find(where)
    return library.get_many(keys) if keys else library.records()


def confirm(question: str, default: bool) -> bool:
    """Ask on stderr (stdout holds only output); end of input is no answer, which is no."""
    try:
        return click.confirm(question, default=default, err=True)
    except click.Abort:
        click.echo(err=True)
        return False
