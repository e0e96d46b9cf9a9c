"""An item as the CSL engine reads it: CSL-JSON with names and dates in one shape.

Records made by :mod:`citekit.model` are already normalised; CSL-JSON from
elsewhere (the CSL test suite, a caller of the API) is read leniently here, the
way citeproc-js reads it: numbers become strings, dates may be ``raw`` or
``literal``, and name particles are split from family and given names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from citekit.model import (DATE_VARIABLES, NAME_VARIABLES, NUMBER_VARIABLES, STRING_VARIABLES, clean_text,
                           parse_edtf)
from citekit.patterns import lazy_compile

NAME_FIELDS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal")


class Name(NamedTuple):
    """One person or organisation (CSL-JSON name object, particles split out)."""

    family: str = ""
    given: str = ""
    dropping_particle: str = ""
    non_dropping_particle: str = ""
    suffix: str = ""
    literal: str = ""
    comma_suffix: bool = False
    static_ordering: bool = False

    @property
    def is_literal(self) -> bool:
        """An organisation or a name given as one string: never split or initialised."""
        return bool(self.literal) or not self.given and not self.non_dropping_particle and not self.family


class DateValue(NamedTuple):
    """A date or a date range: up to two ``[year, month, day]`` lists, or literal text."""

    parts: tuple[tuple[int, ...], ...] = ()
    season: str = ""
    circa: bool = False
    literal: str = ""

    @property
    def is_range(self) -> bool:
        """True for a range whose ends differ."""
        return len(self.parts) == 2 and self.parts[1] != self.parts[0] and any(self.parts[1])

    @property
    def is_open_range(self) -> bool:
        """True for a range with a start and no end (``[[1987], [0]]``)."""
        return len(self.parts) == 2 and any(self.parts[0]) and not any(self.parts[1])


class Item:
    """A CSL-JSON item ready for rendering; ``fields`` holds every other variable as text."""

    __slots__ = ("id", "type", "fields", "names", "dates")

    def __init__(self, id: str, type: str, fields: dict[str, str] | None = None,
                 names: dict[str, list[Name]] | None = None,
                 dates: dict[str, DateValue] | None = None) -> None:
        self.id = id
        self.type = type
        self.fields: dict[str, str] = {} if fields is None else fields
        self.names: dict[str, list[Name]] = {} if names is None else names
        self.dates: dict[str, DateValue] = {} if dates is None else dates

    def get(self, variable: str) -> Any:
        """The value of a variable (text, list of names or date), or None when empty."""
        if variable in self.names:
            return self.names[variable] or None
        if variable in self.dates:
            return self.dates[variable]
        return self.fields.get(variable) or None


def _clean(value: object) -> str:
    """:func:`clean_text`, keeping the string itself when it has no control character (nearly
    all do): the record holds that text too, and a copy of every field would cost as much again."""
    text = str(value)
    return text if text.isprintable() else clean_text(text)


def item_from_csl_json(data: Mapping[str, Any]) -> Item:
    """Read a CSL-JSON item leniently into an :class:`Item`."""
    data = _with_note_variables(data)
    item = Item(id=str(data.get("id", "")), type=str(data.get("type") or "article"))
    for variable, value in data.items():
        if variable in ("id", "type") or value is None:
            continue
        if variable in NAME_VARIABLES and isinstance(value, list):
            item.names[variable] = [_name(name) for name in value if isinstance(name, Mapping)]
        elif variable in DATE_VARIABLES:
            date = _date(value)
            if date is not None:
                item.dates[variable] = date
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = _clean(value)
            if text:
                item.fields[variable] = text
    if "journalAbbreviation" in item.fields and "container-title-short" not in item.fields:
        item.fields["container-title-short"] = item.fields["journalAbbreviation"]
    return item


# "name: value" lines of a note (Zotero's way to hold variables it has no field for).
_NOTE_VARIABLE = lazy_compile(r"^\s*\{?:?([a-zA-Z-]+):\s*(.+?)\}?\s*$")
_KNOWN_VARIABLES = NAME_VARIABLES | DATE_VARIABLES | NUMBER_VARIABLES | STRING_VARIABLES


def _with_note_variables(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The item with variables read from ``name: value`` lines of its note, as citeproc-js does.

    A variable the item already has wins; lines read are taken out of the note.
    Names are written ``Family || Given``; dates as EDTF (``2004-10-01/2004-10-14``).
    """
    note = data.get("note")
    if not isinstance(note, str) or ":" not in note:
        return data
    found: dict[str, Any] = {}
    kept = []
    for line in note.splitlines():
        match = _NOTE_VARIABLE.match(line)
        name = match.group(1) if match else ""
        if not match or name not in _KNOWN_VARIABLES or name in data:
            kept.append(line)
            continue
        value = match.group(2)
        if name in NAME_VARIABLES:
            family, _, given = (part.strip() for part in value.partition("||"))
            found.setdefault(name, []).append({"family": family, "given": given} if given
                                              else {"literal": family})
        elif name in DATE_VARIABLES:
            found[name] = {"raw": value}
        else:
            found[name] = value
    if not found:
        return data
    return {**data, **found, "note": "\n".join(kept)}


# A lower-case word opening a family name ("van", "de"), and an elided particle ("d'", "l’").
_ELIDED_PARTICLE = lazy_compile(r"([dl][\u2019']|[a-z]+-)(?=[A-Z\u00c0-\u00de])")
_PARTICLE_WORD = lazy_compile(r"^['\u2019]?[a-z\u00df-\u00ff]")


def _name(data: Mapping[str, Any]) -> Name:
    values = {key: _clean(data.get(key) or "").strip() for key in NAME_FIELDS}
    if values["literal"]:
        return Name(literal=values["literal"])
    parse = data.get("parse-names", True) not in (False, "false")
    family, given, suffix = values["family"], values["given"], values["suffix"]
    dropping, non_dropping = values["dropping-particle"], values["non-dropping-particle"]
    comma_suffix = bool(data.get("comma-suffix"))
    if len(family) > 1 and family.startswith('"') and family.endswith('"'):
        family, parse = family[1:-1], False  # a quoted family name is never split (citeproc-js)
    if parse and given and not suffix and "," in given:
        # "John, III" or, with a comma kept before the suffix, "John,! Jr."
        given, _, suffix = (part.strip() for part in given.partition(","))
        if suffix.startswith("!"):
            suffix, comma_suffix = suffix[1:].strip(), True
    if parse and given and not non_dropping and not dropping:
        non_dropping, family = _split_family_particle(family)
        dropping, given = _split_given_particle(given)
    return Name(
        family=family, given=given, dropping_particle=dropping, non_dropping_particle=non_dropping,
        suffix=suffix, comma_suffix=comma_suffix, static_ordering=bool(data.get("static-ordering")),
    )


def _split_family_particle(family: str) -> tuple[str, str]:
    """``van der Aalst`` → (``van der``, ``Aalst``); ``d'Alembert`` → (``d'``, ``Alembert``).

    An elided particle keeps no space after it: the renderer joins a particle
    ending in an apostrophe to the family name directly.
    """
    words = family.split(" ")
    particles: list[str] = []
    while len(words) > 1 and _PARTICLE_WORD.match(words[0]):
        particles.append(words.pop(0))
    rest = " ".join(words)
    elided = _ELIDED_PARTICLE.match(rest)
    if elided:
        particles.append(elided.group(1))
        rest = rest[elided.end():]
    return " ".join(particles), rest


def _split_given_particle(given: str) -> tuple[str, str]:
    """``Ludwig van`` → (``van``, ``Ludwig``): trailing lower-case words of a given name."""
    words = given.split(" ")
    particles: list[str] = []
    while len(words) > 1 and _PARTICLE_WORD.match(words[-1]) and not words[-1].endswith("."):
        particles.insert(0, words.pop())
    return " ".join(particles), " ".join(words)


_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


def _date(value: Any) -> DateValue | None:
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, Mapping):
        return None
    circa = bool(value.get("circa"))
    season = _season(value.get("season"))
    parts_value = value.get("date-parts")
    if isinstance(parts_value, list) and parts_value:
        parts = tuple(_numbers(end[:3]) for end in parts_value[:2] if isinstance(end, list))
        if len(parts) == 2 and not parts[1]:
            parts = (parts[0], (0,))  # an open range
        if parts and parts[0]:
            return DateValue(parts=parts, season=season, circa=circa)
    raw = _clean(value.get("raw") or "").strip()
    if raw:
        parsed = parse_edtf(raw)
        if parsed is not None:
            ends, uncertain = parsed
            return DateValue(parts=tuple(tuple(end) for end in ends), season=season,
                             circa=circa or uncertain)
        return _raw_date(raw, season, circa)
    literal = _clean(value.get("literal") or "").strip()
    return DateValue(literal=literal, circa=circa) if literal else None


def _season(value: Any) -> str:
    """A season: its number 1 to 4 (``Winter`` → ``4``), else its text (``Spring/Summer``)."""
    text = _clean(value or "").strip()
    return str(_SEASONS.get(text.lower(), text))


def _raw_date(raw: str, season: str, circa: bool) -> DateValue:
    """A free-text date: a season and a year (``Winter 1980``) are read; other text stays literal."""
    words = re.findall(r"[A-Za-z]+|\d+", raw)
    year = next((int(word) for word in words if word.isdigit() and len(word) >= 3), None)
    if year is None:
        return DateValue(literal=raw, circa=circa)
    for word in words:
        if word.lower() in _SEASONS:
            return DateValue(parts=((year,),), season=str(_SEASONS[word.lower()]), circa=circa)
    return DateValue(literal=raw, circa=circa)


def _numbers(values: list[Any]) -> tuple[int, ...]:
    """The date-parts of one end that read as integers (``"1965"`` counts), in order."""
    return tuple(number for number in (_int(value) for value in values) if number is not None)


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
