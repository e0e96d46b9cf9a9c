"""A style's localization data — terms, ordinals, date formats, options — looked up as citeproc-js does.

A :class:`Locale` is built from ``cs:locale`` elements in CSL 1.0.2 § Locale
Fallback order: the style's own locales (dialect, language, unlabelled), then
the locale files (dialect, primary dialect, en-US).

Search order. Every localizable unit is searched in all locales before any
fallback of term forms (CSL 1.0.2 § Terms: form fallback applies "even after
Locale Fallback"). citeproc-js does the same by merging the locales into one
table: so a style that redefines only the long "editor" term still gets the
short "ed." of the locale file. For a term, each form of the chain
(verb-short → verb → long; symbol → short → long; short/verb → long) is
looked for in every locale, gendered variant first, before the next form.

citeproc-js never reads the en-US file for a language other than English
(a German style missing a term form falls back to another German form, not
to English). Such a file is therefore kept apart (``fallback``), as a last
resort (the spec's step 6) for a term the other locales define in neither
the requested form nor its fallback forms, for a missing date format, and
for ordinals when the other locales define no ordinal term at all; the
locale options never come from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from citekit.csl.elements import CSL_NAMESPACE, locale_files
from citekit.csl.numbers import EN_DASH, NumberLocale

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LOCALE = f"{{{CSL_NAMESPACE}}}locale"
_TERM = f"{{{CSL_NAMESPACE}}}term"
_DATE = f"{{{CSL_NAMESPACE}}}date"
_STYLE_OPTIONS = f"{{{CSL_NAMESPACE}}}style-options"

# Term forms and what each falls back to (CSL 1.0.2 § Terms).
_FORM_CHAINS = {
    "long": ("long",),
    "symbol": ("symbol", "short", "long"),
    "verb-short": ("verb-short", "verb", "long"),
}
_BOOLEAN_OPTIONS = ("punctuation-in-quote", "limit-day-ordinals-to-day-1")
_ORDINAL_MATCHES = ("whole-number", "last-two-digits", "last-digit")

# A term is one string, or a (single, multiple) pair.
TermValue = str | tuple[str, str]
# match → number as written in the term name ("1" for ordinal-01) → gender form → term name
OrdinalTable = dict[str, dict[str, dict[str, str]]]


class _Term:
    """One term name: its forms, and the forms of each gendered variant."""

    __slots__ = ("forms", "genders")

    def __init__(self, forms: dict[str, TermValue] | None = None,
                 genders: dict[str, dict[str, TermValue]] | None = None) -> None:
        self.forms: dict[str, TermValue] = {} if forms is None else forms
        self.genders: dict[str, dict[str, TermValue]] = {} if genders is None else genders


class _Merged:
    """Locales merged into one table, lower priority first (citeproc-js ``localeSet``)."""

    __slots__ = ("terms", "noun_genders", "options", "dates", "ordinal_names", "ordinal_table")

    def __init__(self, terms: dict[str, _Term] | None = None, noun_genders: dict[str, str] | None = None,
                 options: dict[str, bool] | None = None, dates: dict[str, Any] | None = None,
                 ordinal_names: set[str] | None = None, ordinal_table: OrdinalTable | None = None) -> None:
        self.terms: dict[str, _Term] = {} if terms is None else terms
        self.noun_genders: dict[str, str] = {} if noun_genders is None else noun_genders
        self.options: dict[str, bool] = {} if options is None else options
        self.dates: dict[str, Any] = {} if dates is None else dates
        self.ordinal_names: set[str] = set() if ordinal_names is None else ordinal_names
        self.ordinal_table = ordinal_table  # None: the CSL 1.0 ordinal-01..04 scheme

    def add(self, locale: Any) -> None:
        """Lay one locale over what is merged so far."""
        terms = list(locale.iter(_TERM))
        new_ordinals = any(term.get("name") == "ordinal" for term in terms)
        if new_ordinals:
            # CSL 1.0.2 § Ordinal Suffixes: a set of ordinals replaces all earlier ones.
            for name in self.ordinal_names:
                self.terms.pop(name, None)
            self.ordinal_names, self.ordinal_table = set(), None
        table: OrdinalTable = {match: {} for match in _ORDINAL_MATCHES}
        gendered = set()
        for element in terms:
            name = _term_name(element.get("name", ""))
            if name.startswith("ordinal"):
                self.ordinal_names.add(name)
                if name != "ordinal":
                    _add_ordinal(table, name, element)
            if element.get("gender"):
                self.noun_genders[name] = element.get("gender")
            term = self.terms.setdefault(name, _Term())
            form, value = element.get("form") or "long", _term_value(element)
            gender_form = element.get("gender-form")
            if gender_form:
                term.genders[gender_form] = {form: value}
                gendered.add(name)
            else:
                term.forms[form] = value
        if new_ordinals:
            self._default_to_gendered(gendered)
            self.ordinal_table = table
        for term in self.terms.values():
            _fill_gendered_forms(term)
        self._add_options_and_dates(locale)

    def _default_to_gendered(self, names: set[str]) -> None:
        """A term defined only in gendered variants gets a default (feminine, else masculine)."""
        for name in names:
            term = self.terms[name]
            variant = term.genders.get("feminine") or term.genders.get("masculine")
            if not term.forms and variant:
                term.forms.update(variant)

    def _add_options_and_dates(self, locale: Any) -> None:
        for options in locale.iter(_STYLE_OPTIONS):
            for option in _BOOLEAN_OPTIONS:
                if option in options.attrib:
                    self.options[option] = options.get(option) == "true"
        for date in locale.iter(_DATE):
            self.dates[date.get("form")] = date

    def lookup(self, name: str, form: str, plural: bool, gender: str | None) -> str | None:
        """A term from this table alone, with form fallback (citeproc-js ``getField``)."""
        term = self.terms.get(name)
        if term is None:
            return None
        forms = term.genders[gender] if gender and gender in term.genders else term.forms
        for candidate in _FORM_CHAINS.get(form, (form, "long")):
            if candidate in forms:
                value = forms[candidate]
                return value if isinstance(value, str) else value[int(plural)]
        return None


def _term_name(name: str) -> str:
    # Locale files of CSL 1.0 spelled the term with a space.
    return "sub-verbo" if name == "sub verbo" else name


def _term_value(element: Any) -> TermValue:
    if not len(element):  # most terms are text alone: no path search (find) for a plural
        return element.text or ""
    multiple = element.find("multiple")
    if multiple is None:
        return "".join(element.itertext())
    single = element.find("single")
    return ("" if single is None else "".join(single.itertext()), "".join(multiple.itertext()))


def _add_ordinal(table: OrdinalTable, name: str, element: Any) -> None:
    """Record which numbers an ordinal-NN term matches (CSL 1.0.2 § Ordinal Suffixes)."""
    digits = name[len("ordinal-"):]
    match = element.get("match") or ("last-digit" if digits.startswith("0") else "last-two-digits")
    # citeproc-js keys "ordinal-0N" as "N" under every match: ordinal-02 with
    # match="last-two-digits" then matches 2 but not 102 (nl-NL prints "102ste").
    key = digits[1:] if digits.startswith("0") else digits
    table.setdefault(match, {}).setdefault(key, {})[element.get("gender-form") or "neuter"] = name


def _fill_gendered_forms(term: _Term) -> None:
    """Gendered variants borrow the forms they lack (empty ones too) from the neuter term."""
    for variant in term.genders.values():
        for form, value in term.forms.items():
            if not variant.get(form):
                variant[form] = value


class Locale:
    """Terms, ordinals, date formats and options of one output locale.

    ``locales`` are ``cs:locale`` elements (style children or locale file
    roots), highest priority first; ``fallback`` locales are the last resort
    described in the module docstring. ``language`` is the output locale code;
    by default the ``xml:lang`` of the first locale file.
    """

    def __init__(self, locales: Iterable[Any], fallback: Iterable[Any] = (),
                 language: str | None = None) -> None:
        locales, fallback = list(locales), list(fallback)
        self._own, self._fallback = _Merged(), _Merged()
        for locale in reversed(locales):
            self._own.add(locale)
        for locale in reversed(fallback):
            self._fallback.add(locale)
        files = [locale.get(_XML_LANG) for locale in locales + fallback if locale.getparent() is None]
        self.language: str = language or next((code for code in files if code), "en-US")
        self._numbers: NumberLocale | None = None
        # Terms found so far: the tables never change once built, and styles ask for the same few.
        self._terms: dict[tuple[str, str, bool, str | None], str | None] = {}

    @classmethod
    def for_style(cls, style_root: Any, code: str) -> Locale:
        """The locale of a parsed style (``citekit.csl.elements.Style``) for output locale ``code``."""
        language = code.split("-")[0]
        # The style's own cs:locale elements (the dialect's, the language's, the unlabelled),
        # then the locale files (CSL 1.0.2 § Locale Fallback).
        own = [locale for locale in style_root.iterchildren() if locale.tag == _LOCALE]
        locales = [locale for lang in (code, language, None)
                   for locale in own if locale.get(_XML_LANG) == lang]
        locales += locale_files(code)
        fallback = []
        files = [locale for locale in locales if locale.getparent() is None]
        if (code.split("-")[0].lower() != "en" and len(files) > 1
                and files[-1].get(_XML_LANG) == "en-US"):
            fallback.append(locales.pop())
        return cls(locales, fallback, language=code)

    def term(self, name: str, form: str = "long", plural: bool = False,
             gender: str | None = None) -> str | None:
        """The term ``name`` in ``form`` (falling back to other forms), None when undefined.

        An empty term (``<term name="and"/>``) is "" and stops the fallback
        (CSL 1.0.2 § Locale Fallback). ``gender`` ("masculine" or "feminine")
        picks a gendered variant, with the neuter term as fallback.
        """
        asked = (name, form, plural, gender)
        if asked not in self._terms:
            self._terms[asked] = self._lookup(_term_name(name), form, plural, gender)
        return self._terms[asked]

    def _lookup(self, name: str, form: str, plural: bool, gender: str | None) -> str | None:
        value = self._own.lookup(name, form, plural, gender)
        return value if value is not None else self._fallback.lookup(name, form, plural, gender)

    def has_term(self, name: str) -> bool:
        """Whether the locale (without the en-US last resort) defines ``name`` in any form,
        as citeproc-js checks before reading "vol." in a number as a label."""
        return _term_name(name) in self._own.terms

    def term_gender(self, name: str) -> str | None:
        """The grammatical gender of a term's noun ("feminine" for French "edition"), for ordinals."""
        return self._own.noun_genders.get(name) or self._fallback.noun_genders.get(name)

    def ordinal(self, number: int, gender: str | None = None) -> str:
        """``number`` with its ordinal suffix, e.g. "2nd" (CSL 1.0.2 § Ordinal Suffixes).

        ``gender`` is the gender of the noun the number goes with (see
        :meth:`term_gender`). ordinal-NN terms are matched on the whole number,
        then the last two digits, then the last digit, gendered variant before
        neuter; the "ordinal" term is the default suffix.
        """
        text = str(number)
        table = self._ordinal_source().ordinal_table
        if table is None:
            return text + self._legacy_ordinal_suffix(number, gender)
        suffix = self.term("ordinal", gender=gender) or ""
        for variant in ([gender] if gender else []) + ["neuter"]:
            name = _matching_ordinal(table, text, variant)
            if name:
                suffix = self.term(name, gender=gender) or ""
            # As citeproc-js: a non-empty default suffix ends the search after the first gender.
            if suffix:
                break
        return text + suffix

    def _ordinal_source(self) -> _Merged:
        own = self._own
        return own if own.ordinal_table is not None or own.ordinal_names else self._fallback

    def _legacy_ordinal_suffix(self, number: int, gender: str | None) -> str:
        """CSL 1.0 ordinals: ordinal-01..03 for numbers ending in 1..3 (not 11..13), else ordinal-04."""
        # citeproc-js fails when one of the four is missing; the suffix is then empty.
        suffixes = [self.term(f"ordinal-0{index}", gender=gender) for index in range(1, 5)]
        last_digit = number % 10
        if 1 <= last_digit <= 3 and number % 100 not in (11, 12, 13):
            suffix = suffixes[last_digit - 1]
        else:
            suffix = suffixes[3]
        return suffix or ""

    def long_ordinal(self, number: int, gender: str | None = None) -> str:
        """"first" .. "tenth" (long-ordinal-01..10); other numbers, and empty terms, as :meth:`ordinal`."""
        value = self.term(f"long-ordinal-{number:02d}", gender=gender)
        return value if value else self.ordinal(number, gender)

    def date_format(self, form: str) -> Any | None:
        """The locale's ``cs:date`` element of ``form`` ("text" or "numeric"), for localized dates."""
        date = self._own.dates.get(form)
        return date if date is not None else self._fallback.dates.get(form)

    @property
    def punctuation_in_quote(self) -> bool:
        """The ``punctuation-in-quote`` option (CSL 1.0.2 § Locale Options), false by default."""
        return self._own.options.get("punctuation-in-quote", False)

    @property
    def limit_day_ordinals_to_day_1(self) -> bool:
        """The ``limit-day-ordinals-to-day-1`` option, false by default."""
        return self._own.options.get("limit-day-ordinals-to-day-1", False)

    @cached_property
    def quotes(self) -> tuple[str, str, str, str]:
        """Open, close, open-inner and close-inner quotation marks."""
        names = ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote")
        open_, close, open_inner, close_inner = (self.term(name) or "" for name in names)
        return open_, close, open_inner, close_inner

    def number_locale(self) -> NumberLocale:
        """What :mod:`citekit.csl.numbers` needs from this locale (computed once)."""
        if self._numbers is None:
            self._numbers = self._make_number_locale()
        return self._numbers

    def _make_number_locale(self) -> NumberLocale:
        and_term = self.term("and") or "and"
        symbol = self.term("and", "symbol")
        # citeproc-js reads an undefined range delimiter as a hyphen in French and Portuguese.
        default_delimiter = "-" if self.language[:2].lower() in ("fr", "pt") else EN_DASH
        page_delimiter = self._own.lookup("page-range-delimiter", "long", False, None)
        year_delimiter = self._own.lookup("year-range-delimiter", "long", False, None)
        return NumberLocale(
            language=self.language,
            and_term=and_term,
            ampersand="&" if symbol is None or symbol == and_term else symbol,
            page_range_delimiter=default_delimiter if page_delimiter is None else page_delimiter,
            year_range_delimiter=EN_DASH if year_delimiter is None else year_delimiter,
            has_term=self.has_term,
        )


def _matching_ordinal(table: OrdinalTable, text: str, gender: str) -> str | None:
    """The ordinal-NN term matching a number: whole number, last two digits, last digit."""
    for match, key in (("whole-number", text), ("last-two-digits", text[-2:]), ("last-digit", text[-1:])):
        name = table.get(match, {}).get(key, {}).get(gender)
        if name:
            return name
    return None
