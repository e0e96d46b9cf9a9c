"""CSL-JSON: the native format of citekit records (an array of items, or one item)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from citekit.errors import InvalidRecordError, MalformedFileError
from citekit.model import Diagnostics, Record, record_from_csl_json


def read_csl_json(text: str, source: str, diagnostics: Diagnostics | None = None) -> list[Record]:
    """Parse CSL-JSON text (an array of items or a single item) into records.

    ``source`` names the file in messages; a syntax error reports its line and
    column, an invalid item its position and field (and, unless the
    diagnostics are strict, the item is left out and the rest read).
    """
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise MalformedFileError(source, error.lineno, error.colno, error.msg) from None
    return records_from_items(document if isinstance(document, list) else [document], source, diagnostics)


def records_from_items(items: list[Any], source: str, diagnostics: Diagnostics) -> list[Record]:
    """CSL-JSON items as records; an invalid one, named by its position, goes to the diagnostics."""
    records = []
    for position, item in enumerate(items, start=1):
        try:
            records.append(record_from_csl_json(item, f"{source}, item {position}", diagnostics))
        except InvalidRecordError as error:
            diagnostics.skip(error)
    return records


def looks_like_csl_json(text: str) -> bool:
    """True for text that opens as JSON does (an array or an object)."""
    return text.lstrip()[:1] in ("[", "{")


def write_csl_json(records: Iterable[Record]) -> str:
    """A CSL-JSON array of the records, UTF-8 text, two-space indented, newline-terminated."""
    items = [dict(record) for record in records]  # shallow: json.dumps only reads them
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
