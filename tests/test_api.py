"""The Python API: the README's example runs as written, and each call does what it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import citekit

PAPERS = Path(__file__).parent / "data" / "papers"
ZOTERO_RIS = "".join(f"{line}\n" for line in [
    "TY  - JOUR", "TI  - Literate programming", "AU  - Knuth, Donald E.", "T2  - The Computer Journal",
    "DA  - 1984/02//", "PY  - 1984", "DO  - 10.1093/comjnl/27.2.97", "SP  - 97", "EP  - 111", "VL  - 27",
    "IS  - 2", "ER  - ",
])


def test_the_readme_python_example_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]):
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API"):]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    (tmp_path / "zotero-export.ris").write_text(ZOTERO_RIS, encoding="utf-8")
    (tmp_path / "paper.md").write_text("As [@knuth1984literate, p. 97] and [@gone] wrote.\n",
                                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[:2] == [
        "Knuth, D. E. (1984). Literate programming. The Computer Journal, 27(2), 97–111. "
        "https://doi.org/10.1093/comjnl/27.2.97",
        "Miknevičius, G. (2021). Soviet Armed Forces in Lithuania in 1939–1941. Genocidas Ir Rezistencija, "
        "2(50), 7–36.",
    ]
    assert printed[2] == "(Knuth, 1984)"
    assert printed[3] == "@article{knuth1984literate,"
    assert "paper.md:1:37: no record gone" in printed
    assert printed[printed.index("paper.md:1:37: no record gone") + 1] == (
        "[1] D. E. Knuth, “Literate programming,” The Computer Journal, vol. 27, no. 2, pp. 97–111, "
        "Feb. 1984, doi: 10.1093/comjnl/27.2.97.")
    with citekit.Library.open(tmp_path / "refs.sqlite") as library:
        assert library.tags(["knuth1984literate"]) == {"knuth1984literate": ["thesis"]}


def test_find_tag_update_and_formats(tmp_path: Path):
    with citekit.Library.open(tmp_path / "lib.sqlite") as library:
        library.add(citekit.read_records(str(PAPERS / "library.json")))
        assert [r.key for r in library.find("type:book", limit=1)] == ["darwin1859origin"]
        library.tag(["darwin1859origin"], add=["evolution"])
        darwin = library.get("darwin1859origin")
        library.update(citekit.record_from_csl_json({**darwin.to_csl_json(), "edition": "1"}, "test"))
        assert library.get("darwin1859origin")["edition"] == "1"
        assert [r.key for r in library.find("tag:evolution")] == ["darwin1859origin"]
        ris = citekit.write_records([library.get("darwin1859origin")], "ris")
    assert ris.startswith("TY  - BOOK\r\nID  - darwin1859origin\r\n")  # RIS lines end in CRLF
    (back,) = citekit.read_records(str(_write(tmp_path / "d.ris", ris)))
    assert back["title"] == "On the origin of species by means of natural selection"
    with pytest.raises(citekit.CitekitError) as error:
        citekit.write_records([], "html")
    assert (str(error.value), error.value.exit_code) == ("citekit cannot write html", 2)


def test_references_of_a_paper():
    records = {r.key: r for r in citekit.read_records(str(PAPERS / "library.json"))}
    paper = citekit.read_paper("\\nocite{darwin1859origin} \\citet{knuth1984literate} \\cite{gone}", "x.tex")
    references = citekit.references_of(paper, records)
    assert [r.key for r in references.records] == ["knuth1984literate", "darwin1859origin"]
    assert references.missing_keys() == ["gone"]
    assert references.unused == sorted(set(records) - {"knuth1984literate", "darwin1859origin"})
    everything = citekit.references_of(
        citekit.read_paper("\\cite{knuth1984literate}\\nocite{*}", "y.tex"), records)
    assert [r.key for r in everything.records][:2] == ["knuth1984literate", "curie1898nouvelle"]
    assert len(everything.records) == 9 and everything.unused == []


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
