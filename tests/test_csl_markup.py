"""Rich text in field values (citekit.csl.markup), checked against the CSL test suite's expectations.

The expected strings are those of the suite's flipflop_, quotes_ and bugreports_
fixtures for the field in question, rendered here by a small HTML writer that
follows the rendering contract of :class:`Markup` nodes (flip-flop of fonts and
quotation marks); punctuation moved into quotes is the output module's job and
is left out.
"""

from __future__ import annotations

import pytest

from citekit.csl.markup import ENGLISH_QUOTES, Markup, QuoteMarks, parse_field
from citekit.csl.rich import Node
from citekit.csl.textcase import apply_text_case

_FONTS = {
    ("font-style", "italic"): ("<i>", "</i>"),
    ("font-weight", "bold"): ("<b>", "</b>"),
    ("font-variant", "small-caps"): ('<span style="font-variant:small-caps;">', "</span>"),
    ("vertical-align", "sup"): ("<sup>", "</sup>"),
    ("vertical-align", "sub"): ("<sub>", "</sub>"),
}
_FLIPS = {"font-style": "italic", "font-weight": "bold", "font-variant": "small-caps"}


def render(node: Node | str, marks: QuoteMarks = ENGLISH_QUOTES, fonts: dict[str, str] | None = None,
           inner: bool | None = None) -> str:
    """HTML as citeproc-js writes it; ``fonts`` are the fonts around, ``inner`` the enclosing quotes."""
    if isinstance(node, str):
        return node.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    fonts = dict(fonts or {})
    opening, closing = "", ""
    for attribute, value in node.formatting.items():
        around = fonts.get(attribute, "normal")
        if isinstance(node, Markup) and value == _FLIPS.get(attribute) and around == value:
            value = "normal"  # italic inside italic is upright
        fonts[attribute] = value
        if value == "normal" and around == "normal":
            continue  # normal prints only inside something that is not
        before, after = _FONTS.get((attribute, value), (f'<span style="{attribute}:{value};">', "</span>"))
        opening, closing = opening + before, after + closing
    if node.quotes:
        # Field quotes flip against the quotes around them; style quotes are outer quotes.
        if isinstance(node, Markup):
            inner = (not inner) if inner is not None else node.inner_quotes
        else:
            inner = False
        mark_open, mark_close = (marks.open_inner, marks.close_inner) if inner else (marks.open, marks.close)
        opening, closing = opening + mark_open, mark_close + closing
    return opening + "".join(render(child, marks, fonts, inner) for child in node.children) + closing


def styled(content: Node, **formatting: str) -> Node:
    """``content`` inside a style element's formatting (``quotes="true"`` as ``quotes``)."""
    quotes = formatting.pop("quotes", "") == "true"
    return Node([content], formatting={key.replace("_", "-"): value for key, value in formatting.items()},
                quotes=quotes)


def with_affixes(prefix: str, content: Node, suffix: str, **formatting: str) -> Node:
    """A style element with a prefix and a suffix around ``content``."""
    return styled(Node([Node([prefix], affix=True), content, Node([suffix], affix=True)]), **formatting)


# flipflop_LongComplexPrefix: a cite prefix that renders as it is written.
LONG_PREFIX = (
    "The French translation provided there runs, <i>Toi, qui cultives notre philosophie sous lhabit "
    "étranger—et peut-être pas si étranger que cela, puisque la chevelure des naziréens et la consécration "
    "de la tête, dont il a toujours tenu le fer à lécart, sont aussi comme une loi des sanctuaires, et que "
    "la blancheur et l’éclat des vêtements appartiennent aux anges, quand on les représente sous une forme "
    "corporelle: c’est, je pense, le symbole de la pureté propre à leur nature—!</i> "
)

# (fixture, field value, expected rendering of the field alone)
FIELD_ALONE = [
    ("flipflop_ApostropheInsideTag", '<span class="nocase">l\'\'\'</span>', "l’’’"),
    ("flipflop_Apostrophes",
     "Conseil Suprême des Antiquités de l'Égypte [formerly Imprimerie de l'Institut français "
     "d'archéologie orientale]",
     "Conseil Suprême des Antiquités de l’Égypte [formerly Imprimerie de l’Institut français "
     "d’archéologie orientale]"),
    ("flipflop_CompleteCiteInPrefix",
     'Wilhelm Dilthey, "The Types of World Views and Their Unfoldment Within the Metaphysical Systems," '
     "in <i>Dilthey’s Philosophy of Existence: Introduction to Weltanschauungslehre</i>, trans. William "
     "Kluback and Martin Weinbaum (New York: Bookman Associates, 1957), 26–27 ",
     "Wilhelm Dilthey, “The Types of World Views and Their Unfoldment Within the Metaphysical Systems,” "
     "in <i>Dilthey’s Philosophy of Existence: Introduction to Weltanschauungslehre</i>, trans. William "
     "Kluback and Martin Weinbaum (New York: Bookman Associates, 1957), 26–27 "),
    ("flipflop_ItalicsSimple", "One TwoA <i>Three Four</i> Five!", "One TwoA <i>Three Four</i> Five!"),
    ("flipflop_ItalicsSimple", "<i>One TwoB</i> Three Four Five!", "<i>One TwoB</i> Three Four Five!"),
    ("flipflop_ItalicsSimple", "One TwoC Three <i>Four Five!</i>", "One TwoC Three <i>Four Five!</i>"),
    ("flipflop_ItalicsSimple", "<i>One TwoD</i> Three <i>Four Five!</i>",
     "<i>One TwoD</i> Three <i>Four Five!</i>"),
    ("flipflop_ItalicsSimple", "<i>One TwoE <i>Three</i> Four Five!</i>",
     '<i>One TwoE <span style="font-style:normal;">Three</span> Four Five!</i>'),
    ("flipflop_ItalicsSimple", "One TwoF</i> Three Four Five!", "One TwoF&#60;/i&#62; Three Four Five!"),
    ("flipflop_LeadingMarkupWithApostrophe",
     "<i>Insha’Allah</i> is an Arabic phrase meaning ‘God willing’. Another Arabic word is <i>bukra</i>. ",
     "<i>Insha’Allah</i> is an Arabic phrase meaning ‘God willing’. Another Arabic word is <i>bukra</i>. "),
    ("flipflop_LongComplexPrefix", LONG_PREFIX, LONG_PREFIX),
    ("flipflop_QuotesInFieldNotOnNode", "'friend'", "“friend”"),
    ("flipflop_SingleQuotesOnItalics", 'It is official ("<i>My Title</i>") now',
     "It is official (“<i>My Title</i>”) now"),
    ("flipflop_SmallCaps", 'His <span style="font-variant:small-caps;">Anthology</span>',
     'His <span style="font-variant:small-caps;">Anthology</span>'),
    ("flipflop_StartingApostrophe",
     "IEEE Conference on Emerging Technologies and Factory Automation (ETFA '09)",
     "IEEE Conference on Emerging Technologies and Factory Automation (ETFA ’09)"),
    ("bugreports_ApostropheOnParticle", "d'Jones", "d’Jones"),
    ("bugreports_DuplicateSpaces", "D'Arcus", "D’Arcus"),
    ("bugreports_FourAndFour", "Ladder of his' Years", "Ladder of his’ Years"),
    ("bugreports_LegislationCrash",
     "Arrêté du 23 mars 1992 relatif au programme des études conduisant au diplôme d'État d'infirmier",
     "Arrêté du 23 mars 1992 relatif au programme des études conduisant au diplôme d’État d’infirmier"),
    ("bugreports_SingleQuote",
     "production d ' eau glacée à condensation à eau avec récupération de chaleur . Modélisation simplifiée "
     "dans l ’ optique d ’ un calcul",
     "production d ’ eau glacée à condensation à eau avec récupération de chaleur . Modélisation simplifiée "
     "dans l ’ optique d ’ un calcul"),
    ("bugreports_SmallCapsEscape", '<span style="font-variant: small-caps;">Here</span>',
     '<span style="font-variant:small-caps;">Here</span>'),
    ("punctuation_FrenchOrthography", "His « Anonymous » Life", "His «\u202fAnonymous\u202f» Life"),
    ("textcase_NoSpaceBeforeApostrophe", "Shafi'i", "Shafi’i"),
]


@pytest.mark.parametrize(("fixture", "value", "expected"), FIELD_ALONE, ids=[f[0] for f in FIELD_ALONE])
def test_field_renders_as_in_the_suite(fixture: str, value: str, expected: str) -> None:
    assert render(parse_field(value)) == expected


def test_italics_flip_against_the_style() -> None:
    # flipflop_ItalicsFlipped, flipflop_ItalicsWithOk, decorations_SimpleFlipFlop
    cases = {
        "One Two <i>Three</i> Four Five!":
            '<i>One Two <span style="font-style:normal;">Three</span> Four Five!</i>',
        "One <i>Two <i>Three</i> Four</i> Five!":
            '<i>One <span style="font-style:normal;">Two <i>Three</i> Four</span> Five!</i>',
        'Lessard <span class="nodecor">v.</span> Schmidt':
            '<i>Lessard <span style="font-style:normal;">v.</span> Schmidt</i>',
        "My <i>Amazing</i> Title": '<i>My <span style="font-style:normal;">Amazing</span> Title</i>',
    }
    for value, expected in cases.items():
        assert render(styled(parse_field(value), font_style="italic")) == expected


def test_small_caps_flip_against_the_style() -> None:
    # flipflop_SmallCaps
    title = parse_field('His <span style="font-variant:small-caps;">Anonymous</span> Life')
    assert render(styled(title, font_variant="small-caps")) == (
        '<span style="font-variant:small-caps;">His <span style="font-variant:normal;">Anonymous</span> '
        "Life</span>")


def test_nodecor_with_text_case_in_small_caps() -> None:
    # flipflop_ItalicsWithOkAndTextcase: capitalize-all leaves nodecor text alone
    field = parse_field('lessard <span class="nodecor">v.</span> schmidt')
    title = apply_text_case(field, "capitalize-all", None)
    assert render(styled(title, font_variant="small-caps")) == (
        '<span style="font-variant:small-caps;">Lessard <span style="font-variant:normal;">v.</span> '
        "Schmidt</span>")


def test_bold_value_in_bold_layout() -> None:
    # flipflop_BoldfaceNodeLevelMarkup
    node = with_affixes("Speak, ", parse_field("<b>friend</b>"), ", and enter.", font_weight="bold")
    assert render(node) == '<b>Speak, <span style="font-weight:normal;">friend</span>, and enter.</b>'


def test_field_quotes_inside_style_quotes_are_inner() -> None:
    # flipflop_QuotesNodeLevelMarkup, flipflop_LeadingSingleQuote, quotes_PunctuationWithInnerQuote
    passphrase = Node([Node(["Speak, "], affix=True), parse_field('"friend"'), " of mine on this day, ",
                       "March 15, 1973", Node([", and enter."], affix=True)])
    assert render(styled(passphrase, quotes="true")) == (
        "“Speak, ‘friend’ of mine on this day, March 15, 1973, and enter.”")
    title = parse_field("‘Parmenides’ 132c–133a and the development of Plato's thought")
    assert render(styled(title, quotes="true")) == (
        "“‘Parmenides’ 132c–133a and the development of Plato’s thought”")
    assert render(styled(parse_field("This is 'The One'"), quotes="true")) == "“This is ‘The One’”"


def test_locale_quotation_marks() -> None:
    # bugreports_FrenchApostrophe: French marks pair, English typographic ones stay text.
    french = QuoteMarks("«\u00a0", "\u00a0»", "“", "”")
    title = parse_field("Life's 'Little' Surprises", french)
    assert render(styled(title, quotes="true"), french) == "«\u00a0Life’s “Little” Surprises\u00a0»"
    assert render(parse_field("«\u00a0a\u00a0» and ‘b’", french), french) == "«\u00a0a\u00a0» and ‘b’"
    assert parse_field("‘b’", french).children == ["‘b", "’"]


def test_tree_of_markup() -> None:
    tree = parse_field('One <i>Two <b>Three</b></i> <sc>Four</sc> <span class="nocase">iPod</span>')
    assert tree.children[0] == "One "
    italic, small_caps, nocase = (child for child in tree.children if isinstance(child, Node))
    assert isinstance(italic, Markup) and italic.formatting == {"font-style": "italic"}
    assert italic.children[0] == "Two "
    bold = italic.children[1]
    assert isinstance(bold, Markup) and bold.formatting == {"font-weight": "bold"}
    assert bold.children == ["Three"]
    assert small_caps.formatting == {"font-variant": "small-caps"} and small_caps.nocase
    assert nocase.formatting == {} and nocase.nocase and nocase.children == ["iPod"]
    assert tree.text() == "One Two Three Four iPod"


def test_superscript_and_subscript() -> None:
    assert render(parse_field("H<sub>2</sub>O and x<sup>2</sup>")) == "H<sub>2</sub>O and x<sup>2</sup>"
    assert render(styled(parse_field("<sup>a</sup>"), vertical_align="sup")) == "<sup><sup>a</sup></sup>"


def test_unknown_and_unbalanced_tags_stay_text() -> None:
    assert render(parse_field("<script>alert(1)</script> & <br>")) == (
        "&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#60;br&#62;")
    # A closing tag that does not match turns the tags opened since its partner into text.
    assert render(parse_field("<i>foo <b>bar</i> baz")) == "<i>foo &#60;b&#62;bar</i> baz"
    assert render(parse_field("<i>foo</b> bar</i>")) == "&#60;i&#62;foo&#60;/b&#62; bar&#60;/i&#62;"
    assert render(parse_field("<i>open")) == "&#60;i&#62;open"
    assert render(parse_field("<I>upper case</I>")) == "&#60;I&#62;upper case&#60;/I&#62;"


def test_apostrophes() -> None:
    assert render(parse_field("Rossum's d'Alembert")) == "Rossum’s d’Alembert"
    assert render(parse_field("the students' rights")) == "the students’ rights"
    assert render(parse_field("5'10\"")) == "5’10\""
    assert render(parse_field("'twas")) == "’twas"
    assert render(parse_field("'Hello'!")) == "’Hello’!"  # a quote before "!" is an apostrophe
    assert render(parse_field('He said "it\'s fine"')) == "He said “it’s fine”"


def test_typographic_apostrophes_are_leaves_of_their_own() -> None:
    # Text-case must tell a typographic apostrophe (a word boundary) from a straight one.
    assert parse_field("Plato’s rock'n'roll").children == ["Plato", "’", "s rock’n’roll"]


def test_first_straight_quotation_is_outer() -> None:
    assert render(parse_field("'a' and \"b\"")) == "“a” and ‘b’"
    assert render(parse_field("\"a\" and 'b'")) == "“a” and ‘b’"
    assert render(parse_field("He said \"a 'b' c\"")) == "He said “a ‘b’ c”"
    assert render(parse_field("“a ‘b’ c”")) == "“a ‘b’ c”"
    assert render(parse_field("‘a “b” c’")) == "‘a “b” c’"


def test_quotes_open_after_a_space_or_parenthesis() -> None:
    assert render(parse_field('<i>"Title"</i>')) == "<i>“Title”</i>"
    assert render(parse_field('a"b" c')) == 'a"b" c'
    assert render(parse_field('Nation of "Positive Obligations " of State')) == (
        'Nation of "Positive Obligations " of State')
    assert render(parse_field("“unclosed")) == "“unclosed"


def test_spaces_are_kept() -> None:
    assert parse_field("  <i>x</i> ").children[0] == "  "
    assert parse_field(" plain").children == [" plain"]
    assert parse_field("").children == []
    assert parse_field("What ? Here : there").text() == "What\u202f? Here\u202f: there"
