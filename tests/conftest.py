"""Shared fixtures: every test gets its own library file and user folders."""

from __future__ import annotations

import json
import shutil
import subprocess
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


def bibtex_with_plain_bst(directory: Path, text: str) -> tuple[str, str]:
    """Run BibTeX with plain.bst on a .bib file of ``text``: the .bbl it writes and its warnings.

    Skips where BibTeX or plain.bst is not installed (Debian package texlive-base); fails when
    BibTeX reports an error.
    """
    if shutil.which("bibtex") is None or shutil.which("kpsewhich") is None:
        pytest.skip("bibtex is not installed (Debian package texlive-base)")
    if not subprocess.run(["kpsewhich", "plain.bst"], capture_output=True, text=True).stdout.strip():
        pytest.skip("plain.bst is not installed (Debian package texlive-base)")
    (directory / "refs.bib").write_text(text, encoding="utf-8")
    aux = "\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n"
    (directory / "doc.aux").write_text(aux, encoding="utf-8")
    result = subprocess.run(["bibtex", "doc"], cwd=directory, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "error message" not in result.stdout, result.stdout
    warnings = [line for line in result.stdout.splitlines() if line.startswith("Warning--")]
    return (directory / "doc.bbl").read_text(encoding="utf-8"), "\n".join(warnings)
