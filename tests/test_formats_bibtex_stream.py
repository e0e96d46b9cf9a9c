"""BibTeX read entry by entry (imports of any size) gives what reading the whole file gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit.errors import MalformedFileError, NotUtf8Error
from citekit.formats import stream_file
from citekit.formats.bibtex import read_bibtex, stream_bibtex, write_bibtex
from citekit.model import Diagnostics, record_from_csl_json

ENTRIES = [
    "@string{jnl = {Journal of Tests}}\n",
    "@article{a1,\n  author = {M{\\\"u}ller, Hans and Smith, Jo},\n  title = {First {DNA}},\n"
    "  journal = jnl,\n  year = 2001,\n  month = feb\n}\n",
    "@book{b1, title = {A book}, publisher = {P}, year = {1999}}\n",
    "@article{broken, title = {No end\n",
    "@misc{A1, title = {Same key as a1, other case}}\n",
    "Text between entries, with an @ sign and {braces} and a } too many.\n",
    "@comment{@article{hidden, title = {Not an entry}}}\n",
    "@preamble{\"\\newcommand{\\x}{y}\"}\n",
    "@article{c1,\n  title = {An abstract with\n@ at a line start},\n  year = 2020\n}\n",
    "@inproceedings{d1, author = {Doe, J.}, title = {Talk}, booktitle = {Proc.}, year = 2010}\n",
    "@article{e1, title = {Bad month}, month = {Smarch}, year = 2011}\n",
    "@article{f1, title = \"Quoted\", note = jnl # { and more}}\n",
]


def whole(text: str, source: Path) -> tuple[list[dict], list[str], list[str]]:
    diagnostics = Diagnostics(strict=False)
    try:
        records = read_bibtex(text, str(source), diagnostics)
    except MalformedFileError as error:
        return [], [str(error)], []
    return [r.to_csl_json() for r in records], sorted(diagnostics.warnings), sorted(diagnostics.skipped)


def streamed(path: Path) -> tuple[list[dict], list[str], list[str]]:
    diagnostics = Diagnostics(strict=False)
    stream = stream_bibtex(str(path), diagnostics)
    assert stream is not None
    try:
        records = list(stream)
    except MalformedFileError as error:
        return [], [str(error)], []
    return [r.to_csl_json() for r in records], sorted(diagnostics.warnings), sorted(diagnostics.skipped)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "refs.bib"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_the_sample_reads_the_same_in_parts(tmp_path: Path):
    text = "".join(ENTRIES)
    path = write(tmp_path, text)
    records, warnings, skipped = streamed(path)
    assert (records, warnings, skipped) == whole(text, path)
    # BibTeX reads on inside @comment{...}: the entry in it counts, as BibTeX itself has it
    assert [record["id"] for record in records] == ["a1", "b1", "hidden", "c1", "d1", "e1", "f1"]
    assert skipped == [f"{path}:10: '}}' expected (line 12)", f"{path}:11: key 'A1' repeats line 2",
                       f"{path}:12: '(' or '{{' expected (line 12)"]


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow,
                                                                                    HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(ENTRIES), max_size=12))
def test_any_sequence_of_entries_reads_the_same_in_parts(tmp_path: Path, parts: list[str]):
    text = "".join(parts)
    path = write(tmp_path, text)
    assert streamed(path) == whole(text, path)


def test_an_export_of_many_records_reads_back_the_same(tmp_path: Path):
    items = [{"id": f"r{n}", "type": "article-journal", "title": f"Title {n} – “quoted”",
              "author": [{"family": "Ñúñez", "given": "Zoë"}], "page": "7-9",
              "issued": {"date-parts": [[2000 + n % 20, n % 12 + 1]]}} for n in range(300)]
    records = [record_from_csl_json(item, "t") for item in items]
    text = write_bibtex(records)
    path = write(tmp_path, text)
    assert streamed(path) == whole(text, path)


def test_files_that_are_read_whole(tmp_path: Path):
    with_crossref = "@inbook{c, title = {Chapter}, crossref = {b}}\n@book{b, title = {Book}, year = 2000}\n"
    assert stream_bibtex(str(write(tmp_path, with_crossref)), Diagnostics()) is None
    (tmp_path / "utf16.bib").write_bytes("@book{u, title = {Ünïcode}}\n".encode("utf-16"))
    assert stream_bibtex(str(tmp_path / "utf16.bib"), Diagnostics()) is None
    # stream_file reads those whole, with the same result.
    records = list(stream_file(str(write(tmp_path, with_crossref)), None, Diagnostics()))
    assert [(r.key, r.get("container-title")) for r in records] == [("c", "Book"), ("b", None)]


def test_errors_name_the_file_and_place(tmp_path: Path):
    path = write(tmp_path, "not bibtex at all\n")
    with pytest.raises(MalformedFileError, match=r"refs\.bib:1:1: no BibTeX entry"):
        list(stream_bibtex(str(path), Diagnostics()))
    path.write_bytes(b"@book{a, title = {A}}\n@book{b, title = {B\xff}}\n")
    with pytest.raises(NotUtf8Error) as error:
        list(stream_bibtex(str(path), Diagnostics()))
    assert str(error.value) == f"{path}: not UTF-8 text (bad byte at offset 41)"  # as read_text says
