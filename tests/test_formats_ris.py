"""RIS: citekit's exact export, files as Zotero, Mendeley, EndNote, JabRef and OJS write them,
broken files, the oracle corpus round trip, and independent readers (rispy, bibutils' ris2xml)."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from citekit.errors import InvalidRecordError, MalformedFileError
from citekit.formats.ris import CODE_TYPES, TYPE_CODES, looks_like_ris, read_ris, write_ris
from citekit.model import ITEM_TYPES, Diagnostics, Record, record_from_csl_json
from citekit.seed import default_records


def make(item: dict) -> Record:
    return record_from_csl_json({"id": "k", "type": "article-journal", **item}, "test")


def read(text: str) -> tuple[list[dict], list[str]]:
    """The records' CSL-JSON, and the warnings then the entries skipped."""
    diagnostics = Diagnostics(strict=False)
    records = read_ris(text, "refs.ris", diagnostics)
    return [record.to_csl_json() for record in records], diagnostics.warnings + diagnostics.skipped


def lines_of(record: Record) -> list[str]:
    return write_ris([record]).split("\r\n")[2:-2]  # without TY, ID, ER and the final empty string


def round_trip(record: Record) -> dict:
    (back,) = read_ris(write_ris([record]), "rt.ris")
    return back.to_csl_json()


# ---------------------------------------------------------------- the default article


def test_default_article_export_is_pinned():
    (record,) = default_records()
    abstract = record["abstract"]  # one line already: written as it is
    assert write_ris([record]) == (
        "TY  - JOUR\r\n"
        "ID  - miknevicius2021soviet\r\n"
        "AU  - Miknevičius, Gintautas\r\n"
        "TI  - Soviet Armed Forces in Lithuania in 1939–1941\r\n"
        "T2  - Genocidas ir rezistencija\r\n"
        "PY  - 2021\r\n"
        "DA  - 2021/12/28/\r\n"
        "VL  - 2\r\n"
        "IS  - 50\r\n"
        "SP  - 7\r\n"
        "EP  - 36\r\n"
        f"AB  - {abstract}\r\n"
        "LA  - en\r\n"
        "KW  - soviet occupation\r\n"
        "KW  - soviet armed forces\r\n"
        "KW  - soviet crimes\r\n"
        "ER  - \r\n"
    )


def test_default_article_export_matches_the_formats_md_example(shared: Path):
    text = (shared / "design" / "FORMATS.md").read_text(encoding="utf-8")
    example = re.search(r"## RIS\n```\n(.*?)```", text, re.S)
    assert example is not None
    expected = example.group(1).splitlines()
    exported = write_ris(default_records()).split("\r\n")[:-1]
    # Field order may differ; citekit adds the citation key (ID) and the abstract (AB).
    assert sorted(exported) == sorted(expected + ["ID  - miknevicius2021soviet", exported[11]])
    assert exported[11].startswith("AB  - During the first period")
    assert (exported[0], exported[-1]) == ("TY  - JOUR", "ER  - ")


def test_default_article_survives_except_its_licence():
    (record,) = default_records()
    expected = record.to_csl_json()
    del expected["custom"]  # RIS has no licence tag
    assert round_trip(record) == expected


# ---------------------------------------------------------------- writing


def test_every_line_is_spec_exact_and_records_are_separated_by_a_blank_line():
    records = [make({"title": "One"}), make({"title": "Two", "abstract": "a\nb"})]
    text = write_ris(records)
    assert text == (
        "TY  - JOUR\r\nID  - k\r\nTI  - One\r\nER  - \r\n"
        "\r\n"
        "TY  - JOUR\r\nID  - k\r\nTI  - Two\r\nAB  - a b\r\nER  - \r\n"
    )
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")


def test_values_never_hold_a_line_break():
    record = make({"title": "A\r\n  title\u2028on\vlines", "note": "First.\n\nSecond."})
    assert lines_of(record) == ["TI  - A title on lines", "N1  - First. Second."]


def test_no_records_give_an_empty_file():
    assert write_ris([]) == ""


@pytest.mark.parametrize("name, line", [
    ({"family": "Walt", "given": "Stéfan J.", "non-dropping-particle": "van der"}, "van der Walt, Stéfan J."),
    ({"family": "Alembert", "given": "Jean le Rond", "non-dropping-particle": "d'"},
     "d'Alembert, Jean le Rond"),
    ({"family": "Saussure", "given": "Ferdinand", "dropping-particle": "de"}, "Saussure, Ferdinand de"),
    ({"family": "Plunkett", "given": "Guy", "suffix": "III"}, "Plunkett, Guy, III"),
    ({"family": "King", "suffix": "Jr."}, "King, , Jr."),
    ({"family": "Homer"}, "Homer"),
    ({"literal": "The pandas development team"}, "The pandas development team"),
    ({"literal": "University of California, Berkeley"}, "University of California, Berkeley,"),
    ({"literal": "UNESCO"}, "UNESCO,"),
])
def test_one_person_a_line_and_the_name_comes_back(name: dict, line: str):
    record = make({"author": [name]})
    assert lines_of(record) == [f"AU  - {line}"]
    assert round_trip(record)["author"] == [name]


def test_each_name_variable_has_its_tag():
    record = make({
        "author": [{"family": "A", "given": "B"}], "editor": [{"family": "E", "given": "F"}],
        "collection-editor": [{"family": "S", "given": "T"}], "translator": [{"family": "U", "given": "V"}],
    })
    assert lines_of(record) == ["AU  - A, B", "A2  - E, F", "A3  - S, T", "A4  - U, V"]
    assert round_trip(record) == record.to_csl_json()


@pytest.mark.parametrize("page, expected", [
    ("7-36", ["SP  - 7", "EP  - 36"]),
    ("7–36", ["SP  - 7", "EP  - 36"]),
    ("7 − 36", ["SP  - 7", "EP  - 36"]),
    ("S1--S10", ["SP  - S1", "EP  - S10"]),
    ("e124", ["SP  - e124"]),
    ("1-5, 7", ["SP  - 1-5, 7"]),
])
def test_page_ranges_split_into_sp_and_ep(page: str, expected: list[str]):
    assert lines_of(make({"page": page})) == expected


@pytest.mark.parametrize("issued, lines", [
    ({"date-parts": [[2021]]}, ["PY  - 2021"]),
    ({"date-parts": [[2021, 12]]}, ["PY  - 2021", "DA  - 2021/12//"]),
    ({"date-parts": [[800, 1, 2]]}, ["PY  - 0800", "DA  - 0800/01/02/"]),
    ({"date-parts": [[1751], [1772]]}, ["PY  - 1751", "DA  - 1751///1751/1772"]),
    ({"date-parts": [[2019, 3, 1], [2019, 4]]}, ["PY  - 2019", "DA  - 2019/03/01/2019-03-01/2019-04"]),
    ({"date-parts": [[1980]], "season": 4}, ["PY  - 1980", "DA  - 1980///Winter"]),
    ({"date-parts": [[1996]], "season": "Spring/Summer"}, ["PY  - 1996", "DA  - 1996///Spring/Summer"]),
    ({"literal": "in press"}, ["DA  - ///in press"]),
    ({"literal": "1999 - 2000"}, ["DA  - ///1999 - 2000"]),  # digits and dashes, yet no date: not a time
])
def test_dates_are_written_as_py_and_da_and_come_back(issued: dict, lines: list[str]):
    record = make({"issued": issued})
    assert lines_of(record) == lines
    assert round_trip(record)["issued"] == issued


def test_other_dates_and_standard_numbers():
    record = make({
        "accessed": {"date-parts": [[2024, 3, 15]]}, "original-date": {"date-parts": [[1905]]},
        "ISSN": "1648-3715", "ISBN": "978-0-201-89683-1", "number": "arXiv:1312.5602",
    })
    assert lines_of(record) == [
        "Y2  - 2024/03/15/", "OP  - 1905", "M1  - arXiv:1312.5602", "SN  - 1648-3715",
        "SN  - 978-0-201-89683-1",
    ]
    assert round_trip(record) == record.to_csl_json()


def test_two_people_of_one_name_stay_two_and_an_alias_tag_repeating_them_adds_none():
    record = make({"author": [{"family": "Wang", "given": "Li"}, {"family": "Wang", "given": "Li"}]})
    assert lines_of(record) == ["AU  - Wang, Li", "AU  - Wang, Li"]
    assert round_trip(record) == record.to_csl_json()
    records, warnings = read(
        "TY  - JOUR\nAU  - Wang, Li\nAU  - Wang, Li\nA1  - Wang, Li\nA1  - Kim, Ji\nER  - \n")
    wang, kim = {"family": "Wang", "given": "Li"}, {"family": "Kim", "given": "Ji"}
    assert (records[0]["author"], warnings) == ([wang, wang, kim], [])


def test_one_keyword_a_line():
    record = make({"keyword": "war; occupation, army"})
    assert lines_of(record) == ["KW  - war", "KW  - occupation", "KW  - army"]


def test_every_csl_type_has_a_code_and_distinct_codes_come_back():
    assert set(TYPE_CODES) <= ITEM_TYPES
    for csl_type in sorted(ITEM_TYPES):
        record = make({"type": csl_type, "title": "T"})
        code = TYPE_CODES.get(csl_type, "GEN")
        assert write_ris([record]).startswith(f"TY  - {code}\r\n")
        assert round_trip(record)["type"] == CODE_TYPES[code]
    lost = sorted(t for t in ITEM_TYPES if CODE_TYPES[TYPE_CODES.get(t, "GEN")] != t)
    assert lost == ["broadcast", "collection", "entry", "event", "interview", "performance",
                    "review", "review-book", "treaty"]


def test_software_version_and_unknown_tags_kept_from_a_file_are_written_back():
    text = "TY  - COMP\nTI  - pandas\nET  - 1.0.0\nRP  - Not In File\nU1  - one\nU1  - two\nER  - \n"
    (record,) = read_ris(text, "refs.ris")
    assert record["version"] == "1.0.0"
    assert record["custom"] == {"ris": {"RP": ["Not In File"], "U1": ["one", "two"]}}
    assert lines_of(record) == ["TI  - pandas", "ET  - 1.0.0", "RP  - Not In File", "U1  - one", "U1  - two"]


# ---------------------------------------------------------------- files as the tools write them

ABSTRACT = "During the first period of bringing the Soviet armed forces into the country ..."

ZOTERO = (  # Zotero 7: CRLF, Zotero's tag order, an access time in Y2, notes as HTML in N1
    "TY  - JOUR\r\n"
    "TI  - Soviet Armed Forces in Lithuania in 1939–1941\r\n"
    "AU  - Miknevičius, Gintautas\r\n"
    "T2  - Genocidas ir rezistencija\r\n"
    f"AB  - {ABSTRACT}\r\n"
    "DA  - 2021/12/28/\r\n"
    "PY  - 2021\r\n"
    "DO  - 10.5555/gr.2021.50.1\r\n"
    "VL  - 2\r\n"
    "IS  - 50\r\n"
    "SP  - 7\r\n"
    "EP  - 36\r\n"
    "J2  - Genocidas rezist.\r\n"
    "LA  - en\r\n"
    "SN  - 1648-3715\r\n"
    "UR  - https://example.org/gr/article/view/1\r\n"
    "Y2  - 2024/03/15/09:41:07\r\n"
    "N1  - <p>Read for chapter 2.</p>\r\n"
    "KW  - soviet occupation\r\n"
    "KW  - soviet armed forces\r\n"
    "ER  - \r\n"
    "\r\n"
)

ARTICLE = {
    "type": "article-journal",
    "title": "Soviet Armed Forces in Lithuania in 1939–1941",
    "author": [{"family": "Miknevičius", "given": "Gintautas"}],
    "container-title": "Genocidas ir rezistencija",
    "issued": {"date-parts": [[2021, 12, 28]]},
    "volume": "2",
    "issue": "50",
    "page": "7-36",
}


def test_reads_a_zotero_export():
    records, warnings = read(ZOTERO)
    assert records == [{
        **ARTICLE, "id": "miknevicius2021soviet", "abstract": ABSTRACT, "DOI": "10.5555/gr.2021.50.1",
        "container-title-short": "Genocidas rezist.", "language": "en", "ISSN": "1648-3715",
        "URL": "https://example.org/gr/article/view/1", "accessed": {"date-parts": [[2024, 3, 15]]},
        "note": "<p>Read for chapter 2.</p>", "keyword": "soviet occupation, soviet armed forces",
    }]
    assert warnings == []


MENDELEY = (  # Mendeley Desktop: tags in alphabetical order, LF, the whole page range in SP, a numeric ID
    "TY  - JOUR\n"
    f"AB  - {ABSTRACT}\n"
    "AU  - Miknevičius, Gintautas\n"
    "DO  - 10.5555/gr.2021.50.1\n"
    "ID  - 1042\n"
    "IS  - 50\n"
    "JF  - Genocidas ir rezistencija\n"
    "KW  - soviet occupation\n"
    "N1  - Cited by 3\n"
    "PY  - 2021\n"
    "SP  - 7-36\n"
    "TI  - Soviet Armed Forces in Lithuania in 1939–1941\n"
    "UR  - https://example.org/gr/article/view/1\n"
    "VL  - 2\n"
    "ER  - \n"
)


def test_reads_a_mendeley_export_with_the_range_in_sp():
    records, warnings = read(MENDELEY)
    assert records == [{
        **ARTICLE, "id": "1042", "issued": {"date-parts": [[2021]]}, "abstract": ABSTRACT,
        "DOI": "10.5555/gr.2021.50.1", "keyword": "soviet occupation", "note": "Cited by 3",
        "URL": "https://example.org/gr/article/view/1",
    }]
    assert warnings == []


ENDNOTE = (  # EndNote 20 "RefMan (RIS) Export": BOM, CRLF, T1/JO/JA/Y1/N2, the DOI in M3, a wrapped abstract
    "\ufeffTY  - JOUR\r\n"
    "AU  - Miknevičius, Gintautas\r\n"
    "T1  - Soviet Armed Forces in Lithuania in 1939–1941\r\n"
    "JO  - Genocidas ir rezistencija\r\n"
    "JA  - Genocid. Rezist.\r\n"
    "Y1  - 2021/12/28/\r\n"
    "VL  - 2\r\n"
    "IS  - 50\r\n"
    "SP  - 7\r\n"
    "EP  - 36\r\n"
    "N2  - During the first period of bringing the Soviet\r\n"
    "armed forces into the country ...\r\n"
    "SN  - 1648-3715\r\n"
    "M3  - doi: 10.5555/gr.2021.50.1\r\n"
    "KW  - soviet occupation\r\n"
    "soviet armed forces\r\n"
    "PB  - Genocide and Resistance Research Centre of Lithuania\r\n"
    "CY  - Vilnius\r\n"
    "RP  - NOT IN FILE\r\n"
    "ER  - \r\n"
)


def test_reads_an_endnote_export():
    records, warnings = read(ENDNOTE)
    assert records == [{
        **ARTICLE, "id": "miknevicius2021soviet", "container-title-short": "Genocid. Rezist.",
        "abstract": ABSTRACT,
        "ISSN": "1648-3715", "DOI": "10.5555/gr.2021.50.1",
        "keyword": "soviet occupation, soviet armed forces",
        "publisher": "Genocide and Resistance Research Centre of Lithuania", "publisher-place": "Vilnius",
        "custom": {"ris": {"RP": ["NOT IN FILE"]}},
    }]
    assert warnings == ["refs.ris:19: tag 'RP' has no CSL variable; kept as 'custom.ris.RP'"]


JABREF = (  # JabRef 5: LF, JO for the journal, the keywords in one KW, the BibTeX key as ID
    "TY  - JOUR\n"
    "AU  - Miknevičius, Gintautas\n"
    "PY  - 2021\n"
    "TI  - Soviet Armed Forces in Lithuania in 1939–1941\n"
    "JO  - Genocidas ir rezistencija\n"
    "SP  - 7\n"
    "EP  - 36\n"
    "VL  - 2\n"
    "IS  - 50\n"
    "KW  - soviet occupation, soviet armed forces, soviet crimes\n"
    "ID  - miknevicius2021soviet\n"
    "ER  - \n"
    "\n"
    "TY  - BOOK\n"
    "AU  - Knuth, Donald E.\n"
    "PY  - 1997\n"
    "TI  - The art of computer programming\n"
    "PB  - Addison-Wesley\n"
    "ET  - 3\n"
    "SN  - 978-0-201-89683-1\n"
    "ID  - knuth1997\n"
    "ER  - \n"
)


def test_reads_a_jabref_export():
    records, warnings = read(JABREF)
    assert records == [
        {**ARTICLE, "id": "miknevicius2021soviet", "issued": {"date-parts": [[2021]]},
         "keyword": "soviet occupation, soviet armed forces, soviet crimes"},
        {"id": "knuth1997", "type": "book", "author": [{"family": "Knuth", "given": "Donald E."}],
         "issued": {"date-parts": [[1997]]}, "title": "The art of computer programming",
         "publisher": "Addison-Wesley", "edition": "3", "ISBN": "978-0-201-89683-1"},
    ]
    assert warnings == []


OJS = (  # Open Journal Systems 3 (citationStyleLanguage plugin): the whole range in SP, JF/JA, DA without "/"
    "TY  - JOUR\n"
    "AU  - Miknevičius, Gintautas\n"
    "PY  - 2021\n"
    "DA  - 2021/12/28\n"
    "TI  - Soviet Armed Forces in Lithuania in 1939–1941\n"
    "JF  - Genocidas ir rezistencija\n"
    "JA  - GR\n"
    "VL  - 2\n"
    "IS  - 50\n"
    "SE  - Articles\n"
    "DO  - https://doi.org/10.5555/gr.2021.50.1\n"
    "UR  - https://example.org/gr/article/view/1\n"
    "SP  - 7-36\n"
    f"AB  - {ABSTRACT}\n"
    "ER  - \n"
)


def test_reads_an_ojs_export_and_splits_its_page_range_on_export():
    records, warnings = read(OJS)
    assert records == [{
        **ARTICLE, "id": "miknevicius2021soviet", "container-title-short": "GR", "section": "Articles",
        "DOI": "10.5555/gr.2021.50.1", "URL": "https://example.org/gr/article/view/1", "abstract": ABSTRACT,
    }]
    assert warnings == []
    assert ["SP  - 7", "EP  - 36"] == [line for line in write_ris(read_ris(OJS, "ojs.ris")).split("\r\n")
                                       if line[:2] in ("SP", "EP")]


@pytest.mark.parametrize("code, csl_type", [
    ("JOUR", "article-journal"), ("BOOK", "book"), ("CHAP", "chapter"), ("THES", "thesis"),
    ("RPRT", "report"),
    ("CONF", "paper-conference"), ("CPAPER", "paper-conference"), ("ELEC", "webpage"), ("WEB", "webpage"),
    ("NEWS", "article-newspaper"), ("MGZN", "article-magazine"), ("DATA", "dataset"), ("COMP", "software"),
    ("GEN", "document"), ("EJOUR", "article-journal"), ("EBOOK", "book"), ("ECHAP", "chapter"),
    ("EDBOOK", "book"), ("UNPB", "article"), ("INPR", "article-journal"), ("BLOG", "post-weblog"),
    ("MPCT", "motion_picture"), ("VIDEO", "motion_picture"), ("PAT", "patent"), ("CASE", "legal_case"),
    ("STAT", "legislation"), ("BILL", "bill"), ("HEAR", "hearing"), ("MAP", "map"),
    ("ENCYC", "entry-encyclopedia"),
    ("DICT", "entry-dictionary"), ("SER", "periodical"), ("JFULL", "periodical"), ("GOVDOC", "report"),
    ("STAND", "standard"), ("PCOMM", "personal_communication"), ("jour", "article-journal"),
])
def test_type_codes(code: str, csl_type: str):
    records, warnings = read(f"TY  - {code}\nTI  - T\nER  - \n")
    assert (records[0]["type"], warnings) == (csl_type, [])


def test_aliases_and_secondary_tags():
    text = (
        "TY  - CHAP\nA1  - Hall, Stuart\nED  - Hall, Stuart\nED  - Hobson, Dorothy\nCT  - Encoding/decoding\n"
        "BT  - Culture, media, language\nY1  - 1980///\nL1  - https://example.org/hall.pdf\n"
        "M3  - Chapter\nSP  - 128\nEP  - 138\nCN  - P91 .C84\nDB  - JSTOR\nAN  - 12345\nNV  - 2\nER  - \n"
    )
    records, warnings = read(text)
    assert records == [{
        "id": "hall1980encoding", "type": "chapter", "author": [{"family": "Hall", "given": "Stuart"}],
        "editor": [{"family": "Hall", "given": "Stuart"}, {"family": "Hobson", "given": "Dorothy"}],
        "container-title": "Culture, media, language", "title": "Encoding/decoding",
        "number-of-volumes": "2", "call-number": "P91 .C84", "archive": "JSTOR", "archive_location": "12345",
        "issued": {"date-parts": [[1980]]}, "page": "128-138", "genre": "Chapter",
        "URL": "https://example.org/hall.pdf",
    }]
    assert warnings == []


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_any_line_end_and_a_bom_read_alike(newline: str, bom: str):
    text = "TY  - JOUR\nTI  - T\nAU  - A, B\nER  - \n\nTY  - BOOK\nTI  - U\nER  - \n"
    text = bom + text.replace("\n", newline)
    records, warnings = read(text)
    assert [(r["type"], r["title"]) for r in records] == [("article-journal", "T"), ("book", "U")]
    assert warnings == []


def test_entries_without_an_id_get_keys_new_in_the_file():
    entry = "TY  - JOUR\nAU  - Smith, Jane\nPY  - 2020\nTI  - The title\n{}ER  - \n"
    text = entry.format("ID  - smith2020title\n") + entry.format("") + entry.format("")
    records, warnings = read(text)
    assert [record["id"] for record in records] == ["smith2020title", "smith2020titlea", "smith2020titleb"]
    assert warnings == []


def test_lenient_spacing_is_read():
    records, warnings = read("  TY - JOUR  \nTI - One space\nVL  -\nER  -\n")
    assert (records, warnings) == ([{"id": "one", "type": "article-journal", "title": "One space"}], [])


def test_a_book_s_lone_sp_is_its_number_of_pages():
    records, _ = read("TY  - BOOK\nTI  - T\nSP  - 350\nER  - \n")
    assert records[0]["number-of-pages"] == "350"
    assert lines_of(record_from_csl_json(records[0], "t")) == ["TI  - T", "SP  - 350"]
    one_page = make({"type": "book", "page": "xii"})
    assert lines_of(one_page) == ["SP  - xii", "EP  - xii"]
    assert round_trip(one_page) == one_page.to_csl_json()


def test_report_number_from_sn_and_conflicting_values_are_kept():
    text = ("TY  - RPRT\nTI  - T\nT2  - Series\nJF  - Other series\nSN  - 1999-66\nPY  - 1999\n"
            "DA  - 2000/01/01/\nER  - \n")
    records, warnings = read(text)
    assert records == [{
        "id": "2000t", "type": "report", "title": "T", "container-title": "Series", "number": "1999-66",
        "issued": {"date-parts": [[2000, 1, 1]]}, "custom": {"ris": {"JF": ["Other series"], "PY": ["1999"]}},
    }]
    assert warnings == [
        "refs.ris:4: 'JF' differs from 'T2' (container-title); kept as 'custom.ris.JF'",
        "refs.ris:6: 'PY' differs from 'DA' (issued); kept as 'custom.ris.PY'",
    ]


# ---------------------------------------------------------------- broken files


def test_a_file_without_records_is_malformed():
    with pytest.raises(MalformedFileError) as error:
        read_ris("\n\nThis is not RIS.\nAU  - Smith, J.\n", "notes.txt")
    assert str(error.value) == "notes.txt:3:1: not an RIS file: no record starts with a 'TY  - ' line"
    with pytest.raises(MalformedFileError, match=r"^empty\.ris:1:1: "):
        read_ris("", "empty.ris")


def test_a_broken_entry_is_skipped_and_the_rest_read():
    text = (
        "Provider: Example Database\n"       # 1  a header some databases write
        "\n"
        "AU  - Lost, Type\n"                 # 3  an entry whose TY line is missing
        "TI  - Orphan\n"
        "ER  - \n"
        "TY  - JOUR\n"                       # 6  no fields at all
        "ER  - \n"
        "TY  - FOO\n"                        # 8  an unknown type code
        "TI  - Kept as a document\n"
        "TY  - JOUR\n"                       # 10 the previous record had no ER
        "TI  - Last\n"
        "ER  - \n"
        "ER  - \n"                           # 13 a stray ER
        "TY  - BOOK\n"                       # 14 the file ends without ER
        "TI  - Truncated\n"
    )
    records, warnings = read(text)
    assert [(r["id"], r["type"], r["title"]) for r in records] == [
        ("kept", "document", "Kept as a document"), ("last", "article-journal", "Last"),
        ("truncated", "book", "Truncated"),
    ]
    assert warnings == [
        "refs.ris:1: text outside a record ignored",
        "refs.ris:8: no 'ER' line before the 'TY' of line 10",
        "refs.ris:13: 'ER' line outside a record ignored",
        "refs.ris:14: the last record has no 'ER' line; read to the end",
        "refs.ris:8: unknown reference type 'FOO' read as 'document'",
        "refs.ris:3: entry does not start with a 'TY' line",
        "refs.ris:6: entry has no fields besides 'TY'",
    ]


def test_an_entry_the_record_model_rejects_is_skipped(monkeypatch: pytest.MonkeyPatch):
    import citekit.formats.ris as ris

    def reject_the_second(item: dict, where: str, diagnostics: Diagnostics) -> Record:
        if item["title"] == "Second":
            raise InvalidRecordError(where, "title", "a reason the model gives")
        return record_from_csl_json(item, where, diagnostics)

    monkeypatch.setattr(ris, "record_from_csl_json", reject_the_second)
    records, warnings = read("TY  - JOUR\nTI  - First\nER  - \nTY  - JOUR\nTI  - Second\nER  - \n")
    assert [r["title"] for r in records] == ["First"]
    assert warnings == ["refs.ris:4: field 'title': a reason the model gives"]


def test_unreadable_values_are_kept_not_lost():
    text = "TY  - JOUR\nTI  - T\nDO  - not a doi\nOP  - first serialised\nSP  - 1\nSP  - 2\nER  - \n"
    records, warnings = read(text)
    assert records[0]["custom"] == {"ris": {"DO": ["not a doi"], "OP": ["first serialised"], "SP": ["2"]}}
    assert warnings == [
        "refs.ris:3: 'DO' is not a DOI; kept as 'custom.ris.DO'",
        "refs.ris:4: 'OP' is not a date; kept as 'custom.ris.OP'",
        "refs.ris:6: a second 'SP'; kept as 'custom.ris.SP'",
    ]


def test_random_input_never_raises_anything_but_malformed_file():
    rng = random.Random(8)
    vocabulary = ["TY  - JOUR", "TY  - ", "TY  - XX", "ER  - ", "AU  - ,", "AU  - , ,", "PY  - 0000/00/00/",
                  "DA  - //", "DA  - 2021/13/40/x", "SP  - -", "EP  - –", "ID  -  ", "KW  - ;", "Y2  - ///",
                  "OP  - 1/2/3/4/5", "SN  - X", "\ufeff", "%0 Book", "", "  ", "random text", "TY - BOOK",
                  "\u2028", "AB  - \x00\x1f", "N1  - a\rb", "T1  - \ud800"]
    for _ in range(400):
        text = "\n".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 12)))
        try:
            records = read_ris(text, "fuzz.ris", Diagnostics(strict=False))
        except MalformedFileError:
            continue
        assert all(isinstance(record, Record) for record in records)
        write_ris(records)


def test_sniffing():
    assert looks_like_ris(ZOTERO) and looks_like_ris(ENDNOTE)
    assert looks_like_ris("\n\nProvider: X\nTY  - JOUR\n")
    assert not looks_like_ris("%0 Journal Article\n%T T\n")
    assert not looks_like_ris('[{"id": "a", "type": "book"}]')
    assert not looks_like_ris("@article{a, title={TY  - JOUR}}")


# ---------------------------------------------------------------- the oracle corpus and independent readers


def corpus_records(shared: Path) -> list[Record]:
    items = json.loads((shared / "oracle" / "corpus.json").read_text(encoding="utf-8"))
    return [record_from_csl_json(item, f"corpus.json, item {n}") for n, item in enumerate(items, start=1)]


def test_oracle_corpus_round_trip_loses_only_what_ris_cannot_hold(shared: Path):
    records = corpus_records(shared)
    diagnostics = Diagnostics()
    back = read_ris(write_ris(records), "corpus.ris", diagnostics)
    assert diagnostics.warnings == []
    assert [r.key for r in back] == [r.key for r in records]
    changed = {
        before.key: sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        for before, after in zip(records, back, strict=True)
    }
    # RIS has no tag for where a conference took place.
    assert {key: fields for key, fields in changed.items() if fields} == {"deng2009": ["event-place"]}


def test_rispy_reads_every_export_cleanly(shared: Path):
    rispy = pytest.importorskip(
        "rispy", reason="rispy (the independent RIS parser that issue 8 names) is not installed"
    )
    records = default_records() + corpus_records(shared)
    entries = rispy.loads(write_ris(records))
    assert len(entries) == len(records)
    for record, entry in zip(records, entries, strict=True):
        assert "unknown_tag" not in entry  # every tag written is one rispy knows
        assert entry["id"] == record.key
        assert entry["type_of_reference"] == TYPE_CODES[record.type]
        assert entry.get("title") == record.get("title")
        assert len(entry.get("authors", [])) == len(record.get("author", []))


@pytest.mark.skipif(shutil.which("ris2xml") is None,
                    reason="bibutils' ris2xml is not installed (Debian package bibutils)")
def test_bibutils_ris2xml_finds_every_record(shared: Path, tmp_path: Path):
    records = default_records() + corpus_records(shared)
    path = tmp_path / "refs.ris"
    path.write_bytes(write_ris(records).encode("utf-8"))
    result = subprocess.run(["ris2xml", "-i", "utf8", str(path)], capture_output=True, text=True, check=True)
    assert result.stdout.count("<mods ID=") == len(records)
    keys = re.findall(r'<mods ID="([^"]+)"', result.stdout)
    assert keys == [record.key for record in records]
