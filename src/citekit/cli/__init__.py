"""The command-line interface: Click commands over the library API; only this layer imports click and rich."""

from citekit.cli import bib, cite, editing, interchange, organize, records, settings, styles  # noqa: F401 (registers the commands)
from citekit.cli.main import cli


def main() -> None:
    """Entry point of the ``citekit`` console script."""
    cli(prog_name="citekit")


__all__ = ["cli", "main"]
