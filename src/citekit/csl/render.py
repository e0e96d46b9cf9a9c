"""Rendering elements: citeproc-py's element classes, subclassed to render into a :class:`Node` tree.

Each subclass adds ``emit(ctx)``, which returns the element's output as a
node (or None when it renders nothing); citeproc-py's own ``render`` methods are
not used. Names and dates live in ``names.py`` and ``dates.py``.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

from citekit.csl.context import FIRST, IBID, IBID_WITH_LOCATOR, SUBSEQUENT, Context
from citekit.csl.markup import ROMANESQUE
from citekit.csl.numbers import is_numeric, is_plural, number_label, parse_number, render_number, roman
from citekit.csl.rich import Node, Term, fonts_of, join_nodes, text_node, with_affixes
from citekit.csl.textcase import apply_text_case, strip_periods
from citekit.errors import InvalidStyleError
from citekit.model import NUMBER_VARIABLES

_ROMANESQUE = re.compile(ROMANESQUE)

# Variables whose text is an identifier, never rich text.
_RAW_VARIABLES = frozenset({"URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "call-number", "citation-key"})


class Rendering:
    """What every rendering element shares: children, and decoration (CSL 1.0.2 § Formatting)."""

    # Fonts and quotes go inside the affixes, except on cs:layout, where citeproc-js sets them around.
    fonts_enclose_affixes = False

    def emit(self, ctx: Context) -> Node | None:  # pragma: no cover - every subclass overrides
        """The element's output for the cite in ``ctx``."""
        raise NotImplementedError

    def emit_list(self, ctx: Context) -> list[Node]:
        """The element's output as siblings for the enclosing element's delimiter."""
        node = self.emit(ctx)
        return [node] if node is not None and not node.is_empty() else []

    def emit_children(self, ctx: Context) -> list[Node]:
        """Every child's output, in order, skipping the empty ones."""
        nodes: list[Node] = []
        for child in self.iterchildren():  # type: ignore[attr-defined]
            if isinstance(child, Rendering):
                nodes += child.emit_list(ctx)
        return nodes

    def fonts(self, content: Node) -> dict[str, str]:
        """The element's font attributes for this content."""
        return fonts_of(self.attrib)  # type: ignore[attr-defined]

    def decorate(self, content: Node | None, ctx: Context, language: str | None = None) -> Node | None:
        """Apply text-case, strip-periods, fonts, quotes, affixes and display to ``content``.

        ``language`` decides whether title case applies: the item's language by
        default, the locale's for terms (they are in the locale's language).
        """
        if content is None or content.is_empty():
            return None
        get = self.get  # type: ignore[attr-defined]
        case = get("text-case")
        if case:
            content = apply_text_case(content, case, language or ctx.language)
        if get("strip-periods") == "true":
            content = strip_periods(content)
        formatting = self.fonts(content)
        quotes = get("quotes") == "true"
        if (formatting or quotes) and not self.fonts_enclose_affixes:
            content = Node([content], formatting=formatting, quotes=quotes)
        content = with_affixes(content, get("prefix"), get("suffix"))
        if (formatting or quotes) and self.fonts_enclose_affixes:
            content = Node([content], formatting=formatting, quotes=quotes)
        display = get("display")
        if display:
            content = Node([content], display=display)
        return content


class Layout(Rendering, model.Layout):
    """``cs:layout``: one cite (its children joined with no delimiter) or one entry."""

    fonts_enclose_affixes = True

    def emit(self, ctx: Context) -> Node | None:
        """The children of the layout for one cite, without the layout's own affixes."""
        children = self.emit_children(ctx)
        return Node(list(children)) if children else None

    def emit_fields(self, ctx: Context) -> list[Node]:
        """The children's outputs apart (second-field-align puts the first in the margin)."""
        return self.emit_children(ctx)


class Macro(Rendering, model.Macro):
    """``cs:macro``: its children in order; the macro is not a group (no implicit suppression)."""

    def emit(self, ctx: Context) -> Node | None:
        """The macro's output."""
        children = self.emit_children(ctx)
        return Node(list(children)) if children else None


class Group(Rendering, model.Group):
    """``cs:group``: delimited children, suppressed when every variable it calls is empty."""

    def emit(self, ctx: Context) -> Node | None:
        """The group, or None under its implicit conditional (CSL 1.0.2 § Group)."""
        with ctx.group_scope() as counts:
            children = self.emit_children(ctx)
        called, rendered = counts
        shown = bool(children) and not (called and not rendered)
        ctx.count_group(called, shown)
        if not shown:
            return None
        return self.decorate(Node(join_nodes(children, self.get("delimiter", ""))), ctx)


class Text(Rendering, model.Text):
    """``cs:text``: a variable, a macro, a term or a value."""

    def emit(self, ctx: Context) -> Node | None:
        """The text, decorated."""
        if self.get("variable") == "year-suffix":
            ctx.year_suffix_node = self.decorate(self._variable(ctx, "year-suffix"), ctx)
            return ctx.year_suffix_node
        if self.get("variable"):
            content = self._variable(ctx, self.get("variable"))
        elif self.get("macro"):
            content = self._macro(ctx)
        elif self.get("term"):
            plural = self.get("plural") == "true"
            term = ctx.locale.term(self.get("term"), self.get("form", "long"), plural)
            return self.decorate(Term([ctx.rich(term or "")]), ctx, ctx.locale.language)
        else:
            content = ctx.rich(self.get("value", ""))
        return self.decorate(content, ctx)

    def fonts(self, content: Node) -> dict[str, str]:
        """Fonts; a variable written wholly in a script without italics (CJK) stays upright (citeproc-js)."""
        fonts = super().fonts(content)
        if self.get("variable") and "font-style" in fonts and not _ROMANESQUE.search(content.text()):
            del fonts["font-style"]
        return fonts

    def _macro(self, ctx: Context) -> Node | None:
        """A macro's output; like a group, empty when every variable it calls is (citeproc-js)."""
        with ctx.group_scope() as counts:
            content = macro(ctx, self.get("macro")).emit(ctx)
        called, rendered = counts
        shown = content is not None and not (called and not rendered)
        ctx.count_group(called, shown)
        return content if shown else None

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


class Number(Rendering, model.Number):
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


class Label(Rendering, model.Label):
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


class Choose(Rendering, model.Choose):
    """``cs:choose``: the children of the first branch whose condition holds."""

    def emit(self, ctx: Context) -> Node | None:
        """The taken branch's output as one node."""
        nodes = self.emit_list(ctx)
        return Node(list(nodes)) if nodes else None

    def emit_list(self, ctx: Context) -> list[Node]:
        """The taken branch's children, delimited by the enclosing element."""
        for branch in self.iterchildren():
            if isinstance(branch, Else) or (isinstance(branch, If) and branch.holds(ctx)):
                return branch.emit_children(ctx)
        return []


class If(Rendering, model.If):
    """``cs:if``: a branch with conditions (CSL 1.0.2 § Choose)."""

    def holds(self, ctx: Context) -> bool:
        """True when the branch's conditions hold under its ``match``."""
        results = [test(ctx, value) for test, value in self._tests()]
        match = self.get("match", "all")
        if match == "any":
            return any(results)
        if match == "none":
            return not any(results)
        return all(results)

    def _tests(self) -> list[tuple[Any, str]]:
        tests = []
        for attribute, test in _CONDITIONS.items():
            for value in (self.get(attribute) or "").split():
                tests.append((test, value))
        return tests

    def emit(self, ctx: Context) -> Node | None:  # pragma: no cover - Choose renders branches
        """A branch renders only through its ``cs:choose``."""
        return None


class Else_If(If, model.Else_If):  # noqa: N801 - the element name citeproc-py's lookup expects
    """``cs:else-if``."""


class Else(Rendering, model.Else):
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


_CONDITIONS: dict[str, Any] = {
    "type": lambda ctx, value: ctx.item.type == value,
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
