"""A document's citations, kept in order as a word-processor plugin keeps them.

Inserting or removing a citation can change others: a later cite becomes
"ibid.", an IEEE number moves, a year suffix appears. :class:`Document`
renders every citation again after each change and reports the ones whose text
changed, as citeproc-js's ``processCitationCluster`` does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from citekit.csl.processor import Processor

Cites = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class _Citation:
    cites: tuple[Mapping[str, Any], ...]
    note: int | None


class Document:
    """Citations of one document over one processor's registered items.

    Register the items the document cites (disambiguation is worked out among
    the registered items). For example, in a note style::

        document = Document(processor)
        document.insert([{"id": "doe99", "locator": "12"}], note=1)   # [(0, "Doe, Title, 12.")]
        document.insert([{"id": "doe99"}], note=2)                    # [(1, "Ibid.")]
        document.insert([{"id": "roe01"}], note=2, at=1)              # the new one, and "Doe, Title."
    """

    def __init__(self, processor: Processor) -> None:
        self.processor = processor
        self._citations: list[_Citation] = []
        self._texts: list[str] = []

    def insert(self, cites: Cites, note: int | None = None, at: int | None = None) -> list[tuple[int, str]]:
        """Add a citation (at index ``at``, else at the end); the citations whose text changed.

        ``note`` is the number of the footnote holding it, in a note style.
        Returns ``(index, text)`` pairs in document order, the new citation included.
        """
        index = len(self._citations) if at is None else at
        if not 0 <= index <= len(self._citations):
            raise IndexError(f"no place {at} among {len(self._citations)} citations")
        self._citations.insert(index, _Citation(tuple(cites), note))
        self._texts.insert(index, "")
        return self._render()

    def remove(self, index: int) -> list[tuple[int, str]]:
        """Take out the citation at ``index``; the citations whose text changed."""
        del self._citations[index]
        del self._texts[index]
        return self._render()

    @property
    def citations(self) -> list[str]:
        """Every citation's text, in document order."""
        return list(self._texts)

    def _render(self) -> list[tuple[int, str]]:
        # Positions, citation numbers and disambiguation depend on every earlier cite:
        # the whole document is rendered again, in order.
        self.processor.forget_citations()
        changed = []
        for index, citation in enumerate(self._citations):
            text = self.processor.cite(citation.cites, note_index=citation.note)
            if text != self._texts[index]:
                self._texts[index] = text
                changed.append((index, text))
        return changed
