"""Number variables and page ranges, read and written as citeproc-js does.

CSL 1.0.2 says little about how "2-4, 6" or "N110 - N5" is taken apart
(§ Number, § is-numeric, Appendix V); citekit follows citeproc-js, which
produced the expected results of the CSL test suite, quirks included:

* :func:`parse_number` splits a value into :class:`NumberPart` items, one per
  number, each with the delimiter that follows it and an embedded label such
  as the "p." of "p. 5";
* :func:`is_numeric`, :func:`is_plural` and :func:`number_label` answer the
  questions of ``is-numeric``, ``cs:label`` plurals and embedded labels;
* :func:`render_number` writes the parts back: hyphenated ranges get the
  locale's range delimiter, page ranges are reformatted (``page-range-format``)
  and each plain number may be transformed (ordinal, long ordinal, roman);
* :func:`format_page_range` is the shortcut for a ``page`` value.

Nothing here reads XML: what the locale contributes comes in a :class:`NumberLocale`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from citekit.patterns import lazy_compile

EN_DASH = "\u2013"

# Abbreviations citeproc-js accepts as labels inside a number variable, and their terms.
LABEL_TERMS: dict[str, str] = {
    "vrs.": "verse", "sv.": "sub-verbo", "subpara.": "subparagraph", "op.": "opus",
    "subch.": "subchapter", "add.": "addendum", "amend.": "amendment", "annot.": "annotation",
    "app.": "appendix", "art.": "article-locator", "bibliog.": "bibliography", "bk.": "book",
    "ch.": "chapter", "cl.": "clause", "col.": "column", "cmt.": "comment", "dec.": "decision",
    "dept.": "department", "ex.": "example", "fig.": "figure", "fld.": "field", "fol.": "folio",
    "n.": "note", "hypo.": "hypothetical", "illus.": "illustration", "intro.": "introduction",
    "l.": "line", "no.": "issue", "p.": "page", "pp.": "page", "para.": "paragraph", "pt.": "part",
    "pmbl.": "preamble", "princ.": "principle", "pub.": "publication", "r.": "rule",
    "rn.": "randnummer", "sched.": "schedule", "sec.": "section", "subdiv.": "subdivision",
    "subsec.": "subsection", "supp.": "supplement", "tbl.": "table", "tit.": "title-locator",
    "vol.": "volume",
}
# The implicit label of a value, by variable (or by locator label).
LABEL_ABBREVIATIONS: dict[str, str] = {
    **{term: abbreviation for abbreviation, term in LABEL_TERMS.items() if abbreviation != "pp."},
    "sub verbo": "sv.", "article": "art.", "title": "tit.",
}
# Variables is-numeric applies to (citeproc-js's list); any other tests false.
NUMERIC_VARIABLES = frozenset({
    "call-number", "chapter-number", "collection-number", "division", "edition", "page", "issue",
    "locator", "locator-extra", "number", "number-of-pages",
    "number-of-volumes", "part-number", "printing-number", "section", "supplement-number",
    "version", "volume", "supplement", "citation-number",
})
# Variables citeproc-js writes through its number code even under cs:text (cs:number always does).
TEXT_NUMBER_VARIABLES = frozenset({
    "page", "page-first", "chapter-number", "collection-number", "issue", "number",
    "number-of-pages", "number-of-volumes", "volume", "locator", "locator-extra",
    "first-reference-note-number",
})
# Variables whose hyphenated ranges are rewritten when rendered.
RANGE_VARIABLES = frozenset({
    "page", "chapter-number", "collection-number", "edition", "issue", "number",
    "number-of-pages", "number-of-volumes", "volume", "locator", "locator-extra",
})
# Variables whose embedded label may name another term ("vol. 3" as a page).
_LABELLED_VARIABLES = ("locator", "number", "locator-extra", "page")
_LOCATOR_VARIABLES = ("locator", "locator-extra")
# Variables whose numeric ranges take the page-range-delimiter.
_PAGE_DELIMITED_VARIABLES = ("locator", "locator-extra", "issue", "volume", "edition", "number")

_AND_SYMBOL = r"\s*&\s*"
_EMBEDDED_LABEL = lazy_compile(
    r"(?:^| )(?:[a-z]|[a-z][a-z]|[a-z][a-z][a-z]|[a-z][a-z][a-z][a-z]"
    r"|subpara|subch|amend|bibliog|annot|illus|princ|intro|sched|subdiv|subsec)(?:\.| ) *"
)
_NUMBER_CHUNK = lazy_compile(r"[0-9]+[-;,:a-zA-Z]*")
_SUBSECTION_HEAD = lazy_compile(r"(?:[a-z]{1,4}\. +)*[0-9]+[,a-zA-Z]+")
_SUBSECTION_TAIL = lazy_compile(r"[,a-zA-Z]+")
_PARTICLE_VALUE = lazy_compile(r"([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))")
_NUMERIC_VALUE = lazy_compile(r"(?:[0-9]+|[ixv]+)(?:[-,:a-zA-Z]*|-[-0-9]+)")
_ROMAN_VALUE = lazy_compile(r"[ivxlcmIVXLCM]+")
_PLAIN_OR_ROMAN = lazy_compile(r"[0-9]+|[ivxlcmIVXLCM]+")
_FRACTION = lazy_compile(r"[0-9]+(?:/[0-9]+)+")
_INTEGER = lazy_compile(r"[1-9][0-9]*")
_JS_INT = lazy_compile(r"\s*([+-]?[0-9]+)")
_MAX_SAFE_INTEGER = 2**53 - 1

# Page range code (citeproc-js util_page.js).
_RANGE = lazy_compile(
    r"([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)\s*(?:\u2013|-)\s*([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)"
)
_LISTED_RANGE = lazy_compile(
    r"(?:[0-9]*[a-zA-Z]+0*)?[0-9]+[a-z]*\s+-\s+(?:[0-9]*[a-zA-Z]+0*)?[0-9]+[a-z]*"
)
_MANGLED_RANGE = lazy_compile(
    r"((?:[0-9]*[a-zA-Z]+0*))?([0-9]+[a-z]*)(\s*[^0-9]+\s*)([-,a-zA-Z]?0*)([0-9]+[a-z]*)"
)
_PAGE_FIRST_SPLIT = lazy_compile(r"\s*(?:&|, |-|\u2013)\s*")

_ROMAN_DIGITS = (
    ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"),
    ("", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"),
    ("", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm"),
    ("", "m", "mm", "mmm", "mmmm", "mmmmm"),
)


def _any_term(name: str) -> bool:
    """Without a locale at hand, every term counts as defined (as in en-US)."""
    return True


class NumberLocale(NamedTuple):
    """What reading and writing numbers takes from the locale (see ``Locale.number_locale``).

    ``has_term`` tells whether the locale defines a term (in any form):
    citeproc-js takes "vol." for a label only when the "volume" term exists.
    """

    language: str = "en-US"
    and_term: str = "and"
    ampersand: str = "&"
    page_range_delimiter: str = EN_DASH
    year_range_delimiter: str = EN_DASH
    has_term: Callable[[str], bool] = _any_term


DEFAULT_LOCALE = NumberLocale()


class NumberPart:
    """One number of a number variable (or its whole text when that is not numeric).

    ``particle`` is a letter prefix kept apart ("N" in "N110"), ``joiner`` the
    delimiter that follows the part. ``label`` is the embedded label's
    abbreviation ("p.", "vol.") or ``var:<variable>`` when the value has none;
    ``original_label`` the label written in the value when another one
    applies, ``label_suffix`` the space written after it. ``label_visible``
    labels are printed with the number (``short_label``: in the short form).
    ``numeric`` and ``plural`` answer is-numeric and label plurals (citeproc-js
    judges them on the first part); ``collapsible`` parts are plain numbers
    that a ``cs:number`` form may transform.
    """

    __slots__ = ("value", "particle", "label", "original_label", "label_suffix", "joiner", "numeric",
                 "collapsible", "plural", "label_visible", "short_label")

    def __init__(self, value: str, particle: str = "", label: str | None = None, original_label: str = "",
                 label_suffix: str = "", joiner: str = "", numeric: bool = False, collapsible: bool = False,
                 plural: bool = False, label_visible: bool = False, short_label: bool = False) -> None:
        self.value = value
        self.particle = particle
        self.label = label
        self.original_label = original_label
        self.label_suffix = label_suffix
        self.joiner = joiner
        self.numeric = numeric
        self.collapsible = collapsible
        self.plural = plural
        self.label_visible = label_visible
        self.short_label = short_label

    def copy(self) -> NumberPart:
        """A copy to change (writing a number rewrites its ranges in place)."""
        return NumberPart(self.value, self.particle, self.label, self.original_label, self.label_suffix,
                          self.joiner, self.numeric, self.collapsible, self.plural, self.label_visible,
                          self.short_label)


class _Parse:
    """The state of one parse: what citeproc-js keeps across the chunks of a value."""

    __slots__ = ("variable", "real_variable", "locale", "label", "original_label", "parts")

    def __init__(self, variable: str, real_variable: str, locale: NumberLocale, label: str,
                 original_label: str = "", parts: list[NumberPart] | None = None) -> None:
        self.variable = variable
        self.real_variable = real_variable
        self.locale = locale
        self.label = label
        self.original_label = original_label
        self.parts: list[NumberPart] = [] if parts is None else parts


def _js_int(text: str) -> int | None:
    """JavaScript's ``parseInt``: the leading integer, or None for NaN."""
    match = _JS_INT.match(text)
    return int(match.group(1)) if match else None


def page_first(page: str) -> str:
    """The ``page-first`` variable: the first page of ``page`` ("22" of "22-45")."""
    first = _PAGE_FIRST_SPLIT.split(page)[0]
    return page if first.endswith("\\") else first


def roman(number: int) -> str:
    """``number`` in lowercase roman numerals; "" from 6000 on, as citeproc-js (and for 0)."""
    if not 0 < number < 6000:
        return ""
    digits = reversed(str(number))
    return "".join(reversed([_ROMAN_DIGITS[place][int(digit)] for place, digit in enumerate(digits)]))


def parse_number(
    text: str,
    variable: str = "number",
    locale: NumberLocale = DEFAULT_LOCALE,
    locator_label: str | None = None,
) -> list[NumberPart]:
    """Split a number variable into its numbers, delimiters and embedded labels.

    ``variable`` changes the reading (an implicit "p." for ``page``, labels
    that name other terms, plurals of ``number-of-*``); ``locator_label`` is
    the cite's locator type when ``variable`` is ``locator``.
    """
    if not text.strip():
        return []
    own_variable = "page" if variable == "page-first" else variable
    state = _Parse(own_variable, variable, locale, label=LABEL_ABBREVIATIONS.get(own_variable, ""))
    elements = _split(_with_implicit_label(text, state.variable, locator_label), state)
    for index in range(0, len(elements), 2):
        joiner = elements[index + 1] if index + 1 < len(elements) else ""
        _read_chunk(elements[index], joiner, index, state)
    parts = state.parts
    _space_labels(parts)
    _classify(parts, state, text)
    _apply_special_forms(parts, state.variable)
    return parts


def _with_implicit_label(text: str, variable: str, locator_label: str | None) -> str:
    """Put the variable's own label in front, unless the value starts with a label."""
    text = text.strip()
    first_word = text.split(" ", 1)[0]
    if first_word in LABEL_TERMS:
        return text
    if variable in _LOCATOR_VARIABLES:
        label = LABEL_ABBREVIATIONS.get(locator_label) if locator_label else "p."
    elif variable == "page":
        label = "p."
    else:
        label = LABEL_ABBREVIATIONS.get(variable)
    return f"{label} {text}" if label else text


def _joiner_pattern(locale: NumberLocale, escaped_hyphens: bool) -> str:
    """Delimiters between numbers: &, "and", semicolon, comma (with a space) and dashes."""
    and_words = r",\s+and\s+|\s+and\s+"
    if not locale.language.startswith("en"):
        word = re.escape(locale.and_term)
        and_words += rf"|,\s+{word}\s+|\s+{word}\s+"
    # An escaped hyphen ("3\-B") is text, not a range: only en dashes join then.
    dashes = "[\u2013]+" if escaped_hyphens else "[-\u2013]+"
    return rf"{_AND_SYMBOL}|{and_words}|;\s+|,\s+|\s*\\*{dashes}\s*"


def _split(text: str, state: _Parse) -> list[str]:
    """Chunks and the delimiters between them, alternating (chunk, delimiter, chunk...)."""
    if state.variable == "page":
        text = text.replace(EN_DASH, "-")
    escaped = "\\-" in text
    if escaped:
        pieces = [piece.replace("-", EN_DASH) for piece in text.split("\\-")]
        text = "\\-".join(pieces).replace("\\", "")
    pattern = _joiner_pattern(state.locale, escaped)
    delimiters = re.findall(pattern, text)
    if not delimiters:
        return [text]
    chunks = re.split(pattern, text)
    elements: list[str] = []
    for chunk, delimiter in zip(chunks, delimiters, strict=False):
        if re.fullmatch(_AND_SYMBOL, delimiter):
            # citeproc-js tests the same chunk at both ends: "A&B" keeps a bare ampersand.
            between_letters = re.search(r"[a-zA-Z]$", chunk) and re.match(r"[a-zA-Z]", chunk)
            ampersand = state.locale.ampersand
            delimiter = ampersand if between_letters else f" {ampersand} "
        elements += [chunk, delimiter]
    elements.append(chunks[-1])
    return _join_subsections(elements)


def _join_subsections(elements: list[str]) -> list[str]:
    """Put "12a-c" back together: a hyphen between letters is not a range."""
    for index in range(len(elements) - 2, 0, -2):
        if (elements[index] == "-" and _SUBSECTION_HEAD.fullmatch(elements[index - 1])
                and _SUBSECTION_TAIL.fullmatch(elements[index + 1])):
            elements[index - 1:index + 2] = ["".join(elements[index - 1:index + 2])]
    return elements


def _read_chunk(chunk: str, joiner: str, position: int, state: _Parse) -> None:
    """Parts of one chunk: its embedded labels ("p. 5 n. 3") each start a part."""
    labels = [match.group(0) for match in _EMBEDDED_LABEL.finditer(chunk)]
    if not labels:
        state.parts.append(_part(chunk, joiner, None, state))
        return
    pieces = _EMBEDDED_LABEL.split(chunk)
    # A "label" between words that are not numbers is part of the text.
    for index in range(len(pieces) - 1, 0, -1):
        if pieces[index - 1] and not (_NUMBER_CHUNK.fullmatch(pieces[index])
                                      and _NUMBER_CHUNK.fullmatch(pieces[index - 1])):
            pieces[index - 1:index + 1] = [pieces[index - 1] + labels[index - 1] + pieces[index]]
            del labels[index - 1]
    if labels:
        slug = labels[0].strip()
        if _is_label(slug, state):
            state.original_label = slug
        elif position == 0:
            pieces[0:2] = [f"{pieces[0]} {slug} {pieces[1]}"]
            del labels[0]
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        if piece or index == last:
            if index and labels[index - 1]:
                state.label = labels[index - 1]
            state.parts.append(_part(piece.strip(), joiner if index == last else "", position, state))


def _is_label(slug: str, state: _Parse) -> bool:
    """Whether an abbreviation at the start of a chunk labels it ("vol." in "vol. 3")."""
    term = LABEL_TERMS.get(slug)
    if term is None or not state.locale.has_term(term):
        return False
    return state.variable in _LABELLED_VARIABLES or term == state.variable


def _part(value: str, joiner: str, position: int | None, state: _Parse) -> NumberPart:
    """A part with its particle split off and its label taken from the parse state."""
    label = state.label
    if not label and state.variable not in LABEL_ABBREVIATIONS:
        label = f"var:{state.variable}"
    part = NumberPart(value=value, joiner=re.sub(r"\s*-\s*", "-", joiner, count=1))
    if label:
        pieces = re.search(r"(\s*)(\S+)(\s*)", label)
        assert pieces is not None  # a label always has a word
        part.label, part.label_suffix = pieces.group(2), pieces.group(3)
        part.original_label = "" if state.original_label == label.strip() else state.original_label
        # A page value that starts with another label ("vol. 3") shows it.
        part.short_label = part.label_visible = (
            state.real_variable == "page" and position == 0 and part.label not in ("p.", "pp.")
        )
    match = _PARTICLE_VALUE.fullmatch(value)
    if match:
        part.particle, part.value = match.group(1) or "", match.group(2)
    return part


def _space_labels(parts: list[NumberPart]) -> None:
    """Two parts of one chunk ("p. 5 n. 3") are joined by a space."""
    for part, following in zip(parts, parts[1:], strict=False):
        if not part.joiner and following.label:
            part.joiner = " "


def _classify(parts: list[NumberPart], state: _Parse, text: str) -> None:
    """Numeric, collapsible and plural, for each run of parts under one label."""
    start = 0
    for index in range(1, len(parts) + 1):
        if index < len(parts) and parts[index].label == parts[index - 1].label:
            continue
        _classify_group(parts[start:index])
        _show_label(parts, start, state)
        start = index
    if parts[0].numeric and state.variable.startswith("number-of-") and (_js_int(text) or 0) > 1:
        parts[0].plural = True
    for part in parts:
        part.plural = part.plural and part.numeric


def _classify_group(group: list[NumberPart]) -> None:
    """citeproc-js judges a run of numbers by its first value alone."""
    first = group[0].value
    numeric = bool(_NUMERIC_VALUE.fullmatch(first))
    collapsible = _js_int(first) is not None or bool(_ROMAN_VALUE.fullmatch(first))
    for part in group:
        part.numeric, part.collapsible = numeric, collapsible
        part.plural = len(group) > 1 and collapsible


def _show_label(parts: list[NumberPart], start: int, state: _Parse) -> None:
    """Labels that must be printed: one inside the value, or one the context does not imply."""
    label = parts[start].label
    if not label or label.startswith("var:"):
        return
    if start:
        parts[start].label_visible = True
        return
    term = LABEL_TERMS.get(label)
    if state.variable in _LABELLED_VARIABLES:
        if term is None or not state.locale.has_term(term):
            parts[0].label_visible = True
    elif term != state.variable:
        parts[0].label_visible = True


def _apply_special_forms(parts: list[NumberPart], variable: str) -> None:
    """Values citeproc-js takes as one number: "3/4", and "a|b" lists of a ``number``."""
    if len(parts) != 1:
        return
    part = parts[0]
    if variable == "number" and "|" in part.value:
        part.value = part.value.replace("|", ", ")
        part.numeric, part.plural, part.collapsible = True, True, False
    elif _FRACTION.fullmatch(part.value):
        part.numeric, part.plural, part.collapsible = True, False, False


def is_numeric(
    text: str, variable: str = "number", locale: NumberLocale = DEFAULT_LOCALE,
    locator_label: str | None = None,
) -> bool:
    """The ``is-numeric`` test (CSL 1.0.2 § Choose) as citeproc-js applies it.

    "2nd", "L2", "2-4", "2, 4 & 6" are numeric, "2nd edition" and "2,3" are not.
    ``title`` tests whether it ends in a digit; other non-number variables are never numeric.
    """
    if variable == "title":
        return text[-1:].isdigit() and text[-1:].isascii()
    if variable not in NUMERIC_VARIABLES:
        return False
    if text.isascii() and text.isdigit():  # the usual volume or issue: no need to parse it
        return True
    parts = parse_number(text, variable, locale, locator_label)
    return bool(parts) and parts[0].numeric


def is_plural(
    text: str, variable: str = "number", locale: NumberLocale = DEFAULT_LOCALE,
    locator_label: str | None = None,
) -> bool:
    """Whether a ``cs:label`` for the variable takes the plural (more than one number)."""
    parts = parse_number(text, variable, locale, locator_label)
    return bool(parts) and parts[0].plural


def number_label(parts: list[NumberPart], variable: str, locale: NumberLocale = DEFAULT_LOCALE) -> str | None:
    """The term an embedded label names ("volume" for "vol. 3"), which a ``cs:label`` of a
    ``locator``, ``number`` or ``page`` prints instead of its own term; None without one."""
    term = LABEL_TERMS.get(parts[0].label or "") if parts else None
    if variable == "number" and term == "issue" and locale.has_term("number"):
        return "number"
    return term


LabelTerm = Callable[[str, str, bool], "str | None"]


def render_number(
    parts: list[NumberPart],
    variable: str = "number",
    transform: Callable[[int], str] | None = None,
    range_format: str | None = None,
    locale: NumberLocale = DEFAULT_LOCALE,
    label_term: LabelTerm | None = None,
    label_form: str | None = None,
) -> str:
    """Write parsed parts back as text, as citeproc-js's ``cs:number`` (and ``cs:text``) do.

    Hyphenated ranges of plain numbers get the locale's range delimiter
    ("43(3-4)" issues print "3–4"); pages are reformatted by ``range_format``
    (the style's ``page-range-format``). ``transform`` renders each plain
    number (e.g. an ordinal); numbers with a prefix or suffix stay as they
    are. Embedded labels that must show are looked up with ``label_term(term,
    form, plural)`` (the locale's ``term``), or printed as written without it;
    ``label_form`` is the form a ``cs:label`` of the variable asked for.
    """
    parts = [part.copy() for part in parts]
    if variable == "page-first":
        variable = "page"
    if variable in RANGE_VARIABLES:
        _fix_ranges(parts, variable, range_format, locale)
    first_label = parts[0].label if parts else None
    text = []
    for part in parts:
        if part.label_visible:
            text.append(_label_text(part, part.label == first_label, label_term, label_form))
        # Only numbers under the first label take the form ("7th, pp. 3–8").
        text.append(_value_text(part, transform if part.label == first_label else None))
        text.append(part.joiner)
    return "".join(text)


def _label_text(part: NumberPart, is_first_label: bool, label_term: LabelTerm | None,
                label_form: str | None) -> str:
    """A visible embedded label, in the form citeproc-js chooses, with its trailing space."""
    assert part.label is not None  # only labelled parts are visible
    name = part.label[4:] if part.label.startswith("var:") else LABEL_TERMS.get(part.label)
    text = None
    if name and label_term:
        if is_first_label:
            form = "short" if part.short_label else label_form or "long"
        else:
            form = label_form or "short"
        text = label_term(name, form, part.plural)
    return (text or part.label) + part.label_suffix


def _value_text(part: NumberPart, transform: Callable[[int], str] | None) -> str:
    """A part's number, transformed when it is a plain integer (no prefix, no leading zero)."""
    plain = (part.collapsible and not part.particle and _INTEGER.fullmatch(part.value)
             and int(part.value) <= _MAX_SAFE_INTEGER)
    if plain and transform:
        return transform(int(part.value))
    return part.particle + part.value


class _RangeRun:
    """How many parts under one label were seen since the last range break."""

    __slots__ = ("count", "label")

    def __init__(self, count: int = 0, label: str | None = None) -> None:
        self.count = count
        self.label = label


def _fix_ranges(parts: list[NumberPart], variable: str, range_format: str | None,
                locale: NumberLocale) -> None:
    """Range delimiters and page range formats, pair by pair (citeproc-js ``fixRanges``)."""
    run = _RangeRun()
    for index, part in enumerate(parts):
        if not part.collapsible:
            run.count, run.label = 0, None
            part.joiner = _range_delimiter(variable, part, part.joiner, part.numeric, locale)
        elif run.label == part.label and part.joiner == "-":
            run.count = 1
        elif run.label == part.label:
            run.count += 1
            if run.count == 2:
                _fix_range(parts, index, run, variable, range_format, locale)
        else:
            run.label, run.count = part.label, 1
    if run.count == 2:
        _fix_range(parts, len(parts) - 1, run, variable, range_format, locale)


def _is_page(variable: str, part: NumberPart) -> bool:
    labels = (part.label, part.original_label)
    return variable == "page" or (variable in _LOCATOR_VARIABLES and "p." in labels)


def _range_delimiter(variable: str, part: NumberPart, delimiter: str, numeric: bool,
                     locale: NumberLocale) -> str:
    """The delimiter of a numeric range: the locale's instead of a plain hyphen."""
    if delimiter != "-" or not numeric:
        return delimiter
    if variable in ("locator", "locator-extra", "page"):
        # Only a known label makes a range ("fol. 3-4" needs the folio term).
        term = LABEL_TERMS.get(part.original_label or part.label or "")
        if term is None or not locale.has_term(term):
            return delimiter
    if _is_page(variable, part) or variable in _PAGE_DELIMITED_VARIABLES:
        return locale.page_range_delimiter or EN_DASH
    if variable == "collection-number":
        return locale.year_range_delimiter or EN_DASH
    return delimiter


def _fix_range(parts: list[NumberPart], index: int, run: _RangeRun, variable: str,
               range_format: str | None, locale: NumberLocale) -> None:
    """Rewrite the range ending at ``parts[index]`` (citeproc-js ``manglePageNumbers``)."""
    if index < 1 or run.count != 2:
        return
    start, end = parts[index - 1], parts[index]
    if start.particle != end.particle:
        return
    if start.joiner != "-":
        run.count = 1
        return
    first, last = _js_int(start.value), _js_int(end.value)
    if not range_format and first is not None and last is not None and first > last:
        # "110-5" is left alone without a page-range-format: only the delimiter changes.
        start.joiner = _range_delimiter(variable, end, start.joiner, True, locale)
        return
    if _is_page(variable, end) and first is not None and last is not None:
        text = format_range_text(f"{start.particle}{start.value} - {end.particle}{end.value}",
                                 range_format, locale.page_range_delimiter)
    else:
        if _PLAIN_OR_ROMAN.fullmatch(start.value) and _PLAIN_OR_ROMAN.fullmatch(end.value):
            start.joiner = locale.page_range_delimiter
        text = start.value + start.joiner + end.value
    match = _MANGLED_RANGE.fullmatch(text)
    if match:
        start.joiner = _range_delimiter(variable, end, match.group(3), end.numeric, locale)
        start.particle, start.value = match.group(1) or "", match.group(2)
        end.particle, end.value = match.group(4), match.group(5)
    run.count = 0


def format_page_range(text: str, fmt: str | None = None, delimiter: str = EN_DASH) -> str:
    """A ``page`` value as citeproc-js prints it under ``page-range-format`` ``fmt``.

    ``fmt`` is one of "expanded", "minimal", "minimal-two", "chicago" (=
    "chicago-15"), "chicago-15", "chicago-16", or None (ranges keep their
    digits, only the hyphen changes). ``delimiter`` is the locale's
    "page-range-delimiter" term. Lists ("7-36, 40-45") are handled range by
    range; what is not a range of two like-prefixed numbers is kept.
    """
    locale = NumberLocale(page_range_delimiter=delimiter)
    return render_number(parse_number(text, "page", locale), "page", range_format=fmt, locale=locale)


# -- Appendix V page range formats, on "A - B" strings (citeproc-js util_page.js) --

_Range = list[str]  # particle, first, delimiter (with the second particle), last


def format_range_text(text: str, fmt: str | None, delimiter: str) -> str:
    """Apply a page range format to the ranges written in ``text`` ("101 - 108")."""
    listed = _expand(text, delimiter)
    if fmt == "minimal":
        return _minimize(listed, 0, delimiter)
    if fmt == "minimal-two":
        return _minimize(listed, 2, delimiter)
    if fmt in ("chicago", "chicago-15"):
        return _chicago(listed, delimiter, _chicago_15_end)
    if fmt == "chicago-16":
        return _chicago(listed, delimiter, _chicago_16_end)
    return _join_ranges(listed, delimiter)


def _list_ranges(text: str, delimiter: str) -> list[str | _Range]:
    """Text and ranges alternating: ranges at odd positions, as "A-B" for now."""
    own = "" if delimiter == "-" else "".join(re.escape(char) for char in delimiter)
    text = re.sub(f"([^\\\\])[-{own}\u2013]", r"\1 - ", text)
    text = re.sub(r"\s+-\s+", " - ", text)
    ranges = _LISTED_RANGE.findall(text)
    rest = _LISTED_RANGE.split(text)
    listed: list[str | _Range] = [rest[0]]
    for found, after in zip(ranges, rest[1:], strict=True):
        listed += [re.sub(r"\s*-\s*", "-", found), after]
    return listed


def _expand(text: str, delimiter: str) -> list[str | _Range]:
    """Ranges with a shortened second number written out ("101-8" is 101 to 108)."""
    listed = _list_ranges(text, delimiter)
    for position in range(1, len(listed), 2):
        item = listed[position]
        assert isinstance(item, str)  # not yet expanded
        match = _RANGE.search(item)
        if match:
            particle, first, second_particle, last = match.groups()
            if not second_particle or particle == second_particle:
                if len(last) < len(first):
                    last = first[:len(first) - len(last)] + last
                if (_js_int(first) or 0) < (_js_int(last) or 0):
                    listed[position] = [particle or "", first, delimiter + (particle or ""), last]
        if isinstance(listed[position], str):
            listed[position] = item.replace("-", delimiter)
    return listed


def _join_ranges(listed: list[str | _Range], delimiter: str) -> str:
    text = "".join(item if isinstance(item, str) else "".join(item) for item in listed)
    return re.sub(r"([^\\])-", lambda match: match.group(1) + delimiter, text)


def _drop_repeated_particle(item: _Range, delimiter: str) -> None:
    """"N110–N5" becomes "N110–5" once shortened."""
    if item[2][1:] == item[0]:
        item[2] = delimiter


def _minimize(listed: list[str | _Range], keep: int, delimiter: str) -> str:
    """"minimal" (keep=0) and "minimal-two" (keep=2): drop the repeated leading digits."""
    for item in listed[1::2]:
        if isinstance(item, list):
            item[3] = _minimal_end(item[1], item[3], keep)
            _drop_repeated_particle(item, delimiter)
    return _join_ranges(listed, delimiter)


def _minimal_end(first: str, last: str, keep: int) -> str:
    kept = len(last)
    if len(first) == len(last):
        for first_char, last_char in zip(first, last, strict=True):
            if first_char != last_char or kept <= keep:
                break
            kept -= 1
    return last[len(last) - kept:]


def _chicago(listed: list[str | _Range], delimiter: str, shorten: Callable[[int, int], str | None]) -> str:
    for item in listed[1::2]:
        if isinstance(item, list):
            shortened = shorten(_js_int(item[1]) or 0, _js_int(item[3]) or 0)
            if shortened is not None:
                item[3] = shortened
            _drop_repeated_particle(item, delimiter)
    return _join_ranges(listed, delimiter)


def _shared_prefix_end(first: int, last: int, smallest_power: int) -> str | None:
    """The last number without the leading digits it shares with the first, keeping
    at least ``smallest_power`` digits."""
    for power in range(smallest_power, len(str(last))):
        divisor = 10**power
        if first // divisor == last // divisor:
            return str(last % divisor)
    return None


def _chicago_15_end(first: int, last: int) -> str | None:
    """Chicago 15th ed. (Appendix V): two digits within a hundred, more for large numbers."""
    if first > 100 and first % 100 and first // 100 == last // 100:
        return str(last % 100)
    if first >= 10000:
        return _shared_prefix_end(first, last, 3)
    return None


def _chicago_16_end(first: int, last: int) -> str | None:
    """Chicago 16th ed.: at least two digits, outside multiples of a hundred."""
    if first > 100 and first % 100:
        return _shared_prefix_end(first, last, 2)
    return None
