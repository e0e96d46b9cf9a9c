"""Everyday library work from the command line: search, --where, tag, edit, set, remove, config, JSON."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from click.testing import CliRunner
from conftest import run

from citekit.cli import cli

PAPERS = Path(__file__).parent / "data" / "papers"
MIKNEVICIUS = "miknevicius2021soviet"


@pytest.fixture
def library() -> None:
    """The default article and the nine records of tests/data/papers/library.json, two tagged."""
    assert run("import", str(PAPERS / "library.json")).exit_code == 0
    assert run("tag", "knuth1984literate", "lamport1994latex", "+typesetting").exit_code == 0


def ids(stdout: str) -> list[str]:
    return [item["id"] for item in json.loads(stdout)]


def test_search_ranks_and_prints_csl_json(library):
    result = run("search", "comput", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert ids(result.stdout) == ["hopper1952education", "turing1936computable", "knuth1984literate"]
    assert json.loads(result.stdout)[0]["title"] == "The education of a computer"
    assert ids(run("search", "comput", "-tag:typesetting", "-n", "1", "--format", "json").stdout) == [
        "hopper1952education"]
    assert ids(run("search", "author:miknevicius", "year:2021", "type:article-journal",
                   "--format", "json").stdout) == [MIKNEVICIUS]


def test_search_shows_the_best_matches(library):
    result = run("search", "comput", "--limit", "2", env={"COLUMNS": "120"})
    assert [line.split("│")[1].strip() for line in result.stdout.splitlines()[3:5]] == [
        "hopper1952education", "turing1936computable"]
    assert result.stderr == "citekit: the best 2 matches; --limit 0 shows every one\n"
    assert len(json.loads(run("search", "type:article-journal", "-n", "0", "--format", "json").stdout)) == 7


def test_search_table_and_no_match(library):
    result = run("search", "tag:typesetting", env={"COLUMNS": "120"})
    assert [line.split("│")[1].strip() for line in result.stdout.splitlines()[3:5]] == [
        "knuth1984literate", "lamport1994latex"]
    result = run("search", "nothing-like-this")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "citekit: no record matches\n")
    assert run("search", "nothing", "--format", "json").stdout == "[]\n"


def test_a_bad_query_is_a_usage_error(library):
    result = run("search", "autor:knuth")
    assert result.exit_code == 2
    assert result.stderr.startswith("citekit: error: query 'autor:knuth': unknown field 'autor:' (known: ")


def test_where_selects_for_cite_export_and_list(library):
    result = run("cite", "--where", "tag:typesetting", "--style", "apa")
    assert result.stdout == (
        "Knuth, D. E. (1984). Literate programming. The Computer Journal, 27(2), 97–111. "
        "https://doi.org/10.1093/comjnl/27.2.97\n"
        "Lamport, L. (1994). LaTeX: A document preparation system (2nd ed.). Addison-Wesley.\n")
    assert ids(run("export", "--where", "year:<1900", "--to", "csl-json").stdout) == [
        "curie1898nouvelle", "darwin1859origin"]
    assert ids(run("list", "--where", "type:book", "--format", "json").stdout) == [
        "darwin1859origin", "lamport1994latex"]
    both = run("cite", "knuth1984literate", "--where", "tag:typesetting")
    assert (both.exit_code, both.stderr.splitlines()[-1]) == (2, "Error: give KEYS or --where, not both")


def test_tag_adds_removes_and_prints(library):
    result = run("tag", "knuth1984literate", "darwin1859origin", "+read", "-typesetting", "+to do")
    assert (result.exit_code, result.stdout) == (0, "knuth1984literate\tread\tto do\n"
                                                    "darwin1859origin\tread\tto do\n")
    assert json.loads(run("tag", "lamport1994latex", "darwin1859origin", "--format", "json").stdout) == {
        "lamport1994latex": ["typesetting"], "darwin1859origin": ["read", "to do"]}
    missing = run("tag", "nobody", "+x")
    assert missing.exit_code == 4
    assert re.fullmatch(r"citekit: error: key not in the library \S+library.sqlite: nobody\n", missing.stderr)
    assert run("tag", "+x").exit_code == 2
    assert run("tag", "darwin1859origin", "+").exit_code == 2


def test_remove_asks_first(library):
    declined = run("remove", "darwin1859origin", input="n\n")
    assert (declined.exit_code, declined.stderr) == (
        1, "Remove 1 record: darwin1859origin? [y/N]: n\ncitekit: nothing removed\n")
    no_answer = run("remove", "darwin1859origin", input="")
    assert (no_answer.exit_code, no_answer.stderr) == (
        1, "Remove 1 record: darwin1859origin? [y/N]: \ncitekit: nothing removed\n")
    assert ids(run("list", "--where", "key:darwin*", "--format", "json").stdout) == ["darwin1859origin"]
    accepted = run("remove", "--where", "tag:typesetting", input="y\n")
    assert (accepted.exit_code, accepted.stderr) == (
        0, "Remove 2 records: knuth1984literate, lamport1994latex? [y/N]: y\n"
           "removed 2 records: knuth1984literate, lamport1994latex\n")
    assert run("remove", "--where", "tag:typesetting", "--yes").stderr == (
        "citekit: no record matches; nothing removed\n")
    assert run("remove").exit_code == 2


def test_set_fields(library):
    result = run("set", "lamport1994latex", "author=Lamport, Leslie; TeX Users Group", "issued=1994-06",
                 "edition=", "note=Second printing", "editor=de la Fontaine, Jean, Jr.")
    assert (result.exit_code, result.stderr) == (0, "citekit: lamport1994latex updated\n")
    record = json.loads(run("show", "lamport1994latex", "--format", "json").stdout)
    assert record["author"] == [{"family": "Lamport", "given": "Leslie"}, {"literal": "TeX Users Group"}]
    assert record["editor"] == [{"non-dropping-particle": "de la", "family": "Fontaine", "given": "Jean",
                                 "suffix": "Jr."}]
    assert record["issued"] == {"date-parts": [[1994, 6]]}
    assert "edition" not in record and record["note"] == "Second printing"
    # Tags stay; an invalid value changes nothing and names the field.
    assert run("tag", "lamport1994latex").stdout == "lamport1994latex\ttypesetting\n"
    bad = run("set", "lamport1994latex", "type=novel", "title=Changed")
    assert (bad.exit_code, bad.stderr) == (
        3, "citekit: error: citekit set lamport1994latex (lamport1994latex), field 'type': 'novel' is not "
           "a CSL item type (e.g. 'article-journal', 'book')\n")
    assert json.loads(run("show", "lamport1994latex", "--format", "json").stdout)["title"] == (
        "LaTeX: A document preparation system")
    assert run("set", "lamport1994latex", "id=other").exit_code == 2
    assert run("set", "lamport1994latex", "title").exit_code == 2


def write_editor(tmp_path: Path, script: str) -> dict[str, str]:
    """An $EDITOR: a Python script that changes the file it is given."""
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\npath = sys.argv[1]\ntext = open(path, encoding='utf-8').read()\n"
                      + script + "\nopen(path, 'w', encoding='utf-8').write(text)\n", encoding="utf-8")
    return {"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""}


def test_edit_stores_a_valid_edit_and_keeps_tags(library, tmp_path: Path):
    env = write_editor(tmp_path, "text = text.replace('A document preparation system', "
                                 "'A Document Preparation System')\n"
                                 "text += 'issued: 1994-06-01\\n'")
    before = run("show", "lamport1994latex", "--format", "json").stdout
    result = run("edit", "lamport1994latex", env=env)
    assert (result.exit_code, result.stderr) == (0, "citekit: lamport1994latex updated\n")
    record = json.loads(run("show", "lamport1994latex", "--format", "json").stdout)
    assert record == {**json.loads(before), "title": "LaTeX: A Document Preparation System",
                      "issued": {"date-parts": [[1994, 6, 1]]}}
    assert run("tag", "lamport1994latex").stdout == "lamport1994latex\ttypesetting\n"


def test_edit_shows_what_the_editor_sees(library, tmp_path: Path):
    seen = tmp_path / "seen.yaml"
    env = write_editor(tmp_path, f"open({str(seen)!r}, 'w', encoding='utf-8').write(text)")
    result = run("edit", MIKNEVICIUS, env=env)
    assert (result.exit_code, result.stderr) == (0, f"citekit: {MIKNEVICIUS} not changed\n")
    text = seen.read_text(encoding="utf-8")
    assert text.startswith(f"# citekit edit {MIKNEVICIUS}: the record as CSL-YAML.")
    assert "\nid: miknevicius2021soviet\ntype: article-journal\n" in text
    assert "\nauthor:\n- family: Miknevičius\n  given: Gintautas\n" in text
    assert "\nissued:\n  date-parts:\n  - [2021, 12, 28]\n" in text
    assert text.endswith("\ncustom:\n  license: https://creativecommons.org/licenses/by/4.0/\n"
                         "  license-name: CC BY 4.0\n")


def test_an_invalid_edit_is_shown_and_can_be_reopened(library, tmp_path: Path):
    # First save: an invalid type. Second (after "y"): the error line is at the top; it is fixed.
    env = write_editor(tmp_path, "if text.startswith('# error: '):\n"
                                 "    assert 'is not a CSL item type' in text.splitlines()[0]\n"
                                 "    text = text.replace('type: novel', 'type: book')\n"
                                 "else:\n"
                                 "    text = text.replace('type: book', 'type: novel')\n"
                                 "text = text.replace('Addison-Wesley', 'Addison Wesley')")
    result = run("edit", "lamport1994latex", env=env, input="y\n")
    assert result.exit_code == 0
    assert result.stderr == (
        "citekit: error: your edit, item 1 (lamport1994latex), field 'type': 'novel' is not a CSL "
        "item type (e.g. 'article-journal', 'book')\n"
        "Edit again? [Y/n]: y\ncitekit: lamport1994latex updated\n")
    assert json.loads(run("show", "lamport1994latex", "--format", "json").stdout)["publisher"] == (
        "Addison Wesley")


@pytest.mark.parametrize(("change", "error"), [
    ("text = text.replace('type: book', 'type: novel')",
     "your edit, item 1 (lamport1994latex), field 'type': 'novel' is not a CSL item type "
     "(e.g. 'article-journal', 'book')"),
    ("text = text.replace('id: lamport1994latex', 'id: lamport')",
     "your edit, field 'id': the key stays lamport1994latex; keys change only with `citekit rekey`"),
    ("text = text.replace('title: ', 'title: [')",
     "your edit:7:1: expected ',' or ']', but got '<scalar>'"),  # line 7 of what the editor showed
    ("text = '- {id: lamport1994latex, type: book}\\n- {id: second, type: book}\\n'",
     "your edit: expected one record, found 2"),
])
def test_a_declined_invalid_edit_stores_nothing(library, tmp_path: Path, change: str, error: str):
    before = run("show", "lamport1994latex", "--format", "json").stdout
    result = run("edit", "lamport1994latex", env=write_editor(tmp_path, change), input="n\n")
    assert (result.exit_code, result.stderr) == (
        3, f"citekit: error: {error}\nEdit again? [Y/n]: n\n"
           "citekit: error: lamport1994latex: the edit was not stored\n")
    assert run("show", "lamport1994latex", "--format", "json").stdout == before


def test_an_emptied_edit_changes_nothing(library, tmp_path: Path):
    result = run("edit", "lamport1994latex", env=write_editor(tmp_path, "text = ''"))
    assert (result.exit_code, result.stderr) == (0, "citekit: lamport1994latex not changed\n")


def test_import_report_as_json(tmp_path: Path):
    (tmp_path / "refs.bib").write_text(
        "@book{darwin, author = {Darwin, Charles}, title = {On the origin of species}, year = 1859}\n"
        "@article{broken, title = {No end}\n", encoding="utf-8")
    result = run("import", str(tmp_path / "refs.bib"), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "added": [{"key": "darwin", "source": "darwin"}], "updated": [], "skipped": [],
        "unreadable": [result.stderr.removeprefix("citekit: warning: ").strip()], "dry_run": False}
    again = run("import", str(tmp_path / "refs.bib"), "--format", "json", "--dry-run")
    assert json.loads(again.stdout)["skipped"] == [{"source": "darwin", "reason": "duplicate of darwin"}]
    assert json.loads(again.stdout)["dry_run"] is True


def test_config_files_environment_and_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project = tmp_path / "paper"
    (project / "chapters").mkdir(parents=True)
    (project / "citekit.toml").write_text('style = "ieee"\nlibrary = "refs.sqlite"\n', encoding="utf-8")
    user = tmp_path / "config-home" / "citekit"
    user.mkdir(parents=True)
    (user / "citekit.toml").write_text('style = "mla"\nformat = "markdown"\n', encoding="utf-8")
    monkeypatch.chdir(project / "chapters")
    monkeypatch.delenv("CITEKIT_LIBRARY")
    result = run("config")
    assert result.stdout == (f'style = "ieee"  # {project}/citekit.toml\n'
                             f'format = "markdown"  # {user}/citekit.toml\n'
                             f'library = "{project}/refs.sqlite"  # {project}/citekit.toml\n')
    assert json.loads(run("config", "--format", "json").stdout)["style"] == {
        "value": "ieee", "source": f"{project}/citekit.toml"}
    assert run("cite").stdout == (
        "\\[1\\] G. Miknevičius, “Soviet Armed Forces in Lithuania in 1939–1941,” "
        "*Genocidas ir rezistencija*, vol. 2, no. 50, pp. 7–36, Dec. 2021.\n")
    assert (project / "refs.sqlite").is_file()
    assert run("cite", "--style", "apa", "--format", "text").stdout.startswith("Miknevičius, G. (2021).")
    assert run("cite", env={"CITEKIT_STYLE": "apa"}).stdout.startswith("Miknevičius, G. (2021).")
    (project / "citekit.toml").write_text('format = "pdf"\n', encoding="utf-8")
    bad = run("cite")
    assert (bad.exit_code, bad.stderr) == (
        3, f"citekit: error: {project}/citekit.toml:1: format must be one of text, html, markdown, rtf, "
           "not 'pdf'\n")


def complete(words: str) -> list[str]:
    """What bash completion offers for the last of ``words`` (Click's protocol: 'type,value' lines)."""
    env = {"_CITEKIT_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - 1)}
    result = CliRunner().invoke(cli, [], prog_name="citekit", env=env)
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line]


def test_shell_completion_of_keys_styles_and_formats(library, tmp_path: Path):
    assert complete("citekit show k") == ["knuth1984literate"]
    assert complete("citekit tag knuth1984literate l") == ["lamport1994latex"]
    assert complete("citekit cite --style chicago-author-date-1") == [
        "chicago-author-date-16th-edition", "chicago-author-date-17th-edition"]
    assert complete("citekit cite --style vanc")[:1] == ["vancouver"]
    assert complete("citekit export --to bib") == ["biblatex", "bibtex", "bibtex-utf8"]
    # A library that does not exist is not created to complete from it.
    assert complete(f"citekit --library {tmp_path}/none.sqlite show k") == []
    assert not (tmp_path / "none.sqlite").exists()


def test_a_big_import_reports_only_what_needs_attention(tmp_path: Path):
    records = [{"id": f"r{n}", "type": "book", "title": f"Book {n}"} for n in range(60)]
    source = tmp_path / "many.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    assert run("import", str(source)).stderr == (
        "imported 60, updated 0, skipped 0 duplicates, 0 entries unreadable\n")
    again = run("import", str(source), env={"COLUMNS": "100"}).stderr.splitlines()
    assert [line.split("│")[1].strip() for line in again[3:5]] == ["skipped", "skipped"]
    assert again[-2:] == ["... and 10 more (--format json lists every record)",
                          "imported 0, updated 0, skipped 60 duplicates, 0 entries unreadable"]
    assert len(again) == 3 + 50 + 1 + 2


def test_a_count_is_drawn_only_for_work_over_a_second():
    from io import StringIO

    from rich.console import Console

    from citekit.cli.views import counting

    for after, drawn in ((0.0, True), (60.0, False)):
        screen = StringIO()
        with counting("reading records", Console(file=screen, force_terminal=True), after) as advance:
            assert [advance(n) for n in range(3)] == [0, 1, 2]
        assert ("reading records: 3" in screen.getvalue()) is drawn


def test_a_stage_line_is_drawn_after_a_second_by_this_process_only_and_without_a_thread(monkeypatch):
    import os
    import threading
    from io import StringIO

    from rich.console import Console

    from citekit.cli.views import working

    clock = [0.0]
    monkeypatch.setattr("citekit.cli.views.time.monotonic", lambda: clock[0])
    for seconds, pid, drawn in ((2.0, os.getpid(), True), (0.5, os.getpid(), False), (2.0, -1, False)):
        screen, clock[0] = StringIO(), 0.0
        with working("formatting 3 records", Console(file=screen, force_terminal=True)) as step:
            assert threading.active_count() == 1  # with a thread running the engine would not fork
            clock[0] = seconds
            with monkeypatch.context() as patched:
                patched.setattr(os, "getpid", lambda: pid)  # noqa: B023 - called inside the loop
                step("sorting")
        assert ("formatting 3 records: sorting" in screen.getvalue()) is drawn
