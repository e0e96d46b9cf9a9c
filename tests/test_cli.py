"""Every command through the CLI, with exact output and exit codes."""

from __future__ import annotations

import importlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import SHARED, run, write_json

from citekit.cli import cli
from citekit.cli.main import COMMAND_MODULES

APA = ("Miknevičius, G. (2021). Soviet Armed Forces in Lithuania in 1939–1941. "
       "Genocidas Ir Rezistencija, 2(50), 7–36.\n")
BOOK = {"id": "smith2020", "type": "book", "title": "A Book", "author": [{"family": "Smith",
        "given": "Jane"}], "issued": {"date-parts": [[2020]]}, "publisher": "Vilnius UP"}


def test_first_citation_on_a_fresh_library(library_path: Path):
    result = run("cite", "--style", "apa")
    assert (result.exit_code, result.stdout, result.stderr) == (0, APA, "")
    assert library_path.is_file()


def test_cite_html_and_citation_mode():
    result = run("cite", "--style", "apa", "--format", "html")
    assert result.stdout == (
        '<div class="csl-bib-body">\n'
        '  <div class="csl-entry">Miknevičius, G. (2021). Soviet Armed Forces in Lithuania in '
        "1939–1941. <i>Genocidas Ir Rezistencija</i>, <i>2</i>(50), 7–36.</div>\n"
        "</div>\n"
    )
    assert run("cite", "--mode", "citation", "--style", "apa").stdout == "(Miknevičius, 2021)\n"


def test_cite_pandoc_clusters_as_a_document(tmp_path: Path):
    assert run("add", str(write_json(tmp_path / "b.json", BOOK))).exit_code == 0
    result = run("cite", "--mode", "citation", "[see @miknevicius2021soviet, pp. 7-9; @smith2020]",
                 "[-@smith2020, ch. 2]")
    assert (result.exit_code, result.stdout) == (
        0, "(see Miknevičius, 2021, pp. 7–9; Smith, 2020)\n(2020, Chapter 2)\n")
    notes = run("cite", "--mode", "citation", "--style", "chicago-notes", "[@smith2020, 12]",
                "[@smith2020, 14]")
    assert notes.stdout == "Jane Smith, A Book (Vilnius UP, 2020), 12.\nSmith, A Book, 14.\n"


@pytest.mark.parametrize(("argument", "code", "message"), [
    ("[@missing]", 4, "key not in the library"),
    ("[see p. 3]", 3, "has no @key"),
])
def test_bad_clusters_exit_with_a_message(argument: str, code: int, message: str):
    result = run("cite", "--mode", "citation", argument)
    assert result.exit_code == code and message in result.stderr and "Traceback" not in result.stderr


def test_cite_keys_in_the_order_given_and_the_library_option(tmp_path: Path):
    other = tmp_path / "other.sqlite"
    assert run("--library", str(other), "add", str(write_json(tmp_path / "b.json", BOOK))).exit_code == 0
    result = run("--library", str(other), "cite", "smith2020", "miknevicius2021soviet",
                 "--mode", "citation")
    assert result.stdout == "(Smith, 2020)\n(Miknevičius, 2021)\n"
    result = run("--library", str(other), "cite", "--style", "ieee")
    assert result.stdout == (
        "[1] G. Miknevičius, “Soviet Armed Forces in Lithuania in 1939–1941,” Genocidas ir "
        "rezistencija, vol. 2, no. 50, pp. 7–36, Dec. 2021.\n"
        "[2] J. Smith, A Book. Vilnius UP, 2020.\n"
    )


def test_cite_from_a_file_or_stdin_does_not_touch_the_library(tmp_path: Path, library_path: Path):
    source = write_json(tmp_path / "refs.json", [BOOK])
    assert run("cite", "--from", str(source)).stdout == "Smith, J. (2020). A Book. Vilnius UP.\n"
    result = run("cite", "--from", "-", "--mode", "citation", input=json.dumps(BOOK))
    assert result.stdout == "(Smith, 2020)\n"
    assert not library_path.exists()
    result = run("cite", "--from", str(source), "nokey")
    assert (result.exit_code, result.stderr) == (4, f"citekit: error: key not in {source}: nokey\n")


def test_cite_warns_on_stderr_only(tmp_path: Path):
    source = write_json(tmp_path / "ojs.json", [{**BOOK, "languages": ["en"]}])
    result = run("cite", "--from", str(source))
    assert result.stdout == "Smith, J. (2020). A Book. Vilnius UP.\n"
    assert result.stderr == (f"citekit: warning: {source}, item 1 (smith2020): unknown field "
                             "'languages' kept as 'custom.languages'\n")


@pytest.mark.parametrize("style", ["apa", "chicago", "chicago-notes", "mla", "harvard", "ieee",
                                   "vancouver", "ama", "acs", "acm", "nature", "turabian", "abnt"])
def test_every_alias_renders_without_error(style):
    result = run("cite", "--style", style)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.count("\n") == 1


@pytest.mark.parametrize("args, code, message", [
    (["cite", "--style", "apaa"], 4,
     "citekit: error: unknown style 'apaa'; did you mean: apa, jaapa, planta?\n"),
    (["cite", "nobody2020"], 4, "citekit: error: key not in the library {lib}: nobody2020\n"),
    (["cite", "--locale", "xx-YY"], 4, ("citekit: error: unknown locale 'xx-YY' (CSL locales are "
     "codes such as en-US, de-DE, lt-LT)\n")),
    (["cite", "--from", "/nonexistent/refs.json"], 4,
     "citekit: error: /nonexistent/refs.json: No such file or directory\n"),
    (["show", "nobody2020"], 4, "citekit: error: key not in the library {lib}: nobody2020\n"),
    (["remove", "nobody2020"], 4, "citekit: error: key not in the library {lib}: nobody2020\n"),
    (["cite", "--mode", "cluster"], 2, None),
])
def test_errors_have_a_message_and_an_exit_code(args, code, message, library_path: Path):
    result = run(*args)
    assert result.exit_code == code
    if message is not None:
        assert result.stderr == message.format(lib=library_path)
    assert result.stdout == ""


def test_malformed_json_names_line_and_column_and_changes_nothing(tmp_path: Path, library_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[\n  {"id": "a", "type": "book",\n   "title": }\n]\n', encoding="utf-8")
    result = run("add", str(bad))
    assert (result.exit_code, result.stderr) == (3, f"citekit: error: {bad}:3:13: Expecting value\n")
    assert run("list", "--format", "json").stdout.count('"id"') == 1


def test_invalid_record_names_item_and_field_and_adds_nothing(tmp_path: Path):
    source = write_json(tmp_path / "two.json", [BOOK, {"id": "x", "type": "book", "issued": {
        "date-parts": [[2020, 14]]}}])
    result = run("add", str(source))
    assert (result.exit_code, result.stderr) == (
        3, (f"citekit: error: {source}, item 2 (x), field 'issued': date-parts [2020, 14] "
        "is not a valid date\n"))
    assert "smith2020" not in run("list", "--format", "json").stdout


def test_not_utf8_input(tmp_path: Path):
    latin = tmp_path / "latin1.json"
    latin.write_bytes(b'{"id": "a", "type": "book", "title": "Caf\xe9"}')
    result = run("add", str(latin))
    assert (result.exit_code, result.stderr) == (
        3, f"citekit: error: {latin}: not UTF-8 text (bad byte at offset 41)\n")


def test_unwritable_library_path(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = run("--library", str(blocker / "lib.sqlite"), "cite")
    assert result.exit_code == 5
    assert result.stderr.startswith(f"citekit: error: cannot open the library {blocker}/lib.sqlite:")


def test_add_duplicate_and_replace(tmp_path: Path):
    source = write_json(tmp_path / "book.json", BOOK)
    result = run("add", str(source))
    assert (result.exit_code, result.stderr) == (0, "added 1 record: smith2020\n")
    result = run("add", str(source))
    assert (result.exit_code, result.stderr) == (
        1, "citekit: error: key is already in the library: smith2020 (use --replace to overwrite)\n")
    write_json(source, {**BOOK, "title": "A Better Book"})
    assert run("add", "--replace", str(source)).exit_code == 0
    assert run("cite", "smith2020").stdout == "Smith, J. (2020). A Better Book. Vilnius UP.\n"


def test_add_from_stdin():
    result = run("add", "-", input=json.dumps([BOOK]))
    assert (result.exit_code, result.stderr) == (0, "added 1 record: smith2020\n")


def test_show_json_and_panel():
    result = run("show", "miknevicius2021soviet", "--format", "json")
    record = json.loads(result.stdout)
    assert record["issued"] == {"date-parts": [[2021, 12, 28]]}
    assert record["custom"] == {"license": "https://creativecommons.org/licenses/by/4.0/",
                                "license-name": "CC BY 4.0"}
    assert record["abstract"].startswith("During the first period of bringing the Soviet armed "
                                         "forces into the country, Soviet officers remained")
    panel = run("show", "miknevicius2021soviet").stdout
    assert panel.splitlines()[0].startswith("╭─ miknevicius2021soviet ─")
    assert "│ issued           2021-12-28" in panel
    assert "│ author           Miknevičius, Gintautas" in panel


def test_list_table_and_json(tmp_path: Path):
    run("add", str(write_json(tmp_path / "b.json", BOOK)))
    run("tag", "miknevicius2021soviet", "+ww2", "+to read")
    table = run("list", env={"COLUMNS": "120"}).stdout.splitlines()
    assert [cell.strip() for cell in table[1].split("┃")[1:-1]] == [
        "key", "authors", "year", "title", "type", "tags"]
    assert [cell.strip() for cell in table[3].split("│")[1:-1]] == [
        "miknevicius2021soviet", "Miknevičius, Gint…", "2021", "Soviet Armed Forces in Lithua…",
        "article-journal", "to read, ww2"]
    # One line per record; a narrow terminal leaves out the type and the tags.
    narrow = run("list", env={"COLUMNS": "60"}).stdout.splitlines()
    assert [cell.strip() for cell in narrow[1].split("┃")[1:-1]] == ["key", "authors", "year", "title"]
    assert [cell.strip() for cell in narrow[4].split("│")[1:-1]] == ["smith2020", "Smith,…", "2020",
                                                                     "A Book"]
    assert len(narrow) == 6 and max(map(len, narrow)) <= 60
    assert [item["id"] for item in json.loads(run("list", "--format", "json").stdout)] == [
        "miknevicius2021soviet", "smith2020"]


def test_remove(tmp_path: Path):
    run("add", str(write_json(tmp_path / "b.json", BOOK)))
    result = run("remove", "smith2020", "miknevicius2021soviet", "--yes")
    assert (result.exit_code, result.stderr) == (
        0, "removed 2 records: smith2020, miknevicius2021soviet\n")
    assert run("list", "--format", "json").stdout == "[]\n"


def test_export_csl_json_is_schema_valid(shared: Path, tmp_path: Path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared / "schemas" / "csl-data.json").read_text(encoding="utf-8"))
    run("add", str(write_json(tmp_path / "b.json", {**BOOK, "keywords": ["a"], "x-y": 1})))
    exported = json.loads(run("export", "--to", "csl-json").stdout)
    jsonschema.validate(exported, schema)
    assert [item["id"] for item in exported] == ["miknevicius2021soviet", "smith2020"]


def test_export_to_a_file(tmp_path: Path):
    target = tmp_path / "refs.json"
    result = run("export", "miknevicius2021soviet", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))[0]["id"] == "miknevicius2021soviet"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".refs")] == []


def test_export_to_an_unwritable_place(tmp_path: Path):
    target = tmp_path / "missing-folder" / "refs.json"
    result = run("export", "-o", str(target))
    assert (result.exit_code, result.stderr) == (
        1, f"citekit: error: cannot write {target}: No such file or directory\n")


def test_styles_search_json():
    rows = json.loads(run("styles", "vancouver-nlm", "--format", "json").stdout)
    assert rows == [{"name": "vancouver-nlm", "aliases": ["vancouver"],
                     "title": "Vancouver - NLM (citation-sequence)", "class": "numeric",
                     "dependent": True, "parent": "nlm-citation-sequence"}]
    table = run("styles", "vancouver-nlm").stdout.splitlines()
    assert [cell.strip() for cell in table[3].split("│")[1:-1]] == [
        "vancouver-nlm", "vancouver", "Vancouver - NLM", "numeric", "nlm-citation-seque"]


def test_every_command_is_listed_for_loading_on_demand():
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(f"citekit.cli.{module}")
    assert sorted(cli.commands) == sorted(COMMAND_MODULES)


def test_every_command_has_help():
    context = click.Context(cli)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command is not None and command.help, f"{name} has no help text"
        result = run(name, "--help")
        assert result.exit_code == 0 and result.stdout.startswith(f"Usage: cli {name}")


def test_python_dash_m_and_console_script(tmp_path: Path):
    env = {**os.environ, "CITEKIT_LIBRARY": str(tmp_path / "lib.sqlite")}
    result = subprocess.run([sys.executable, "-m", "citekit", "cite"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, APA, "")


def test_library_file_is_real_sqlite(library_path: Path):
    run("cite")
    db = sqlite3.connect(library_path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_shared_folder_location_is_beside_the_checkout():
    assert SHARED.name == "shared"


def test_cite_shows_progress_only_for_a_thousand_records_on_a_terminal(monkeypatch):
    import io
    import sys

    from citekit.cli.cite import _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for records, stderr, shown in ((1000, Terminal(), True), (999, Terminal(), False),
                                   (1000, io.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stderr)
        with _progress(records) as progress:
            assert callable(progress) is shown
