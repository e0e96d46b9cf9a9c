"""The command-line interface: Click commands over the library API; only this layer imports click and rich."""

# Importing each command's module registers its commands.
from citekit.cli import (  # noqa: F401
    bib, cite, doctor, editing, interchange, organize, records, settings, styles,
)
from citekit.cli.main import cli


def main() -> None:
    """Entry point of the ``citekit`` console script."""
    cli(prog_name="citekit")


__all__ = ["cli", "main"]
