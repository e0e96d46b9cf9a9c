"""CSL-JSON: the native format of citekit records (an array of items, or one item)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from citekit.errors import InvalidRecordError, MalformedFileError
from citekit.model import Diagnostics, Record, record_from_csl_json

# Deeper than this a value is no bibliographic data, and records are read and written recursively.
MAX_DEPTH = 64
# A JSON string (brackets in it do not count) or a bracket.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)


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
    except RecursionError:  # the decoder recurses once per level
        line, column = _too_deep_at(text)
        raise MalformedFileError(source, line, column, f"nested more than {MAX_DEPTH} levels deep") from None
    return records_from_items(document if isinstance(document, list) else [document], source, diagnostics)


def _too_deep_at(text: str) -> tuple[int, int]:
    """The line and column of the first bracket nested more than :data:`MAX_DEPTH` deep."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token.group(), 0)
        if depth > MAX_DEPTH:
            offset = token.start()
            return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
    return 1, 1


def records_from_items(items: list[Any], source: str, diagnostics: Diagnostics) -> list[Record]:
    """CSL-JSON items as records; an invalid one, named by its position, goes to the diagnostics."""
    records = []
    for position, item in enumerate(items, start=1):
        where = f"{source}, item {position}"
        try:
            _check_depth(item, where)
            records.append(record_from_csl_json(item, where, diagnostics))
        except InvalidRecordError as error:
            diagnostics.skip(error)
    return records


def _check_depth(item: Any, where: str) -> None:
    """Refuse an item whose objects and lists, its own first, nest more than :data:`MAX_DEPTH` deep."""
    for name, value in item.items() if isinstance(item, dict) else ():
        nesting, level = 1, [value]
        while any(isinstance(node, (dict, list)) for node in level):  # level by level, not recursively
            nesting += 1
            if nesting > MAX_DEPTH:
                raise InvalidRecordError(where, str(name), f"nested more than {MAX_DEPTH} levels deep")
            level = [child for node in level for child in _inside(node)]


def _inside(node: Any) -> Iterable[Any]:
    """The values a list or an object holds; nothing for a string, number or null."""
    if isinstance(node, dict):
        return node.values()
    return node if isinstance(node, list) else ()


def looks_like_csl_json(text: str) -> bool:
    """True for text that opens as JSON does (an array or an object)."""
    return text.lstrip()[:1] in ("[", "{")


def write_csl_json(records: Iterable[Record]) -> str:
    """A CSL-JSON array of the records, UTF-8 text, two-space indented, newline-terminated."""
    items = [dict(record) for record in records]  # shallow: json.dumps only reads them
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
