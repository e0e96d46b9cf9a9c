"""Citation keys: ASCII, from the record's author, year and title (``miknevicius2021soviet``).

The default pattern is citation-js's ``authoryearword``: the first author's
family name, the year, and the first word of the title that is not a stop word,
folded to ASCII lower case. A key that is taken gets ``a``, ``b``, ... appended.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Mapping
from typing import Any

# Words a key skips when it takes the title's first word (English articles and prepositions).
_STOP_WORDS = frozenset(
    "a an the of on in at to for from by with and or but about as into over under".split()
)
# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                       "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ı": "i"})


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (``Miknevičius`` → ``miknevicius``)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def _author(item: Mapping[str, Any]) -> str:
    for variable in ("author", "editor", "translator", "director", "composer"):
        names = item.get(variable) or []
        if names:
            first = names[0]
            return ascii_fold(first.get("family") or first.get("literal") or first.get("given") or "")
    return ""


def _year(item: Mapping[str, Any]) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or []
    return str(parts[0][0]) if parts and parts[0] else ""


def _word(item: Mapping[str, Any]) -> str:
    title = re.sub(r"<[^>]+>", "", str(item.get("title") or ""))
    for word in re.findall(r"[^\W_]+", title):
        folded = ascii_fold(word)
        if folded and folded not in _STOP_WORDS:
            return folded
    return ""


PATTERNS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "authoryearword": lambda item: _author(item) + _year(item) + _word(item),
    "authoryear": lambda item: _author(item) + _year(item),
    "authorwordyear": lambda item: _author(item) + _word(item) + _year(item),
}


def make_key(item: Mapping[str, Any], taken: Container[str], pattern: str = "authoryearword") -> str:
    """A key for a CSL-JSON item by ``pattern`` that is not in ``taken`` (``doe2020``, ``doe2020a``, ...).

    An item with no author, year or title gets ``ref``.
    """
    base = PATTERNS[pattern](item) or "ref"
    key, index = base, 0
    while key in taken:
        key = base + letter_suffix(index)
        index += 1
    return key


def letter_suffix(index: int) -> str:
    """``a`` … ``z``, then ``aa``, ``ab`` …: the suffixes of keys and of years (``1905a``)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else letter_suffix(index // 26 - 1) + letters[index % 26]
