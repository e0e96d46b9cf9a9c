"""The library's schema as numbered migrations; ``PRAGMA user_version`` is the number applied."""

from __future__ import annotations

# Migration N (1-based) brings a library from version N-1 to N, one statement
# at a time inside the caller's transaction. Never edit a migration that has
# shipped: append a new one.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE records (
            key          TEXT PRIMARY KEY,
            type         TEXT NOT NULL,
            title        TEXT,
            first_author TEXT,
            year         INTEGER,
            doi          TEXT COLLATE NOCASE,
            csl_json     TEXT NOT NULL,
            added        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            modified     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        )""",
        "CREATE INDEX records_type ON records (type)",
        "CREATE INDEX records_year ON records (year)",
        "CREATE INDEX records_doi ON records (doi)",
        "CREATE INDEX records_first_author ON records (first_author COLLATE NOCASE)",
        """CREATE VIRTUAL TABLE records_fts USING fts5 (
            key UNINDEXED, title, authors, container, abstract, keywords,
            tokenize = 'unicode61 remove_diacritics 2'
        )""",
    ),
    (
        # Tags are the user's own labels for records (what belongs to which paper); they follow a
        # record through renames and updates and go when it goes.
        """CREATE TABLE tags (
            key TEXT NOT NULL REFERENCES records (key) ON UPDATE CASCADE ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (key, tag)
        ) WITHOUT ROWID""",
        "CREATE INDEX tags_tag ON tags (tag)",
    ),
    (
        # Each exact filter's index also holds the key, so that a search by type, year or DOI finds
        # its records and their order (by key) in the index alone, not in the records' wide rows.
        "DROP INDEX records_type",
        "DROP INDEX records_year",
        "DROP INDEX records_doi",
        "CREATE INDEX records_type_key ON records (type, key)",
        "CREATE INDEX records_year_key ON records (year, key)",
        "CREATE INDEX records_doi_key ON records (doi, key)",
    ),
]

SCHEMA_VERSION = len(MIGRATIONS)

# From this version on, a record's row in records_fts has the record's rowid (found without a
# scan); a library migrated from before it has its full-text index rebuilt.
INDEX_KEYED_BY_ROWID = 2
