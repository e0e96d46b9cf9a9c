"""EndNote tagged (.enw): citekit's exact export, files as EndNote, Zotero, Google Scholar and OJS
write them, broken files, and the oracle corpus round trip."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from citekit.errors import MalformedFileError
from citekit.formats.endnote import NAME_TYPES, TYPE_NAMES, looks_like_endnote, read_endnote, write_endnote
from citekit.model import ITEM_TYPES, Diagnostics, Record, record_from_csl_json
from citekit.seed import default_records


def make(item: dict) -> Record:
    return record_from_csl_json({"id": "k", "type": "article-journal", **item}, "test")


def read(text: str) -> tuple[list[dict], list[str]]:
    """The records' CSL-JSON, and the warnings then the entries skipped."""
    diagnostics = Diagnostics(strict=False)
    records = read_endnote(text, "refs.enw", diagnostics)
    return [record.to_csl_json() for record in records], diagnostics.warnings + diagnostics.skipped


def lines_of(record: Record) -> list[str]:
    return write_endnote([record]).split("\r\n")[2:-1]  # without %0, %F and the final empty string


def round_trip(record: Record) -> dict:
    (back,) = read_endnote(write_endnote([record]), "rt.enw")
    return back.to_csl_json()


# ---------------------------------------------------------------- the default article


def test_default_article_export_is_pinned():
    (record,) = default_records()
    abstract = record["abstract"]  # one line already: written as it is
    assert write_endnote([record]) == (
        "%0 Journal Article\r\n"
        "%F miknevicius2021soviet\r\n"
        "%A Miknevičius, Gintautas\r\n"
        "%T Soviet Armed Forces in Lithuania in 1939–1941\r\n"
        "%J Genocidas ir rezistencija\r\n"
        "%D 2021\r\n"
        "%8 2021-12-28\r\n"
        "%V 2\r\n"
        "%N 50\r\n"
        "%P 7-36\r\n"
        f"%X {abstract}\r\n"
        "%G en\r\n"
        "%K soviet occupation\r\n"
        "%K soviet armed forces\r\n"
        "%K soviet crimes\r\n"
    )


def test_default_article_export_uses_the_formats_md_tags(shared: Path):
    text = (shared / "design" / "FORMATS.md").read_text(encoding="utf-8")
    section = text.split("## EndNote tagged (.enw)", 1)[1].split("##", 1)[0]
    documented = set(re.findall(r"`(%[^\s`])[ `]", section))
    exported = {line[:2] for line in write_endnote(default_records()).split("\r\n") if line}
    # The default article has no ISSN, DOI or URL; citekit adds the citation key as the Label (%F).
    assert exported == (documented - {"%@", "%R", "%U"}) | {"%F"}


def test_default_article_survives_except_its_licence():
    (record,) = default_records()
    expected = record.to_csl_json()
    del expected["custom"]  # EndNote's tagged format has no licence field
    assert round_trip(record) == expected


# ---------------------------------------------------------------- writing


def test_records_are_separated_by_a_blank_line_and_values_never_break():
    records = [make({"title": "One"}), make({"type": "book", "title": "Two\n\nlines", "note": "a\r\nb"})]
    text = write_endnote(records)
    assert text == (
        "%0 Journal Article\r\n%F k\r\n%T One\r\n"
        "\r\n"
        "%0 Book\r\n%F k\r\n%T Two lines\r\n%Z a b\r\n"
    )
    assert write_endnote([]) == ""


def test_names_containers_and_numbers_by_type():
    record = make({
        "type": "chapter", "author": [{"family": "Hall", "given": "Stuart"}],
        "editor": [{"family": "Hobson", "given": "Dorothy"}],
        "collection-editor": [{"family": "S", "given": "T"}],
        "translator": [{"literal": "Translation Bureau, Inc."}],
        "container-title": "Culture, media, language",
        "collection-title": "Cultural studies", "page": "128–138", "publisher": "Hutchinson",
        "publisher-place": "London", "ISBN": "978-0-09-142070-8", "edition": "2",
    })
    assert lines_of(record) == [
        "%A Hall, Stuart", "%E Hobson, Dorothy", "%Y S, T", "%? Translation Bureau, Inc.,",
        "%B Culture, media, language", "%S Cultural studies", "%7 2", "%P 128–138", "%@ 978-0-09-142070-8",
        "%I Hutchinson", "%C London",
    ]
    assert round_trip(record) == record.to_csl_json()


def test_a_report_number_is_its_n_field():
    record = make({"type": "report", "number": "1999-66", "genre": "Technical report", "URL": "http://x.org/1"})
    assert lines_of(record) == ["%N 1999-66", "%9 Technical report", "%U http://x.org/1"]
    assert round_trip(record) == record.to_csl_json()


@pytest.mark.parametrize("issued, lines", [
    ({"date-parts": [[2021]]}, ["%D 2021"]),
    ({"date-parts": [[2021, 12]]}, ["%D 2021", "%8 2021-12"]),
    ({"date-parts": [[1751], [1772]]}, ["%D 1751", "%8 1751/1772"]),
    ({"date-parts": [[1980]], "season": 4}, ["%D 1980", "%8 Winter"]),
    ({"date-parts": [[1996]], "season": "Spring/Summer"}, ["%D 1996", "%8 Spring/Summer"]),
    ({"literal": "in press"}, ["%D in press"]),
    ({"date-parts": [[1999]], "season": "Easter"}, ["%D 1999", "%8 Easter"]),  # CSL's season may be any text
])
def test_dates_are_written_as_year_and_date_and_come_back(issued: dict, lines: list[str]):
    record = make({"issued": issued})
    assert lines_of(record) == lines
    assert round_trip(record)["issued"] == issued


def test_other_dates_and_identifiers():
    record = make({"accessed": {"date-parts": [[2024, 3, 15]]}, "original-date": {"date-parts": [[1905]]},
                   "DOI": "10.5555/x", "ISSN": "1648-3715", "call-number": "QA76", "archive": "JSTOR",
                   "archive_location": "12345", "title-short": "Short", "section": "Articles"})
    assert lines_of(record) == ["%! Short", "%[ 2024-03-15", "%( 1905", "%& Articles", "%@ 1648-3715",
                                "%R 10.5555/x", "%L QA76", "%~ JSTOR", "%M 12345"]
    assert round_trip(record) == record.to_csl_json()


def test_a_literal_original_date_is_not_written_as_it_would_not_read_back_as_one():
    record = make({"original-date": {"literal": "first serialised 1850"}, "accessed": {"literal": "n.d."}})
    assert lines_of(record) == ["%[ n.d."]
    assert round_trip(record) == {"id": "k", "type": "article-journal", "accessed": {"literal": "n.d."}}


def test_two_people_of_one_name_stay_two():
    record = make({"author": [{"family": "Wang", "given": "Li"}, {"family": "Wang", "given": "Li"}]})
    assert lines_of(record) == ["%A Wang, Li", "%A Wang, Li"]
    assert round_trip(record) == record.to_csl_json()


def test_every_csl_type_has_a_reference_type_and_distinct_ones_come_back():
    assert set(TYPE_NAMES) <= ITEM_TYPES
    for csl_type in sorted(ITEM_TYPES):
        record = make({"type": csl_type, "title": "T"})
        name = TYPE_NAMES.get(csl_type, "Generic")
        assert write_endnote([record]).startswith(f"%0 {name}\r\n")
        assert round_trip(record)["type"] == NAME_TYPES[name.lower()]
    lost = sorted(t for t in ITEM_TYPES if NAME_TYPES[TYPE_NAMES.get(t, "Generic").lower()] != t)
    assert lost == ["broadcast", "collection", "entry", "event", "performance", "post", "review",
                    "review-book", "song", "speech", "treaty"]


# ---------------------------------------------------------------- files as the tools write them

ABSTRACT = "During the first period of bringing the Soviet armed forces into the country ..."

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

ENDNOTE = (  # EndNote 20 export: BOM, CRLF, %8 in words beside %D, a two-line abstract, unmapped fields
    "\ufeff%0 Journal Article\r\n"
    "%A Miknevičius, Gintautas\r\n"
    "%+ Genocide and Resistance Research Centre of Lithuania\r\n"
    "%T Soviet Armed Forces in Lithuania in 1939–1941\r\n"
    "%J Genocidas ir rezistencija\r\n"
    "%D 2021\r\n"
    "%8 December 28\r\n"
    "%V 2\r\n"
    "%N 50\r\n"
    "%P 7-36\r\n"
    "%@ 1648-3715\r\n"
    "%R 10.5555/gr.2021.50.1\r\n"
    "%K soviet occupation\r\n"
    "%K soviet armed forces\r\n"
    "%X During the first period of bringing the Soviet armed forces\r\n"
    "into the country ...\r\n"
    "%G English\r\n"
    "%M 000734512\r\n"
    "%1 custom one\r\n"
    "\r\n"
)


def test_reads_an_endnote_export():
    records, warnings = read(ENDNOTE)
    assert records == [{
        **ARTICLE, "id": "miknevicius2021soviet", "ISSN": "1648-3715", "DOI": "10.5555/gr.2021.50.1",
        "keyword": "soviet occupation, soviet armed forces",
        "abstract": "During the first period of bringing the Soviet armed forces\ninto the country ...",
        "language": "English", "archive_location": "000734512",
        "custom": {"endnote": {"+": ["Genocide and Resistance Research Centre of Lithuania"],
                               "1": ["custom one"]}},
    }]
    assert warnings == [
        "refs.enw:3: tag '%+' has no CSL variable; kept as 'custom.endnote.+'",
        "refs.enw:19: tag '%1' has no CSL variable; kept as 'custom.endnote.1'",
    ]
    # Unmapped fields go back out as they came in.
    assert write_endnote(read_endnote(ENDNOTE, "x.enw")).endswith(
        "%+ Genocide and Resistance Research Centre of Lithuania\r\n%1 custom one\r\n"
    )


ZOTERO = (  # Zotero's Refer/BibIX export: CRLF, its field order, a free-text date in %D, keywords one a line
    "%0 Journal Article\r\n"
    "%T Soviet Armed Forces in Lithuania in 1939–1941\r\n"
    "%V 2\r\n"
    "%N 50\r\n"
    "%P 7-36\r\n"
    "%U https://example.org/gr/article/view/1\r\n"
    f"%X {ABSTRACT}\r\n"
    "%G en\r\n"
    "%J Genocidas ir rezistencija\r\n"
    "%A Miknevičius, Gintautas\r\n"
    "%D 2021-12-28\r\n"
    "%K soviet occupation\r\n"
    "soviet armed forces\r\n"
    "soviet crimes\r\n"
    "\r\n"
    "%0 Book\r\n"
    "%T Theory of games and economic behavior\r\n"
    "%C Princeton, NJ\r\n"
    "%I Princeton University Press\r\n"
    "%@ 978-0-691-13061-3\r\n"
    "%A von Neumann, John\r\n"
    "%A Morgenstern, Oskar\r\n"
    "%D 1944\r\n"
    "\r\n"
)


def test_reads_a_zotero_export():
    records, warnings = read(ZOTERO)
    assert records == [
        {**ARTICLE, "id": "miknevicius2021soviet", "URL": "https://example.org/gr/article/view/1",
         "abstract": ABSTRACT,
         "language": "en", "keyword": "soviet occupation, soviet armed forces, soviet crimes"},
        {"id": "neumann1944theory", "type": "book", "title": "Theory of games and economic behavior",
         "publisher-place": "Princeton, NJ", "publisher": "Princeton University Press",
         "ISBN": "978-0-691-13061-3",
         "author": [{"family": "Neumann", "non-dropping-particle": "von", "given": "John"},
                    {"family": "Morgenstern", "given": "Oskar"}],
         "issued": {"date-parts": [[1944]]}},
    ]
    assert warnings == []


SCHOLAR = (  # Google Scholar "Import into EndNote": LF, %B for a conference, no blank line at the end
    "%0 Conference Proceedings\n"
    "%T ImageNet: A large-scale hierarchical image database\n"
    "%A Deng, Jia\n"
    "%A Dong, Wei\n"
    "%B 2009 IEEE Conference on Computer Vision and Pattern Recognition\n"
    "%P 248-255\n"
    "%@ 1063-6919\n"
    "%D 2009\n"
    "%I IEEE"
)


def test_reads_a_google_scholar_export():
    records, warnings = read(SCHOLAR)
    assert records == [{
        "id": "deng2009imagenet", "type": "paper-conference",
        "title": "ImageNet: A large-scale hierarchical image database",
        "author": [{"family": "Deng", "given": "Jia"}, {"family": "Dong", "given": "Wei"}],
        "container-title": "2009 IEEE Conference on Computer Vision and Pattern Recognition",
        "page": "248-255", "ISSN": "1063-6919", "issued": {"date-parts": [[2009]]}, "publisher": "IEEE",
    }]
    assert warnings == []


OJS = (  # Open Journal Systems 3 (citationStyleLanguage plugin) EndNote download: LF, %8 as ISO
    "%0 Journal Article\n"
    "%A Miknevičius, Gintautas\n"
    "%D 2021\n"
    "%8 2021-12-28\n"
    "%T Soviet Armed Forces in Lithuania in 1939–1941\n"
    "%J Genocidas ir rezistencija\n"
    "%V 2\n"
    "%N 50\n"
    "%P 7-36\n"
    "%R https://doi.org/10.5555/gr.2021.50.1\n"
    "%U https://example.org/gr/article/view/1\n"
    f"%X {ABSTRACT}\n"
    "%K soviet occupation\n"
    "%K soviet armed forces\n"
    "%K soviet crimes\n"
    "\n"
)


def test_reads_an_ojs_export():
    records, warnings = read(OJS)
    assert records == [{
        **ARTICLE, "id": "miknevicius2021soviet", "DOI": "10.5555/gr.2021.50.1",
        "URL": "https://example.org/gr/article/view/1",
        "abstract": ABSTRACT, "keyword": "soviet occupation, soviet armed forces, soviet crimes",
    }]
    assert warnings == []


@pytest.mark.parametrize("name, csl_type", [
    ("Journal Article", "article-journal"), ("Book", "book"), ("Book Section", "chapter"),
    ("Thesis", "thesis"), ("Report", "report"), ("Conference Paper", "paper-conference"),
    ("Conference Proceedings", "paper-conference"),
    ("Web Page", "webpage"), ("Electronic Source", "webpage"), ("Newspaper Article", "article-newspaper"),
    ("Magazine Article", "article-magazine"), ("Dataset", "dataset"), ("Computer Program", "software"),
    ("Generic", "document"), ("Edited Book", "book"), ("Electronic Article", "article-journal"),
    ("Electronic Book", "book"), ("Unpublished Work", "article"), ("Manuscript", "manuscript"),
    ("Film or Broadcast", "motion_picture"), ("Government Document", "report"), ("Blog", "post-weblog"),
    ("journal  article", "article-journal"),
])
def test_reference_types(name: str, csl_type: str):
    records, warnings = read(f"%0 {name}\n%T T\n")
    assert (records[0]["type"], warnings) == (csl_type, [])


def test_a_book_s_lone_page_is_its_number_of_pages():
    records, _ = read("%0 Book\n%T T\n%P 350\n")
    assert records[0]["number-of-pages"] == "350"
    assert lines_of(record_from_csl_json(records[0], "t")) == ["%T T", "%P 350"]


# ---------------------------------------------------------------- broken files


def test_a_file_without_records_is_malformed():
    with pytest.raises(MalformedFileError) as error:
        read_endnote("\nTY  - JOUR\nER  - \n", "refs.ris")
    assert str(error.value) == "refs.ris:2:1: not an EndNote file: no record starts with a '%0' line"
    with pytest.raises(MalformedFileError, match=r"^empty\.enw:1:1: "):
        read_endnote("", "empty.enw")


def test_a_broken_entry_is_skipped_and_the_rest_read():
    text = (
        "Exported from a catalogue\n"   # 1
        "\n"
        "%T No type line\n"             # 3
        "%A Lost, Author\n"
        "\n"
        "%0 Journal Article\n"          # 6  no fields
        "\n"
        "%0 Strange Thing\n"            # 8  an unknown type
        "%T Kept as a document\n"
        "%D sometime\n"
        "%0 Book\n"                     # 11 no blank line before it
        "%T Next\n"
        "%R not-a-doi\n"
    )
    records, warnings = read(text)
    assert records == [
        {"id": "kept", "type": "document", "title": "Kept as a document", "issued": {"literal": "sometime"}},
        {"id": "next", "type": "book", "title": "Next", "custom": {"endnote": {"R": ["not-a-doi"]}}},
    ]
    assert warnings == [
        "refs.enw:1: text outside a record ignored",
        "refs.enw:8: unknown reference type 'Strange Thing' read as 'document'",
        "refs.enw:13: '%R' is not a DOI; kept as 'custom.endnote.R'",
        "refs.enw:3: entry does not start with a '%0' reference type line",
        "refs.enw:6: entry has no fields besides '%0'",
    ]


def test_conflicting_dates_are_kept_not_lost():
    records, warnings = read("%0 Book\n%T T\n%D 1999\n%8 2000-01-02\n")
    assert records[0]["issued"] == {"date-parts": [[2000, 1, 2]]}
    assert records[0]["custom"] == {"endnote": {"D": ["1999"]}}
    assert warnings == ["refs.enw:3: '%D' differs from '%8' (issued); kept as 'custom.endnote.D'"]


def test_random_input_never_raises_anything_but_malformed_file():
    rng = random.Random(8)
    vocabulary = ["%0 Book", "%0 ", "%0 Nonsense", "%A ,", "%A , ,", "%D 0000", "%8 December 40", "%8 //",
                  "%P -", "%F  ", "%K ;", "%[ x", "%( 1/2/3", "%@ X", "\ufeff", "TY  - JOUR", "", "  ",
                  "text",
                  "%", "%%", "%\u2028 x", "%X \x00", "%Z a\rb", "%T \ud800", "%8 Spring Summer Winter 1990"]
    for _ in range(400):
        text = "\n".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 12)))
        try:
            records = read_endnote(text, "fuzz.enw", Diagnostics(strict=False))
        except MalformedFileError:
            continue
        assert all(isinstance(record, Record) for record in records)
        write_endnote(records)


def test_sniffing():
    assert looks_like_endnote(ENDNOTE) and looks_like_endnote(SCHOLAR) and looks_like_endnote("\n%0 Book\n")
    assert not looks_like_endnote("TY  - JOUR\nER  - \n")
    assert not looks_like_endnote("%T A title first\n%0 Book\n")
    assert not looks_like_endnote("% comment in a LaTeX file\n")


# ---------------------------------------------------------------- the oracle corpus


def test_oracle_corpus_round_trip_loses_only_what_endnote_cannot_hold(shared: Path):
    items = json.loads((shared / "oracle" / "corpus.json").read_text(encoding="utf-8"))
    records = [record_from_csl_json(item, f"corpus.json, item {n}") for n, item in enumerate(items, start=1)]
    diagnostics = Diagnostics()
    back = read_endnote(write_endnote(records), "corpus.enw", diagnostics)
    assert diagnostics.warnings == []
    assert [r.key for r in back] == [r.key for r in records]
    changed = {
        before.key: sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        for before, after in zip(records, back, strict=True)
    }
    # EndNote's tagged format has no field for where a conference took place.
    assert {key: fields for key, fields in changed.items() if fields} == {"deng2009": ["event-place"]}
