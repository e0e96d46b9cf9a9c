"""citekit's user folders are platformdirs' folders, whether worked out here or asked of it."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from citekit.folders import user_folder

PLATFORMDIRS = {"config": platformdirs.user_config_path, "data": platformdirs.user_data_path,
                "cache": platformdirs.user_cache_path}
VARIABLES = {"config": "XDG_CONFIG_HOME", "data": "XDG_DATA_HOME", "cache": "XDG_CACHE_HOME"}


@pytest.mark.parametrize("kind", sorted(PLATFORMDIRS))
@pytest.mark.parametrize("home, xdg", [
    ("/home/ona", None),  # no variable: the default under $HOME
    ("/home/ona", "/srv/xdg"),  # an absolute variable
    ("/home/ona", "/srv/xdg/"),  # with a trailing slash
    ("/home/ona", "relative/xdg"),  # a relative variable is ignored
    ("/home/ona", ""),  # so is an empty one
    ("relative-home", None),  # a relative HOME: platformdirs decides
    (None, None),  # no HOME at all: platformdirs decides
])
def test_the_same_folders_as_platformdirs(kind: str, home: str | None, xdg: str | None,
                                          monkeypatch: pytest.MonkeyPatch):
    for name, value in (("HOME", home), (VARIABLES[kind], xdg)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert user_folder(kind) == PLATFORMDIRS[kind]("citekit", appauthor=False)


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG rules are worked out on Linux only")
def test_on_linux_the_usual_case_needs_no_platformdirs(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HOME", "/home/ona")
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # importing it now fails
    assert user_folder("data") == Path("/home/ona/.local/share/citekit")
