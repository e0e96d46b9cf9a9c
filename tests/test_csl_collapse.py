"""Cite grouping and collapsing in citations (CSL 1.0.2 § Cite Grouping, Cite Collapsing)."""

from __future__ import annotations

from typing import Any

import pytest

from citekit.csl.collapse import Segment, group_by, suffix_index, with_ranges
from citekit.csl.processor import Processor
from citekit.csl.rich import Node

AUTHOR_DATE_LAYOUT = """
    <layout prefix="(" suffix=")" delimiter="{delimiter}">
      <group delimiter=" ">
        <names variable="author"><name form="short"/></names>
        <date variable="issued"><date-part name="year"/></date>
        <text variable="locator"/>
      </group>
    </layout>"""

NUMBER_LAYOUT = """
    <layout prefix="(" suffix=")" delimiter=", ">
      <group prefix="[" suffix="]" delimiter=", ">
        <text variable="citation-number"/>
        <text variable="locator"/>
      </group>
    </layout>"""


def style(citation_attributes: str, layout: str, sort: str = "", style_class: str = "in-text") -> str:
    """A minimal style with the given cs:citation attributes, cs:sort and layout."""
    return f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="{style_class}" version="1.0">
  <info><id>test</id><title>Test</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation {citation_attributes}>{sort}{layout}</citation>
</style>"""


def book(item_id: str, family: str, year: int) -> dict[str, Any]:
    """A book by one author."""
    return {"id": item_id, "type": "book", "author": [{"family": family, "given": "A."}],
            "issued": {"date-parts": [[year]]}, "title": f"Title {item_id}"}


def cite(csl: str, items: list[dict[str, Any]], *clusters: list[dict[str, Any]]) -> str:
    """Citations in turn (items are numbered and suffixed in the order first cited), as plain
    text on lines of their own."""
    processor = Processor.from_xml(csl, output="text")
    processor.register(items)
    return "\n".join(processor.cite(cites) for cites in clusters)


def ids(*names: str) -> list[dict[str, Any]]:
    return [{"id": name} for name in names]


SMITHS = [book("a", "Smith", 1900), book("b", "Smith", 2000), book("c", "Jones", 2001)]
SUFFIXED = [book(name, "Smith", 2000) for name in "abcd"] + [book("e", "Smith", 2001)]


def test_year_collapse_in_text_joins_a_group_with_a_comma() -> None:
    csl = style('collapse="year"', AUTHOR_DATE_LAYOUT.format(delimiter="; "))
    assert cite(csl, SMITHS, ids("a", "b", "c")) == "(Smith 1900, 2000; Jones 2001)"


def test_year_collapse_in_a_note_style_keeps_the_layout_delimiter() -> None:
    csl = style('collapse="year"', AUTHOR_DATE_LAYOUT.format(delimiter="; "), style_class="note")
    assert cite(csl, SMITHS, ids("a", "b", "c")) == "(Smith 1900; 2000; Jones 2001)"


def test_after_collapse_delimiter_follows_a_group_and_a_locator() -> None:
    csl = style('collapse="year" after-collapse-delimiter="; "', AUTHOR_DATE_LAYOUT.format(delimiter=", "))
    assert cite(csl, SMITHS, ids("a", "b", "c")) == "(Smith 1900, 2000; Jones 2001)"
    located = [{"id": "a", "locator": "5"}, {"id": "b"}, {"id": "c"}]
    assert cite(csl, SMITHS, located) == "(Smith 1900 5; 2000; Jones 2001)"


def test_cite_group_delimiter_moves_a_sorted_group_together_without_cutting_names() -> None:
    sort = '<sort><key variable="issued"/></sort>'
    csl = style('cite-group-delimiter=", "', AUTHOR_DATE_LAYOUT.format(delimiter="; "), sort)
    items = [book("a", "Aalto", 1999), book("b", "Banda", 2000), book("c", "Aalto", 2001)]
    assert cite(csl, items, ids("c", "b", "a")) == "(Aalto 1999, Aalto 2001; Banda 2000)"


def test_unsorted_citation_is_not_regrouped() -> None:
    csl = style('collapse="year"', AUTHOR_DATE_LAYOUT.format(delimiter="; "))
    assert cite(csl, SMITHS, ids("a", "c", "b")) == "(Smith 1900; Jones 2001; Smith 2000)"


@pytest.mark.parametrize(("attributes", "expected"), [
    ('collapse="year-suffix"', "(Smith 2000a, b, c, d, 2001)"),
    ('collapse="year-suffix" year-suffix-delimiter=","', "(Smith 2000a,b,c,d, 2001)"),
    ('collapse="year-suffix-ranged" year-suffix-delimiter=","', "(Smith 2000a–d, 2001)"),
    ('collapse="year-suffix-ranged" cite-group-delimiter="/"', "(Smith 2000a–d/2001)"),
])
def test_year_suffix_collapse(attributes: str, expected: str) -> None:
    layout = AUTHOR_DATE_LAYOUT.format(delimiter=", ")
    csl = style(f'{attributes} disambiguate-add-year-suffix="true"', layout)
    assert cite(csl, SUFFIXED, ids("a", "b", "c", "d", "e")) == expected


def test_year_suffix_ranges_need_three_consecutive_suffixes() -> None:
    attributes = 'collapse="year-suffix-ranged" year-suffix-delimiter="," disambiguate-add-year-suffix="true"'
    csl = style(attributes, AUTHOR_DATE_LAYOUT.format(delimiter="; "))
    assert cite(csl, SUFFIXED, ids("a", "b", "c", "d"), ids("a", "c", "d", "e")) == (
        "(Smith 2000a–d)\n(Smith 2000a,c,d, 2001)")


def test_citation_number_ranges() -> None:
    csl = style('collapse="citation-number"', NUMBER_LAYOUT, '<sort><key variable="citation-number"/></sort>')
    items = [book(str(number), "Smith", 2000 + number) for number in range(1, 8)]
    everything = ids(*"1234567")
    assert cite(csl, items, everything, ids(*"123567"), ids(*"124"), ids(*"12234")) == (
        "([1]–[7])\n([1]–[3], [5]–[7])\n([1], [2], [4])\n([1], [2], [2]–[4])")


def test_a_citation_number_with_a_locator_breaks_the_range() -> None:
    csl = style('collapse="citation-number"', NUMBER_LAYOUT)
    items = [book(str(number), "Smith", 2000 + number) for number in range(1, 4)]
    cites = [{"id": "1"}, {"id": "2", "locator": "23"}, {"id": "3"}]
    assert cite(csl, items, cites) == "([1], [2, 23], [3])"


def test_a_locator_the_style_does_not_print_leaves_the_number_in_the_range() -> None:
    layout = '<layout delimiter=","><text variable="citation-number"/></layout>'
    csl = style('collapse="citation-number"', layout)
    items = [book(str(number), "Smith", 2000 + number) for number in range(1, 4)]
    cites = [{"id": "1"}, {"id": "2", "locator": "23"}, {"id": "3"}]
    assert cite(csl, items, cites) == "1–3"


def test_a_suffix_ending_in_punctuation_keeps_only_the_delimiters_space() -> None:
    csl = style("", AUTHOR_DATE_LAYOUT.format(delimiter="; "))
    cites = [{"id": "a", "suffix": " is one,"}, {"id": "c"}]
    assert cite(csl, SMITHS, cites) == "(Smith 1900 is one, Jones 2001)"


def test_group_by_moves_equal_keys_behind_the_first() -> None:
    assert group_by(["a1", "b1", "a2", "x", "b2"], lambda item: item[0] if item != "x" else None) == [
        "a1", "a2", "b1", "b2", "x"]


def test_with_ranges_needs_three_chained_consecutive_values() -> None:
    def segment(value: int | None, chained: bool = True) -> Segment:
        return Segment(", ", Node([str(value)]), value, chained)

    segments = [segment(1, False), segment(2), segment(3), segment(5), segment(6), segment(7, False)]
    joined = with_ranges(segments, "–")
    assert [part.node.text() for part in joined] == ["1–3", "5", "6", "7"]


@pytest.mark.parametrize(("suffix", "index"), [("a", 0), ("z", 25), ("aa", 26), ("ab", 27), ("ba", 52)])
def test_suffix_index(suffix: str, index: int) -> None:
    assert suffix_index(suffix) == index
