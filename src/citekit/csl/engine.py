"""Format records with a CSL style: bibliography entries and in-text citations."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from citekit.csl.elements import Style, check_locale, parse_csl
from citekit.csl.output import OUTPUT_FORMATS
from citekit.csl.processor import Processor
from citekit.csl.styles import StyleInfo
from citekit.errors import InvalidStyleError
from citekit.model import Record

# Told the stage at work as the engine renders (see render_bibliography).
Progress = Callable[[str], None]


class LoadedStyle:
    """A parsed style and the locale to render it in."""

    def __init__(self, info: StyleInfo, locale: str | None = None) -> None:
        root = parse_csl(info.source)
        if not isinstance(root, Style) or root.find("info") is None:
            raise InvalidStyleError(f"{info.source}: not a CSL style")
        if root.find("citation") is None:
            raise InvalidStyleError(f"{info.source}: a CSL style needs a <citation> element")
        locale = locale or info.default_locale or root.get("default-locale") or "en-US"
        check_locale(locale)
        self.info, self.locale, self.root = info, locale, root

    def has_bibliography(self) -> bool:
        """True when the style defines a bibliography (a pure note style may not)."""
        return self.root.find("bibliography") is not None

    def processor(self, records: Sequence[Record], output: str = "text", progress: Progress | None = None
                  ) -> Processor:
        """A processor with every record registered under its key, in the order given.

        Cite them with ``processor.cite([{"id": key, "locator": "12"}])``; see
        :class:`citekit.csl.processor.Processor` for cite items and the bibliography.
        ``progress``: see :func:`render_bibliography`.
        """
        processor = Processor(self.root, self.locale, output)
        processor.register(records)  # read, never changed: no copies (a record's id is its key)
        processor.progress = progress
        return processor


def render_bibliography(records: Sequence[Record], style: LoadedStyle, output: str = "text",
                        progress: Progress | None = None) -> str:
    """The bibliography of ``records`` in the style's order, as one document of ``output``.

    ``output`` is one of ``text``, ``html``, ``markdown``, ``rtf`` or ``terminal``.
    A style without a bibliography (a pure note style) lists its citations instead.
    ``progress``, to show how the work goes, is called with the stage at work ("sorting",
    "disambiguating", "rendering") each time a cite is rendered: often, so it must be quick. For a
    big bibliography both cores work (``parallel.py``), and a forked child process calls it too.
    """
    if not style.has_bibliography():
        return OUTPUT_FORMATS[output].bibliography(_cite_each(records, style, output, progress))
    return style.processor(records, output, progress).bibliography()


def render_citations(records: Sequence[Record], style: LoadedStyle, output: str = "text",
                     progress: Progress | None = None) -> str:
    """Each record's in-text citation, cited alone, one per line, in the order given
    (``progress``: see :func:`render_bibliography`)."""
    return OUTPUT_FORMATS[output].citations(_cite_each(records, style, output, progress))


def render_clusters(records: Sequence[Record], style: LoadedStyle,
                    clusters: Sequence[Sequence[Mapping[str, Any]]], output: str = "text",
                    progress: Progress | None = None) -> str:
    """Citations as a document makes them, one line per cluster, in order.

    Each cluster is a list of cite items (``id`` the record's key, and optionally
    ``locator``, ``label``, ``prefix``, ``suffix``, ``suppress-author``); positions
    (ibid, subsequent), disambiguation and collapsing follow the document. In a
    note style, cluster *n* is footnote *n*. ``progress``: see :func:`render_bibliography`.
    """
    processor = style.processor(records, output, progress)
    in_notes = style.root.get("class") == "note"
    return OUTPUT_FORMATS[output].citations([
        processor.cite(cluster, note_index=number if in_notes else None)
        for number, cluster in enumerate(clusters, start=1)
    ])


def _cite_each(records: Sequence[Record], style: LoadedStyle, output: str, progress: Progress | None
               ) -> list[str]:
    processor = style.processor(records, output, progress)
    return [processor.cite([{"id": record.key}]) for record in records]
