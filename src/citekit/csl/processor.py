"""The CSL processor: registered items, citations in order, and the bibliography.

It owns what spans more than one cite: the order items were first cited (for
citation numbers), cite positions (first, subsequent, ibid), and sorting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from citekit.csl.bibliography import SubsequentAuthorSubstitute, place_display_edges
from citekit.csl.context import (
    FIRST,
    IBID,
    IBID_WITH_LOCATOR,
    NO_DISAMBIGUATION,
    SUBSEQUENT,
    Cite,
    Context,
    Section,
    SortOptions,
)
from citekit.csl.elements import CSL_NAMESPACE, Style, parse_csl_text
from citekit.csl.disambiguation import Disambiguation, Options, disambiguate
from citekit.csl.item import Item, Name, item_from_csl_json
from citekit.csl.locale import Locale
from citekit.csl.markup import parse_field
from citekit.csl.output import OUTPUT_FORMATS, Entry, Quotes, serialize
from citekit.csl.parallel import map_halves
from citekit.csl.render import Macro
from citekit.csl.rich import Node, capitalize_leading_term, text_node
from citekit.csl.sorting import Key, Sort, SortValue
from citekit.errors import InvalidStyleError, RecordNotFoundError

if TYPE_CHECKING:  # grouping and collapsing are loaded by the first citation, not by a bibliography
    from citekit.csl.collapse import CollapseOptions

_TEXT, _NAME = f"{{{CSL_NAMESPACE}}}text", f"{{{CSL_NAMESPACE}}}name"
# What citeproc-js prints for a cite or entry that renders nothing, rather than drop it silently.
NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


class Processor:
    """Render citations and a bibliography of registered CSL-JSON items with one style and locale."""

    def __init__(self, root: Style, locale: str | None = None, output: str = "text") -> None:
        citation = root.find("citation")
        if citation is None or citation.find("layout") is None:
            raise InvalidStyleError("a CSL style needs a <citation> element with a <layout>")
        self.root = root
        self.locale_code = locale or root.get("default-locale") or "en-US"
        self.locale = Locale.for_style(root, self.locale_code)
        self.output = OUTPUT_FORMATS[output]
        open_quote, close_quote, open_inner, close_inner = self.locale.quotes
        self.quotes = Quotes(open_quote, close_quote, open_inner, close_inner,
                             self.locale.punctuation_in_quote)
        self.citation = citation
        self.bibliography_element = root.find("bibliography")
        self._sections = {section: Section(section, root)
                          for section in (citation, self.bibliography_element) if section is not None}
        self.macros = {macro.get("name"): macro for macro in root.iterchildren() if isinstance(macro, Macro)}
        self.items: dict[str, Item] = {}
        self._cited: dict[str, int] = {}  # item id → note number of its first cite (0 outside notes)
        self._last_note: dict[str, int] = {}
        self._seen: set[str] = set()  # the items cited so far, for positions
        self._last_cite: Cite | None = None  # the cite before, for ibid
        self._previous_citation: list[Cite] = []
        self._numbers: dict[str, int] | None = None
        self._disambiguation: dict[str, Disambiguation] | None = None
        self._sort_values: dict[tuple[Key, str], SortValue] = {}  # the bibliography's, see Sort.order
        # Called with the stage at work ("sorting", "disambiguating", "rendering") each time a cite
        # is rendered, to show progress; also from the child process of parallel.map_halves.
        self.progress: Callable[[str], None] | None = None
        self._stage = "rendering"
        self._prints_year_suffix = any(text.get("variable") in ("year-suffix", "citation-label")
                                       for text in root.iter(_TEXT))
        self._disambiguation_options = Options.of(citation, lambda name: self._name_option(name))
        self._disambiguates = (
            self._disambiguation_options.wanted
            or any(element.get("disambiguate") == "true" for element in root.iter())
        )

    @classmethod
    def from_xml(cls, text: str, locale: str | None = None, output: str = "html") -> Processor:
        """A processor for a style given as CSL XML text."""
        return cls(parse_csl_text(text), locale, output)

    def register(self, items: Iterable[Mapping[str, Any]]) -> None:
        """Add CSL-JSON items; they can then be cited and appear in the bibliography."""
        for data in items:
            item = item_from_csl_json(data)
            self.items[item.id] = item
        self._numbers = self._disambiguation = None
        self._sort_values.clear()

    # ---- citations ----------------------------------------------------------------------------

    def cite(self, cites: Sequence[Mapping[str, Any]], note_index: int | None = None) -> str:
        """One citation of the given cite items, in the output format."""
        missing = [str(cite.get("id")) for cite in cites if str(cite.get("id")) not in self.items]
        if missing:
            raise RecordNotFoundError(missing, "the registered items")
        for data in cites:
            if str(data["id"]) not in self._cited:
                self._cited[str(data["id"])] = note_index or 0
                if not self._numbered_by_sort():
                    self._numbers = None  # numbers follow the order items are first cited
        numbers = self.citation_numbers()
        prepared = [self._prepare(data, numbers, note_index, first=index == 0)
                    for index, data in enumerate(cites)]
        self._previous_citation = prepared
        self._stage = "rendering"
        sort = self.citation.find("sort")
        if isinstance(sort, Sort):
            prepared = sort.order(prepared, self._sort_context(self.citation), self.locale_code)
        if self.root.get("class") == "note":
            for index, cite in enumerate(prepared):
                cite.capitalize_term = _opens_sentence(cite.prefix, first=index == 0)
        layout = self.citation.find("layout")
        # Grouping and collapsing render cites in pieces (CSL 1.0.2 § Cite Grouping, Cite Collapsing).
        from citekit.csl.collapse import CiteRenderer, join_cites

        renderer = CiteRenderer(layout, lambda cite: self._context(cite, self.citation), NO_PRINTED_FORM)
        children = join_cites(prepared, renderer, self._collapse_options, _with_cite_affixes)
        if not children:
            return ""
        ctx = self._context(prepared[0], self.citation)
        cluster = layout.decorate(Node(children), ctx)
        return serialize(cluster, self.output.writer, self.quotes).strip() if cluster else ""

    def forget_citations(self) -> None:
        """Start the citations again: no cite so far (positions, note numbers, citing order)."""
        self._cited.clear()
        self._last_note.clear()
        self._seen.clear()
        self._last_cite = None
        self._previous_citation = []
        if not self._numbered_by_sort():
            self._numbers = None

    @cached_property
    def _collapse_options(self) -> CollapseOptions:
        """How the citation groups and collapses its cites."""
        from citekit.csl.collapse import CollapseOptions

        return CollapseOptions.of(self.root, self.citation, self.locale.term("citation-range-delimiter"))

    def _prepare(self, data: Mapping[str, Any], numbers: dict[str, int], note_index: int | None,
                 first: bool) -> Cite:
        item = self.items[str(data["id"])]
        cite = Cite(
            item=item,
            locator=str(data.get("locator") or ""),
            label=str(data.get("label") or ("page" if data.get("locator") else "")),
            prefix=str(data.get("prefix") or ""),
            suffix=str(data.get("suffix") or ""),
            suppress_author=bool(data.get("suppress-author")),
            author_only=bool(data.get("author-only")),
            citation_number=numbers.get(item.id, 0),
            first_note=self._cited.get(item.id, 0),
            disambiguation=self.disambiguation().get(item.id, NO_DISAMBIGUATION),
        )
        cite.position = self._position(cite, first_in_citation=first)
        if "position" in data:
            cite.position = int(data["position"])
        if note_index:
            last = self._last_note.get(item.id)
            distance = int(self.citation.get("near-note-distance", "5"))
            cite.near_note = last is not None and note_index - last <= distance
            self._last_note[item.id] = note_index
        return cite

    def _position(self, cite: Cite, first_in_citation: bool) -> int:
        """First, subsequent, ibid or ibid-with-locator (CSL 1.0.2 § Position).

        Ibid refers to the cite just before: in the same citation, or, for a
        citation's first cite, a preceding citation of that one cite alone.
        """
        seen_before, cite_before = cite.item.id in self._seen, self._last_cite
        self._seen.add(cite.item.id)
        self._last_cite = cite
        if not seen_before:
            return FIRST
        if first_in_citation:
            before = self._previous_citation
            previous = before[0] if len(before) == 1 else None
        else:
            previous = cite_before
        if previous is None or previous.item.id != cite.item.id:
            return SUBSEQUENT
        if (previous.label, previous.locator) == (cite.label, cite.locator):  # "p. 12" is not "bk. 12"
            return IBID
        return IBID_WITH_LOCATOR if cite.locator else SUBSEQUENT

    # ---- bibliography -------------------------------------------------------------------------

    def citation_numbers(self) -> dict[str, int]:
        """Each item's citation number: its place in the bibliography (CSL 1.0.2 § citation-number)."""
        if self._numbers is None:
            order = [item_id for item_id in self._cited] + [i for i in self.items if i not in self._cited]
            self._numbers = {item_id: index + 1 for index, item_id in enumerate(order)}
            sort = self._bibliography_sort()
            if sort is not None and self._numbered_by_sort():
                self._stage = "sorting"
                cites = [Cite(item=self.items[item_id], citation_number=self._numbers[item_id])
                         for item_id in order]
                make_context = self._sort_context(self.bibliography_element)
                sort.know_first_keys(cites, make_context, self.locale_code, self._sort_values, map_halves)
                ordered = sort.order(cites, make_context, self.locale_code, self._sort_values)
                self._numbers = {cite.item.id: index + 1 for index, cite in enumerate(ordered)}
        return self._numbers

    def disambiguation(self) -> dict[str, Disambiguation]:
        """Each item's disambiguation (CSL 1.0.2 § Disambiguation), worked out over every registered item."""
        if self._disambiguation is None:
            self._disambiguation = {}
            if self._disambiguates:
                numbers = self.citation_numbers()
                self._stage = "disambiguating"
                ordered = sorted(self.items.values(), key=lambda item: numbers[item.id])
                self._disambiguation = disambiguate(ordered, self._disambiguation_options, self._cite_text,
                                                    _names_in_cite, map_halves)
        return self._disambiguation

    def _cite_text(self, item: Item, state: Disambiguation) -> str:
        """An item's cite, alone and plain, under a disambiguation state.

        Like citeproc-js, cites are compared in their subsequent, near-note form: a cite must
        stand apart wherever it recurs, and that form is the shortest one a style prints.
        """
        cite = Cite(item=item, citation_number=self.citation_numbers()[item.id], disambiguation=state,
                    position=SUBSEQUENT, near_note=True)
        node = self.citation.find("layout").emit(self._context(cite, self.citation))
        return node.text() if node is not None else ""

    def _name_option(self, name: str) -> str | None:
        """A name option set on the citation or style, else on the style's first cs:name."""
        value = self.citation.get(name) or self.root.get(name)
        if value is None:
            value = next((element.get(name) for element in self.root.iter(_NAME) if name in element.attrib),
                         None)
        return value

    def _numbered_by_sort(self) -> bool:
        """True when citation numbers come from the bibliography's sort, not from citing order."""
        sort = self._bibliography_sort()
        return sort is not None and not _uses_citation_number(sort)

    def _bibliography_sort(self) -> Sort | None:
        if self.bibliography_element is None:
            return None
        sort = self.bibliography_element.find("sort")
        return sort if isinstance(sort, Sort) else None

    def bibliography_entries(self, ids: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """``(item id, entry)`` pairs in the bibliography's order, each entry in the output format."""
        if self.bibliography_element is None:
            return []
        numbers = self.citation_numbers()
        chosen = [str(item_id) for item_id in ids] if ids is not None else list(numbers)
        missing = [item_id for item_id in chosen if item_id not in self.items]
        if missing:
            raise RecordNotFoundError(missing, "the registered items")
        chosen.sort(key=lambda item_id: numbers[item_id])
        states = self.disambiguation()
        cites = [Cite(item=self.items[item_id], citation_number=numbers[item_id],
                      disambiguation=states.get(item_id, NO_DISAMBIGUATION)) for item_id in chosen]
        sort = self._bibliography_sort()
        if sort is not None:
            self._stage = "sorting"
            cites = sort.order(cites, self._sort_context(self.bibliography_element), self.locale_code,
                               self._sort_values)
        self._stage = "rendering"
        substitute = SubsequentAuthorSubstitute.of(self.bibliography_element)  # remembers the previous entry
        if substitute is not None:  # each entry depends on the one before
            return self._entries(cites, substitute)
        return map_halves(self._entries, cites)

    def _entries(self, cites: Sequence[Cite],
                 substitute: SubsequentAuthorSubstitute | None = None) -> list[tuple[str, str]]:
        return [(cite.item.id, self.output.entry(entry)) for cite in cites
                if (entry := self._entry(cite, substitute)) is not None]

    def bibliography(self, ids: Sequence[str] | None = None) -> str:
        """The whole bibliography as one document of the output format."""
        return self.output.bibliography([entry for _, entry in self.bibliography_entries(ids)])

    def _entry(self, cite: Cite, substitute: SubsequentAuthorSubstitute | None = None) -> Entry | None:
        section = self.bibliography_element
        layout = section.find("layout")
        ctx = self._context(cite, section)
        fields = layout.emit_fields(ctx)
        if substitute is not None:
            fields = substitute.apply(fields, layout, lambda: self._context(cite, section))
        if not fields:
            fields = [text_node(NO_PRINTED_FORM)]
        if section.get("second-field-align") and len(fields) > 1:
            margin = serialize(fields[0], self.output.writer, self.quotes)
            body = layout.decorate(Node(list(fields[1:])), ctx)
            return margin, serialize(body, self.output.writer, self.quotes) if body else ""
        content = Node(list(fields))
        entry = layout.decorate(content, ctx)
        if entry is None:
            return None
        return serialize(place_display_edges(entry, content), self.output.writer, self.quotes)

    # ---- contexts -----------------------------------------------------------------------------

    def _context(self, cite: Cite, section: Any, sort_key: SortOptions | None = None) -> Context:
        if self.progress is not None:
            self.progress(self._stage)
        implicit = "" if self._prints_year_suffix else cite.disambiguation.year_suffix
        return Context(style=self.root, section=self._sections[section], locale=self.locale,
                       macros=self.macros, cite=cite, sort_key=sort_key, implicit_year_suffix=implicit)

    def _sort_context(self, section: Any) -> Any:
        return lambda cite, options: self._context(cite, section, options)


# The name variables whose names a cite usually shows first, in the order styles try them.
_CITED_NAMES = ("author", "editor", "translator", "director", "composer", "interviewer", "illustrator")


def _names_in_cite(item: Item) -> list[Name]:
    """The names an item's cite shows: those of its first name variable with any."""
    for variable in (*_CITED_NAMES, *sorted(item.names)):
        if item.names.get(variable):
            return item.names[variable]
    return []


def _uses_citation_number(sort: Sort) -> bool:
    return any(isinstance(key, Key) and key.get("variable") == "citation-number" for key in sort)


def _opens_sentence(prefix: str, first: bool) -> bool:
    """True when a cite starts a sentence: first in its note with no prefix, or after a prefix
    of more than one word that ends one (citeproc-js: "See above. Ibid." but "Cf. ibid.")."""
    text = prefix.strip().rstrip("\u201d\u2019\"'")
    if not text:
        return first
    return text[-1:] in ".!?" and " " in text


def _with_cite_affixes(node: Node, cite: Cite) -> Node:
    """A cite with the prefix and suffix its citing document gave it (rich text allowed)."""
    if cite.capitalize_term:
        capitalize_leading_term(node)
    children: list[Node | str] = []
    if cite.prefix:
        children.append(Node([parse_field(cite.prefix)], affix=True))
    children.append(node)
    if cite.suffix:
        children.append(Node([parse_field(cite.suffix)], affix=True))
    return Node(children)

