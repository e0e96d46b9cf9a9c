"""The on-disk cache of parsed CSL files (citekit.csl.tree_cache): used while a file is unchanged,
never trusted beyond that, and never a reason for a call to fail."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

import citekit
from citekit import load_style, render_bibliography
from citekit.csl import elements, tree_cache
from citekit.errors import InvalidStyleError
from citekit.seed import default_records

from conftest import run

CSL = "http://purl.org/net/xbiblio/csl"


def style(title_prefix: str, extra: str = "") -> str:
    """A valid author-date style printing the title after ``title_prefix``."""
    return (f'<style xmlns="{CSL}" version="1.0" class="in-text"><info><title>Mine</title>'
            '<id>mine</id><updated>2026-01-01T00:00:00+00:00</updated></info>'
            '<citation><layout><text variable="title"/></layout></citation>'
            f'<bibliography><layout><text variable="title" prefix="{title_prefix}"{extra}/></layout>'
            "</bibliography></style>")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, and nothing built in this process yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(elements, "_built", {})
    return tmp_path / "cache" / "citekit" / "csl"


def bibliography(path: Path) -> str:
    return render_bibliography(default_records(), load_style(str(path)))


TITLE = "Soviet Armed Forces in Lithuania in 1939–1941\n"


def test_a_parsed_style_is_kept_and_an_edited_one_parsed_again(tmp_path: Path, cache: Path):
    path = tmp_path / "mine.csl"
    path.write_text(style("A: "), encoding="utf-8")
    assert bibliography(path) == "A: " + TITLE
    [entry] = cache.glob("mine-*")
    assert entry.name.startswith("mine-") and entry.suffix == ".tree"
    stored = marshal.loads(entry.read_bytes())
    assert stored[:2] == (f"{tree_cache.FORMAT} {citekit.__version__}", str(path))
    assert stored[4] is True  # checked against the schema
    path.write_text(style("Edited: "), encoding="utf-8")
    assert bibliography(path) == "Edited: " + TITLE
    # Same size, same text length: the modification time alone tells the edit apart.
    path.write_text(style("B: "), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert bibliography(path) == "B: " + TITLE


def test_a_damaged_entry_is_parsed_again_and_replaced(tmp_path: Path, cache: Path, monkeypatch):
    path = tmp_path / "mine.csl"
    path.write_text(style("A: "), encoding="utf-8")
    assert bibliography(path) == "A: " + TITLE
    [entry] = cache.glob("mine-*")
    for damaged in (b"", b"not marshal", entry.read_bytes()[:40], marshal.dumps((1, 2))):
        entry.write_bytes(damaged)
        monkeypatch.setattr(elements, "_built", {})
        assert bibliography(path) == "A: " + TITLE
        assert marshal.loads(entry.read_bytes())[1] == str(path)


def test_an_entry_serves_only_its_own_file_and_format(tmp_path: Path, cache: Path, monkeypatch):
    first, second = tmp_path / "first.csl", tmp_path / "second.csl"
    first.write_text(style("1: "), encoding="utf-8")
    second.write_text(style("2: "), encoding="utf-8")
    status = second.stat()
    assert bibliography(first) == "1: " + TITLE
    [entry] = cache.glob("first-*")
    # The first file's entry under the second's name (as if their names' checksums met).
    (cache / tree_cache._entry(str(second)).name).write_bytes(entry.read_bytes())
    assert tree_cache.load(str(second), status.st_mtime_ns, status.st_size, False) is None
    assert bibliography(second) == "2: " + TITLE
    status = first.stat()
    assert tree_cache.load(str(first), status.st_mtime_ns, status.st_size, False) is not None
    for name, other in (("FORMAT", tree_cache.FORMAT + 1), ("__version__", "another release")):
        with monkeypatch.context() as patched:
            patched.setattr(tree_cache, name, other)
            assert tree_cache.load(str(first), status.st_mtime_ns, status.st_size, False) is None


def test_a_users_style_is_built_once_per_call(tmp_path: Path, cache: Path):
    path = tmp_path / "mine.csl"
    path.write_text(style("A: "), encoding="utf-8")
    checked = elements.parse_csl(path, checked=True)  # as resolve_style reads a user's file
    assert elements.parse_csl(path) is checked  # as the engine then reads it


def test_a_style_kept_unchecked_is_checked_when_a_user_names_it(tmp_path: Path, cache: Path):
    path = tmp_path / "mine.csl"
    path.write_text(style("A: ", ' font-style="slanted"'), encoding="utf-8")
    assert elements.parse_csl(path).get("class") == "in-text"  # as the engine reads a repository style
    for _ in range(2):
        with pytest.raises(InvalidStyleError, match=rf"^{path}:\d+: .*bibliography"):
            load_style(str(path))


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(tmp_path: Path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(elements, "_built", {})
    path = tmp_path / "mine.csl"
    path.write_text(style("A: "), encoding="utf-8")
    result = run("cite", "--style", str(path))
    assert (result.exit_code, result.output) == (0, "A: " + TITLE)
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_a_style_named_by_a_relative_path_is_kept_under_its_absolute_path(tmp_path: Path, cache: Path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("mine.csl").write_text(style("A: "), encoding="utf-8")
    assert bibliography(Path("mine.csl")) == "A: " + TITLE
    [entry] = cache.glob("mine-*")
    assert marshal.loads(entry.read_bytes())[1] == str(tmp_path / "mine.csl")


def test_processes_filling_the_cache_at_once_all_print_the_same(tmp_path: Path, cache: Path):
    path = tmp_path / "mine.csl"
    path.write_text(style("A: "), encoding="utf-8")
    env = dict(os.environ)  # the cache fixture's folder
    subprocess.run([sys.executable, "-m", "citekit", "list"], env=env, check=True, capture_output=True)
    calls = [subprocess.Popen([sys.executable, "-m", "citekit", "cite", "--style", str(path)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [call.communicate() + (call.returncode,) for call in calls]
    assert results == [("A: " + TITLE, "", 0)] * 4
    entries = sorted(entry.name for entry in cache.iterdir())
    assert [name.split("-")[0] for name in entries] == ["locales", "mine"]  # no temporary file left
    status = path.stat()
    assert tree_cache.load(str(path), status.st_mtime_ns, status.st_size, True) is not None
