"""A quick scan of well-formed BibTeX entries, for what pybtex's scanner costs on large files.

:func:`quick_scan` reads text made only of entries in braces (``@type{key, name = value, ...}``,
values in braces or quotes, numbers and defined macros, joined with ``#``), with anything but an
``@`` between them, into the commands pybtex's ``LowLevelParser`` yields for it, token by token
the same. Anything else (``@string``, ``@preamble``, ``@comment``, parentheses, an undefined macro,
a syntax error) makes it give up, and the caller leaves the text to pybtex.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pybtex.database.input.bibtex import NAME_CHARS

# A command, field or macro name, as pybtex's LowLevelParser.NAME.
_NAME = rf"[{re.escape(NAME_CHARS)}][{re.escape(NAME_CHARS)}0-9]*"
# The start of an entry in braces, to its key (LowLevelParser.KEY_BRACE).
_HEAD = re.compile(rf"@\s*({_NAME})\s*\{{\s*([^\s,}}]+)")
_NOT_ENTRIES = frozenset({"string", "preamble", "comment"})
# Most fields at once: one value in braces without braces inside, in quotes, a number or a
# macro, followed by the comma or brace after it.
_SIMPLE_FIELD = re.compile(
    rf'\s*({_NAME})\s*=\s*(?:\{{([^{{}}]*)\}}|"([^"{{}}]*)"|([0-9]+)|({_NAME}))\s*([,}}])'
)
_FIELD_NAME = re.compile(rf"\s*({_NAME})\s*=\s*")
_NUMBER = re.compile(r"[0-9]+")
_MACRO = re.compile(_NAME)
_HASH = re.compile(r"\s*#\s*")
_COMMA_OR_END = re.compile(r"\s*([,}])")
_BRACES = re.compile(r"[{}]")
_QUOTE_OR_BRACES = re.compile(r'["{}]')
# pybtex refuses braces nested deeper than 100; this scan leaves anything near that to it.
_MAX_DEPTH = 90

Fields = list[tuple[str, list[str]]]  # each field's name and the parts of its value
Command = tuple[str, tuple[str, Fields], int]


def quick_scan(text: str, macros: Mapping[str, str]) -> list[Command] | None:
    """``(command, (key, [(field, [value parts])]), position of its @)`` for each entry of
    ``text``, as pybtex's scanner gives them; None for text this scan leaves to pybtex."""
    commands: list[Command] = []
    at = text.find("@")
    while at != -1:
        head = _HEAD.match(text, at)
        if head is None or head.group(1).lower() in _NOT_ENTRIES:
            return None
        fields = _fields(text, head.end(), macros)
        if fields is None:
            return None
        pairs, end = fields
        commands.append((head.group(1), (head.group(2), pairs), at))
        at = text.find("@", end)
    return commands


def _fields(text: str, position: int, macros: Mapping[str, str]) -> tuple[Fields, int] | None:
    """The fields after an entry's key and the position after its closing brace."""
    pairs: Fields = []
    while True:  # as pybtex: an optional field, then a comma and again, or the end
        simple = _SIMPLE_FIELD.match(text, position)
        if simple is not None:
            name, braced, quoted, number, macro, after = simple.groups()
            value = (braced if braced is not None else quoted if quoted is not None
                     else number if number is not None else _macro(macro, macros))
            if value is None:
                return None
            pairs.append((name, [value]))
            position = simple.end()
            if after == "}":
                return pairs, position
            continue
        field = _FIELD_NAME.match(text, position)
        if field is not None:
            value_parts = _value(text, field.end(), macros)
            if value_parts is None:
                return None
            parts, position = value_parts
            pairs.append((field.group(1), parts))
        after = _COMMA_OR_END.match(text, position)
        if after is None:
            return None
        position = after.end()
        if after.group(1) == "}":
            return pairs, position


def _value(text: str, position: int, macros: Mapping[str, str]) -> tuple[list[str], int] | None:
    """The parts of a value joined with ``#``, and the position after it."""
    parts = []
    while True:
        part = _value_part(text, position, macros)
        if part is None:
            return None
        parts.append(part[0])
        joined = _HASH.match(text, part[1])
        if joined is None:
            return parts, part[1]
        position = joined.end()


def _value_part(text: str, position: int, macros: Mapping[str, str]) -> tuple[str, int] | None:
    start = text[position : position + 1]
    if start in ("{", '"'):
        return _string(text, position + 1, "}" if start == "{" else '"')
    number = _NUMBER.match(text, position)
    if number is not None:
        return number.group(), number.end()
    name = _MACRO.match(text, position)
    value = None if name is None else _macro(name.group(), macros)
    return None if name is None or value is None else (value, name.end())


def _string(text: str, start: int, closing: str) -> tuple[str, int] | None:
    """A value in braces or quotes from ``start``, just after its opening: its text and the
    position after its closing. A quote closes it only outside braces."""
    depth = 0
    for found in (_BRACES if closing == "}" else _QUOTE_OR_BRACES).finditer(text, start):
        char = found.group()
        if char == "{":
            depth += 1
            if depth > _MAX_DEPTH:
                return None
        elif char == "}" and depth:
            depth -= 1
        elif char == closing and not depth:
            return text[start : found.start()], found.end()
        elif char == "}":
            return None  # in quotes, a brace that closes nothing: pybtex's error
    return None


def _macro(name: str, macros: Mapping[str, str]) -> str | None:
    try:
        return macros[name]
    except KeyError:  # pybtex's warning, and its value, come from its own scan
        return None
