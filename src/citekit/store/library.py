"""The library on SQLite: records in, records out, every write one transaction."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Self

from citekit.errors import DuplicateKeyError, RecordNotFoundError, StoreError
from citekit.folders import user_folder
from citekit.model import Record
from citekit.store.rows import delete_records, reindex, rename_record, stored_record, write_records
from citekit.store.schema import INDEX_KEYED_BY_ROWID, MIGRATIONS, SCHEMA_VERSION

# Searching, importing, the doctor and the first record are imported by the methods that use
# them: a command that only reads records by key starts without them.
if TYPE_CHECKING:
    from citekit.store.doctor import Problem
    from citekit.store.importing import ImportReport

LIBRARY_ENV = "CITEKIT_LIBRARY"
# How long a write waits for another process's write to finish before it gives up.
BUSY_TIMEOUT_MS = 60_000


def default_library_path() -> Path:
    """``$CITEKIT_LIBRARY`` if set, else ``library.sqlite`` in the user data folder."""
    override = os.environ.get(LIBRARY_ENV)
    if override:
        return Path(override).expanduser()
    return user_folder("data") / "library.sqlite"


class Library:
    """A citekit library file. Open with :meth:`open`; use as a context manager.

    A new file is created with the current schema and seeded with the default
    article in one transaction; a newer one is refused, unchanged; an older one is
    copied whole beside itself (:attr:`backup`) and then migrated in one transaction.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self.backup: Path | None = None  # the copy made before this open migrated the file

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Library:
        """Open (creating on first use) the library at ``path`` or the default location."""
        library_path = Path(path) if path is not None else default_library_path()
        try:
            library_path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(library_path, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the library {library_path}: {_reason(error)}") from None
        library = cls(connection, library_path)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = library._version()  # before anything that could write to a newer file
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA foreign_keys = ON")  # tags follow their record
            if 0 < version < SCHEMA_VERSION:
                library.backup = library._back_up(version)
            library._migrate()
        except sqlite3.Error as error:
            connection.close()
            raise StoreError(f"cannot open the library {library_path}: {_reason(error)}") from None
        except BaseException:
            connection.close()
            raise
        return library

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            raise StoreError(f"library {self.path}: {_reason(error)}") from None

    def _version(self) -> int:
        """The schema version of the file; :class:`StoreError` if a newer citekit made it."""
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the library {self.path} has schema version {version}, made by a newer "
                f"citekit (this one knows up to {SCHEMA_VERSION}); it was not changed"
            )
        return version

    def _back_up(self, version: int) -> Path:
        """Copy the whole file (a consistent snapshot, WAL included) beside it, before a migration."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.v{version}-{stamp}.backup")
        copy = sqlite3.connect(target)
        try:
            self._db.backup(copy)
        finally:
            copy.close()
        return target

    def _migrate(self) -> None:
        with self._transaction() as db:
            version = self._version()  # again, inside the write lock: another process may have migrated
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    db.execute(statement)
            if 0 < version < INDEX_KEYED_BY_ROWID:
                reindex(db)
            if version == 0:
                from citekit.seed import default_records

                write_records(db, default_records())
            if version < SCHEMA_VERSION:
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # Reading ---------------------------------------------------------------

    def __len__(self) -> int:
        return self._query("SELECT count(*) FROM records")[0][0]

    def __contains__(self, key: object) -> bool:
        return bool(self._query("SELECT 1 FROM records WHERE key = ?", (key,)))

    def keys(self) -> list[str]:
        """Every citation key, sorted."""
        return [row[0] for row in self._query("SELECT key FROM records ORDER BY key")]

    def records(self) -> list[Record]:
        """Every record, sorted by key."""
        return list(self._each_record())

    def _each_record(self) -> Iterator[Record]:
        """Every record, sorted by key, read one at a time."""
        try:
            for (csl_json,) in self._db.execute("SELECT csl_json FROM records ORDER BY key"):
                yield stored_record(csl_json)
        except sqlite3.Error as error:
            raise StoreError(f"library {self.path}: {_reason(error)}") from None

    def get(self, key: str) -> Record:
        """The record with this key; :class:`RecordNotFoundError` if there is none."""
        return self.get_many([key])[0]

    def get_many(self, keys: Iterable[str]) -> list[Record]:
        """The records with these keys, in the order given (duplicates removed).

        Raises :class:`RecordNotFoundError` naming every missing key.
        """
        wanted = list(dict.fromkeys(keys))
        found = self.lookup(wanted)
        missing = [key for key in wanted if key not in found]
        if missing:
            raise RecordNotFoundError(missing, f"the library {self.path}")
        return [found[key] for key in wanted]

    def lookup(self, keys: Iterable[str]) -> dict[str, Record]:
        """The records of those ``keys`` that are in the library, by key (a missing key is left out)."""
        found = {}
        for key in dict.fromkeys(keys):
            rows = self._query("SELECT csl_json FROM records WHERE key = ?", (key,))
            if rows:
                found[key] = stored_record(rows[0][0])
        return found

    def find(self, query: str, limit: int | None = None) -> list[Record]:
        """The records ``query`` selects, best first (see :mod:`citekit.store.query`).

        An empty query selects every record, by key.
        """
        from citekit.store.query import compile_query

        compiled = compile_query(query, limit)
        return [stored_record(row[0]) for row in self._query(compiled.sql, compiled.parameters)]

    def tags(self, keys: Iterable[str] | None = None) -> dict[str, list[str]]:
        """The tags of ``keys`` (default: every record), sorted; records without tags map to ``[]``."""
        if keys is None:
            wanted, rows = self.keys(), self._query("SELECT key, tag FROM tags ORDER BY key, tag")
        else:
            # Only the tags of these keys, each found in the tags' primary key (a search's 100 records
            # need not read every tag in the library).
            wanted = list(dict.fromkeys(keys))
            rows = self._query("SELECT tags.key, tags.tag FROM json_each(?) wanted"
                               " JOIN tags ON tags.key = wanted.value ORDER BY tags.key, tags.tag",
                               (json.dumps(wanted),))
        found: dict[str, list[str]] = {key: [] for key in wanted}
        for key, tag in rows:
            if key in found:  # not a tag of no record (damage `citekit doctor` reports)
                found[key].append(tag)
        return found

    def examine(self) -> list[Problem]:
        """What is wrong with the library (see :mod:`citekit.store.doctor`); empty when all is well."""
        from citekit.store import doctor

        try:
            return doctor.examine(self._db)
        except sqlite3.Error as error:
            raise StoreError(f"library {self.path}: {_reason(error)}") from None

    def repair(self) -> list[str]:
        """Mend what :meth:`examine` finds that can be mended safely, in one transaction; what was done."""
        from citekit.store import doctor

        with self._transaction() as db:
            return doctor.repair(db, doctor.examine(db))

    def _query(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"library {self.path}: {_reason(error)}") from None

    # Writing ---------------------------------------------------------------

    def add(self, records: Iterable[Record], replace: bool = False) -> list[str]:
        """Add records in one transaction; returns their keys.

        Without ``replace``, keys already in the library raise
        :class:`DuplicateKeyError` and nothing is written.
        """
        records = list(records)
        keys = [record.key for record in records]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise DuplicateKeyError(repeated)
        with self._transaction() as db:
            if not replace:
                taken = [key for key in keys if _exists(db, key)]
                if taken:
                    raise DuplicateKeyError(taken)
            write_records(db, records)
        return keys

    def update(self, record: Record) -> None:
        """Replace the record with the same key (its tags stay); :class:`RecordNotFoundError` if none."""
        with self._transaction() as db:
            if not _exists(db, record.key):
                raise RecordNotFoundError([record.key], f"the library {self.path}")
            write_records(db, [record])

    def tag(self, keys: Iterable[str], add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
        """Add and remove tags of records, in one transaction; a missing key changes nothing and raises."""
        keys = list(dict.fromkeys(keys))
        with self._transaction() as db:
            missing = [key for key in keys if not _exists(db, key)]
            if missing:
                raise RecordNotFoundError(missing, f"the library {self.path}")
            for key in keys:
                db.executemany("INSERT OR IGNORE INTO tags (key, tag) VALUES (?, ?)", [(key, t) for t in add])
                db.executemany("DELETE FROM tags WHERE key = ? AND tag = ?", [(key, t) for t in remove])

    def import_records(self, records: Iterable[Record], on_duplicate: str = "skip",
                       pattern: str = "authoryearword", dry_run: bool = False) -> ImportReport:
        """Bring records in, in one transaction: duplicates skipped, updated or kept, keys made unique.

        ``records`` may be a generator: each is written as it comes, so an import of any size
        streams; an exception it raises rolls the whole import back. See
        :mod:`citekit.store.importing`. With ``dry_run`` nothing is written.
        """
        from citekit.store.importing import ImportReport, plan_import

        report = ImportReport()
        with self._transaction() as db:
            for record in plan_import(self._each_record(), records, report, on_duplicate, pattern):
                if not dry_run:
                    write_records(db, [record])
        return report

    def rekey(self, keys: Iterable[str] = (), pattern: str = "authoryearword",
              dry_run: bool = False) -> list[tuple[str, str]]:
        """Give records (default: all) the key ``pattern`` makes, in one transaction.

        Returns ``(old, new)`` for each key that changes; a missing key changes nothing and raises.
        """
        from citekit.store.importing import plan_rekey

        with self._transaction() as db:
            records = self.get_many(keys) if keys else self.records()
            changes = plan_rekey(self.keys(), records, pattern)
            if not dry_run and changes:
                renamed = dict(changes)
                for record in records:
                    if record.key in renamed:
                        rename_record(db, record, renamed[record.key])
        return changes

    def remove(self, keys: Iterable[str]) -> list[str]:
        """Remove records in one transaction; a missing key removes nothing and raises."""
        keys = list(dict.fromkeys(keys))
        with self._transaction() as db:
            missing = [key for key in keys if not _exists(db, key)]
            if missing:
                raise RecordNotFoundError(missing, f"the library {self.path}")
            delete_records(db, keys)
        return keys


def _exists(db: sqlite3.Connection, key: str) -> bool:
    return db.execute("SELECT 1 FROM records WHERE key = ?", (key,)).fetchone() is not None


def _reason(error: BaseException) -> str:
    if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
        return (f"busy: another process kept it locked for over {BUSY_TIMEOUT_MS // 1000} s; "
                "nothing was written")
    return getattr(error, "strerror", None) or str(error)
