"""What an element needs while it renders: the item, the cite, the locale, and group bookkeeping."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from citekit.csl.citation_label import citation_label
from citekit.csl.disambiguation import Disambiguation
from citekit.csl.item import Item
from citekit.csl.markup import QuoteMarks, parse_field
from citekit.csl.numbers import page_first
from citekit.csl.rich import Node

if TYPE_CHECKING:
    from citekit.csl.locale import Locale

NO_DISAMBIGUATION = Disambiguation()

# Positions of a cite (CSL 1.0.2 § Position), numbered as citeproc-js numbers them.
FIRST, SUBSEQUENT, IBID, IBID_WITH_LOCATOR = 0, 1, 2, 3


@dataclass
class Cite:
    """One item as cited: its locator and affixes, and what the processor worked out about it."""

    item: Item
    locator: str = ""
    label: str = ""
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False
    author_only: bool = False
    position: int = FIRST
    near_note: bool = False
    first_note: int = 0
    citation_number: int = 0
    disambiguation: Disambiguation = NO_DISAMBIGUATION
    # In a note, a term that opens the cite starts a sentence ("Ibid."), as citeproc-js has it.
    capitalize_term: bool = False


@dataclass
class SortOptions:
    """How a ``cs:key`` asks names to render in a sort key (CSL 1.0.2 § Sorting)."""

    et_al_min: int | None = None
    et_al_use_first: int | None = None
    et_al_use_last: bool | None = None


@dataclass
class Context:
    """The state of one rendering pass over one cite.

    ``called`` and ``rendered`` count variables for the implicit conditional
    of ``cs:group`` (CSL 1.0.2 § Group); ``suppressed`` holds variables that a
    ``cs:substitute`` already rendered, which must not appear again (even in
    the same substitution, as citeproc-js does).
    """

    style: Any  # the cs:style root
    section: Any  # cs:citation or cs:bibliography
    locale: Locale
    macros: dict[str, Any]
    cite: Cite
    sort_key: SortOptions | None = None
    called: int = 0
    rendered: int = 0
    suppressed: set[str] = field(default_factory=set)
    substituting: Any = None  # the cs:names whose cs:substitute is rendering
    # A year suffix the style does not print itself goes after the first year of "issued".
    implicit_year_suffix: str = ""
    # What the rendering met, for grouping and collapsing cites (collapse.py): the text of the
    # first names rendered, the cs:text variables called, and the year-suffix as printed.
    first_names: str | None = None
    texts_called: list[str] = field(default_factory=list)
    year_suffix_node: Node | None = None

    @property
    def item(self) -> Item:
        """The item being rendered."""
        return self.cite.item

    @property
    def language(self) -> str:
        """The item's language, else the locale's: title case is for English only."""
        return self.item.fields.get("language") or self.locale.language

    def rich(self, text: str) -> Node:
        """Text with its markup and quotation marks read, in this locale's marks."""
        return parse_field(text, QuoteMarks(*self.locale.quotes))

    @property
    def mode(self) -> str:
        """``citation`` or ``bibliography``."""
        return "citation" if self.section.tag.endswith("citation") else "bibliography"

    def inherited(self, name: str, element: Any = None) -> str | None:
        """An option from the element, else the citation or bibliography, else the style."""
        for holder in (element, self.section, self.style):
            if holder is not None and holder.get(name) is not None:
                return holder.get(name)  # type: ignore[no-any-return]
        return None

    def variable(self, name: str) -> Any:
        """The value of a variable to render, or None once a ``cs:substitute`` has used it."""
        return None if name in self.suppressed else self.value(name)

    def value(self, name: str) -> Any:
        """The value of a variable for this cite (what conditions test)."""
        if name == "locator":
            return self.cite.locator or None
        if name == "citation-number":
            return str(self.cite.citation_number) if self.cite.citation_number else None
        if name == "year-suffix":
            return self.cite.disambiguation.year_suffix or None
        if name == "page-first":
            page = self.item.get("page")
            return page_first(page) if page else None
        if name == "citation-label":
            return self._citation_label()
        if name == "first-reference-note-number":
            return str(self.cite.first_note) if self.cite.first_note else None
        return self.item.get(name)

    def _citation_label(self) -> str:
        """The item's label, else citeproc-js's; printed with the year suffix, in a sort key without."""
        generated = citation_label(self.item, self.locale.term("reference", "short") or "reference")
        if self.sort_key is not None:
            return generated
        return (self.item.get("citation-label") or generated) + self.cite.disambiguation.year_suffix

    def count(self, rendered: bool, variable: str) -> None:
        """Record that a variable was called, and whether it had a value."""
        self.called += 1
        self.rendered += int(rendered)
        if rendered and self.substituting is not None:
            # CSL 1.0.2 § Substitute: a substituted variable is suppressed in the rest of the output.
            self.suppressed.add(variable)

    def count_group(self, called: int, shown: bool) -> None:
        """A nested group counts for the enclosing one as a variable: filled when it shows
        anything (terms alone included, as in citeproc-js), empty when it called variables
        and was suppressed."""
        if shown:
            self.called += 1
            self.rendered += 1
        elif called:
            self.called += 1

    @contextmanager
    def group_scope(self) -> Iterator[list[int]]:
        """Count the variables of one group apart; yields ``[called, rendered]`` when done."""
        outer = (self.called, self.rendered)
        self.called = self.rendered = 0
        result: list[int] = []
        try:
            yield result
        finally:
            result += [self.called, self.rendered]
            self.called, self.rendered = outer
