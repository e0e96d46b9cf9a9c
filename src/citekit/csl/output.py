"""Output formats of rendered citations: the formatter citeproc-py marks up with, and the wrapper.

A formatter is what citeproc-py calls a formatter module: ``preformat`` for
record text and one callable per font feature. Each output format here pairs
one with the way a whole bibliography is put together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# A rendered bibliography entry: the text, or (margin label, text) under second-field-align.
Entry = str | tuple[str, str]


def _wrapper(before: str, after: str) -> Callable[[str], str]:
    return lambda text: f"{before}{text}{after}"


# Line breaks and tabs become spaces (one entry is one line); other control characters go.
_CONTROL_CHARACTERS = {
    code: " " if code in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85) else None
    for code in [*range(0x20), *range(0x7F, 0xA0)]
}


def clean_text(text: str) -> str:
    """Record text without control characters, so it cannot break lines or drive a terminal."""
    return str(text).translate(_CONTROL_CHARACTERS)


def _unchanged(text: str) -> str:
    return str(text)


class Formatter:
    """A citeproc-py formatter; subclasses set the escaping and the font features."""

    # Class-level callables, called on the class as citeproc-py calls a formatter module.
    preformat: Callable[[str], str] = staticmethod(clean_text)
    Italic: Callable[[str], str] = staticmethod(_unchanged)
    Oblique: Callable[[str], str] = staticmethod(_unchanged)
    Bold: Callable[[str], str] = staticmethod(_unchanged)
    Light: Callable[[str], str] = staticmethod(_unchanged)
    Underline: Callable[[str], str] = staticmethod(_unchanged)
    Superscript: Callable[[str], str] = staticmethod(_unchanged)
    Subscript: Callable[[str], str] = staticmethod(_unchanged)
    SmallCaps: Callable[[str], str] = staticmethod(_unchanged)


class PlainFormatter(Formatter):
    """Plain UTF-8 text: fonts are dropped, record text cleaned of control characters."""


class HtmlFormatter(Formatter):
    """HTML with citeproc-js's conventions (numeric character references, inline tags)."""

    @staticmethod
    def preformat(text: str) -> str:
        """Escape ``&``, ``<`` and ``>`` as citeproc-js does."""
        return clean_text(text).replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")

    Italic = Oblique = staticmethod(_wrapper("<i>", "</i>"))
    Bold = staticmethod(_wrapper("<b>", "</b>"))
    Light = staticmethod(_wrapper('<span style="font-weight:lighter;">', "</span>"))
    Underline = staticmethod(_wrapper('<span style="text-decoration:underline;">', "</span>"))
    Superscript = staticmethod(_wrapper("<sup>", "</sup>"))
    Subscript = staticmethod(_wrapper("<sub>", "</sub>"))
    SmallCaps = staticmethod(_wrapper('<span style="font-variant:small-caps;">', "</span>"))


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#^~$|"})


class MarkdownFormatter(Formatter):
    """Pandoc Markdown: ``*italic*``, ``**bold**``, ``^sup^``, ``~sub~``, small caps as a span."""

    @staticmethod
    def preformat(text: str) -> str:
        """Backslash-escape the characters Markdown would read as markup."""
        return clean_text(text).translate(_MARKDOWN_SPECIALS)

    Italic = Oblique = staticmethod(_wrapper("*", "*"))
    Bold = staticmethod(_wrapper("**", "**"))
    Superscript = staticmethod(_wrapper("^", "^"))
    Subscript = staticmethod(_wrapper("~", "~"))
    SmallCaps = staticmethod(_wrapper("[", "]{.smallcaps}"))
    Underline = staticmethod(_wrapper("[", "]{.underline}"))


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


class RtfFormatter(Formatter):
    """RTF groups: ``{\\i ...}``, ``{\\b ...}``, ``{\\scaps ...}``.

    Non-ASCII text is encoded only when the document is put together, so that
    text-case changes never touch an escape.
    """

    @staticmethod
    def preformat(text: str) -> str:
        """Escape RTF's control characters ``\\``, ``{`` and ``}``."""
        text = clean_text(text)
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")

    Italic = Oblique = staticmethod(_wrapper("{\\i ", "}"))
    Bold = staticmethod(_wrapper("{\\b ", "}"))
    Underline = staticmethod(_wrapper("{\\ul ", "}"))
    Superscript = staticmethod(_wrapper("{\\super ", "}"))
    Subscript = staticmethod(_wrapper("{\\sub ", "}"))
    SmallCaps = staticmethod(_wrapper("{\\scaps ", "}"))


class TerminalFormatter(Formatter):
    """ANSI SGR codes for the CLI to draw with rich (record text is cleaned of control codes)."""

    Italic = Oblique = staticmethod(_wrapper("\x1b[3m", "\x1b[23m"))
    Bold = staticmethod(_wrapper("\x1b[1m", "\x1b[22m"))
    Light = staticmethod(_wrapper("\x1b[2m", "\x1b[22m"))
    Underline = staticmethod(_wrapper("\x1b[4m", "\x1b[24m"))


@dataclass(frozen=True)
class OutputFormat:
    """A formatter and how a list of entries or citations becomes one document."""

    formatter: type[Formatter]
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
        label, body = entry[0].strip(), entry[1].strip()
        return (
            '<div class="csl-entry">\n'
            f'    <div class="csl-left-margin">{label}</div>'
            f'<div class="csl-right-inline">{body}</div>\n'
            "  </div>"
        )
    return f'<div class="csl-entry">{entry}</div>'


def _html_bibliography(entries: Sequence[str]) -> str:
    return '<div class="csl-bib-body">\n' + "".join(f"  {e}\n" for e in entries) + "</div>\n"


def _paragraphs(items: Sequence[str]) -> str:
    return "\n\n".join(items) + "\n" if items else ""


def _rtf_document(paragraphs: Sequence[str]) -> str:
    body = "".join(f"{paragraph}\\par\n" for paragraph in paragraphs)
    return _rtf_unicode("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n" + body + "}\n")


def _rtf_entry(entry: Entry) -> str:
    return f"{entry[0].rstrip()}\\tab {entry[1].lstrip()}" if isinstance(entry, tuple) else entry


OUTPUT_FORMATS: dict[str, OutputFormat] = {
    "text": OutputFormat(PlainFormatter, _text_entry, _lines, _lines),
    "html": OutputFormat(HtmlFormatter, _html_entry, _html_bibliography, _lines),
    "markdown": OutputFormat(MarkdownFormatter, _text_entry, _paragraphs, _lines),
    "rtf": OutputFormat(RtfFormatter, _rtf_entry, _rtf_document, _rtf_document),
    "terminal": OutputFormat(TerminalFormatter, _text_entry, _lines, _lines),
}
