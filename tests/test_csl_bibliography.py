"""Bibliography-only behaviour: subsequent-author-substitute, display blocks, citation labels."""

from __future__ import annotations

import pytest

from citekit.csl.bibliography import SubsequentAuthorSubstitute
from citekit.csl.citation_label import Pattern, citation_label, parse_trigraph
from citekit.csl.item import item_from_csl_json
from citekit.csl.processor import Processor

SMITH = {"family": "Smith", "given": "John"}
ROE = {"family": "Roe", "given": "Jane"}
DOE = {"family": "Doe", "given": "Al"}


def style(layout: str, bibliography: str = 'subsequent-author-substitute="———"', *,
          layout_attributes: str = ' suffix="."') -> str:
    """A style whose bibliography has the given attributes and layout."""
    return (
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>test</title><id>test</id></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        f"<bibliography {bibliography}><layout{layout_attributes}>{layout}</layout></bibliography></style>"
    )


def entries(csl: str, items: list[dict], output: str = "text") -> list[str]:
    engine = Processor.from_xml(csl, None, output)
    engine.register(items)
    return [entry for _, entry in engine.bibliography_entries()]


def books(*authors: list[dict], variable: str = "author") -> list[dict]:
    return [{"id": str(index), "type": "book", "title": f"Book {index}", variable: names,
             "issued": {"date-parts": [[2000 + index]]}}
            for index, names in enumerate(authors, start=1)]


AUTHOR_TITLE = ('<group delimiter=", "><names variable="author"><name and="text"/></names>'
                '<text variable="title"/></group>')


# ---- subsequent-author-substitute ------------------------------------------------------------

def test_the_same_names_as_the_previous_entry_become_the_string():
    assert entries(style(AUTHOR_TITLE), books([SMITH, ROE], [SMITH, ROE], [SMITH])) == [
        "John Smith and Jane Roe, Book 1.", "———, Book 2.", "John Smith, Book 3."]


def test_names_are_compared_with_the_previous_entry_only():
    assert entries(style(AUTHOR_TITLE), books([SMITH], [ROE], [SMITH], [SMITH])) == [
        "John Smith, Book 1.", "Jane Roe, Book 2.", "John Smith, Book 3.", "———, Book 4."]


def test_a_label_after_the_names_stays():
    layout = ('<group delimiter=". "><names variable="author"><name and="text"/>'
              '<label prefix=", " form="short"/><substitute><names variable="editor"/></substitute></names>'
              '<text variable="title"/></group>')
    assert entries(style(layout), books([SMITH, ROE], [SMITH, ROE], [SMITH], variable="editor")) == [
        "John Smith and Jane Roe, eds. Book 1.", "———, eds. Book 2.", "John Smith, ed. Book 3."]


def test_a_label_before_the_names_goes_with_them():
    layout = ('<group delimiter=". "><names variable="editor"><label form="verb" suffix=" "/>'
              '<name and="text"/></names><text variable="title"/></group>')
    assert entries(style(layout), books([SMITH], [SMITH], variable="editor")) == [
        "edited by John Smith. Book 1.", "———. Book 2."]


def test_only_the_names_shown_are_compared():
    csl = style(AUTHOR_TITLE, 'subsequent-author-substitute="———" et-al-min="2" et-al-use-first="1"')
    assert entries(csl, books([SMITH, ROE], [SMITH, DOE])) == ["John Smith et al., Book 1.", "———, Book 2."]


def test_a_title_substituted_for_names_is_compared_and_replaced():
    layout = ('<group delimiter=" "><names variable="author"><substitute><text variable="title"/>'
              '</substitute></names><date variable="issued" prefix="(" suffix=")"><date-part name="year"/>'
              '</date></group>')
    items = [{"id": "1", "type": "book", "title": "Book X", "issued": {"date-parts": [[2000]]}},
             {"id": "2", "type": "book", "title": "Book X", "issued": {"date-parts": [[2001]]}},
             {"id": "3", "type": "book", "title": "Book Y", "issued": {"date-parts": [[2002]]}}]
    assert entries(style(layout), items) == ["Book X (2000).", "——— (2001).", "Book Y (2002)."]


def test_nothing_is_replaced_after_something_printed_first():
    layout = f'<text variable="citation-number" suffix=". "/>{AUTHOR_TITLE}'
    assert entries(style(layout), books([SMITH], [SMITH])) == [
        "1. John Smith, Book 1.", "2. John Smith, Book 2."]


def test_the_first_names_to_finish_close_the_comparison_even_when_empty():
    layout = ('<group delimiter=". "><names variable="author"><substitute><text macro="editor"/>'
              '<text macro="translator"/></substitute></names><text variable="title"/></group>')
    macros = ('<macro name="editor"><names variable="editor"><name/></names></macro>'
              '<macro name="translator"><names variable="translator"><name/></names></macro>')
    csl = style(layout).replace("<citation>", macros + "<citation>")
    assert entries(csl, books([SMITH], [SMITH], variable="translator")) == [
        "John Smith. Book 1.", "John Smith. Book 2."]


def test_an_empty_string_removes_the_names_and_their_delimiter():
    csl = style(AUTHOR_TITLE, 'subsequent-author-substitute=""')
    assert entries(csl, books([SMITH], [SMITH])) == ["John Smith, Book 1.", "Book 2."]


@pytest.mark.parametrize(("rule", "expected"), [
    ("complete-each", ["John Smith, Jane Roe. Book 1.", "---, ---. Book 2.", "John Smith, Al Doe. Book 3."]),
    ("partial-each", ["John Smith, Jane Roe. Book 1.", "---, ---. Book 2.", "---, Al Doe. Book 3."]),
    ("partial-first", ["John Smith, Jane Roe. Book 1.", "---, Jane Roe. Book 2.", "---, Al Doe. Book 3."]),
    ("no-such-rule", ["John Smith, Jane Roe. Book 1.", "---. Book 2.", "John Smith, Al Doe. Book 3."]),
])
def test_rules(rule, expected):
    layout = '<group delimiter=". "><names variable="author"><name/></names><text variable="title"/></group>'
    csl = style(layout, f'subsequent-author-substitute="---" subsequent-author-substitute-rule="{rule}"')
    assert entries(csl, books([SMITH, ROE], [SMITH, ROE], [SMITH, DOE])) == expected


def test_repeated_names_by_rule():
    complete = SubsequentAuthorSubstitute("—")
    assert [complete.repeated(names) for names in (["a", "b"], ["a", "b"], [], ["a", "b"], ["a"])] == [
        [], [0, 1], [], [0, 1], []]
    partial = SubsequentAuthorSubstitute("—", "partial-each")
    assert [partial.repeated(names) for names in (["a", "b"], ["a", "c"], [], ["a"])] == [[], [0], [], []]


def test_without_the_attribute_there_is_no_substitute():
    assert entries(style(AUTHOR_TITLE, ""), books([SMITH], [SMITH])) == [
        "John Smith, Book 1.", "John Smith, Book 2."]


# ---- display -----------------------------------------------------------------------------------

HEADING = ('<group display="block"><names variable="author"/></group>'
           '<group display="left-margin"><date variable="issued" prefix=" "><date-part name="year"/>'
           '</date></group><group display="right-inline"><text variable="title"/></group>')


def test_display_blocks_in_html_take_the_layout_suffix_and_push_edge_spaces_out():
    assert entries(style(HEADING, 'subsequent-author-substitute=""'), books([SMITH], [SMITH]), "html") == [
        '<div class="csl-entry">\n\n    <div class="csl-block">John Smith</div>\n\n'
        '    <div class="csl-left-margin"> 2001</div><div class="csl-right-inline">Book 1.</div>\n  </div>',
        '<div class="csl-entry"> \n'
        '    <div class="csl-left-margin">2002</div><div class="csl-right-inline">Book 2.</div>\n  </div>',
    ]


def test_display_blocks_in_text_as_citeproc_js_writes_them():
    csl = style(HEADING + '<text display="indent" variable="note"/>', layout_attributes="")
    items = books([SMITH])
    items[0]["note"] = "A note."
    assert entries(csl, items) == ["John Smith 2001 Book 1\n    A note."]


def test_second_field_align_keeps_spaces_between_margin_and_body():
    layout = '<text variable="citation-number" suffix=". "/><text variable="title" prefix=" " suffix=". "/>'
    csl = style(layout, 'second-field-align="flush"', layout_attributes="")
    assert entries(csl, books([SMITH]), "html") == [
        '<div class="csl-entry">\n    <div class="csl-left-margin">1. </div>'
        '<div class="csl-right-inline"> Book 1.</div>\n   </div>']
    assert entries(csl, books([SMITH])) == ["1. Book 1."]


# ---- citation labels ---------------------------------------------------------------------------

def item(**data: object) -> object:
    return item_from_csl_json({"id": "x", "type": "book", **data})


@pytest.mark.parametrize(("data", "expected"), [
    ({"author": [SMITH], "issued": {"date-parts": [[1965]]}}, "Smit65"),
    ({"author": [ROE, {"family": "Noakes"}], "issued": {"date-parts": [[1978]]}}, "RoNo78"),
    ({"author": [ROE, SMITH, DOE], "issued": {"date-parts": [[2001]]}}, "RoSD01"),
    ({"author": [{"family": "von Dipheria", "given": "Doug"}, {"family": "Eczema"}, {"family": "Flatulence"},
                 {"family": "Goiter"}, {"family": "Hiccups"}], "issued": {"date-parts": [[1926]]}}, "DEFG26"),
    ({"editor": [{"literal": "The Times"}], "issued": {"date-parts": [[1900]]}}, "Time00"),
    ({"title": "an essay on the Origin of Species"}, "Essa00"),
    ({"title": "On Species"}, "Onsp00"),  # small words are skipped only in lower case
    ({"author": [{"family": "O'Brien-Smith"}], "issued": {"date-parts": [[2020]]}}, "Obri20"),
])
def test_generated_citation_label(data, expected):
    assert citation_label(item(**data)) == expected


def test_trigraph_patterns():
    assert parse_trigraph("Aaaa00:AaA0") == [Pattern((4,), 2), Pattern((2, 1), 1)]
    assert citation_label(item(author=[SMITH], issued={"date-parts": [[1965]]}), trigraph="Aa") == "Sm1965"
    with pytest.raises(ValueError):
        parse_trigraph("aA00")
