"""citekit's configuration: the defaults of command-line options, from files and the environment.

Each setting takes its value from the highest of these that sets it (a command-line flag, which the
CLI applies, beats them all):

1. the variables ``CITEKIT_STYLE``, ``CITEKIT_LOCALE``, ``CITEKIT_FORMAT``, ``CITEKIT_KEY_PATTERN``
   and ``CITEKIT_LIBRARY`` (an empty variable is unset);
2. the project's ``citekit.toml``: the nearest one in the current folder or one of its parents;
3. the user's ``citekit.toml`` in the user config folder (``$XDG_CONFIG_HOME/citekit`` on Linux).

A file holds top-level strings::

    style = "chicago-author-date"
    locale = "en-GB"
    format = "markdown"
    key-pattern = "authoryear"
    library = "refs.sqlite"    # relative to this file's folder; from the environment, to the current one

Unknown keys are warnings, not errors, so that a file written for a newer citekit still works.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from citekit.errors import BadInputError
from citekit.folders import user_folder
from citekit.keys import PATTERNS

SETTINGS = ("style", "locale", "format", "key-pattern", "library")
FILE_NAME = "citekit.toml"
FORMATS = ("text", "html", "markdown", "rtf")  # the choices of cite's --format

# The settings that only some values are allowed for.
_CHOICES: dict[str, tuple[str, ...]] = {"format": FORMATS, "key-pattern": tuple(sorted(PATTERNS))}
# Each command's option parameters, and the setting that is the default of each.
_RENDER_OPTIONS = {"style": "style", "locale": "locale", "output": "format"}
_COMMAND_OPTIONS: dict[str, dict[str, str]] = {
    "cite": _RENDER_OPTIONS,
    "bib": _RENDER_OPTIONS,
    "import": {"key_pattern": "key-pattern"},
    "rekey": {"key_pattern": "key-pattern"},
}


class ConfigError(BadInputError):
    """A configuration file or environment variable citekit cannot use; the message says where."""


class Setting(NamedTuple):
    """One setting's value, and the file or environment variable it came from."""

    value: str
    source: str


class Config(NamedTuple):
    """The settings set somewhere (by name), and warnings about the files read."""

    settings: dict[str, Setting]
    warnings: list[str]

    def get(self, name: str) -> str | None:
        """The value of the setting ``name``, or None if nothing sets it."""
        setting = self.settings.get(name)
        return setting.value if setting else None

    def library_path(self) -> Path | None:
        """The library file the settings name (already resolved against its source), or None."""
        library = self.get("library")
        return Path(library) if library else None

    def command_defaults(self) -> dict[str, dict[str, str]]:
        """Click's ``default_map``: ``{command: {parameter: value}}`` for the settings that are set.

        cite's and bib's ``style``, ``locale`` and ``output`` (the ``--format`` option), import's
        and rekey's ``key_pattern``; a command none of whose settings is set is left out.
        """
        defaults = {}
        for command, options in _COMMAND_OPTIONS.items():
            values = {parameter: self.settings[name].value for parameter, name in options.items()
                      if name in self.settings}
            if values:
                defaults[command] = values
        return defaults


def load_config(cwd: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """The configuration seen from ``cwd`` with ``environ``; :class:`ConfigError` if any of it is invalid.

    ``cwd`` defaults to the current folder and ``environ`` to ``os.environ``. Cheap enough for every
    start: a stat per folder up from ``cwd``, and at most two small files read.
    """
    cwd = Path.cwd() if cwd is None else cwd
    environ = os.environ if environ is None else environ
    settings: dict[str, Setting] = {}
    warnings: list[str] = []
    for path in _config_files(cwd):
        settings.update(_read_file(path, warnings))
    settings.update(_read_environment(environ, cwd))
    return Config(settings, warnings)


def _config_files(cwd: Path) -> list[Path]:
    """The files to read, lowest precedence first: the user's, then the nearest project file."""
    user = user_folder("config") / FILE_NAME
    files = [user] if user.is_file() else []
    project = _nearest_file(cwd)
    # Inside the user config folder, the nearest project file is the user's own: read it once.
    if project is not None and not (files and project.samefile(user)):
        files.append(project)
    return files


def _nearest_file(cwd: Path) -> Path | None:
    """The ``citekit.toml`` in ``cwd`` or the nearest of its parents, if any."""
    for folder in (cwd, *cwd.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def _read_file(path: Path, warnings: list[str]) -> dict[str, Setting]:
    """The settings in one file; its unknown keys are appended to ``warnings``."""
    import tomllib  # here: most calls find no file, and importing it costs ~10 ms

    text = _read_text(path)
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    settings = {}
    for key, value in table.items():
        if key not in SETTINGS:
            known = ", ".join(sorted(SETTINGS))
            warnings.append(f"{_location(path, text, key)}: unknown setting '{key}' (known: {known})")
            continue
        problem = _problem(key, value)
        if problem:
            raise ConfigError(f"{_location(path, text, key)}: {problem}")
        settings[key] = _setting(key, value, path.parent, str(path))
    return settings


def _read_text(path: Path) -> str:
    # Bytes decoded, not read_text: newlines stay as written, so tomllib and line numbers see the file.
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (bad byte at offset {error.start})") from None


def _read_environment(environ: Mapping[str, str], cwd: Path) -> dict[str, Setting]:
    """The settings the ``CITEKIT_*`` variables set; an empty variable is unset."""
    settings = {}
    for name in SETTINGS:
        variable = "CITEKIT_" + name.upper().replace("-", "_")
        value = environ.get(variable)
        if not value:
            continue
        problem = _problem(name, value)
        if problem:
            raise ConfigError(f"environment variable {variable}: {problem}")
        settings[name] = _setting(name, value, cwd, f"environment variable {variable}")
    return settings


def _problem(name: str, value: object) -> str | None:
    """Why ``value`` cannot be the setting ``name``, or None if it can."""
    if not isinstance(value, str):
        return f"{name} must be a string"
    if not value:  # only a file can say this; it would reach the options as a meaningless ""
        return f"{name} must not be empty"
    choices = _CHOICES.get(name)
    if choices is not None and value not in choices:
        return f"{name} must be one of {', '.join(choices)}, not '{value}'"
    return None


def _setting(name: str, value: str, folder: Path, source: str) -> Setting:
    """The setting, with a library path made absolute from ``folder`` (where its source is)."""
    if name == "library":
        # os.path.expanduser leaves an unknown ~user as it is, where Path.expanduser raises.
        value = str(folder / os.path.expanduser(value))
    return Setting(value, source)


def _location(path: Path, text: str, key: str) -> str:
    """``path:line`` of the line that sets the top-level ``key``; ``path`` if no line starts with it."""
    # Bare or quoted, as `key =`, a dotted `key.sub =`, or a `[key]` / `[[key]]` table header.
    pattern = rf"""^[ \t]*(?:\[\[?[ \t]*)?(["']?){re.escape(key)}\1[ \t]*[=.\]]"""
    match = re.search(pattern, text, re.MULTILINE)
    if match is None:
        return str(path)
    line = text.count("\n", 0, match.start()) + 1
    return f"{path}:{line}"
