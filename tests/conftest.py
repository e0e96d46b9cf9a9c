"""Shared fixtures: every test gets its own library file and user folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from citekit.cli import cli

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One user cache folder for the session, so the style index is built once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the real user's library and folders."""
    monkeypatch.setenv("CITEKIT_LIBRARY", str(tmp_path / "library.sqlite"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    """The library file the CLI uses in this test (created on first use)."""
    return tmp_path / "library.sqlite"


@pytest.fixture
def shared() -> Path:
    """``../shared`` beside the checkout; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (it is beside the checkout in CI, not in a user's clone)")
    return SHARED


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run the citekit CLI in-process (``env``: extra environment variables)."""
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


def write_json(path: Path, document: object) -> Path:
    """Write a JSON document to ``path`` and return the path."""
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path
