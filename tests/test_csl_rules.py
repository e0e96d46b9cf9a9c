"""General CSL rendering rules citeproc-js follows, each on a small inline style."""

from __future__ import annotations

from citekit.csl.processor import Processor


def style(layout: str, *, citation_attributes: str = "", layout_attributes: str = "",
          locale: str = "") -> str:
    """A note style with the given citation layout (cites joined by "; ")."""
    return (
        f'<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">'
        f"<info><title>test</title><id>test</id></info>{locale}"
        f'<citation{citation_attributes}><layout delimiter="; "{layout_attributes}>'
        f"{layout}</layout></citation></style>"
    )


def processor(csl: str, items: list[dict], output: str = "text") -> Processor:
    """A processor for ``csl`` with ``items`` registered."""
    engine = Processor.from_xml(csl, None, output)
    engine.register(items)
    return engine


def book(item_id: str, family: str, given: str, **fields: object) -> dict:
    """A book by one author."""
    return {"id": item_id, "type": "book", "author": [{"family": family, "given": given}], **fields}


def test_a_locator_reads_quotation_marks_and_takes_the_period_inside():
    csl = style('<text variable="locator"/>', layout_attributes=' suffix="."')
    engine = processor(csl, [book("a", "Doe", "John")])
    cite = {"id": "a", "label": "sub verbo", "locator": '"gargoyle"'}
    assert engine.cite([cite]) == "\u201cgargoyle.\u201d"


SUBSEQUENT_TITLE = style(
    '<group delimiter=", "><names variable="author"><name form="short"/></names>'
    '<choose><if position="subsequent"><choose><if disambiguate="true"><text variable="title"/></if>'
    '</choose></if><else><text variable="title"/></else></choose></group>',
    citation_attributes=' disambiguate-add-names="true"',
)


def test_cites_are_told_apart_in_their_subsequent_form():
    engine = processor(SUBSEQUENT_TITLE, [book("a", "Doe", "John", title="Book A"),
                                          book("b", "Doe", "John", title="Book B")])
    assert engine.cite([{"id": "a"}, {"id": "b"}], 1) == "Doe, Book A; Doe, Book B"
    assert engine.cite([{"id": "a"}, {"id": "b"}], 2) == "Doe, Book A; Doe, Book B"


def test_with_initials_rules_never_expand_past_initials():
    csl = style('<names variable="author"><name initialize-with="." form="short"/></names>',
                citation_attributes=' disambiguate-add-givenname="true"'
                                    ' givenname-disambiguation-rule="all-names-with-initials"')
    engine = processor(csl, [book("a", "Smith", "Cecil"), book("b", "Smith", "Charles"),
                             book("c", "Muggins", "Bob"), book("d", "Muggins", "Jardine")])
    cites = [{"id": item_id} for item_id in "abcd"]
    assert engine.cite(cites) == "Smith; Smith; B. Muggins; J. Muggins"


def test_a_cite_affix_keeps_its_punctuation_outside_its_own_quotation():
    engine = processor(style('<text variable="title"/>'), [book("a", "Doe", "John", title="Some title")])
    assert engine.cite([{"id": "a", "prefix": "'quote', "}]) == "\u201cquote\u201d, Some title"
    assert engine.cite([{"id": "a", "suffix": ', "Hello there".'}]) == "Some title, \u201cHello there\u201d."


def test_a_style_affix_still_moves_into_a_quotation_of_the_cite_suffix():
    csl = style('<text variable="title"/>', layout_attributes=' suffix="."')
    engine = processor(csl, [book("a", "Doe", "John", title="Some title")])
    assert engine.cite([{"id": "a", "suffix": ', "Hello there"'}]) == "Some title, \u201cHello there.\u201d"


ET_AL = style('<names variable="author"><name et-al-min="2" et-al-use-first="1"/></names>')
TWO_AUTHORS = [{"id": "a", "type": "book",
                "author": [{"family": "Zither", "given": "Ziggy"}, {"family": "Yoda", "given": "Yossarian"}]}]


def test_a_cjk_et_al_term_joins_the_name_without_a_space():
    csl = style('<names variable="author"><name et-al-min="2" et-al-use-first="1"/></names>',
                locale='<locale><terms><term name="et-al">等</term></terms></locale>')
    assert processor(csl, TWO_AUTHORS).cite([{"id": "a"}]) == "Ziggy Zither等"


def test_a_latin_et_al_term_keeps_its_space():
    assert processor(ET_AL, TWO_AUTHORS).cite([{"id": "a"}]) == "Ziggy Zither et al."
