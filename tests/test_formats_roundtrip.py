"""Round trips record -> format -> record, property-based (issue 8).

Hypothesis generates valid records (made by ``record_from_csl_json``) and every format of the
registry that both writes and reads must bring back exactly what it can hold: one projection
function a format, below, says what that is. Each projection follows the "what a round trip
cannot keep" list of its module's docstring; nothing else may change.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from citekit.formats import FORMATS, format_named
from citekit.model import ITEM_TYPES, Diagnostics, Record, record_from_csl_json

Item = dict[str, Any]

# ---------------------------------------------------------------- generated records

# Words in the languages citekit's users write, and the characters that break exporters:
# LaTeX specials, quotes and dashes TeX joins into ligatures, acronyms and mixed-case words.
WORDS = (
    "Soviet Armed Forces in Lithuania the of and on a NASA DNA 1939–1941 McDonald X-ray COVID-19 "
    "19th-century — “Quoted” ‘single’ «Titre» naïve café Straße Ørsted Ångström Erdős Nguyễn Đặng "
    "Miknevičius Žėkas ąžuolas Šiaulių universitetas Genocidas rezistencija Ūkis įstatymas "
    "Łódź źdźbło Żółć gęślą jaźń Wrocław Szczęście Čapek řeřicha Dvořák Příliš žluťoučký kůň úpěl "
    "東京 日本語 屠呦呦 中国科学院 한국어 研究 "
    "& % $ # _ { } ~ ^ \\ < > 50% R&D $100 C# snake_case {braced} a~b x^2 C:\\path -- --- '' `` ?` "
    "iPhone eBay mRNA"
).split() + ["10\u00a0km"]
LETTERS = "abcčdeęėfghiįjklłmnńoóprsštuūųvzżźžAĄBCČDEĘĖFGHIĮJKLŁMNOÓPRSŠTUŪŲVZŽŻŹřůěťďňÁÉ日本"
# No < or >: next to letters they would make CSL rich-text tags (broken markup is repaired).
SPECIALS = "&%$#_{}~^\\-–—'\"`.,;:!?()[]/@*+=|"
RICH_TAGS = (
    ("<i>", "</i>"), ("<b>", "</b>"), ("<sup>", "</sup>"), ("<sub>", "</sub>"),
    ('<span style="font-variant:small-caps;">', "</span>"),
)
NOCASE = ('<span class="nocase">', "</span>")
RICH_TAG = re.compile(r'</?(?:i|b|sup|sub)>|<span style="font-variant:small-caps;">|</span>')

token = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.sampled_from(LETTERS), min_size=1, max_size=8),
    st.text(st.sampled_from(LETTERS + SPECIALS + "0123456789"), min_size=1, max_size=6),
)
plain_text = st.lists(token, min_size=1, max_size=5).map(" ".join)


def rich_text(tags: tuple[tuple[str, str], ...] = RICH_TAGS) -> st.SearchStrategy[str]:
    """Words, some wrapped whole in CSL rich-text tags."""
    wrapped = st.tuples(st.sampled_from(tags), token).map(lambda pair: pair[1].join(pair[0]))
    return st.lists(st.one_of(token, token, wrapped), min_size=1, max_size=5).map(" ".join)


# Titles also carry nocase spans (CSL's "do not change the case of this").
title_text = st.one_of(plain_text, rich_text((*RICH_TAGS, NOCASE)))
paragraph = st.lists(st.one_of(plain_text, rich_text()), min_size=1, max_size=3).map("\n".join)

GIVEN = ("Gintautas", "Jūratė", "Stéfan J.", "Łucja", "Jiří", "呦呦", "Jean le Rond", "A. B.", "Ēriks")
FAMILY = ("Miknevičius", "Žėkas", "Kowalska-Łęcka", "Dvořák", "Walt", "Alembert", "O'Brien",
          "Fernández del Río", "Le Guin", "Smith & Sons", "Nguyễn", "Homer")
PARTICLES = ("van", "van der", "de", "d'", "von", "da")
LITERALS = ("Lietuvos gyventojų genocido ir rezistencijos tyrimo centras", "Barnes & Noble, Inc.",
            "World Health Organization", "中国科学院", "UNESCO", "Polska Akademia Nauk")


@st.composite
def names(draw: st.DrawFn) -> dict[str, str]:
    """A person (particles, suffix, given name or not) or an organisation's literal name."""
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return {"literal": draw(st.sampled_from(LITERALS))}
    if kind == 1:  # Chinese names take no particles
        return {"family": "屠", **({"given": "呦呦"} if draw(st.booleans()) else {})}
    name = {"family": draw(st.sampled_from(FAMILY))}
    if draw(st.booleans()):
        name["given"] = draw(st.sampled_from(GIVEN))
    particle = draw(st.sampled_from((None, None, *PARTICLES)))
    if particle and not (particle.endswith("'") and " " in name["family"]):  # no d'Le Guin
        name["non-dropping-particle"] = particle
    if draw(st.integers(0, 3)) == 0:
        name["dropping-particle"] = draw(st.sampled_from(("de", "von", "van")))
    if draw(st.integers(0, 3)) == 0:
        name["suffix"] = draw(st.sampled_from(("Jr.", "III", "Sr.")))
    return name


LITERAL_DATES = ("n.d.", "in press", "Winter term 1999", "1999 - 2000", "Winter 1999–2000",
                 "Kalėdos 2019", "2019年春", "circa 1850", "forthcoming")


@st.composite
def dates(draw: st.DrawFn) -> Item:
    """A date: year, month, day, a range, a season (a number or words), circa, or a literal."""
    if draw(st.integers(0, 7)) == 0:
        return {"literal": draw(st.sampled_from(LITERAL_DATES))}
    start = [draw(st.integers(1000, 2030))]
    if draw(st.booleans()):
        start.append(draw(st.integers(1, 12)))
        if draw(st.booleans()):
            start.append(draw(st.integers(1, 28)))
    parts = [start]
    if draw(st.integers(0, 3)) == 0:
        parts.append([start[0] + draw(st.integers(0, 3)), *start[1 : draw(st.integers(1, len(start)))]])
    date: Item = {"date-parts": parts}
    if draw(st.integers(0, 4)) == 0:
        seasons = st.one_of(st.integers(1, 4), st.sampled_from(("Spring/Summer", "Easter", "Winter")))
        date["season"] = draw(seasons)
    if draw(st.integers(0, 6)) == 0:
        date["circa"] = True
    return date


numbers = st.one_of(
    st.integers(1, 999).map(str), st.sampled_from(("2-3", "XII", "Spring", "1–2", "TR-2021-04", "S1", "3a"))
)
pages = st.one_of(
    st.integers(1, 999).map(str),
    st.tuples(st.integers(1, 500), st.integers(1, 500), st.sampled_from(("-", "–", " - "))).map(
        lambda t: f"{t[0]}{t[2]}{t[0] + t[1]}"
    ),
    st.sampled_from(("e1234", "iii-xv", "S12–S15", "7-36, 40-45", "A3")),
)
dois = st.tuples(st.integers(1000, 99999), st.text(st.sampled_from("abcXYZ0123456789-._;()/:<>%"), min_size=1,
                                                  max_size=12)).map(lambda t: f"10.{t[0]}/{t[1]}")
urls = st.tuples(
    st.sampled_from(("https://example.org/", "http://lt.wikipedia.org/wiki/Šiauliai_", "https://doi.org/")),
    st.text(st.sampled_from("abc019-._~:/?#[]@!$&'()*+,;=%"), max_size=16),
).map("".join)
keywords = st.lists(plain_text, min_size=1, max_size=4).map(", ".join)
LANGUAGES = ("en", "en-US", "lt", "pl", "cs", "de", "zh-CN", "ja", "fr-CA", "lt-LT", "haw")

OPTIONAL_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    **{variable: st.lists(names(), min_size=1, max_size=3) for variable in (
        "author", "editor", "translator", "collection-editor", "container-author", "composer")},
    **{variable: title_text for variable in ("title", "container-title", "collection-title")},
    **{variable: plain_text for variable in (
        "title-short", "shortTitle", "container-title-short", "journalAbbreviation", "original-title",
        "event-title", "event", "event-place", "genre", "medium", "publisher", "publisher-place",
        "original-publisher", "section", "annote", "archive", "archive_location", "call-number")},
    **{variable: numbers for variable in (
        "edition", "volume", "issue", "number", "collection-number", "chapter-number", "number-of-volumes",
        "version")},
    "number-of-pages": st.one_of(st.integers(1, 999).map(str), st.just("xii, 345")),  # never a range
    **{variable: dates() for variable in ("issued", "accessed", "original-date", "event-date", "submitted")},
    "page": pages, "DOI": dois, "URL": urls,
    "ISSN": st.sampled_from(("1392-3463", "0028-0836", "2049-3630")),
    "ISBN": st.sampled_from(("978-3-16-148410-0", "0-306-40615-2", "9788375100181")),
    "PMID": st.integers(1, 10**8).map(str), "PMCID": st.integers(1, 10**7).map(lambda n: f"PMC{n}"),
    "keyword": keywords, "language": st.sampled_from(LANGUAGES), "abstract": paragraph, "note": paragraph,
    "status": st.sampled_from(("in press", "forthcoming")),
    "custom": st.fixed_dictionaries(
        {"license": st.sampled_from(("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"))}
    ),
}

items = st.fixed_dictionaries(
    {"id": st.from_regex(r"[a-z][a-z0-9]{0,9}", fullmatch=True), "type": st.sampled_from(sorted(ITEM_TYPES))},
    optional=OPTIONAL_FIELDS,
)
records = st.lists(items, min_size=1, max_size=3, unique_by=lambda item: item["id"]).map(
    lambda found: [record_from_csl_json(item, "generated", Diagnostics()) for item in found]
)

# ---------------------------------------------------------------- shared pieces of the projections

SEASON_WORDS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
PAGE_COUNT_TYPES = frozenset({"book", "thesis"})  # RIS SP / EndNote %P alone is their number of pages
SIMPLE_RANGE = re.compile(r"([^\s,;\-–]+)\s*[-–]+\s*([^\s,;\-–]+)")


def keep(item: Item, variables: set[str]) -> Item:
    """The item with only ``id``, ``type`` and these variables."""
    return {name: value for name, value in item.items() if name in variables | {"id", "type"}}


def one_line(item: Item, *variables: str) -> None:
    """Line breaks inside values are written as spaces."""
    for variable in variables:
        if variable in item:
            item[variable] = re.sub(r"\s*\n\s*", " ", item[variable])


def renamed(item: Item, old: str, new: str) -> None:
    """A pre-1.0.2 variable comes back under its CSL 1.0.2 name, unless that is set (then it is lost)."""
    value = item.pop(old, None)
    if value is not None:
        item.setdefault(new, value)


def season_number(season: int | str) -> int | str:
    """A season named in words (Winter) comes back as its number (4), as CSL numbers seasons."""
    return SEASON_WORDS.get(season.lower(), season) if isinstance(season, str) else season


def date_parts_only(date: Item) -> Item | None:
    """A date written as ISO 8601 / EDTF without season or circa: only its date-parts survive."""
    return {"date-parts": date["date-parts"]} if "date-parts" in date else None


def particle_needs_a_given_name(name: dict[str, str]) -> dict[str, str]:
    """``Family, von``: a dropping particle with no given name is read as the given name."""
    name = dict(name)
    if "dropping-particle" in name and "given" not in name:
        name["given"] = name.pop("dropping-particle")
    return name


def names_as(item: Item, variables: tuple[str, ...],
             reading: Callable[[dict[str, str]], dict[str, str]]) -> None:
    for variable in variables:
        if variable in item:
            item[variable] = [reading(name) for name in item[variable]]


def keyword_list(item: Item) -> None:
    """One keyword a line (RIS KW, EndNote %K): CSL's keyword string split at commas and
    semicolons, each keyword once, joined again with ', '."""
    words = [word.strip() for word in re.split(r"[,;]", item.pop("keyword", ""))]
    joined = ", ".join(dict.fromkeys(word for word in words if word))
    if joined:
        item["keyword"] = joined


# ---------------------------------------------------------------- CSL-JSON and CSL-YAML


def csl_holds(item: Item) -> Item:
    """CSL-JSON is the records' own format, and CSL-YAML holds everything CSL-JSON holds."""
    return item


# ---------------------------------------------------------------- RIS and EndNote

TAGGED_NAMES = ("author", "editor", "collection-editor", "translator")
TAGGED_TEXTS = {
    "title", "title-short", "container-title", "collection-title", "edition", "volume",
    "number-of-volumes", "issue", "number", "section", "genre", "ISSN", "ISBN", "publisher",
    "publisher-place", "DOI", "URL", "call-number", "archive", "archive_location", "abstract",
    "language", "keyword", "note",
}
RIS_TYPES = {
    "broadcast": "motion_picture", "collection": "document", "entry": "document", "event": "document",
    "performance": "document", "treaty": "document", "interview": "personal_communication",
    "review": "article-journal", "review-book": "article-journal",
}
ENDNOTE_TYPES = {
    "broadcast": "motion_picture", "song": "motion_picture", "review": "article-journal",
    "review-book": "article-journal", "collection": "document", "entry": "document", "event": "document",
    "performance": "document", "post": "document", "speech": "document", "treaty": "document",
}
ENDNOTE_NUMBER_TYPES = frozenset(
    {"article", "bill", "legislation", "patent", "regulation", "report", "standard"})


def tagged_name(name: dict[str, str]) -> dict[str, str]:
    """``Family, Given, Suffix``: a family-only name is one word, several words are a literal name."""
    name = particle_needs_a_given_name(name)
    if "literal" in name or "given" in name or "suffix" in name:
        return name
    particle = name.get("non-dropping-particle", "")
    written = particle + name["family"] if particle.endswith("'") else f"{particle} {name['family']}".strip()
    return {"literal": written} if " " in written else {"family": written}


def tagged_common(item: Item, extra: set[str]) -> Item:
    """What RIS and EndNote share: their variables, one-line values, names, keywords, software versions."""
    software = item["type"] == "software"
    if software and "edition" in item:  # RIS ET / EndNote %7 is a program's version
        item["version"] = item.pop("edition")
    item = keep(item, TAGGED_TEXTS | set(TAGGED_NAMES) | extra | ({"version"} if software else set()))
    one_line(item, "abstract", "note")
    names_as(item, TAGGED_NAMES, tagged_name)
    keyword_list(item)
    return item


def ris_holds(item: Item) -> Item:
    """RIS (formats/ris.py): no tag for other names and dates, circa, a range's season, a literal
    original-date; a page range's dash comes back '-'; a book's or thesis's page hides its page count."""
    item = copy.deepcopy(item)
    csl_type = item["type"]
    item = tagged_common(item, {"container-title-short", "issued", "accessed", "original-date", "page",
                                "number-of-pages"})
    item["type"] = RIS_TYPES.get(csl_type, csl_type)
    for variable in ("issued", "accessed"):  # YYYY/MM/DD/other, other the season or the range
        if variable in item:
            item[variable] = ris_date(item[variable])
    if "original-date" in item:  # OP: EDTF
        item["original-date"] = date_parts_only(item["original-date"])
    if "page" in item:
        match = SIMPLE_RANGE.fullmatch(item["page"])
        item["page"] = f"{match.group(1)}-{match.group(2)}" if match else item["page"]
    if "page" in item or csl_type not in PAGE_COUNT_TYPES:
        item.pop("number-of-pages", None)
    return {name: value for name, value in item.items() if value is not None}


def ris_date(date: Item) -> Item:
    date = {name: value for name, value in date.items() if name != "circa"}
    if "season" in date and len(date["date-parts"]) > 1:
        del date["season"]
    elif "season" in date:
        date["season"] = season_number(date["season"])
    return date


def endnote_holds(item: Item) -> Item:
    """EndNote tagged (formats/endnote.py): RIS's limits, and no container-title-short; the season of
    a date with a month or a range; %N is a number or an issue by type; %P alone is a book's page count."""
    item = copy.deepcopy(item)
    csl_type = item["type"]
    item = tagged_common(item, {"issued", "accessed", "original-date", "page", "number-of-pages"})
    item["type"] = ENDNOTE_TYPES.get(csl_type, csl_type)
    item.pop("issue" if csl_type in ENDNOTE_NUMBER_TYPES else "number", None)
    if "issued" in item:  # %D year or literal, %8 the rest as EDTF, or the season of a year
        item["issued"] = endnote_issued(item["issued"])
    for variable in ("accessed", "original-date"):  # EDTF (accessed: or the literal)
        if variable in item:
            item[variable] = date_parts_only(item[variable]) or (
                item[variable] if variable == "accessed" else None
            )
    if csl_type in PAGE_COUNT_TYPES and "page" in item:
        item.pop("number-of-pages", None)
        if not SIMPLE_RANGE.fullmatch(item["page"]):
            item["number-of-pages"] = item.pop("page")
    elif csl_type not in PAGE_COUNT_TYPES:
        item.pop("number-of-pages", None)
    return {name: value for name, value in item.items() if value is not None}


def endnote_issued(date: Item) -> Item:
    parts = date.get("date-parts")
    if parts is None:
        return date
    if "season" in date and len(parts) == 1 and len(parts[0]) == 1:
        return {"date-parts": parts, "season": season_number(date["season"])}
    return {"date-parts": parts}


# ---------------------------------------------------------------- BibTeX and BibLaTeX

BIB_NAMES = ("author", "editor", "translator", "container-author")
BIB_TEXTS = {
    "title", "title-short", "original-title", "container-title", "container-title-short", "event-title",
    "event-place", "collection-title", "genre", "edition", "volume", "number-of-volumes", "issue",
    "number", "collection-number", "chapter-number", "page", "number-of-pages", "publisher",
    "publisher-place", "original-publisher", "original-publisher-place", "ISBN", "ISSN", "DOI", "URL",
    "PMID", "version", "status", "medium", "language", "keyword", "abstract", "note", "annote",
    "issued", "accessed", "original-date", "event-date",
}
# BibTeX's ``number`` is an article's issue and a book's number in its series.
BIB_ISSUE_TYPES = frozenset(
    {"article-journal", "article-magazine", "article-newspaper", "review", "review-book", "periodical"}
)
BIB_SERIES_TYPES = frozenset(
    {"book", "chapter", "paper-conference", "entry", "entry-dictionary", "entry-encyclopedia", "classic"}
)
BIBTEX_TYPES = {
    **dict.fromkeys(BIB_ISSUE_TYPES, "article-journal"), "book": "book", "classic": "book",
    "chapter": "chapter", "entry": "chapter", "entry-dictionary": "chapter", "entry-encyclopedia": "chapter",
    "paper-conference": "paper-conference", "report": "report", "thesis": "thesis",
    "manuscript": "manuscript", "pamphlet": "pamphlet",
}  # every other type is @misc, read as document
BIBLATEX_TYPES = {
    **{t: t for t in ("article-journal", "article-magazine", "article-newspaper", "review", "periodical",
                      "book", "chapter", "paper-conference", "entry-encyclopedia", "report", "thesis",
                      "manuscript", "pamphlet", "webpage", "software", "dataset", "patent", "graphic",
                      "song", "motion_picture", "legal_case", "legislation", "personal_communication")},
    "review-book": "review", "classic": "book", "entry": "entry-encyclopedia",
    "entry-dictionary": "entry-encyclopedia", "post": "webpage", "post-weblog": "webpage",
    "article": "webpage",
}  # every other type is @misc, read as document
BIBLATEX_ONLINE_TYPES = frozenset({"webpage", "post", "post-weblog", "article"})
# The language codes of the generator biblatex's langid table names (the rest lose their region).
LANGIDS = frozenset({"en", "en-US", "lt", "pl", "cs", "de", "zh", "ja", "fr"})
YEARS = re.compile(r"(\d{1,4})(?:\s*[-–/]\s*(\d{1,4}))?")


def bib_name(name: dict[str, str]) -> dict[str, str]:
    """A family-only name of several words is braced whole, and a whole brace group is a literal name."""
    name = particle_needs_a_given_name(name)
    if set(name) == {"family"} and " " in name["family"]:
        return {"literal": name["family"]}
    return name


def bib_title(text: str, protected: bool) -> str:
    """A title-like field after case protection and back (formats/latex.py).

    The writer braces capitalised words after the first and mixed-case words; the reader turns a
    braced word starting lower-case (iPhone) into a nocase span, keeps a nocase span only around a
    lower-case word, and reads a value that is one brace group whole ({iPhone}, JabRef's braced titles)
    as plain text.
    """
    if text.startswith(NOCASE[0]) and text.endswith(NOCASE[1]) and text.count(NOCASE[1]) == 1:
        return text[len(NOCASE[0]) : -len(NOCASE[1])]
    if protected and re.fullmatch(r"\w\S*\w|\w", text) and mixed_lower_start(text):
        return text
    out = []
    for piece in re.split(rf'({NOCASE[0]}.*?</span>|{RICH_TAG.pattern}| )', text):
        if piece.startswith('<span class="nocase">'):
            content = piece[len(NOCASE[0]) : -len(NOCASE[1])]
            lower_word = any(c.islower() for c in re.findall(r"(?:^|\s)[^\w\s]*([^\W\d_])", content))
            out.append(piece if lower_word else content)
            continue
        core = re.search(r"\w(?:.*\w)?", piece) if not RICH_TAG.fullmatch(piece) else None
        if protected and core and mixed_lower_start(core.group()):
            start, end = core.span()
            piece = f"{piece[:start]}{NOCASE[0]}{core.group()}{NOCASE[1]}{piece[end:]}"
        out.append(piece)
    return "".join(out)


def mixed_lower_start(word: str) -> bool:
    return word[0].islower() and any(char.isupper() for char in word)


def bib_common(item: Item, biblatex: bool) -> Item:
    """What both dialects hold (formats/bibtex.py), and how it comes back."""
    item = copy.deepcopy(item)
    csl_type = item["type"]
    for old, new in (("shortTitle", "title-short"), ("journalAbbreviation", "container-title-short"),
                     ("event", "event-title")):
        renamed(item, old, new)
    if csl_type in BIB_ISSUE_TYPES:
        gone = ("number", "collection-number")
    elif csl_type in BIB_SERIES_TYPES:
        gone = ("number", "issue")
    else:
        gone = ("issue", "collection-number")
    for variable in gone:
        item.pop(variable, None)
    item = keep(item, BIB_TEXTS | set(BIB_NAMES) | ({"PMCID", "custom"} if not biblatex else set()))
    item["type"] = (BIBLATEX_TYPES if biblatex else BIBTEX_TYPES).get(csl_type, "document")
    if csl_type == "thesis":
        item.setdefault("genre", "PhD thesis")
    one_line(item, "abstract", "note")
    names_as(item, BIB_NAMES, bib_name)
    for variable in ("page", "volume") + (("issue",) if csl_type in BIB_ISSUE_TYPES else ()):
        if variable in item:  # ranges are written with --, which reads back as '-'
            item[variable] = re.sub(r"\s*[-–]+\s*", "-", item[variable])
    booktitle = csl_type not in BIB_ISSUE_TYPES and not (biblatex and csl_type in BIBLATEX_ONLINE_TYPES)
    for variable, protected in (("title", True), ("title-short", True), ("original-title", True),
                                ("container-title", booktitle), ("collection-title", True),
                                ("event-title", False), ("genre", not biblatex)):
        if variable in item:
            item[variable] = bib_title(item[variable], protected)
    for variable in ("accessed", "original-date", "event-date"):
        if variable in item:
            item[variable] = edtf_date(item[variable])
    if "literal" in item.get("issued", {}):
        item["issued"] = literal_year(item["issued"]["literal"])
    return {name: value for name, value in item.items() if value is not None}


def edtf_date(date: Item) -> Item | None:
    """biblatex's ISO 8601 / EDTF dates: a numbered season of a year (as months 21-24) and circa (~)."""
    if "date-parts" not in date:
        return date
    kept = {"date-parts": date["date-parts"]}
    season = date.get("season")
    if isinstance(season, int) and len(date["date-parts"]) == 1 and len(date["date-parts"][0]) == 1:
        kept["season"] = season
    if date.get("circa"):
        kept["circa"] = True
    return kept


def literal_year(literal: str) -> Item:
    """A literal date is written as the year field, which reads a year or a range of years as such."""
    match = YEARS.fullmatch(literal)
    if match is None:
        return {"literal": literal}
    return {"date-parts": [[int(year)] for year in match.groups() if year is not None]}


def bibtex_holds(item: Item) -> Item:
    """BibTeX: year and month only (no day; a range of years with the first month), the season of a
    year, no circa; the licence as ``copyright``; the types of @article, @book, ... and @misc."""
    item = bib_common(item, biblatex=False)
    if "date-parts" in item.get("issued", {}):
        item["issued"] = bibtex_issued(item["issued"])
    return item


def bibtex_issued(date: Item) -> Item:
    """``year`` (two years for a range) and ``month``: a macro, else the season."""
    parts = date["date-parts"]
    first = parts[0][:2]
    back: Item = {"date-parts": [first] + [[end[0]] for end in parts[1:] if end[0] != first[0]]}
    if len(first) == 1 and "season" in date:
        back["season"] = season_number(date["season"])
    return back


def biblatex_holds(item: Item) -> Item:
    """BibLaTeX: EDTF dates (numbered seasons of a year, circa); no licence, PMCID or season in words;
    ``langid`` names a language and some regions only."""
    item = bib_common(item, biblatex=True)
    if "issued" in item and "date-parts" in item["issued"]:
        item["issued"] = edtf_date(item["issued"])
    language = item.pop("language", None)
    if language in LANGIDS or language and language.split("-")[0] in LANGIDS:
        item["language"] = language if language in LANGIDS else language.split("-")[0]
    return item


# ---------------------------------------------------------------- the round trips

PROJECTIONS: dict[str, Callable[[Item], Item]] = {
    "csl-json": csl_holds, "csl-yaml": csl_holds, "bibtex": bibtex_holds, "bibtex-utf8": bibtex_holds,
    "biblatex": biblatex_holds, "ris": ris_holds, "endnote": endnote_holds,
}
READ_AS = {"bibtex-utf8": "bibtex"}  # a writer without its own reader: read by the format it is a dialect of


def round_trip(name: str, written: list[Record]) -> tuple[str, list[Item], list[str]]:
    """The file of the records in a format, the records read back from it, and the warnings reading gave."""
    text = format_named(name).write(written)
    read = format_named(READ_AS.get(name, name)).read
    assert read is not None
    diagnostics = Diagnostics()
    back = read(text, f"rt.{name}", diagnostics)
    return text, [record.to_csl_json() for record in back], diagnostics.warnings


def test_every_format_that_writes_and_reads_has_a_projection():
    both = {f.name for f in FORMATS if f.writer is not None and (f.reader is not None or f.name in READ_AS)}
    assert both == set(PROJECTIONS)


# One example goes through every format: generating records costs far more than a round trip.
@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(written=records)
def test_round_trips_keep_every_field_each_format_holds(written: list[Record]):
    for name, holds in PROJECTIONS.items():
        text, back, warnings = round_trip(name, written)
        expected = [holds(record.to_csl_json()) for record in written]
        if (back, warnings) != (expected, []):
            note(f"{name}:\n{text}")
        assert (name, warnings, back) == (name, [], expected)
