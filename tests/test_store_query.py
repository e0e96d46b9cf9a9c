"""Selecting records: the query language, full-text ranking, tags, and updates that keep tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.errors import RecordNotFoundError
from citekit.formats import read_csl_json
from citekit.model import Diagnostics, record_from_csl_json
from citekit.store import Library
from citekit.store.query import QueryError, Term, compile_query, parse_query

PAPERS = Path(__file__).parent / "data" / "papers"


@pytest.fixture
def library(tmp_path: Path):
    text = (PAPERS / "library.json").read_text(encoding="utf-8")
    with Library.open(tmp_path / "lib.sqlite") as opened:
        opened.add(read_csl_json(text, "library.json", Diagnostics()))
        opened.tag(["turing1936computable", "shannon1948mathematical", "knuth1984literate"],
                   add=["computing"])
        opened.tag(["knuth1984literate", "lamport1994latex"], add=["typesetting"])
        yield opened


def keys(library: Library, query: str) -> list[str]:
    return [record.key for record in library.find(query)]


def test_query_terms():
    assert parse_query('soviet Author:Miknev -tag:draft title:"armed forces" year:2019..2021') == [
        Term(None, "soviet"), Term("author", "Miknev"), Term("tag", "draft", excluded=True),
        Term("title", "armed forces"), Term("year", "2019..2021"),
    ]
    assert parse_query('"10.1002/andp:x" -') == [Term(None, "10.1002/andp:x")]


@pytest.mark.parametrize(("query", "message"), [
    ("autor:knuth", "query 'autor:knuth': unknown field 'autor:' (known: abstract, author, container, doi, "
                    "editor, journal, key, keyword, keywords, tag, title, type, year)"),
    ("tag:", "query 'tag:': 'tag:' needs a value"),
    ("year:recent", "query 'year:recent': year:recent is not a year (2021), a range (2019..2021) "
                    "or a comparison (>2019)"),
])
def test_bad_queries_are_usage_errors(library: Library, query: str, message: str):
    with pytest.raises(QueryError) as error:
        library.find(query)
    assert str(error.value) == message
    assert error.value.exit_code == 2


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["curie1898nouvelle", "darwin1859origin", "einstein1905electrodynamics", "hopper1952education",
          "knuth1984literate", "lamport1994latex", "miknevicius2021soviet", "shannon1948mathematical",
          "turing1936computable", "watson1953molecular"]),
    # Accents and case do not matter; a word matches the start of a word.
    ("author:miknevicius", ["miknevicius2021soviet"]),
    ("author:MIKNEV", ["miknevicius2021soviet"]),
    ("körper", ["einstein1905electrodynamics"]),
    ("korper", ["einstein1905electrodynamics"]),
    ("academie", ["curie1898nouvelle"]),
    ("author:curie author:marie", ["curie1898nouvelle"]),
    ('title:"theory of communication"', ["shannon1948mathematical"]),
    ('title:"communication theory"', []),
    ("occupation", ["miknevicius2021soviet"]),  # a keyword
    ("keyword:crimes", ["miknevicius2021soviet"]),
    ("abstract:neutral", ["miknevicius2021soviet"]),
    ("journal:nature", ["watson1953molecular"]),
    # Exact filters.
    ("year:1953", ["watson1953molecular"]),
    ("year:1900..1940", ["einstein1905electrodynamics", "turing1936computable"]),
    ("year:1940-1900", ["einstein1905electrodynamics", "turing1936computable"]),
    ("year:>=1984", ["knuth1984literate", "lamport1994latex", "miknevicius2021soviet"]),
    ("year:<1900", ["curie1898nouvelle", "darwin1859origin"]),
    ("type:book", ["darwin1859origin", "lamport1994latex"]),
    ("type:paper-conference", ["hopper1952education"]),
    ("tag:computing", ["knuth1984literate", "shannon1948mathematical", "turing1936computable"]),
    ("tag:computing -tag:typesetting", ["shannon1948mathematical", "turing1936computable"]),
    ("tag:computing tag:typesetting", ["knuth1984literate"]),
    ("key:k*", ["knuth1984literate"]),
    ("key:knuth1984literate", ["knuth1984literate"]),
    ("key:%*", []),  # LIKE's wildcards are text
    ("doi:10.1038/171737A0", ["watson1953molecular"]),
    ("-type:article-journal", ["darwin1859origin", "hopper1952education", "lamport1994latex"]),
    ("-of year:<1950", ["curie1898nouvelle", "einstein1905electrodynamics"]),
    ("type:book year:1994 latex", ["lamport1994latex"]),
])
def test_selection(library: Library, query: str, expected: list[str]):
    assert keys(library, query) == expected


def test_words_are_ranked_with_the_title_first(library: Library):
    # "computer" is in Hopper's title and in Knuth's journal; "comput" starts words in three
    # records: two titles (the shorter first) before a journal.
    assert keys(library, "computer") == ["hopper1952education", "knuth1984literate"]
    assert keys(library, "comput") == ["hopper1952education", "turing1936computable", "knuth1984literate"]
    assert [r.key for r in library.find("comput", limit=1)] == ["hopper1952education"]


@pytest.mark.parametrize(("query", "step"), [
    # Words: the full-text matches come first and find their records by rowid.
    ("comput -type:book -learning", "SEARCH r USING INTEGER PRIMARY KEY (rowid=?)"),
    # Filters: the index holds the key too, so the records' rows are read only for what is returned.
    ("type:book", "SEARCH r USING COVERING INDEX records_type_key (type=?)"),
    ("year:>1950", "SEARCH r USING COVERING INDEX records_year_key (year>? AND year<?)"),
    ("year:<1950 -type:book", "SEARCH r USING INDEX records_year_key (year>? AND year<?)"),
    ("doi:10.1002*", "SEARCH r USING COVERING INDEX records_doi_key (doi>? AND doi<?)"),
])
def test_a_search_reads_indexes_not_every_record(library: Library, query: str, step: str):
    compiled = compile_query(query, limit=100)
    plan = [row[3].replace(" TABLE ", " ") for row in library._query(f"EXPLAIN QUERY PLAN {compiled.sql}",
                                                                       compiled.parameters)]
    assert step in plan
    assert not [line for line in plan if line == "SCAN r" or line.startswith("SCAN r ")]
    if "comput" in query:
        matches = next(n for n, line in enumerate(plan) if line.startswith("SCAN records_fts"))
        assert plan.index(step) == matches + 1


def test_fts_syntax_in_a_query_is_text(library: Library):
    for query in ('NEAR(a b)', 'title:"a" OR', '"unbalanced', "a*b", "{title}:x", "^soviet", "-"):
        library.find(query)  # no sqlite3 error reaches the caller


def test_tags_are_added_removed_and_listed(library: Library):
    library.tag(["knuth1984literate"], add=["read", "computing"], remove=["typesetting", "never-there"])
    assert library.tags(["knuth1984literate", "darwin1859origin"]) == {
        "knuth1984literate": ["computing", "read"], "darwin1859origin": []}
    with pytest.raises(RecordNotFoundError):
        library.tag(["knuth1984literate", "nobody"], add=["x"])
    assert library.tags(["knuth1984literate"]) == {"knuth1984literate": ["computing", "read"]}


def test_tags_follow_updates_and_renames_and_go_with_the_record(library: Library):
    record = library.get("knuth1984literate")
    library.update(record_from_csl_json({**record.to_csl_json(), "title": "Literate Programming"}, "t"))
    library.add([library.get("knuth1984literate")], replace=True)
    library.import_records([record], on_duplicate="update")
    assert library.get("knuth1984literate")["title"] == "Literate programming"
    assert library.tags(["knuth1984literate"])["knuth1984literate"] == ["computing", "typesetting"]
    assert library.rekey(["knuth1984literate"], "authoryear") == [("knuth1984literate", "knuth1984")]
    assert library.tags(["knuth1984"]) == {"knuth1984": ["computing", "typesetting"]}
    assert keys(library, "literate") == ["knuth1984"]
    library.remove(["knuth1984"])
    assert library._query("SELECT count(*) FROM tags WHERE key LIKE 'knuth%'") == [(0,)]
    assert keys(library, "literate") == []


def test_update_of_a_missing_record_writes_nothing(library: Library):
    with pytest.raises(RecordNotFoundError):
        library.update(record_from_csl_json({"id": "nobody", "type": "book"}, "t"))
    assert "nobody" not in library
