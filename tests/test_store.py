"""The SQLite library: creation, seeding, migrations, transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from citekit.errors import DuplicateKeyError, RecordNotFoundError, StoreError
from citekit.model import record_from_csl_json
from citekit.store import Library, default_library_path
from citekit.store.schema import SCHEMA_VERSION


def book(key: str, title: str = "A Book") -> object:
    return record_from_csl_json({"id": key, "type": "book", "title": title}, "test")


def test_new_library_is_seeded_with_the_default_article(tmp_path: Path):
    path = tmp_path / "deep" / "folder" / "lib.sqlite"
    with Library.open(path) as library:
        assert library.keys() == ["miknevicius2021soviet"]
        record = library.get("miknevicius2021soviet")
    assert record["title"] == "Soviet Armed Forces in Lithuania in 1939–1941"
    assert record["custom"]["license"] == "https://creativecommons.org/licenses/by/4.0/"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT key, type, first_author, year FROM records").fetchall() == [
        ("miknevicius2021soviet", "article-journal", "Miknevičius, Gintautas", 2021)
    ]
    # The FTS index ignores diacritics, for `citekit search` later.
    assert db.execute(
        "SELECT key FROM records_fts WHERE records_fts MATCH 'authors:miknevicius AND occupation'"
    ).fetchall() == [("miknevicius2021soviet",)]


def test_removed_default_article_is_not_seeded_again(tmp_path: Path):
    path = tmp_path / "lib.sqlite"
    with Library.open(path) as library:
        library.remove(["miknevicius2021soviet"])
    with Library.open(path) as library:
        assert len(library) == 0


def test_add_get_remove(tmp_path: Path):
    with Library.open(tmp_path / "lib.sqlite") as library:
        assert library.add([book("b"), book("a")]) == ["b", "a"]
        assert [r.key for r in library.get_many(["b", "a"])] == ["b", "a"]
        assert library.keys() == ["a", "b", "miknevicius2021soviet"]
        assert library.remove(["a", "b"]) == ["a", "b"]
        assert "a" not in library


def test_duplicate_key_writes_nothing(tmp_path: Path):
    with Library.open(tmp_path / "lib.sqlite") as library:
        library.add([book("a")])
        with pytest.raises(DuplicateKeyError, match="key is already in the library: a"):
            library.add([book("new"), book("a", "Changed")])
        assert library.keys() == ["a", "miknevicius2021soviet"]
        assert library.get("a")["title"] == "A Book"
        library.add([book("a", "Changed")], replace=True)
        assert library.get("a")["title"] == "Changed"


def test_missing_keys_are_all_named_and_nothing_is_removed(tmp_path: Path):
    path = tmp_path / "lib.sqlite"
    with Library.open(path) as library:
        with pytest.raises(RecordNotFoundError) as error:
            library.remove(["miknevicius2021soviet", "x", "y"])
        assert str(error.value) == f"keys not in the library {path}: x, y"
        assert len(library) == 1


def test_library_from_a_newer_citekit_is_refused_and_unchanged(tmp_path: Path):
    path = tmp_path / "lib.sqlite"
    Library.open(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="made by a newer citekit"):
        Library.open(path)
    assert path.read_bytes() == before


def test_unusable_paths_raise_store_errors(tmp_path: Path):
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("hello, this is not SQLite\n" * 100)
    with pytest.raises(StoreError, match="file is not a database"):
        Library.open(not_a_database)
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match=f"cannot open the library {blocker}/lib.sqlite"):
        Library.open(blocker / "lib.sqlite")


def test_default_path_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("CITEKIT_LIBRARY", str(tmp_path / "x.sqlite"))
    assert default_library_path() == tmp_path / "x.sqlite"
    monkeypatch.delenv("CITEKIT_LIBRARY")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_library_path() == tmp_path / "citekit" / "library.sqlite"
