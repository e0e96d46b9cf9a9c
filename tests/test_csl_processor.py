"""The processor on small styles: the citeproc-js behaviours issue 3 names, one by one."""

from __future__ import annotations

import pytest

from citekit.csl.document import Document
from citekit.csl.processor import Processor
from citekit.errors import InvalidStyleError, RecordNotFoundError


def style(citation: str, bibliography: str = "", *, macros: str = "", attributes: str = "",
          citation_attributes: str = "") -> str:
    """A CSL style with the given citation layout (and bibliography element content)."""
    bib = f"<bibliography>{bibliography}</bibliography>" if bibliography else ""
    return (
        f'<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"{attributes}>'
        "<info><title>test</title><id>test</id></info>"
        f"{macros}<citation{citation_attributes}><layout>{citation}</layout></citation>{bib}</style>"
    )


def processor(csl: str, items: list[dict], locale: str | None = None, output: str = "text") -> Processor:
    engine = Processor.from_xml(csl, locale, output)
    engine.register(items)
    return engine


AUTHORS = [
    {"id": "zeta", "type": "book", "author": [{"family": "Zeta", "given": "Zoe"}]},
    {"id": "capek", "type": "book", "author": [{"family": "Čapek", "given": "Karel"}]},
    {"id": "lukasiewicz", "type": "book", "author": [{"family": "Łukasiewicz", "given": "Jan"}]},
    {"id": "hajek", "type": "book", "author": [{"family": "Hájek", "given": "Petr"}]},
    {"id": "hunter", "type": "book", "author": [{"family": "Hunter", "given": "Ann"}]},
    {"id": "ylakis", "type": "book", "author": [{"family": "Ylakis", "given": "Ona"}]},
    {"id": "jonaitis", "type": "book", "author": [{"family": "Jonaitis", "given": "Jonas"}]},
]
SORTED_BY_AUTHOR = style(
    '<text variable="title"/>',
    '<sort><key macro="author"/></sort><layout><names variable="author"/></layout>',
    macros='<macro name="author"><names variable="author"><name name-as-sort-order="all"/></names></macro>',
)


def test_sorting_follows_the_locale_alphabet_not_code_points():
    entries = [entry for _, entry in processor(SORTED_BY_AUTHOR, AUTHORS).bibliography_entries()]
    assert entries == ["Karel Čapek", "Petr Hájek", "Ann Hunter", "Jonas Jonaitis", "Jan Łukasiewicz",
                       "Ona Ylakis", "Zoe Zeta"]


def test_lithuanian_puts_y_with_i():
    entries = processor(SORTED_BY_AUTHOR, AUTHORS, "lt-LT").bibliography_entries()
    assert [item_id for item_id, _ in entries] == [
        "capek", "hajek", "hunter", "ylakis", "jonaitis", "lukasiewicz", "zeta"]


TITLE = {"id": "t", "type": "book", "title": 'Tom & Jerry <i>E. coli</i> "quoted" Rossum\'s'}
QUOTED_TITLE = style('<text variable="title" prefix="&amp; " quotes="true" suffix=", "/><text value="end"/>')


@pytest.mark.parametrize(("output", "expected"), [
    ("text", "& “Tom & Jerry E. coli ‘quoted’ Rossum’s,” end"),
    ("html", "&#38; “Tom &#38; Jerry <i>E. coli</i> ‘quoted’ Rossum’s,” end"),
    ("markdown", "& “Tom & Jerry *E. coli* ‘quoted’ Rossum’s,” end"),
    ("rtf", "& “Tom & Jerry {\\i E. coli} ‘quoted’ Rossum’s,” end"),
])
def test_rich_text_quotes_and_punctuation_in_every_format(output, expected):
    # Field markup is read, nested quotes flip, the apostrophe turns typographic, the comma
    # moves inside the quotes (en-US), and style affixes are escaped like record text.
    assert processor(QUOTED_TITLE, [TITLE], output=output).cite([{"id": "t"}]) == expected


def test_a_script_in_a_title_stays_text_in_html():
    item = {"id": "x", "type": "book", "title": "<script>alert(1)</script>"}
    html = processor(style('<text variable="title"/>'), [item], output="html").cite([{"id": "x"}])
    assert html == "&#60;script&#62;alert(1)&#60;/script&#62;"


def test_initialize_false_keeps_given_names_and_punctuates_initials():
    item = {"id": "a", "type": "book", "author": [{"family": "Akerlof", "given": "George A"}]}
    csl = style('<names variable="author"><name name-as-sort-order="all" initialize="false" '
                'initialize-with=". "/></names>')
    assert processor(csl, [item]).cite([{"id": "a"}]) == "Akerlof, George A."


def test_second_field_align_puts_the_number_in_the_margin():
    csl = style('<text variable="citation-number"/>',
                '<layout><text variable="citation-number" prefix="[" suffix="]"/>'
                '<text variable="title"/></layout>').replace("<bibliography>",
                                                            '<bibliography second-field-align="flush">')
    items = [{"id": "a", "type": "book", "title": "A"}]
    assert processor(csl, items).bibliography() == "[1] A\n"
    assert processor(csl, items, output="html").bibliography() == (
        '<div class="csl-bib-body">\n  <div class="csl-entry">\n'
        '    <div class="csl-left-margin">[1]</div><div class="csl-right-inline">A</div>\n'
        "  </div>\n</div>\n"
    )


def test_same_author_and_year_get_year_suffixes_in_bibliography_order():
    csl = style('<names variable="author"><name form="short"/></names><date variable="issued" prefix=" ">'
                '<date-part name="year"/></date>',
                '<sort><key variable="title"/></sort><layout><text variable="title"/></layout>',
                citation_attributes=' disambiguate-add-year-suffix="true"')
    items = [{"id": id_, "type": "book", "title": title, "author": [{"family": "Einstein", "given": "A"}],
              "issued": {"date-parts": [[1905]]}} for id_, title in (("second", "Zur"), ("first", "Über"))]
    engine = processor(csl, items)  # registered in the other order: the suffixes follow the sort (Ü as U)
    assert [engine.cite([{"id": "first"}]), engine.cite([{"id": "second"}])] == [
        "Einstein 1905a", "Einstein 1905b"]


def test_page_ranges_follow_the_style_format():
    item = {"id": "p", "type": "article", "page": "3389-3402"}
    for page_format, expected in (("chicago-16", "3389–402"), ("expanded", "3389–3402"),
                                  ("minimal-two", "3389–402"), ("minimal", "3389–402")):
        csl = style('<text variable="page"/>', attributes=f' page-range-format="{page_format}"')
        assert processor(csl, [item]).cite([{"id": "p"}]) == expected


def test_unknown_item_and_broken_style_are_errors():
    with pytest.raises(RecordNotFoundError):
        processor(style('<text variable="title"/>'), []).cite([{"id": "missing"}])
    with pytest.raises(InvalidStyleError, match="<style text>:1"):
        Processor.from_xml("<style")


NOTE_STYLE = style(
    '<choose><if position="ibid"><text term="ibid" text-case="capitalize-first" suffix="."/></if>'
    '<else-if position="subsequent"><text variable="title" form="short"/></else-if>'
    '<else><names variable="author"><name form="short"/></names><text variable="title" prefix=", "/>'
    "</else></choose>",
).replace('class="in-text"', 'class="note"')
NOTE_ITEMS = [
    {"id": "doe", "type": "book", "title": "Alpha", "author": [{"family": "Doe", "given": "J"}]},
    {"id": "roe", "type": "book", "title": "Beta", "author": [{"family": "Roe", "given": "R"}]},
]


def test_a_document_reports_the_citations_an_insertion_changes():
    document = Document(processor(NOTE_STYLE, NOTE_ITEMS))
    assert document.insert([{"id": "doe"}], note=1) == [(0, "Doe, Alpha")]
    assert document.insert([{"id": "doe"}], note=2) == [(1, "Ibid.")]
    # A citation of another work between them: the second Doe is no longer ibid.
    assert document.insert([{"id": "roe"}], note=2, at=1) == [(1, "Roe, Beta"), (2, "Alpha")]
    assert document.citations == ["Doe, Alpha", "Roe, Beta", "Alpha"]
    assert document.remove(1) == [(1, "Ibid.")]
    with pytest.raises(IndexError):
        document.insert([{"id": "doe"}], at=5)
