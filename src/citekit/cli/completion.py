"""Shell completion (bash, zsh, fish through Click): keys, style names and formats.

Completion runs before any command: nothing here may write, so a library that does not
exist yet completes nothing instead of being created.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from citekit.config import load_config
from citekit.errors import CitekitError
from citekit.store import Library, default_library_path

if TYPE_CHECKING:  # Click's completion module is loaded when a shell asks, not on every call
    from click.shell_completion import CompletionItem


def complete_keys(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The library's keys that start with what was typed."""
    from click.shell_completion import CompletionItem

    path = _library_path(ctx)
    if not path.is_file():
        return []
    try:
        with Library.open(path) as library:
            keys = library.keys()
    except CitekitError:
        return []
    return [CompletionItem(key) for key in keys if key.startswith(incomplete)]


def complete_styles(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Aliases and repository style names that start with what was typed (a path completes as a file)."""
    from click.shell_completion import CompletionItem

    if "/" in incomplete or incomplete.startswith(("~", ".")):
        return [CompletionItem(incomplete, type="file")]
    from citekit.csl.styles import aliases, style_names  # only when completing: it lists 10,000 files

    names = sorted({*aliases(), *style_names()})
    return [CompletionItem(name) for name in names if name.startswith(incomplete)]


def complete_formats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The names of the formats citekit reads and writes."""
    from click.shell_completion import CompletionItem

    from citekit.formats import FORMATS

    return [CompletionItem(entry.name, help=entry.description) for entry in FORMATS
            if entry.name.startswith(incomplete)]


def _library_path(ctx: click.Context) -> Path:
    """The library the command line names, as the command itself would find it."""
    given = ctx.find_root().params.get("library_path")
    if given:
        return Path(given)
    try:
        configured = load_config().library_path()
    except CitekitError:
        configured = None
    return configured or default_library_path()
