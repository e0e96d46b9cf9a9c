"""``import``, ``export`` and ``formats`` through the CLI: reports, exit codes, an untouched library."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run, write_json

from citekit.store import Library

BOOK = {"id": "doe2020", "type": "book", "title": "A Book",
        "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2020]]}}
# Takes the default article's key, but is another work.
TAKEN_KEY = {"id": "miknevicius2021soviet", "type": "article-journal", "title": "Another",
             "author": [{"family": "Roe", "given": "Rita"}], "issued": {"date-parts": [[2019]]}}
# The default article again, under another key and with its title in other punctuation and case.
SAME_WORK = {"id": "copy", "type": "article-journal",
             "title": "Soviet armed forces in Lithuania in 1939-1941",
             "author": [{"family": "Miknevičius", "given": "G."}], "issued": {"date-parts": [[2021]]}}
BROKEN = {"id": "broken", "type": "not-a-type"}


def keys(library_path: Path) -> list[str]:
    with Library.open(library_path) as library:
        return library.keys()


def test_import_gives_taken_keys_new_ones_and_skips_duplicates(tmp_path: Path, library_path: Path):
    source = write_json(tmp_path / "refs.json", [BOOK, TAKEN_KEY, SAME_WORK])
    result = run("import", str(source))
    assert result.exit_code == 0
    assert "imported 2, updated 0, skipped 1 duplicates, 0 entries unreadable" in result.stderr
    assert "duplicate of miknevicius2021soviet" in result.stderr
    assert "'miknevicius2021soviet' was taken" in result.stderr
    assert keys(library_path) == ["doe2020", "miknevicius2021soviet", "roe2019another"]


def test_dry_run_writes_nothing(tmp_path: Path, library_path: Path):
    result = run("import", str(write_json(tmp_path / "refs.json", [BOOK])), "--dry-run")
    assert "would import 1, updated 0" in result.stderr
    assert keys(library_path) == ["miknevicius2021soviet"]


def test_duplicates_can_update_or_be_kept(tmp_path: Path, library_path: Path):
    source = write_json(tmp_path / "refs.json", [SAME_WORK])
    assert "updated 1" in run("import", str(source), "--on-duplicate", "update").stderr
    with Library.open(library_path) as library:
        assert library.get("miknevicius2021soviet")["title"] == SAME_WORK["title"]
    assert "imported 1" in run("import", str(source), "--on-duplicate", "keep-both").stderr
    assert keys(library_path) == ["copy", "miknevicius2021soviet"]


def test_an_unreadable_entry_is_reported_and_the_rest_imports(tmp_path: Path, library_path: Path):
    source = write_json(tmp_path / "refs.json", [BROKEN, BOOK])
    result = run("import", str(source))
    assert result.exit_code == 0
    assert "refs.json, item 1 (broken), field 'type': 'not-a-type' is not a CSL item type" in result.stderr
    assert "imported 1, updated 0, skipped 0 duplicates, 1 entries unreadable" in result.stderr
    assert keys(library_path) == ["doe2020", "miknevicius2021soviet"]


def test_strict_imports_nothing_when_an_entry_fails(tmp_path: Path, library_path: Path):
    result = run("import", str(write_json(tmp_path / "refs.json", [BOOK, BROKEN])), "--strict")
    assert result.exit_code == 3
    assert "1 entries could not be read; nothing was imported (--strict)" in result.stderr
    assert keys(library_path) == ["miknevicius2021soviet"]


def test_unknown_or_unreadable_formats_are_usage_errors(tmp_path: Path):
    notes = tmp_path / "notes.txt"
    notes.write_text("plain words", encoding="utf-8")
    result = run("import", str(notes))
    assert (result.exit_code, result.stderr.strip()) == (
        2, f"citekit: error: {notes}: cannot tell its format; name it with --from")
    assert run("export", "--to", "word").exit_code == 2


def test_import_from_stdin_and_export_round_trip(tmp_path: Path):
    assert run("import", "-", "--from", "csl-json", input=json.dumps([BOOK])).exit_code == 0
    exported = run("export", "doe2020", "--to", "json")
    assert json.loads(exported.stdout) == [BOOK]


def test_formats_lists_what_citekit_reads_and_writes():
    result = run("formats")
    assert result.exit_code == 0 and "csl-json" in result.stdout and ".json" in result.stdout


def test_an_article_page_imports_and_its_duplicate_is_found(tmp_path: Path, library_path: Path):
    from test_formats_html_meta import OJS_PAGE

    page = tmp_path / "article"  # no suffix: the content tells it is a web page
    page.write_text(OJS_PAGE, encoding="utf-8")
    result = run("import", str(page))
    assert "skipped 1 duplicates" in result.stderr and "duplicate of miknevicius2021soviet" in result.stderr
    assert run("remove", "miknevicius2021soviet", "--yes").exit_code == 0
    assert "imported 1" in run("import", str(page)).stderr
    assert keys(library_path) == ["miknevicius2021soviet"]


def test_a_file_format_named_as_the_citation_style_prints_the_export():
    cited = run("cite", "--style", "csl-json")
    assert cited.exit_code == 0 and cited.stdout == run("export", "--to", "csl-json").stdout


def test_rekey_renames_only_on_demand(tmp_path: Path, library_path: Path):
    odd = {**BOOK, "id": "Jane's book"}
    assert run("import", str(write_json(tmp_path / "refs.json", [odd]))).exit_code == 0
    assert run("rekey", "--dry-run").stdout == "Jane's book\tdoe2020book\n"
    assert keys(library_path) == ["Jane's book", "miknevicius2021soviet"]
    assert run("rekey", "Jane's book").stdout == "Jane's book\tdoe2020book\n"
    assert keys(library_path) == ["doe2020book", "miknevicius2021soviet"]
    assert run("rekey").stdout == ""  # every key already follows the pattern
