"""The record model: one bibliographic item in CSL-JSON vocabulary.

A :class:`Record` is made only through :func:`record_from_csl_json`, which
validates and normalises once (names, dates, numbers, unknown fields), so the
store and the CSL engine can trust every record they are given.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

from citekit.errors import BadInputError, InvalidRecordError
from citekit.patterns import lazy_compile

# CSL 1.0.2 item types (the enum of the CSL-JSON schema, csl-data.json).
ITEM_TYPES = frozenset(
    "article article-journal article-magazine article-newspaper bill book broadcast chapter "
    "classic collection dataset document entry entry-dictionary entry-encyclopedia event "
    "figure graphic hearing interview legal_case legislation manuscript map motion_picture "
    "musical_score pamphlet paper-conference patent performance periodical "
    "personal_communication post post-weblog regulation report review review-book software "
    "song speech standard thesis treaty webpage".split()
)

NAME_VARIABLES = frozenset(
    "author chair collection-editor compiler composer container-author contributor curator "
    "director editor editorial-director executive-producer guest host interviewer illustrator "
    "narrator organizer original-author performer producer recipient reviewed-author "
    "script-writer series-creator translator".split()
)

DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted".split()
)

# Variables the schema allows as a string or a number; stored as strings.
NUMBER_VARIABLES = frozenset(
    "chapter-number citation-number collection-number edition first-reference-note-number "
    "issue locator number number-of-pages number-of-volumes page page-first part printing "
    "supplement volume".split()
)

STRING_VARIABLES = frozenset(
    "citation-key language journalAbbreviation shortTitle abstract annote archive "
    "archive_collection archive_location archive-place authority call-number citation-label "
    "collection-title container-title container-title-short dimensions division DOI event "
    "event-title event-place genre ISBN ISSN jurisdiction keyword medium note "
    "original-publisher original-publisher-place original-title part-title PMCID PMID "
    "publisher publisher-place references reviewed-genre reviewed-title scale section source "
    "status title title-short URL version volume-title volume-title-short year-suffix".split()
)

NAME_PARTS = frozenset(
    "family given dropping-particle non-dropping-particle suffix comma-suffix "
    "static-ordering literal parse-names".split()
)

# Fields that other tools write under a non-CSL name, mapped to their CSL-JSON home.
FIELD_ALIASES = {
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "keywords": "keyword",  # Open Journal Systems
    "pages": "page",
    "journal": "container-title",
}

# CSL-JSON has no licence variable: it is kept under ``custom`` (see FORMATS.md).
CUSTOM_ALIASES = {"license": "license", "licence": "license", "rights": "license"}


# Line breaks and tabs become spaces (one entry is one line); other control characters go.
_CONTROL_CHARACTERS = {
    code: " " if code in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85) else None
    for code in [*range(0x20), *range(0x7F, 0xA0)]
}


def clean_text(text: str) -> str:
    """Record text without control characters, so it cannot break lines or drive a terminal."""
    return str(text).translate(_CONTROL_CHARACTERS)


class Diagnostics:
    """Collects what reading input noticed; passed explicitly.

    ``warnings`` are about input accepted but changed; ``skipped`` names each
    entry that could not be read and was left out (file, line and reason).
    ``strict`` readers leave nothing out: the first bad entry raises.
    """

    # A plain class: every call defines it, and a dataclass costs ~0.5 ms to define.
    def __init__(self, warnings: list[str] | None = None, skipped: list[str] | None = None,
                 strict: bool = True) -> None:
        self.warnings: list[str] = [] if warnings is None else warnings
        self.skipped: list[str] = [] if skipped is None else skipped
        self.strict = strict

    def warn(self, message: str) -> None:
        """Record one warning."""
        self.warnings.append(message)

    def skip(self, error: BadInputError) -> None:
        """An entry that cannot be read: raised when strict, else left out and recorded."""
        if self.strict:
            raise error
        self.skipped.append(str(error))


class Record(Mapping[str, Any]):
    """A validated CSL-JSON item, read-only; its ``id`` is the citation key."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        # Only record_from_csl_json should call this; it hands over normalised data.
        self._data = data

    def __getitem__(self, name: str) -> Any:
        return self._data[name]

    # Mapping's own get and `in` go through __getitem__ and an exception: these are hot paths.
    def get(self, name: str, default: Any = None) -> Any:
        return self._data.get(name, default)

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Record({self.key!r}, {self.type!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self._data == other._data

    __hash__ = None  # type: ignore[assignment]

    @property
    def key(self) -> str:
        """The citation key (the CSL-JSON ``id``)."""
        return str(self._data["id"])

    @property
    def type(self) -> str:
        """The CSL item type, e.g. ``article-journal``."""
        return str(self._data["type"])

    @property
    def year(self) -> int | None:
        """The first year of ``issued``, if it has date-parts."""
        parts = self._data.get("issued", {}).get("date-parts")
        return int(parts[0][0]) if parts else None

    def names(self, variable: str = "author") -> list[dict[str, str]]:
        """The names of one name variable (copies)."""
        return [dict(name) for name in self._data.get(variable, [])]  # a name is flat: strings only

    def to_csl_json(self) -> dict[str, Any]:
        """A deep copy of the item as a CSL-JSON object."""
        return copy.deepcopy(self._data)


def display_name(name: Mapping[str, str]) -> str:
    """A name as a person reads it in a list: 'van Gogh, Vincent' or the literal."""
    if "literal" in name:
        return name["literal"]
    family = " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p)
    given = " ".join(p for p in (name.get("given"), name.get("dropping-particle")) if p)
    return ", ".join(p for p in (family, given, name.get("suffix")) if p)


def record_from_csl_json(
    item: Any, where: str, diagnostics: Diagnostics | None = None
) -> Record:
    """Validate and normalise one CSL-JSON item into a :class:`Record`.

    ``where`` names the item in messages (e.g. ``refs.json, item 3``). Problems
    that lose no information (numbers given as numbers, an EDTF date string, an
    OJS ``keywords`` list, an unknown field) are fixed and reported as warnings;
    anything else raises :class:`InvalidRecordError`.
    """
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    if not isinstance(item, dict):
        raise InvalidRecordError(where, None, f"expected an object, got {_json_kind(item)}")
    key = item.get("id")
    if isinstance(key, bool) or not isinstance(key, (str, int, float)) or not str(key).strip():
        raise InvalidRecordError(where, "id", "every item needs a non-empty string id")
    key = str(key).strip()
    if not key.isprintable():  # a key is typed in papers and shown on terminals
        raise InvalidRecordError(where, "id", f"{key!r} holds a character that is not printable")
    where = f"{where} ({key})"
    item_type = item.get("type")
    if not isinstance(item_type, str) or item_type not in ITEM_TYPES:  # a list or an object is no type
        raise InvalidRecordError(
            where, "type", f"{item_type!r} is not a CSL item type (e.g. 'article-journal', 'book')"
        )

    data: dict[str, Any] = {"id": key, "type": item_type}
    custom: dict[str, Any] = {}
    for name, value in item.items():
        if name in ("id", "type") or value is None:
            continue
        if name in FIELD_ALIASES and FIELD_ALIASES[name] not in item:
            diagnostics.warn(f"{where}: field '{name}' read as '{FIELD_ALIASES[name]}'")
            name = FIELD_ALIASES[name]
        if name in CUSTOM_ALIASES:
            diagnostics.warn(f"{where}: field '{name}' kept as 'custom.{CUSTOM_ALIASES[name]}'")
            custom[CUSTOM_ALIASES[name]] = value
        elif name == "custom":
            if not isinstance(value, dict):
                raise InvalidRecordError(where, name, "must be an object")
            custom.update(value)
        elif name in NAME_VARIABLES:
            data[name] = _names(value, where, name, diagnostics)
        elif name in DATE_VARIABLES:
            date = _date(value, where, name, diagnostics)
            if date:
                data[name] = date
        elif name == "keyword" and isinstance(value, list):
            data[name] = ", ".join(_text(v, where, name) for v in value)
        elif name == "categories":
            if not isinstance(value, list):
                raise InvalidRecordError(where, name, "must be a list of strings")
            data[name] = [_text(v, where, name) for v in value]
        elif name in NUMBER_VARIABLES or name in STRING_VARIABLES:
            text = _text(value, where, name, numbers_allowed=name in NUMBER_VARIABLES)
            if text:
                data[name] = text
        else:
            diagnostics.warn(f"{where}: unknown field '{name}' kept as 'custom.{name}'")
            custom[name] = value
    if custom:
        data["custom"] = custom
    return Record(data)


def _json_kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else "null"
    )


def _text(value: Any, where: str, name: str, numbers_allowed: bool = True) -> str:
    if isinstance(value, str):
        return value.strip()
    if numbers_allowed and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise InvalidRecordError(where, name, f"expected a string, got {_json_kind(value)}")


def _names(value: Any, where: str, variable: str, diagnostics: Diagnostics) -> list[dict]:
    if not isinstance(value, list):
        value = [value]
    names = []
    for position, name in enumerate(value, start=1):
        field_name = f"{variable}[{position}]"
        if isinstance(name, str):
            # "Family, Given" or a single literal name, as some tools write them.
            family, comma, given = name.partition(",")
            name = {"family": family, "given": given} if comma else {"literal": name}
        if not isinstance(name, dict):
            raise InvalidRecordError(where, field_name, f"expected a name object, got {_json_kind(name)}")
        clean: dict[str, Any] = {}
        for part, text in name.items():
            if part not in NAME_PARTS:
                diagnostics.warn(f"{where}: unknown name part '{part}' in {field_name} dropped")
            elif isinstance(text, str):
                if text.strip():
                    clean[part] = text.strip()
            elif isinstance(text, (int, bool)):
                clean[part] = text
            else:
                raise InvalidRecordError(where, f"{field_name}.{part}", "expected a string")
        if not clean.get("family") and not clean.get("literal"):
            if clean.get("given"):
                clean = {"family": clean.pop("given"), **clean}  # a mononym
            else:
                raise InvalidRecordError(where, field_name, "a name needs a family or literal part")
        names.append(clean)
    return names


# EDTF level 0/1 dates as OJS and other tools write them: 2021, 2021-12, 2021-12-28,
# with an optional time, uncertainty markers and an interval "A/B".
_EDTF_DATE = lazy_compile(r"(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T[\d:.]+(?:Z|[+-][\d:]+)?)?([?~%]?)")


def _date(value: Any, where: str, variable: str, diagnostics: Diagnostics) -> dict | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        value = {"raw": str(value)}
    if not isinstance(value, dict):
        raise InvalidRecordError(where, variable, f"expected a date object, got {_json_kind(value)}")
    date: dict[str, Any] = {}
    for part, content in value.items():
        if part == "date-parts":
            date[part] = _date_parts(content, where, variable)
        elif part in ("season", "circa", "literal", "raw"):
            date[part] = content.strip() if isinstance(content, str) else content
        else:
            diagnostics.warn(f"{where}: unknown date part '{part}' in '{variable}' dropped")
    if "date-parts" not in date:
        text = date.pop("raw", None) or date.get("literal")
        if text:
            parsed = parse_edtf(str(text))
            if parsed is not None:
                date["date-parts"], circa = parsed
                date.pop("literal", None)
                if circa:
                    date["circa"] = True
            elif "literal" not in date:
                diagnostics.warn(f"{where}: date '{text}' in '{variable}' kept as a literal")
                date["literal"] = str(text)
    date.pop("raw", None)
    return date or None


def parse_edtf(text: str) -> tuple[list[list[int]], bool] | None:
    """Date-parts and a circa flag for an EDTF date or interval string, else None."""
    ends = text.strip().split("/")
    if len(ends) > 2:
        return None
    parts, circa = [], False
    for end in ends:
        match = _EDTF_DATE.fullmatch(end.strip())
        if not match:
            return None
        numbers = [int(n) for n in match.groups()[:3] if n is not None]
        if not _valid_date_parts(numbers):
            return None
        parts.append(numbers)
        circa = circa or bool(match.group(4))
    return parts, circa


def _valid_date_parts(numbers: list[int]) -> bool:
    # Months 21-24 are EDTF seasons (spring ... winter).
    if len(numbers) > 1 and not (1 <= numbers[1] <= 12 or 21 <= numbers[1] <= 24):
        return False
    return len(numbers) < 3 or 1 <= numbers[2] <= 31


def _date_parts(value: Any, where: str, variable: str) -> list[list[int]]:
    if not isinstance(value, list) or not 1 <= len(value) <= 2:
        raise InvalidRecordError(where, variable, "date-parts must be a list of one or two dates")
    parts = []
    for date in value:
        if not isinstance(date, list) or not 1 <= len(date) <= 3:
            raise InvalidRecordError(where, variable, "each date in date-parts is [year, month, day]")
        try:
            numbers = [int(str(n).strip()) for n in date]
        except ValueError:
            raise InvalidRecordError(
                where, variable, f"date-parts {date} must hold whole numbers"
            ) from None
        if not _valid_date_parts(numbers):
            raise InvalidRecordError(where, variable, f"date-parts {date} is not a valid date")
        parts.append(numbers)
    return parts
