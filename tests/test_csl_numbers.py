"""Number variables and page ranges (citekit.csl.numbers) against citeproc-js's output.

Expected values come from the CSL test suite fixtures named (page_*, number_*,
plural_*, locale_*) and, for the other cases, from citeproc-js 1.4.61 itself.
"""

from __future__ import annotations

import pytest

from citekit.csl.numbers import (
    EN_DASH,
    NumberLocale,
    is_numeric,
    is_plural,
    number_label,
    page_first,
    parse_number,
    render_number,
    roman,
)
from citekit.csl.numbers import format_page_range as fmt_range

NB_HYPHEN = "\u2011"  # the fr-FR page-range-delimiter


def ordinal(number: int) -> str:
    """English ordinals, enough to see which numbers a transform reaches."""
    suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def short_terms(name: str, form: str, plural: bool) -> str | None:
    """A locale's short terms, as ``Locale.term`` would give them."""
    terms = {("page", "short"): ("p.", "pp."), ("volume", "short"): ("vol.", "vols.")}
    pair = terms.get((name, form))
    return pair[plural] if pair else None


ENGLISH = NumberLocale()


def render(text: str, variable: str = "volume", transform=None, range_format=None,
           locale: NumberLocale = ENGLISH) -> str:
    parts = parse_number(text, variable, locale)
    return render_number(parts, variable, transform, range_format, locale, short_terms)


# -- page ranges (CSL 1.0.2 Appendix V) --

CHICAGO_15 = [  # page_Chicago
    ("101-108", "101–8"), ("3-10", "3–10"), ("71-72", "71–72"), ("96-117", "96–117"),
    ("100-4", "100–104"), ("600-13", "600–613"), ("1100-23", "1100–1123"), ("107-108", "107–8"),
    ("505-17", "505–17"), ("1002-1006", "1002–6"), ("321-325", "321–25"), ("415-532", "415–532"),
    ("1536-538", "1536–38"), ("11564-11568", "11564–68"), ("11564-11578", "11564–78"),
    ("13792-13803", "13792–803"), ("1496-504", "1496–1504"), ("2787-816", "2787–2816"),
    # page_ChicagoWeird
    ("8n11564-8n1568", "8n11564–68"), ("n11564-n1568", "n11564–68"), ("n11564-1568", "n11564-1568"),
    # number_MixedPageRange
    ("142-145 & 235", "142–45 & 235"),
]
CHICAGO_16 = [  # page_Chicago16
    ("3-10", "3–10"), ("71-72", "71–72"), ("71-2", "71–72"), ("96-117", "96–117"),
    ("100-104", "100–104"), ("1100-1113", "1100–1113"), ("1100-13", "1100–1113"), ("101-108", "101–8"),
    ("808-833", "808–33"), ("1103-1104", "1103–4"), ("321-328", "321–28"), ("321-8", "321–28"),
    ("498-532", "498–532"), ("1087-1089", "1087–89"), ("1087-89", "1087–89"), ("1496-1500", "1496–500"),
    ("11564-11615", "11564–615"), ("12991-123001", "12991–123001"), ("xxv-xxviii", "xxv–xxviii"),
    ("cvi-cix", "cvi–cix"),
]
MINIMAL = [  # page_Minimal
    ("101-108", "101–8"), ("3-10", "3–10"), ("71-72", "71–2"), ("96-117", "96–117"), ("100-4", "100–4"),
    ("600-13", "600–13"), ("1100-23", "1100–23"), ("107-108", "107–8"), ("505-17", "505–17"),
    ("1002-1006", "1002–6"), ("321-325", "321–5"), ("415-532", "415–532"), ("1536-538", "1536–8"),
    ("11564-11568", "11564–8"), ("11564-11578", "11564–78"), ("13792-13803", "13792–803"),
    ("1496-504", "1496–504"), ("2787-816", "2787–816"), ("n11564 - n1568", "n11564–8"),
    ("n11564 - 1568", "n11564-1568"),
]
MINIMAL_TWO = [
    ("101-108", "101–08"), ("1496-1504", "1496–504"), ("110-115", "110–15"), ("1-9", "1–9"),
    ("12-15", "12–15"), ("101-1108", "101–1108"),
]
EXPANDED = [  # page_Expand, page_ExpandWeirdComposite
    ("110-5", "110–115"), ("N110 - 5", "N110-5"), ("N110 - N5", "N110–N115"), ("110 - N6", "110-N6"),
    ("N110 - P5", "N110-P5"), ("123N110 - N5", "123N110-N5"),
    ("123N110 - N5, 456K200 - 99", "123N110-N5, 456K200-99"),
    ("123N110 - N5, 000c23 - 22", "123N110-N5, 000c23-22"),
    ("7-36, 40-45", "7–36, 40–45"), ("101-8", "101–108"), ("e0123", "e0123"), ("A7-A9", "A7–A9"),
    ("iv-x", "iv–x"), ("99-101", "99–101"), ("5 - 10, 12", "5–10, 12"),
]
NO_FORMAT = [  # page_NoOption, number_PageRange, locale_PageRangeDelimiterTermUndefined
    ("110-5", "110–5"), ("42-45", "42–45"), ("1-2", "1–2"), ("7-36, 40-45", "7–36, 40–45"),
    ("iv-x", "iv–x"), ("A7-A9", "A7–A9"), ("e0123", "e0123"), ("101-8", "101–8"),
    ("N110 - 5", "N110-5"), ("S12-15", "S12-15"), ("3\\-B", "3-B"), ("pp. 5-7", "5–7"),
    ("vol. 3", "vol. 3"), ("10–20", "10–20"), ("Michaelson-Morely", "Michaelson-Morely"),
]


@pytest.mark.parametrize(
    "fmt, text, expected",
    [("chicago", *case) for case in CHICAGO_15]
    + [("chicago-15", *CHICAGO_15[0])]
    + [("chicago-16", *case) for case in CHICAGO_16]
    + [("minimal", *case) for case in MINIMAL]
    + [("minimal-two", *case) for case in MINIMAL_TWO]
    + [("expanded", *case) for case in EXPANDED]
    + [(None, *case) for case in NO_FORMAT],
)
def test_page_range_formats(fmt: str | None, text: str, expected: str) -> None:
    assert fmt_range(text, fmt) == expected


@pytest.mark.parametrize("text, fmt, delimiter, expected", [
    ("253-257", "chicago", NB_HYPHEN, f"253{NB_HYPHEN}57"),  # page_WithLocaleAndWeirdDelimiter
    ("463-509", None, NB_HYPHEN, f"463{NB_HYPHEN}509"),  # number_StrangeError
    ("1-2", None, "=", "1=2"),  # locale_PageRangeDelimiterTermDefined
    ("101-8", "expanded", "-", "101-108"),
])
def test_page_range_delimiter(text: str, fmt: str | None, delimiter: str, expected: str) -> None:
    assert fmt_range(text, fmt, delimiter) == expected


@pytest.mark.parametrize("page, expected", [
    ("22-45", "22"), ("10–20", "10"), ("42", "42"), ("3, 5", "3"), ("1 & 4", "1"), ("3\\-B", "3\\-B"),
])
def test_page_first(page: str, expected: str) -> None:  # page_NumberPageFirst, page_PluralDetectWithEndash
    assert page_first(page) == expected


# -- is-numeric and plurals --

@pytest.mark.parametrize("text, variable, expected", [
    ("2nd", "edition", True), ("L2", "volume", True), ("2-4", "volume", True), ("2, 4 & 6", "volume", True),
    ("2nd edition", "edition", False), ("annotated edition", "edition", False),  # number_IsNumericWithAlpha
    ("01790", "page", True),  # number_LeadingZeros
    ("version: 2002, amended effective June 1, 2010, and January 1, 2017", "version", False),
    ("2,3", "volume", False), ("1;2", "volume", False), ("1; 2", "volume", True),
    ("xii", "volume", True), ("XII", "volume", False), ("iv-x", "page", True), ("3/4", "volume", True),
    ("12(3)", "volume", False), ("5 ed.", "edition", False), ("Spring 2001", "issue", False),
    ("p. 5", "volume", False), ("vol. 3", "volume", True), ("vol. 3", "page", True),
    ("12345678901234567890", "volume", True), ("", "volume", False),
    ("22-45", "page-first", False),  # not a numeric variable for citeproc-js
    ("Part 2", "title", True), ("2nd edition", "title", False), ("5", "publisher", False),
])
def test_is_numeric(text: str, variable: str, expected: bool) -> None:
    assert is_numeric(text, variable) is expected


@pytest.mark.parametrize("text, variable, expected", [
    # number_PlainHyphenOrEnDashAlwaysPlural
    ("1-2", "page", True), ("i-ix", "page", True), ("3\\-B", "page", False),
    ("Michaelson-Morely", "page", False), ("4–6", "page", True), ("1, 2", "page", True),
    ("2,3", "page", False), ("1 and 2", "page", True), ("3a", "page", False), ("3/4", "page", False),
    ("1-A3", "page", True), ("1", "number-of-pages", False), ("2", "number-of-pages", True),
    ("1-2", "number-of-pages", True), ("5 ed.", "edition", False),
])
def test_is_plural(text: str, variable: str, expected: bool) -> None:
    assert is_plural(text, variable) is expected


def test_locale_and_term_joins_numbers() -> None:
    french = NumberLocale(language="fr-FR", and_term="et")
    assert is_plural("1 et 2", "volume", french)
    assert not is_plural("1 et 2", "volume")
    assert is_plural("1 and 2", "volume", french)  # English "and" always joins


@pytest.mark.parametrize("text, variable, locator_label, expected", [
    ("vol. 3", "page", None, "volume"), ("no. 5", "number", None, "number"),
    ("sec. 3", "number", None, "section"),
    ("3", "page", None, "page"), ("3", "volume", None, "volume"), ("3", "edition", None, None),
    ("3", "locator", "chapter", "chapter"),
])
def test_number_label(text: str, variable: str, locator_label: str | None, expected: str | None) -> None:
    parts = parse_number(text, variable, locator_label=locator_label)
    assert number_label(parts, variable) == expected


def test_unknown_label_term_is_not_a_label() -> None:
    without_volume = NumberLocale(has_term=lambda name: name != "volume")
    parts = parse_number("vol. 3", "number", without_volume)
    assert [(part.label, part.value, part.numeric) for part in parts] == [("var:number", "vol. 3", False)]


def test_parse_number_parts() -> None:
    parts = parse_number("N110 - N5, 7", "page")
    assert [(part.particle, part.value, part.joiner, part.label) for part in parts] == [
        ("N", "110", "-", "p."), ("N", "5", ", ", "p."), ("", "7", "", "p.")]
    assert all(part.numeric and part.collapsible and part.plural for part in parts)


# -- rendering --

@pytest.mark.parametrize("text, variable, expected", [
    ("1-3", "volume", "1–3"), ("1 - 3", "volume", "1–3"), ("3-4", "issue", "3–4"),
    ("43(3-4)", "issue", "43(3–4)"), ("3 - 1", "issue", "3–1"), ("10-8", "volume", "10–8"),
    ("2&4", "volume", "2 & 4"), ("A&B", "issue", "A&B"), ("2,3", "volume", "2,3"),
    ("1, 3-5 & 7", "volume", "1, 3–5 & 7"), ("S1-S5", "volume", "1–5"), ("A1-3", "volume", "A1-3"),
    ("iv-x", "volume", "iv–x"), ("vol. 3", "volume", "3"), ("vol. 3", "number", "3"),
    ("1-3", "section", "1-3"), ("3 - 1", "section", "3-1"), ("3 - 1", "chapter-number", "3-1"),
    ("3 - 1", "collection-number", "3–1"), ("1-3", "chapter-number", "1–3"),
    ("100", "volume", "100"), ("555", "issue", "555"),  # number_FailingDelimiters
    ("01790", "page", "01790"), ("5 ed.", "edition", "5 ed."), ("5 edition", "edition", "5 edition"),
    ("vol. 3", "page", "vol. 3"), ("3|4", "number", "3, 4"),
])
def test_render_numeric(text: str, variable: str, expected: str) -> None:
    assert render(text, variable) == expected


def test_render_with_year_range_delimiter() -> None:
    locale = NumberLocale(year_range_delimiter="/")
    assert render("3 - 1", "collection-number", locale=locale) == "3/1"


@pytest.mark.parametrize("text, variable, expected", [
    ("42", "volume", "42nd"),  # number_SimpleNumberOrdinalShort
    ("1, 2, 3", "volume", "1st, 2nd, 3rd"), ("1-3", "volume", "1st–3rd"), ("1 – 2", "volume", "1st – 2nd"),
    ("2 & 4", "volume", "2nd & 4th"), ("1-2 and 5", "volume", "1st–2nd and 5th"),
    ("A1-3", "volume", "A1-3rd"), ("1-A3", "volume", "1st-A3"), ("3a", "volume", "3a"),
    ("2nd", "volume", "2nd"), ("0", "volume", "0"), ("01", "volume", "01"), ("iv", "volume", "iv"),
    ("9007199254740993", "volume", "9007199254740993"), ("vol. 3", "volume", "3rd"),
    ("7, p. 3-8", "edition", "7th, pp. 3–8"),  # number_OrdinalSpacing: other labels keep their numbers
])
def test_render_ordinal(text: str, variable: str, expected: str) -> None:
    assert render(text, variable, ordinal) == expected


@pytest.mark.parametrize("text, expected", [
    ("42", "xlii"),  # number_SimpleNumberRoman
    ("1, 3-5 & 7", "i, iii–v & vii"), ("10-8", "x–viii"), ("6000", ""), ("iv", "iv"), ("00", "00"),
])
def test_render_roman(text: str, expected: str) -> None:
    assert render(text, "volume", roman) == expected


def test_render_page_range_format_and_labels() -> None:
    assert render("pp. 101-108", "page", range_format="minimal") == "101–8"
    assert render("5 n. 3", "volume") == "5 n. 3"
    assert render("7, p. 3-8", "edition") == "7, pp. 3–8"


def test_render_labels_without_terms() -> None:
    parts = parse_number("7, p. 3-8", "edition")
    assert render_number(parts, "edition") == "7, p. 3–8"


@pytest.mark.parametrize("number, expected", [
    (1, "i"), (4, "iv"), (9, "ix"), (14, "xiv"), (42, "xlii"), (99, "xcix"), (444, "cdxliv"),
    (1999, "mcmxcix"), (3999, "mmmcmxcix"), (4999, "mmmmcmxcix"), (5999, "mmmmmcmxcix"),
    (6000, ""), (12000, ""), (0, ""),
])
def test_roman(number: int, expected: str) -> None:
    assert roman(number) == expected


def test_en_dash_constant() -> None:
    assert EN_DASH == "\u2013" == NumberLocale().page_range_delimiter
