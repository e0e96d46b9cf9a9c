"""Output formats: a rendered :class:`Node` tree as text, HTML, Markdown, RTF or terminal text.

The tree is first flattened into tokens, where punctuation is tidied across
element seams (doubled periods and spaces, CSL 1.0.2 § Punctuation) and moved
inside closing quotes when the locale asks (``punctuation-in-quote``). A writer
then escapes text and marks up fonts; nested quotes alternate between outer and
inner marks, and a font inside the same font flips back to normal, as in
citeproc-js.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from typing import NamedTuple

from citekit.csl.markup import Markup
from citekit.csl.rich import FONT_ATTRIBUTES, NEUTRAL_VALUES, Node
from citekit.patterns import lazy_compile

# A rendered bibliography entry: the text, or (margin label, text) under second-field-align.
Entry = str | tuple[str, str]


class Quotes(NamedTuple):
    """The locale's quotation marks and whether periods and commas go inside them."""

    open: str = "\u201c"
    close: str = "\u201d"
    open_inner: str = "\u2018"
    close_inner: str = "\u2019"
    punctuation_in_quote: bool = False


# ---- tokens ---------------------------------------------------------------------------------

class _Text:
    __slots__ = ("text", "affix", "owner")

    def __init__(self, text: str, affix: bool, owner: Node | None = None) -> None:
        self.text = text
        self.affix = affix
        self.owner = owner  # the outermost affix node the text belongs to


class _Open:
    __slots__ = ("node",)

    def __init__(self, node: Node) -> None:
        self.node = node


class _Close:
    __slots__ = ("node", "owner")

    def __init__(self, node: Node, owner: Node | None = None) -> None:
        self.node = node
        self.owner = owner  # the outermost affix node the closing belongs to


_Token = _Text | _Open | _Close


def _tokens(node: Node) -> list[_Token]:
    tokens: list[_Token] = []
    _add_tokens(node, None, tokens)
    return tokens


def _add_tokens(node: Node, owner: Node | None, tokens: list[_Token]) -> bool:
    """Add the tokens of a node that prints something (see ``Node.is_empty``); True when it has text.

    Emptiness is found on the way up, rather than asked of every node on the way down. A node
    that sets no display, font or quotes writes nothing of its own, so it opens and closes nothing.
    """
    start = len(tokens)
    owner = owner or (node if node.affix else None)
    styled = bool(node.display or node.formatting or node.quotes)
    if styled:
        tokens.append(_Open(node))
    has_text = False
    for child in node.children:
        if isinstance(child, Node):
            has_text = _add_tokens(child, owner, tokens) or has_text
        elif child:
            tokens.append(_Text(child, owner is not None, owner))
            has_text = True
    if not has_text and not node.quotes:
        del tokens[start:]
        return False
    if styled:
        tokens.append(_Close(node, owner))
    return has_text


def _merge(before: str, after: str) -> str:
    """How two punctuation marks meeting at a seam combine (citeproc-js's table).

    Returns ``"both"``, ``"first"`` (drop the second) or ``"second"`` (drop the first).
    """
    if before == after:
        return "first"
    if after in ".:" and before in ":;!?":
        return "first"
    if after in "!?" and before in ":;":
        return "second"
    return "both"


_PUNCTUATION = ".,;:!?"


def _tidy_seams(tokens: list[_Token]) -> None:
    """Merge punctuation where two pieces of output meet (``?.`` → ``?``, ``;:`` → ``;``)."""
    previous: _Text | None = None
    for token in tokens:
        if not isinstance(token, _Text) or not token.text:
            continue
        if previous is not None and (token.affix or previous.affix):
            _join(previous, token)
        if token.text:
            previous = token


def _join(previous: _Text, token: _Text) -> None:
    if previous.text.endswith(" ") and token.text.startswith(" "):
        token.text = token.text.lstrip(" ")
    before, after = previous.text[-1:], token.text[:1]
    if before and after and before in _PUNCTUATION and after in _PUNCTUATION:
        merged = _merge(before, after)
        if merged == "first":
            token.text = token.text[1:]
        elif merged == "second":
            previous.text = previous.text[:-1]


def _move_punctuation_into_quotes(tokens: list[_Token]) -> None:
    """``“Title”,`` → ``“Title,”``: a style's punctuation after a quotation goes inside it.

    The mark goes into the innermost quotation that closes there
    (``“This is ‘The One.’”``); punctuation of the record's own text never moves, nor
    does a cite prefix's or suffix's into a quotation written in that same affix (citeproc-js
    moves only the suffixes attached to a quoted piece, never text that follows it).
    """
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not isinstance(token, _Text) or not token.affix or not token.text or token.text[0] not in ".,!?":
            index += 1
            continue
        start = index
        while start > 0 and not isinstance(tokens[start - 1], _Text):
            start -= 1
        quote = next((i for i in range(start, index)
                      if isinstance(tokens[i], _Close) and tokens[i].node.quotes), None)  # type: ignore[union-attr]
        if quote is None or tokens[quote].owner is token.owner:  # type: ignore[union-attr]
            index += 1
            continue
        mark, token.text = token.text[0], token.text[1:]
        moved = _Text(mark, True)
        inside = next((t for t in reversed(tokens[:start]) if isinstance(t, _Text) and t.text), None)
        if inside is not None:
            _join(inside, moved)
        if moved.text:
            tokens.insert(quote, moved)
            index += 1
        index += 1


# ---- writers --------------------------------------------------------------------------------

class Writer:
    """Escaping and markup of one output format; the base writes plain text."""

    # (attribute, value) → opening and closing markup; a font a format lacks is left out.
    _FONTS: dict[tuple[str, str], tuple[str, str]] = {}

    def escape(self, text: str) -> str:
        """Text as it must appear in the output."""
        return text

    def font(self, attribute: str, value: str) -> tuple[str, str]:
        """Opening and closing markup for a font setting (``("", "")`` when the format has none)."""
        return self._FONTS.get((attribute, value), ("", ""))

    def display(self, value: str) -> tuple[str, str]:
        """Opening and closing markup for a CSL ``display`` value."""
        return "", ""


class TextWriter(Writer):
    """Plain text, with citeproc-js's line breaks and spaces for display blocks."""

    _DISPLAY = {"block": ("\n", ""), "left-margin": ("", " "), "indent": ("\n    ", "")}

    def display(self, value: str) -> tuple[str, str]:
        """A block or an indented paragraph on a line of its own; a space after a margin label."""
        return self._DISPLAY.get(value, ("", ""))


class HtmlWriter(Writer):
    """HTML as citeproc-js writes it."""

    _FONTS = {
        ("font-style", "italic"): ("<i>", "</i>"),
        ("font-style", "oblique"): ("<em>", "</em>"),
        ("font-weight", "bold"): ("<b>", "</b>"),
        ("vertical-align", "sup"): ("<sup>", "</sup>"),
        ("vertical-align", "sub"): ("<sub>", "</sub>"),
    }

    def escape(self, text: str) -> str:
        """Escape ``&``, ``<`` and ``>`` as citeproc-js does, and write superscript letters as ``<sup>``."""
        text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
        return text.translate(_superscripts())

    def font(self, attribute: str, value: str) -> tuple[str, str]:
        """A tag for italics, bold and sub/superscript, else a styled span."""
        if (attribute, value) in self._FONTS:
            return self._FONTS[attribute, value]
        if attribute == "vertical-align":
            return '<span style="baseline">', "</span>"
        return f'<span style="{attribute}:{value};">', "</span>"

    def display(self, value: str) -> tuple[str, str]:
        """citeproc-js's ``csl-block``, ``csl-left-margin``, ``csl-right-inline`` and ``csl-indent``."""
        if value == "block":
            return '\n\n    <div class="csl-block">', "</div>\n"
        if value == "left-margin":
            return '\n    <div class="csl-left-margin">', "</div>"
        if value == "right-inline":
            return '<div class="csl-right-inline">', "</div>\n  "
        if value == "indent":
            return '<div class="csl-indent">', "</div>\n  "
        return "", ""


@cache
def _superscripts() -> dict[int, str]:
    """Unicode superscript characters (``ª``, ``²``, ``ᵉ``, ``™``) as ``<sup>`` of their base letters."""
    # Modifier letters that citeproc-js also writes as superscripts of their base letters.
    table = {0x02C0: "<sup>\u0294</sup>", 0x02C1: "<sup>\u0295</sup>", 0x06E5: "<sup>\u0648</sup>",
             0x06E6: "<sup>\u064a</sup>"}
    for code in range(0x00A0, 0x10000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition.startswith("<super> "):
            base = "".join(chr(int(part, 16)) for part in decomposition.split()[1:])
            table[code] = f"<sup>{base}</sup>"
    return table


# ``@`` starts a pandoc citation; ``&`` only before what could be an entity (``&amp;``, ``&#60;``).
_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#^~$|@"})
_MARKDOWN_ENTITY = lazy_compile(r"&(?=[#A-Za-z])")


class MarkdownWriter(Writer):
    """Pandoc Markdown: ``*italic*``, ``**bold**``, ``^sup^``, ``~sub~``, small caps as a span."""

    _FONTS = {
        ("font-style", "italic"): ("*", "*"), ("font-style", "oblique"): ("*", "*"),
        ("font-weight", "bold"): ("**", "**"), ("vertical-align", "sup"): ("^", "^"),
        ("vertical-align", "sub"): ("~", "~"), ("font-variant", "small-caps"): ("[", "]{.smallcaps}"),
        ("text-decoration", "underline"): ("[", "]{.underline}"),
    }

    def escape(self, text: str) -> str:
        """Backslash-escape the characters Markdown would read as markup; a line break is a space.

        (A line break inside a paragraph reads as a space anyway; two would end the paragraph.)
        """
        return _MARKDOWN_ENTITY.sub(r"\\&", text.translate(_MARKDOWN_SPECIALS)).replace("\n", " ")


class RtfWriter(Writer):
    """RTF groups; non-ASCII text is encoded when the document is put together."""

    _FONTS = {
        ("font-style", "italic"): ("{\\i ", "}"), ("font-style", "oblique"): ("{\\i ", "}"),
        ("font-style", "normal"): ("{\\i0 ", "}"), ("font-weight", "bold"): ("{\\b ", "}"),
        ("font-weight", "normal"): ("{\\b0 ", "}"), ("vertical-align", "sup"): ("{\\super ", "}"),
        ("vertical-align", "sub"): ("{\\sub ", "}"), ("font-variant", "small-caps"): ("{\\scaps ", "}"),
        ("font-variant", "normal"): ("{\\scaps0 ", "}"), ("text-decoration", "underline"): ("{\\ul ", "}"),
        ("text-decoration", "none"): ("{\\ul0 ", "}"),
    }

    def escape(self, text: str) -> str:
        """Escape RTF's control characters ``\\``, ``{`` and ``}``."""
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")


class TerminalWriter(Writer):
    """ANSI SGR codes for the CLI to draw with rich."""

    _FONTS = {
        ("font-style", "italic"): ("\x1b[3m", "\x1b[23m"), ("font-style", "oblique"): ("\x1b[3m", "\x1b[23m"),
        ("font-weight", "bold"): ("\x1b[1m", "\x1b[22m"), ("font-weight", "light"): ("\x1b[2m", "\x1b[22m"),
        ("text-decoration", "underline"): ("\x1b[4m", "\x1b[24m"),
    }


def serialize(node: Node, writer: Writer, quotes: Quotes) -> str:
    """The tree as one string of the writer's format."""
    tokens = _tokens(node)
    _tidy_seams(tokens)
    if quotes.punctuation_in_quote:
        _move_punctuation_into_quotes(tokens)
    out: list[str] = []
    active: dict[str, list[str]] = {name: [] for name in FONT_ATTRIBUTES}
    closers: list[list[str]] = []
    open_quotes: list[bool] = []  # for each open quotation: inner marks?
    for token in tokens:
        if isinstance(token, _Text):
            out.append(writer.escape(token.text.translate(_CONTROL_CHARACTERS)))
        elif isinstance(token, _Open):
            opened, closing = _open(token.node, writer, active, open_quotes, quotes)
            out.append(opened)
            closers.append(closing)
        else:
            if token.node.quotes:
                open_quotes.pop()
            for attribute in token.node.formatting:
                if attribute in active:
                    active[attribute].pop()
            out.append("".join(reversed(closers.pop())))
    return "".join(out)


# Control characters are never text. Item fields arrive cleaned, but a date written as text does
# not, and its escape sequences must not reach a terminal. Tabs and line feeds stay, as a style may
# write them (a layout delimiter of "&#10;"); U+2028 and U+2029 (line breaks to str.splitlines, which
# the terminal output is split with) become spaces.
_CONTROL_CHARACTERS = str.maketrans(
    {chr(code): None for code in [*range(0x20), *range(0x7F, 0xA0)] if code not in (0x09, 0x0A)}
    | {"\u2028": " ", "\u2029": " "}
)


def _open(node: Node, writer: Writer, active: dict[str, list[str]], open_quotes: list[bool],
          quotes: Quotes) -> tuple[str, list[str]]:
    opening: list[str] = []
    closing: list[str] = []
    if node.display:
        before, after = writer.display(node.display)
        opening.append(before)
        closing.append(after)
    from_field = isinstance(node, Markup)
    for attribute, value in reversed(node.formatting.items()):  # the first written goes innermost
        if attribute not in active:
            continue
        current = active[attribute][-1] if active[attribute] else NEUTRAL_VALUES[attribute]
        shown = value
        # Markup from a field flips back to normal inside the same font (citeproc-js's flip-flop).
        if from_field and value == current and value != NEUTRAL_VALUES[attribute] \
                and attribute != "vertical-align":
            shown = NEUTRAL_VALUES[attribute]
        active[attribute].append(shown)
        if shown == current:
            continue
        before, after = writer.font(attribute, shown)
        opening.append(before)
        closing.append(after)
    if node.quotes:
        # A quotation inside another takes the other marks; alone, a field's inner quotation keeps its own.
        inner = not open_quotes[-1] if open_quotes else from_field and node.inner_quotes  # type: ignore[attr-defined]
        open_quotes.append(inner)
        opening.append(writer.escape(quotes.open_inner if inner else quotes.open))
        closing.append(writer.escape(quotes.close_inner if inner else quotes.close))
    return "".join(opening), closing


# ---- documents ------------------------------------------------------------------------------

class OutputFormat(NamedTuple):
    """A writer and how a list of entries or citations becomes one document."""

    writer: Writer
    entry: Callable[[Entry], str]
    bibliography: Callable[[Sequence[str]], str]
    citations: Callable[[Sequence[str]], str]


def _lines(items: Sequence[str]) -> str:
    return "".join(f"{item}\n" for item in items)


def _text_entry(entry: Entry) -> str:
    # A margin label is followed by one space (how citeproc-js's text output reads).
    return f"{entry[0].strip()} {entry[1].strip()}" if isinstance(entry, tuple) else entry.strip()


def _html_entry(entry: Entry) -> str:
    if isinstance(entry, tuple):
        # Spaces between the margin and the body stay in their blocks ("[1]</div><div …> B. D’Arcus");
        # one that opens the entry or closes it goes outside the blocks, as citeproc-js moves it.
        label, body = entry
        lead, trail = label[:len(label) - len(label.lstrip())], body[len(body.rstrip()):]
        margin_open, margin_close = _HTML.display("left-margin")
        body_open, body_close = _HTML.display("right-inline")
        return (f'<div class="csl-entry">{lead}{margin_open}{label.lstrip()}{margin_close}'
                f"{body_open}{body.rstrip()}{body_close}{trail}</div>")
    return f'<div class="csl-entry">{entry}</div>'


_HTML = HtmlWriter()


def _html_bibliography(entries: Sequence[str]) -> str:
    return '<div class="csl-bib-body">\n' + "".join(f"  {e}\n" for e in entries) + "</div>\n"


def _paragraphs(items: Sequence[str]) -> str:
    return "\n\n".join(items) + "\n" if items else ""


# What opens a list item, a definition or a setext underline at the start of a line in pandoc:
# a bullet (``-``, ``+``), ``:`` or ``=``, or an enumerator (``1.``, ``a)``, ``(iv)``) before a space.
_ENUMERATOR = r"(?:\d+|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)"
_MARKDOWN_BLOCK_MARKER = lazy_compile(rf"([-+:=])|\({_ENUMERATOR}(\))(?=\s|$)|{_ENUMERATOR}([.)])(?=\s|$)")


def _markdown_line(text: str) -> str:
    """A Markdown line that stays a paragraph: a leading list or block marker is escaped."""
    marker = _MARKDOWN_BLOCK_MARKER.match(text)
    if marker is None:
        return text
    at = marker.start(marker.lastindex or 0)  # the bullet, or the delimiter after the enumerator
    return f"{text[:at]}\\{text[at:]}"


def _markdown_paragraphs(items: Sequence[str]) -> str:
    return _paragraphs([_markdown_line(item) for item in items])


def _markdown_lines(items: Sequence[str]) -> str:
    return _lines([_markdown_line(item) for item in items])


def _rtf_unicode(text: str) -> str:
    """Encode non-ASCII characters as RTF ``\\uN?`` escapes (N a signed 16-bit unit)."""
    out = []
    for char in text:
        if ord(char) < 128:
            out.append(char)
            continue
        encoded = char.encode("utf-16-le")  # characters beyond the BMP become surrogates
        for i in range(0, len(encoded), 2):
            out.append(f"\\u{int.from_bytes(encoded[i:i + 2], 'little', signed=True)}?")
    return "".join(out)


def _rtf_document(paragraphs: Sequence[str]) -> str:
    body = "".join(f"{paragraph}\\par\n" for paragraph in paragraphs)
    return _rtf_unicode("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n" + body + "}\n")


def _rtf_entry(entry: Entry) -> str:
    return f"{entry[0].rstrip()}\\tab {entry[1].lstrip()}" if isinstance(entry, tuple) else entry


OUTPUT_FORMATS: dict[str, OutputFormat] = {
    "text": OutputFormat(TextWriter(), _text_entry, _lines, _lines),
    "html": OutputFormat(_HTML, _html_entry, _html_bibliography, _lines),
    "markdown": OutputFormat(MarkdownWriter(), _text_entry, _markdown_paragraphs, _markdown_lines),
    "rtf": OutputFormat(RtfWriter(), _rtf_entry, _rtf_document, _rtf_document),
    "terminal": OutputFormat(TerminalWriter(), _text_entry, _lines, _lines),
}
