"""The user's folders for citekit: configuration, data (the default library) and cache.

platformdirs knows every platform's rules, but importing it costs every call ~5% of a one-record
``citekit cite`` (its Unix module loads tempfile, shutil and random). On Linux the XDG Base
Directory rules are short: the usual case (an absolute ``$HOME``; each ``$XDG_*_HOME`` absolute
or not used) is worked out here, and anything else (other systems, Android, a relative ``$HOME``)
is asked of platformdirs. The tests check that both give the same folders.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "citekit"
# Each folder: its XDG variable, its default under $HOME, and platformdirs' function for it.
_FOLDERS = {
    "config": ("XDG_CONFIG_HOME", ".config", "user_config_path"),  # the user's citekit.toml
    "data": ("XDG_DATA_HOME", ".local/share", "user_data_path"),  # the default library
    "cache": ("XDG_CACHE_HOME", ".cache", "user_cache_path"),  # the style index, parsed CSL files
}


def user_folder(kind: str) -> Path:
    """citekit's ``config``, ``data`` or ``cache`` folder (``~/.config/citekit``, ... on Linux)."""
    variable, default, function = _FOLDERS[kind]
    found = _xdg_folder(variable, default)
    if found is None:
        import platformdirs

        found = Path(getattr(platformdirs, function)(APP, appauthor=False))
    return found


def _xdg_folder(variable: str, default: str) -> Path | None:
    """``$variable/citekit``, else ``$HOME/default/citekit``, where that is the rule; else None."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ:
        return None
    base, home = os.environ.get(variable, ""), os.environ.get("HOME", "")
    if os.path.isabs(base):  # the spec: a relative path in the variable is ignored
        return Path(base, APP)
    return Path(home, default, APP) if os.path.isabs(home) else None
