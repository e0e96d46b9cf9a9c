"""Cite grouping and cite collapsing in a citation (CSL 1.0.2 § Citation: Cite Grouping, Cite Collapsing).

Collapsing compares and prints parts of a cite, so :class:`CiteRenderer`
renders a cite in pieces, each by an ordinary pass of the layout over a
modified :class:`Cite` rather than by cutting a finished tree apart:

- *whole*: the cite as it stands;
- *names*: the text of the first ``cs:names`` the cite renders (substitutes
  included), found by walking the elements the cite reaches and rendering that
  one alone; cites with equal names form a cite group;
- *without names*: the cite rendered with ``suppress_author``, which drops
  exactly that first ``cs:names`` (and the delimiter before it), as collapsing
  a group's later cites needs;
- *year key*: the text without names and without the year-suffix, equal for
  cites whose years ``year-suffix`` collapsing merges ("2000a, b");
- *year-suffix*: the style's ``cs:text variable="year-suffix"`` rendered alone
  (or the bare letters when the suffix is implicit), printed for a merged cite.

:func:`join_cites` then orders the cites (grouping), picks each cite's printed
piece and the delimiter before it, and turns runs of three or more
consecutive citation numbers or year-suffixes into ranges ("[1]–[3]").
Where the specification leaves delimiters open, citeproc-js's choices are
followed (``CSL.getSpliceDelimiter`` and ``_collapseAuthor``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from citekit.csl.context import Cite, Context
from citekit.csl.elements import CSL_NAMESPACE
from citekit.csl.render import Layout
from citekit.csl.rich import Node, text_node

_CITATION, _MACRO, _TEXT = (f"{{{CSL_NAMESPACE}}}{name}" for name in ("citation", "macro", "text"))
YEAR_MODES = frozenset({"year", "year-suffix", "year-suffix-ranged"})
SUFFIX_MODES = frozenset({"year-suffix", "year-suffix-ranged"})
# Variables whose cs:text leaves a cite collapsible; any other ends collapsing (citeproc-js).
_COLLAPSIBLE_TEXT = frozenset({"locator", "year-suffix", "citation-number", "citation-label"})
# In-text cites of one group are joined by this when the style sets no delimiter (citeproc-js).
IN_TEXT_GROUP_DELIMITER = ", "
# A cite prefix opening with one of these stands in for the delimiter before it (citeproc-js).
_PUNCTUATION = (",", ";", ".")


class CollapseOptions(NamedTuple):
    """The cs:citation attributes that group and collapse cites, and what they depend on."""

    collapse: str = ""
    layout_delimiter: str = ""
    cite_group_delimiter: str | None = None
    year_suffix_delimiter: str | None = None
    after_collapse_delimiter: str | None = None
    range_delimiter: str = "\u2013"
    in_text: bool = False
    numeric: bool = False  # the citation prints citation numbers
    adds_year_suffix: bool = False
    sorted: bool = False  # the citation has a cs:sort

    @classmethod
    def of(cls, root: Any, citation: Any, range_delimiter: str | None) -> CollapseOptions:
        """Read the options of a style's ``cs:citation``; ``range_delimiter`` is the locale's
        ``citation-range-delimiter`` term (an en dash when the locale has none)."""
        layout = citation.find("layout")
        return cls(
            collapse=citation.get("collapse") or "",
            layout_delimiter=layout.get("delimiter", "") if layout is not None else "",
            cite_group_delimiter=citation.get("cite-group-delimiter") or None,
            year_suffix_delimiter=citation.get("year-suffix-delimiter") or None,
            after_collapse_delimiter=citation.get("after-collapse-delimiter"),
            range_delimiter="\u2013" if range_delimiter is None else range_delimiter,
            in_text=root.get("class") == "in-text",
            numeric=any(text.get("variable") == "citation-number"
                        for section in root.iterchildren() if section.tag in (_CITATION, _MACRO)
                        for text in section.iter(_TEXT)),
            adds_year_suffix=citation.get("disambiguate-add-year-suffix") == "true",
            sorted=citation.find("sort") is not None,
        )

    @property
    def groups(self) -> bool:
        """True when sorted cites are grouped by their names (CSL 1.0.2 § Cite Grouping).

        As in citeproc-js, only a sorted citation groups, ``collapse`` groups in
        in-text styles only, and ``cite-group-delimiter`` not with citation numbers.
        """
        by_collapse = self.in_text and bool(self.collapse)
        by_delimiter = self.cite_group_delimiter is not None and not self.numeric
        return self.sorted and (by_collapse or by_delimiter)

    @property
    def needs_names(self) -> bool:
        """True when a cite's names decide its place, delimiter or printed piece."""
        return self.groups or bool(self.collapse) or self.cite_group_delimiter is not None

    @property
    def suffix_delimiter(self) -> str:
        """The delimiter between year-suffixes merged after one year (``2000a,b``)."""
        return self.cite_group_delimiter or self.year_suffix_delimiter or self.layout_delimiter


class CiteRenderer:
    """Renders a citation's cites, whole or in the pieces collapsing compares and prints."""

    def __init__(self, layout: Layout, make_context: Callable[[Cite], Context], placeholder: str) -> None:
        self.layout = layout
        self.make_context = make_context
        self.placeholder = placeholder  # printed for a cite that renders nothing

    def whole(self, cite: Cite) -> Node:
        """The cite as the layout renders it."""
        return self.layout.emit(self.make_context(cite)) or text_node(self.placeholder)

    def without_names(self, cite: Cite) -> Node | None:
        """The cite without its first names (None when nothing else is left)."""
        node = self.layout.emit(self.make_context(_suppressing_author(cite, True)))
        return node if node is not None and not node.is_empty() else None

    def names(self, cite: Cite) -> str | None:
        """The text of the first names the cite renders, None when it renders none."""
        return self._rendered(_suppressing_author(cite, False)).first_names

    def ends_collapsing(self, cite: Cite) -> bool:
        """True when the cite calls a ``cs:text`` variable other than a locator, citation number
        or year-suffix, even an empty one: citeproc-js then no longer counts it as collapsed."""
        return any(variable not in _COLLAPSIBLE_TEXT for variable in self._rendered(cite).texts_called)

    def year_key(self, cite: Cite) -> str:
        """The cite's text without names and year-suffix: equal for cites of the same year."""
        plain = _suppressing_author(cite, True)
        plain.disambiguation = cite.disambiguation._replace(year_suffix="")
        node = self.layout.emit(self.make_context(plain))
        return node.text() if node is not None else ""

    def year_suffix(self, cite: Cite) -> Node | None:
        """The cite's year-suffix as the style prints it, alone; None when it prints none."""
        suffix = cite.disambiguation.year_suffix
        if not suffix:
            return None
        ctx = self._rendered(cite)
        if ctx.year_suffix_node is not None:
            return ctx.year_suffix_node
        # Without a cs:text for it, the suffix follows the year (CSL 1.0.2 § Disambiguation).
        return text_node(suffix) if self.make_context(cite).implicit_year_suffix else None

    def _rendered(self, cite: Cite) -> Context:
        """The context of the cite once rendered: what the rendering met."""
        ctx = self.make_context(cite)
        self.layout.emit(ctx)
        return ctx


def _suppressing_author(cite: Cite, suppress: bool) -> Cite:
    """A copy of ``cite`` that leaves out its first names, or one that prints them."""
    changed = copy.copy(cite)
    changed.suppress_author = suppress
    return changed


# ---- joining the cites of a citation ----------------------------------------------------------

# Puts a citing document's prefix and suffix around a cite.
CiteAffixes = Callable[[Node, Cite], Node]


class Segment:
    """What the citation prints for a cite (or a range of cites), after its delimiter.

    ``value`` is the citation number or year-suffix index of a cite that may be
    part of a range; ``chained`` says it may continue a range from the segment before.
    """

    __slots__ = ("delimiter", "node", "value", "chained")

    def __init__(self, delimiter: str, node: Node, value: int | None = None, chained: bool = False) -> None:
        self.delimiter = delimiter
        self.node = node
        self.value = value
        self.chained = chained


class _Piece:
    """A cite of the citation, what grouping and collapsing know of it, and what it printed."""

    __slots__ = ("cite", "node", "names", "ends_collapsing", "collapsed", "segment")

    def __init__(self, cite: Cite, node: Node, names: str | None = None, ends_collapsing: bool = False,
                 collapsed: bool = False, segment: Segment | None = None) -> None:
        self.cite = cite
        self.node = node  # the whole cite
        self.names = names
        self.ends_collapsing = ends_collapsing
        self.collapsed = collapsed  # citeproc-js's "have_collapsed" once the cite is rendered
        self.segment = segment


def join_cites(cites: Sequence[Cite], renderer: CiteRenderer, options: CollapseOptions,
               affixes: CiteAffixes) -> list[Node | str]:
    """The children of a citation's node: its cites, grouped, collapsed and delimited."""
    # A cite alone is neither grouped nor collapsed: what they compare need not be rendered.
    pieces = [_piece(cite, renderer, options, alone=len(cites) == 1) for cite in cites]
    if options.groups:
        pieces = group_by(pieces, lambda piece: piece.names)
    segments = _Joiner(renderer, options, affixes).segments(pieces)
    if options.collapse in ("citation-number", "year-suffix-ranged"):
        segments = with_ranges(segments, options.range_delimiter)
    children: list[Node | str] = []
    for segment in segments:
        if children and segment.delimiter:
            children.append(Node([segment.delimiter], affix=True))
        children.append(segment.node)
    return children


def _piece(cite: Cite, renderer: CiteRenderer, options: CollapseOptions, alone: bool) -> _Piece:
    piece = _Piece(cite, renderer.whole(cite))
    if options.needs_names and not alone:
        piece.names = renderer.names(cite)
    if options.collapse and not alone:
        piece.ends_collapsing = renderer.ends_collapsing(cite)
    return piece


def group_by(items: Sequence[Any], key: Callable[[Any], str | None]) -> list[Any]:
    """Items with the same key moved up behind the first of them, otherwise in order
    (CSL 1.0.2 § Cite Grouping); items whose key is None stay where they are."""
    ordered: list[Any] = []
    taken: set[int] = set()
    for index, item in enumerate(items):
        if index in taken:
            continue
        ordered.append(item)
        if key(item) is None:
            continue
        for later in range(index + 1, len(items)):
            if later not in taken and key(items[later]) == key(item):
                ordered.append(items[later])
                taken.add(later)
    return ordered


def with_ranges(segments: Sequence[Segment], range_delimiter: str) -> list[Segment]:
    """Runs of three or more chained segments with consecutive values printed as first–last."""
    result: list[Segment] = []
    start = 0
    while start < len(segments):
        end = start
        while end + 1 < len(segments) and _continues(segments[end], segments[end + 1]):
            end += 1
        if end - start >= 2:
            first, last = segments[start], segments[end]
            span = Node([first.node, Node([range_delimiter], affix=True), last.node])
            result.append(Segment(first.delimiter, span))
            start = end + 1
        else:
            result.append(segments[start])
            start += 1
    return result


def _continues(segment: Segment, following: Segment) -> bool:
    return (following.chained and segment.value is not None and following.value is not None
            and following.value == segment.value + 1)


class _Joiner:
    """Walks a citation's cites in order, choosing what each prints and the delimiter before it."""

    def __init__(self, renderer: CiteRenderer, options: CollapseOptions, affixes: CiteAffixes) -> None:
        self.renderer = renderer
        self.options = options
        self.affixes = affixes
        self.year_keys: dict[int, str] = {}

    def segments(self, pieces: Sequence[_Piece]) -> list[Segment]:
        """One segment for each cite that prints anything."""
        segments: list[Segment] = []
        last_names: str | None = None  # of the last cite with names (citeproc-js)
        group_delimiter = False
        before: _Piece | None = None
        for piece in pieces:
            same_names = piece.names is not None and piece.names == last_names
            piece.collapsed = (bool(self.options.collapse) and not piece.ends_collapsing
                               and (piece.names is None or same_names))
            if piece.names is not None:  # a cite without names keeps the state of the one before
                group_delimiter = same_names
                last_names = piece.names
            merged = self._merged_year(piece, same_names, before)
            piece.segment = merged or self._segment(piece, same_names)
            if piece.segment is not None and before is not None:
                delimiter = self.options.suffix_delimiter if merged else \
                    self._delimiter(before, piece, group_delimiter)
                piece.segment.delimiter = _affix_delimiter(delimiter, before.cite, piece.cite)
                piece.segment.chained = merged is not None or self._numbers_chain(before, piece)
            if piece.segment is not None:
                segments.append(piece.segment)
            before = piece
        return segments

    def _segment(self, piece: _Piece, same_names: bool) -> Segment | None:
        """The cite whole, or without its names after a cite with the same names (collapse="year")."""
        node: Node | None = piece.node
        if same_names and self.options.collapse in YEAR_MODES:
            node = self.renderer.without_names(piece.cite)
        if node is None:
            return None
        cite = piece.cite
        segment = Segment("", self.affixes(node, cite))
        if self.options.collapse == "citation-number" and _bare(cite) \
                and _prints_only(node, str(cite.citation_number)):
            segment.value = cite.citation_number
        elif self.options.collapse == "year-suffix-ranged" and cite.disambiguation.year_suffix:
            segment.value = suffix_index(cite.disambiguation.year_suffix)
        return segment

    def _numbers_chain(self, before: _Piece, piece: _Piece) -> bool:
        """True when two citation numbers in a row may be part of one range."""
        return (self.options.collapse == "citation-number" and before.segment is not None
                and before.segment.value is not None and piece.segment is not None
                and piece.segment.value is not None)

    def _merged_year(self, piece: _Piece, same_names: bool, before: _Piece | None) -> Segment | None:
        """Only the year-suffix of a cite whose year the cite before printed (``2000a, b``)."""
        options = self.options
        if options.collapse not in SUFFIX_MODES or not options.adds_year_suffix:
            return None
        if before is None or before.segment is None or not (same_names or piece.names is None):
            return None
        cite = piece.cite
        if not _bare(cite) or not before.cite.disambiguation.year_suffix:
            return None
        suffix = self.renderer.year_suffix(cite)
        if suffix is None or self._year_key(cite) != self._year_key(before.cite):
            return None
        return Segment("", suffix, suffix_index(cite.disambiguation.year_suffix))

    def _year_key(self, cite: Cite) -> str:
        if id(cite) not in self.year_keys:
            self.year_keys[id(cite)] = self.renderer.year_key(cite)
        return self.year_keys[id(cite)]

    def _delimiter(self, before: _Piece, piece: _Piece, group_delimiter: bool) -> str:
        """The delimiter before a cite that prints more than a year-suffix (citeproc-js's
        ``getSpliceDelimiter``): ``after-collapse-delimiter`` after a locator or where a collapsed
        group ends, the group delimiter inside a group, else the layout's."""
        options = self.options
        if options.after_collapse_delimiter is not None:
            ends_group = before.collapsed and not piece.collapsed
            neither = not before.collapsed and not piece.collapsed and options.collapse != "year-suffix"
            if before.cite.locator or ends_group or neither:
                return options.after_collapse_delimiter
            return options.layout_delimiter
        if group_delimiter and options.cite_group_delimiter is not None:
            return options.cite_group_delimiter
        if piece.collapsed and options.in_text and not options.numeric:
            return IN_TEXT_GROUP_DELIMITER
        return options.layout_delimiter


def _affix_delimiter(delimiter: str, before: Cite, cite: Cite) -> str:
    """The delimiter when the citing document's affixes bring their own punctuation: after a
    suffix ending in it only the delimiter's space is left, a prefix opening with it replaces it."""
    ends_in_punctuation = bool(before.suffix) and before.suffix[-1] in _PUNCTUATION
    opens_with_punctuation = not before.suffix and bool(cite.prefix) and cite.prefix[0] in _PUNCTUATION
    if not ends_in_punctuation and not opens_with_punctuation:
        return delimiter
    space = delimiter.find(" ")
    return delimiter[space:] if space > -1 and not opens_with_punctuation else ""


def _bare(cite: Cite) -> bool:
    """True when the citing document gave a cite no prefix or suffix, so it may merge with others
    (a locator that prints shows in what is compared)."""
    return not (cite.prefix or cite.suffix)


def _prints_only(node: Node, text: str) -> bool:
    """True when ``node`` prints ``text`` and nothing else but affixes and delimiters."""
    return list(_own_leaves(node)) == [text]


def _own_leaves(node: Node) -> Iterator[str]:
    if node.affix:
        return
    for child in node.children:
        if isinstance(child, Node):
            yield from _own_leaves(child)
        elif child:
            yield child


def suffix_index(suffix: str) -> int:
    """The place of a year-suffix in the sequence a, b … z, aa, ab … (a is 0)."""
    value = 0
    for letter in suffix:
        value = value * 26 + ord(letter) - ord("a") + 1
    return value - 1
