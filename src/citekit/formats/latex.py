r"""LaTeX and Unicode: what BibTeX and BibLaTeX fields hold, both ways.

Decoding turns accents, specials, ``--`` dashes and font commands (``\\textit``...) into
Unicode and CSL rich text (``<i>``, ``<span class="nocase">``); encoding writes Unicode
back as LaTeX, every accented letter one braced command (``{\\v{c}}``) when 8-bit safe.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

_ACCENTS = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304", "u": "\u0306",
    ".": "\u0307", '"': "\u0308", "r": "\u030a", "H": "\u030b", "v": "\u030c", "d": "\u0323",
    "c": "\u0327", "k": "\u0328", "b": "\u0331",
}
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ae": "æ", "AE": "Æ", "oe": "œ",
    "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ", "dj": "đ", "DJ": "Đ", "th": "þ",
    "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
}
_SYMBOLS = {
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^", "textless": "<",
    "textgreater": ">", "textbar": "|", "textunderscore": "_", "textdollar": "$",
    "textbraceleft": "{", "textbraceright": "}", "textquoteleft": "‘", "textquoteright": "’",
    "textquotedblleft": "“", "textquotedblright": "”", "textquotedbl": '"',
    "textendash": "–", "textemdash": "—", "dots": "…", "textellipsis": "…", "texteuro": "€",
    "euro": "€", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e",
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ",
    "\\": " ", ",": " ", ";": " ", ":": " ", "-": "", "/": "", "@": "",
}
_FONT_COMMANDS = {
    "textit": "i", "emph": "i", "mkbibemph": "i", "textsl": "i", "textbf": "b", "mkbibbold": "b",
    "textsc": "sc", "textsuperscript": "sup", "mkbibsuperscript": "sup",
    "textsubscript": "sub", "mkbibsubscript": "sub",
}
_FONT_SWITCHES = {
    "em": "i", "it": "i", "itshape": "i", "sl": "i", "slshape": "i", "bf": "b", "bfseries": "b",
    "sc": "sc", "scshape": "sc",
}
_TAGS = {
    "i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"), "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "nocase": ('<span class="nocase">', "</span>"),
}
_VERBATIM_COMMANDS = frozenset({"url", "nolinkurl", "path"})
_QUOTE_COMMANDS = frozenset({"enquote", "mkbibquote"})
# Sorting hacks whose argument is never printed.
_SILENT_COMMANDS = frozenset({"noopsort", "sortkey", "SortNoop"})

_LATEX_TOKEN = re.compile(
    r"\\([A-Za-z]+)[ \t\r\n]*|\\(.)|([{}])|(\$[^$]+\$)|([^\\{}$]+)|(.)", re.S
)


@dataclass
class Group:
    children: list[_Node]
    source: str


@dataclass
class _Command:
    name: str


@dataclass
class _Math:
    source: str


_Node = str | Group | _Command | _Math


def parse_latex(text: str) -> list[_Node]:
    """A tree of text, brace groups, commands and math; unbalanced braces count as text."""
    root: list[_Node] = []
    current = root
    stack: list[tuple[list[_Node], int]] = []
    for match in _LATEX_TOKEN.finditer(text):
        word, symbol, brace, math = match.group(1, 2, 3, 4)
        if brace == "{":
            stack.append((current, match.end()))
            current = []
        elif brace == "}" and stack:
            parent, start = stack.pop()
            parent.append(Group(current, text[start : match.start()]))
            current = parent
        elif word or symbol:
            current.append(_Command(word or symbol))
        elif math:
            current.append(_Math(math))
        else:
            current.append(match.group())
    while stack:  # an unclosed group ends with the text
        parent, start = stack.pop()
        parent.append(Group(current, text[start:]))
        current = parent
    return root


class _Decoder:
    """Renders a LaTeX tree as Unicode text, with CSL rich-text tags where ``rich``."""

    def __init__(self, mode: str) -> None:
        self.rich = mode in ("title", "rich")
        self.protect = mode == "title"
        self.ranges = mode == "range"

    def render(self, nodes: list[_Node]) -> str:
        nodes = list(nodes)  # arguments are cut from text runs in place
        out: list[str] = []
        index = 0
        while index < len(nodes):
            node = nodes[index]
            index += 1
            if isinstance(node, str):
                out.append(self.text(node))
            elif isinstance(node, _Math):
                out.append(self.math(node.source))
            elif isinstance(node, Group):
                out.append(self.group(node))
            else:
                index = self.command(node.name, nodes, index, out)
        return "".join(out)

    def text(self, text: str) -> str:
        if self.ranges:
            text = re.sub("-{2,3}", "-", text)
        text = text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
        return text.replace("~", "\u00a0")  # a tie is a no-break space in any field

    def tag(self, kind: str, content: str) -> str:
        if not self.rich or not content:
            return content
        opening, closing = _TAGS[kind]
        return opening + content + closing

    def group(self, group: Group) -> str:
        if group.children and isinstance(group.children[0], _Command):
            return self.render(group.children)  # a special character such as {\v{c}} or {\em ...}
        if not self.protect:
            return self.render(group.children)
        # Braces stop BibTeX changing case; only a lower-case word needs CSL's nocase to stay so.
        self.protect = False
        flat = self.render(group.children)
        self.protect = True
        if _has_lowercase_word(flat):
            return self.tag("nocase", flat)
        return self.render(group.children)

    def math(self, source: str) -> str:
        script = re.fullmatch(r"\$([_^])\{?([^{}$\\]*)\}?\$", source)
        if script:
            return self.tag("sub" if script.group(1) == "_" else "sup", script.group(2))
        decoded = _latexcodec(source)
        return decoded if decoded is not None else source.strip("$")

    def command(self, name: str, nodes: list[_Node], index: int, out: list[str]) -> int:
        if name in _ACCENTS:
            argument, index = _argument(nodes, index)
            out.append(_accent(name, self.render(argument)))
        elif name in _FONT_COMMANDS:
            argument, index = _argument(nodes, index)
            out.append(self.tag(_FONT_COMMANDS[name], self.render(argument)))
        elif name in _FONT_SWITCHES:  # {\em ...}: the rest of the group
            out.append(self.tag(_FONT_SWITCHES[name], self.render(nodes[index:])))
            index = len(nodes)
        elif name in _VERBATIM_COMMANDS:
            argument, index = _argument(nodes, index)
            out.append(_verbatim_source(argument))
        elif name == "href":
            _, index = _argument(nodes, index)
            argument, index = _argument(nodes, index)
            out.append(self.render(argument))
        elif name in _QUOTE_COMMANDS:
            argument, index = _argument(nodes, index)
            out.append("“" + self.render(argument) + "”")
        elif name in _SILENT_COMMANDS:
            _, index = _argument(nodes, index)
        else:
            symbol = _LETTERS.get(name) or _SYMBOLS.get(name)
            if symbol is None and len(name) > 1:
                symbol = _latexcodec("\\" + name)
            following = nodes[index] if index < len(nodes) else None
            if symbol is not None:
                out.append(symbol)
                if isinstance(following, Group) and not following.children:
                    index += 1  # the {} that ends a control word: \ss{}
            elif isinstance(following, Group):  # an unknown command: its argument's text stays
                out.append(self.render(following.children))
                index += 1
        return index


def _argument(nodes: list[_Node], index: int) -> tuple[list[_Node], int]:
    """The argument of a command at ``index``: a group, a command or one character."""
    while index < len(nodes) and isinstance(nodes[index], str) and not str(nodes[index]).strip():
        index += 1
    if index >= len(nodes):
        return [], index
    node = nodes[index]
    if isinstance(node, Group):
        return node.children, index + 1
    if isinstance(node, str):
        node = node.lstrip()
        if len(node) > 1:
            nodes[index] = node[1:]
            return [node[0]], index
        return [node], index + 1
    return [node], index + 1


def _accent(name: str, text: str) -> str:
    if not text:
        return {"^": "^", "~": "~", "'": "´", "`": "`", '"': "¨"}.get(name, "")
    base = {"ı": "i", "ȷ": "j"}.get(text[0], text[0])
    return unicodedata.normalize("NFC", base + _ACCENTS[name]) + text[1:]


def _verbatim_source(nodes: list[_Node]) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, Group):
            parts.append(node.source)
        elif isinstance(node, _Math):
            parts.append(node.source)
        else:
            parts.append(_SYMBOLS.get(node.name, node.name))
    return "".join(parts)


def _latexcodec(latex: str) -> str | None:
    """latexcodec's Unicode for a LaTeX fragment, or None when it has none."""
    try:
        decoded = codecs.decode(latex, "ulatex")  # type: ignore[call-overload]  # str in, str out
    except (ValueError, LookupError, IndexError):
        return None
    decoded = decoded.strip() if latex.startswith("\\") else decoded
    return None if "\\" in decoded or "$" in decoded else decoded


_WORD_START = re.compile(r"(?:^|\s)[^\w\s]*([^\W\d_])")
_TAG_MARKUP = re.compile(r"</?(?:i|b|sup|sub|span)\b[^>]*>")


def _has_lowercase_word(text: str) -> bool:
    return any(letter.islower() for letter in _WORD_START.findall(_TAG_MARKUP.sub("", text)))


def decode(latex: str, mode: str) -> str:
    """Unicode (CSL rich text for ``title`` and ``rich``) for a field's LaTeX.

    Modes: ``title`` keeps protected lower-case words as nocase spans, ``rich`` keeps
    formatting only, ``plain`` drops formatting, ``range`` also reads ``--`` as ``-``.
    """
    if not _NOT_AS_IS.search(latex) and not latex[:1].isspace() and not latex[-1:].isspace():
        return latex  # nothing to decode, join or strip (most fields)
    if not _LATEX_SPECIAL.search(latex):  # no command, group or math: one run of text
        return _WHITE_SPACE_IN_TEXT.sub(" ", _Decoder(mode).text(latex)).strip()
    nodes = parse_latex(latex)
    stripped = [node for node in nodes if not (isinstance(node, str) and not node.strip())]
    if mode == "title" and len(stripped) == 1 and isinstance(stripped[0], Group):
        # {{Whole title}}: JabRef and Mendeley brace every title; that is no statement about case.
        first = stripped[0].children[:1]
        if not (first and isinstance(first[0], _Command)):
            nodes = stripped[0].children
    return _WHITE_SPACE_IN_TEXT.sub(" ", _Decoder(mode).render(nodes)).strip()


_LATEX_SPECIAL = re.compile(r"[\\{}$]")
# What decoding changes in text without LaTeX specials: dashes, quotes, ties, white space to join.
_NOT_AS_IS = re.compile(r"[\\{}$~\t\r\n]|--|``|''|  ")
_WHITE_SPACE_IN_TEXT = re.compile(r"[ \t\r\n]+")


def decode_verbatim(latex: str) -> str:
    """A URL or DOI: ``\\url{}`` wrappers, escapes and braces removed, nothing else read."""
    text = re.sub(r"\\(?:url|href)\s*\{([^{}]*)\}(?:\{[^{}]*\})?", r"\1", latex)
    text = re.sub(r"\\([_%&#$~{}])", r"\1", text)
    return re.sub(r"\s+", "", text.replace("{", "").replace("}", ""))


# ---------------------------------------------------------------- Unicode to LaTeX

_ESCAPES = {
    # A .bib file counts \{ and \} in its brace balance: lone braces need commands.
    "\\": r"{\textbackslash}", "{": r"{\textbraceleft}", "}": r"{\textbraceright}",
    "#": r"\#", "$": r"\$", "%": r"\%", "&": r"\&", "_": r"\_", "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}", "<": r"{\textless}", ">": r"{\textgreater}",
}
_TEXT_SYMBOLS = {
    "–": "--", "—": "---", "“": "``", "”": "''", "‘": r"{\textquoteleft}",
    "’": r"{\textquoteright}", "\u00a0": "~", "€": r"{\texteuro}",
}
_ACCENT_COMMANDS = {mark: name for name, mark in _ACCENTS.items()}
_LETTER_COMMANDS = {letter: name for name, letter in _LETTERS.items()}
# Pairs LaTeX would join into one glyph; {} keeps literal ones apart.
_LIGATURES = frozenset({"--", "''", "``", "?`", "!`"})
_MARKUP_TAG = re.compile(
    r'<(i|b|sup|sub)>|<span class="nocase">|<span style="font-variant:\s*small-caps;?">|</(i|b|sup|sub|span)>'
)
_LATEX_OPENINGS = {"i": r"\textit{", "b": r"\textbf{", "sup": r"\textsuperscript{",
                   "sub": r"\textsubscript{", "sc": r"\textsc{", "nocase": "{"}


# Tabs and every kind of line break are white space to LaTeX (a value then reads as one line); other
# control characters have no place in TeX (^^L is \par, most are invalid characters) and are left out.
_WHITE_SPACE = "\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029"
_WHITE_SPACE_RUN = re.compile(f"([ {_WHITE_SPACE}]+)")


@cache  # a pure function of one character, called for every character of an export
def _encode_char(char: str, ascii_only: bool) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char in _WHITE_SPACE:
        return " "
    if unicodedata.category(char) == "Cc":
        return ""
    if char.isascii() or (not ascii_only and char != "\u00a0"):
        return char
    if char in _TEXT_SYMBOLS:
        return _TEXT_SYMBOLS[char]
    if char in _LETTER_COMMANDS:
        return "{\\" + _LETTER_COMMANDS[char] + "}"
    accented = _accent_command(char)
    if accented:
        return accented
    return _latexcodec_symbol(char) or char  # no LaTeX form (CJK, ...): UTF-8, as 8-bit BibTeX passes it


def _accent_command(char: str) -> str | None:
    """``{\\v{c}}`` for č: each accent command in its own braces (one letter to BibTeX)."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not (base.isascii() and base.isalpha()) or any(m not in _ACCENT_COMMANDS for m in marks):
        return None
    latex = base
    for mark in marks:
        name = _ACCENT_COMMANDS[mark]
        simple = not name.isalpha() and len(latex) == 1
        latex = f"\\{name}{latex}" if simple else f"\\{name}{{{latex}}}"
    return "{" + latex + "}"


def _latexcodec_symbol(char: str) -> str | None:
    try:
        latex = char.encode("latex").decode("ascii")
    except (UnicodeError, ValueError):
        return None
    if _latexcodec(latex) != char:
        return None
    return "{" + latex + "}" if latex.startswith("\\") else latex


# Text made only of these is its own LaTeX (most titles and names are): no escape, no ligature
# to break, no character to encode. Outside ASCII: all but the no-break space, C1 controls and
# the Unicode line separators, and only where the export may be UTF-8.
_AS_IT_IS = "".join(sorted(set(map(chr, range(0x20, 0x7F))) - set(_ESCAPES) - set("-'`?!")))
_PLAIN_ASCII = re.compile(f"[{re.escape(_AS_IT_IS)}]*")
_PLAIN_UNICODE = re.compile(f"[{re.escape(_AS_IT_IS)}\u00a1-\u2027\u202a-\U0010ffff]*")


def encode_plain(text: str, ascii_only: bool) -> str:
    if (_PLAIN_ASCII if ascii_only else _PLAIN_UNICODE).fullmatch(text):
        return text
    out: list[str] = []
    for char in text:
        piece = _encode_char(char, ascii_only)
        if not piece:
            continue  # a control character: left out, and no ligature forms across it
        if out and out[-1][-1:] + piece[:1] in _LIGATURES:
            out.append("{}")
        out.append(piece)
    return "".join(out)


def _needs_protection(word: str, first: bool) -> bool:
    """Zotero's rule: capitalised words after the first, and acronyms or mixed case anywhere."""
    capitals = sum(1 for char in word if char.isupper())
    if not capitals:
        return False
    return not first or not (word[0].isupper() and capitals == 1)


_WORD_CORE = re.compile(r"\w(?:.*\w)?")  # a word without the punctuation around it


def _encode_words(text: str, ascii_only: bool, protect: bool, state: dict[str, bool]) -> str:
    if not protect:  # no word needs braces: the text in one piece, each run of white space one space
        state["first"] = state["first"] and not _WORD_CORE.search(text)
        return encode_plain(_WHITE_SPACE_RUN.sub(" ", text), ascii_only)
    # Every part of plain text is plain (most titles): it is tested once, not each word three times.
    plain = (_PLAIN_ASCII if ascii_only else _PLAIN_UNICODE).fullmatch(text) is not None

    def encode(part: str) -> str:
        return part if plain or not part else encode_plain(part, ascii_only)

    out = []
    for position, piece in enumerate(_WHITE_SPACE_RUN.split(text)):
        if position % 2:  # a run of white space (never a no-break space, which is ~)
            out.append(" ")
            continue
        if not piece:
            continue
        core = _WORD_CORE.search(piece)
        if core and _needs_protection(core.group(), state["first"]):
            start, end = core.span()
            out.append(encode(piece[:start]) + "{" + encode(core.group()) + "}" + encode(piece[end:]))
        else:
            out.append(encode(piece))
        if core:
            state["first"] = False
    return "".join(out)


def encode_text(text: str, ascii_only: bool, protect: bool = False) -> str:
    """LaTeX for CSL rich text: tags become commands, specials are escaped, case protected."""
    out: list[str] = []
    stack: list[str] = []
    state = {"first": True}
    position = 0
    for match in _MARKUP_TAG.finditer(text):
        closing = match.group(2)
        if closing and not (stack and _closes(closing, stack[-1])):
            continue  # a stray closing tag stays text
        nocase = "nocase" in stack
        out.append(_encode_words(text[position : match.start()], ascii_only, protect and not nocase, state))
        position = match.end()
        if closing:
            stack.pop()
            out.append("}")
        else:
            kind = match.group(1) or ("nocase" if "nocase" in match.group() else "sc")
            stack.append(kind)
            out.append(_LATEX_OPENINGS[kind])
    protect = protect and "nocase" not in stack
    out.append(_encode_words(text[position:], ascii_only, protect, state))
    out.append("}" * len(stack))
    return _GROUP_OPENING_WITH_ESCAPE.sub(r"{{\1}", "".join(out))


# BibTeX reads a group that opens with a control sequence as one special character, and still
# changes the case of its letters: {\&a} would not protect the a; {{\&}a} does.
_GROUP_OPENING_WITH_ESCAPE = re.compile(r"(?<!\\)\{(\\[#$%&_])")


def _closes(tag: str, kind: str) -> bool:
    return tag == kind or (tag == "span" and kind in ("sc", "nocase"))


def encode_range(text: str, ascii_only: bool) -> str:
    """Page and issue ranges with ``--``: 7-36 and 7–36 become 7--36."""
    parts = re.split(r"\s*[-–]+\s*", text)
    return "--".join(encode_plain(part, ascii_only) for part in parts)


def encode_raw(text: str) -> str:
    """URLs and DOIs stay raw, but for what a URL cannot hold and TeX would read.

    Braces would unbalance the value, a backslash or ``^^5c`` (TeX's code for one) could start a
    command, a control character is no text: they are %-escaped, which is the same URL. Tabs and
    line breaks are dropped, as a browser drops them from a URL (WHATWG URL standard).
    """
    if not _RAW_UNSAFE.search(text):  # most URLs and DOIs
        return text
    return "".join(_raw_char(char) for char in text if char not in "\t\n\r")


_RAW_UNSAFE = re.compile(r"[{}\\^\x00-\x1f\x7f-\x9f]")  # what _raw_char escapes, and C0/C1 controls


def _raw_char(char: str) -> str:
    if char in "{}\\^" or unicodedata.category(char) == "Cc":
        return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return char
