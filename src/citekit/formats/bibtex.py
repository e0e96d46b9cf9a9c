r"""BibTeX and BibLaTeX: read through pybtex's scanner; write 8-bit safe BibTeX or UTF-8 BibLaTeX.

One reader takes both dialects: LaTeX becomes Unicode (accents, specials, ``--`` dashes,
``\textit`` and its kin become CSL rich text, a brace group that keeps a lower-case word from
being capitalised becomes ``<span class="nocase">``); ``@string`` macros and ``#``
concatenation; month macros and names (``dec``, ``sept``, ``9``, ``September``, seasons);
``crossref`` (the child inherits the fields it lacks, a parent's title becomes its
``booktitle``); names with particles, ``{Corporate Name}`` braces and Biber's ``family=``
syntax. A malformed entry is skipped with a located warning and the rest still reads.

The BibTeX writer is 8-bit safe (every accented letter is one braced command, ``{\v{c}}``,
so BibTeX sorts and counts it as one letter; characters with no LaTeX form, such as CJK,
stay UTF-8), escapes LaTeX specials (no command from record text survives), writes every line
break or tab as a space and leaves control characters out, keeps ``url`` and ``doi`` raw but for
%-escapes of what TeX would read (braces, backslash, caret, control characters), writes ranges with
``--`` and months as macros, and protects capitalised words after the first and acronyms
with braces (Zotero's rule). ``unicode=True`` writes raw UTF-8 instead of accent commands.
The BibLaTeX writer writes UTF-8 with ``journaltitle``, ``date``, ``location``, ``langid``,
``urldate``, ``number`` (numeric issues) or ``issue`` (issues such as "Spring").

What a round trip cannot keep (record -> text -> record):
- Both: name variables other than author, editor, translator and container-author; archive,
  archive_collection, archive_location, archive-place, authority, available-date,
  call-number, categories, citation-label, dimensions, division, jurisdiction, page-first,
  part, part-title, printing, references, reviewed-genre, reviewed-title, scale, section,
  source, submitted, supplement, volume-title, volume-title-short, year-suffix; ``custom``
  except ``custom.license``; ``issue`` outside articles and periodicals, ``number`` on them
  and on books, chapters and papers (their ``number`` is ``collection-number``),
  ``collection-number`` on the other types; the seasons of dates written as ISO 8601 (all
  but BibTeX's ``issued``) other than the numbered season of a year; shortTitle,
  journalAbbreviation and event come back under their CSL 1.0.2 names; line breaks and tabs
  inside values become spaces, control characters are left out, and broken rich-text markup
  comes back repaired; ``url`` and ``doi`` come back with the writer's %-escapes and without
  tabs and line breaks; the dash of a page,
  volume or issue range comes back ``-``; a literal date that reads as a year or a range of
  years (``1999 - 2000``) comes back as one; a family-only name with a space comes back as
  a literal name; a dropping particle without a given name comes back as the given name; a
  capitalised particle (Van) joins the family name; a mixed-case word starting lower-case
  (iPhone) comes back in a nocase span; a thesis without a genre comes back as a "PhD
  thesis"; item types that share an entry type come back as the one it is read as
  (tests/test_formats_bibtex.py lists them).
- BibTeX: the day of ``issued`` and the season of a date with a month (a range keeps its
  first month and its years, when they differ); a season named in words comes back as its
  number (Winter: 4); ``circa``; most types outside articles, books, chapters, papers,
  reports, theses, manuscripts and pamphlets.
- BibLaTeX: ``custom.license``; PMCID; language codes outside the ``langid`` table or with
  a region it does not name (``zh-CN`` comes back ``zh``).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

from citekit.errors import InvalidRecordError, MalformedFileError, NotUtf8Error, UnreadableEntryError
from citekit.formats.bibtex_scan import quick_scan
from citekit.formats.latex import (
    Group,
    decode,
    decode_verbatim,
    encode_plain,
    encode_range,
    encode_raw,
    encode_text,
    parse_latex,
)
from citekit.model import Diagnostics, Record, parse_edtf, record_from_csl_json

Warn = Callable[[str], None]

# ---------------------------------------------------------------- item types

_TYPE_FROM_BIB = {
    "article": "article-journal", "book": "book", "mvbook": "book", "inbook": "chapter",
    "bookinbook": "chapter", "suppbook": "chapter", "incollection": "chapter",
    "suppcollection": "chapter", "collection": "book", "mvcollection": "book",
    "proceedings": "book", "mvproceedings": "book", "reference": "book", "mvreference": "book",
    "inreference": "entry-encyclopedia", "inproceedings": "paper-conference",
    "conference": "paper-conference", "booklet": "pamphlet", "manual": "report",
    "misc": "document", "online": "webpage", "electronic": "webpage", "www": "webpage",
    "webpage": "webpage", "patent": "patent", "periodical": "periodical",
    "suppperiodical": "periodical", "report": "report", "techreport": "report",
    "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "unpublished": "manuscript", "software": "software", "code": "software",
    "dataset": "dataset", "data": "dataset", "artwork": "graphic", "image": "graphic",
    "audio": "song", "music": "song", "video": "motion_picture", "movie": "motion_picture",
    "jurisdiction": "legal_case", "legislation": "legislation", "letter": "personal_communication",
    "review": "review", "standard": "standard",
}
_TYPE_TO_BIBTEX = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "review": "article", "review-book": "article", "periodical": "article", "book": "book",
    "classic": "book", "paper-conference": "inproceedings", "entry": "incollection",
    "entry-dictionary": "incollection", "entry-encyclopedia": "incollection",
    "report": "techreport", "manuscript": "unpublished", "pamphlet": "booklet",
}
_TYPE_TO_BIBLATEX = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "review": "review", "review-book": "review", "periodical": "periodical", "book": "book",
    "classic": "book", "chapter": "incollection", "paper-conference": "inproceedings",
    "entry": "inreference", "entry-dictionary": "inreference", "entry-encyclopedia": "inreference",
    "report": "report", "thesis": "thesis", "manuscript": "unpublished", "pamphlet": "booklet",
    "webpage": "online", "post": "online", "post-weblog": "online", "article": "online",
    "software": "software", "dataset": "dataset", "patent": "patent", "graphic": "artwork",
    "song": "audio", "motion_picture": "movie", "legal_case": "jurisdiction",
    "legislation": "legislation", "personal_communication": "letter",
}
_SUBTYPES = {"article-magazine": "magazine", "article-newspaper": "newspaper"}
# Types whose BibTeX ``number`` is the issue, and those where it numbers the series.
_ISSUE_TYPES = frozenset(
    "article-journal article-magazine article-newspaper review review-book periodical".split()
)
_SERIES_TYPES = frozenset(
    "book chapter paper-conference entry entry-dictionary entry-encyclopedia classic".split()
)
# biblatex's localisation keys for ``type`` (biblatex manual, 4.9.2.13).
_GENRE_KEYS = {
    "phdthesis": "PhD thesis", "mathesis": "Master's thesis", "mastersthesis": "Master's thesis",
    "candthesis": "Candidate thesis", "techreport": "Technical report",
    "resreport": "Research report", "software": "Software", "datacd": "CD-ROM",
    "audiocd": "Audio CD",
}
_THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
_PUBSTATES = {"inpress": "in press", "forthcoming": "forthcoming", "submitted": "submitted",
              "prepublished": "prepublished", "inpreparation": "in preparation"}
_PUBSTATE_KEYS = {text: key for key, text in _PUBSTATES.items()}

# ISO language codes and babel/polyglossia names for biblatex's ``langid``.
_LANGIDS = {
    "en": "english", "en-US": "american", "en-GB": "british", "de": "ngerman",
    "de-AT": "naustrian", "de-CH": "nswissgerman", "fr": "french", "es": "spanish",
    "it": "italian", "pt": "portuguese", "pt-BR": "brazilian", "nl": "dutch", "lt": "lithuanian",
    "lv": "latvian", "et": "estonian", "pl": "polish", "cs": "czech", "sk": "slovak",
    "sl": "slovene", "hr": "croatian", "sr": "serbian", "bg": "bulgarian", "ru": "russian",
    "uk": "ukrainian", "el": "greek", "tr": "turkish", "hu": "magyar", "ro": "romanian",
    "fi": "finnish", "sv": "swedish", "da": "danish", "nb": "norsk", "nn": "nynorsk",
    "is": "icelandic", "ca": "catalan", "la": "latin", "he": "hebrew", "ar": "arabic",
    "ja": "japanese", "zh": "chinese", "ko": "korean",
}
_LANGUAGE_FROM_LANGID = {name: code for code, name in _LANGIDS.items()} | {
    "german": "de", "austrian": "de-AT", "swissgerman": "de-CH", "USenglish": "en-US",
    "UKenglish": "en-GB", "australian": "en-AU", "canadian": "en-CA", "newzealand": "en-NZ",
    "hungarian": "hu", "norwegian": "nb", "slovenian": "sl", "canadien": "fr-CA",
}

# ---------------------------------------------------------------- names

_NAME_PARTS = ("family", "given", "prefix", "suffix", "useprefix")
_EXTENDED_NAME = re.compile(r"^\s*(?:family|given|prefix|suffix)\s*=", re.I)
_APOSTROPHE_PARTICLE = re.compile(r"^([a-z]+['’])(\w.*)$")
_AND = re.compile(" [Aa][Nn][Dd] ")  # split_name_list's separator


def _read_names(raw: str, where: str, field_name: str, warn: Warn) -> list[dict[str, str]]:
    names = []
    # pybtex's split, which steps over brace groups, is only needed where there are braces.
    for part in split_name_list(raw) if "{" in raw else _AND.split(raw):
        part = part.strip()
        if not part:
            continue
        if part.lower() == "others":
            warn(f"{where}: 'and others' in '{field_name}' dropped (CSL lists every name)")
        elif _whole_group(part):
            names.append({"literal": decode(part[1:-1], "plain")})
        elif _EXTENDED_NAME.match(part):
            names.append(_extended_name(part))
        else:
            names.append(_bibtex_name(part, where, field_name, warn))
    return [name for name in names if name.get("family") or name.get("literal")]


def _whole_group(text: str) -> bool:
    if not text.startswith("{"):
        return False
    nodes = parse_latex(text)
    return len(nodes) == 1 and isinstance(nodes[0], Group)


def _bibtex_name(text: str, where: str, field_name: str, warn: Warn) -> dict[str, str]:
    parts = _plain_name_parts(text)
    if parts is None:
        try:
            person = Person(text)
        except PybtexError as error:
            warn(f"{where}: name '{text}' in '{field_name}' read as one literal name ({error})")
            return {"literal": decode(text, "plain")}
        parts = (person.prelast_names, person.last_names, person.first_names + person.middle_names,
                 person.lineage_names)
    prelast, last, given, lineage = parts
    family = decode(" ".join(last), "plain")
    particle = decode(" ".join(prelast), "plain")
    given_words = decode(" ".join(given), "plain").split()
    name = {"family": family}
    # "Saussure, Ferdinand de": a lower-case tail of the given name is a dropping particle.
    tail = len(given_words)
    while tail > 1 and given_words[tail - 1][:1].islower():
        tail -= 1
    if given_words:
        name["given"] = " ".join(given_words[:tail])
    if tail < len(given_words):
        name["dropping-particle"] = " ".join(given_words[tail:])
    apostrophe = _APOSTROPHE_PARTICLE.match(family)
    if not particle and apostrophe and apostrophe.group(2)[:1].isupper():
        particle, name["family"] = apostrophe.groups()  # d'Alembert
    if particle:
        name["non-dropping-particle"] = particle
    if lineage:
        name["suffix"] = decode(" ".join(lineage), "plain")
    return name


_NAME_SYNTAX = re.compile(r"[\\{}~]")


def _plain_name_parts(text: str) -> tuple[list[str], list[str], list[str], list[str]] | None:
    """The parts pybtex's Person gives ``von Last, First`` or ``von Last, Jr, First`` (von, last,
    first and middle, jr), found without its cost where its rules are simple: no braces, commands
    or ties, and a family and a given name. None otherwise."""
    if _NAME_SYNTAX.search(text):
        return None
    parts = text.split(",")
    if len(parts) not in (2, 3):
        return None
    words, given = parts[0].split(), parts[-1].split()
    if not words or not given:
        return None
    # As Person: the von part ends at its last lower-case word; the last word is the family name.
    von = len(words) - 1
    while von and not _is_von(words[von - 1]):
        von -= 1
    return words[:von], words[von:], given, parts[1].split() if len(parts) == 3 else []


def _is_von(word: str) -> bool:
    """pybtex's test of a von word without braces: a lower-case first character or, where that
    has no case, a lower-case first letter."""
    if word[0].isupper() or word[0].islower():
        return word[0].islower()
    return next((char.islower() for char in word if char.isalpha()), False)


def _extended_name(text: str) -> dict[str, str]:
    """Biber's ``family=Walt, given=Stéfan J., prefix=van der, useprefix=true``."""
    parts: dict[str, str] = {}
    for item in _split_top_level(text, ","):
        key, _, value = item.partition("=")
        if key.strip().lower() in _NAME_PARTS:
            parts[key.strip().lower()] = decode(value.strip(), "plain")
    name = {"family": parts.get("family", ""), "given": parts.get("given", "")}
    if parts.get("prefix"):
        useprefix = parts.get("useprefix", "false").lower() == "true"
        name["non-dropping-particle" if useprefix else "dropping-particle"] = parts["prefix"]
    if parts.get("suffix"):
        name["suffix"] = parts["suffix"]
    return {key: value for key, value in name.items() if value}


def _split_top_level(text: str, separator: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for position, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append(text[start:position])
            start = position + 1
    return [*parts, text[start:]]


def _encode_name(name: dict[str, Any], ascii_only: bool) -> str:
    if "literal" in name:
        return "{" + encode_plain(str(name["literal"]), ascii_only) + "}"

    def part(key: str, brace_spaces: bool = False) -> str:
        text = str(name.get(key, ""))
        encoded = encode_plain(text, ascii_only)
        # Spaces are judged after encoding, which writes every tab or line break as one: BibTeX splits
        # names at "and" between any white space ("A\tand B" would be two people).
        needs = "," in text or " and " in encoded.lower() or (brace_spaces and " " in encoded)
        return "{" + encoded + "}" if needs else encoded

    family = part("family", brace_spaces=True)
    particle = part("non-dropping-particle")
    if particle:
        family = particle + ("" if particle.endswith(("'", "’")) else " ") + family
    given = " ".join(p for p in (part("given"), part("dropping-particle")) if p)
    suffix = part("suffix")
    if suffix:
        return f"{family}, {suffix}, {given}"
    return f"{family}, {given}" if given else family


# ---------------------------------------------------------------- dates

_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = _MONTH_NAMES.split()
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
_MONTH_MACROS = {name[:3]: name.capitalize() for name in _MONTHS} | {
    name: name.capitalize() for name in _MONTHS
} | {"sept": "September"}


def _month(word: str) -> int | None:
    word = word.strip().rstrip(".").lower()
    if word.isdecimal():  # not isdigit: int() refuses '²' and '⓿', which are digits
        return int(word) if 1 <= int(word) <= 12 else None
    if len(word) >= 3:
        for number, name in enumerate(_MONTHS, start=1):
            if name.startswith(word):
                return number
    return None


def _issued(fields: dict[str, str], where: str, warn: Warn, custom: dict[str, Any]) -> dict | None:
    if fields.get("date"):
        return _iso_date(fields["date"])
    year = decode(fields.get("year", ""), "range")
    if not year:
        return None
    match = re.fullmatch(r"(\d{1,4})(?:\s*[-–/]\s*(\d{1,4}))?", year)
    if not match:  # a date in words: its dashes are text, not a range's
        return {"literal": decode(fields["year"], "plain")}
    parts = [[int(match.group(1))]] + ([[int(match.group(2))]] if match.group(2) else [])
    date: dict[str, Any] = {"date-parts": parts}
    month_text = decode(fields.get("month", ""), "plain")
    if month_text:
        _add_month(date, month_text, where, warn, custom)
    day = decode(fields.get("day", ""), "plain")
    if day.isdecimal() and 1 <= int(day) <= 31 and len(parts[0]) == 2:
        parts[0].append(int(day))
    return date


def _add_month(date: dict[str, Any], text: str, where: str, warn: Warn, custom: dict[str, Any]) -> None:
    """Month names, numbers, 'Dec. 28', 'jul-aug' and seasons, as files write them."""
    start = date["date-parts"][0]
    words = [w for w in re.split(r"[\s.,]+", text) if w]
    months = [m for m in (_month(w) for w in re.split(r"\s*(?:--?|–|/)\s*", text)) if m]
    if len(words) in (1, 2) and _month(words[0]) and (len(words) == 1 or words[1].isdecimal()):
        start.append(_month(words[0]))
        if len(words) == 2 and 1 <= int(words[1]) <= 31:
            start.append(int(words[1]))
    elif len(words) == 2 and words[0].isdecimal() and _month(words[1]) and 1 <= int(words[0]) <= 31:
        start.extend([_month(words[1]), int(words[0])])
    elif len(months) == 2 and len(date["date-parts"]) == 1:
        start.append(months[0])
        date["date-parts"].append([start[0], months[1]])
    elif text.lower() in _SEASONS:
        date["season"] = _SEASONS[text.lower()]
    elif re.search(r"[^\W\d_]", text):
        date["season"] = text  # "Spring/Summer" and the like: CSL prints a season as written
    else:
        warn(f"{where}: month '{text}' not understood; kept as 'custom.month'")
        custom["month"] = text


def _iso_date(raw: str) -> dict[str, Any]:
    """A biblatex (EDTF) date; months 21-24 are seasons; anything else is a literal."""
    text = decode(raw.replace("~", r"\textasciitilde{}"), "plain")  # ~ is EDTF's "circa"
    parsed = parse_edtf(text)
    if parsed is None:
        return {"literal": text}
    parts, circa = parsed
    date: dict[str, Any] = {"date-parts": parts}
    if len(parts) == 1 and len(parts[0]) == 2 and parts[0][1] > 12:
        date["season"] = parts[0].pop() - 20
    if circa:
        date["circa"] = True
    return date


def _edtf(date: dict[str, Any]) -> str | None:
    """biblatex's ISO 8601/EDTF form of a CSL date (seasons as months 21-24)."""
    parts = date.get("date-parts")
    if not parts:
        return None
    ends = []
    for end in parts:
        year = f"{end[0]:04d}" if end[0] >= 0 else f"-{-end[0]:04d}"
        ends.append("-".join([year] + [f"{n:02d}" for n in end[1:]]))
    season = date.get("season")
    if len(parts) == 1 and len(parts[0]) == 1 and isinstance(season, int) and 1 <= season <= 4:
        ends[0] += f"-{season + 20}"
    return "/".join(ends) + ("~" if date.get("circa") else "")


# ---------------------------------------------------------------- reading

_NEXT_ENTRY = re.compile(r"^[ \t]*@", re.M)
_PERSON_FIELDS = {"author": "author", "editor": "editor", "translator": "translator",
                  "bookauthor": "container-author"}
# field -> (CSL variable, decoding mode); a later field for a variable already set goes to custom.
_FIELDS = {
    "title": ("title", "title"), "shorttitle": ("title-short", "title"),
    "origtitle": ("original-title", "title"), "origpublisher": ("original-publisher", "rich"),
    "origlocation": ("original-publisher-place", "rich"),
    "journal": ("container-title", "title"), "journaltitle": ("container-title", "title"),
    "booktitle": ("container-title", "title"), "shortjournal": ("container-title-short", "rich"),
    "series": ("collection-title", "title"), "eventtitle": ("event-title", "title"),
    "edition": ("edition", "plain"), "volume": ("volume", "range"),
    "volumes": ("number-of-volumes", "plain"), "chapter": ("chapter-number", "plain"),
    "pages": ("page", "range"), "pagetotal": ("number-of-pages", "plain"),
    "publisher": ("publisher", "rich"), "school": ("publisher", "rich"),
    "institution": ("publisher", "rich"), "organization": ("publisher", "rich"),
    "address": ("publisher-place", "rich"), "location": ("publisher-place", "rich"),
    "venue": ("event-place", "rich"), "isbn": ("ISBN", "plain"), "issn": ("ISSN", "plain"),
    "pmid": ("PMID", "plain"), "pmcid": ("PMCID", "plain"), "version": ("version", "plain"),
    "abstract": ("abstract", "rich"), "keywords": ("keyword", "plain"), "note": ("note", "rich"),
    "annote": ("annote", "rich"), "annotation": ("annote", "rich"), "type": ("genre", "title"),
    "language": ("language", "plain"), "pubstate": ("status", "plain"),
}
_DATE_FIELDS = {"urldate": "accessed", "origdate": "original-date", "eventdate": "event-date"}
_ISSUED_FIELDS = frozenset({"date", "year", "month", "day"})
# Fields read together with others, or resolved before conversion.
_CONSUMED = frozenset({"entrysubtype", "eprinttype", "archiveprefix"})


@dataclass
class _Entry:
    kind: str
    key: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)


class _EntryFailed(Exception):
    """A syntax error inside one entry: the scan resumes at the next line starting with '@'."""

    def __init__(self, error: PybtexSyntaxError) -> None:
        super().__init__(str(error))
        self.error = error


class _Scan:
    """Runs pybtex's scanner over a file, resuming after each broken entry (a file of well-formed
    entries only goes through :func:`quick_scan`, which gives the same)."""

    def __init__(self, text: str, source: str, diagnostics: Diagnostics, first_line: int = 1,
                 macros: CaseInsensitiveDict | None = None) -> None:
        # ``text`` may be a part of a file that begins at ``first_line``; ``macros`` (@string
        # definitions) carry over from the parts before it.
        self.text, self.source, self.warn = text, source, diagnostics.warn
        self.first_line = first_line
        self.failures: list[UnreadableEntryError] = []  # entries skipped, reported after the scan
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.macros = macros if macros is not None else CaseInsensitiveDict(_MONTH_MACROS)
        self.entries: list[_Entry] = []
        self.errors: list[tuple[int, int, str]] = []
        self.offset: int | None = 0
        self.commands = 0

    def line(self, position: int) -> int:
        return bisect_right(self.line_starts, position) + self.first_line - 1

    def run(self) -> None:
        quick = quick_scan(self.text, self.macros)
        if quick is not None:  # well-formed entries only: what pybtex's scan gives, sooner
            for command, body, start in quick:
                self.commands += 1
                self.take(command, body, start)
            return
        while self.offset is not None:
            offset = self.offset
            parser = LowLevelParser(
                self.text[offset:], macros=self.macros, handle_error=self.handle, filename=self.source
            )
            try:
                for command, body in parser:
                    self.commands += 1
                    self.take(command, body, offset + parser.command_start)
                return
            except _EntryFailed as failure:
                self.fail(failure.error, offset, offset + parser.command_start)

    def handle(self, error: PybtexSyntaxError) -> None:
        if isinstance(error, UndefinedMacro):
            start = (self.offset or 0) + error.parser.command_start
            name = error.args[0]
            self.warn(f"{self.source}:{self.line(start)}: undefined @string macro '{name}' read as empty")
            return
        raise _EntryFailed(error)

    def fail(self, error: PybtexSyntaxError, offset: int, start: int) -> None:
        line = self.line(start)
        error_line = self.line(offset) + error.lineno - 1
        column = error.parser.pos - error.parser.text.rfind("\n", 0, error.parser.pos)
        reason = str(error.args[0])
        self.errors.append((error_line, column, reason))
        self.failures.append(UnreadableEntryError(f"{self.source}:{line}", f"{reason} (line {error_line})"))
        following = _NEXT_ENTRY.search(self.text, self.text.find("\n", start) + 1 or len(self.text))
        self.offset = following.start() if following else None

    def take(self, command: str, body: tuple, start: int) -> None:
        kind = command.lower()
        line = self.line(start)
        if kind == "string":
            return
        if kind == "preamble":
            self.warn(f"{self.source}:{line}: @preamble ignored (it is LaTeX for a document)")
            return
        key, pairs = body
        entry = _Entry(kind, key, line)
        for name, parts in pairs:
            if name.lower() in entry.fields:
                self.warn(f"{self.source}:{line} ({key}): duplicate field '{name}' ignored")
            else:
                entry.fields[name.lower()] = "".join(parts)
        self.entries.append(entry)


def read_bibtex(text: str, source: str, diagnostics: Diagnostics | None = None) -> list[Record]:
    """Parse BibTeX or BibLaTeX text into records (one reader serves both dialects).

    A broken entry is skipped with a warning naming ``source`` and its first line; the
    rest of the file still reads. A file in which nothing parses raises
    :class:`MalformedFileError`.
    """
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    scan = _Scan(text.lstrip("\ufeff"), source, diagnostics)
    scan.run()
    if scan.errors and not scan.commands:
        raise MalformedFileError(source, *scan.errors[0])
    if text.strip() and not looks_like_bibtex(text):
        raise MalformedFileError(source, 1, 1, "no BibTeX entry (@type{key, ...}) found")
    for failure in scan.failures:
        diagnostics.skip(failure)
    entries = _unique(scan.entries, source, diagnostics)
    _resolve_crossrefs(entries, source, diagnostics.warn)
    return list(_records(entries, source, diagnostics))


def _records(entries: Iterable[_Entry], source: str, diagnostics: Diagnostics) -> Iterator[Record]:
    """Each entry as a record; one that is not a valid record is skipped, naming its field."""
    for entry in entries:
        where = f"{source}:{entry.line}"
        try:
            item = _entry_to_csl(entry, f"{where} ({entry.key})", diagnostics.warn)
            yield record_from_csl_json(item, where, diagnostics)
        except InvalidRecordError as error:
            field_name = f", field '{error.field}'" if error.field else ""
            diagnostics.skip(UnreadableEntryError(where, f"entry '{entry.key}'{field_name}: {error.reason}"))


def read_biblatex(text: str, source: str, diagnostics: Diagnostics | None = None) -> list[Record]:
    """Parse BibLaTeX text into records: the same reader as :func:`read_bibtex`."""
    return read_bibtex(text, source, diagnostics)


def stream_bibtex(path: str, diagnostics: Diagnostics) -> Iterator[Record] | None:
    """The records of a BibTeX or BibLaTeX file, read entry by entry, so that memory holds one
    entry (and the keys seen, for the rule on repeated keys) whatever the file's size; the same
    records and messages as :func:`read_bibtex`.

    None for a file to be read whole with :func:`read_bibtex`: one with ``crossref`` or ``xref``
    fields (a child needs its parent, often further down), or with a UTF-16/32 byte-order mark.
    """
    return None if _needs_whole_file(path) else _streamed(path, diagnostics)


def _streamed(path: str, diagnostics: Diagnostics) -> Iterator[Record]:
    macros = CaseInsensitiveDict(_MONTH_MACROS)
    seen: dict[str, int] = {}  # lower-cased key -> line, for BibTeX's first-of-two-keys rule
    commands, errors, anything, entry_start = 0, [], False, False
    for first_line, chunk in _entry_chunks(path):
        anything = anything or bool(chunk.strip())
        entry_start = entry_start or bool(_ENTRY_START.search(chunk))
        scan = _Scan(chunk, path, diagnostics, first_line, macros)
        scan.run()
        commands += scan.commands
        errors += scan.errors
        for failure in scan.failures:
            diagnostics.skip(failure)
        fresh = []
        for entry in scan.entries:
            first = seen.setdefault(entry.key.lower(), entry.line)
            if first != entry.line:
                diagnostics.skip(UnreadableEntryError(f"{path}:{entry.line}",
                                                      f"key '{entry.key}' repeats line {first}"))
            else:
                fresh.append(entry)
        yield from _records(fresh, path, diagnostics)
    if errors and not commands:
        raise MalformedFileError(path, *errors[0])
    if anything and not entry_start:
        raise MalformedFileError(path, 1, 1, "no BibTeX entry (@type{key, ...}) found")


_CROSSREF = re.compile(rb"\b(?:crossref|xref)\s*=", re.I)


def _needs_whole_file(path: str) -> bool:
    with open(path, "rb") as file:
        start = file.read(4)
        if start.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
            return True
        file.seek(0)
        return any(_CROSSREF.search(line) for line in file)


def _entry_chunks(path: str) -> Iterator[tuple[int, str]]:
    """The file in parts that each hold whole entries: a part ends where a line starts with '@'
    outside braces. Yields each part's first line number and its text (decoded, BOM dropped)."""
    lines: list[str] = []
    first_line, depth, offset = 1, 0, 0
    with open(path, "rb") as file:
        for number, raw in enumerate(file, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise NotUtf8Error(f"{path}: not UTF-8 text (bad byte at offset {offset + error.start})") \
                    from None
            offset += len(raw)
            if lines and depth <= 0 and _NEXT_ENTRY.match(line):
                yield first_line, "".join(lines)
                lines, first_line, depth = [], number, 0
            lines.append(line)
            depth += line.count("{") - line.count("}")
    if lines:
        yield first_line, "".join(lines)


def _unique(entries: list[_Entry], source: str, diagnostics: Diagnostics) -> list[_Entry]:
    """BibTeX keeps the first of two entries whose keys differ only in case."""
    seen: dict[str, _Entry] = {}
    for entry in entries:
        first = seen.setdefault(entry.key.lower(), entry)
        if first is not entry:
            diagnostics.skip(UnreadableEntryError(f"{source}:{entry.line}",
                                                  f"key '{entry.key}' repeats line {first.line}"))
    return list(seen.values())


_NOT_INHERITED = frozenset({"crossref", "xref", "ids", "title", "subtitle", "titleaddon",
                            "shorttitle", "sortkey", "label", "entryset", "entrysubtype"})
_WHOLE_WORKS = frozenset({"book", "mvbook", "proceedings", "mvproceedings", "collection",
                          "mvcollection", "reference", "mvreference", "periodical"})


def _resolve_crossrefs(entries: list[_Entry], source: str, warn: Warn) -> None:
    """A child takes the fields it lacks from its ``crossref`` parent (the parent's title
    becomes the child's ``booktitle``, biblatex manual 2.4.1 and appendix B)."""
    by_key = {entry.key.lower(): entry for entry in entries}
    for entry in entries:
        seen = {entry.key.lower()}
        parent_key = entry.fields.get("crossref", "").strip()
        while parent_key:
            parent = by_key.get(parent_key.lower())
            if parent is None or parent_key.lower() in seen:
                problem = "not found" if parent is None else "is a cycle"
                warn(f"{source}:{entry.line} ({entry.key}): crossref '{parent_key}' {problem}")
                break
            seen.add(parent_key.lower())
            if parent.kind in _WHOLE_WORKS and "title" in parent.fields:
                entry.fields.setdefault("booktitle", parent.fields["title"])
            for name, value in parent.fields.items():
                if name not in _NOT_INHERITED:
                    entry.fields.setdefault(name, value)
            parent_key = parent.fields.get("crossref", "").strip()
        else:
            entry.fields.pop("crossref", None)


def _entry_to_csl(entry: _Entry, where: str, warn: Warn) -> dict[str, Any]:
    fields = {name: value for name, value in entry.fields.items() if value.strip()}
    csl_type = _csl_type(entry, fields, where, warn)
    item: dict[str, Any] = {"id": entry.key, "type": csl_type}
    custom: dict[str, Any] = {}
    unknown: list[str] = []
    issued = _issued(fields, where, warn, custom)
    if issued:
        item["issued"] = issued
    for name, raw in fields.items():
        if name in _ISSUED_FIELDS or name in _CONSUMED:
            continue
        variable, value = _field_value(name, raw, csl_type, fields, where, warn)
        if variable is None:
            unknown.append(name)
            custom[name] = decode(raw, "rich")
        elif variable.startswith("custom."):
            custom[variable.removeprefix("custom.")] = value
        elif value in (None, "", []):
            continue
        elif variable in item:
            warn(f"{where}: field '{name}' repeats '{variable}'; kept as 'custom.{name}'")
            custom[name] = value if isinstance(value, str) else raw
        else:
            item[variable] = value
    if unknown:
        warn(f"{where}: unknown fields kept under 'custom': {', '.join(unknown)}")
    if custom:
        item["custom"] = custom
    return item


def _csl_type(entry: _Entry, fields: dict[str, str], where: str, warn: Warn) -> str:
    subtype = fields.get("entrysubtype", "").strip().lower()
    if entry.kind == "article" and subtype in ("magazine", "newspaper"):
        return f"article-{subtype}"
    if entry.kind in _TYPE_FROM_BIB:
        if entry.kind in _THESIS_GENRES and "type" not in fields:
            fields["type"] = _THESIS_GENRES[entry.kind]
        return _TYPE_FROM_BIB[entry.kind]
    warn(f"{where}: entry type '@{entry.kind}' read as 'document'")
    return "document"


def _field_value(
    name: str, raw: str, csl_type: str, fields: dict[str, str], where: str, warn: Warn
) -> tuple[str | None, Any]:
    """The CSL variable a field fills and its value; (None, None) for an unknown field."""
    if name in _PERSON_FIELDS:
        return _PERSON_FIELDS[name], _read_names(raw, where, name, warn)
    if name in _DATE_FIELDS:
        return _DATE_FIELDS[name], _iso_date(raw)
    if name in ("doi", "url"):
        return name.upper(), decode_verbatim(raw)
    if name in ("number", "issue"):
        mode = "range" if csl_type in _ISSUE_TYPES else "plain"
        return _number_variable(name, csl_type), decode(raw, mode)
    if name == "organization" and csl_type == "webpage":
        return "container-title", decode(raw, "title")
    if name == "type":
        genre = decode(raw, "title")
        return "genre", _GENRE_KEYS.get(genre, genre)
    if name == "pubstate":
        state = decode(raw, "plain")
        return "status", _PUBSTATES.get(state, state)
    if name == "langid":
        language = _LANGUAGE_FROM_LANGID.get(decode(raw, "plain"))
        return ("language", language) if language else (None, None)
    if name == "copyright":
        return "custom.license", decode(raw, "plain")
    if name == "howpublished":
        text = decode_verbatim(raw) if re.search(r"\\url|https?://", raw) else decode(raw, "rich")
        return ("URL" if text.startswith(("http://", "https://")) else "medium"), text
    if name == "eprint":
        return _eprint(raw, fields)
    if name in _FIELDS:
        variable, mode = _FIELDS[name]
        return variable, decode(raw, mode)
    return None, None


def _number_variable(name: str, csl_type: str) -> str:
    if csl_type in _ISSUE_TYPES:
        return "issue"
    if name == "issue":
        return "custom.issue"
    return "collection-number" if csl_type in _SERIES_TYPES else "number"


def _eprint(raw: str, fields: dict[str, str]) -> tuple[str | None, Any]:
    kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
    identifier = decode_verbatim(raw)
    if kind == "pubmed":
        return "PMID", identifier
    if kind == "pmc":
        return "PMCID", identifier
    if kind == "arxiv":
        return "number", f"arXiv:{identifier}"
    return "custom.eprint", f"{kind}:{identifier}" if kind else identifier


# ---------------------------------------------------------------- writing

_ORDER = (
    "author editor translator bookauthor title shorttitle origtitle journal journaltitle booktitle "
    "shortjournal organization eventtitle venue series type edition year month date volume "
    "volumes number issue chapter pages pagetotal school institution publisher address location "
    "origpublisher origlocation isbn issn doi eprinttype eprint pmid pmcid url urldate origdate "
    "eventdate version pubstate "
    "howpublished entrysubtype language langid keywords abstract note annote annotation copyright"
).split()
_MONTH_MACRO_NAMES = [name[:3] for name in _MONTHS]
_SEASON_NAMES = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}


class _Writer:
    """Builds one entry's fields in one dialect."""

    def __init__(self, record: Record, biblatex: bool, ascii_only: bool) -> None:
        self.record, self.biblatex, self.ascii = record, biblatex, ascii_only
        self.fields: dict[str, str] = {}

    def text(self, name: str, variable: str, protect: bool = False) -> None:
        value = self.record.get(variable)
        if value:
            self.fields[name] = "{" + encode_text(str(value), self.ascii, protect) + "}"

    def put(self, name: str, latex: str | None) -> None:
        if latex:
            self.fields[name] = "{" + latex + "}"

    def entry(self) -> str:
        kind = self.build()
        width = max((len(name) for name in self.fields), default=0)
        names = sorted(self.fields, key=_ORDER.index)
        lines = [f"  {name.ljust(width)} = {self.fields[name]},\n" for name in names]
        body = "".join(lines).removesuffix(",\n") + "\n" * bool(lines)  # no comma after the last field
        return f"@{kind}{{{_bib_key(self.record.key)},\n{body}}}\n"

    def build(self) -> str:
        record, csl_type = self.record, self.record.type
        for name, variable in _PERSON_FIELDS.items():
            names = record.get(variable)
            if names:
                self.put(name, " and ".join(_encode_name(n, self.ascii) for n in names))
        self.text("title", "title", protect=True)
        self.text("shorttitle", "title-short" if "title-short" in record else "shortTitle", protect=True)
        self.text("origtitle", "original-title", protect=True)
        self.container(csl_type)
        self.text("shortjournal", "container-title-short" if "container-title-short" in record
                  else "journalAbbreviation")
        self.text("eventtitle", "event-title" if "event-title" in record else "event")
        self.text("venue", "event-place")
        self.text("series", "collection-title", protect=True)
        self.text("type", "genre", protect=not self.biblatex)
        self.text("edition", "edition")
        self.dates()
        self.put("volume", encode_range(record.get("volume", ""), self.ascii))
        self.text("volumes", "number-of-volumes")
        self.numbers(csl_type)
        self.text("chapter", "chapter-number")
        self.put("pages", encode_range(record.get("page", ""), self.ascii))
        self.text("pagetotal", "number-of-pages")
        self.text(self.publisher_field(csl_type), "publisher")
        self.text("location" if self.biblatex else "address", "publisher-place")
        self.text("origpublisher", "original-publisher")
        self.text("origlocation", "original-publisher-place")
        self.text("isbn", "ISBN")
        self.text("issn", "ISSN")
        self.put("doi", encode_raw(record.get("DOI", "")))
        self.put("url", encode_raw(record.get("URL", "")))
        self.identifiers()
        self.text("version", "version")
        self.pubstate()
        self.text("howpublished", "medium")
        self.language()
        self.text("keywords", "keyword")
        self.text("abstract", "abstract")
        self.text("note", "note")
        self.text("annotation" if self.biblatex else "annote", "annote")
        license_ = record.get("custom", {}).get("license")
        if license_ and not self.biblatex and isinstance(license_, str):
            self.put("copyright", encode_text(license_, self.ascii))
        return self.kind(csl_type)

    def kind(self, csl_type: str) -> str:
        if self.biblatex:
            if csl_type in _SUBTYPES:
                self.fields["entrysubtype"] = "{" + _SUBTYPES[csl_type] + "}"
            if csl_type == "thesis" and "type" not in self.fields:
                self.fields["type"] = "{phdthesis}"
            return _TYPE_TO_BIBLATEX.get(csl_type, "misc")
        if csl_type == "chapter":
            return "incollection" if "booktitle" in self.fields else "inbook"
        if csl_type == "thesis":
            return "mastersthesis" if "master" in self.record.get("genre", "").lower() else "phdthesis"
        return _TYPE_TO_BIBTEX.get(csl_type, "misc")

    def container(self, csl_type: str) -> None:
        if csl_type in _ISSUE_TYPES:
            name = "journaltitle" if self.biblatex else "journal"
        elif self.biblatex and _TYPE_TO_BIBLATEX.get(csl_type) == "online":
            name = "organization"
        else:
            name = "booktitle"
        self.text(name, "container-title", protect=name == "booktitle")

    def publisher_field(self, csl_type: str) -> str:
        if csl_type == "thesis":
            return "institution" if self.biblatex else "school"
        return "institution" if csl_type == "report" else "publisher"

    def numbers(self, csl_type: str) -> None:
        record = self.record
        if csl_type in _ISSUE_TYPES:
            issue = record.get("issue", "")
            # biblatex: ``number`` for a numbered issue, ``issue`` for "Spring" (manual 2.2.2).
            name = "issue" if self.biblatex and issue and not re.search(r"\d", issue) else "number"
            self.put(name, encode_range(issue, self.ascii))
        else:
            variable = "collection-number" if csl_type in _SERIES_TYPES else "number"
            self.text("number", variable)

    def dates(self) -> None:
        record = self.record
        issued = record.get("issued", {})
        if self.biblatex:
            self.put("date", _edtf(issued))
        elif issued.get("date-parts"):
            self.bibtex_year(issued)
        if issued.get("literal"):
            self.put("year", encode_plain(issued["literal"], self.ascii))
        for name, variable in _DATE_FIELDS.items():
            date = record.get(variable, {})
            self.put(name, _edtf(date) or encode_plain(date.get("literal", ""), self.ascii))

    def bibtex_year(self, issued: dict[str, Any]) -> None:
        parts = issued["date-parts"]
        years = [str(end[0]) for end in parts]
        self.put("year", "--".join(years) if len(set(years)) > 1 else years[0])
        season = issued.get("season")
        if len(parts[0]) > 1 and 1 <= parts[0][1] <= 12:
            self.fields["month"] = _MONTH_MACRO_NAMES[parts[0][1] - 1]
        elif season:
            season_text = _SEASON_NAMES.get(season, str(season)) if isinstance(season, int) else str(season)
            self.put("month", encode_plain(season_text, self.ascii))

    def pubstate(self) -> None:
        status = self.record.get("status", "")
        key = _PUBSTATE_KEYS.get(status) if self.biblatex else None  # biblatex localises its keys
        self.put("pubstate", key or encode_text(status, self.ascii))

    def identifiers(self) -> None:
        if not self.biblatex:
            self.text("pmid", "PMID")
            self.text("pmcid", "PMCID")
        elif self.record.get("PMID"):
            self.put("eprinttype", "pubmed")
            self.text("eprint", "PMID")

    def language(self) -> None:
        language = self.record.get("language", "")
        if not self.biblatex:
            self.text("language", "language")
        elif language:
            self.put("langid", _LANGIDS.get(language) or _LANGIDS.get(language.split("-")[0]))


def _bib_key(key: str) -> str:
    """An ASCII key BibTeX can read: diacritics folded, separators replaced by '_'."""
    folded = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9_\-:./+]", "_", folded) or "item"


def write_bibtex(records: Iterable[Record], *, unicode: bool = False) -> str:
    """The records as BibTeX, 8-bit safe (``unicode=True``: raw UTF-8 instead of accent commands)."""
    return "\n".join(_Writer(record, biblatex=False, ascii_only=not unicode).entry() for record in records)


def write_biblatex(records: Iterable[Record]) -> str:
    """The records as BibLaTeX for biber: UTF-8, ``journaltitle``, ``date``, ``langid``."""
    return "\n".join(_Writer(record, biblatex=True, ascii_only=False).entry() for record in records)


_ENTRY_START = re.compile(r"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.M)
_BIBLATEX_ONLY = re.compile(
    r"^\s*(?:journaltitle|date|langid|location|eventtitle|pagetotal)\s*=|^[ \t]*@online\b",
    re.M | re.I,
)


def looks_like_bibtex(text: str) -> bool:
    """True when some line starts a BibTeX entry or command (``@article{``, ``@string(``)."""
    return bool(_ENTRY_START.search(text))


def looks_like_biblatex(text: str) -> bool:
    """True for BibTeX-shaped text that uses fields or types only BibLaTeX has."""
    return looks_like_bibtex(text) and bool(_BIBLATEX_ONLY.search(text))
