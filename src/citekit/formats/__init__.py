"""Readers and writers of bibliographic file formats, found by name, alias, file suffix or content.

Each format is one small module here; :data:`FORMATS` lists them. A reader takes
``(text, source, diagnostics)`` and returns records, reporting each entry it
skips through the diagnostics; a writer takes records and returns the file's text.
"""

from __future__ import annotations

import codecs
import importlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from citekit.errors import InputFileNotFoundError, NotUtf8Error, OutputFileError, UnknownFormatError
from citekit.formats.csl_json import read_csl_json, write_csl_json
from citekit.model import Diagnostics, Record

Reader = Callable[[str, str, Diagnostics], list[Record]]
Writer = Callable[[Iterable[Record]], str]


class Format(NamedTuple):
    """A file format: its names, file suffixes, and what citekit can do with it.

    Its functions live in the module ``citekit.formats.<module>``, named by ``reader``,
    ``writer``, ``sniffer`` (does this text look like the format?) and ``streamer`` (reads a
    file entry by entry, so that memory stays bounded whatever its size, or returns None when
    this file has to be read whole). The module is imported when one of them is first used:
    naming or listing formats loads none of them.
    """

    name: str
    description: str
    suffixes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    module: str = ""
    reader: str | None = None
    writer: str | None = None
    sniffer: str | None = None
    streamer: str | None = None
    writer_options: tuple[tuple[str, Any], ...] = ()

    @property
    def read(self) -> Reader:
        """The reader; :class:`UnknownFormatError` if citekit cannot read this format."""
        if self.reader is None:
            raise UnknownFormatError(f"citekit cannot read {self.name}")
        return self._function(self.reader)

    @property
    def write(self) -> Writer:
        """The writer; :class:`UnknownFormatError` if citekit cannot write this format."""
        if self.writer is None:
            raise UnknownFormatError(f"citekit cannot write {self.name}")
        function = self._function(self.writer)
        return partial(function, **dict(self.writer_options)) if self.writer_options else function

    def sniff(self, text: str) -> bool:
        """Whether ``text`` looks like this format (False for a format that cannot tell)."""
        return self.sniffer is not None and self._function(self.sniffer)(text)

    def stream(self, path: str, diagnostics: Diagnostics) -> Iterator[Record] | None:
        """The file's records read entry by entry, or None when it has to be read whole."""
        return self._function(self.streamer)(path, diagnostics) if self.streamer else None

    def _function(self, name: str) -> Any:
        return getattr(importlib.import_module(f"citekit.formats.{self.module}"), name)


FORMATS: tuple[Format, ...] = (
    Format("csl-json", "CSL-JSON, the citation processors' format (Zotero, pandoc, citation-js)",
           (".json", ".csljson"), ("csljson", "json"), "csl_json", "read_csl_json", "write_csl_json",
           "looks_like_csl_json"),
    Format("csl-yaml", "CSL-YAML, pandoc's YAML bibliography (a references: metadata block)",
           (".yaml", ".yml"), ("yaml",), "csl_yaml", "read_csl_yaml", "write_csl_yaml",
           "looks_like_csl_yaml"),
    # BibLaTeX before BibTeX: a BibLaTeX file also looks like BibTeX, not the other way round.
    Format("biblatex", "BibLaTeX for biber: UTF-8, journaltitle, date, langid, urldate",
           (), ("biber",), "bibtex", "read_biblatex", "write_biblatex", "looks_like_biblatex",
           "stream_bibtex"),
    Format("bibtex", "BibTeX, 8-bit safe: accents as braced commands, capitals protected (JabRef, LaTeX)",
           (".bib",), ("bib",), "bibtex", "read_bibtex", "write_bibtex", "looks_like_bibtex",
           "stream_bibtex"),
    Format("bibtex-utf8", "BibTeX with raw UTF-8 instead of accent commands (for biber or bibtexu)",
           (), ("bibtex-unicode",), "bibtex", writer="write_bibtex", writer_options=(("unicode", True),)),
    Format("ris", "RIS, the tagged format of Zotero, EndNote, Mendeley, JabRef and most databases",
           (".ris",), (), "ris", "read_ris", "write_ris", "looks_like_ris"),
    Format("endnote", "EndNote tagged format (.enw, Refer/BibIX)",
           (".enw",), ("enw", "endnote-tagged"), "endnote", "read_endnote", "write_endnote",
           "looks_like_endnote"),
    Format("html", "An article's web page: Highwire and Dublin Core meta tags (Open Journal Systems)",
           (".html", ".htm"), ("webpage", "ojs"), "html_meta", "read_html_meta", sniffer="looks_like_html"),
)


def format_named(name: str) -> Format:
    """The format of a name or alias (``bibtex``, ``bib``, ``csl-json``, ...)."""
    wanted = name.lower()
    for candidate in FORMATS:
        if wanted == candidate.name or wanted in candidate.aliases:
            return candidate
    known = ", ".join(candidate.name for candidate in FORMATS)
    raise UnknownFormatError(f"unknown format '{name}' (known: {known})")


def format_of(path: str, text: str) -> Format:
    """The format of a file to read: by its suffix, else by its content."""
    by_suffix = _format_by_suffix(path)
    if by_suffix is not None:
        return by_suffix
    for candidate in FORMATS:
        if candidate.reader is not None and candidate.sniff(text):
            return candidate
    raise UnknownFormatError(f"{path}: cannot tell its format; name it with --from")


def _format_by_suffix(path: str) -> Format | None:
    suffix = Path(path).suffix.lower()
    readable = (candidate for candidate in FORMATS if candidate.reader is not None)
    return next((candidate for candidate in readable if suffix in candidate.suffixes), None)


def read_file(path: str, format_name: str | None, diagnostics: Diagnostics) -> list[Record]:
    """The records of a file (``-``: stdin) in the named format, else the one its suffix or content shows."""
    text, name = read_text(path)
    reader = format_named(format_name) if format_name else format_of(name, text)
    return reader.read(text, name, diagnostics)


def stream_file(path: str, format_name: str | None, diagnostics: Diagnostics) -> Iterator[Record]:
    """The records of a file, one at a time (the file is read when the first is asked for).

    A format that can stream (BibTeX) reads the file entry by entry; the others read it whole.
    """
    streamed = None
    if path != "-" and os.path.isfile(path):
        chosen = format_named(format_name) if format_name else _format_by_suffix(path)
        if chosen is not None:
            streamed = chosen.stream(path, diagnostics)
    yield from streamed if streamed is not None else read_file(path, format_name, diagnostics)


def write_records(records: Iterable[Record], format_name: str) -> str:
    """The records as text in a format citekit writes (``bibtex``, ``ris``, ``csl-json``, ...)."""
    return format_named(format_name).write(records)


def read_text(path: str) -> tuple[str, str]:
    """The text of a file (see :func:`decode_text`), or of stdin for ``-``, and its name."""
    if path == "-":
        data, name = sys.stdin.buffer.read(), "<stdin>"
    else:
        try:
            with open(path, "rb") as file:
                data, name = file.read(), path
        except OSError as error:
            raise InputFileNotFoundError(f"{path}: {error.strerror}") from None
    return decode_text(data, name), name


# Byte-order marks and the encodings they announce; UTF-32 LE's first, as it starts with UTF-16 LE's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, name: str) -> str:
    """A file's bytes as text: UTF-8, or UTF-16 or UTF-32 when a byte-order mark says so (the mark dropped).

    Windows exports (EndNote, RIS) are often UTF-16 with a mark; without one, text is UTF-8.
    Raises :class:`NotUtf8Error` naming the file, the encoding and the offset of the bad byte.
    """
    encoding = next((encoding for mark, encoding in _BYTE_ORDER_MARKS if data.startswith(mark)), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        label = encoding.removesuffix("-sig").upper()
        raise NotUtf8Error(f"{name}: not {label} text (bad byte at offset {error.start})") from None


def write_text(path: Path, text: str) -> None:
    """Replace ``path`` with UTF-8 ``text`` whole: readers never see half a file."""
    import tempfile  # here: only writing a file needs it, and it costs every start-up

    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise OutputFileError(f"cannot write {path}: {error.strerror or error}") from None


__all__ = ["FORMATS", "Format", "decode_text", "format_named", "format_of", "read_csl_json", "read_file",
           "read_text", "stream_file", "write_csl_json", "write_records", "write_text"]
