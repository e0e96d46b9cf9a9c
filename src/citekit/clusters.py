"""Citation clusters written in pandoc's syntax: ``[see @doe99, pp. 33-35; -@smith04, ch. 1]``.

A cluster becomes a list of cite items in CSL-JSON's vocabulary (``id``,
``prefix``, ``locator``, ``label``, ``suffix``, ``suppress-author``), which the
CSL processor renders as one citation.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.errors import BadInputError


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
# A citation key: letters, digits and internal punctuation (pandoc's rule), or anything in braces.
_KEY = re.compile(r"(-?)@(?:\{([^}]+)\}|([\w](?:[\w:.#$%&+?<>~/-]*[\w])?))")
_LABEL = re.compile(r"(s\.\s?vv?\.?|sub verbo|[^\W\d_]+\.?|¶¶?|§§?)\s*")
_ROMAN = r"(?=[ivxlcdm])m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})\b"
_NUMBER = rf"(?:\d+[\w.]*|(?i:{_ROMAN}))"
_VALUE = re.compile(rf"{_NUMBER}(?:\s*[-–,&]\s*{_NUMBER})*")
_WORDS = re.compile(r"[^,;]+")  # a sub verbo locator is a word or phrase


def parse_cluster(text: str) -> list[dict[str, Any]]:
    """The cite items of one cluster such as ``[@doe99, p. 33; @smith04]``.

    Raises :class:`ClusterSyntaxError` naming what is wrong.
    """
    body = text.strip()
    if not (body.startswith("[") and body.endswith("]")):
        raise ClusterSyntaxError(f"citation {text!r}: write it in brackets, e.g. '[@key, p. 33]'")
    cites = [_parse_cite(part, text) for part in _split_cites(body[1:-1])]
    if not cites:
        raise ClusterSyntaxError(f"citation {text!r}: no @key in it")
    return cites


def _split_cites(body: str) -> list[str]:
    """The parts between semicolons that are not inside braces."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(body):
        depth += (char == "{") - (char == "}")
        if char == ";" and depth == 0:
            parts.append(body[start:index])
            start = index + 1
    parts.append(body[start:])
    return [part for part in parts if part.strip()]


def _parse_cite(part: str, cluster: str) -> dict[str, Any]:
    match = _KEY.search(part)
    if match is None:
        raise ClusterSyntaxError(f"citation {cluster!r}: {part.strip()!r} has no @key")
    cite: dict[str, Any] = {"id": match.group(2) or match.group(3)}
    if match.group(1):
        cite["suppress-author"] = True
    prefix = part[:match.start()].strip()
    if prefix:
        cite["prefix"] = prefix + " "
    after = part[match.end():]
    if after.lstrip().startswith(","):
        locator = _locator(after.lstrip()[1:])
        if locator is not None:
            cite.update(locator)
            return cite
    suffix = after.rstrip()
    if suffix.strip():
        cite["suffix"] = suffix
    return cite


def _locator(text: str) -> dict[str, str] | None:
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
