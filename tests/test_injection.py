"""Injection-proof output: record text that holds the syntax of every output format stays text.

One hostile record carries, in each of its fields, what breaks out of HTML, LaTeX, RIS, EndNote,
RTF, Markdown and terminals. Each output is checked with a parser of its own syntax (and with the
real client, BibTeX, biber or pandoc, where it is installed) and, where citekit reads the format,
read back. What a format cannot hold is said where it is checked: LaTeX and the tagged formats have
no line break inside a value, TeX no control character.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from conftest import bibtex_with_plain_bst, run, write_json

from citekit import load_style, render_bibliography, render_citations
from citekit.formats import write_records
from citekit.formats.bibtex import read_bibtex
from citekit.formats.csl_json import read_csl_json
from citekit.formats.csl_yaml import read_csl_yaml
from citekit.formats.endnote import read_endnote
from citekit.formats.ris import read_ris
from citekit.model import Diagnostics, Record, record_from_csl_json

# Everything that could break out of some output format, in one string: HTML, entities, quotes,
# unbalanced braces, TeX commands (also as ^^5c, TeX's code for a backslash) and specials, every
# kind of line break, forged RIS and EndNote tags at the start of a line (and the blank line that
# ends an EndNote record), RTF control words, Markdown and pandoc syntax (a citation, @key), and
# terminal control: CSI, OSC ended by BEL, BEL, BS and the 8-bit CSI.
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> & &amp; \"dq\" 'sq' {} x} {y "
    "\\input{/etc/passwd} \\write18{rm -rf /} \\\\ ^^5c % # $ ^ _ ~ "
    "a\nb\r\nc\rd\u2028e\u2029f\tg\x0bh\x0ci\x85j\n\nER  - \nTY  - JOUR\n\n%0 Book\n%T Forged "
    "\\par {\\rtf1 \\u9999? *em* _em_ [x](javascript:alert(1)) `code`\n# h @key "
    "\x1b[31mred\x1b]0;title\x07 \x07\x08\x9b2J End"
)
HOSTILE_ITEM = {
    "id": "hostile2020", "type": "article-journal",
    "title": f"Title {HOSTILE}", "container-title": f"Journal {HOSTILE}",
    "author": [{"family": f"Hostile {HOSTILE}", "given": f"Ann {HOSTILE}"}, {"literal": f"Team {HOSTILE}"}],
    "publisher": f"Press {HOSTILE}", "abstract": f"Abstract {HOSTILE}", "note": f"Note {HOSTILE}",
    "URL": "https://example.org/?q=<script>&a=\"'{}\\input{/etc/passwd}^^5c%#$_~\n\x1b[31m",
    "DOI": "10.1000/<script>{}\\write18^^5c%#&\"'\x07end",
    "issued": {"date-parts": [[2020]]}, "volume": "1", "page": "1-2",
}
TEXT_FIELDS = ("title", "container-title", "publisher", "abstract", "note")

# HOSTILE as running text of HTML: markup escaped as citeproc-js escapes it (&#38; &#60; &#62;),
# straight quotes typographic (CSL rich text), each tab or line break one space, controls gone.
HTML_TEXT = (
    "&#60;script&#62;alert(1)&#60;/script&#62; &#60;img src=x onerror=alert(1)&#62; &#38; &#38;amp; "
    "“dq” ‘sq’ {} x} {y \\input{/etc/passwd} \\write18{rm -rf /} \\\\ ^^5c % # $ ^ _ ~ "
    "a b  c d e f g h i j  ER  -  TY  - JOUR  %0 Book %T Forged "
    "\\par {\\rtf1 \\u9999? *em* _em_ [x](javascript:alert(1)) `code` # h @key [31mred]0;title 2J End"
)
# The same in APA's title case (the journal's name), and HOSTILE as initials of a given name.
HTML_TITLE_CASE = (
    "&#60;script&#62;alert(1)&#60;/Script&#62; &#60;img Src=x Onerror=alert(1)&#62; &#38; &#38;amp; "
    "“Dq” ‘Sq’ {} X} {y \\input{/Etc/Passwd} \\write18{rm -Rf /} \\\\ ^^5c % # $ ^ _ ~ "
    "a b  c d e f g h i j  ER  -  TY  - JOUR  %0 Book %T Forged "
    "\\par {\\rtf1 \\u9999? *em* _em_ [x](Javascript:Alert(1)) `code` # h @key [31mred]0;Title 2J End"
)
HTML_INITIALS = (
    "A. &#60;. &#60;. src=x onerror=alert(1)&#62; &#38;. &#38;. \". ’. {. x} {. \\. \\. /. \\. ^. %. #. $. "
    "^. _. ~. a. b. c. d. e. f. g. h. i. j. E. T. J. %. B. %. F. \\. {. \\. *. _. [. `. #. h. @. [. 2. E."
)


def record(item: dict[str, Any]) -> Record:
    return record_from_csl_json(item, "hostile.json", Diagnostics())


@pytest.fixture(scope="module")
def hostile() -> Record:
    return record(HOSTILE_ITEM)


def control_characters(text: str) -> set[str]:
    """The control characters in ``text`` other than the line feeds that end its lines."""
    return {char for char in text if unicodedata.category(char) == "Cc" and char != "\n"}


# ---------------------------------------------------------------- HTML


def test_html_bibliography_of_the_hostile_record_in_apa(hostile: Record, tmp_path: Path):
    expected = (
        '<div class="csl-bib-body">\n'
        f'  <div class="csl-entry">Hostile {HTML_TEXT}, {HTML_INITIALS}, &#38; Team {HTML_TEXT}. (2020). '
        f"Title {HTML_TEXT}. <i>Journal {HTML_TITLE_CASE}</i>, <i>1</i>, 1–2. "
        "https://doi.org/10.1000/&#60;script&#62;{}\\write18^^5c%#&#38;\"'end</div>\n"
        "</div>\n"
    )
    assert render_bibliography([hostile], load_style("apa"), "html") == expected
    source = write_json(tmp_path / "hostile.json", [HOSTILE_ITEM])
    result = run("cite", "--from", str(source), "--style", "apa", "--format", "html")
    assert (result.exit_code, result.stdout) == (0, expected)


class _Markup(HTMLParser):
    """The tags, attributes and text an HTML parser finds."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[tuple[str, str | None]] = set()
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


STYLES = ("apa", "chicago-notes", "modern-language-association")


@pytest.mark.parametrize(("style", "render"), [
    *((style, render_bibliography) for style in (*STYLES, "ieee")),
    *((style, render_citations) for style in STYLES),  # IEEE cites by number: no record text
])
def test_html_holds_no_markup_from_record_text(hostile: Record, style: str, render: Any):
    html = render([hostile], load_style(style), "html")
    markup = _Markup(html)
    # Only the engine's own tags, with the engine's own attributes; no raw & < > in the source.
    assert markup.tags <= {"div", "i", "b", "sup", "sub", "span"}
    assert {name for name, _ in markup.attributes} <= {"class"}
    assert not re.search(r"<(?!/?(?:div|i|b|sup|sub|span)\b)|&(?!#(?:38|60|62);)", html)
    # The record's markup is there, as text.
    text = "".join(markup.text)
    assert "<script>alert(1)</script> <img src=x onerror=alert(1)> & &amp;" in text


def test_html_reads_only_the_rich_text_tags_of_csl():
    title = ('Kept <i>italic</i> <b>bold</b> x<sup>2</sup> H<sub>2</sub>O '
             '<span style="font-variant:small-caps;">caps</span> <span class="nocase">iPhone</span>; '
             'text <i onclick="alert(1)">i</i> <em>em</em> <a href="javascript:alert(1)">a</a> '
             '<span class="nocase" onmouseover="alert(1)">span</span>')
    entry = record({"id": "tags", "type": "article-journal", "title": title, "container-title": "J"})
    assert render_bibliography([entry], load_style("apa"), "html") == (
        '<div class="csl-bib-body">\n'
        '  <div class="csl-entry">Kept <i>italic</i> <b>bold</b> x<sup>2</sup> H<sub>2</sub>O '
        '<span style="font-variant:small-caps;">caps</span> iPhone; text &#60;i onclick="alert(1)"&#62;i'
        '&#60;/i&#62; &#60;em&#62;em&#60;/em&#62; &#60;a href="javascript:alert(1)"&#62;a&#60;/a&#62; '
        "span. (n.d.). <i>J</i>.</div>\n"
        "</div>\n"
    )


# ---------------------------------------------------------------- BibTeX and BibLaTeX

BIB_FORMATS = ["bibtex", "bibtex-utf8", "biblatex"]
_FIELD_START = re.compile(r"^  (\w+) *= \{", re.M)
_TEX_TOKEN = re.compile(r"\\([A-Za-z]+|.)|\^\^|([{}])|([^\\{}^]+|\^)", re.S)
# The commands the encoder writes for specials; anything else from record text would be a command.
_TEXT_COMMANDS = {"textbackslash", "textbraceleft", "textbraceright", "textless", "textgreater",
                  "textasciicircum", "textasciitilde", "#", "$", "%", "&", "_"}
_VERBATIM_FIELDS = {"url", "doi"}


def bib_fields(text: str) -> dict[str, str]:
    """Each braced field of a .bib file, found as BibTeX finds its end: by counting braces."""
    fields = {}
    for match in _FIELD_START.finditer(text):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        fields[match.group(1)] = text[match.end():end - 1]
    return fields


def tex_commands(latex: str) -> list[str]:
    """The control sequences TeX reads in ``latex`` (``^^`` counts: it writes any character)."""
    return [match.group(1) or "^^" for match in _TEX_TOKEN.finditer(latex)
            if match.group(1) or match.group() == "^^"]


def tex_text(latex: str) -> str:
    """What is left of ``latex`` outside commands and braces."""
    return "".join(match.group(3) or "" for match in _TEX_TOKEN.finditer(latex))


def balanced(text: str) -> bool:
    """Every brace closes one opened before it; BibTeX counts ``\\{`` and ``\\}`` too."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def as_tex_reads(text: str) -> str:
    """What comes back from LaTeX: white space (any line break, a tab) one space, no control characters."""
    text = "".join(char for char in text if unicodedata.category(char) != "Cc" or char.isspace())
    return " ".join(text.split())


@pytest.mark.parametrize("dialect", BIB_FORMATS)
def test_bibtex_fields_hold_no_command_from_record_text(hostile: Record, dialect: str):
    export = write_records([hostile], dialect)
    fields = bib_fields(export)
    assert set(fields) >= {"author", "title", "journal" if dialect != "biblatex" else "journaltitle",
                           "publisher", "abstract", "note", "url", "doi"}
    for name, value in fields.items():
        assert balanced(value), name
        assert "\n" not in value and not control_characters(value), name
        if name in _VERBATIM_FIELDS:
            # Raw, for url packages and biber; what TeX or a URL cannot hold is %-escaped.
            assert not set(value) & set("\\{}^ \t"), name
            continue
        assert set(tex_commands(value)) <= _TEXT_COMMANDS, name
        assert not set(tex_text(value)) & set("%#$&_^~"), name
    assert r"{\textbackslash}input{\textbraceleft}/etc/passwd{\textbraceright}" in fields["title"]
    assert r"{\textbackslash}write18" in fields["note"]
    assert r"{\textasciicircum}{\textasciicircum}5c \% \# \$ {\textasciicircum} \_ {\textasciitilde}" \
        in fields["abstract"]


@pytest.mark.parametrize("dialect", BIB_FORMATS)
def test_bibtex_reads_back_the_record_text(hostile: Record, dialect: str):
    (back,) = read_bibtex(write_records([hostile], dialect), "hostile.bib")
    data, original = back.to_csl_json(), hostile.to_csl_json()
    for name in TEXT_FIELDS:
        assert data[name] == as_tex_reads(original[name]), name
    assert data["author"] == [
        {"family": as_tex_reads(original["author"][0]["family"]),
         "given": as_tex_reads(original["author"][0]["given"])},
        {"literal": as_tex_reads(original["author"][1]["literal"])},
    ]
    # URL and DOI come back %-escaped where TeX could not hold them: the same URL, without the
    # tabs and line breaks a browser drops from a URL too.
    assert unquote(data["URL"]) == re.sub("[\t\n\r]", "", original["URL"])
    assert unquote(data["DOI"]) == original["DOI"]


def test_bibtex_names_split_only_where_the_record_does():
    item = {"id": "names", "type": "book", "title": "Names",
            "author": [{"family": "Smith\tand\nJones", "given": "Ann\tand Bob"}, {"literal": "X and Y"}]}
    names = bib_fields(write_records([record(item)], "bibtex"))["author"]
    assert names == "{Smith and Jones}, {Ann and Bob} and {X and Y}"
    (back,) = read_bibtex(write_records([record(item)], "bibtex"), "names.bib")
    assert back.to_csl_json()["author"] == [{"family": "Smith and Jones", "given": "Ann and Bob"},
                                            {"literal": "X and Y"}]


@pytest.mark.parametrize("dialect", ["bibtex", "bibtex-utf8"])
def test_bibtex_writes_a_bibliography_without_commands_from_record_text(hostile: Record, tmp_path: Path,
                                                                       dialect: str):
    bbl, _ = bibtex_with_plain_bst(tmp_path, write_records([hostile], dialect))
    assert balanced(bbl)
    structure = {"begin", "end", "bibitem", "newblock", "em"}
    assert set(tex_commands(bbl)) <= _TEXT_COMMANDS | structure


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed (Debian package biber)")
def test_biber_reads_the_biblatex_export_without_errors(hostile: Record, tmp_path: Path):
    (tmp_path / "refs.bib").write_text(write_records([hostile], "biblatex"), encoding="utf-8")
    result = subprocess.run(["biber", "--tool", "--validate-datamodel", "refs.bib"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    # (Its one warning is on the data model: an article has no publisher in biblatex.)
    assert not [line for line in result.stdout.splitlines() if line.startswith("ERROR")]


# ---------------------------------------------------------------- RIS and EndNote

TAG_LINES = {"ris": re.compile(r"[A-Z][A-Z0-9]  - "), "endnote": re.compile(r"%[0-9A-Z@!#$&()*+^>~\[\]|?] ")}
TAGGED_READERS = {"ris": read_ris, "endnote": read_endnote}


def on_one_line(text: str) -> str:
    """A value as the tagged formats hold it: each line break, with the white space around it, a space."""
    return re.sub(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+\s*", " ", text).strip()


@pytest.mark.parametrize("name", ["ris", "endnote"])
def test_every_tagged_line_starts_with_a_tag(hostile: Record, name: str):
    export = write_records([hostile, hostile], name)
    assert export.endswith("\r\n") and "\r\n\r\n" in export
    lines = export.removesuffix("\r\n").split("\r\n")
    # No line break of any kind inside a value: CRLF ends every line, and nothing else does.
    assert len(export.splitlines()) == len(lines)
    assert all(TAG_LINES[name].match(line) for line in lines if line), lines
    # Two records: RIS ends each with one ER line, EndNote starts each with one %0 line.
    first = "ER  - " if name == "ris" else "%0 "
    assert sum(line.startswith(first) for line in lines) == 2
    assert lines.count("") == 1


@pytest.mark.parametrize("name", ["ris", "endnote"])
def test_tagged_formats_read_back_the_record_text(hostile: Record, name: str):
    (back,) = TAGGED_READERS[name](write_records([hostile], name), f"hostile.{name}")
    data, original = back.to_csl_json(), hostile.to_csl_json()
    for field in (*TEXT_FIELDS, "URL", "DOI"):
        assert data[field] == on_one_line(original[field]), field
    # A person's name is read as words (white space between them is one space); a literal name whole.
    family, given = original["author"][0]["family"], original["author"][0]["given"]
    assert data["author"] == [{"family": " ".join(family.split()), "given": " ".join(given.split())},
                              {"literal": on_one_line(original["author"][1]["literal"])}]


# ---------------------------------------------------------------- CSL-JSON and CSL-YAML


@pytest.mark.parametrize(("name", "reader"), [("csl-json", read_csl_json), ("csl-yaml", read_csl_yaml)])
def test_csl_json_and_yaml_keep_every_character(hostile: Record, name: str, reader: Any):
    (back,) = reader(write_records([hostile], name), f"hostile.{name}")
    assert back.to_csl_json() == hostile.to_csl_json()


# ---------------------------------------------------------------- RTF

_RTF_TOKEN = re.compile(r"\\([a-z]+)(-?\d+)? ?|\\(.)|([{}])|([^\\{}]+)", re.S)


def test_rtf_escapes_control_words_from_record_text(hostile: Record):
    document = render_bibliography([hostile, record({**HOSTILE_ITEM, "id": "second"})],
                                   load_style("apa"), "rtf")
    header = "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n"
    assert document.startswith(header) and document.endswith("\\par\n}\n")
    entries = document.removeprefix(header).removesuffix("}\n").splitlines()
    assert len(entries) == 2
    for entry in entries:
        depth, words, text = 0, set[str](), []
        for word, number, symbol, brace, plain in _RTF_TOKEN.findall(entry):
            depth += {"{": 1, "}": -1}.get(brace, 0)
            assert depth >= 0  # nothing in an entry closes the document's group
            if word:
                words.add(word)
            assert symbol in ("", "\\", "{", "}")  # the only control symbols: escaped text
            text.append(chr(int(number) % 65536) if word == "u" else symbol or plain)
        assert depth == 0
        assert words <= {"i", "u", "par"}
        assert "\\par {\\rtf1 \\u9999? " in "".join(text)


def test_rtf_of_a_hostile_title():
    entry = record({"id": "t", "type": "article-journal", "title": HOSTILE})
    assert render_bibliography([entry], load_style("apa"), "rtf") == (
        "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n"
        "{\\i <script>alert(1)</script> <img src=x onerror=alert(1)> & &amp; \\u8220?dq\\u8221? "
        "\\u8216?sq\\u8217? \\{\\} x\\} \\{y \\\\input\\{/etc/passwd\\} \\\\write18\\{rm -rf /\\} \\\\\\\\ "
        "^^5c % # $ ^ _ ~ a b  c d e f g h i j  ER  -  TY  - JOUR  %0 Book %T Forged "
        "\\\\par \\{\\\\rtf1 \\\\u9999? *em* _em_ [x](javascript:alert(1)) `code` # h @key "
        "[31mred]0;title 2J End}. (n.d.).\\par\n}\n"
    )


# ---------------------------------------------------------------- Markdown

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None,
                                  reason="pandoc is not installed (apt-get install pandoc)")


def pandoc_html(markdown: str) -> str:
    return subprocess.run(["pandoc", "--from", "markdown", "--to", "html"], input=markdown,
                          capture_output=True, text=True, check=True, timeout=60).stdout


def test_markdown_escapes_what_pandoc_reads_as_markup():
    entry = record({"id": "t", "type": "article-journal", "title": HOSTILE})
    assert render_bibliography([entry], load_style("apa"), "markdown") == (
        r"*\<script\>alert(1)\</script\> \<img src=x onerror=alert(1)\> & \&amp; “dq” ‘sq’ {} x} {y "
        r"\\input{/etc/passwd} \\write18{rm -rf /} \\\\ \^\^5c % \# \$ \^ \_ \~ "
        "a b  c d e f g h i j  ER  -  TY  - JOUR  %0 Book %T Forged "
        r"\\par {\\rtf1 \\u9999? \*em\* \_em\_ \[x\](javascript:alert(1)) \`code\` \# h \@key "
        r"\[31mred\]0;title 2J End*. (n.d.)." "\n"
    )


@needs_pandoc
@pytest.mark.parametrize("render", [render_bibliography, render_citations])
def test_pandoc_reads_record_text_as_text(hostile: Record, render: Any):
    html = pandoc_html(render([hostile], load_style("apa"), "markdown"))
    markup = _Markup(html)
    assert markup.tags <= {"p", "em"} and not markup.attributes
    text = " ".join("".join(markup.text).split())
    assert "<script>alert(1)</script> <img src=x onerror=alert(1)> & &amp; “dq” ‘sq’ {} x} {y " \
           "\\input{/etc/passwd} \\write18{rm -rf /} \\\\ ^^5c % # $ ^ _ ~ " in text
    assert "[x](javascript:alert(1)) `code` # h @key" in text


# Titles that open an entry as pandoc would open a list, a quotation, a heading or a table.
BLOCK_TITLES = {
    "1. Numbered": "1\\. Numbered", "2020) Year": "2020\\) Year", "(a) Letter": "(a\\) Letter",
    "iv. Roman": "iv\\. Roman", "B. Capital": "B\\. Capital", "- Bullet": "\\- Bullet",
    "+ Plus": "\\+ Plus", "* Star": "\\* Star", ": Definition": "\\: Definition", "= Setext": "\\= Setext",
    "> Quote": "\\> Quote", "# Heading": "\\# Heading", "| Table": "\\| Table", "@key cites": "\\@key cites",
}


def block_entries() -> list[Record]:
    return [record({"id": f"k{number:02}", "type": "article-journal", "title": title, "container-title": "J",
                    "issued": "2020"}) for number, title in enumerate(BLOCK_TITLES)]


def test_markdown_entries_that_open_like_a_block_stay_paragraphs():
    markdown = render_bibliography(block_entries(), load_style("apa"), "markdown")
    paragraphs = markdown.removesuffix("\n").split("\n\n")
    assert sorted(paragraphs) == sorted(f"{escaped}. (2020). *J*." for escaped in BLOCK_TITLES.values())
    citations = render_citations(block_entries(), load_style("apa"), "markdown").splitlines()
    assert citations[:2] == ["(“1. Numbered,” 2020)", "(“2020) Year,” 2020)"]  # inside a line: as written


@needs_pandoc
def test_pandoc_reads_each_entry_as_a_paragraph():
    html = pandoc_html(render_bibliography(block_entries(), load_style("apa"), "markdown"))
    assert _Markup(html).tags == {"p", "em"}
    assert html.count("<p>") == len(BLOCK_TITLES)


# ---------------------------------------------------------------- terminal

# What citekit's terminal writer adds: italics and bold (SGR codes), and nothing else.
_CITEKIT_SGR = re.compile(r"\x1b\[(?:3|23|1|22|2|4|24)m")


def test_terminal_writer_passes_on_no_control_character_of_record_text(hostile: Record):
    output = render_bibliography([hostile], load_style("apa"), "terminal")
    assert "\x1b[3mJournal " in output and output.count("\n") == 1
    assert control_characters(_CITEKIT_SGR.sub("", output)) == set()
    assert "[31mred]0;title 2J End" in output  # the sequences' printable rest stays, as text


def test_a_date_written_as_text_loses_its_control_characters():
    entry = record({"id": "d", "type": "book", "title": "T", "issued": {"literal": "c.\x1b]0;pwn\x07 2020"}})
    style = load_style("apa")
    assert render_bibliography([entry], style, "terminal") == "\x1b[3mT\x1b[23m. (c.]0;pwn 2020).\n"
    assert render_citations([entry], style, "terminal") == "(\x1b[3mT\x1b[23m, c.]0;pwn 2020)\n"


def test_a_line_break_in_a_date_written_as_text_ends_no_markdown_paragraph():
    entry = record({"id": "d", "type": "book", "title": "T", "issued": {"literal": "2020\n\n1. List"}})
    assert render_bibliography([entry], load_style("apa"), "markdown") == "*T*. (2020  1. List).\n"


def test_a_line_break_in_a_date_written_as_text_splits_no_entry():
    entry = record({"id": "d", "type": "book", "title": "T", "issued": {"literal": "2020\nForged line"}})
    assert render_bibliography([entry], load_style("apa")) == "T. (2020 Forged line).\n"


def _on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """What ``citekit ARGS`` writes to a terminal (a pseudo-terminal as its stdout)."""
    pty = pytest.importorskip("pty", reason="no pseudo-terminals on this platform")
    primary, secondary = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "citekit", *args], stdout=secondary,
                          stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env) as process:
        os.close(secondary)
        chunks = []
        while True:  # read while it writes: a full terminal would block it
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # Linux: the terminal is closed once everything is read
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(primary)
        assert process.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_cite_on_a_terminal_draws_italics_and_no_record_control_sequence(tmp_path: Path):
    # A date written as text is the one value that reaches the engine uncleaned.
    item = {**HOSTILE_ITEM, "issued": {"literal": "2020\x1b[31m\x1b]0;pwn\x07\x1b]8;;https://evil\x1b\\x"}}
    source = write_json(tmp_path / "hostile.json", [item])
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="100000", CITEKIT_LIBRARY=str(tmp_path / "library.sqlite"))
    output = _on_a_terminal("cite", "--from", str(source), "--style", "apa", env=env)
    # rich draws the engine's italics (and resets them); every other escape sequence is gone.
    assert "\x1b[3mJournal " in output
    assert set(re.findall(r"\x1b\[[0-9;]*m", output)) == {"\x1b[3m", "\x1b[0m"}
    assert control_characters(re.sub(r"\x1b\[[0-9;]*m", "", output)) == set()
    assert output.count("\n") == 1


def test_library_views_print_no_record_control_sequence(tmp_path: Path):
    # A key is typed in papers: one that holds a control character is refused, and the message
    # that quotes it does not pass the sequence on.
    bad_key = [{"id": "evil\x1b]0;pwn\x07key", "type": "book"}]
    refused = run("add", str(write_json(tmp_path / "key.json", bad_key)))
    assert (refused.exit_code, refused.stderr) == (
        3, f"citekit: error: {tmp_path}/key.json, item 1, field 'id': 'evil\\x1b]0;pwn\\x07key' holds a "
           "character that is not printable\n")
    key = "evilkey"
    item = {"id": key, "type": "book", "title": f"Evil {HOSTILE}", "author": [{"family": "Fam\x1b[1m"}],
            "issued": {"literal": "2020\x1b[2J"}, "note": "bell\x07 back\x08 csi\x9b2J"}
    assert run("add", str(write_json(tmp_path / "evil.json", [item]))).exit_code == 0
    colour = {"FORCE_COLOR": "1", "COLUMNS": "300"}  # rich draws its own bold headers
    for args in (["list"], ["search", "evil"], ["show", key]):
        result = run(*args, env=colour)
        assert result.exit_code == 0, args
        assert "evilkey" in result.stdout and "\u2028" not in result.stdout
        assert set(re.findall(r"\x1b\[[0-9;]*m", result.stdout)) == {"\x1b[1m", "\x1b[0m"}, args
        assert control_characters(re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)) == set(), args
