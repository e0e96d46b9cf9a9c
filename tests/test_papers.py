"""Finding the citations in Markdown (pandoc) and LaTeX (natbib, biblatex) papers."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

import pytest

from citekit.errors import MalformedFileError, UnknownFormatError
from citekit.papers import CitedKey, Paper, read_paper

PAPERS = Path(__file__).parent / "data" / "papers"


def found(text: str, kind: str = "markdown") -> list[tuple[str, list[dict], list[tuple[str, int, int]]]]:
    """Each citation in ``text`` as (mode, cites, [(key, line, column)])."""
    paper = read_paper(text, "paper", kind)
    return [(citation.mode, citation.cites, [astuple(cited) for cited in citation.keys])
            for citation in paper.citations]


def positions(paper: Paper) -> list[tuple[str, int, int]]:
    """Every cited key of ``paper`` as (key, line, column)."""
    return [astuple(cited) for citation in paper.citations for cited in citation.keys]


# ---- Markdown ----

@pytest.mark.parametrize(("text", "citations"), [
    ("[@doe99]", [("normal", [{"id": "doe99"}], [("doe99", 1, 2)])]),
    ("Blah [see @doe99, pp. 33-35; -@smith04, ch. 1].", [("normal", [
        {"id": "doe99", "prefix": "see ", "locator": "33-35", "label": "page"},
        {"id": "smith04", "suppress-author": True, "locator": "1", "label": "chapter"},
    ], [("doe99", 1, 11), ("smith04", 1, 31)])]),
    ("[@doe99; @{odd key}, sec. 4]", [("normal", [
        {"id": "doe99"}, {"id": "odd key", "locator": "4", "label": "section"},
    ], [("doe99", 1, 2), ("odd key", 1, 10)])]),
    ("A cluster over lines [@doe99,\n  p. 33;\n  @roe05].", [("normal", [
        {"id": "doe99", "locator": "33", "label": "page"}, {"id": "roe05"},
    ], [("doe99", 1, 23), ("roe05", 3, 3)])]),
    # a bracket inside a cluster stays in its note; one around a cluster is text
    ("[@doe99, p. 33 [with a note; two]]",
     [("normal", [{"id": "doe99", "locator": "33", "label": "page", "suffix": " [with a note; two]"}],
       [("doe99", 1, 2)])]),
    ("[text [@doe99] more]", [("normal", [{"id": "doe99"}], [("doe99", 1, 8)])]),
    ("[see \\[1\\] in @doe99]",
     [("normal", [{"id": "doe99", "prefix": "see \\[1\\] in "}], [("doe99", 1, 15)])]),
])
def test_markdown_clusters(text, citations):
    assert found(text) == citations


@pytest.mark.parametrize(("text", "citations"), [
    ("@doe99 says so.", [("author-in-text", [{"id": "doe99"}], [("doe99", 1, 1)])]),
    ("As (@doe99) says", [("author-in-text", [{"id": "doe99"}], [("doe99", 1, 5)])]),
    ("@doe99 [p. 33] says",
     [("author-in-text", [{"id": "doe99", "locator": "33", "label": "page"}], [("doe99", 1, 1)])]),
    ("@doe99[chap. 2]", [("author-in-text", [{"id": "doe99", "locator": "2", "label": "chapter"}],
                          [("doe99", 1, 1)])]),
    ("says @doe99\n[p. 33]",
     [("author-in-text", [{"id": "doe99", "locator": "33", "label": "page"}], [("doe99", 1, 6)])]),
    ("@doe99 [and elsewhere]",
     [("author-in-text", [{"id": "doe99", "suffix": ", and elsewhere"}], [("doe99", 1, 1)])]),
    # as pandoc reads them: one citation, the first key in the text
    ("@doe99 [p. 33; @roe05]", [("author-in-text", [
        {"id": "doe99", "locator": "33", "label": "page"}, {"id": "roe05"},
    ], [("doe99", 1, 1), ("roe05", 1, 16)])]),
    ("@doe99 [@roe05, ch. 1]", [("author-in-text", [
        {"id": "doe99"}, {"id": "roe05", "locator": "1", "label": "chapter"},
    ], [("doe99", 1, 1), ("roe05", 1, 9)])]),
    ("-@doe99 [p. 33]",
     [("normal", [{"id": "doe99", "suppress-author": True, "locator": "33", "label": "page"}],
       [("doe99", 1, 2)])]),
    # a bracket that is a link or a note, or after a blank line, is not the key's
    ("@doe99 [a link](http://example.org)", [("author-in-text", [{"id": "doe99"}], [("doe99", 1, 1)])]),
    ("@doe99 [^1]", [("author-in-text", [{"id": "doe99"}], [("doe99", 1, 1)])]),
    ("@doe99\n\n[p. 33]", [("author-in-text", [{"id": "doe99"}], [("doe99", 1, 1)])]),
    ("@doe99 [p. 33; no key]", [("author-in-text", [{"id": "doe99"}], [("doe99", 1, 1)])]),
    ("@doe99 [see @roe05; no key]", [("author-in-text", [{"id": "doe99"}], [("doe99", 1, 1)]),
                                     ("author-in-text", [{"id": "roe05"}], [("roe05", 1, 13)])]),
    ("@doe99 [] says", [("author-in-text", [{"id": "doe99"}], [("doe99", 1, 1)])]),
])
def test_markdown_in_text_citations(text, citations):
    assert found(text) == citations


@pytest.mark.parametrize(("text", "keys"), [
    ("see @doe99.", [("doe99", 1, 5)]),
    ("@doe99, @roe05; and @smith:2004.b?", [("doe99", 1, 1), ("roe05", 1, 9), ("smith:2004.b", 1, 21)]),
    ("@Foo_bar--baz and @_under", [("Foo_bar", 1, 1), ("_under", 1, 19)]),
    ("@{https://example.com/bib?name=foobar&date=2000}",
     [("https://example.com/bib?name=foobar&date=2000", 1, 1)]),
    ("@Straße2020 and @2020report", [("Straße2020", 1, 1), ("2020report", 1, 17)]),
    # text that is not a cluster may hold in-text keys, as in pandoc
    ("[p. 33; @doe99]", [("doe99", 1, 9)]),
    ("^[A note citing @doe99.]", [("doe99", 1, 17)]),
    ("\\[@doe99\\]", [("doe99", 1, 3)]),
    ("[@doe99\n\nmore]", [("doe99", 1, 2)]),
    # an unclosed code span or comment is text
    ("a ` b @doe99", [("doe99", 1, 7)]),
    ("<!-- @doe99", [("doe99", 1, 6)]),
])
def test_markdown_keys_and_their_positions(text, keys):
    assert positions(read_paper(text, "paper.md")) == keys


@pytest.mark.parametrize("text", [
    "Write to jane@example.org or jane.roe@example.org.",
    "An escaped \\@doe99, and @ alone.",
    "[@doe99](https://example.org) is a link, ![@doe99](figure.png) an image.",
    "[a link](https://example.org/@doe99) and [some text].",
    "<https://example.org/@doe99>",
    "Inline `@doe99` and ``[@doe99] ` `` and ```@doe99```.",
    "Code over lines `a\n@doe99` ends.",
    "```\n@doe99\n```",
    "```` {.python}\n@decorator\n```\n@doe99\n````",  # a shorter fence does not close
    "~~~python\n[@doe99]\n~~~",
    "- a list\n\n    ```\n    @doe99\n    ```",
    "```\nnever closed\n@doe99",
    "<!-- @doe99 -->",
    "<!--\n[see @doe99]\n-->",
])
def test_markdown_text_that_cites_nothing(text):
    assert found(text) == []


def test_markdown_code_and_comments_end_where_they_close():
    text = "`@a` @b\n```\n@c\n```\n@d <!-- @e --> @f ``` @g ``` @h"
    assert [key for _, _, keys in found(text) for key, _, _ in keys] == ["b", "d", "f", "h"]


FRONT_MATTER = """---
title: On @notakey
nocite: |
  @a, @b
  and [@c]
...

Text citing @d and @a.
"""


def test_front_matter_nocite_keys_are_at_their_lines_in_the_file():
    paper = read_paper(FRONT_MATTER, "paper.md")
    assert found(FRONT_MATTER) == [
        ("nocite", [{"id": "a"}, {"id": "b"}, {"id": "c"}], [("a", 4, 3), ("b", 4, 7), ("c", 5, 8)]),
        ("author-in-text", [{"id": "d"}], [("d", 8, 13)]),
        ("author-in-text", [{"id": "a"}], [("a", 8, 20)]),
    ]
    assert paper.keys() == ["a", "b", "c", "d"]
    assert paper.occurrences("a") == [CitedKey("a", 4, 3), CitedKey("a", 8, 20)]
    assert paper.occurrences("zzz") == []
    assert not paper.cites_everything


@pytest.mark.parametrize(("text", "keys"), [
    ("---\nnocite:\n  - '@a'\n  - \"@b and @c\"\n---\n", [("a", 3, 6), ("b", 4, 6), ("c", 4, 13)]),
    ("---\nnocite: '[@a; @b]'\n---\n", [("a", 2, 11), ("b", 2, 15)]),
    ("---\nnocite: \"@\\x61\"\n---\n", [("a", 2, 9)]),  # written with an escape: at the string
    ("---\nnocite: 5\ntitle: x\n---\n@d", [("d", 5, 1)]),
    ("---\nnocite:\n  - {a: '@b'}\n  - '@a'\n---\n", [("a", 4, 6)]),
    ("---\n---\n@d", [("d", 3, 1)]),
])
def test_front_matter_nocite_forms(text, keys):
    assert positions(read_paper(text, "paper.md")) == keys


@pytest.mark.parametrize("nocite", ["'@*'", "'[@*]'", "|\n  @*", "\n  - '@a'\n  - '@*'"])
def test_front_matter_nocite_everything(nocite):
    paper = read_paper(f"---\nnocite: {nocite}\n---\n", "paper.md")
    assert paper.cites_everything
    assert paper.keys() in ([], ["a"])


@pytest.mark.parametrize(("text", "keys"), [
    ("Text\n\n---\nnocite: '@a'\n---\n", [("a", 4, 10)]),  # not at the top: text
    ("---\n\nnocite: '@a'\n---\n", [("a", 3, 10)]),        # a blank line after '---': a rule
    ("---\n- '@a'\n---\n", [("a", 2, 4)]),                 # not a mapping: text
    ("---\nnocite: '@a'\n", [("a", 2, 10)]),               # never closed
])
def test_what_is_not_front_matter_is_text(text, keys):
    paper = read_paper(text, "paper.md")
    assert [astuple(cited) for cited in paper.occurrences("a")] == keys
    assert {citation.mode for citation in paper.citations} == {"author-in-text"}


@pytest.mark.parametrize(("text", "where", "message"), [
    ("---\ntitle: x\n  bad: indent\n---\n", (3, 6),
     "paper.md:3:6: invalid YAML front matter: mapping values are not allowed here"),
    ("---\ntitle: x\nnocite: @a\n---\n", (3, 9),
     "paper.md:3:9: invalid YAML front matter: found character '@' that cannot start any token"),
])
def test_invalid_front_matter_is_a_malformed_file(text, where, message):
    with pytest.raises(MalformedFileError) as raised:
        read_paper(text, "paper.md")
    assert (raised.value.source, raised.value.line, raised.value.column) == ("paper.md", *where)
    assert str(raised.value) == message


def test_keys_are_deduplicated_in_order_of_first_citation():
    paper = read_paper("[@b; @a] @c [@a; -@b] and @b", "paper.md")
    assert paper.keys() == ["b", "a", "c"]
    assert paper.occurrences("b") == [CitedKey("b", 1, 2), CitedKey("b", 1, 19), CitedKey("b", 1, 27)]


# ---- LaTeX ----

@pytest.mark.parametrize(("text", "citations"), [
    ("\\cite{a}", [("normal", [{"id": "a"}], [("a", 1, 7)])]),
    ("\\cite{a, b,c}", [("normal", [{"id": "a"}, {"id": "b"}, {"id": "c"}],
                         [("a", 1, 7), ("b", 1, 10), ("c", 1, 12)])]),
    ("\\cite{ a,\n  b }", [("normal", [{"id": "a"}, {"id": "b"}], [("a", 1, 8), ("b", 2, 3)])]),
    ("\\citep[p.~33]{a}", [("normal", [{"id": "a", "locator": "33", "label": "page"}], [("a", 1, 15)])]),
    ("\\citep[33--35]{a}", [("normal", [{"id": "a", "locator": "33–35", "label": "page"}], [("a", 1, 16)])]),
    ("\\citep[see][pp.~33--35]{a,b}", [("normal", [
        {"id": "a", "prefix": "see "}, {"id": "b", "locator": "33–35", "label": "page"},
    ], [("a", 1, 25), ("b", 1, 27)])]),
    ("\\citep[see][]{a}", [("normal", [{"id": "a", "prefix": "see "}], [("a", 1, 15)])]),
    ("\\citep[][p.~3]{a}", [("normal", [{"id": "a", "locator": "3", "label": "page"}], [("a", 1, 16)])]),
    ("\\cite[see~also][chap.~2, note 4]{a}",
     [("normal", [{"id": "a", "prefix": "see also ", "locator": "2", "label": "chapter",
                   "suffix": ", note 4"}], [("a", 1, 34)])]),
    ("\\cite[and passim]{a}", [("normal", [{"id": "a", "suffix": ", and passim"}], [("a", 1, 19)])]),
    ("\\footcite[\\S~4]{a}", [("normal", [{"id": "a", "locator": "4", "label": "section"}], [("a", 1, 17)])]),
    ("\\parencite[p.\\,3]{a}", [("normal", [{"id": "a", "locator": "3", "label": "page"}], [("a", 1, 19)])]),
    ("\\parencite\n  [see]\n  [p. 3]\n  {a}",
     [("normal", [{"id": "a", "prefix": "see ", "locator": "3", "label": "page"}], [("a", 4, 4)])]),
    ("\\citeyearpar{a}", [("normal", [{"id": "a", "suppress-author": True}], [("a", 1, 14)])]),
    ("\\mycite{a}", [("normal", [{"id": "a"}], [("a", 1, 9)])]),
    ("\\nocite{a,b}", [("nocite", [{"id": "a"}, {"id": "b"}], [("a", 1, 9), ("b", 1, 11)])]),
])
def test_latex_cite_commands(text, citations):
    assert found(text, "latex") == citations


@pytest.mark.parametrize("command", ["citet", "citet*", "Citet", "citealt", "Citealt", "citeauthor",
                                     "citeauthor*", "Citeauthor", "textcite", "Textcite"])
def test_latex_author_in_text_commands(command):
    assert found(f"\\{command}{{a}}", "latex")[0][0] == "author-in-text"


@pytest.mark.parametrize("command", ["cite", "Cite", "cite*", "citep", "Citep", "citep*", "citealp",
                                     "citeyear", "parencite",
                                     "Parencite", "autocite", "Autocite", "footcite", "footcitetext",
                                     "smartcite", "supercite", "fullcite", "citetitle"])
def test_latex_normal_commands(command):
    assert found(f"\\{command}{{a}}", "latex")[0][0] == "normal"


@pytest.mark.parametrize(("text", "citations"), [
    ("\\cites(see)(passim)[ch.~1]{a}[see][p.~2]{b,c}", [("normal", [
        {"id": "a", "prefix": "see ", "locator": "1", "label": "chapter"},
        {"id": "b", "prefix": "see "},
        {"id": "c", "locator": "2", "label": "page", "suffix": ", passim"},
    ], [("a", 1, 28), ("b", 1, 42), ("c", 1, 44)])]),
    ("\\parencites(p.~9){a}{b}", [("normal", [{"id": "a"}, {"id": "b", "locator": "9", "label": "page"}],
                                   [("a", 1, 19), ("b", 1, 22)])]),
    ("\\textcites{a}\n  [p.~3]{b} [not a note] text", [("author-in-text", [
        {"id": "a"}, {"id": "b", "locator": "3", "label": "page"},
    ], [("a", 1, 12), ("b", 2, 10)])]),
    ("\\autocites[see]{a}{b}", [("normal", [{"id": "a", "suffix": ", see"}, {"id": "b"}],
                                 [("a", 1, 17), ("b", 1, 20)])]),
    ("\\Cites{a}{b}", [("normal", [{"id": "a"}, {"id": "b"}], [("a", 1, 8), ("b", 1, 11)])]),
    ("\\footcitetexts{a}\n{b}", [("normal", [{"id": "a"}, {"id": "b"}], [("a", 1, 16), ("b", 2, 2)])]),
])
def test_latex_multicites(text, citations):
    assert found(text, "latex") == citations


@pytest.mark.parametrize(("text", "keys"), [
    ("\\citetext{see \\citealp{a} or \\citealp{b}}", ["a", "b"]),  # natbib's citetext holds citations
    ("\\cite[see \\citealp{a}]{b}", ["b", "a"]),
    ("\\setcitestyle{authoryear} \\citestyle{apa} \\defcitealias{a}{Paper~I}", []),
    ("\\DeclareCiteCommand{\\cite}{x}{y} \\AtEveryCitekey{\\clearfield{note}}", []),
    ("\\newcommand{\\mycite}[1]{\\parencite{#1}} \\newcommand\\pcite[2]{\\cite[#2]{#1}}", []),
    ("\\citeindextrue and \\cite without braces", []),
])
def test_latex_commands_that_are_not_citations(text, keys):
    assert read_paper(text, "paper.tex").keys() == keys


@pytest.mark.parametrize("text", [
    "% \\cite{a}",
    "text % and \\cite{a}\n",
    "\\\\% \\cite{a}",
    "\\verb|\\cite{a}| and \\verb+\\cite{a}+ and \\verb*!\\cite{a}!",
    "\\verb|never closed \\cite{a}",
    "\\begin{verbatim}\n\\cite{a}\n\\end{verbatim}",
    "\\begin{Verbatim}[fontsize=\\small]\n\\cite{a}\n\\end{Verbatim}",
    "\\begin{lstlisting}\n\\cite{a}\n\\end{lstlisting}",
    "\\begin{minted}{latex}\n\\cite{a}\n\\end{minted}",
    "\\begin{comment}\n\\cite{a}\n\\end{comment}",
    "\\begin{verbatim*}\n\\cite{a}\n\\end{verbatim*}",
])
def test_latex_text_that_cites_nothing(text):
    assert found(text, "latex") == []


@pytest.mark.parametrize(("text", "keys"), [
    ("100\\% sure \\cite{a}", [("a", 1, 18)]),
    ("\\verb|x| \\cite{a}", [("a", 1, 16)]),
    ("\\begin{verbatim}\nx\n\\end{verbatim}\n\\cite{a}", [("a", 4, 7)]),
    ("\\cite{a% a comment\n  ,b}", [("a", 1, 7), ("b", 2, 4)]),
])
def test_latex_citations_after_skipped_text(text, keys):
    assert positions(read_paper(text, "paper.tex")) == keys


@pytest.mark.parametrize(("text", "keys"), [("\\nocite{*}", []), ("\\nocite{a, *}", ["a"])])
def test_latex_nocite_everything(text, keys):
    paper = read_paper(text, "paper.tex")
    assert paper.cites_everything
    assert paper.keys() == keys


def test_latex_without_nocite_everything():
    assert not read_paper("\\nocite{a}", "paper.tex").cites_everything


@pytest.mark.parametrize(("text", "where", "message"), [
    ("\\cite{a", (1, 1), "paper.tex:1:1: \\cite{ is not closed"),
    ("Text\n  \\parencite[p.~3]{a,\n b", (2, 3), "paper.tex:2:3: \\parencite{ is not closed"),
    ("\\cites{a}{b", (1, 1), "paper.tex:1:1: \\cites{ is not closed"),
    ("\\citet*{a", (1, 1), "paper.tex:1:1: \\citet*{ is not closed"),
])
def test_unclosed_cite_is_a_malformed_file(text, where, message):
    with pytest.raises(MalformedFileError) as raised:
        read_paper(text, "paper.tex")
    assert (raised.value.line, raised.value.column) == where
    assert str(raised.value) == message


# ---- the kind of paper ----

@pytest.mark.parametrize(("source", "text", "kind"), [
    ("paper.md", "\\cite{a}", "markdown"),
    ("paper.markdown", "", "markdown"),
    ("paper.mdown", "", "markdown"),
    ("paper.mkd", "", "markdown"),
    ("paper.Rmd", "", "markdown"),
    ("paper.qmd", "", "markdown"),
    ("notes.txt", "\\documentclass{article}", "markdown"),
    ("paper.tex", "@a", "latex"),
    ("paper.ltx", "", "latex"),
    ("chapter.LATEX", "", "latex"),
    ("<stdin>", "\\documentclass{article}", "latex"),
    ("<stdin>", "\\begin{document}", "latex"),
    ("<stdin>", "see \\citep[p.~3]{a}", "latex"),
    ("chapter.inc", "\\textcites\n  {a}{b}", "latex"),
    ("<stdin>", "see @a and \\emph{b}", "markdown"),
    ("paper", "", "markdown"),
])
def test_kind_by_suffix_then_by_content(source, text, kind):
    paper = read_paper(text, source)
    assert (paper.kind, paper.source) == (kind, source)


def test_kind_given_wins():
    assert read_paper("\\cite{a}", "paper.md", kind="latex").keys() == ["a"]


def test_unknown_kind():
    with pytest.raises(UnknownFormatError, match="unknown kind of paper 'rst'"):
        read_paper("", "paper.rst", kind="rst")


# ---- two realistic papers ----

MARKDOWN_PAPER = [
    ("hopper1952education", 8, 3, "nocite"),
    ("curie1898nouvelle", 8, 25, "nocite"),
    ("turing1936computable", 15, 39, "author-in-text"),
    ("turing1936computable", 16, 28, "normal"),
    ("shannon1948mathematical", 16, 59, "normal"),
    ("shannon1948mathematical", 17, 47, "normal"),
    ("einstein1905electrodynamics", 18, 6, "normal"),
    ("knuth1984literate", 25, 1, "author-in-text"),
    ("lamport1994latex", 26, 35, "normal"),
    ("knuth1984literate", 26, 61, "normal"),
    ("darwin1859origin", 45, 20, "normal"),
    ("watson1953molecular", 46, 3, "normal"),
    ("watson1953molecular", 46, 52, "author-in-text"),
    ("miknevicius2021soviet", 47, 59, "author-in-text"),
    ("darwin1859origin", 48, 13, "author-in-text"),
    ("curie1898nouvelle", 55, 28, "author-in-text"),
    ("hopper1952education", 55, 68, "author-in-text"),
    ("hopper1952education", 56, 15, "normal"),
    ("knuth1984literate", 56, 49, "normal"),
    ("lamport1994latex", 57, 19, "normal"),
    ("lamport1994latex", 57, 51, "normal"),
    ("nosuchkey2020", 59, 50, "normal"),
    ("shannon1948mathematical", 61, 31, "author-in-text"),
    ("turing1936computable", 62, 6, "normal"),
    ("einstein1905electrodynamics", 62, 29, "normal"),
    ("turing1936computable", 64, 37, "author-in-text"),
]

LATEX_PAPER = [
    ("turing1936computable", 13, 34, "author-in-text"),
    ("shannon1948mathematical", 14, 20, "normal"),
    ("einstein1905electrodynamics", 15, 13, "normal"),
    ("einstein1905electrodynamics", 15, 58, "author-in-text"),
    ("einstein1905electrodynamics", 17, 29, "normal"),
    ("knuth1984literate", 17, 80, "normal"),
    ("knuth1984literate", 20, 36, "normal"),
    ("lamport1994latex", 21, 8, "normal"),
    ("knuth1984literate", 21, 26, "normal"),
    ("lamport1994latex", 21, 71, "author-in-text"),
    ("knuth1984literate", 22, 21, "normal"),
    ("darwin1859origin", 33, 11, "author-in-text"),
    ("watson1953molecular", 33, 61, "normal"),
    ("miknevicius2021soviet", 34, 25, "normal"),
    ("curie1898nouvelle", 34, 63, "normal"),
    ("watson1953molecular", 35, 23, "author-in-text"),
    ("darwin1859origin", 36, 37, "normal"),
    ("watson1953molecular", 36, 55, "normal"),
    ("miknevicius2021soviet", 37, 3, "normal"),
    ("turing1936computable", 38, 4, "normal"),
    ("shannon1948mathematical", 38, 34, "normal"),
    ("nosuchkey2020", 39, 16, "normal"),
    ("turing1936computable", 39, 51, "author-in-text"),
    ("hopper1952education", 41, 9, "nocite"),
    ("curie1898nouvelle", 42, 9, "nocite"),
]


@pytest.mark.parametrize(("name", "kind", "expected", "missing"), [
    ("paper.md", "markdown", MARKDOWN_PAPER, CitedKey("nosuchkey2020", 59, 50)),
    ("paper.tex", "latex", LATEX_PAPER, CitedKey("nosuchkey2020", 39, 16)),
])
def test_realistic_papers(name, kind, expected, missing):
    path = PAPERS / name
    text = path.read_text(encoding="utf-8")
    paper = read_paper(text, str(path))
    assert paper.kind == kind
    assert not paper.cites_everything
    assert [(cited.key, cited.line, cited.column, citation.mode)
            for citation in paper.citations for cited in citation.keys] == expected
    assert paper.occurrences("nosuchkey2020") == [missing]
    # each position points at the key itself in the file
    lines = text.split("\n")
    for key, line, column, _ in expected:
        at = lines[line - 1][column - 1:]
        assert at.startswith((f"@{key}", f"@{{{key}}}") if kind == "markdown" else key)


def test_realistic_markdown_paper_cites():
    paper = read_paper((PAPERS / "paper.md").read_text(encoding="utf-8"), "paper.md")
    assert len(paper.citations) == 20
    assert paper.keys() == ["hopper1952education", "curie1898nouvelle", "turing1936computable",
                            "shannon1948mathematical", "einstein1905electrodynamics", "knuth1984literate",
                            "lamport1994latex", "darwin1859origin", "watson1953molecular",
                            "miknevicius2021soviet", "nosuchkey2020"]
    assert paper.citations[2].cites == [
        {"id": "turing1936computable", "prefix": "see ", "locator": "9", "label": "section"},
        {"id": "shannon1948mathematical"},
    ]
    assert paper.citations[10].cites == [
        {"id": "miknevicius2021soviet", "locator": "33-35", "label": "page"}, {"id": "darwin1859origin"},
    ]


def test_realistic_latex_paper_cites():
    paper = read_paper((PAPERS / "paper.tex").read_text(encoding="utf-8"), "paper.tex")
    assert len(paper.citations) == 20
    assert paper.keys() == ["turing1936computable", "shannon1948mathematical",
                            "einstein1905electrodynamics", "knuth1984literate", "lamport1994latex",
                            "darwin1859origin", "watson1953molecular", "miknevicius2021soviet",
                            "curie1898nouvelle", "nosuchkey2020", "hopper1952education"]
    assert paper.citations[4].cites == [{"id": "einstein1905electrodynamics", "suppress-author": True}]
    assert paper.citations[15].cites == [
        {"id": "darwin1859origin", "prefix": "see ", "locator": "4", "label": "chapter"},
        {"id": "watson1953molecular"},
        {"id": "miknevicius2021soviet", "suffix": ", and passim"},
    ]
