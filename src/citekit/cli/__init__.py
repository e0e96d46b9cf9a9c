"""The command-line interface: Click commands over the library API; only this layer imports click and rich.

Commands live in one module each (``COMMAND_MODULES`` in ``main.py``), imported when used.
"""

from citekit.cli.main import cli


def main() -> None:
    """Entry point of the ``citekit`` console script."""
    cli(prog_name="citekit")


__all__ = ["cli", "main"]
