"""The ``citation-label`` variable when an item has none: a "trigraph" of its names and year.

CSL 1.0.2 (§ Standard Variables) leaves the label's form to the processor; this
module makes the one citeproc-js makes (``src/util_citationlabel.js``) with its
default pattern ``Aaaa00:AaAa00:AaAA00:AAAA00``: one pattern per number of names
(the last for four or more), where ``A`` starts a name, each ``a`` takes one more
letter of it and each ``0`` one digit of the year. Smith 2000 → ``Smit00``, Roe
and Noakes 1978 → ``RoNo78``; an item without names takes the first letters of its
title words (skipping small words), and an item without a year ``00``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from citekit.csl.item import Item
from citekit.patterns import lazy_compile

DEFAULT_TRIGRAPH = "Aaaa00:AaAa00:AaAA00:AAAA00"

# The name variables citeproc-js looks at, in its order (CSL.NAME_VARIABLES): the first with names wins.
NAME_VARIABLES = (
    "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
    "curator", "director", "editor", "editor-translator", "editorial-director", "executive-producer",
    "guest", "host", "illustrator", "interviewer", "narrator", "organizer", "original-author", "performer",
    "producer", "recipient", "reviewed-author", "script-writer", "series-creator", "translator", "commenter",
)
# Letters citeproc-js keeps in a label (CSL.ROMANESQUE_NOT_REGEXP removes the rest, digits included).
_NOT_LETTER = lazy_compile(
    "[^a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)
_LOWER_CASE_PARTICLES = lazy_compile(r"^[ '\u2019a-z]+\s+")  # "van der " before a family name
_ARTICLE = lazy_compile(r"^(?:a|the|an)\s+", re.IGNORECASE)
# Words a title-based label leaves out (citeproc-js's CSL.SKIP_WORDS), compared case-sensitively.
SKIP_WORDS = frozenset("""
about above across afore after against al along alongside amid amidst among amongst anenst apropos apud
around as aside astride at athwart atop barring before behind below beneath beside besides between beyond
but by circa despite down during et except for forenenst from given in inside into lest like modulo near
next notwithstanding of off on onto out over per plus pro qua sans since than through thru throughout
thruout till to toward towards under underneath until unto up upon versus vs. v. vs v via vis-à-vis with
within without or yet so and nor a an the de d' von van c ca
""".split())


class Pattern(NamedTuple):
    """One part of a trigraph: letters taken from each name in turn, and digits of the year."""

    letters: tuple[int, ...]
    year_digits: int


def parse_trigraph(trigraph: str) -> list[Pattern]:
    """``"Aaaa00:AaAa00"`` → one :class:`Pattern` per number of names."""
    patterns = []
    for part in trigraph.split(":"):
        if not part.startswith("A") or set(part) - set("Aa0"):
            raise ValueError(f"bad citation-label pattern {trigraph!r}")
        letters: list[int] = []
        for char in part.rstrip("0"):
            if char == "A":
                letters.append(1)
            else:
                letters[-1] += 1
        patterns.append(Pattern(tuple(letters), part.count("0")))
    return patterns


def citation_label(item: Item, reference: str = "reference", trigraph: str = DEFAULT_TRIGRAPH) -> str:
    """The label citeproc-js makes for an item without a ``citation-label`` of its own.

    ``reference`` is the locale's short ``reference`` term: citeproc-js starts
    from it and keeps it for a first name with neither a family name nor a
    literal one.
    """
    patterns = parse_trigraph(trigraph)
    pattern = patterns[0]
    label = ""
    for variable in NAME_VARIABLES:
        names = item.names.get(variable)
        if names:
            pattern = patterns[min(len(names), len(patterns)) - 1]
            label = _from_names(item, variable, pattern, _capitalized(reference.replace(".", "", 1)))
            break
    if not label:
        label = _from_title(item.fields.get("title", ""), patterns[0])
    return label + _year(item, pattern)


def _from_names(item: Item, variable: str, pattern: Pattern, current: str) -> str:
    label = ""
    for name, letters in zip(item.names[variable], pattern.letters, strict=False):
        if name.family:
            current = _LOWER_CASE_PARTICLES.sub("", name.family, count=1)
        elif name.literal:
            current = name.literal
        current = _NOT_LETTER.sub("", _ARTICLE.sub("", current, count=1))
        if not current:
            break
        current = _capitalized(current[:letters])
        label += current
    return label


def _from_title(title: str, pattern: Pattern) -> str:
    words = [word for word in title.split() if word not in SKIP_WORDS]
    return _capitalized("".join(words)[:pattern.letters[0]])


def _year(item: Item, pattern: Pattern) -> str:
    issued = item.dates.get("issued")
    year = str(issued.parts[0][0]) if issued is not None and issued.parts and issued.parts[0] else "0000"
    return year[-pattern.year_digits:] if pattern.year_digits else year


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:].lower()
