"""``citekit config``: the settings in force, and where each comes from."""

from __future__ import annotations

import json

import click

from citekit.cli.main import AppContext, cli
from citekit.config import SETTINGS


@cli.command(name="config")
@click.option("-f", "--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Lines of 'name = value  # source', or a JSON object.")
@click.pass_obj
def show_config(app: AppContext, output: str) -> None:
    """Show the settings from citekit.toml files and CITEKIT_* variables, and their sources.

    Settings (top-level strings of a citekit.toml): style, locale, format,
    key-pattern, library. The user's file is citekit.toml in the user config
    folder; a project's is the nearest citekit.toml in the current folder or
    its parents, and wins over the user's; CITEKIT_STYLE, CITEKIT_LOCALE,
    CITEKIT_FORMAT, CITEKIT_KEY_PATTERN and CITEKIT_LIBRARY win over both; a
    command-line flag wins over everything.

    \b
    citekit config
    citekit config --format json
    """
    settings = {name: app.config.settings[name] for name in SETTINGS if name in app.config.settings}
    if output == "json":
        click.echo(json.dumps({name: {"value": setting.value, "source": setting.source}
                               for name, setting in settings.items()}, ensure_ascii=False, indent=2))
        return
    for name, setting in settings.items():
        click.echo(f"{name} = {json.dumps(setting.value, ensure_ascii=False)}  # {setting.source}")
