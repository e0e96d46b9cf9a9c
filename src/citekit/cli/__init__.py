"""The command-line interface: Click commands over the library API; only this layer imports click and rich.

Commands live in one module each (``COMMAND_MODULES`` in ``main.py``), imported when used.
"""

import gc

from citekit.cli.main import cli


def main() -> None:
    """Entry point of the ``citekit`` console script."""
    # One call makes ~100,000 objects that live until it ends (modules, a parsed style, records)
    # and no garbage in reference cycles: a 10,000-record bibliography and a 100,000-entry import
    # peak at the same memory without the cycle collector, which would walk them all again and
    # again while they are made (3% of a one-record call). Reference counting frees the rest.
    gc.disable()
    cli(prog_name="citekit")


__all__ = ["cli", "main"]
