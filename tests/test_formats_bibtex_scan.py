"""The quick scan of well-formed BibTeX gives what pybtex's scanner gives, or leaves the text to it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database.input.bibtex import LowLevelParser, month_names
from pybtex.scanner import PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

from citekit.formats.bibtex import write_bibtex
from citekit.formats.bibtex_scan import quick_scan
from citekit.model import record_from_csl_json

MACROS = {**month_names, "jnl": "Journal of Tests", "x@y": "odd"}


def pybtex_scan(text: str) -> list[tuple]:
    """What quick_scan gives, from pybtex's scanner (which raises where quick_scan must give up)."""

    def fail(error: PybtexSyntaxError) -> None:
        raise error

    parser = LowLevelParser(text, macros=CaseInsensitiveDict(MACROS), handle_error=fail)
    return [(command, (key, [(name, list(parts)) for name, parts in fields]), parser.command_start)
            for command, (key, fields) in parser]


def quick(text: str) -> list[tuple] | None:
    return quick_scan(text, CaseInsensitiveDict(MACROS))


@pytest.mark.parametrize("text", [
    "@article{a1,\n  author = {M{\\\"u}ller, Hans},\n  title = {First {DNA}},\n  journal = jnl,\n"
    "  year = 2001,\n  month = JAN\n}\n",
    "junk before\n@book{b, title = \"Quoted {with \"quote\"}\", note = jnl # { and } # \"more\" # 12,}",
    "@misc{k}\n\n@misc{l,}  @ Online {m , url={x}}",
    "@article{k, title = {{{{{deep}}}}}, x@y = x@y}\ntext } after { the entry\n",
    "@article{k title = {no comma after the key}}",
    "@article{k,, a = {empty fields},, }",
    "@article{k,\r\n\ttitle\u00a0=\u2028{odd white space}\r\n}",
    "no entries at all",
    "",
])
def test_well_formed_entries_read_as_pybtex_reads_them(text: str):
    assert quick(text) == pybtex_scan(text)


@pytest.mark.parametrize("text", [
    "@string{jnl = {Other}}\n@article{k, journal = jnl}",
    "@preamble{\"x\"}",
    "@comment{@article{hidden, title = {Hidden}}}",
    "@article(k, title = {Parentheses})",
    "@article{k, journal = undefined}",
    "@article{k, title = {Unclosed}\n",
    "@article{k, title = \"a } b\"}",
    "@article{k, title = {T}} and an @ sign after it",
    "@article{k, year = 2020a}",
    "@article{k, title}",
    "@article{k, title = {" + "{" * 100 + "}" * 100 + "}}",
])
def test_anything_else_is_left_to_pybtex(text: str):
    assert quick(text) is None


def test_an_export_reads_quickly():
    items = [{"id": f"r{n}", "type": "article-journal", "title": f"On {{DNA}} {n} – “quoted”", "page": "7-9",
              "author": [{"family": "Ñúñez", "given": "Zoë"}, {"literal": "The Team"}],
              "issued": {"date-parts": [[2000 + n, n % 12 + 1]]}} for n in range(20)]
    text = write_bibtex([record_from_csl_json(item, "t") for item in items])
    assert quick(text) == pybtex_scan(text)
    assert len(quick(text) or []) == 20


PIECES = ["@article", "@Book ", "@string", "@comment", "@x@y", "@", "{", "}", "(", ")", ",", " , ", "=",
          " = ", "#", " # ", '"', "key", "title", "Title", "x@y", "jan", "JNL", "undefined", "12", "2020a",
          "\n", "\r\n", "\t", " ", "\u00a0", "text", "{a}", "{{b}}", '{a"b}', '"q"', "\\'e", "ü", "%", "~",
          "@article{k, title = {T}}\n", "@book{b, year = 2000, month = jan}\n", '@x{k,a={1}#jnl#"2",}\n']


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_where_the_quick_scan_reads_text_pybtex_reads_the_same(text: str):
    commands = quick(text)
    if commands is not None:
        assert commands == pybtex_scan(text)
