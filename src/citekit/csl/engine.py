"""Format records with a CSL style: bibliography entries and in-text citations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from citeproc import VARIABLES, CitationStylesBibliography, CitationStylesStyle
from citeproc.source import Citation, CitationItem
from citeproc.source.json import CiteProcJSON

from citekit.csl.elements import Style, check_locale, parse_csl
from citekit.csl.output import OUTPUT_FORMATS, Entry, Formatter, OutputFormat
from citekit.csl.styles import StyleInfo
from citekit.errors import InvalidStyleError
from citekit.model import Record

# What citeproc-py's CiteProcJSON can take, in CSL-JSON spelling.
_ENGINE_FIELDS = frozenset(
    {"id", "type", "shortTitle"} | {variable.replace("_", "-") for variable in VARIABLES}
)


class LoadedStyle(CitationStylesStyle):
    """A parsed style in one locale, ready to render (citeproc-py's style interface)."""

    def __init__(self, info: StyleInfo, locale: str | None = None) -> None:
        # Not calling super().__init__: it parses with citeproc-py's own class lookup.
        root = parse_csl(info.source)
        if not isinstance(root, Style) or root.find("cs:info", root.nsmap) is None:
            raise InvalidStyleError(f"{info.source}: not a CSL style")
        if root.find("cs:citation", root.nsmap) is None:
            raise InvalidStyleError(f"{info.source}: a CSL style needs a <citation> element")
        locale = locale or info.default_locale or root.get("default-locale") or "en-US"
        check_locale(locale)
        self.info, self.locale = info, locale
        self.xml, self.root = root.getroottree(), root
        root.set_locale_list(locale)


def render_bibliography(
    records: Sequence[Record], style: LoadedStyle, output: str = "text"
) -> str:
    """The bibliography of ``records`` in the style's order, as one document of ``output``.

    ``output`` is one of ``text``, ``html``, ``markdown``, ``rtf`` or ``terminal``.
    A style without a bibliography (a pure note style) lists its citations instead.
    """
    fmt = OUTPUT_FORMATS[output]
    if not style.has_bibliography():
        return fmt.bibliography(_cite_each(records, style, fmt))
    bibliography, _ = _register(records, style, fmt.formatter)
    bibliography.sort()
    entries: list[Entry] = [_plain(entry) for entry in bibliography.bibliography()]
    return fmt.bibliography([fmt.entry(entry) for entry in entries])


def render_citations(
    records: Sequence[Record], style: LoadedStyle, output: str = "text"
) -> str:
    """Each record's in-text citation, cited alone, one per line, in the order given."""
    fmt = OUTPUT_FORMATS[output]
    return fmt.citations(_cite_each(records, style, fmt))


def _cite_each(records: Sequence[Record], style: LoadedStyle, fmt: OutputFormat) -> list[str]:
    bibliography, citations = _register(records, style, fmt.formatter)
    bibliography.sort()  # citation numbers follow the bibliography's order
    return [str(bibliography.cite(citation, _unknown)) for citation in citations]


def _register(
    records: Sequence[Record], style: LoadedStyle, formatter: type[Formatter]
) -> tuple[CitationStylesBibliography, list[Citation]]:
    """Every record cited once, alone, all registered before anything renders."""
    # citeproc-py lower-cases keys, which would merge "Smith2020" and "smith2020":
    # the engine knows each record by its position instead.
    items = [_engine_item(record, str(position), formatter)
             for position, record in enumerate(records)]
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter)
    citations = [Citation([CitationItem(item["id"])]) for item in items]
    for citation in citations:
        bibliography.register(citation)
    return bibliography, citations


def _engine_item(record: Record, engine_id: str, formatter: type[Formatter]) -> dict[str, Any]:
    """The record as citeproc-py reads it, its text escaped for the output format.

    citeproc-py does not escape variable values itself, so every piece of
    record text is escaped here, before any markup is added around it.
    """
    item: dict[str, Any] = {"id": engine_id, "type": record.type}
    for name, value in record.items():
        if name in _ENGINE_FIELDS and name not in item:
            item[name] = _escaped(value, formatter)
    return item


def _escaped(value: Any, formatter: type[Formatter]) -> Any:
    if isinstance(value, str):
        return formatter.preformat(value)
    if isinstance(value, list):
        return [_escaped(part, formatter) for part in value]
    if isinstance(value, dict):
        return {name: _escaped(part, formatter) for name, part in value.items()}
    return value


def _plain(entry: Any) -> Entry:
    # citeproc-py returns its own str subclasses; hand out plain strings.
    return (str(entry[0]), str(entry[1])) if isinstance(entry, tuple) else str(entry)


def _unknown(item: CitationItem) -> None:
    # Every cited key was registered from the records given, so this is a bug.
    raise AssertionError(f"cited item {item.key} was not registered")
