"""What an element needs while it renders: the item, the cite, the locale, and group bookkeeping."""

from __future__ import annotations

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

# Variables whose value comes from the cite or is worked out, rather than read from the item.
_CITE_VALUES = frozenset({"locator", "citation-number", "year-suffix", "page-first", "citation-label",
                          "first-reference-note-number"})

# Positions of a cite (CSL 1.0.2 § Position), numbered as citeproc-js numbers them.
FIRST, SUBSEQUENT, IBID, IBID_WITH_LOCATOR = 0, 1, 2, 3


class Cite:
    """One item as cited: its locator and affixes, and what the processor worked out about it."""

    __slots__ = ("item", "locator", "label", "prefix", "suffix", "suppress_author", "author_only", "position",
                 "near_note", "first_note", "citation_number", "disambiguation", "capitalize_term")

    def __init__(self, item: Item, locator: str = "", label: str = "", prefix: str = "", suffix: str = "",
                 suppress_author: bool = False, author_only: bool = False, position: int = FIRST,
                 near_note: bool = False, first_note: int = 0, citation_number: int = 0,
                 disambiguation: Disambiguation = NO_DISAMBIGUATION, capitalize_term: bool = False) -> None:
        self.item = item
        self.locator = locator
        self.label = label
        self.prefix = prefix
        self.suffix = suffix
        self.suppress_author = suppress_author
        self.author_only = author_only
        self.position = position
        self.near_note = near_note
        self.first_note = first_note
        self.citation_number = citation_number
        self.disambiguation = disambiguation
        # In a note, a term that opens the cite starts a sentence ("Ibid."), as citeproc-js has it.
        self.capitalize_term = capitalize_term


class SortOptions:
    """How a ``cs:key`` asks names to render in a sort key (CSL 1.0.2 § Sorting)."""

    __slots__ = ("et_al_min", "et_al_use_first", "et_al_use_last")

    def __init__(self, et_al_min: int | None = None, et_al_use_first: int | None = None,
                 et_al_use_last: bool | None = None) -> None:
        self.et_al_min = et_al_min
        self.et_al_use_first = et_al_use_first
        self.et_al_use_last = et_al_use_last


class Section:
    """A ``cs:citation`` or ``cs:bibliography`` as the elements under it read it, worked out once."""

    def __init__(self, element: Any, style: Any) -> None:
        self.mode = "citation" if element.tag.endswith("citation") else "bibliography"
        # The inheritable options (CSL 1.0.2 § Inheritable Name Options): the section's over the style's.
        self.options: dict[str, str] = {**style.attrib, **element.attrib}
        # What names.name_options reads of each cs:name (None: a cs:names without one) in this section.
        self.name_options: dict[Any, Any] = {}


class Context:
    """The state of one rendering pass over one cite.

    ``called`` and ``rendered`` count variables for the implicit conditional
    of ``cs:group`` (CSL 1.0.2 § Group); ``suppressed`` holds variables that a
    ``cs:substitute`` already rendered, which must not appear again (even in
    the same substitution, as citeproc-js does).
    """

    __slots__ = ("style", "section", "locale", "macros", "cite", "sort_key", "called", "rendered",
                 "suppressed", "substituting", "implicit_year_suffix", "first_names", "texts_called",
                 "year_suffix_node")

    def __init__(self, style: Any, section: Section, locale: Locale, macros: dict[str, Any], cite: Cite,
                 sort_key: SortOptions | None = None, called: int = 0, rendered: int = 0,
                 suppressed: set[str] | None = None, substituting: Any = None, implicit_year_suffix: str = "",
                 first_names: str | None = None, texts_called: list[str] | None = None,
                 year_suffix_node: Node | None = None) -> None:
        self.style = style  # the cs:style root
        self.section = section
        self.locale = locale
        self.macros = macros
        self.cite = cite
        self.sort_key = sort_key
        self.called = called
        self.rendered = rendered
        self.suppressed: set[str] = set() if suppressed is None else suppressed
        self.substituting = substituting  # the cs:names whose cs:substitute is rendering
        # A year suffix the style does not print itself goes after the first year of "issued".
        self.implicit_year_suffix = implicit_year_suffix
        # What the rendering met, for grouping and collapsing cites (collapse.py): the text of the
        # first names rendered, the cs:text variables called, and the year-suffix as printed.
        self.first_names = first_names
        self.texts_called: list[str] = [] if texts_called is None else texts_called
        self.year_suffix_node = year_suffix_node

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
        return self.section.mode

    def inherited(self, name: str) -> str | None:
        """An option from the citation or bibliography, else the style."""
        return self.section.options.get(name)

    def variable(self, name: str) -> Any:
        """The value of a variable to render, or None once a ``cs:substitute`` has used it."""
        return None if name in self.suppressed else self.value(name)

    def value(self, name: str) -> Any:
        """The value of a variable for this cite (what conditions test)."""
        if name not in _CITE_VALUES:
            return self.cite.item.get(name)
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
        return str(self.cite.first_note) if self.cite.first_note else None  # first-reference-note-number

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

    def open_group(self) -> tuple[int, int]:
        """Start counting the variables of one group apart; returns the enclosing counts."""
        outer = (self.called, self.rendered)
        self.called = self.rendered = 0
        return outer

    def close_group(self, outer: tuple[int, int], printed: bool) -> bool:
        """Whether the group shows what it ``printed``: not when it called variables and all
        were empty. The enclosing counts (from :meth:`open_group`) resume, and the group
        counts in them as a variable: filled when it shows anything (terms alone included,
        as in citeproc-js), empty when it called variables and was suppressed."""
        called, rendered = self.called, self.rendered
        self.called, self.rendered = outer
        shown = printed and not (called and not rendered)
        if shown:
            self.called += 1
            self.rendered += 1
        elif called:
            self.called += 1
        return shown
