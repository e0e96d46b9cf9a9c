"""The selection language of ``citekit search`` and ``--where``, compiled to SQL over the library.

A query is words and ``field:value`` filters, all of which must hold::

    soviet occupation author:miknevicius year:2019..2021 type:article-journal tag:thesis -tag:draft

Words and the text fields (``title``, ``author``, ``container``, ``abstract``,
``keyword``) go to the full-text index: case and accents are ignored and each
word matches the start of a word (``miknev`` finds Miknevičius); ``"two words"``
is a phrase. ``year`` takes ``2021``, ``2019..2021`` (or ``2019-2021``), ``>2019``,
``<=2021``; ``type``, ``tag``, ``key`` and ``doi`` are exact (``key:smith*`` is a
prefix). A ``-`` before a word or filter excludes what it matches. Results are
ranked by relevance (BM25, title first) when the query has words, else by key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.errors import CitekitError, ExitCode

# Query field → full-text column (the index is ``records_fts``; see schema.py).
TEXT_FIELDS = {
    "title": "title", "author": "authors", "editor": "authors", "container": "container",
    "journal": "container", "abstract": "abstract", "keyword": "keywords", "keywords": "keywords",
}
EXACT_FIELDS = ("year", "type", "tag", "key", "doi")
FIELDS = tuple(sorted([*TEXT_FIELDS, *EXACT_FIELDS]))
# Column weights for ranking, in the index's column order (key, title, authors, container,
# abstract, keywords): a word in the title counts most.
_BM25 = "bm25(records_fts, 0.0, 10.0, 5.0, 2.0, 1.0, 3.0)"
_TERM = re.compile(r'(-?)(?:([A-Za-z]+):)?("[^"]*"?|\S*)')
_YEARS = re.compile(r"(\d{1,4})(?:\s*(?:\.\.|-|–)\s*(\d{1,4}))?$")
_COMPARISON = re.compile(r"(<=|>=|<|>)(\d{1,4})$")
# A comparison is a range with both ends (SQLite's widest integers): SQLite's planner, which has no
# statistics, reads a range with two ends from the year index, where for one end it may scan every
# record in key order looking for the few that match.
_EARLIEST, _LATEST = -(2**63), 2**63 - 1


class QueryError(CitekitError):
    """A query that cannot be understood; the message says which part and why."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Term:
    """One part of a query: a word or phrase (``field`` None), or a filter."""

    field: str | None
    value: str
    excluded: bool = False


@dataclass(frozen=True)
class CompiledQuery:
    """SQL for the records a query selects: ``SELECT csl_json ... ORDER BY ...`` and its parameters."""

    sql: str
    parameters: tuple[str | int, ...]


def parse_query(text: str) -> list[Term]:
    """The terms of a query; :class:`QueryError` names an unknown field or an empty value."""
    terms = []
    for match in _TERM.finditer(text):
        if not match.group(0):
            continue
        excluded, field, value = bool(match.group(1)), match.group(2), match.group(3)
        if field is not None:
            field = field.lower()
            if field not in TEXT_FIELDS and field not in EXACT_FIELDS:
                raise QueryError(f"query {text!r}: unknown field '{field}:' (known: {', '.join(FIELDS)})")
        value = value[1:].removesuffix('"') if value.startswith('"') else value
        if not value.strip():
            if field is None:
                continue
            raise QueryError(f"query {text!r}: '{field}:' needs a value")
        terms.append(Term(field, value, excluded))
    return terms


def compile_query(text: str, limit: int | None = None) -> CompiledQuery:
    """The SQL selecting the records that match ``text``, best first."""
    conditions: list[str] = []
    parameters: list[str | int] = []
    ranked: list[str] = []
    for term in parse_query(text):
        if term.field is None or term.field in TEXT_FIELDS:
            expression = _fts_expression(term)
            if not term.excluded:
                ranked.append(expression)
                continue
            conditions.append("r.rowid NOT IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")
            parameters.append(expression)
            continue
        condition, values = _exact_condition(term, text)
        conditions.append(f"NOT ({condition})" if term.excluded else condition)
        parameters += values
    columns, source, order = "r.rowid, r.key", "records r", ["key"]
    if ranked:
        # One MATCH of all positive words, so that BM25 ranks on all of them at once. The matches
        # drive the query (CROSS JOIN keeps them the outer loop) and find their records by rowid,
        # never reading the index's own copy of the text.
        source = (f"(SELECT rowid, {_BM25} AS rank FROM records_fts WHERE records_fts MATCH ?) m"
                  " CROSS JOIN records r ON r.rowid = m.rowid")
        parameters.insert(0, " AND ".join(ranked))
        columns += ", m.rank"
        order.insert(0, "rank")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    chosen = f"SELECT {columns} FROM {source}{where}"
    if limit is not None:
        # Ordered and cut on the keys alone: only the CSL-JSON of the rows kept is read.
        chosen += f" ORDER BY {', '.join(order)} LIMIT ?"
        parameters.append(limit)
    sql = (f"SELECT records.csl_json FROM ({chosen}) chosen"
           " CROSS JOIN records ON records.rowid = chosen.rowid"
           f" ORDER BY {', '.join('chosen.' + name for name in order)}")
    return CompiledQuery(sql, tuple(parameters))


def _fts_expression(term: Term) -> str:
    """An FTS5 query for one word or phrase: quoted (so its punctuation is text), matching word starts."""
    quoted = '"' + term.value.removesuffix("*").replace('"', '""') + '"*'
    if term.field is None:
        return quoted
    return f"{{{TEXT_FIELDS[term.field]}}} : {quoted}"


def _exact_condition(term: Term, query: str) -> tuple[str, list[str | int]]:
    value = term.value
    if term.field == "year":
        return _year_condition(value, query)
    if term.field == "tag":
        return "r.key IN (SELECT key FROM tags WHERE tag = ?)", [value]  # by the tag's index
    column = {"type": "r.type", "key": "r.key", "doi": "r.doi"}[str(term.field)]
    if value.endswith("*"):
        # A prefix: LIKE with its own wildcards escaped, so only the trailing * is one.
        escaped = value[:-1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{column} LIKE ? ESCAPE '\\'", [escaped + "%"]
    return f"{column} = ?", [value]


def _year_condition(value: str, query: str) -> tuple[str, list[str | int]]:
    comparison = _COMPARISON.match(value)
    years = _YEARS.match(value)
    if comparison is not None:
        operator, year = comparison.group(1), int(comparison.group(2))
        first, last = {"<": (_EARLIEST, year - 1), "<=": (_EARLIEST, year),
                       ">": (year + 1, _LATEST), ">=": (year, _LATEST)}[operator]
    elif years is not None:
        first = int(years.group(1))
        last = int(years.group(2)) if years.group(2) else first
    else:
        raise QueryError(f"query {query!r}: year:{value} is not a year (2021), a range (2019..2021) "
                         "or a comparison (>2019)")
    return "r.year BETWEEN ? AND ?", [min(first, last), max(first, last)]
