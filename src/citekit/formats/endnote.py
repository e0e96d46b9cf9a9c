"""EndNote tagged format (``.enw``, EndNote's "Refer/BibIX" import): reader and writer.

A record is a run of lines ``%X value`` (``%``, one character, one space, the value)
that starts with ``%0`` (the EndNote reference type, e.g. ``Journal Article``); records
are separated by a blank line. citekit writes ``%0`` first and ``%F`` (EndNote's Label
field) with the citation key next, one ``%A``/``%E``/``%Y``/``%?`` line per person,
one ``%K`` line per keyword, ``%D`` the year and ``%8`` the rest of the date (ISO 8601 /
EDTF, or a season), the page range whole in ``%P``, CRLF line ends (as Zotero's export
and EndNote on Windows write them), and never a line break inside a value. It reads
what EndNote, Zotero, Google Scholar and Open Journal Systems write: CRLF, LF or CR, a
BOM, values continued on following lines (a ``%K`` continuation line is one more
keyword), dates as words (``%8 December 28``). Tags with no CSL home are kept under
``custom.endnote`` (with a warning) and written back as they were read.

What a round trip record -> EndNote -> record loses, because the format has no place for it:

- name variables other than author, editor, collection-editor (``%Y``, EndNote's
  series editor) and translator (``%?``); the ``comma-suffix`` and ``static-ordering``
  flags of a name; a family-only name of several words comes back as a literal name;
  a dropping particle without a given name comes back as the given name;
- date variables other than issued, accessed and original-date; ``circa``; the season
  of a date with a month or of a date range, and of accessed and original-date; a
  literal original-date (``%(`` is read as a date only); a season named in words comes
  back as its number (Winter: 4);
- container-title-short and the variables with no EndNote field (event-title,
  event-place, PMID, medium, ...); number-of-pages outside books and theses or beside
  their page; version outside software (whose edition comes back as its version);
  ``custom`` entries other than ``custom.endnote``;
- the ``page`` of a book or thesis that is not a range (``%P`` of a book is its number
  of pages, and comes back as number-of-pages);
- for the types whose ``%N`` is their number (report, patent, bill, standard,
  legislation, regulation, article): their issue; for the others: their number;
- line breaks inside values (written as spaces); the keyword string is split into
  keywords at commas and semicolons, each kept once;
- the item types that share an EndNote reference type come back as that type's item
  type: broadcast (Film or Broadcast: motion_picture), song (Audiovisual Material:
  motion_picture), review and review-book (Journal Article), collection, entry, event,
  performance, post, speech and treaty (Generic: document).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from citekit.errors import MalformedFileError, UnreadableEntryError
from citekit.formats.ris import (
    CRLF,
    NAME_TAGS,
    PAGE_COUNT_TYPES,
    SERIAL_TYPES,
    Field,
    FieldLines,
    TaggedFields,
    TakenKeys,
    clean_doi,
    date_edtf,
    date_year,
    format_name,
    parse_date,
    season_text,
    single_line,
    split_keywords,
    tagged_record,
)
from citekit.model import Diagnostics, Record

# CSL item type -> EndNote reference type (the names of EndNote 20's reference types).
TYPE_NAMES: dict[str, str] = {
    "article": "Unpublished Work",
    "article-journal": "Journal Article",
    "article-magazine": "Magazine Article",
    "article-newspaper": "Newspaper Article",
    "bill": "Bill",
    "book": "Book",
    "broadcast": "Film or Broadcast",
    "chapter": "Book Section",
    "classic": "Classical Work",
    "dataset": "Dataset",
    "document": "Generic",
    "entry-dictionary": "Dictionary",
    "entry-encyclopedia": "Encyclopedia",
    "figure": "Figure",
    "graphic": "Artwork",
    "hearing": "Hearing",
    "interview": "Interview",
    "legal_case": "Case",
    "legislation": "Statute",
    "manuscript": "Manuscript",
    "map": "Map",
    "motion_picture": "Film or Broadcast",
    "musical_score": "Music",
    "pamphlet": "Pamphlet",
    "paper-conference": "Conference Paper",
    "patent": "Patent",
    "periodical": "Serial",
    "personal_communication": "Personal Communication",
    "post-weblog": "Blog",
    "regulation": "Legal Rule or Regulation",
    "report": "Report",
    "review": "Journal Article",
    "review-book": "Journal Article",
    "software": "Computer Program",
    "song": "Audiovisual Material",
    "standard": "Standard",
    "thesis": "Thesis",
    "webpage": "Web Page",
}

# EndNote reference type (lower case) -> CSL item type; shared names read as the first type above.
NAME_TYPES: dict[str, str] = {
    "aggregated database": "dataset",
    "ancient text": "classic",
    "audiovisual material": "motion_picture",
    "catalog": "book",
    "chart or table": "figure",
    "conference proceedings": "paper-conference",
    "discussion forum": "post",
    "edited book": "book",
    "electronic article": "article-journal",
    "electronic book": "book",
    "electronic book section": "chapter",
    "electronic source": "webpage",
    "equation": "figure",
    "government document": "report",
    "grant": "document",
    "multimedia application": "software",
    "online database": "dataset",
    "online multimedia": "webpage",
    "podcast": "broadcast",
    "preprint": "article",
    "press release": "article-newspaper",
    "social media": "post",
    "film or broadcast": "motion_picture",
    "journal article": "article-journal",
    **{
        name.lower(): csl
        for csl, name in TYPE_NAMES.items()
        if name not in ("Film or Broadcast", "Journal Article", "Audiovisual Material")
    },
}

# Types whose EndNote "Number" field (%N) is their number (a report number), not an issue.
NUMBER_TYPES = frozenset({"article", "bill", "legislation", "patent", "regulation", "report", "standard"})
_NAME_TAGS = dict(zip((variable for variable, _ in NAME_TAGS), ("A", "E", "Y", "?"), strict=True))

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_TAG_LINE = re.compile(r"%(\S)(?:[ \t](.*))?")


@dataclass
class _Entry:
    """One record's lines: ``type_name`` is None when it did not start with ``%0``."""

    line: int
    type_name: str | None
    fields: list[FieldLines] = field(default_factory=list)
    type_more: list[str] = field(default_factory=list)  # lines that continue the %0 line


def looks_like_endnote(text: str) -> bool:
    """True when the first non-blank line is an EndNote reference type line (``%0 ...``)."""
    for line in _LINE_BREAKS.split(text.removeprefix("\ufeff")[:8192]):
        if line.strip():
            return bool(re.match(r"%0[ \t]+\S", line.strip()))
    return False


def read_endnote(text: str, source: str, diagnostics: Diagnostics | None = None) -> list[Record]:
    """Parse EndNote tagged text into records; ``source`` names the file in messages.

    A malformed entry is skipped with a located warning and the rest of the file read;
    text with no record at all (no ``%0`` line) raises :class:`MalformedFileError`. An
    entry without a ``%F`` label gets a key made by :func:`citekit.keys.make_key`, new in the file.
    """
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    lines = _LINE_BREAKS.split(text.removeprefix("\ufeff"))
    entries = _split_entries(lines, source, diagnostics)
    if not any(entry.type_name is not None for entry in entries):
        first = next((n for n, line in enumerate(lines, start=1) if line.strip()), 1)
        raise MalformedFileError(source, first, 1, "not an EndNote file: no record starts with a '%0' line")
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
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        match = _TAG_LINE.fullmatch(text)
        if not text:
            if current is not None:  # a blank line ends the record
                entries.append(current)
                current = None
        elif match is None and current is None:
            diagnostics.warn(f"{source}:{number}: text outside a record ignored")
        elif match is None and current is not None:
            _continue_value(current, text, number)
        elif match is not None:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "0" or current is None:
                if current is not None:
                    entries.append(current)
                current = _Entry(number, value if tag == "0" else None)
            if tag != "0":
                current.fields.append((tag, [value], number))
    if current is not None:
        entries.append(current)
    return entries


def _continue_value(entry: _Entry, text: str, number: int) -> None:
    # A line without a tag continues the value above: one more keyword after %K (Zotero writes
    # keywords so), a new line of an abstract or note, else the same line wrapped.
    if not entry.fields:
        entry.type_more.append(text)
    elif entry.fields[-1][0] == "K":
        entry.fields.append(("K", [text], number))
    else:
        entry.fields[-1][1].append(text)


def _record(entry: _Entry, taken: TakenKeys, source: str, diagnostics: Diagnostics) -> Record | None:
    where = f"{source}:{entry.line}"
    if entry.type_name is None:
        diagnostics.skip(UnreadableEntryError(where, "entry does not start with a '%0' reference type line"))
        return None
    joined = [(tag, ("\n" if tag in "XZ" else " ").join(lines), line) for tag, lines, line in entry.fields]
    fields = [(tag, value, line) for tag, value, line in joined if value]
    if not fields:
        diagnostics.skip(UnreadableEntryError(where, "entry has no fields besides '%0'"))
        return None
    type_name = " ".join([entry.type_name, *entry.type_more])
    item = _EndNoteFields(fields, source, diagnostics).read(type_name, entry.line)
    return tagged_record(item, taken, where, diagnostics)


class _EndNoteFields(TaggedFields):
    """Reads the fields of one EndNote entry."""

    def __init__(self, fields: list[Field], source: str, diagnostics: Diagnostics) -> None:
        super().__init__(fields, source, diagnostics, "endnote", mark="%")

    def read(self, type_name: str, line: int) -> dict[str, Any]:
        """The CSL-JSON item of the entry (its ``%0`` type on ``line``); no ``id`` without ``%F``."""
        csl_type = NAME_TYPES.get(" ".join(type_name.lower().split()))
        if csl_type is None:
            self.warn(line, f"unknown reference type '{type_name}' read as 'document'")
            csl_type = "document"
        self.csl["type"] = csl_type
        self.text("id", "F")
        for variable, tag in _NAME_TAGS.items():
            self.names(variable, tag)
        self._texts(csl_type)
        self._dates()
        self.text("volume", "V")
        self.text("number" if csl_type in NUMBER_TYPES else "issue", "N")
        for entry in self.take("P")[:1]:
            self.pages(csl_type, entry, None)
        self.standard_numbers(csl_type, "@")
        for entry in self.take("R"):  # "Electronic Resource Number": the DOI
            doi = clean_doi(entry[1])
            if doi is not None:
                self.put("DOI", doi, entry)
            else:
                self.keep(entry, "'%R' is not a DOI")
        self.text("URL", "U", ">")
        self.keywords("K")
        notes = [value for _, value, _ in self.take("Z")]
        if notes:
            self.csl["note"] = "\n".join(notes)
        return self.finish()

    def _texts(self, csl_type: str) -> None:
        self.text("title", "T")
        self.text("title-short", "!")
        self.text("container-title", "J", "B")
        self.text("collection-title", "S")
        self.text("version" if csl_type == "software" else "edition", "7")
        self.text("number-of-volumes", "6")
        self.text("section", "&")
        self.text("genre", "9")
        self.text("publisher", "I")
        self.text("publisher-place", "C")
        self.text("call-number", "L")
        self.text("archive", "~")
        self.text("archive_location", "M")
        self.text("abstract", "X")
        self.text("language", "G")

    def _dates(self) -> None:
        years = self.take("D")
        year = years[0][1] if years else None
        dated = [(entry, date) for entry in self.take("8") if (date := parse_date(entry[1], year))]
        dated += [(entry, date) for entry in years if (date := parse_date(entry[1]))]
        self.fullest_date("issued", dated)
        for entry in self.take("["):
            self.date("accessed", entry)
        for entry in self.take("("):  # "Original Publication"
            date = parse_date(entry[1])
            if date and "date-parts" in date:
                self.put("original-date", date, entry)
            else:
                self.keep(entry, "'%(' is not a date")


def write_endnote(records: Iterable[Record]) -> str:
    """The records as an EndNote tagged file: CRLF lines, a blank line between records."""
    return CRLF.join(_format_record(record) for record in records)


def _format_record(record: Record) -> str:
    lines = [f"%{tag} {text}" for tag, value in _record_fields(record) if (text := single_line(value))]
    return "".join(line + CRLF for line in lines)


def _record_fields(record: Record) -> list[tuple[str, str]]:
    data = record  # read only: no copy
    fields = [("0", TYPE_NAMES.get(record.type, "Generic")), ("F", record.key)]
    for variable, tag in _NAME_TAGS.items():
        fields += [(tag, format_name(name)) for name in data.get(variable, [])]
    container = "J" if record.type in SERIAL_TYPES else "B"
    fields += _text_fields(data, (("title", "T"), ("title-short", "!"), ("container-title", container),
                                  ("collection-title", "S")))
    fields += _date_fields(data)
    edition = "version" if record.type == "software" and "edition" not in data else "edition"
    number = "number" if record.type in NUMBER_TYPES else "issue"
    fields += _text_fields(data, ((edition, "7"), ("volume", "V"), ("number-of-volumes", "6"), (number, "N")))
    if "page" in data or record.type in PAGE_COUNT_TYPES:
        fields += _text_fields(data, (("page", "P"),) if "page" in data else (("number-of-pages", "P"),))
    fields += _text_fields(data, (("section", "&"), ("genre", "9"), ("ISSN", "@"), ("ISBN", "@"),
                                  ("publisher", "I"), ("publisher-place", "C"), ("DOI", "R"), ("URL", "U"),
                                  ("call-number", "L"), ("archive", "~"), ("archive_location", "M"),
                                  ("abstract", "X"), ("language", "G")))
    fields += [("K", word) for word in split_keywords(str(data.get("keyword", "")))]
    fields += _text_fields(data, (("note", "Z"),))
    return fields + _kept_fields(data.get("custom", {}).get("endnote"))


def _text_fields(data: Mapping[str, Any], pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(tag, str(data[variable])) for variable, tag in pairs if variable in data]


def _date_fields(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    fields = []
    issued = data.get("issued")
    if issued:
        parts = issued.get("date-parts")
        fields.append(("D", date_year(issued) or str(issued.get("literal", ""))))
        # %8 only when it says more than %D: ISO 8601 / EDTF for a fuller date or a range, else the season.
        if parts and (len(parts) > 1 or len(parts[0]) > 1):
            fields.append(("8", date_edtf(issued) or ""))
        elif parts and "season" in issued:
            fields.append(("8", season_text(issued["season"])))
    if data.get("accessed"):
        fields.append(("[", date_edtf(data["accessed"]) or str(data["accessed"].get("literal", ""))))
    if data.get("original-date"):  # read back only as a date: a literal one is not written
        fields.append(("(", date_edtf(data["original-date"]) or ""))
    return fields


def _kept_fields(kept: Any) -> list[tuple[str, str]]:
    # Tags read from an EndNote file with no CSL home, written back as they were.
    if not isinstance(kept, Mapping):
        return []
    fields = []
    for tag, values in kept.items():
        if isinstance(tag, str) and len(tag) == 1 and not tag.isspace() and tag != "0":
            fields += [(tag, str(v)) for v in (values if isinstance(values, list) else [values])]
    return fields


__all__ = ["NAME_TYPES", "TYPE_NAMES", "looks_like_endnote", "read_endnote", "write_endnote"]
