"""CSL text-case (CSL 1.0.2 § Text-case) and strip-periods over formatting trees, as citeproc-js does them.

citeproc-js (``src/formatters.js``) cases the text of one variable at a time,
between its tags: a word never runs across markup, a quotation mark or the
punctuation ``- – — / . , ; ? ! : [ ] ( )``, and text inside ``nocase`` (and
small caps, superscript, subscript, ``nodecor``) is left alone. Here the tags
are the boundaries of the tree's nodes and of its leaves (see
:func:`citekit.csl.markup.parse_field`), so a tree cases as its field did.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from citekit.csl.rich import Node
from citekit.patterns import lazy_compile

# Stop words title case leaves in lower case: CSL 1.0.2's list and the prepositions and
# particles citeproc-js adds to it (its multi-word entries can never match one word).
STOP_WORDS = frozenset("""
    a about above across afore after against al along alongside amid amidst among amongst an and
    anenst apropos apud around as aside astride at athwart atop barring before behind below beneath
    beside besides between beyond but by c ca circa d de despite down during et except for forenenst
    from given in inside into lest like modulo near next nor notwithstanding of off on onto or out
    over per plus pro qua sans since so than the through throughout thruout till to toward towards
    under underneath until unto up upon v van versus via von vs with within without yet
""".split())

CASES = ("lowercase", "uppercase", "capitalize-first", "capitalize-all", "sentence", "title")

# What separates words and what separates the strings words are cased in (citeproc-js's
# wordDoppel and tagDoppel); markup left as text in a leaf still counts as a tag.
_WORD_SPACE = lazy_compile("([\u00a0 \u2000-\u200b\u205f\u3000]+)")
_SCOPE_OPENERS = {
    "<sc>": "</sc>", "<sup>": "</sup>", "<sub>": "</sub>",
}
_TAG = lazy_compile(
    "(\u2018|\u2019|\u201c|\u201d| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\)"
    r'|<span\s+style="font-variant:\s*small-caps;?"[^>]*>|<span\s+class="no(?:case|decor)"[^>]*>'
    r"|</span>|</?(?:i|sc|b|sub|sup)>)"
)


class _Piece:
    """A run of text being cased, or a tag between runs (never cased)."""

    __slots__ = ("text", "tag", "opens", "closes")

    def __init__(self, text: str, tag: bool = False, opens: object = None, closes: object = None) -> None:
        self.text = text
        self.tag = tag
        self.opens = opens  # what a tag opens a protected span for
        self.closes = closes  # what a tag closes


class _State:
    """citeproc-js's text-case state while it walks one variable's strings."""

    __slots__ = ("upper", "lower", "first", "after_punctuation", "last_word", "protected")

    def __init__(self, upper: Callable[[str], str], lower: Callable[[str], str], first: bool,
                 after_punctuation: bool = False, last_word: tuple[int, int] | None = None,
                 protected: list[object] | None = None) -> None:
        self.upper = upper
        self.lower = lower
        self.first = first
        self.after_punctuation = after_punctuation
        self.last_word = last_word
        self.protected: list[object] = [] if protected is None else protected


def _casing(language: str | None) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """Upper- and lower-casing for the language (Turkish and Azeri dotted and dotless i)."""
    if language and language[:2].lower() in ("tr", "az"):
        return (lambda text: text.replace("i", "\u0130").upper(),
                lambda text: text.replace("I", "\u0131").replace("\u0130", "i").lower())
    return str.upper, str.lower


def _english(language: str | None) -> bool:
    """Whether title case applies: citeproc-js reads the first two letters of the language."""
    if not language:
        return True
    return language[:2].lower() == "en"


def _capitalise(word: str, upper: Callable[[str], str]) -> str:
    """The word with its first character in upper case (a lone Greek letter stays as it is)."""
    match = re.match(r"(\s*)(.)(.*)", word, re.S)
    if not match or "\u0370" <= match.group(2) <= "\u03ff" and not match.group(3):
        return word
    return match.group(1) + upper(match.group(2)) + match.group(3)


def _is_stop_word(lower_word: str) -> bool:
    return any(part in STOP_WORDS for part in lower_word.split())


def _title_words(state: _State, text: str, index: int, following: str | None) -> str:
    """Title case: every word but stop words, and those too when first or after ``:?!``."""
    if not text.strip():
        return text
    parts = _WORD_SPACE.split(text)
    for position in range(0, len(parts), 2):
        word = parts[position]
        if not word:
            continue
        lower = state.lower(word)
        capitalize = (len(word) > 1 and not _is_stop_word(lower)
                      # citeproc-js only ever sees a hyphen after the first string (a quirk kept).
                      or position == len(parts) - 1 and following == "-"
                      or state.first or state.after_punctuation)
        # Words with capitals in them (NASA, iPad) are left as they are.
        if capitalize and word == lower:
            parts[position] = _capitalise(word, state.upper)
        state.first = state.after_punctuation = False
        state.last_word = (index, position)
    return "".join(parts)


def _sentence_words(state: _State, text: str, index: int, following: str | None) -> str:
    """Sentence case (citeproc-js): the first word capitalised, every other word lower case."""
    words = text.split(" ")
    for position, word in enumerate(words):
        if word and state.first:
            words[position] = _capitalise(word, state.upper)
            state.first = False
        elif word:
            words[position] = state.lower(word)
    return " ".join(words)


def _first_word(state: _State, text: str, index: int, following: str | None) -> str:
    """Capitalize-first: the first word, unless it has capitals in it already (arXiv)."""
    parts = _WORD_SPACE.split(text)
    for position in range(0, len(parts), 2):
        word = parts[position]
        if word and state.first:
            if word == state.lower(word):
                parts[position] = _capitalise(word, state.upper)
            state.first = False
            break
    return "".join(parts)


def _all_words(state: _State, text: str, index: int, following: str | None) -> str:
    """Capitalize-all: every word without capitals in it."""
    parts = _WORD_SPACE.split(text)
    for position in range(0, len(parts), 2):
        if parts[position] and parts[position] == state.lower(parts[position]):
            parts[position] = _capitalise(parts[position], state.upper)
    return "".join(parts)


_WORDS: dict[str, Callable[[_State, str, int, str | None], str]] = {
    "lowercase": lambda state, text, index, following: state.lower(text),
    "uppercase": lambda state, text, index, following: state.upper(text),
    "capitalize-first": _first_word,
    "capitalize-all": _all_words,
    "sentence": _sentence_words,
    "title": _title_words,
}


def _leaf_pieces(text: str) -> list[_Piece]:
    """A leaf split at citeproc-js's tags; an apostrophe inside a word joins the next word."""
    parts = _TAG.split(text)
    pieces: list[_Piece] = []
    for position, part in enumerate(parts):
        if position % 2 == 0:
            pieces.append(_Piece(part))
            continue
        following = parts[position + 1]
        if part in ("'", "\u2019") and following and following[0] != " " \
                and not parts[position - 1].endswith(" "):
            parts[position + 1] = part + following
            part = ""
        pieces.append(_markup_tag(part))
    return pieces


def _markup_tag(text: str) -> _Piece:
    """A tag of a leaf; small caps, superscript, subscript and nocase spans protect their text."""
    if text.startswith("<span") or text in _SCOPE_OPENERS:
        return _Piece(text, tag=True, opens=_SCOPE_OPENERS.get(text, "</span>"))
    if text in ("</span>", *_SCOPE_OPENERS.values()):
        return _Piece(text, tag=True, closes=text)
    return _Piece(text, tag=True)


def _flatten(node: Node, pieces: list[_Piece], leaves: list[tuple[list[Node | str], int, list[_Piece]]],
             top: bool = True) -> None:
    """The pieces of the tree in order: its leaves split up, node edges as tags."""
    if not top:
        pieces.append(_Piece("", tag=True, opens=node if node.nocase else None))
    for index, child in enumerate(node.children):
        if isinstance(child, Node):
            if not child.affix:  # a style's affixes are not cased
                _flatten(child, pieces, leaves, top=False)
            continue
        leaf = _leaf_pieces(child)
        leaves.append((node.children, index, leaf))
        pieces.extend(leaf)
    if not top:
        pieces.append(_Piece("", tag=True, closes=node if node.nocase else None))


def _alternate(pieces: list[_Piece]) -> tuple[list[_Piece], list[_Piece]]:
    """Strings and tags, alternating: ``strings[i]`` comes before ``tags[i]``."""
    strings: list[_Piece] = []
    tags: list[_Piece] = []
    for piece in pieces:
        if piece.tag:
            if len(strings) == len(tags):
                strings.append(_Piece(""))
            tags.append(piece)
        else:
            if len(strings) > len(tags):  # two leaves side by side
                tags.append(_Piece("", tag=True))
            strings.append(piece)
    if len(strings) == len(tags):
        strings.append(_Piece(""))
    return strings, tags


def _update_protection(state: _State, tag: _Piece) -> None:
    if tag.opens is not None:
        state.protected.append(tag.opens)
    elif tag.closes is not None and tag.closes in state.protected:
        if isinstance(tag.closes, Node):  # the tree's own spans always close
            del state.protected[state.protected.index(tag.closes):]
        elif state.protected[-1] == tag.closes:
            state.protected.pop()


def _recase(strings: list[_Piece], tags: list[_Piece], case: str, state: _State) -> None:
    """citeproc-js's text-case engine over the strings between the tags."""
    words = _WORDS[case]
    if strings[0].text.strip():
        strings[0].text = words(state, strings[0].text, 0, tags[0].text if tags else None)
    for index, tag in enumerate(tags):
        string = strings[index + 1]
        blank = not string.text.strip()
        _update_protection(state, tag)
        if tag.text[-1:] in ("!", "?", ":"):
            state.after_punctuation = True
        if not state.protected:
            string.text = words(state, string.text, index + 1, None)
        elif not blank:
            state.last_word = None
        if not blank:
            state.first = state.after_punctuation = False
    if state.last_word is not None:
        _capitalise_last_word(strings, state)


def _capitalise_last_word(strings: list[_Piece], state: _State) -> None:
    """Title case capitalises a stop word that ends the title (``Research For``)."""
    assert state.last_word is not None
    index, position = state.last_word
    parts = _WORD_SPACE.split(strings[index].text)
    word = parts[position]
    if len(word) > 1 and _is_stop_word(state.lower(word)):
        parts[position] = _capitalise(word, state.upper)
        strings[index].text = "".join(parts)


def _copy(node: Node) -> Node:
    """A copy of the tree (its nodes and formatting; text is immutable)."""
    return node.with_children([_copy(child) if isinstance(child, Node) else child for child in node.children])


def apply_text_case(node: Node, case: str, language: str | None) -> Node:
    """A copy of ``node`` with CSL ``text-case`` applied as citeproc-js applies it.

    ``language`` is the item's language, or the style's default-locale when
    the item has none (None counts as English): title case applies only to
    English, and Turkish and Azeri case the dotted and dotless i their way.
    Nodes with ``nocase`` keep their text (``parse_field`` sets it for
    ``nocase`` spans, small caps, superscript, subscript and ``nodecor``);
    affix nodes are neither cased nor seen. Sentence case lower-cases every
    word after the first, all-capital words included, as citeproc-js does.
    """
    if case not in _WORDS:
        raise ValueError(f"unknown text-case {case!r}")
    copy = _copy(node)
    if case == "title" and not _english(language):
        return copy
    pieces: list[_Piece] = []
    leaves: list[tuple[list[Node | str], int, list[_Piece]]] = []
    _flatten(copy, pieces, leaves)
    strings, tags = _alternate(pieces)
    upper, lower = _casing(language)
    first = case in ("title", "sentence", "capitalize-first")
    _recase(strings, tags, case, _State(upper, lower, first))
    for children, index, leaf in leaves:
        children[index] = "".join(piece.text for piece in leaf)
    return copy


_PERIOD = lazy_compile(r"\.([^a-z]|$)")


def strip_periods(node: Node) -> Node:
    """A copy of ``node`` without periods, as citeproc-js strips them (CSL 1.0.2 ``strip-periods``).

    A period followed by a lower-case ASCII letter stays (``e.g.`` → ``e.g``,
    ``example.com`` unchanged); affix nodes keep theirs.
    """
    children = [
        child if isinstance(child, Node) and child.affix
        else strip_periods(child) if isinstance(child, Node)
        else _PERIOD.sub(r"\1", child)
        for child in node.children
    ]
    return node.with_children(children)
