r"""BibTeX and BibLaTeX: citekit's exact exports, files as Zotero, JabRef, Mendeley and Better
BibTeX write them, broken files, the oracle corpus round trip, and independent readers
(bibtexparser; BibTeX itself with plain.bst) where they are installed."""

from __future__ import annotations

import copy
import json
import random
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import bibtex_with_plain_bst

from citekit.errors import MalformedFileError
from citekit.formats.bibtex import (
    looks_like_biblatex,
    looks_like_bibtex,
    read_biblatex,
    read_bibtex,
    write_biblatex,
    write_bibtex,
)
from citekit.model import ITEM_TYPES, Diagnostics, Record, record_from_csl_json
from citekit.seed import default_records


def make(item: dict) -> Record:
    return record_from_csl_json({"id": "k", "type": "article-journal", **item}, "test")


def read(text: str) -> tuple[list[dict], list[str]]:
    """The records' CSL-JSON, and the warnings then the entries skipped."""
    diagnostics = Diagnostics(strict=False)
    records = read_bibtex(text, "refs.bib", diagnostics)
    return [record.to_csl_json() for record in records], diagnostics.warnings + diagnostics.skipped


def field(text: str, name: str) -> str:
    """The raw value of one field in a one-entry export."""
    match = re.search(rf"^  {name} *= (.*?),?$", text, re.M)
    assert match, f"no {name} in {text}"
    return match.group(1)


def exported(item: dict, name: str, **options: bool) -> str:
    return field(write_bibtex([make(item)], **options), name)


def round_trip(item: dict, writer=write_bibtex) -> dict:
    (back,) = read_bibtex(writer([make(item)]), "rt.bib")
    return back.to_csl_json()


# ---------------------------------------------------------------- the default article


def test_default_article_bibtex_export_is_pinned():
    (record,) = default_records()
    abstract = record["abstract"].replace("–", "--")  # ASCII only: the en dash is --
    assert write_bibtex([record]) == (
        "@article{miknevicius2021soviet,\n"
        "  author    = {Miknevi{\\v{c}}ius, Gintautas},\n"
        "  title     = {Soviet {Armed} {Forces} in {Lithuania} in 1939--1941},\n"
        "  journal   = {Genocidas ir rezistencija},\n"
        "  year      = {2021},\n"
        "  month     = dec,\n"
        "  volume    = {2},\n"
        "  number    = {50},\n"
        "  pages     = {7--36},\n"
        "  language  = {en},\n"
        "  keywords  = {soviet occupation, soviet armed forces, soviet crimes},\n"
        f"  abstract  = {{{abstract}}},\n"
        "  copyright = {https://creativecommons.org/licenses/by/4.0/}\n"
        "}\n"
    )


def test_default_article_bibtex_export_matches_formats_md(shared: Path):
    text = (shared / "design" / "FORMATS.md").read_text(encoding="utf-8")
    example = text.split("## BibTeX (classic, 8-bit safe)", 1)[1].split("```")[1]
    value = r"(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\w+)"
    documented = dict(re.findall(rf"(\w+)\s*=\s*{value}", example))
    ours = dict(re.findall(rf"^  (\w+)\s*=\s*{value}", write_bibtex(default_records()), re.M))
    # The example leaves out what the default article has beyond it: abstract, language, licence.
    assert {name: ours[name] for name in documented} == documented
    assert set(ours) - set(documented) == {"abstract", "language", "copyright"}


def test_default_article_biblatex_export_is_pinned():
    (record,) = default_records()
    assert write_biblatex([record]) == (
        "@article{miknevicius2021soviet,\n"
        "  author       = {Miknevičius, Gintautas},\n"
        "  title        = {Soviet {Armed} {Forces} in {Lithuania} in 1939–1941},\n"
        "  journaltitle = {Genocidas ir rezistencija},\n"
        "  date         = {2021-12-28},\n"
        "  volume       = {2},\n"
        "  number       = {50},\n"
        "  pages        = {7--36},\n"
        "  langid       = {english},\n"
        "  keywords     = {soviet occupation, soviet armed forces, soviet crimes},\n"
        f"  abstract     = {{{record['abstract']}}}\n"
        "}\n"
    )


def test_unicode_option_writes_utf8_instead_of_accent_commands():
    text = write_bibtex(default_records(), unicode=True)
    assert field(text, "author") == "{Miknevičius, Gintautas}"
    assert field(text, "title") == "{Soviet {Armed} {Forces} in {Lithuania} in 1939–1941}"
    assert field(text, "month") == "dec"


def test_default_article_survives_each_dialect_but_what_it_cannot_hold():
    (record,) = default_records()
    original = record.to_csl_json()
    (from_bibtex,) = read_bibtex(write_bibtex([record]), "a.bib")
    (from_biblatex,) = read_biblatex(write_biblatex([record]), "a.bib")
    bibtex_expected = copy.deepcopy(original)
    bibtex_expected["issued"] = {"date-parts": [[2021, 12]]}  # BibTeX has no day
    bibtex_expected["custom"] = {"license": original["custom"]["license"]}  # copyright = licence URL
    biblatex_expected = {key: value for key, value in original.items() if key != "custom"}
    assert from_bibtex.to_csl_json() == bibtex_expected
    assert from_biblatex.to_csl_json() == biblatex_expected


# ---------------------------------------------------------------- writing


@pytest.mark.parametrize(
    ("family", "latex"),
    [
        ("Miknevičius", r"Miknevi{\v{c}}ius"),
        ("Žėkas", r"{\v{Z}}{\.e}kas"),
        ("Jūra", r"J{\=u}ra"),
        ("Ąžuolaitė", r"{\k{A}}{\v{z}}uolait{\.e}"),
        ("Schäffer", r"Sch{\"a}ffer"),
        ("Fernández", r"Fern{\'a}ndez"),
        ("Arıkan", r"Ar{\i}kan"),
        ("Łódź", r"{\L}{\'o}d{\'z}"),
        ("Straße", r"Stra{\ss}e"),
        ("Ørsted", r"{\O}rsted"),
        ("Ångström", r"{\AA}ngstr{\"o}m"),
        ("Yelekçi", r"Yelek{\c{c}}i"),
        ("Erdős", r"Erd{\H{o}}s"),
        ("Nguyễn", r"Nguy{\~{\^e}}n"),
        ("Đặng", r"{\DJ}{\u{\d{a}}}ng"),
    ],
)
def test_each_accent_is_one_braced_command(family: str, latex: str):
    assert exported({"author": [{"family": family}]}, "author") == "{" + latex + "}"


def test_latex_specials_are_escaped_with_balanced_braces():
    title = "a # b $ c % d & e _ f { g } h ~ i ^ j \\ k < l > m"
    assert exported({"title": title}, "title") == (
        r"{a \# b \$ c \% d \& e \_ f {\textbraceleft} g {\textbraceright} h {\textasciitilde} "
        r"i {\textasciicircum} j {\textbackslash} k {\textless} l {\textgreater} m}"
    )


def test_dashes_quotes_and_spaces_become_latex_and_literal_pairs_stay_apart():
    title = "1939–1941 — “quoted” ‘single’ no\u00a0break -- '' ``"
    assert exported({"title": title}, "title") == (
        r"{1939--1941 --- ``quoted'' {\textquoteleft}single{\textquoteright} no~break -{}- '{}' `{}`}"
    )


def test_characters_without_a_latex_form_stay_utf8_and_symbols_use_latexcodec():
    assert exported({"title": "青蒿 … 10 °C"}, "title") == r"{青蒿 {\ldots} 10 $^\circ${C}}"


def test_case_protection_braces_capitalised_words_after_the_first_and_acronyms():
    title = "Gapped BLAST and PSI-BLAST: A new generation of NumPy tools in Lithuania's 2D iPhone era"
    assert exported({"title": title}, "title") == (
        "{Gapped {BLAST} and {PSI-BLAST}: {A} new generation of {NumPy} tools in {Lithuania's} "
        "{2D} {iPhone} era}"
    )
    assert exported({"title": "NASA and the moon"}, "title") == "{{NASA} and the moon}"
    assert exported({"container-title": "Nature Physics"}, "journal") == "{Nature Physics}"


def test_rich_text_becomes_latex_commands():
    title = (
        'The <i>Escherichia coli</i> <b>K-12</b> H<sub>2</sub>O x<sup>2</sup> '
        '<span style="font-variant:small-caps;">Sc</span> <span class="nocase">de Gaulle</span> </i>'
    )
    assert exported({"title": title}, "title") == (
        r"{The \textit{{Escherichia} coli} \textbf{{K-12}} {H}\textsubscript{2}{O} x\textsuperscript{2} "
        r"\textsc{{Sc}} {de Gaulle} {\textless}/i{\textgreater}}"
    )


def test_a_protected_group_never_opens_with_a_control_sequence():
    # BibTeX reads {\&a} as one special character and changes the case of its letters.
    item = {"title": 'Soviet <span class="nocase">&a</span> _Abc <i>#1</i>'}
    assert exported(item, "title") == r"{Soviet {{\&}a} {{\_}Abc} \textit{{\#}1}}"
    assert round_trip(item) == make(item).to_csl_json()


def test_a_date_in_words_keeps_its_dashes_and_a_tie_stays_a_no_break_space():
    item = {"issued": {"literal": "Winter 1999–2000"}, "keyword": "10\u00a0km", "edition": "2\u00a0ed."}
    text = write_bibtex([make(item)])
    assert [field(text, name) for name in ("year", "keywords", "edition")] == [
        "{Winter 1999--2000}", "{10~km}", "{2~ed.}"
    ]
    assert round_trip(item) == make(item).to_csl_json()


def test_url_and_doi_stay_raw():
    item = {"URL": "https://example.org/a_b%20c~d#e", "DOI": "10.1007/978-3-319-46493-0_38"}
    assert exported(item, "url") == "{https://example.org/a_b%20c~d#e}"
    assert exported(item, "doi") == "{10.1007/978-3-319-46493-0_38}"


def test_ranges_use_double_hyphens_but_report_numbers_do_not():
    assert exported({"page": "7-36"}, "pages") == "{7--36}"
    assert exported({"page": "S12–S15, 20-22"}, "pages") == "{S12--S15, 20--22}"
    assert exported({"issue": "3-4"}, "number") == "{3--4}"
    assert exported({"type": "report", "number": "1999-66"}, "number") == "{1999-66}"


@pytest.mark.parametrize(
    ("issued", "year", "month"),
    [
        ({"date-parts": [[2021, 9, 28]]}, "{2021}", "sep"),
        ({"date-parts": [[1980]], "season": 4}, "{1980}", "{Winter}"),
        ({"date-parts": [[1996]], "season": "Spring/Summer"}, "{1996}", "{Spring/Summer}"),
        ({"date-parts": [[1751], [1772]]}, "{1751--1772}", None),
        ({"literal": "in press"}, "{in press}", None),
    ],
)
def test_dates_as_year_and_month_macro(issued: dict, year: str, month: str | None):
    text = write_bibtex([make({"issued": issued})])
    assert field(text, "year") == year
    assert (field(text, "month") if month else "month" not in text) in (month, True)


@pytest.mark.parametrize(
    ("name", "latex"),
    [
        ({"family": "Walt", "given": "Stéfan J.", "non-dropping-particle": "van der"},
         r"van der Walt, St{\'e}fan J."),
        ({"family": "Saussure", "given": "Ferdinand", "dropping-particle": "de"}, "Saussure, Ferdinand de"),
        ({"family": "Alembert", "given": "Jean le Rond", "non-dropping-particle": "d'"},
         "d'Alembert, Jean le Rond"),
        ({"family": "Plunkett", "given": "Guy", "suffix": "III"}, "Plunkett, III, Guy"),
        ({"family": "Fernández del Río", "given": "Jaime"}, r"{Fern{\'a}ndez del R{\'i}o}, Jaime"),
        ({"literal": "Barnes and Noble, Inc."}, "{Barnes and Noble, Inc.}"),
        ({"family": "Homer"}, "Homer"),
        ({"family": "屠", "given": "呦呦"}, "屠, 呦呦"),
    ],
)
def test_names_keep_their_parts(name: dict, latex: str):
    assert exported({"author": [name]}, "author") == "{" + latex + "}"
    assert round_trip({"author": [name]})["author"] == [name]


@pytest.mark.parametrize(
    ("item", "bibtex", "biblatex"),
    [
        ({"type": "thesis", "genre": "Doctoral dissertation"}, "phdthesis", "thesis"),
        ({"type": "thesis", "genre": "Master's thesis"}, "mastersthesis", "thesis"),
        ({"type": "chapter", "container-title": "Handbook"}, "incollection", "incollection"),
        ({"type": "chapter"}, "inbook", "incollection"),
        ({"type": "paper-conference"}, "inproceedings", "inproceedings"),
        ({"type": "report"}, "techreport", "report"),
        ({"type": "article-newspaper"}, "article", "article"),
        ({"type": "webpage"}, "misc", "online"),
        ({"type": "software"}, "misc", "software"),
        ({"type": "manuscript"}, "unpublished", "unpublished"),
    ],
)
def test_entry_types(item: dict, bibtex: str, biblatex: str):
    assert write_bibtex([make(item)]).startswith(f"@{bibtex}{{k,")
    assert write_biblatex([make(item)]).startswith(f"@{biblatex}{{k,")


def _surviving_types(writer) -> set[str]:
    kept = set()
    for csl_type in ITEM_TYPES:
        (back,) = read_bibtex(writer([make({"type": csl_type, "container-title": "C"})]), "t.bib")
        kept |= {csl_type} & {back.type}
    return kept


def test_item_types_that_survive_each_dialect():
    assert _surviving_types(write_bibtex) == {
        "article-journal", "book", "chapter", "document", "manuscript", "pamphlet", "paper-conference",
        "report", "thesis",
    }
    assert ITEM_TYPES - _surviving_types(write_biblatex) == {
        "article", "bill", "broadcast", "classic", "collection", "entry", "entry-dictionary", "event",
        "figure", "hearing", "interview", "map", "musical_score", "performance", "post", "post-weblog",
        "regulation", "review-book", "speech", "standard", "treaty",
    }


def test_biblatex_fields():
    item = {
        "type": "article-newspaper", "issue": "Spring", "publisher-place": "London", "language": "lt",
        "accessed": {"date-parts": [[2024, 3, 15]]}, "issued": {"date-parts": [[1980]], "season": 4},
        "PMID": "12345", "custom": {"license": "CC BY"},
    }
    text = write_biblatex([make(item)])
    assert [line.split("=")[0].strip() for line in text.splitlines()[1:-1]] == [
        "date", "issue", "location", "eprinttype", "eprint", "urldate", "entrysubtype", "langid",
    ]
    values = [field(text, name) for name in ("date", "issue", "langid")]
    assert values == ["{1980-24}", "{Spring}", "{lithuanian}"]
    without_licence = {key: value for key, value in make(item).items() if key != "custom"}
    assert round_trip(item, write_biblatex) == without_licence


def test_keys_are_made_ascii():
    record = record_from_csl_json({"id": "Čapek 1920,x", "type": "book"}, "t")
    assert write_bibtex([record]) == "@book{Capek_1920_x,\n}\n"


def test_corpus_bibtex_export_is_8bit_safe(shared: Path):
    records = _corpus(shared)
    text = write_bibtex(records)
    # What is left is what LaTeX has no command for: the Chinese and Japanese titles and names.
    assert {unicodedata.name(char).split()[0] for char in text if not char.isascii()} == {"CJK", "HIRAGANA"}


# ---------------------------------------------------------------- reading what the tools write

ZOTERO = """
@article{miknevicius_soviet_2021,
\ttitle = {Soviet {Armed} {Forces} in {Lithuania} in 1939–1941},
\tvolume = {2},
\tcopyright = {https://creativecommons.org/licenses/by/4.0/},
\tissn = {1648-3715},
\turl = {https://genocid.lt/journal/article/view/1},
\tdoi = {10.5281/zenodo.1},
\tabstract = {During the first period of bringing the Soviet armed forces into the country.},
\tlanguage = {en},
\tnumber = {50},
\turldate = {2024-03-15},
\tjournal = {Genocidas ir rezistencija},
\tauthor = {Miknevičius, Gintautas},
\tmonth = dec,
\tyear = {2021},
\tkeywords = {soviet armed forces, soviet crimes, soviet occupation},
\tpages = {7--36},
\tfile = {Full Text PDF:/home/u/Zotero/storage/AB12/Miknevicius.pdf:application/pdf},
}
"""

JABREF = r"""% Encoding: UTF-8

@String{gr = {Genocidas ir rezistencija}}

@Article{Miknevicius2021,
  author    = {Gintautas Miknevi{\v c}ius},
  journal   = gr,
  title     = {{Soviet Armed Forces in Lithuania in 1939--1941}},
  year      = {2021},
  month     = sept,
  number    = {50},
  pages     = {7--36},
  volume    = {2},
  owner     = {jdoe},
  timestamp = {2024-03-15},
}

@Comment{jabref-meta: databaseType:bibtex;}
"""

MENDELEY = r"""@article{Miknevicius2021,
abstract = {During the first period {\ldots} the Soviet Union {\textendash} to occupy Lithuania.},
author = {Miknevi{\v{c}}ius, Gintautas},
file = {:home/u/Mendeley Desktop/Miknevicius2021.pdf:pdf},
issn = {1648-3715},
journal = {Genocidas ir rezistencija},
keywords = {soviet armed forces,soviet crimes,soviet occupation},
mendeley-groups = {Thesis},
number = {50},
pages = {7--36},
title = {{Soviet Armed Forces in Lithuania in 1939–1941}},
url = {https://genocid.lt/journal/article/view/1{\_}2{\%}20x},
volume = {2},
year = {2021}
}
"""

BETTER_BIBLATEX = r"""@article{miknevicius2021soviet,
  title = {Soviet {{Armed Forces}} in {{Lithuania}} in 1939–1941},
  author = {Miknevičius, Gintautas and family=Walt, given=Stéfan J., prefix=van der, useprefix=true},
  date = {2021-12-28},
  journaltitle = {Genocidas ir rezistencija},
  shortjournal = {GiR},
  volume = {2},
  number = {50},
  pages = {7--36},
  doi = {10.5281/zenodo.1},
  urldate = {2024-03-15},
  langid = {english},
  keywords = {soviet armed forces,soviet crimes,soviet occupation},
  file = {/home/u/Zotero/storage/AB12/Miknevicius.pdf}
}
"""

CLASSIC = r"""Entries as people write them by hand: string macros, # and crossref.
@STRING{ nips = "Advances in Neural Information Processing Systems" }

@InProceedings{goodfellow2014,
  author = "Goodfellow, Ian J. and Pouget-Abadie, Jean and others",
  title = "Generative Adversarial Nets",
  crossref = "nips27",
  pages = "2672--2680",
}
@Proceedings{nips27,
  title = nips # " 27",
  editor = "Ghahramani, Z. and Welling, M.",
  publisher = {Curran Associates},
  year = 2014,
  month = "Dec. 8",
}
@book{saussure, author = {Ferdinand de Saussure}, title = {Cours de linguistique g\'en\'erale},
  year = {1916}, address = {Paris}}
@techreport{ipcc, author = {{Intergovernmental Panel on Climate Change}}, year = {2021--2022},
  title = {The {\em physical} basis of H$_2$O in {\LaTeX}: {de Gaulle} and {iPhone} \& {\"U}ber}}
@phdthesis{nash, author = {Nash, Jr., John F.}, title = {Non-cooperative games},
  school = {Princeton University}, year = 1950, month = may}
"""

SOURCE = {
    "id": "miknevicius2021soviet",
    "type": "article-journal",
    "title": "Soviet Armed Forces in Lithuania in 1939–1941",
    "author": [{"family": "Miknevičius", "given": "Gintautas"}],
    "container-title": "Genocidas ir rezistencija",
    "volume": "2",
    "issue": "50",
    "page": "7-36",
    "issued": {"date-parts": [[2021, 12]]},
}


def test_reads_zotero_bibtex():
    (item,), warnings = read(ZOTERO)
    assert item == {
        **SOURCE,
        "id": "miknevicius_soviet_2021",
        "ISSN": "1648-3715",
        "URL": "https://genocid.lt/journal/article/view/1",
        "DOI": "10.5281/zenodo.1",
        "abstract": "During the first period of bringing the Soviet armed forces into the country.",
        "language": "en",
        "accessed": {"date-parts": [[2024, 3, 15]]},
        "keyword": "soviet armed forces, soviet crimes, soviet occupation",
        "custom": {
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "file": "Full Text PDF:/home/u/Zotero/storage/AB12/Miknevicius.pdf:application/pdf",
        },
    }
    assert warnings == ["refs.bib:2 (miknevicius_soviet_2021): unknown fields kept under 'custom': file"]


def test_reads_jabref():
    (item,), warnings = read(JABREF)
    assert item == {
        **SOURCE,
        "id": "Miknevicius2021",
        "issued": {"date-parts": [[2021, 9]]},  # month = sept, a macro BibTeX lacks
        "custom": {"owner": "jdoe", "timestamp": "2024-03-15"},
    }
    assert warnings == ["refs.bib:5 (Miknevicius2021): unknown fields kept under 'custom': owner, timestamp"]


def test_reads_mendeley():
    (item,), warnings = read(MENDELEY)
    assert item == {
        **SOURCE,
        "id": "Miknevicius2021",
        "issued": {"date-parts": [[2021]]},
        "abstract": "During the first period … the Soviet Union – to occupy Lithuania.",
        "ISSN": "1648-3715",
        "URL": "https://genocid.lt/journal/article/view/1_2%20x",
        "keyword": "soviet armed forces,soviet crimes,soviet occupation",
        "custom": {"file": ":home/u/Mendeley Desktop/Miknevicius2021.pdf:pdf", "mendeley-groups": "Thesis"},
    }
    assert warnings == [
        "refs.bib:1 (Miknevicius2021): unknown fields kept under 'custom': file, mendeley-groups"
    ]


def test_reads_better_bibtex_biblatex():
    diagnostics = Diagnostics()
    (record,) = read_biblatex(BETTER_BIBLATEX, "refs.bib", diagnostics)
    assert record.to_csl_json() == {
        **SOURCE,
        "author": [
            {"family": "Miknevičius", "given": "Gintautas"},
            {"family": "Walt", "given": "Stéfan J.", "non-dropping-particle": "van der"},
        ],
        "issued": {"date-parts": [[2021, 12, 28]]},
        "container-title-short": "GiR",
        "DOI": "10.5281/zenodo.1",
        "accessed": {"date-parts": [[2024, 3, 15]]},
        "language": "en",
        "keyword": "soviet armed forces,soviet crimes,soviet occupation",
        "custom": {"file": "/home/u/Zotero/storage/AB12/Miknevicius.pdf"},
    }
    assert diagnostics.warnings == [
        "refs.bib:1 (miknevicius2021soviet): unknown fields kept under 'custom': file"
    ]


def test_reads_strings_concatenation_crossref_particles_and_latex():
    items, warnings = read(CLASSIC)
    editors = [{"family": "Ghahramani", "given": "Z."}, {"family": "Welling", "given": "M."}]
    assert items == [
        {
            "id": "goodfellow2014", "type": "paper-conference",
            "issued": {"date-parts": [[2014, 12, 8]]},
            "author": [
                {"family": "Goodfellow", "given": "Ian J."}, {"family": "Pouget-Abadie", "given": "Jean"}
            ],
            "title": "Generative Adversarial Nets", "page": "2672-2680",
            "container-title": "Advances in Neural Information Processing Systems 27",
            "editor": editors, "publisher": "Curran Associates",
        },
        {
            "id": "nips27", "type": "book", "issued": {"date-parts": [[2014, 12, 8]]},
            "title": "Advances in Neural Information Processing Systems 27", "editor": editors,
            "publisher": "Curran Associates",
        },
        {
            "id": "saussure", "type": "book", "issued": {"date-parts": [[1916]]},
            "author": [{"family": "Saussure", "given": "Ferdinand", "non-dropping-particle": "de"}],
            "title": "Cours de linguistique générale", "publisher-place": "Paris",
        },
        {
            "id": "ipcc", "type": "report", "issued": {"date-parts": [[2021], [2022]]},
            "author": [{"literal": "Intergovernmental Panel on Climate Change"}],
            "title": "The <i>physical</i> basis of H<sub>2</sub>O in LaTeX: "
                     '<span class="nocase">de Gaulle</span> and <span class="nocase">iPhone</span> & Über',
        },
        {
            "id": "nash", "type": "thesis", "issued": {"date-parts": [[1950, 5]]},
            "author": [{"family": "Nash", "given": "John F.", "suffix": "Jr."}],
            "title": "Non-cooperative games", "publisher": "Princeton University", "genre": "PhD thesis",
        },
    ]
    assert warnings == [
        "refs.bib:4 (goodfellow2014): 'and others' in 'author' dropped (CSL lists every name)"
    ]


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Miknevi{\v{c}}ius", "Miknevičius"),
        (r"Miknevi\v{c}ius", "Miknevičius"),
        (r"Miknevi\v cius", "Miknevičius"),
        (r"Miknevi{\v c}ius", "Miknevičius"),
        (r"{\k{a}}{\.e}{\=u}", "ąėū"),
        (r"R\'{\i}o R{\'\i}o R{\'i}o", "Río Río Río"),
        (r"Stra\ss e {\ss} \o{} \AA", "Straße ß ø Å"),
        (r"50\% \& \$5 \#1 a\_b \{x\} {\textbackslash}", "50% & $5 #1 a_b {x} \\"),
        (r"``a'' -- b --- c~d", "“a” – b — c\u00a0d"),
        (r"{\ldots} $\alpha$ \textdegree{} {\textquoteright}", "… α ° ’"),
        (r"\emph{a} {\it b} \textbf{c} \textsc{d}",
         '<i>a</i> <i>b</i> <b>c</b> <span style="font-variant:small-caps;">d</span>'),
        (r"\enquote{q} \url{http://x.org/~a_b} \href{http://x.org}{site}", "“q” http://x.org/~a_b site"),
        (r"{\noopsort{a}}Zeta \unknown{kept}", "Zeta kept"),
    ],
)
def test_latex_becomes_unicode(latex: str, text: str):
    (item,), _ = read(f"@misc{{k, title = {{{latex}}}}}")
    assert item["title"] == text


@pytest.mark.parametrize(
    ("latex", "name"),
    [
        ("Ludwig van Beethoven", {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}),
        (r"Charles de la Vall{\'e}e Poussin",
         {"family": "Vallée Poussin", "given": "Charles", "non-dropping-particle": "de la"}),
        ("D.~E. Knuth", {"family": "Knuth", "given": "D. E."}),
        ("family=Saussure, given=Ferdinand, prefix=de",
         {"family": "Saussure", "given": "Ferdinand", "dropping-particle": "de"}),
        ("{Barnes and Noble, Inc.}", {"literal": "Barnes and Noble, Inc."}),
        ("hooks, bell", {"family": "hooks", "given": "bell"}),
        (r"l'H{\^o}pital, Guillaume",
         {"family": "Hôpital", "given": "Guillaume", "non-dropping-particle": "l'"}),
    ],
)
def test_names(latex: str, name: dict):
    (item,), warnings = read(f"@book{{k, author = {{{latex}}}}}")
    assert (item["author"], warnings) == ([name], [])


def test_publication_states_and_eprints():
    items, _ = read(
        "@online{a, eprint = {1312.5602}, eprinttype = {arxiv}, pubstate = {inpress}}\n"
        "@article{b, eprint = {123}, eprinttype = {jstor}}\n@article{c, eprint = {99}, eprinttype = {pubmed}}"
    )
    read_back = [tuple(item.get(name) for name in ("number", "status", "PMID", "custom")) for item in items]
    assert read_back == [
        ("arXiv:1312.5602", "in press", None, None),
        (None, None, None, {"eprint": "jstor:123"}),
        (None, None, "99", None),
    ]
    assert field(write_biblatex([make({"status": "in press"})]), "pubstate") == "{inpress}"
    assert field(write_bibtex([make({"status": "in press"})]), "pubstate") == "{in press}"


@pytest.mark.parametrize(
    ("month", "date"),
    [
        ("dec", {"date-parts": [[2021, 12]]}),
        ("sept", {"date-parts": [[2021, 9]]}),
        ("{9}", {"date-parts": [[2021, 9]]}),
        ("{September}", {"date-parts": [[2021, 9]]}),
        ("{Sept.}", {"date-parts": [[2021, 9]]}),
        ('jul # "~15"', {"date-parts": [[2021, 7, 15]]}),
        ("{15 July}", {"date-parts": [[2021, 7, 15]]}),
        ("{jul--aug}", {"date-parts": [[2021, 7], [2021, 8]]}),
        ("{Winter}", {"date-parts": [[2021]], "season": 4}),
        ("{Spring/Summer}", {"date-parts": [[2021]], "season": "Spring/Summer"}),
    ],
)
def test_months(month: str, date: dict):
    (item,), warnings = read(f"@article{{k, year = 2021, month = {month}}}")
    assert (item["issued"], warnings) == (date, [])


def test_biblatex_dates():
    items, _ = read(
        "@article{a, date = {1751/1772}}\n@article{b, date = {1980-24}}\n@article{c, date = {2021~}}\n"
        "@article{d, date = {in press}}\n@article{e, year = {forthcoming}}"
    )
    assert [item["issued"] for item in items] == [
        {"date-parts": [[1751], [1772]]},
        {"date-parts": [[1980]], "season": 4},
        {"date-parts": [[2021]], "circa": True},
        {"literal": "in press"},
        {"literal": "forthcoming"},
    ]


def test_sniffing():
    assert looks_like_bibtex(JABREF) and looks_like_bibtex(ZOTERO)
    assert looks_like_biblatex(BETTER_BIBLATEX) and not looks_like_biblatex(ZOTERO)
    assert not looks_like_bibtex('[{"id": "a", "type": "book"}]')
    assert not looks_like_bibtex("TY  - JOUR\r\nER  - \r\n")


# ---------------------------------------------------------------- broken files

BROKEN = r"""@article{good1, title = {One}, year = 2001}

@article{missing_brace, title = {Two, year = 2002}

@article{good2, title = {Three}, year = 2003}
@article{noequals, title {Four}}
@book{, title = {no key}}
@article{good3,
  title = "Five",
  journal = undefinedmacro,
  year = 2005, month = 13, note = {a}, note = {b}
}
@weird{good4, title = {Six}}
@article{GOOD1, title = {again}}
@preamble{"\newcommand{\noopsort}[1]{}"}
@article{unterminated, title = {Seven},
"""


def test_broken_entries_are_skipped_with_located_warnings_and_the_rest_reads():
    items, warnings = read(BROKEN)
    assert [item["id"] for item in items] == ["good1", "good2", "good3", "good4"]
    assert items[2] == {
        "id": "good3", "type": "article-journal", "issued": {"date-parts": [[2005]]}, "title": "Five",
        "note": "a", "custom": {"month": "13"},
    }
    assert warnings == [
        "refs.bib:8: undefined @string macro 'undefinedmacro' read as empty",
        "refs.bib:8 (good3): duplicate field 'note' ignored",
        "refs.bib:15: @preamble ignored (it is LaTeX for a document)",
        "refs.bib:8 (good3): month '13' not understood; kept as 'custom.month'",
        "refs.bib:13 (good4): entry type '@weird' read as 'document'",
        "refs.bib:3: '}' expected (line 5)",
        "refs.bib:6: '=' expected (line 6)",
        "refs.bib:7: entry key expected (line 7)",
        "refs.bib:16: premature end of file (line 17)",
        "refs.bib:14: key 'GOOD1' repeats line 1",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("@article{a, title = {x}\n", "refs.bib:2:1: premature end of file"),
        ('@article{q, title = "open, year = 2000}\n', "refs.bib:1:40: unbalanced braces"),
        ('[{"id": "a", "type": "book"}]', "refs.bib:1:1: no BibTeX entry (@type{key, ...}) found"),
    ],
)
def test_a_file_where_nothing_parses_is_malformed(text: str, message: str):
    with pytest.raises(MalformedFileError) as error:
        read_bibtex(text, "refs.bib")
    assert str(error.value) == message


def test_empty_and_comment_only_files_hold_no_records():
    assert read_bibtex("", "a.bib") == []
    assert read_bibtex("% nothing\n@Comment{jabref-meta: databaseType:bibtex;}\n", "a.bib") == []


def test_crossref_to_a_missing_entry_is_reported_and_kept():
    items, warnings = read("@inproceedings{a, title = {T}, crossref = {nowhere}}")
    assert items[0]["custom"] == {"crossref": "nowhere"}
    assert warnings == [
        "refs.bib:1 (a): crossref 'nowhere' not found",
        "refs.bib:1 (a): unknown fields kept under 'custom': crossref",
    ]


def test_mangled_files_never_raise_anything_but_malformed_file_error():
    record = make({"title": "Ą <i>b</i> {c}", "author": [{"family": "Čapek"}], "page": "1-2"})
    text = write_bibtex([record] * 3)
    pieces = list("@{}()=,#\"\\%$&_~^'`-č \n") + ["\\v", "{\\", "@string{", " and ", "$\\", "month = "]
    rng = random.Random(8)
    for _ in range(400):
        mangled = text
        for _ in range(rng.randrange(1, 8)):
            position = rng.randrange(len(mangled) + 1)
            cut = rng.randrange(4)
            mangled = mangled[:position] + rng.choice(pieces) * (cut == 0) + mangled[position + cut :]
        try:
            read_bibtex(mangled, "m.bib", Diagnostics(strict=False))
        except MalformedFileError:
            pass


# ---------------------------------------------------------------- the oracle corpus round trip


def _corpus(shared: Path) -> list[Record]:
    items = json.loads((shared / "oracle" / "corpus.json").read_text(encoding="utf-8"))
    return [record_from_csl_json(item, "corpus") for item in items]


# What each dialect cannot hold (the module docstring lists the rest).
BIBTEX_TYPES = {"article-magazine": "article-journal", "article-newspaper": "article-journal",
                "article": "document", "webpage": "document", "dataset": "document", "software": "document"}


def after_bibtex(item: dict) -> dict:
    item = copy.deepcopy(item)
    item["type"] = BIBTEX_TYPES.get(item["type"], item["type"])
    parts = item.get("issued", {}).get("date-parts", [])
    if len(parts) == 1:
        del parts[0][2:]  # no day
    return item


def after_biblatex(item: dict) -> dict:
    item = copy.deepcopy(item)
    if item["type"] == "article":  # a preprint is written as @online
        item["type"] = "webpage"
    if isinstance(item.get("issued", {}).get("season"), str):
        del item["issued"]["season"]  # biblatex dates hold numbered seasons only
    if item.get("language", "").startswith("zh-"):
        item["language"] = "zh"  # langid names the language, not the region
    return item


@pytest.mark.parametrize(
    ("writer", "expected"),
    [(write_bibtex, after_bibtex), (lambda records: write_bibtex(records, unicode=True), after_bibtex),
     (write_biblatex, after_biblatex)],
    ids=["bibtex", "bibtex-unicode", "biblatex"],
)
def test_corpus_round_trip(shared: Path, writer, expected):
    records = _corpus(shared)
    diagnostics = Diagnostics()
    back = read_bibtex(writer(records), "corpus.bib", diagnostics)
    assert diagnostics.warnings == []
    assert [record.to_csl_json() for record in back] == [expected(record.to_csl_json()) for record in records]


# ---------------------------------------------------------------- independent readers


def test_bibtexparser_reads_both_exports_cleanly(shared: Path):
    bibtexparser = pytest.importorskip("bibtexparser", reason="bibtexparser (v2) is not installed")
    if not hasattr(bibtexparser, "parse_string"):
        pytest.skip("bibtexparser is older than version 2")
    from bibtexparser.middlewares import LatexDecodingMiddleware

    records = _corpus(shared) + default_records()
    for text in (write_bibtex(records), write_biblatex(records)):
        library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
        assert library.failed_blocks == []
        assert [entry.key for entry in library.entries] == [record.key for record in records]
        article = library.entries[-1]
        assert article["author"] == "Miknevičius, Gintautas"
        assert article["title"] == "Soviet Armed Forces in Lithuania in 1939–1941"


def test_bibtex_plain_bst_reads_the_default_article(tmp_path: Path):
    bbl, warnings = bibtex_with_plain_bst(tmp_path, write_bibtex(default_records()))
    assert warnings == ""
    entry = bbl.split("\\bibitem{miknevicius2021soviet}")[1].split("\\end")[0]
    assert re.sub(r"\s+", " ", entry).strip() == (
        r"Gintautas Miknevi{\v{c}}ius. \newblock Soviet {Armed} {Forces} in {Lithuania} in 1939--1941. "
        r"\newblock {\em Genocidas ir rezistencija}, 2(50):7--36, December 2021."
    )


def test_bibtex_plain_bst_reads_the_corpus(tmp_path: Path, shared: Path):
    bbl, warnings = bibtex_with_plain_bst(tmp_path, write_bibtex(_corpus(shared)))
    # Only what plain.bst's own model cannot express: a book with both author and editor,
    # an issue without a volume.
    assert warnings == (
        "Warning--can't use both author and editor fields in saussure1916\n"
        "Warning--there's a number but no volume in sokal1996"
    )
    assert bbl.count("\\bibitem{") == 49
    assert "Karel {\\v{C}}apek." in bbl
