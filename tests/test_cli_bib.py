"""``citekit bib``: a Markdown paper and a LaTeX paper, 20 citations each, through the CLI.

The expected bibliographies in tests/data/papers/expected/ are citekit's output, which was
checked entry for entry against citeproc-js 1.4.61 (the same records, the same order of
first citation, processCitationCluster then makeBibliography): identical in APA and IEEE.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run

PAPERS = Path(__file__).parent / "data" / "papers"
EXPECTED = PAPERS / "expected"
MARKDOWN, LATEX = PAPERS / "paper.md", PAPERS / "paper.tex"


@pytest.fixture(autouse=True)
def library() -> None:
    """The default article and the nine records the papers cite."""
    assert run("import", str(PAPERS / "library.json")).exit_code == 0


def expected(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("paper", [MARKDOWN, LATEX])
@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_the_bibliography_of_a_paper(paper: Path, style: str):
    result = run("bib", str(paper), "--style", style, "--allow-missing")
    assert result.exit_code == 0
    assert result.stdout == expected(f"{paper.name}.{style}.txt")
    line = {MARKDOWN: "59:50", LATEX: "39:16"}[paper]
    assert result.stderr == f"citekit: warning: {paper}:{line}: key 'nosuchkey2020' is not in the library\n"


def test_ieee_numbers_follow_the_first_citation_then_nocite():
    # Markdown: nocite (front matter) names Hopper and Curie first, but the text cites them last.
    numbered = [line.split("] ")[1].split(",")[0] for line in expected("paper.md.ieee.txt").splitlines()]
    assert numbered == ["A. M. Turing", "C. E. Shannon", "A. Einstein", "D. E. Knuth", "L. Lamport",
                        "C. Darwin", "J. D. Watson and F. H. C. Crick", "G. Miknevičius",
                        "P. Curie and M. Curie", "G. M. Hopper"]


@pytest.mark.parametrize(("paper", "line"), [(MARKDOWN, "59:50"), (LATEX, "39:16")])
def test_a_missing_key_fails_with_its_place(paper: Path, line: str):
    result = run("bib", str(paper))
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == f"citekit: error: {paper}:{line}: key 'nosuchkey2020' is not in the library\n"


def test_every_citation_of_a_missing_key_is_listed(tmp_path: Path):
    paper = tmp_path / "draft.md"
    paper.write_text("See [@gone; @knuth1984literate].\n\nAnd again @gone, with @other.\n", encoding="utf-8")
    result = run("bib", str(paper))
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == (f"citekit: error: {paper}:1:6: key 'gone' is not in the library\n"
                             f"citekit: error: {paper}:3:11: key 'gone' is not in the library\n"
                             f"citekit: error: {paper}:3:23: key 'other' is not in the library\n")


def test_export_writes_only_the_cited_records(tmp_path: Path):
    out = tmp_path / "refs.bib"
    result = run("bib", str(LATEX), "--export", "biblatex", "-o", str(out), "--allow-missing")
    assert (result.exit_code, result.stdout) == (0, "")
    assert out.read_text(encoding="utf-8") == expected("paper.tex.biblatex.bib")
    result = run("bib", str(MARKDOWN), "--export", "csl-json", "--allow-missing")
    assert [item["id"] for item in json.loads(result.stdout)] == [
        "turing1936computable", "shannon1948mathematical", "einstein1905electrodynamics", "knuth1984literate",
        "lamport1994latex", "darwin1859origin", "watson1953molecular", "miknevicius2021soviet",
        "curie1898nouvelle", "hopper1952education"]
    # Without --allow-missing a missing key writes nothing.
    out.unlink()
    assert run("bib", str(LATEX), "--export", "biblatex", "-o", str(out)).exit_code == 4
    assert not out.exists()


def test_check_reports_missing_and_unused_keys(tmp_path: Path):
    run("remove", "--yes", "darwin1859origin")
    run("add", str(PAPERS / "extra.json"))
    result = run("bib", "--check", str(MARKDOWN))
    assert (result.exit_code, result.stderr) == (4, "")
    assert result.stdout == (f"missing\tdarwin1859origin\t{MARKDOWN}:45:20\n"
                             f"missing\tdarwin1859origin\t{MARKDOWN}:48:13\n"
                             f"missing\tnosuchkey2020\t{MARKDOWN}:59:50\n"
                             "unused\tcrick1953genetical\n")
    report = json.loads(run("bib", "--check", str(LATEX), "--format", "json").stdout)
    assert report == {
        "paper": str(LATEX),
        "cited": ["turing1936computable", "shannon1948mathematical", "einstein1905electrodynamics",
                  "knuth1984literate", "lamport1994latex", "darwin1859origin", "watson1953molecular",
                  "miknevicius2021soviet", "curie1898nouvelle", "nosuchkey2020", "hopper1952education"],
        "missing": [{"key": "darwin1859origin", "line": 33, "column": 11},
                    {"key": "darwin1859origin", "line": 36, "column": 37},
                    {"key": "nosuchkey2020", "line": 39, "column": 16}],
        "unused": ["crick1953genetical"],
    }
    # Against a selection: the records tagged for this paper.
    run("tag", "knuth1984literate", "lamport1994latex", "crick1953genetical", "+paper1")
    clean = tmp_path / "short.tex"
    clean.write_text("\\cite{knuth1984literate} and \\cite{lamport1994latex}.\n", encoding="utf-8")
    result = run("bib", "--check", str(clean), "--where", "tag:paper1")
    assert (result.exit_code, result.stdout) == (0, "unused\tcrick1953genetical\n")


def test_nocite_star_takes_every_available_record(tmp_path: Path):
    paper = tmp_path / "all.tex"
    paper.write_text("Only \\cite{watson1953molecular} in the text.\\nocite{*}\n", encoding="utf-8")
    result = run("bib", str(paper), "--style", "ieee")
    lines = result.stdout.splitlines()
    assert len(lines) == 10 and lines[0].startswith("[1] J. D. Watson and F. H. C. Crick,")
    assert lines[1].startswith("[2] P. Curie and M. Curie,")  # then the rest, by key


def test_records_from_a_file_instead_of_the_library(tmp_path: Path):
    refs = tmp_path / "refs.bib"
    refs.write_text("@book{darwin1859origin, author = {Darwin, Charles}, title = {On the Origin of Species},"
                    " publisher = {John Murray}, year = 1859}\n", encoding="utf-8")
    paper = tmp_path / "p.md"
    paper.write_text("As [@darwin1859origin] showed.\n", encoding="utf-8")
    result = run("bib", str(paper), "--from", str(refs))
    assert (result.exit_code, result.stdout) == (
        0, "Darwin, C. (1859). On the Origin of Species. John Murray.\n")
    paper.write_text("As [@darwin1859origin; @knuth1984literate] showed.\n", encoding="utf-8")
    result = run("bib", str(paper), "--from", str(refs))
    assert (result.exit_code, result.stderr) == (
        4, f"citekit: error: {paper}:1:24: key 'knuth1984literate' is not in {refs}\n")


def test_a_paper_from_stdin_and_output_formats():
    result = run("bib", "-", "--kind", "latex", "--format", "html", input="\\citep{knuth1984literate}\n")
    assert result.stdout == (
        '<div class="csl-bib-body">\n'
        '  <div class="csl-entry">Knuth, D. E. (1984). Literate programming. <i>The Computer Journal</i>, '
        "<i>27</i>(2), 97–111. https://doi.org/10.1093/comjnl/27.2.97</div>\n</div>\n")
    assert run("bib", "-", "--format", "json", input="[@x]").exit_code == 2


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed (apt-get install pandoc)")
def test_the_readme_pandoc_pipeline_works_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """README, 'In pipelines': citekit exports what the paper cites; pandoc renders the paper with it."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    pipeline = re.search(r"\n(citekit bib paper\.md --export csl-json -o refs\.json)\n(pandoc .*)\n", readme)
    export, render = pipeline.groups()
    assert render == "pandoc paper.md --citeproc --bibliography refs.json -o paper.html"
    (tmp_path / "paper.md").write_text("Literate programming [@knuth1984literate, p. 97] needs typesetting "
                                       "[@lamport1994latex].\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(*shlex.split(export)[1:]).exit_code == 0
    subprocess.run(shlex.split(render), check=True)
    html = " ".join((tmp_path / "paper.html").read_text(encoding="utf-8").split())  # pandoc wraps lines
    assert html == (
        '<p>Literate programming <span class="citation" data-cites="knuth1984literate">(Knuth 1984, 97)'
        '</span> needs typesetting <span class="citation" data-cites="lamport1994latex">(Lamport 1994)'
        '</span>.</p> <div id="refs" class="references csl-bib-body hanging-indent" role="doc-bibliography"> '
        '<div id="ref-knuth1984literate" class="csl-entry" role="doc-biblioentry"> Knuth, Donald E. 1984. '
        '<span>“Literate Programming.”</span> <em>The Computer Journal</em> 27 (2): 97–111. '
        '<a href="https://doi.org/10.1093/comjnl/27.2.97">https://doi.org/10.1093/comjnl/27.2.97</a>. </div> '
        '<div id="ref-lamport1994latex" class="csl-entry" role="doc-biblioentry"> Lamport, Leslie. 1994. '
        '<em>LaTeX: A Document Preparation System</em>. 2nd ed. Reading, MA: Addison-Wesley. </div> </div>')
