"""Citation clusters written in pandoc's syntax: ``[see @doe99, pp. 33-35; -@smith04, ch. 1]``.

A cluster becomes a list of cite items in CSL-JSON's vocabulary (``id``,
``prefix``, ``locator``, ``label``, ``suffix``, ``suppress-author``), which the
CSL processor renders as one citation.
"""

from __future__ import annotations

from typing import Any

from citekit.errors import BadInputError
from citekit.patterns import lazy_compile


class ClusterSyntaxError(BadInputError):
    """A citation cluster that is not in pandoc's syntax."""


# Pandoc's locator abbreviations (and CSL's term names) → CSL locator labels.
_LABELS = {
    "bk": "book", "bks": "book", "book": "book", "books": "book",
    "ch": "chapter", "chap": "chapter", "chaps": "chapter", "chapter": "chapter", "chapters": "chapter",
    "col": "column", "cols": "column", "column": "column", "columns": "column",
    "fig": "figure", "figs": "figure", "figure": "figure", "figures": "figure",
    "f": "folio", "ff": "folio", "fol": "folio", "fols": "folio", "folio": "folio", "folios": "folio",
    "l": "line", "ll": "line", "line": "line", "lines": "line",
    "n": "note", "nn": "note", "note": "note", "notes": "note",
    "no": "number", "nos": "number", "number": "number", "numbers": "number",
    "op": "opus", "opp": "opus", "opus": "opus", "opera": "opus",
    "p": "page", "pp": "page", "pg": "page", "pgs": "page", "page": "page", "pages": "page",
    "para": "paragraph", "paras": "paragraph", "paragraph": "paragraph", "paragraphs": "paragraph",
    "¶": "paragraph", "¶¶": "paragraph",
    "pt": "part", "pts": "part", "part": "part", "parts": "part",
    "sec": "section", "secs": "section", "section": "section", "sections": "section",
    "§": "section", "§§": "section",
    "subverbo": "sub-verbo",
    "v": "verse", "vv": "verse", "verse": "verse", "verses": "verse",
    "vol": "volume", "vols": "volume", "volume": "volume", "volumes": "volume",
}
# A citation key by pandoc's rule: a letter, digit or _, then more of them with single internal
# punctuation between (so in "@doe99." the period ends the sentence, not the key), or anything
# but braces in braces. An '@' after a letter, a digit or a backslash (jane@example.org, \@) is
# no citation. Groups: 1 the '-' that suppresses the author, 2 a key in braces, 3 a bare key.
CITE_KEY = lazy_compile(r"(?<![^\W_]|\\)(-?)@(?:\{([^{}]+)\}|(\w+(?:[:.#$%&+?<>~/-]\w+)*))")
_LABEL = lazy_compile(r"(s\.\s?vv?\.?|sub verbo|[^\W\d_]+\.?|¶¶?|§§?)\s*")
_ROMAN = r"(?=[ivxlcdm])m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})\b"
_NUMBER = rf"(?:\d+[\w.]*|(?i:{_ROMAN}))"
_VALUE = lazy_compile(rf"{_NUMBER}(?:\s*[-–,&]\s*{_NUMBER})*")
_WORDS = lazy_compile(r"[^,;]+")  # a sub verbo locator is a word or phrase


def parse_cluster(text: str) -> list[dict[str, Any]]:
    """The cite items of one cluster such as ``[@doe99, p. 33; @smith04]``.

    Raises :class:`ClusterSyntaxError` naming what is wrong.
    """
    return [cite for cite, _ in locate_cites(text)]


def locate_cites(text: str) -> list[tuple[dict[str, Any], int]]:
    """The cite items of one cluster, each with the offset in ``text`` of its key's ``@``.

    Raises :class:`ClusterSyntaxError` naming what is wrong.
    """
    body = text.strip()
    if not (body.startswith("[") and body.endswith("]")):
        raise ClusterSyntaxError(f"citation {text!r}: write it in brackets, e.g. '[@key, p. 33]'")
    start = len(text) - len(text.lstrip()) + 1  # where the inside of the brackets begins
    located = []
    for offset, part in _split_cites(body[1:-1]):
        cite, at = _parse_cite(part, text)
        located.append((cite, start + offset + at))
    if not located:
        raise ClusterSyntaxError(f"citation {text!r}: no @key in it")
    return located


def _split_cites(body: str) -> list[tuple[int, str]]:
    """The parts between semicolons that are not inside braces or brackets, with their offsets."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(body):
        depth += (char in "{[") - (char in "}]")
        if char == ";" and depth == 0:
            parts.append((start, body[start:index]))
            start = index + 1
    parts.append((start, body[start:]))
    return [(offset, part) for offset, part in parts if part.strip()]


def _parse_cite(part: str, cluster: str) -> tuple[dict[str, Any], int]:
    """The cite item in one part of a cluster, and the offset of its key's ``@`` in the part."""
    match = CITE_KEY.search(part)
    if match is None:
        raise ClusterSyntaxError(f"citation {cluster!r}: {part.strip()!r} has no @key")
    cite: dict[str, Any] = {"id": match.group(2) or match.group(3)}
    if match.group(1):
        cite["suppress-author"] = True
    at = match.start() + len(match.group(1))
    prefix = part[:match.start()].strip()
    if prefix:
        cite["prefix"] = prefix + " "
    after = part[match.end():]
    if after.lstrip().startswith(","):
        locator = parse_locator(after.lstrip()[1:])
        if locator is not None:
            cite.update(locator)
            return cite, at
    suffix = after.rstrip()
    if suffix.strip():
        cite["suffix"] = suffix
    return cite, at


def parse_locator(text: str) -> dict[str, str] | None:
    """``p. 33, with notes`` → locator ``33``, label ``page``, suffix ``, with notes``.

    A number with no label is a page, as in pandoc; None when no locator opens ``text``.
    """
    rest = text.strip()
    label = "page"
    match = _LABEL.match(rest)
    if match is not None:
        name = match.group(1).rstrip(".").lower().replace(" ", "")
        if name in _LABELS or name.replace(".", "") in ("sv", "svv"):
            label = _LABELS.get(name, "sub-verbo")
            rest = rest[match.end():]
    value = (_WORDS if label == "sub-verbo" else _VALUE).match(rest)
    if value is None or not value.group(0).strip():
        return None
    found = {"locator": value.group(0).strip(), "label": label}
    suffix = rest[value.end():].rstrip()
    if suffix.strip():
        found["suffix"] = suffix
    return found
