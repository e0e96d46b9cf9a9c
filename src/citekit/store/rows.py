"""How a record is stored: its row in ``records`` (the CSL-JSON and the columns derived from it for
queries) and its row in the full-text index ``records_fts``, which has the record's rowid.

Every function takes a connection inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from citekit.errors import StoreError
from citekit.model import Record, display_name, record_from_csl_json

INDEX_COLUMNS = ("key", "title", "authors", "container", "abstract", "keywords")


def stored_record(csl_json: str) -> Record:
    """The record of a stored row; :class:`StoreError` if the row was damaged outside citekit."""
    # Stored records were validated on the way in; the store trusts them, but for their JSON.
    try:
        return Record(json.loads(csl_json))
    except ValueError:
        raise StoreError("a stored record is not JSON: `citekit doctor` names it") from None


def record_columns(record: Record) -> dict[str, object]:
    """The ``records`` row of a record: its key, the columns queries use, and the CSL-JSON."""
    authors = record.names("author") or record.names("editor")
    return {
        "key": record.key,
        "type": record.type,
        "title": record.get("title"),
        "first_author": display_name(authors[0]) if authors else None,
        "year": record.year,
        "doi": record.get("DOI"),
        "csl_json": json.dumps(dict(record), ensure_ascii=False),  # json.dumps only reads: no deep copy
    }


def index_columns(record: Record) -> tuple[str | None, ...]:
    """The ``records_fts`` row of a record, in the order of :data:`INDEX_COLUMNS`."""
    authors = record.names("author") or record.names("editor")
    return (record.key, record.get("title"), "; ".join(display_name(name) for name in authors),
            record.get("container-title"), record.get("abstract"), record.get("keyword"))


def write_records(db: sqlite3.Connection, records: Iterable[Record]) -> None:
    """Insert records, or update those whose key is there (in place, so their tags stay)."""
    for record in records:
        db.execute(
            "INSERT INTO records (key, type, title, first_author, year, doi, csl_json)"
            " VALUES (:key, :type, :title, :first_author, :year, :doi, :csl_json)"
            " ON CONFLICT (key) DO UPDATE SET type = :type, title = :title,"
            " first_author = :first_author, year = :year, doi = :doi, csl_json = :csl_json,"
            " modified = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            record_columns(record),
        )
        index_record(db, record)


def rename_record(db: sqlite3.Connection, record: Record, new_key: str) -> None:
    """Give a record a new key; its tags follow (ON UPDATE CASCADE)."""
    renamed = with_key(record, new_key)
    db.execute(
        "UPDATE records SET key = :key, csl_json = :csl_json,"
        " modified = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE key = :old",
        {**record_columns(renamed), "old": record.key},
    )
    index_record(db, renamed)


def index_record(db: sqlite3.Connection, record: Record) -> None:
    """(Re)write the record's row of the full-text index, which shares the record's rowid."""
    rowid = db.execute("SELECT rowid FROM records WHERE key = ?", (record.key,)).fetchone()[0]
    db.execute("DELETE FROM records_fts WHERE rowid = ?", (rowid,))
    db.execute(f"INSERT INTO records_fts (rowid, {', '.join(INDEX_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (rowid, *index_columns(record)))


def reindex(db: sqlite3.Connection) -> None:
    """Rebuild the whole full-text index from the records (a record damaged outside citekit is left out)."""
    db.execute("DELETE FROM records_fts")
    for (csl_json,) in db.execute("SELECT csl_json FROM records").fetchall():
        try:
            record = stored_record(csl_json)
        except StoreError:
            continue  # `citekit doctor` reports it
        index_record(db, record)


def delete_records(db: sqlite3.Connection, keys: Iterable[str]) -> None:
    """Delete records, their index rows and (ON DELETE CASCADE) their tags."""
    for key in keys:
        db.execute("DELETE FROM records_fts WHERE rowid = (SELECT rowid FROM records WHERE key = ?)", (key,))
        db.execute("DELETE FROM records WHERE key = ?", (key,))


def with_key(record: Record, key: str) -> Record:
    """The record under another key (itself when the key is the same)."""
    return record if record.key == key else record_from_csl_json({**record.to_csl_json(), "id": key}, key)
