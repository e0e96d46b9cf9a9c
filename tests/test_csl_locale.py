"""Terms, ordinals, date formats and options of a style's locale (citekit.csl.locale).

Expected values follow the CSL test suite fixtures named in the comments
(locale_*, number_*Ordinal*, date_DayOrdinalDayOneOnly) and citeproc-js 1.4.61.
Locale files are the CSL locales shipped with citeproc-py.
"""

from __future__ import annotations

import pytest

from citekit.csl.elements import Element, build, parse_csl_text
from citekit.csl.parsing import parse_text
from citekit.csl.locale import Locale

CSL = "http://purl.org/net/xbiblio/csl"


def style_locale(style_locales: str, code: str = "en-US") -> Locale:
    """The locale of a style whose own ``cs:locale`` elements are ``style_locales``."""
    style = parse_csl_text(
        f'<style xmlns="{CSL}" version="1.0" class="note"><info><id/><title/></info>'
        f"{style_locales}<citation><layout><text value=\"x\"/></layout></citation></style>"
    )
    return Locale.for_style(style, code)


def locale_element(body: str, lang: str | None = None) -> Element:
    """A standalone ``cs:locale`` element (like a locale file's root)."""
    lang_attribute = f' xml:lang="{lang}"' if lang else ""
    return build(parse_text(f'<locale xmlns="{CSL}"{lang_attribute}>{body}</locale>'))


# -- terms --

def test_form_fallback_searches_every_locale_per_form() -> None:
    # The style redefines the long form only: short and verb-short still come from the file.
    locale = style_locale('<locale xml:lang="en"><terms><term name="editor">EDLONG</term></terms></locale>')
    assert locale.term("editor") == "EDLONG"
    assert locale.term("editor", "short") == "ed."
    assert locale.term("editor", "short", plural=True) == "eds."
    assert locale.term("editor", "verb-short") == "ed. by"
    assert locale.term("editor", "verb") == "edited by"


def test_form_fallback_chains() -> None:
    locale = Locale([locale_element(
        '<terms><term name="section" form="short">sec.</term><term name="section">section</term>'
        '<term name="only-short" form="short">s</term>'
        '<term name="editor" form="verb">edited by</term></terms>'
    )])
    assert locale.term("section", "symbol") == "sec."  # symbol → short
    assert locale.term("editor", "verb-short") == "edited by"  # verb-short → verb
    assert locale.term("section", "verb") == "section"  # verb → long
    assert locale.term("only-short", "symbol") == "s"
    assert locale.term("only-short") is None  # no long form
    assert locale.term("no-such-term") is None


@pytest.mark.parametrize("style_locales, name, expected", [
    # locale_SpecificTerm, locale_EmptyTerm
    ('<locale xml:lang="en"><terms><term name="and others">weird term</term></terms></locale>',
     "and others", "weird term"),
    ('<locale><terms><term name="and others">weird term</term></terms></locale>', "and others", "weird term"),
    # locale_EmptyPlusOverrideTerm: the language's locale comes before the unlabelled one
    ('<locale xml:lang="en"><terms><term name="interviewer">weird term</term></terms></locale>'
     '<locale><terms><term name="interviewer"></term></terms></locale>', "interviewer", "weird term"),
    # locale_OverloadWithEmptyString: an empty term is found, and stops the fallback
    ('<locale><terms><term name="month-01">HIGHLY VISIBLE TERM</term></terms></locale>'
     '<locale xml:lang="en"><terms><term name="month-01"></term></terms></locale>', "month-01", ""),
    ('<locale><terms><term name="et-al"></term></terms></locale>', "et-al", ""),  # locale_ForceEmptyEtAlTerm
    ('<locale><terms><term name="and others"/></terms></locale>', "and others", ""),
    # another language's locale does not apply
    ('<locale xml:lang="de"><terms><term name="and">UND</term></terms></locale>', "and", "and"),
])
def test_in_style_terms(style_locales: str, name: str, expected: str) -> None:
    assert style_locale(style_locales).term(name) == expected


def test_term_from_locale_file() -> None:
    locale = style_locale("")
    assert locale.term("interviewer", "verb") == "interview by"  # locale_UnknownTerm
    assert locale.term("page", "short", plural=True) == "pp."
    assert locale.term("sub verbo") == locale.term("sub-verbo") == "sub verbo"


def test_single_and_multiple() -> None:
    locale = Locale([locale_element(
        '<terms><term name="page"><single>page</single><multiple>pages</multiple></term>'
        '<term name="and">and</term></terms>')])
    assert (locale.term("page"), locale.term("page", plural=True)) == ("page", "pages")
    assert locale.term("and", plural=True) == "and"


def test_unknown_locale_uses_style_locale_and_en_us() -> None:  # locale_NonExistentLocaleDef
    locale = style_locale(
        '<locale xml:lang="gx"><terms><term name="editor">edxitor</term></terms></locale>', "gx")
    assert (locale.term("editor"), locale.term("translator")) == ("edxitor", "translator")


def test_en_us_is_a_last_resort_for_other_languages() -> None:
    # citeproc-js reads no English for a German style: the German long form wins over en-US's symbol.
    locale = style_locale("", "de-DE")
    assert locale.term("and", "symbol") == "und"
    german = locale_element('<terms><term name="and">und</term></terms>'
                            '<style-options punctuation-in-quote="false"/>', "de-DE")
    english = locale_element('<terms><term name="and" form="symbol">&amp;</term>'
                             '<term name="editor">editor</term></terms>'
                             '<style-options punctuation-in-quote="true"/>', "en-US")
    layered = Locale([german], fallback=[english])
    assert layered.term("and", "symbol") == "und"
    assert layered.term("editor") == "editor"  # defined nowhere else
    assert not layered.has_term("editor")
    assert layered.punctuation_in_quote is False


def test_gendered_terms() -> None:
    locale = Locale([locale_element(
        '<terms><term name="long-ordinal-01">prima</term>'
        '<term name="long-ordinal-01" gender-form="masculine">primo</term>'
        '<term name="edition" gender="feminine">edizione</term><term name="edition" form="short">ed.</term>'
        '</terms>')])
    assert locale.term("long-ordinal-01", gender="masculine") == "primo"
    assert locale.term("long-ordinal-01", gender="feminine") == "prima"  # neuter fallback
    assert locale.term("long-ordinal-01") == "prima"
    assert locale.term_gender("edition") == "feminine"
    assert locale.term_gender("volume") is None


def test_term_gender_from_files_and_style() -> None:
    french = style_locale("", "fr-FR")
    assert (french.term_gender("edition"), french.term_gender("month-01")) == ("feminine", "masculine")
    overridden = style_locale(
        '<locale><terms><term name="volume" gender="feminine">v</term></terms></locale>')
    assert overridden.term_gender("volume") == "feminine"


# -- ordinals --

@pytest.mark.parametrize("number, expected", [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"), (11, "11th"), (12, "12th"), (13, "13th"),
    (21, "21st"), (22, "22nd"), (23, "23rd"), (42, "42nd"), (101, "101st"), (111, "111th"), (112, "112th"),
    (113, "113th"), (1000, "1000th"), (1001, "1001st"),
])
def test_english_ordinals(number: int, expected: str) -> None:
    assert style_locale("").ordinal(number) == expected


@pytest.mark.parametrize("number, expected", [
    (9, "ninth"), (1, "first"), (10, "tenth"), (42, "42nd"), (11, "11th"),
])
def test_english_long_ordinals(number: int, expected: str) -> None:  # number_SimpleNumberOrdinalLong
    assert style_locale("").long_ordinal(number) == expected


def test_french_gendered_ordinals() -> None:  # number_NewOrdinalsEdition
    locale = style_locale("", "fr-FR")
    feminine, masculine = locale.term_gender("edition"), locale.term_gender("volume")
    assert [locale.ordinal(n, feminine) for n in (1, 2, 11)] == ["1ʳᵉ", "2ᵉ", "11ᵉ"]
    assert [locale.ordinal(n, masculine) for n in (1, 2, 21)] == ["1ᵉʳ", "2ᵉ", "21ᵉ"]
    assert locale.ordinal(1) == "1ᵉ"  # no neuter ordinal-01: the default suffix
    assert locale.long_ordinal(1, feminine) == "premier"
    assert locale.long_ordinal(11, masculine) == "11ᵉ"


def test_style_ordinals_with_gender_change() -> None:  # number_NewOrdinalsWithGenderChange
    locale = style_locale(
        '<locale xml:lang="fr-FR"><terms><term name="ordinal">EE</term>'
        '<term name="ordinal-01" gender-form="feminine" match="whole-number">ʳᵉfemmie</term>'
        '<term name="ordinal-01" gender-form="masculine" match="whole-number">ᵉʳmacho</term>'
        '</terms></locale>',
        "fr-FR")
    assert locale.ordinal(1, locale.term_gender("edition")) == "1ʳᵉfemmie"
    assert locale.ordinal(1, "masculine") == "1ᵉʳmacho"
    assert locale.ordinal(21, "masculine") == "21EE"


def test_separate_ordinal_namespaces() -> None:  # number_SeparateOrdinalNamespaces
    locale = style_locale(
        '<locale><terms><term name="ordinal">.ª</term><term name="ordinal-01">.ª</term>'
        '<term name="ordinal-01" gender-form="masculine">.º</term>'
        '<term name="ordinal-01" gender-form="feminine">.ª</term>'
        '<term name="ordinal-02" gender-form="masculine">.ºº</term>'
        '<term name="issue" gender="masculine">issue</term>'
        '<term name="edition" gender="feminine">edition</term>'
        '</terms></locale>', "fr-FR")
    edition, issue = locale.term_gender("edition"), locale.term_gender("issue")
    assert [locale.ordinal(n, edition) for n in (1, 2, 3)] == ["1.ª", "2.ª", "3.ª"]
    assert [locale.ordinal(n, issue) for n in (1, 2, 3)] == ["1.º", "2.ºº", "3.ª"]


def test_style_ordinal_term_replaces_the_file_set() -> None:
    locale = style_locale('<locale><terms><term name="ordinal">X</term><term name="ordinal-01">Y</term>'
                          '<term name="ordinal-13" match="whole-number">Z</term></terms></locale>')
    # The file's ordinal-11 is gone with its set: 11 matches ordinal-01 on its last digit.
    assert [locale.ordinal(n) for n in (1, 2, 11, 13, 21, 113)] == ["1Y", "2X", "11Y", "13Z", "21Y", "113X"]


def test_ordinal_set_from_lower_priority_locale_is_kept_whole() -> None:
    # The en locale adds ordinal-02 without an "ordinal" term: as citeproc-js, it joins
    # no set, and the unlabelled locale's "ordinal" applies to every number.
    locale = style_locale('<locale><terms><term name="ordinal">U</term></terms></locale>'
                          '<locale xml:lang="en"><terms>'
                          '<term name="ordinal-02" match="whole-number">EN2</term></terms></locale>')
    assert [locale.ordinal(n) for n in (1, 2, 22)] == ["1U", "2U", "22U"]


def test_style_ordinal_terms_without_ordinal_override_single_terms() -> None:
    locale = style_locale('<locale><terms><term name="ordinal-01">a</term><term name="ordinal-02">b</term>'
                          '<term name="ordinal-03">c</term><term name="ordinal-04">d</term></terms></locale>')
    assert [locale.ordinal(n) for n in (1, 2, 3, 4, 12, 22)] == ["1a", "2b", "3c", "4th", "12th", "22b"]


def test_gendered_only_ordinal_becomes_the_default() -> None:
    locale = style_locale('<locale xml:lang="en"><terms>'
                          '<term name="ordinal" gender-form="feminine">FEM</term></terms></locale>')
    assert [locale.ordinal(n) for n in (1, 4)] == ["1FEM", "4FEM"]


def test_gendered_request_ignores_neuter_ordinal_nn() -> None:
    # citeproc-js: with a default suffix, a feminine number never reaches the neuter ordinal-01 ("1th").
    locale = style_locale('<locale><terms><term name="volume" gender="feminine">v</term></terms></locale>')
    assert locale.ordinal(1, locale.term_gender("volume")) == "1th"


def test_legacy_ordinal_scheme() -> None:
    # CSL 1.0 ordinals (no "ordinal" term anywhere): 01..03 for 1..3 (not 11..13), 04 otherwise.
    locale = Locale([locale_element(
        "<terms>" + "".join(f'<term name="ordinal-0{n}">s{n}</term>' for n in range(1, 5)) + "</terms>")])
    numbers = (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 111, 110, 1001)
    assert [locale.ordinal(n) for n in numbers] == [
        "1s1", "2s2", "3s3", "4s4", "11s4", "12s4", "13s4", "21s1", "22s2", "23s3", "111s4", "110s4",
        "1001s1"]


@pytest.mark.parametrize("code, numbers, expected", [
    # citeproc-js keys ordinal-0N as "N" even under match="last-two-digits": 102 is "102ste"
    ("nl-NL", (1, 2, 8, 11, 22, 102, 111, 1000), ["1ste", "2de", "8ste", "11de", "22ste", "102ste", "111de",
                                                   "1000ste"]),
    ("de-AT", (1, 11), ["1.", "11."]),
])
def test_locale_file_ordinals(code: str, numbers: tuple[int, ...], expected: list[str]) -> None:
    locale = style_locale("", code)
    assert [locale.ordinal(n) for n in numbers] == expected


def test_long_ordinal_falls_back_on_empty_and_gendered_terms() -> None:
    locale = style_locale('<locale><terms><term name="long-ordinal-01">uno</term>'
                          '<term name="long-ordinal-02"></term>'
                          '<term name="long-ordinal-03" gender-form="feminine">terza</term></terms></locale>')
    assert [locale.long_ordinal(n) for n in (1, 2, 3)] == ["uno", "2nd", "third"]
    assert locale.long_ordinal(3, "feminine") == "terza"


# -- date formats, options, quotes --

def date_parts(locale: Locale, form: str) -> list[str]:
    date = locale.date_format(form)
    assert date is not None
    return [part.get("name") for part in date]


def test_date_formats() -> None:
    # locale_SpecificDate and locale_EmptyPlusOverrideDate: the language's format wins
    year_first = ('<date form="text"><date-part name="year"/><date-part name="month" form="long" prefix=" "/>'
                  '<date-part name="day" prefix=" "/></date>')
    day_first = ('<date form="text"><date-part name="day" suffix=" "/>'
                 '<date-part name="month" form="long" suffix=" "/><date-part name="year"/></date>')
    locale = style_locale(f'<locale>{day_first}</locale><locale xml:lang="en">{year_first}</locale>')
    assert date_parts(locale, "text") == ["year", "month", "day"]
    assert date_parts(style_locale(f"<locale>{day_first}</locale>"), "text") == ["day", "month", "year"]
    assert date_parts(locale, "numeric") == ["month", "day", "year"]  # the en-US file's
    assert Locale([locale_element("<terms/>")]).date_format("text") is None


@pytest.mark.parametrize("style_locales, code, expected", [
    # locale_EmptyPlusOverrideStyleOpt
    ('<locale xml:lang="en"><style-options punctuation-in-quote="true"/></locale>'
     '<locale><style-options punctuation-in-quote="false"/></locale>', "en-US", True),
    ('<locale><style-options punctuation-in-quote="true"/></locale>', "de-DE", True),  # locale_EmptyStyleOpt
    ('<locale><style-options punctuation-in-quote="false"/></locale>', "en-US", False),
    ("", "en-US", True), ("", "de-DE", False),
])
def test_punctuation_in_quote(style_locales: str, code: str, expected: bool) -> None:
    assert style_locale(style_locales, code).punctuation_in_quote is expected


@pytest.mark.parametrize("style_locales, code, expected", [
    # date_DayOrdinalDayOneOnly, number_LimitOrdinalsToDayOne
    ('<locale><style-options limit-day-ordinals-to-day-1="true"/></locale>', "en-US", True),
    ('<locale xml:lang="fr"><style-options limit-day-ordinals-to-day-1="true"/></locale>', "fr-FR", True),
    ('<locale><style-options punctuation-in-quote="true"/></locale>', "en-US", False),
])
def test_limit_day_ordinals(style_locales: str, code: str, expected: bool) -> None:
    assert style_locale(style_locales, code).limit_day_ordinals_to_day_1 is expected


def test_quotes() -> None:
    assert style_locale("").quotes == ("“", "”", "‘", "’")
    assert style_locale("", "fr-FR").quotes == ("«\u00a0", "\u00a0»", "“", "”")
    custom = style_locale('<locale><terms><term name="open-quote">[</term></terms></locale>')
    assert custom.quotes == ("[", "”", "‘", "’")


# -- what numbers need --

def test_number_locale() -> None:
    english = style_locale("").number_locale()
    assert (english.language, english.and_term, english.ampersand) == ("en-US", "and", "&")
    assert english.page_range_delimiter == "–" and english.has_term("volume")
    french = style_locale("", "fr-FR").number_locale()
    assert (french.and_term, french.page_range_delimiter) == ("et", "\u2011")  # ...TermFrenchUndef
    defined = style_locale('<locale><terms><term name="page-range-delimiter">=</term></terms></locale>')
    assert defined.number_locale().page_range_delimiter == "="  # locale_PageRangeDelimiterTermDefined
    assert style_locale("", "de-DE").number_locale().ampersand == "&"  # no symbol form: "und" is not used


def test_range_delimiter_defaults_when_undefined() -> None:
    assert Locale([locale_element("<terms/>", "pt-BR")]).number_locale().page_range_delimiter == "-"
    assert Locale([locale_element("<terms/>", "de-DE")]).number_locale().page_range_delimiter == "–"
    assert Locale([locale_element("<terms/>")]).language == "en-US"
