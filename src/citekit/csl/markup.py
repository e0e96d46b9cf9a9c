"""Rich text inside field values, read into formatting-tree nodes the way citeproc-js reads it.

CSL-JSON values may carry a small HTML-like markup (``<i>``, ``<b>``, ``<sup>``,
``<sub>``, ``<sc>``, small-caps and ``nocase``/``nodecor`` spans) and quotation
marks, straight or typographic. citeproc-js (``src/util_flipflop.js``) pairs them
with a tag stack: a closing tag that does not match the innermost open one turns
the open tags above its partner back into literal text, unknown tags are never
tags at all, and straight single quotes that do not pair become apostrophes.
:func:`parse_field` follows those rules; the nodes it makes are :class:`Markup`
nodes, whose fonts and quotation marks flip against the enclosing ones when the
tree is rendered (see :class:`Markup`).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from citekit.csl.rich import Node
from citekit.patterns import lazy_compile


class Markup(Node):
    """A node made from markup or quotation marks inside a field value.

    Rendering rules (citeproc-js's flip-flop): an italic, bold or small-caps
    ``Markup`` node inside text already set that way renders in the normal
    font instead (italic inside italic is upright); ``vertical-align`` is
    absolute. A ``Markup`` node with ``quotes`` takes the opposite marks of
    the nearest enclosing quotation (style or field); with none around it, it
    takes the inner marks when ``inner_quotes`` is set and the outer ones
    otherwise. ``normal`` values (from ``nodecor``) print only under an
    enclosing node that sets the attribute to something else.
    """

    __slots__ = ("inner_quotes",)

    def __init__(self, children: list[Node | str] | None = None, formatting: dict[str, str] | None = None,
                 quotes: bool = False, nocase: bool = False, display: str | None = None,
                 affix: bool = False, inner_quotes: bool = False) -> None:
        super().__init__(children, formatting, quotes, nocase, display, affix)
        self.inner_quotes = inner_quotes

    def settings(self) -> dict[str, object]:
        """A node's settings and ``inner_quotes``."""
        return {**super().settings(), "inner_quotes": self.inner_quotes}

    def with_children(self, children: list[Node | str]) -> Node:
        """A copy holding ``children``, with formatting of its own to change."""
        return Markup(children, dict(self.formatting), self.quotes, self.nocase, self.display, self.affix,
                      self.inner_quotes)


class QuoteMarks(NamedTuple):
    """A locale's quotation-mark terms: ``open-quote``, ``close-quote`` and the inner pair."""

    open: str
    close: str
    open_inner: str
    close_inner: str


ENGLISH_QUOTES = QuoteMarks("\u201c", "\u201d", "\u2018", "\u2019")

# nodecor undoes the fonts of the text around it (citeproc-js: every enclosing font goes normal).
_NODECOR = {"font-style": "normal", "font-weight": "normal", "font-variant": "normal"}

# Markup tags: the closing tag, the formatting, and whether text-case leaves the text alone
# (citeproc-js's text-case skips nocase, nodecor, small caps, superscript and subscript).
_MARKUP: dict[str, tuple[str, dict[str, str], bool]] = {
    '<span class="nocase">': ("</span>", {}, True),
    '<span class="nodecor">': ("</span>", _NODECOR, True),
    '<span style="font-variant:small-caps;">': ("</span>", {"font-variant": "small-caps"}, True),
    "<sc>": ("</sc>", {"font-variant": "small-caps"}, True),
    "<i>": ("</i>", {"font-style": "italic"}, False),
    "<b>": ("</b>", {"font-weight": "bold"}, False),
    "<sup>": ("</sup>", {"vertical-align": "sup"}, True),
    "<sub>": ("</sub>", {"vertical-align": "sub"}, True),
}

# Straight quotes open after a space or an opening parenthesis (the string gets a leading
# space, so the start of the value counts) and close anywhere else.
_STRAIGHT_OPENERS = {' "': '"', " '": "'", '("': '"', "('": "'"}
_STRAIGHT = ('"', "'", ' "', " '")
_APOSTROPHE = "\u2019"

# Letters and digits of the scripts citeproc-js treats as "romanesque": a typographic
# apostrophe between two of them is an apostrophe, never a closing quote.
ROMANESQUE = (
    "[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)
_INWORD_APOSTROPHE = lazy_compile(f"({ROMANESQUE})\u2019({ROMANESQUE})")
_JS_SPACE = "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
_SPACES_BEFORE_SINGLE_QUOTE = lazy_compile(f"{_JS_SPACE}+'")
_LEADING_QUOTE = lazy_compile(f"{_JS_SPACE}+['\"]")
_SPACE_BEFORE_HIGH_PUNCTUATION = lazy_compile(" ([:;?!\u00bb])")
_SMALL_CAPS_SPAN = lazy_compile(r'<span\s+style="font-variant:\s*small-caps;?"[^>]*>')
_CLASS_SPAN = lazy_compile(r'<span\s+class="(no(?:case|decor))"[^>]*>')


class _Tag:
    """A tag found in the value: its text as matched, and its text in the value."""

    __slots__ = ("text", "original", "typographic")

    def __init__(self, text: str, original: str, typographic: bool = False) -> None:
        self.text = text
        self.original = original
        self.typographic = typographic  # a typographic apostrophe read as a straight one


class _Open:
    """A tag waiting for its closing tag."""

    __slots__ = ("position", "closer")

    def __init__(self, position: int, closer: str) -> None:
        self.position = position
        self.closer = closer


class _Fragment:
    """Text of the result; ``alone`` keeps a typographic apostrophe a leaf of its own."""

    __slots__ = ("text", "alone")

    def __init__(self, text: str, alone: bool = False) -> None:
        self.text = text
        self.alone = alone


class _Doppel:
    """The value split into tags and the strings around them (``strings[i]`` precedes ``tags[i]``)."""

    __slots__ = ("tags", "strings", "openers")

    def __init__(self, tags: list[_Tag | None], strings: list[list[_Fragment]],
                 openers: dict[str, str]) -> None:
        self.tags = tags
        self.strings = strings
        self.openers = openers  # opening tag -> its closing tag

    def prepend(self, position: int, fragments: list[_Fragment]) -> None:
        """Put text at the start of the string after tag ``position`` and drop the tag."""
        self.strings[position + 1][:0] = fragments
        self.tags[position] = None

    def literal(self, position: int) -> None:
        """Turn tag ``position`` back into the text it was."""
        tag = self.tags[position]
        assert tag is not None
        self.prepend(position, _raw_fragments(tag.original))


def _raw_fragments(text: str) -> list[_Fragment]:
    """Text from the value, each typographic apostrophe a fragment of its own.

    citeproc-js cases a title before it reads the markup, and its text-case
    treats ``’`` as a word boundary but a straight ``'`` as part of a word;
    keeping the typographic ones apart lets :mod:`citekit.csl.textcase` tell
    them apart after both have become ``’``.
    """
    return [_Fragment(part, part == _APOSTROPHE) for part in re.split("(\u2019)", text) if part]


def _prepare(text: str) -> str:
    """What citeproc-js does to every string it outputs before reading its markup."""
    # Narrow no-break space before high punctuation and inside guillemets (French typography).
    text = _SPACE_BEFORE_HIGH_PUNCTUATION.sub("\u202f\\1", text).replace("\u00ab ", "\u00ab\u202f")
    text = _SPACES_BEFORE_SINGLE_QUOTE.sub(" '", text)
    text = _SMALL_CAPS_SPAN.sub('<span style="font-variant:small-caps;">', text)
    return _CLASS_SPAN.sub(r'<span class="\1">', text)


class _Syntax(NamedTuple):
    """The tags of a locale: quotation openers (closer, inner?), all openers, and a pattern for any tag."""

    quotes: dict[str, tuple[str, bool]]
    openers: dict[str, str]
    pattern: re.Pattern[str]
    # Text without a match has no tag, quotation mark or apostrophe, and nothing _prepare changes.
    special: re.Pattern[str]


@functools.lru_cache(maxsize=16)
def _syntax(marks: QuoteMarks) -> _Syntax:
    """The tags citeproc-js's flip-flopper knows under a locale's quotation marks."""
    quotes = {opener: (closer, opener.endswith("'")) for opener, closer in _STRAIGHT_OPENERS.items()}
    # A locale's typographic marks pair too; straight marks in a locale add nothing.
    if marks.open and marks.close and marks.open not in _STRAIGHT:
        quotes[marks.open] = (marks.close, False)
    if marks.open_inner and marks.close_inner and marks.open_inner not in _STRAIGHT:
        quotes[marks.open_inner] = (marks.close_inner, True)
    openers = {opener: closer for opener, (closer, _, _) in _MARKUP.items()}
    openers.update({opener: closer for opener, (closer, _) in quotes.items()})
    # At one position an opener wins over a closer, as in citeproc-js's alternation.
    tags = [*openers, *dict.fromkeys(openers.values())]
    special = ["[<\"'\u2019\u00ab]", " [:;?!\u00bb]", *(re.escape(mark) for mark in marks if mark)]
    return _Syntax(quotes, openers, re.compile("|".join(re.escape(tag) for tag in tags)),
                   re.compile("|".join(special)))


def _split(text: str, syntax: _Syntax) -> _Doppel:
    """Tags and strings of ``text`` (which starts with the space citeproc-js adds)."""
    # In-word typographic apostrophes read as straight ones (left to right, without overlap).
    inword = {match.start(1) + 1 for match in _INWORD_APOSTROPHE.finditer(text)}
    working = "".join("'" if index in inword else char for index, char in enumerate(text))
    tags: list[_Tag | None] = []
    strings: list[list[_Fragment]] = []
    start = 0
    for match in syntax.pattern.finditer(working):
        strings.append(_raw_fragments(text[start:match.start()]))
        tags.append(_Tag(match.group(), match.group(), match.start() in inword))
        start = match.end()
    strings.append(_raw_fragments(text[start:]))
    _force_spaces(tags, strings, syntax.openers)
    return _Doppel(tags, strings, syntax.openers)


def _force_spaces(tags: list[_Tag | None], strings: list[list[_Fragment]], openers: dict[str, str]) -> None:
    """A straight quote right after an opening tag opens a quotation (``<i>"Title"</i>``)."""
    for index in range(len(tags) - 1):
        tag, following = tags[index], tags[index + 1]
        if tag and following and tag.text in openers and not strings[index + 1]:
            if following.text in ('"', "'"):
                following.text = " " + following.text


def _apostrophe(tag: _Tag, following: str) -> list[_Fragment] | None:
    """The apostrophe a single quote is, by what follows it, or None for a quotation mark."""
    if tag.text == "'" and following and following[0] not in ",.?:; ":
        return [_Fragment(_APOSTROPHE, tag.typographic)]
    if tag.text == " '" and following.startswith(" "):
        return [_Fragment(" " + _APOSTROPHE)]
    return None


def _pair(doppel: _Doppel) -> None:
    """Match tags as citeproc-js does; what does not pair becomes text or an apostrophe."""
    stack: list[_Open] = []
    for index, tag in enumerate(doppel.tags):
        assert tag is not None
        following = "".join(fragment.text for fragment in doppel.strings[index + 1])
        apostrophe = _apostrophe(tag, following)
        if apostrophe:
            doppel.prepend(index, apostrophe)
        elif tag.text in doppel.openers:
            stack.append(_Open(index, doppel.openers[tag.text]))
        else:
            _close(doppel, stack, index, tag)
    # Tags still open at the end are text; an opening single quote is an apostrophe.
    for opened in reversed(stack):
        tag = doppel.tags[opened.position]
        assert tag is not None
        if tag.text == " '":
            doppel.prepend(opened.position, [_Fragment(tag.original[:-1] + _APOSTROPHE)])
        else:
            doppel.literal(opened.position)


def _close(doppel: _Doppel, stack: list[_Open], index: int, tag: _Tag) -> None:
    """Close the innermost open tag that ``tag`` closes; tags opened inside it become text."""
    while stack and stack[-1].closer != tag.text:
        if tag.text == "'":
            # A single quote that closes nothing is an apostrophe.
            doppel.prepend(index, [_Fragment(_APOSTROPHE, tag.typographic)])
            return
        doppel.literal(stack.pop().position)
    if stack:
        stack.pop()
    elif tag.text == "'":
        doppel.prepend(index, [_Fragment(_APOSTROPHE, tag.typographic)])
    else:
        doppel.literal(index)


def _compact(doppel: _Doppel) -> tuple[list[_Tag], list[list[_Fragment]]]:
    """The tags that paired, with the strings between them joined up."""
    tags: list[_Tag] = []
    strings: list[list[_Fragment]] = [list(doppel.strings[0])]
    for tag, following in zip(doppel.tags, doppel.strings[1:], strict=True):
        if tag is None:
            strings[-1].extend(following)
        else:
            tags.append(tag)
            strings.append(list(following))
    return tags, strings


def _restore_quote_leads(tags: list[_Tag], strings: list[list[_Fragment]]) -> None:
    """Give back the space or parenthesis a straight opening quote was matched with."""
    for index, tag in enumerate(tags):
        if tag.text in _STRAIGHT_OPENERS and tag.original == tag.text:
            strings[index].append(_Fragment(tag.text[0]))


def _strip_added_space(strings: list[list[_Fragment]], leading_space: bool) -> None:
    """Undo the space citeproc-js adds in front (it strips up to two, then restores one)."""
    first = strings[0]
    if leading_space:
        first.insert(0, _Fragment(" "))
    for _ in range(2):
        while first and not first[0].text:
            first.pop(0)
        if first and first[0].text.startswith(" "):
            first[0] = _Fragment(first[0].text[1:], first[0].alone)


def _outer_single(tags: list[_Tag]) -> bool:
    """Whether single quotes are the outer form: the first straight quotation sets it."""
    for tag in tags:
        if tag.text in _STRAIGHT_OPENERS:
            return tag.text.endswith("'")
    return False


def _append(children: list[Node | str], fragments: list[_Fragment]) -> None:
    """Add text at the end of a node's children (which end in a node or are empty).

    A run of fragments becomes one leaf; a typographic apostrophe is a leaf of its own.
    """
    joinable = False
    for fragment in fragments:
        if not fragment.text:
            continue
        if joinable and not fragment.alone:
            children[-1] = f"{children[-1]}{fragment.text}"
        else:
            children.append(fragment.text)
        joinable = not fragment.alone


def _markup_node(tag: _Tag, quotes: dict[str, tuple[str, bool]], outer_single: bool) -> Markup:
    """The node an opening tag stands for."""
    if tag.text in _MARKUP:
        _, formatting, nocase = _MARKUP[tag.text]
        return Markup(formatting=dict(formatting), nocase=nocase)
    inner = quotes[tag.text][1]
    if tag.text in _STRAIGHT_OPENERS:
        inner = inner != outer_single
    return Markup(quotes=True, inner_quotes=inner)


def _build(tags: list[_Tag], strings: list[list[_Fragment]], quotes: dict[str, tuple[str, bool]]) -> Node:
    """The tree of the paired tags and the text between them."""
    root = Node()
    stack: list[Node] = [root]
    outer_single = _outer_single(tags)
    _append(root.children, strings[0])
    for tag, following in zip(tags, strings[1:], strict=True):
        if tag.text in _MARKUP or tag.text in quotes:
            node = _markup_node(tag, quotes, outer_single)
            stack[-1].children.append(node)
            stack.append(node)
        else:
            stack.pop()
        _append(stack[-1].children, following)
    return root


def parse_field(text: str, marks: QuoteMarks = ENGLISH_QUOTES) -> Node:
    """The formatting tree of a field value with citeproc-js's rich text (``util_flipflop.js``).

    ``marks`` are the locale's quotation-mark terms: its typographic marks
    pair up as quotations, other typographic marks stay text. Straight quotes
    pair when an opening one follows a space or ``(``; a straight single quote
    that pairs with nothing is an apostrophe (``Rossum's`` → ``Rossum’s``).
    Unknown tags and tags that do not pair stay literal text, to be escaped by
    the output format. Apply text-case to the result with
    :func:`citekit.csl.textcase.apply_text_case`.
    """
    syntax = _syntax(marks)
    if not syntax.special.search(text):  # plain text, most values: what the steps below would give
        return Node([text] if text else [])
    text = _prepare(text)
    leading_space = text.startswith(" ") and not _LEADING_QUOTE.match(text)
    doppel = _split(" " + text, syntax)
    _pair(doppel)
    tags, strings = _compact(doppel)
    _restore_quote_leads(tags, strings)
    _strip_added_space(strings, leading_space)
    return _build(tags, strings, syntax.quotes)
