"""A library survives: migrations with a backup, `citekit doctor`, kill -9 mid-import, two writers."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, run

from citekit.errors import StoreError
from citekit.formats import read_csl_json
from citekit.model import Diagnostics
from citekit.store import Library, library as library_module
from citekit.store.rows import write_records
from citekit.store.schema import MIGRATIONS, SCHEMA_VERSION

KEY = "miknevicius2021soviet"


def make_records(count: int, prefix: str) -> list[dict]:
    """``count`` distinct CSL-JSON articles (different titles, so none is a duplicate)."""
    return [{"id": f"{prefix}{n:05d}", "type": "article-journal", "title": f"Finding number {n} of {prefix}",
             "author": [{"family": f"Author{n % 97}", "given": "Test"}], "container-title": "Journal",
             "issued": {"date-parts": [[1950 + n % 70]]}, "page": f"{n}-{n + 9}"} for n in range(count)]


def write_records_file(path: Path, records: list[dict]) -> Path:
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def citekit(*args: str, library: Path, **kwargs) -> subprocess.Popen:
    """citekit in a process of its own (what a pipeline or a second terminal runs)."""
    env = {**os.environ, "CITEKIT_LIBRARY": str(library)}
    return subprocess.Popen([sys.executable, "-m", "citekit", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def count(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM records").fetchone()[0]


# Migrations -------------------------------------------------------------------------------------

def make_version_1(path: Path) -> None:
    db = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("INSERT INTO records (key, type, title, csl_json) VALUES ('old', 'book', 'Old',"
               " '{\"id\": \"old\", \"type\": \"book\", \"title\": \"Old\"}')")
    # Version 1 did not key the index by rowid: a stale row, and the record's under another rowid.
    db.execute("INSERT INTO records_fts (rowid, key, title) VALUES (7, 'gone', 'Stale')")
    db.execute("INSERT INTO records_fts (rowid, key, title) VALUES (9, 'old', 'Old')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()


def test_an_older_library_is_copied_then_migrated(tmp_path: Path):
    path = tmp_path / "lib.sqlite"
    make_version_1(path)
    result = run("--library", str(path), "list", "--format", "json")
    assert [item["id"] for item in json.loads(result.stdout)] == ["old"]
    (backup,) = tmp_path.glob("lib.sqlite.v1-*.backup")
    assert result.stderr == (f"citekit: warning: the library {path} was brought up to date for this citekit; "
                             f"a copy as it was is kept in {backup}\n")
    with sqlite3.connect(backup) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert db.execute("SELECT key FROM records").fetchall() == [("old",)]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        assert db.execute("SELECT rowid, key FROM records_fts").fetchall() == [(1, "old")]  # rebuilt
    assert run("--library", str(path), "list").stderr == ""  # once only
    with Library.open(path) as library:
        assert [record.key for record in library.find("old")] == ["old"]
        assert library.find("stale") == []
        library.tag(["old"], add=["kept"])
        assert library.tags() == {"old": ["kept"]}


def make_version_2(path: Path) -> None:
    """A library as citekit wrote it at version 2: the papers of tests/data, three of them tagged."""
    db = sqlite3.connect(path)
    for statements in MIGRATIONS[:2]:
        for statement in statements:
            db.execute(statement)
    text = (DATA / "papers" / "library.json").read_text(encoding="utf-8")
    write_records(db, read_csl_json(text, "library.json", Diagnostics()))  # the rows are as version 2's
    db.executemany("INSERT INTO tags (key, tag) VALUES (?, ?)", [
        ("knuth1984literate", "computing"), ("turing1936computable", "computing"),
        ("knuth1984literate", "typesetting")])
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()


def contents(path: Path) -> list[list[tuple]]:
    """Every row of the records, the tags and the full-text index."""
    with sqlite3.connect(path) as db:
        return [db.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
                for table in ("records", "records_fts")] + [db.execute("SELECT * FROM tags").fetchall()]


def schema(path: Path) -> set[tuple]:
    with sqlite3.connect(path) as db:
        return set(db.execute("SELECT type, name, sql FROM sqlite_master"))


def test_version_2_gains_the_search_indexes_and_loses_nothing(tmp_path: Path):
    path = tmp_path / "lib.sqlite"
    make_version_2(path)
    before = contents(path)
    with Library.open(path) as library:
        (backup,) = tmp_path.glob("lib.sqlite.v2-*.backup")
        assert library.backup == backup
        assert [[record.key for record in library.find(query)] for query in (
            "comput", "type:book", "year:>=1950", "year:<1900", "comput -tag:typesetting", "tag:computing",
            "doi:10.1038/171737A0", "doi:10.1002*", "key:t*")] == [
            ["hopper1952education", "turing1936computable", "knuth1984literate"],
            ["darwin1859origin", "lamport1994latex"],
            ["hopper1952education", "knuth1984literate", "lamport1994latex", "watson1953molecular"],
            ["curie1898nouvelle", "darwin1859origin"],
            ["hopper1952education", "turing1936computable"],
            ["knuth1984literate", "turing1936computable"],
            ["watson1953molecular"],
            ["einstein1905electrodynamics", "shannon1948mathematical"],
            ["turing1936computable"],
        ]
        assert library.examine() == []  # doctor: the index, the tags and the columns agree
    assert contents(path) == before
    assert contents(backup) == before
    Library.open(tmp_path / "new.sqlite").close()
    assert schema(path) == schema(tmp_path / "new.sqlite")  # as if made by this citekit
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 3
        assert db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'"
                          " AND sql IS NOT NULL ORDER BY name").fetchall() == [
            ("records_doi_key",), ("records_first_author",), ("records_type_key",), ("records_year_key",)]


def test_a_migration_that_fails_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "lib.sqlite"
    Library.open(path).close()
    broken = [*MIGRATIONS, ("CREATE TABLE later (x)", "CREATE TABLE records (x)")]  # the second fails
    monkeypatch.setattr(library_module, "MIGRATIONS", broken)
    monkeypatch.setattr(library_module, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StoreError, match="table records already exists"):
        Library.open(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'later'").fetchall() == []
        assert db.execute("SELECT key FROM records").fetchall() == [(KEY,)]
    assert len(list(tmp_path.glob(f"lib.sqlite.v{SCHEMA_VERSION}-*.backup"))) == 1


# citekit doctor ---------------------------------------------------------------------------------

def test_doctor_finds_mends_and_reports(library_path: Path):
    run("add", str(write_records_file(library_path.parent / "r.json", make_records(3, "r"))))
    assert (run("doctor").exit_code, run("doctor").stdout) == (0, f"no problems in {library_path}\n")
    with sqlite3.connect(library_path) as db:  # damage from outside citekit (foreign keys are off here)
        db.execute("INSERT INTO tags (key, tag) VALUES ('ghost', 'x')")
        db.execute("DELETE FROM records_fts WHERE key = 'r00001'")
        db.execute("UPDATE records SET year = 1111 WHERE key = 'r00002'")
        db.execute("UPDATE records SET csl_json = ? WHERE key = 'r00000'",
                   (json.dumps({"id": "r00000", "type": "novel"}),))
    result = run("doctor")
    assert (result.exit_code, result.stdout) == (1, (
        "tags: tags of a record that does not exist: ghost (citekit doctor --fix mends it)\n"
        "index: record r00001 is not in the full-text index (citekit doctor --fix mends it)\n"
        "records: record r00000: field 'type': 'novel' is not a CSL item type (e.g. 'article-journal', "
        "'book'); correct it with `citekit edit r00000`\n"
        "columns: the query columns of r00002 differ from its CSL-JSON (citekit doctor --fix mends it)\n"
        f"4 problems in {library_path}\n"))
    fixed = json.loads(run("doctor", "--fix", "--format", "json").stdout)
    assert fixed == {
        "library": str(library_path),
        "fixed": ["removed 1 tags of records that do not exist",
                  "rewrote the query columns and index rows of 3 records from their CSL-JSON",
                  "rebuilt the full-text index from the records"],
        "problems": [{"check": "records", "message": "record r00000: field 'type': 'novel' is not a CSL item "
                      "type (e.g. 'article-journal', 'book'); correct it with `citekit edit r00000`",
                      "fixable": False}],
    }
    assert [r["id"] for r in json.loads(run("search", "finding", "--format", "json").stdout)] == [
        "r00001", "r00002"]
    assert json.loads(run("list", "--where", "year:1952", "--format", "json").stdout)[0]["id"] == "r00002"
    run("remove", "--yes", "r00000")
    assert run("doctor").exit_code == 0


def test_doctor_reports_a_damaged_file(library_path: Path):
    run("list")
    with open(library_path, "r+b") as file:  # overwrite pages in the middle of the file
        file.seek(2 * 4096)
        file.write(b"\xff" * 4096)
    result = run("doctor")
    *damage, summary = result.stdout.splitlines()
    assert (result.exit_code, result.stderr) == (1, "")
    assert damage and all(line.startswith("integrity: ") for line in damage)
    assert summary == f"{len(damage)} problem{'s' if len(damage) > 1 else ''} in {library_path}"


# kill -9 in the middle of an import -------------------------------------------------------------

KILL_RUNS = 12


def test_a_killed_import_leaves_all_or_nothing(tmp_path: Path):
    """SIGKILL at random moments of an import of 10,000 records: the library always opens, passes
    SQLite's integrity check and `citekit doctor`, and holds either none or all of the import."""
    source = write_records_file(tmp_path / "big.json", make_records(10_000, "k"))
    base = tmp_path / "base.sqlite"
    Library.open(base).close()
    started = time.monotonic()
    complete = citekit("import", str(source), library=tmp_path / "timing.sqlite")
    assert complete.wait(timeout=300) == 0, complete.stderr.read()
    duration = time.monotonic() - started
    rng = random.Random(6)
    outcomes = []
    for run_number in range(KILL_RUNS):
        library = tmp_path / f"run{run_number}.sqlite"
        library.write_bytes(base.read_bytes())
        process = citekit("import", str(source), library=library)
        time.sleep(rng.uniform(0.05, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        with sqlite3.connect(library) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        with Library.open(library) as opened:
            assert opened.examine() == []
            outcomes.append(len(opened))
        assert outcomes[-1] in (1, 10_001), f"run {run_number}: {outcomes[-1]} records"


# Two writers ------------------------------------------------------------------------------------

def test_two_writers_lose_nothing(tmp_path: Path):
    """Two processes at once, each importing 3,000 records and editing and tagging one record 8
    times (one edits while the other imports): both succeed, waiting for each other, and every
    record, edit and tag is there."""
    library = tmp_path / "lib.sqlite"
    Library.open(library).close()
    env = {**os.environ, "CITEKIT_LIBRARY": str(library),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    edits = ("for n in 1 2 3 4 5 6 7 8; do citekit set {key} {field}={name}$n"
             " && citekit tag {key} +{name}$n >/dev/null || exit 1; done")
    scripts = {
        "a": f"citekit import {write_records_file(tmp_path / 'a.json', make_records(3000, 'a'))} && "
             + edits.format(key=KEY, field="note", name="a"),
        "b": edits.format(key=KEY, field="annote", name="b")
             + f" && citekit import {write_records_file(tmp_path / 'b.json', make_records(3000, 'b'))}",
    }
    writers = [subprocess.Popen(["sh", "-c", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for script in scripts.values()]
    for writer in writers:
        assert writer.wait(timeout=300) == 0, writer.stderr.read()
        assert "locked" not in writer.stderr.read()
    with Library.open(library) as opened:
        assert len(opened) == 6001
        record = opened.get(KEY)
        assert (record["note"], record["annote"]) == ("a8", "b8")
        assert opened.tags([KEY])[KEY] == sorted(f"{name}{n}" for name in "ab" for n in range(1, 9))
        assert opened.examine() == []
