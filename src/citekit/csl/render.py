"""Rendering elements: the classes of the style elements (``elements.py``) that render into nodes.

Each subclass adds ``emit(ctx)``, which returns the element's output as a
node (or None when it renders nothing). Names and dates live in ``names.py`` and ``dates.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any, NamedTuple

from citekit.csl.context import FIRST, IBID, IBID_WITH_LOCATOR, SUBSEQUENT, Context
from citekit.csl.elements import Element
from citekit.csl.markup import ROMANESQUE
from citekit.csl.numbers import is_numeric, is_plural, number_label, parse_number, render_number, roman
from citekit.csl.rich import Node, Term, fonts_of, join_nodes, text_node, with_affixes
from citekit.csl.textcase import apply_text_case, strip_periods
from citekit.errors import InvalidStyleError
from citekit.model import NUMBER_VARIABLES
from citekit.patterns import lazy_compile

_ROMANESQUE = lazy_compile(ROMANESQUE)

# Variables whose text is an identifier, never rich text.
_RAW_VARIABLES = frozenset({"URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "call-number", "citation-key"})


class Decoration(NamedTuple):
    """An element's formatting attributes (CSL 1.0.2 § Formatting), read once."""

    text_case: str | None
    strip_periods: bool
    fonts: dict[str, str]
    quotes: bool
    prefix: str | None
    suffix: str | None
    display: str | None

    @classmethod
    def of(cls, attributes: Mapping[str, str]) -> Decoration:
        """The decoration an element's attributes ask for."""
        get = attributes.get
        return cls(text_case=get("text-case") or None, strip_periods=get("strip-periods") == "true",
                   fonts=fonts_of(attributes), quotes=get("quotes") == "true", prefix=get("prefix"),
                   suffix=get("suffix"), display=get("display") or None)


class Rendering(Element):
    """What every rendering element shares: children, and decoration (CSL 1.0.2 § Formatting).

    A style never changes once parsed, so what an element derives from its attributes and
    children is worked out on first use and kept on the element.
    """

    # Fonts and quotes go inside the affixes, except on cs:layout, where citeproc-js sets them around.
    fonts_enclose_affixes = False

    @cached_property
    def renderers(self) -> tuple[Rendering, ...]:
        """The children that render, in order."""
        return tuple(child for child in self.children if isinstance(child, Rendering))

    @cached_property
    def _children_plan(self) -> tuple[tuple[Rendering, bool, bool], ...]:
        """Each child that renders, whether it is a ``cs:choose`` and whether it strips periods."""
        return tuple((child, isinstance(child, Choose), child.decoration.strip_periods)
                     for child in self.renderers)

    @cached_property
    def decoration(self) -> Decoration:
        """The element's formatting attributes."""
        return Decoration.of(self.attrib)

    def emit(self, ctx: Context) -> Node | None:  # pragma: no cover - every subclass overrides
        """The element's output for the cite in ``ctx``, None when it prints nothing.

        The output is never an empty node, except where the element's own ``strip-periods``
        removed every character (:meth:`decorate` keeps what is left).
        """
        raise NotImplementedError

    def emit_children(self, ctx: Context) -> list[Node]:
        """Every child's output, in order, skipping the empty ones; a ``cs:choose`` adds its
        branch's children one by one (the enclosing element delimits them)."""
        nodes: list[Node] = []
        for child, chooses, strips_periods in self._children_plan:
            if chooses:
                nodes += child.branch_children(ctx)  # type: ignore[attr-defined]
                continue
            node = child.emit(ctx)
            if node is not None and not (strips_periods and node.is_empty()):
                nodes.append(node)
        return nodes

    def fonts(self, content: Node) -> dict[str, str]:
        """The element's font attributes for this content (a copy: a node keeps it)."""
        return dict(self.decoration.fonts)

    def decorate(self, content: Node | None, ctx: Context, language: str | None = None) -> Node | None:
        """Apply text-case, strip-periods, fonts, quotes, affixes and display to ``content``.

        ``language`` decides whether title case applies: the item's language by
        default, the locale's for terms (they are in the locale's language).
        """
        if content is None or content.is_empty():
            return None
        return self._decorated(content, ctx, language)

    def _decorated(self, content: Node, ctx: Context, language: str | None = None) -> Node:
        """:meth:`decorate` for content known to print something (children's outputs never are empty)."""
        decoration = self.decoration
        if decoration.text_case:
            content = apply_text_case(content, decoration.text_case, language or ctx.language)
        if decoration.strip_periods:
            content = strip_periods(content)
        formatting = self.fonts(content) if decoration.fonts else {}
        quotes = decoration.quotes
        if (formatting or quotes) and not self.fonts_enclose_affixes:
            content = Node([content], formatting=formatting, quotes=quotes)
        content = with_affixes(content, decoration.prefix, decoration.suffix)
        if (formatting or quotes) and self.fonts_enclose_affixes:
            content = Node([content], formatting=formatting, quotes=quotes)
        if decoration.display:
            content = Node([content], display=decoration.display)
        return content


class Layout(Rendering):
    """``cs:layout``: one cite (its children joined with no delimiter) or one entry."""

    fonts_enclose_affixes = True

    def emit(self, ctx: Context) -> Node | None:
        """The children of the layout for one cite, without the layout's own affixes."""
        children = self.emit_children(ctx)
        return Node(list(children)) if children else None

    def emit_fields(self, ctx: Context) -> list[Node]:
        """The children's outputs apart (second-field-align puts the first in the margin)."""
        return self.emit_children(ctx)


class Macro(Rendering):
    """``cs:macro``: its children in order; the macro is not a group (no implicit suppression)."""

    def emit(self, ctx: Context) -> Node | None:
        """The macro's output."""
        children = self.emit_children(ctx)
        return Node(list(children)) if children else None


class Group(Rendering):
    """``cs:group``: delimited children, suppressed when every variable it calls is empty."""

    def emit(self, ctx: Context) -> Node | None:
        """The group, or None under its implicit conditional (CSL 1.0.2 § Group)."""
        outer = ctx.open_group()
        children = self.emit_children(ctx)
        if not ctx.close_group(outer, bool(children)):
            return None
        return self._decorated(Node(join_nodes(children, self.get("delimiter", ""))), ctx)


class Text(Rendering):
    """``cs:text``: a variable, a macro, a term or a value."""

    @cached_property
    def source(self) -> tuple[str, str]:
        """What it prints: ``("variable" | "macro" | "term", name)``, else ``("value", text)``."""
        for kind in ("variable", "macro", "term"):
            if self.get(kind):
                return kind, self.get(kind)
        return "value", self.get("value", "")

    def emit(self, ctx: Context) -> Node | None:
        """The text, decorated."""
        kind, name = self.source
        if kind == "macro":
            content = self._macro(ctx, name)
            return self._decorated(content, ctx) if content is not None else None
        if name == "year-suffix" and kind == "variable":
            ctx.year_suffix_node = self.decorate(self._variable(ctx, "year-suffix"), ctx)
            return ctx.year_suffix_node
        if kind == "variable":
            return self.decorate(self._variable(ctx, name), ctx)
        if kind == "term":
            plural = self.get("plural") == "true"
            term = ctx.locale.term(name, self.get("form", "long"), plural)
            return self.decorate(Term([ctx.rich(term or "")]), ctx, ctx.locale.language)
        return self.decorate(ctx.rich(name), ctx)

    def fonts(self, content: Node) -> dict[str, str]:
        """Fonts; a variable written wholly in a script without italics (CJK) stays upright (citeproc-js)."""
        fonts = super().fonts(content)
        if self.get("variable") and "font-style" in fonts and not _ROMANESQUE.search(content.text()):
            del fonts["font-style"]
        return fonts

    def _macro(self, ctx: Context, name: str) -> Node | None:
        """A macro's output; like a group, empty when every variable it calls is (citeproc-js)."""
        outer = ctx.open_group()
        content = macro(ctx, name).emit(ctx)
        return content if ctx.close_group(outer, content is not None) else None

    def _variable(self, ctx: Context, name: str) -> Node | None:
        ctx.texts_called.append(name)
        value = None
        if self.get("form") == "short":
            value = ctx.variable(f"{name}-short")
        value = value or ctx.variable(name)
        if value or name != "year-suffix":  # citeproc-js never counts a missing year-suffix as empty
            ctx.count(bool(value), name)
        if not value or not isinstance(value, str):
            return None
        if name in NUMBER_VARIABLES or name in ("locator", "page-first"):
            value = _number_text(ctx, name, value)
        if name in _RAW_VARIABLES:
            return text_node(value)
        return ctx.rich(value)


def _number_text(ctx: Context, variable: str, value: str, form: str = "numeric",
                 gender: str | None = None) -> str:
    """A number variable as citeproc-js writes it: ranges with en dashes, pages per page-range-format."""
    if form == "numeric" and value.isascii() and value.isdigit():  # the usual volume or issue
        return value  # as the parse below gives it back, whatever the variable, label or locale
    numbers = ctx.locale.number_locale()
    label = ctx.cite.label or "page" if variable == "locator" else None
    parts = parse_number(value, variable, numbers, label)
    range_format = ctx.style.get("page-range-format")
    transforms = {
        "ordinal": lambda number: ctx.locale.ordinal(number, gender),
        "long-ordinal": lambda number: ctx.locale.long_ordinal(number, gender),
        "roman": roman,
    }
    return render_number(parts, variable, transforms.get(form), range_format, numbers, ctx.locale.term)


class Number(Rendering):
    """``cs:number``: a number variable as numeric, ordinal, long ordinal or roman."""

    def emit(self, ctx: Context) -> Node | None:
        """The number; text that is not numeric is printed as it is."""
        value = ctx.variable(self.get("variable"))
        ctx.count(bool(value), self.get("variable"))
        if not value:
            return None
        if ctx.sort_key is not None and _first_number(value):  # numbers compare as numbers in sort keys
            return text_node(f"{_first_number(value):012d}")
        variable = self.get("variable")
        if is_numeric(value, variable, ctx.locale.number_locale(), ctx.cite.label or "page"):
            gender = ctx.locale.term_gender(variable)
            return self.decorate(text_node(_number_text(ctx, variable, value, self.get("form", "numeric"),
                                                        gender)), ctx)
        return self.decorate(text_node(value), ctx)


class Label(Rendering):
    """``cs:label``: the term of a variable, singular or plural, printed only with the variable."""

    def emit(self, ctx: Context) -> Node | None:
        """The label of a number variable (``cs:names`` renders its own labels)."""
        variable = self.get("variable")
        value = ctx.variable(variable)
        if not value or not isinstance(value, str):
            return None
        term_name = ctx.cite.label or "page" if variable == "locator" else variable
        numbers = ctx.locale.number_locale()
        # A value that names its own kind ("vol. 1, fol. 186") is labelled by that term.
        embedded = number_label(parse_number(value, variable, numbers, term_name), variable, numbers)
        term_name = embedded or term_name
        plural = self._plural(value, variable, ctx)
        term = ctx.locale.term(term_name, self.get("form", "long"), plural)
        return self.decorate(text_node(term or ""), ctx, ctx.locale.language)

    def _plural(self, value: str, variable: str, ctx: Context) -> bool:
        setting = self.get("plural", "contextual")
        if setting != "contextual":
            return setting == "always"
        return is_plural(value, variable, ctx.locale.number_locale(), ctx.cite.label or "page")


def _first_number(value: str) -> int:
    digits = "".join(char if char.isdigit() else " " for char in value).split()
    return int(digits[0]) if digits else 0


class Choose(Rendering):
    """``cs:choose``: the children of the first branch whose condition holds."""

    def emit(self, ctx: Context) -> Node | None:
        """The taken branch's output as one node."""
        nodes = self.branch_children(ctx)
        return Node(list(nodes)) if nodes else None

    def branch_children(self, ctx: Context) -> list[Node]:
        """The taken branch's children, delimited by the enclosing element."""
        for branch, otherwise in self._branches:
            if otherwise or branch.holds(ctx):  # type: ignore[attr-defined]
                return branch.emit_children(ctx)
        return []

    @cached_property
    def _branches(self) -> tuple[tuple[Rendering, bool], ...]:
        """The ``cs:if`` and ``cs:else-if`` branches, and ``cs:else`` (True), in order."""
        return tuple((branch, isinstance(branch, Else)) for branch in self.renderers
                     if isinstance(branch, (If, Else)))


class If(Rendering):
    """``cs:if``: a branch with conditions (CSL 1.0.2 § Choose)."""

    def holds(self, ctx: Context) -> bool:
        """True when the branch's conditions hold under its ``match`` (tests have no side effects)."""
        match, tests = self.conditions
        if len(tests) == 1:  # most branches
            test, value = tests[0]
            return bool(test(ctx, value)) != (match == "none")
        wanted = match != "all"  # the result that decides: true under "any" and "none", false under "all"
        for test, value in tests:
            if bool(test(ctx, value)) == wanted:
                return match == "any"
        return match != "any"

    @cached_property
    def conditions(self) -> tuple[str, tuple[tuple[Callable[[Context, Any], bool], Any], ...]]:
        """The ``match`` ("any", "none", else "all"), and each condition with the value it tests.

        Under "any" and "none", the item types listed are tested at once.
        """
        match = self.get("match")
        match = match if match in ("any", "none") else "all"
        tests: list[tuple[Callable[[Context, Any], bool], Any]] = [
            (test, value) for attribute, test in _CONDITIONS.items()
            for value in (self.get(attribute) or "").split()]
        types = frozenset(value for test, value in tests if test is _is_type)
        if match != "all" and len(types) > 1:
            tests = [(_is_type_in, types), *((test, value) for test, value in tests if test is not _is_type)]
        return match, tuple(tests)

    def emit(self, ctx: Context) -> Node | None:  # pragma: no cover - Choose renders branches
        """A branch renders only through its ``cs:choose``."""
        return None


class ElseIf(If):
    """``cs:else-if``."""


class Else(Rendering):
    """``cs:else``."""

    def emit(self, ctx: Context) -> Node | None:  # pragma: no cover - Choose renders branches
        """A branch renders only through its ``cs:choose``."""
        return None


def _is_numeric(ctx: Context, variable: str) -> bool:
    value = ctx.value(variable)
    return isinstance(value, str) and is_numeric(value, variable, ctx.locale.number_locale(),
                                                 ctx.cite.label or "page")


def _is_uncertain_date(ctx: Context, variable: str) -> bool:
    value = ctx.value(variable)
    return bool(getattr(value, "circa", False))


def _locator(ctx: Context, label: str) -> bool:
    # CSL 1.0.1 spelled "sub verbo" with a space; 1.0.2 uses "sub-verbo".
    return bool(ctx.cite.locator) and _locator_label(ctx.cite.label or "page") == _locator_label(label)


def _locator_label(label: str) -> str:
    return label.replace(" ", "-")


def _position(ctx: Context, position: str) -> bool:
    if ctx.mode != "citation":
        return False
    current = ctx.cite.position
    if position == "first":
        return current == FIRST
    if position == "subsequent":
        return current >= SUBSEQUENT
    if position == "ibid":
        return current in (IBID, IBID_WITH_LOCATOR)
    if position == "ibid-with-locator":
        return current == IBID_WITH_LOCATOR
    if position == "near-note":
        return current != FIRST and ctx.cite.near_note
    return False


def _is_type(ctx: Context, value: str) -> bool:
    return ctx.cite.item.type == value


def _is_type_in(ctx: Context, values: frozenset[str]) -> bool:
    return ctx.cite.item.type in values


_CONDITIONS: dict[str, Callable[[Context, str], bool]] = {
    "type": _is_type,
    # Conditions see the item as it is: a variable a substitute used still counts as present.
    "variable": lambda ctx, value: bool(ctx.value(value)),
    "is-numeric": _is_numeric,
    "is-uncertain-date": _is_uncertain_date,
    "locator": _locator,
    "position": _position,
    "disambiguate": lambda ctx, value: (value == "true") == ctx.cite.disambiguation.flag,
}


def macro(ctx: Context, name: str) -> Macro:
    """The style's macro of that name."""
    try:
        return ctx.macros[name]  # type: ignore[no-any-return]
    except KeyError:
        raise InvalidStyleError(f"the style calls an undefined macro '{name}'") from None
