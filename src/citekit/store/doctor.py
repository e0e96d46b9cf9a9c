"""A library's health: SQLite's own checks, the full-text index, orphaned rows, invalid records.

:func:`examine` finds problems; :func:`repair` mends the ones that lose nothing (the index
and the query columns are rebuilt from the records' CSL-JSON, tags of no record are dropped).
A record that is not valid CSL-JSON, or a file SQLite finds damaged, is reported, not
touched: only a person (``citekit edit``, ``remove``, a backup) can decide what it should be.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from citekit.errors import InvalidRecordError
from citekit.model import Diagnostics, record_from_csl_json
from citekit.store.rows import (INDEX_COLUMNS, index_columns, record_columns, reindex, stored_record,
                                write_records)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a library; ``fixable`` when :func:`repair` can mend it safely."""

    check: str  # integrity, tags, index, columns, records
    message: str
    fixable: bool


def examine(db: sqlite3.Connection) -> list[Problem]:
    """Every problem found, the file's own integrity first (a damaged file is not read further)."""
    try:
        damaged = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"]
    except sqlite3.DatabaseError as error:
        damaged = [str(error)]
    if damaged:
        return [Problem("integrity", message, fixable=False) for message in damaged]
    return _orphaned_tags(db) + _index_problems(db) + _record_problems(db)


def repair(db: sqlite3.Connection, problems: list[Problem]) -> list[str]:
    """Mend the fixable problems; what was done, one line each."""
    done = []
    checks = {problem.check for problem in problems if problem.fixable}
    if "tags" in checks:
        count = db.execute("DELETE FROM tags WHERE key NOT IN (SELECT key FROM records)").rowcount
        done.append(f"removed {count} tags of records that do not exist")
    if "columns" in checks:
        valid = [stored_record(csl_json) for key, csl_json in db.execute("SELECT key, csl_json FROM records")
                 if _invalid(key, csl_json) is None]
        write_records(db, valid)
        done.append(f"rewrote the query columns and index rows of {len(valid)} records from their CSL-JSON")
    if "index" in checks:
        reindex(db)
        done.append("rebuilt the full-text index from the records")
    return done


def _orphaned_tags(db: sqlite3.Connection) -> list[Problem]:
    rows = db.execute("SELECT DISTINCT key FROM tags WHERE key NOT IN (SELECT key FROM records)").fetchall()
    return [Problem("tags", f"tags of a record that does not exist: {key}", fixable=True) for (key,) in rows]


def _index_problems(db: sqlite3.Connection) -> list[Problem]:
    try:
        db.execute("INSERT INTO records_fts (records_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as error:
        return [Problem("index", f"the full-text index is damaged: {error}", fixable=True)]
    columns = ", ".join(INDEX_COLUMNS)
    indexed = {rowid: row for rowid, *row in db.execute(f"SELECT rowid, {columns} FROM records_fts")}
    problems = []
    for rowid, key, csl_json in db.execute("SELECT rowid, key, csl_json FROM records"):
        row = indexed.pop(rowid, None)
        if _invalid(key, csl_json) is not None:
            continue  # reported as a record problem; the index follows once it is corrected
        if row is None:
            problems.append(Problem("index", f"record {key} is not in the full-text index", fixable=True))
        elif tuple(row) != index_columns(stored_record(csl_json)):
            problems.append(Problem("index", f"the full-text row of {key} differs from the record",
                                    fixable=True))
    problems += [Problem("index", f"a full-text row for no record: {row[0]}", fixable=True)
                 for row in indexed.values()]
    return problems


def _record_problems(db: sqlite3.Connection) -> list[Problem]:
    problems = []
    for key, type_, title, first_author, year, doi, csl_json in db.execute(
            "SELECT key, type, title, first_author, year, doi, csl_json FROM records ORDER BY key"):
        reason = _invalid(key, csl_json)
        if reason is not None:
            remedy = "remove it" if reason.startswith("not JSON") else f"correct it with `citekit edit {key}`"
            problems.append(Problem("records", f"record {key}: {reason}; {remedy}", fixable=False))
            continue
        expected = record_columns(stored_record(csl_json))
        stored = {"key": key, "type": type_, "title": title, "first_author": first_author, "year": year,
                  "doi": doi, "csl_json": expected["csl_json"]}
        if stored != expected:
            problems.append(Problem("columns", f"the query columns of {key} differ from its CSL-JSON",
                                    fixable=True))
    return problems


def _invalid(key: str, csl_json: str) -> str | None:
    """Why a stored row is not a valid record under its key, or None."""
    try:
        record = record_from_csl_json(json.loads(csl_json), key, Diagnostics())
    except ValueError as error:
        return f"not JSON ({error})"
    except InvalidRecordError as error:
        return f"field '{error.field}': {error.reason}" if error.field else error.reason
    if record.key != key:
        return f"its id is {record.key!r}"
    return None
