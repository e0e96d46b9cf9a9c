"""RIS, the tagged format of Research Information Systems (RefMan): reader and writer.

A record is a run of lines ``XY  - value`` from ``TY`` (the reference type) to ``ER``.
citekit writes the lines exactly as the RIS specification gives them: two upper-case
characters, two spaces, ``-``, one space, the value; CRLF line ends (the specification's,
and what Zotero writes); ``TY`` first, ``ID`` (the citation key) next and ``ER  - `` last;
a blank line between records; no BOM; one ``AU``/``A2``/``A3``/``A4`` line per person
and one ``KW`` line per keyword; a page range split into ``SP`` and ``EP``; never a line
break inside a value. It reads what Zotero, Mendeley, EndNote, JabRef and Open Journal
Systems write: CRLF, LF or CR line ends, a BOM, one or two spaces before ``-``, values
wrapped onto continuation lines, the aliases ``A1 ED T1 CT BT JF JO JA J1 Y1 N2 M3 L1
L2``, and a whole page range in ``SP`` (OJS, Mendeley), which becomes the ``page`` range.
Tags that have no CSL home are kept under ``custom.ris`` (with a warning) and written
back as they were read.

What a round trip record -> RIS -> record loses, because RIS has no place for it:

- name variables other than author, editor, collection-editor and translator; the
  ``comma-suffix`` and ``static-ordering`` flags of a name; a family-only name of
  several words comes back as a ``literal`` name; a dropping particle without a given
  name comes back as the given name;
- date variables other than issued, accessed and original-date; ``circa``; the season
  of a date range or of original-date, and a literal original-date (``OP`` is read as
  a date only); a season named in words comes back as its number (Winter: 4);
- variables with no RIS tag (event-title, event-place, PMID, medium, ...), number-of-pages
  beside a page or outside books and theses, version outside software (whose edition
  comes back as its version), and ``custom`` entries other than ``custom.ris``;
- line breaks inside values (written as spaces); the dash of a page range (``-``); the
  keyword string is split into keywords at commas and semicolons, each kept once;
- the item types that share a reference type code come back as that code's type:
  broadcast (``MPCT``: motion_picture), collection, entry, event, performance and
  treaty (``GEN``: document), interview (``PCOMM``: personal_communication), review
  and review-book (``JOUR``: article-journal).

The name, page, date and number helpers here are shared with the EndNote module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from citekit.errors import InvalidRecordError, MalformedFileError, UnreadableEntryError
from citekit.keys import letter_suffix, make_key
from citekit.model import Diagnostics, Record, parse_edtf, record_from_csl_json

# CSL item type -> RIS reference type code (RIS specification, 2011 list; Zotero's choices).
TYPE_CODES: dict[str, str] = {
    "article": "UNPB",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "bill": "BILL",
    "book": "BOOK",
    "broadcast": "MPCT",
    "chapter": "CHAP",
    "classic": "CLSWK",
    "dataset": "DATA",
    "document": "GEN",
    "entry-dictionary": "DICT",
    "entry-encyclopedia": "ENCYC",
    "figure": "FIGURE",
    "graphic": "ART",
    "hearing": "HEAR",
    "interview": "PCOMM",
    "legal_case": "CASE",
    "legislation": "STAT",
    "manuscript": "MANSCPT",
    "map": "MAP",
    "motion_picture": "MPCT",
    "musical_score": "MUSIC",
    "pamphlet": "PAMP",
    "paper-conference": "CONF",  # not the newer CPAPER, which bibutils 7.2 (ris2xml) does not know
    "patent": "PAT",
    "periodical": "JFULL",
    "personal_communication": "PCOMM",
    "post": "ICOMM",
    "post-weblog": "BLOG",
    "regulation": "LEGAL",
    "report": "RPRT",
    "review": "JOUR",
    "review-book": "JOUR",
    "software": "COMP",
    "song": "SOUND",
    "speech": "SLIDE",
    "standard": "STAND",
    "thesis": "THES",
    "webpage": "ELEC",
}

# Types that share a code are read back as the first; other codes tools write, read as the nearest type.
CODE_TYPES: dict[str, str] = {
    "ABST": "article-journal",
    "ADVS": "motion_picture",
    "AGGR": "dataset",
    "ANCIENT": "classic",
    "CHART": "figure",
    "CPAPER": "paper-conference",
    "CTLG": "book",
    "DBASE": "dataset",
    "EBOOK": "book",
    "ECHAP": "chapter",
    "EDBOOK": "book",
    "EJOUR": "article-journal",
    "EQUA": "figure",
    "GOVDOC": "report",
    "GRANT": "document",
    "GRNT": "document",
    "INPR": "article-journal",
    "MULTI": "motion_picture",
    "SER": "periodical",
    "UNBILL": "bill",
    "UNPD": "article",
    "VIDEO": "motion_picture",
    "WEB": "webpage",
    "GEN": "document",
    "JOUR": "article-journal",
    "MPCT": "motion_picture",
    "PCOMM": "personal_communication",
    **{code: csl for csl, code in TYPE_CODES.items() if code not in ("GEN", "JOUR", "MPCT", "PCOMM")},
}

NAME_TAGS = (("author", "AU"), ("editor", "A2"), ("collection-editor", "A3"), ("translator", "A4"))
SERIAL_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper", "periodical"})
# Types whose SP (EndNote: %P) without an EP is the number of pages, as in EndNote and Zotero.
PAGE_COUNT_TYPES = frozenset({"book", "thesis"})
SEASONS = ("Spring", "Summer", "Autumn", "Winter")  # CSL seasons 1-4 (CSL 1.0.2, "Seasons")
_SEASON_NUMBERS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}

CRLF = "\r\n"
Field = tuple[str, str, int]  # one line of a tagged entry: tag, value, line number
# A field as it is read: tag, the lines of its value (its own, then those that continue it; joined
# once the entry is read, as joining each as it came would be quadratic), line number.
FieldLines = tuple[str, list[str], int]
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_BREAK_IN_VALUE = re.compile(r"\s*[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]+\s*")
_TAG_LINE = re.compile(r"([A-Z][A-Z0-9]) {1,2}-(?:[ \t](.*))?")
_DASHES = "\\-\u2010-\u2015\u2212"  # hyphen, the Unicode dashes, minus
_RANGE = re.compile(rf"([^\s,;{_DASHES}]+)\s*[{_DASHES}]+\s*([^\s,;{_DASHES}]+)")
_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.IGNORECASE)
_PARTICLE_PREFIX = re.compile(r"([^\W\d_A-Z]+['\u2019])([^\W\d_].*)")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


# ---------------------------------------------------------------- helpers shared with EndNote


def single_line(value: Any) -> str:
    """A value as one line: runs of white space around line breaks become one space."""
    return _BREAK_IN_VALUE.sub(" ", str(value)).strip()


def format_name(name: Mapping[str, Any]) -> str:
    """One person as RIS and EndNote write it: ``Family, Given[, Suffix]``.

    A literal (institutional) name is written as it is, with a trailing comma when it
    holds a comma or is a single word: the EndNote convention for "do not parse this
    name", which also tells it apart from a family-only name on reading.
    """
    if "literal" in name:
        literal = single_line(name["literal"])
        return f"{literal}," if "," in literal or " " not in literal else literal
    family = _join_particle(str(name.get("non-dropping-particle", "")), str(name.get("family", "")))
    given = " ".join(str(p) for p in (name.get("given"), name.get("dropping-particle")) if p)
    parts = [family, given, str(name.get("suffix", ""))]
    while parts and not parts[-1]:
        parts.pop()
    return single_line(", ".join(parts))


def _join_particle(particle: str, family: str) -> str:
    # No space after a particle ending in an apostrophe or hyphen (d'Alembert), as citeproc-js joins them.
    if not particle:
        return family
    return particle + family if particle[-1] in "'\u2019-" else f"{particle} {family}"


def parse_name(text: str) -> dict[str, str] | None:
    """A CSL name from ``Family, Given[, Suffix]``; None for an empty value.

    Leading lower-case words of the family name become its non-dropping particle and
    trailing lower-case words of the given name its dropping particle, as citeproc-js
    parses them. A value ending in a comma is a literal name; a value without a comma
    is a family-only name when it is one word, else a literal name.
    """
    text = single_line(text)
    if text.endswith(","):
        literal = text.rstrip(", ")
        return {"literal": literal} if literal else None
    if "," not in text:
        if not text:
            return None
        return {"family": text} if " " not in text else {"literal": text}
    family, given, *rest = (part.strip() for part in text.split(","))
    if not family:
        family, given = given, ""
    if not family:
        return None
    name = _split_family(family)
    name.update(_split_given(given))
    if any(rest):
        name["suffix"] = ", ".join(part for part in rest if part)
    return name


def _split_family(family: str) -> dict[str, str]:
    words = family.split()
    particles = []
    while len(words) > 1 and words[0][:1].islower():
        particles.append(words.pop(0))
    prefix = _PARTICLE_PREFIX.fullmatch(words[0])
    if prefix:
        particles.append(prefix.group(1))
        words[0] = prefix.group(2)
    name = {"family": " ".join(words)}
    if particles:
        joined = " ".join(particles)
        # "d' Alembert" keeps no space: the apostrophe glues the particle to the name.
        name["non-dropping-particle"] = joined.replace("' ", "'").replace("\u2019 ", "\u2019")
    return name


def _split_given(given: str) -> dict[str, str]:
    words = given.split()
    particles: list[str] = []
    while len(words) > 1 and words[-1][:1].islower():
        particles.insert(0, words.pop())
    name = {"given": " ".join(words)} if words else {}
    if particles:
        name["dropping-particle"] = " ".join(particles)
    return name


def split_pages(page: str) -> tuple[str, str | None]:
    """``(first, last)`` of a simple page range on ``-``, ``–`` or ``−``; ``(page, None)`` otherwise."""
    match = _RANGE.fullmatch(page.strip())
    return (match.group(1), match.group(2)) if match else (page.strip(), None)


def clean_doi(value: str) -> str | None:
    """The bare DOI (``10.xxxx/...``) of a value written with or without ``doi:`` or a resolver."""
    match = _DOI.fullmatch(value.strip())
    return match.group(1) if match else None


def standard_number_kind(value: str) -> str | None:
    """``'ISSN'`` or ``'ISBN'`` by the shape of one standard number, else None."""
    digits = re.sub(r"[\s\-]", "", value.removeprefix("ISSN").removeprefix("ISBN")).upper()
    if re.fullmatch(r"\d{7}[\dX]", digits):
        return "ISSN"
    if re.fullmatch(r"\d{9}[\dX]|\d{13}", digits):
        return "ISBN"
    return None


def split_keywords(keyword: str) -> list[str]:
    """The keywords of CSL's one ``keyword`` string (separated by commas or semicolons)."""
    return [word for word in (single_line(w) for w in re.split(r"[,;]", keyword)) if word]


def season_text(season: Any) -> str:
    """A CSL season as words: 1-4 as Spring ... Winter, any other value as it is."""
    number = str(season).strip()
    return SEASONS[int(number) - 1] if number in ("1", "2", "3", "4") else single_line(season)


def _season_value(text: str) -> int | str:
    return _SEASON_NUMBERS.get(text.strip().lower(), text.strip())


def parse_date(text: str, year: str | None = None) -> dict[str, Any] | None:
    """A CSL date from the way reference managers write dates; None for an empty value.

    Accepts RIS ``YYYY/MM/DD/other`` (other: a season or an EDTF range), EDTF
    (``2021-12-28``, ``1751/1772``), and words (``December 28, 2021``, ``28 Dec 2021``,
    ``Spring 1996``). ``year`` completes a date without one (EndNote's ``%8`` beside
    ``%D``), and words without a number beside it are its season (``Easter``). Anything
    else is kept as a literal date.
    """
    text = single_line(text)
    if not text:
        return None
    parts = text.split("/", 3)
    if re.fullmatch(r"-?\d{1,4}", parts[0]) and len(parts) > 1 and (
        len(parts) > 2 or re.fullmatch(r"\d{0,2}", parts[1])
    ):
        return _ris_date(parts + [""] * (4 - len(parts)))
    if not parts[0] and len(parts) == 4 and not parts[1] and not parts[2]:
        return _other_date(parts[3], []) or None
    edtf = parse_edtf(text)
    if edtf is not None:
        return _edtf_date(edtf)
    return _word_date(text, year)


def _edtf_date(edtf: tuple[list[list[int]], bool]) -> dict[str, Any]:
    date_parts, circa = edtf
    return {"date-parts": date_parts, "circa": True} if circa else {"date-parts": date_parts}


def _ris_date(parts: list[str]) -> dict[str, Any]:
    numbers = []
    for part, low, high in zip(parts[:3], (-9999, 1, 1), (9999, 12, 31), strict=True):
        # Unknown parts are empty or 0 (EndNote); a bad part ends the date there.
        if not re.fullmatch(r"-?\d{1,4}", part.strip()) or not low <= int(part) <= high or int(part) == 0:
            break
        numbers.append(int(part))
    return _other_date(parts[3], numbers)


def _other_date(other: str, numbers: list[int]) -> dict[str, Any]:
    # The free "other" part of an RIS date: citekit writes a season or an EDTF range there.
    other = other.strip()
    interval = parse_edtf(other) if "/" in other else None
    if interval is not None and len(interval[0]) == 2:
        return _edtf_date(interval)
    date: dict[str, Any] = {"date-parts": [numbers]} if numbers else {}
    if not other or (numbers and re.fullmatch(r"[\d:.\sTZ+\-]*", other)):
        return date  # empty, or the time of day of a date (Zotero's "part"): CSL dates have no time
    if numbers:
        date["season"] = _season_value(other)
    else:
        date["literal"] = other
    return date


def _word_date(text: str, year: str | None) -> dict[str, Any]:
    tokens = re.findall(r"[^\W\d_]+|\d+", text.lower())
    # isdecimal, not isdigit: int() refuses '²' and '⓿', which are digits (and words to \w)
    words = [t for t in tokens if not t.isdecimal() and t not in ("st", "nd", "rd", "th")]
    months = [_MONTHS[t] for t in words if t in _MONTHS]
    seasons = [t for t in words if t in _SEASON_NUMBERS]
    numbers = [t for t in tokens if t.isdecimal()]
    years = [int(t) for t in numbers if len(t) == 4]
    days = [int(t) for t in numbers if len(t) <= 2]
    understood = len(months) + len(seasons) == len(words) and len(years) + len(days) == len(numbers)
    if not years and year and re.fullmatch(r"-?\d{1,4}", year.strip()):
        years = [int(year)]
        if not understood and not numbers:  # "Easter" beside the year: CSL's season may be any text
            return {"date-parts": [years], "season": text}
    if not understood or len(years) != 1 or len(months) > 1 or len(days) > len(months) or (
        days and not 1 <= days[0] <= 31
    ):
        return {"literal": text}
    date: dict[str, Any] = {"date-parts": [[years[0], *months, *days]]}
    if seasons and not months:
        # One season is CSL's number; several ("Spring/Summer") stay the words they are.
        words_only = re.sub(r"\s*\b\d{4}\b\s*", " ", text).strip(" ,")
        date["season"] = _SEASON_NUMBERS[seasons[0]] if len(seasons) == 1 else words_only
    return date


def date_year(date: Mapping[str, Any]) -> str | None:
    """The first year of a CSL date, four digits (``0800``), or None."""
    parts = date.get("date-parts")
    if not parts or not parts[0]:
        return None
    year = int(parts[0][0])
    return f"{year:04d}" if year >= 0 else str(year)


def date_edtf(date: Mapping[str, Any]) -> str | None:
    """A CSL date with date-parts as EDTF: ``2021-12-28``, ``1751/1772``; None without."""
    parts = date.get("date-parts")
    if not parts or not parts[0]:
        return None
    ends = [_edtf_end(end) for end in parts]
    return "/".join(ends)


def _edtf_end(end: list[int]) -> str:
    year = int(end[0])
    text = f"{year:04d}" if year >= 0 else str(year)
    return "-".join([text, *(f"{int(n):02d}" for n in end[1:])])


def format_ris_date(date: Mapping[str, Any]) -> str | None:
    """A CSL date as RIS writes it: ``YYYY/MM/DD/other``, other a season or an EDTF range."""
    parts = date.get("date-parts")
    if not parts or not parts[0]:
        literal = single_line(date.get("literal", ""))
        return f"///{literal}" if literal else None
    first = [int(n) for n in parts[0]]
    fields = [date_year(date) or "", *(f"{n:02d}" for n in first[1:])]
    fields += [""] * (3 - len(fields))
    other = date_edtf(date) if len(parts) > 1 else season_text(date.get("season", ""))
    return "/".join([*fields, other or ""])


# ---------------------------------------------------------------- reading


@dataclass
class _Entry:
    """One record's lines: ``type_code`` is None when it did not start with ``TY``."""

    line: int
    type_code: str | None
    fields: list[FieldLines] = field(default_factory=list)


def looks_like_ris(text: str) -> bool:
    """True when one of the first five non-blank lines starts a record (``TY  - ``)."""
    lines = [line.strip() for line in _LINE_BREAKS.split(text.removeprefix("\ufeff")[:8192]) if line.strip()]
    return any(line.startswith("TY") and _TAG_LINE.fullmatch(line) for line in lines[:5])


def read_ris(text: str, source: str, diagnostics: Diagnostics | None = None) -> list[Record]:
    """Parse RIS text into records; ``source`` names the file in messages.

    A malformed entry is skipped with a located warning and the rest of the file read;
    text with no record at all (no ``TY`` line) raises :class:`MalformedFileError`. An
    entry without an ``ID`` gets a key made by :func:`citekit.keys.make_key`, new in the file.
    """
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    lines = _LINE_BREAKS.split(text.removeprefix("\ufeff"))
    entries = _split_entries(lines, source, diagnostics)
    if not any(entry.type_code is not None for entry in entries):
        first = next((n for n, line in enumerate(lines, start=1) if line.strip()), 1)
        raise MalformedFileError(source, first, 1, "not an RIS file: no record starts with a 'TY  - ' line")
    records: list[Record] = []
    taken = TakenKeys()  # the keys given so far: a made key is new in the file
    for entry in entries:
        record = _record(entry, taken, source, diagnostics)
        if record is not None:
            records.append(record)
            taken.add(record.key)
    return records


def _split_entries(lines: list[str], source: str, diagnostics: Diagnostics) -> list[_Entry]:
    entries: list[_Entry] = []
    current: _Entry | None = None
    stray = False  # inside a run of text outside any record, already reported
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        match = _TAG_LINE.fullmatch(text)
        if match is None:
            if text and current is not None:
                _continue_value(current, text, number, source, diagnostics)
            elif text and not stray:
                diagnostics.warn(f"{source}:{number}: text outside a record ignored")
            stray = stray or (bool(text) and current is None)
            continue
        stray = False
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if current is not None and current.type_code is not None:
                diagnostics.warn(f"{source}:{current.line}: no 'ER' line before the 'TY' of line {number}")
            if current is not None:
                entries.append(current)
            current = _Entry(number, value)
        elif tag == "ER" and current is None:
            diagnostics.warn(f"{source}:{number}: 'ER' line outside a record ignored")
        elif tag == "ER" and current is not None:
            entries.append(current)
            current = None
        else:
            current = current if current is not None else _Entry(number, None)
            current.fields.append((tag, [value], number))
    if current is not None:
        if current.type_code is not None:
            diagnostics.warn(f"{source}:{current.line}: the last record has no 'ER' line; read to the end")
        entries.append(current)
    return entries


def _continue_value(entry: _Entry, text: str, number: int, source: str, diagnostics: Diagnostics) -> None:
    # A line without a tag continues the value above it (wrapped by the writer); keywords, one a line.
    if not entry.fields:
        diagnostics.warn(f"{source}:{number}: text before the first field of the record ignored")
    elif entry.fields[-1][0] == "KW":
        entry.fields.append(("KW", [text], number))
    else:
        entry.fields[-1][1].append(text)


def _record(entry: _Entry, taken: TakenKeys, source: str, diagnostics: Diagnostics) -> Record | None:
    where = f"{source}:{entry.line}"
    if entry.type_code is None:
        diagnostics.skip(UnreadableEntryError(where, "entry does not start with a 'TY' line"))
        return None
    joined = [(tag, " ".join(lines).strip(), line) for tag, lines, line in entry.fields]
    fields = [(tag, value, line) for tag, value, line in joined if value]
    if not fields:
        diagnostics.skip(UnreadableEntryError(where, "entry has no fields besides 'TY'"))
        return None
    item = _RisFields(fields, source, diagnostics).read(entry.type_code, entry.line)
    return tagged_record(item, taken, where, diagnostics)


class TakenKeys(set[str]):
    """The keys given so far in one file, and for each key a pattern makes, the suffix to try first.

    A made key is new in the file: ``doe2020``, else ``doe2020a``, ``doe2020b``, ... Trying the
    suffixes from ``a`` for each record would take quadratic time on a file of many records with
    the same author, year and title word; the suffixes before the one remembered are all taken.
    """

    def __init__(self) -> None:
        super().__init__()
        self._resume: dict[str, int] = {}  # a pattern's key -> the index of its last suffix given

    def new_key(self, item: Mapping[str, Any]) -> str:
        """The key :func:`citekit.keys.make_key` gives ``item`` when these keys are taken."""
        base = make_key(item, ())
        index = self._resume.get(base, -1)  # -1: the key without a suffix
        key = base if index < 0 else base + letter_suffix(index)
        while key in self:
            index += 1
            key = base + letter_suffix(index)
        self._resume[base] = index
        return key


def tagged_record(
    item: dict[str, Any], taken: TakenKeys, where: str, diagnostics: Diagnostics
) -> Record | None:
    """The record of one tagged entry, or None (with a warning) when the item is invalid.

    An item without an ``id`` gets one made from its author, year and title, not in ``taken``.
    """
    if "id" not in item:
        item["id"] = taken.new_key(item)
    try:
        return record_from_csl_json(item, where, diagnostics)
    except InvalidRecordError as error:
        reason = f"field '{error.field}': {error.reason}" if error.field else error.reason
        diagnostics.skip(UnreadableEntryError(where, reason))
        return None


class TaggedFields:
    """The fields of one tagged entry (RIS, EndNote), read into a CSL-JSON item group by group.

    Each step takes the tags it knows; a tag whose value cannot be placed (a second,
    different title; an unknown tag) is kept under ``custom.<namespace>`` with a warning.
    """

    def __init__(
        self, fields: list[Field], source: str, diagnostics: Diagnostics, namespace: str, mark: str = ""
    ) -> None:
        self._fields = fields
        self._source, self._diagnostics, self._namespace = source, diagnostics, namespace
        self._mark = mark  # what precedes a tag in the file ("%" in EndNote), for messages
        self.csl: dict[str, Any] = {}
        self._origin: dict[str, str] = {}  # variable -> the tag it was read from
        self._kept: dict[str, list[str]] = {}
        self._warnings: list[tuple[int, str]] = []  # reported by finish(), in the order of lines

    def warn(self, line: int, message: str) -> None:
        """Report one problem at a line of the source."""
        self._warnings.append((line, f"{self._source}:{line}: {message}"))

    def take(self, *tags: str) -> list[Field]:
        """Remove and return the fields of these tags, in the order of the tags given, then of lines."""
        taken = [f for tag in tags for f in self._fields if f[0] == tag]
        self._fields = [f for f in self._fields if f[0] not in tags]
        return taken

    def label(self, tag: str) -> str:
        """A tag as the file writes it, quoted for a message: 'SP', '%P'."""
        return f"'{self._mark}{tag}'"

    def keep(self, entry: Field, reason: str) -> None:
        """Keep a field under ``custom.<namespace>.<tag>``, saying why."""
        tag, value, line = entry
        self._kept.setdefault(tag, []).append(value)
        self.warn(line, f"{reason}; kept as 'custom.{self._namespace}.{tag}'")

    def put(self, variable: str, value: Any, entry: Field) -> None:
        """Set a variable; the first tag read for it wins, a different later value is kept."""
        if variable not in self._origin:
            self.csl[variable], self._origin[variable] = value, entry[0]
        elif self.csl[variable] != value:
            self.keep(entry, self._differs(entry[0], self._origin[variable], variable))

    def _differs(self, tag: str, first: str, variable: str) -> str:
        if tag == first:
            return f"a second {self.label(tag)} differs ({variable})"
        return f"{self.label(tag)} differs from {self.label(first)} ({variable})"

    def text(self, variable: str, *tags: str) -> None:
        """Set a text variable from the first of these tags present."""
        for entry in self.take(*tags):
            self.put(variable, entry[1], entry)

    def names(self, variable: str, *tags: str) -> None:
        """Set a name variable from one person a field of these alias tags (``AU``, ``A1``).

        Two people may share a name, so a tag's repeats stay; a name already read under
        an earlier alias tag is the same person written twice and counts once.
        """
        names: list[dict[str, str]] = []
        for tag in tags:
            these = [name for _, value, _ in self.take(tag) if (name := parse_name(value))]
            names += [name for name in these if name not in names]
        if names:
            self.csl[variable] = names

    def fullest_date(self, variable: str, dated: list[tuple[Field, dict[str, Any]]]) -> None:
        """Set a date from the fullest of several fields (a year beside its whole date agrees)."""
        if not dated:
            return
        best_entry, best = max(dated, key=lambda pair: _fullness(pair[1]))
        self.put(variable, best, best_entry)
        for entry, date in dated:
            if entry is not best_entry and not _within(date, best):
                self.keep(entry, self._differs(entry[0], best_entry[0], variable))

    def date(self, variable: str, entry: Field) -> None:
        """Set a date variable from one field; a value with no date in it is kept."""
        date = parse_date(entry[1])
        if date:
            self.put(variable, date, entry)
        else:
            self.keep(entry, f"{self.label(entry[0])} is not a date")

    def pages(self, csl_type: str, start: Field, end: Field | None) -> None:
        """Set ``page`` from a start page or a whole range, and an end page; a lone page of a
        book or thesis is its number of pages (as EndNote and Zotero read it)."""
        # OJS and Mendeley write the whole range in RIS SP: it is split like the writer's page.
        first, last = split_pages(start[1])
        if end is not None and last is None:
            last = end[1] if end[1] != first else None
        elif end is not None and end[1] != last:
            self.keep(end, f"{self.label(end[0])} differs from the range in {self.label(start[0])}")
        if csl_type in PAGE_COUNT_TYPES and end is None and last is None:
            self.put("number-of-pages", first, start)
        elif end is None:
            self.put("page", start[1], start)  # a whole range keeps its dash
        else:
            self.put("page", f"{first}-{last}" if last else first, start)

    def standard_numbers(self, csl_type: str, *tags: str) -> None:
        """ISSN or ISBN by shape (else by item type); a report's other number is its number."""
        for entry in self.take(*tags):
            kind = standard_number_kind(entry[1])
            if kind is None and csl_type == "report":
                kind = "number"  # Zotero writes a report's number in RIS SN
            self.put(kind or ("ISSN" if csl_type in SERIAL_TYPES else "ISBN"), entry[1], entry)

    def keywords(self, *tags: str) -> None:
        """Set ``keyword`` from one keyword a field (CSL keeps them in one string)."""
        words = [value for _, value, _ in self.take(*tags)]
        if words:
            self.csl["keyword"] = ", ".join(dict.fromkeys(words))

    def finish(self) -> dict[str, Any]:
        """The item, with every field left unread kept under ``custom``."""
        for entry in list(self._fields):
            self.keep(entry, f"tag {self.label(entry[0])} has no CSL variable")
        self._fields = []
        if self._kept:
            self.csl["custom"] = {self._namespace: self._kept}
        for _, message in sorted(self._warnings, key=lambda warning: warning[0]):
            self._diagnostics.warn(message)
        return self.csl


class _RisFields(TaggedFields):
    """Reads the fields of one RIS entry."""

    def __init__(self, fields: list[Field], source: str, diagnostics: Diagnostics) -> None:
        super().__init__(fields, source, diagnostics, "ris")

    def read(self, code: str, line: int) -> dict[str, Any]:
        """The CSL-JSON item of the entry (its ``TY`` code on ``line``); no ``id`` without an ``ID``."""
        csl_type = CODE_TYPES.get(code.upper())
        if csl_type is None:
            self.warn(line, f"unknown reference type '{code}' read as 'document'")
        self.csl["type"] = csl_type or "document"
        self.text("id", "ID")
        self.names("author", "AU", "A1")
        self.names("editor", "A2", "ED")
        self.names("collection-editor", "A3")
        self.names("translator", "A4")
        self._texts(csl_type or "document")
        self._dates()
        self._pages(csl_type or "document")
        self.text("volume", "VL")
        self.text("issue", "IS")
        self.text("number", "M1")
        self.standard_numbers(csl_type or "document", "SN")
        self._identifiers()
        self.keywords("KW")
        notes = [value for _, value, _ in self.take("N1")]
        if notes:
            self.csl["note"] = "\n".join(notes)
        return self.finish()

    def _texts(self, csl_type: str) -> None:
        for entry in self.take("BT"):  # the old "book title": the title of a book, else its container
            self.put("title" if csl_type in ("book", "manuscript") else "container-title", entry[1], entry)
        self.text("title", "TI", "T1", "CT")
        self.text("container-title", "T2", "JF", "JO")
        self.text("container-title-short", "J2", "JA", "J1")
        self.text("collection-title", "T3")
        self.text("title-short", "ST")
        self.text("abstract", "AB", "N2")
        self.text("language", "LA")
        self.text("publisher", "PB")
        self.text("publisher-place", "CY")
        self.text("number-of-volumes", "NV")
        self.text("section", "SE")
        self.text("call-number", "CN")
        self.text("archive", "DB")
        self.text("archive_location", "AN")
        self.text("version" if csl_type == "software" else "edition", "ET")

    def _dates(self) -> None:
        issued = [(entry, date) for entry in self.take("DA", "Y1", "PY") if (date := parse_date(entry[1]))]
        self.fullest_date("issued", issued)
        for entry in self.take("Y2"):
            self.date("accessed", entry)
        for entry in self.take("OP"):
            date = parse_date(entry[1])
            if date and "date-parts" in date:
                self.put("original-date", date, entry)
            else:
                self.keep(entry, "'OP' is not a date")

    def _pages(self, csl_type: str) -> None:
        starts, ends = self.take("SP"), self.take("EP")
        for extra in starts[1:] + ends[1:]:
            self.keep(extra, f"a second '{extra[0]}'")
        if starts:
            self.pages(csl_type, starts[0], ends[0] if ends else None)
        elif ends:
            self.put("page", ends[0][1], ends[0])

    def _identifiers(self) -> None:
        for entry in self.take("DO", "M3"):
            doi = clean_doi(entry[1])
            if doi is not None:
                self.put("DOI", doi, entry)
            elif entry[0] == "M3":  # M3 is "type of work", or a DOI where older EndNote put it
                self.put("genre", entry[1], entry)
            else:
                self.keep(entry, "'DO' is not a DOI")
        self.text("URL", "UR", "L2", "L1")


def _fullness(date: Mapping[str, Any]) -> tuple[int, int, bool]:
    parts = date.get("date-parts") or [[]]
    return len(parts), len(parts[0]), "season" in date


def _within(date: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    # True when ``date`` says nothing that ``other`` does not: the same date, or less of it.
    if date == other:
        return True
    parts, others = date.get("date-parts"), other.get("date-parts")
    if not parts or not others or set(date) != {"date-parts"} or len(parts) != 1:
        return False
    return bool(others[0][: len(parts[0])] == parts[0])


# ---------------------------------------------------------------- writing


def write_ris(records: Iterable[Record]) -> str:
    """The records as an RIS file: spec-exact CRLF lines, a blank line between records."""
    return CRLF.join(_format_record(record) for record in records)


def _format_record(record: Record) -> str:
    lines = [f"{tag}  - {text}" for tag, value in _record_fields(record) if (text := single_line(value))]
    return "".join(line + CRLF for line in [*lines, "ER  - "])


def _record_fields(record: Record) -> list[tuple[str, str]]:
    data = record  # read only: no copy
    fields = [("TY", TYPE_CODES.get(record.type, "GEN")), ("ID", record.key)]
    for variable, tag in NAME_TAGS:
        fields += [(tag, format_name(name)) for name in data.get(variable, [])]
    fields += _text_fields(data, (("title", "TI"), ("title-short", "ST"), ("container-title", "T2"),
                                  ("container-title-short", "J2"), ("collection-title", "T3")))
    fields += _date_fields(data)
    edition = "version" if record.type == "software" and "edition" not in data else "edition"
    fields += _text_fields(data, ((edition, "ET"), ("volume", "VL"), ("number-of-volumes", "NV"),
                                  ("issue", "IS"), ("number", "M1")))
    fields += _page_fields(data, record.type)
    fields += _text_fields(data, (("section", "SE"), ("genre", "M3"), ("ISSN", "SN"), ("ISBN", "SN"),
                                  ("publisher", "PB"), ("publisher-place", "CY"), ("DOI", "DO"),
                                  ("URL", "UR"), ("call-number", "CN"), ("archive", "DB"),
                                  ("archive_location", "AN"), ("abstract", "AB"), ("language", "LA")))
    fields += [("KW", word) for word in split_keywords(str(data.get("keyword", "")))]
    fields += _text_fields(data, (("note", "N1"),))
    return fields + _kept_fields(data.get("custom", {}).get("ris"))


def _text_fields(data: Mapping[str, Any], pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(tag, str(data[variable])) for variable, tag in pairs if variable in data]


def _date_fields(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    fields = []
    issued = data.get("issued")
    if issued:
        year = date_year(issued)
        if year:
            fields.append(("PY", year))
        # DA only when it says more than PY: a month, day, season, range or a literal date.
        if not year or _fullness(issued) > (1, 1, False):
            fields.append(("DA", format_ris_date(issued) or ""))
    if data.get("accessed"):
        fields.append(("Y2", format_ris_date(data["accessed"]) or ""))
    if data.get("original-date"):
        fields.append(("OP", date_edtf(data["original-date"]) or ""))
    return fields


def _page_fields(data: Mapping[str, Any], csl_type: str) -> list[tuple[str, str]]:
    if "page" not in data:
        count = data.get("number-of-pages") if csl_type in PAGE_COUNT_TYPES else None
        return [("SP", str(count))] if count else []
    first, last = split_pages(str(data["page"]))
    if last is None and csl_type in PAGE_COUNT_TYPES:
        last = first  # a lone SP of a book is its number of pages: SP = EP says "this page"
    return [("SP", first), ("EP", last)] if last else [("SP", first)]


def _kept_fields(kept: Any) -> list[tuple[str, str]]:
    # Tags read from an RIS file with no CSL home, written back as they were.
    if not isinstance(kept, Mapping):
        return []
    fields = []
    for tag, values in kept.items():
        if isinstance(tag, str) and _TAG_LINE.fullmatch(f"{tag}  -") and tag not in ("TY", "ER"):
            fields += [(tag, str(v)) for v in (values if isinstance(values, list) else [values])]
    return fields


__all__ = [
    "CODE_TYPES",
    "TaggedFields",
    "TYPE_CODES",
    "clean_doi",
    "date_edtf",
    "date_year",
    "format_name",
    "format_ris_date",
    "looks_like_ris",
    "parse_date",
    "parse_name",
    "read_ris",
    "season_text",
    "single_line",
    "split_keywords",
    "split_pages",
    "standard_number_kind",
    "tagged_record",
    "write_ris",
]
