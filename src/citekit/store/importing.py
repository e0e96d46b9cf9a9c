"""Bringing records into a library: duplicates found, keys made unique, one transaction.

A record is a duplicate of one in the library with the same DOI, or else with
the same title, year and first author (compared without case, accents or
punctuation). What happens to a duplicate is the caller's choice: ``skip`` it,
``update`` the library's record (its key stays), or ``keep-both``. A record
whose key is taken by another record, or that has no usable key, gets a new
key from the pattern (``authoryearword``); a key once given is never changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from citekit.keys import make_key
from citekit.model import Record
from citekit.store.rows import with_key

ON_DUPLICATE = ("skip", "update", "keep-both")


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do): ``(key, source key)`` pairs and reasons."""

    added: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source key, reason)


def plan_import(library_records: Iterable[Record], records: Iterable[Record], report: ImportReport,
                on_duplicate: str = "skip", pattern: str = "authoryearword") -> Iterator[Record]:
    """The records to write (new keys given, duplicates resolved), one at a time, as ``records``
    come; ``report`` is filled as they go. Only keys and duplicate signatures are kept, so an
    import of any size streams through."""
    existing = _Index()
    taken = set()
    for record in library_records:
        existing.add(record)
        taken.add(record.key)
    for record in records:
        duplicate = existing.find(record)
        if duplicate is not None and on_duplicate == "skip":
            report.skipped.append((record.key, f"duplicate of {duplicate}"))
            continue
        if duplicate is not None and on_duplicate == "update":
            report.updated.append((duplicate, record.key))
            yield with_key(record, duplicate)
            continue
        key = record.key if record.key not in taken else make_key(record, taken, pattern)
        taken.add(key)
        new = with_key(record, key)
        existing.add(new)
        report.added.append((key, record.key))
        yield new


def plan_rekey(library_keys: Sequence[str], records: Sequence[Record], pattern: str) -> list[tuple[str, str]]:
    """``(old, new)`` keys that ``pattern`` gives ``records``; keys that stay are left out."""
    renamed = {record.key for record in records}
    taken = {key for key in library_keys if key not in renamed}
    changes = []
    for record in records:
        key = make_key(record, taken, pattern)
        taken.add(key)
        if key != record.key:
            changes.append((record.key, key))
    return changes


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is exactly str.isalnum() and the underscore


def _normal(text: object) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return _NOT_ALNUM.sub("", decomposed)


def _first_family(record: Record) -> str:
    names = record.names("author") or record.names("editor")
    return _normal(names[0].get("family") or names[0].get("literal")) if names else ""


class _Index:
    """The library's records by DOI and by title, year and first author."""

    def __init__(self) -> None:
        self._by_doi: dict[str, str] = {}
        self._by_work: dict[tuple[str, int | None, str], str] = {}

    def add(self, record: Record) -> None:
        """Know one more record (so that a file cannot import the same work twice either)."""
        if record.get("DOI"):
            self._by_doi.setdefault(str(record["DOI"]).lower(), record.key)
        if record.get("title"):
            self._by_work.setdefault(self._work(record), record.key)

    def find(self, record: Record) -> str | None:
        """The key of a record this one duplicates, if any."""
        if record.get("DOI") and str(record["DOI"]).lower() in self._by_doi:
            return self._by_doi[str(record["DOI"]).lower()]
        return self._by_work.get(self._work(record)) if record.get("title") else None

    @staticmethod
    def _work(record: Record) -> tuple[str, int | None, str]:
        return _normal(record.get("title")), record.year, _first_family(record)
