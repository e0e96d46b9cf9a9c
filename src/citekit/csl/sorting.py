"""``cs:sort`` and ``cs:key``: the order of bibliography entries and of cites in a citation."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cached_property, cmp_to_key
from typing import Any

from citekit.csl.context import Cite, Context, SortOptions
from citekit.csl.dates import date_sort_key
from citekit.csl.item import DateValue
from citekit.csl.markup import parse_field
from citekit.csl.names import names_sort_text
from citekit.csl.numbers import is_numeric
from citekit.csl.render import Macro, Rendering, macro
from citekit.model import NAME_VARIABLES, NUMBER_VARIABLES

# A sort value: (kind, value) where kind orders numbers before text; None when the key is empty.
SortValue = tuple[int, Any] | None
# Applies a function from a list of cites to a list of sort values (as parallel.map_halves does).
CiteMapper = Callable[[Callable[[Sequence[Cite]], list[SortValue]], Sequence[Cite]], list[SortValue]]


class Sort(Rendering):
    """``cs:sort``: its keys, in order."""

    def emit(self, ctx: Context) -> None:  # pragma: no cover - sorting never renders
        """A sort renders nothing."""
        return None

    @cached_property
    def key_elements(self) -> tuple[Key, ...]:
        """Its keys, in order."""
        return tuple(key for key in self.renderers if isinstance(key, Key))

    def know_first_keys(self, cites: Sequence[Cite], make_context: Callable[[Cite, SortOptions], Context],
                        locale_code: str, known: dict[tuple[Key, str], SortValue],
                        map_cites: CiteMapper) -> None:
        """Put each cite's value of the first key in ``known`` (see :meth:`order`), rendered through
        ``map_cites`` (both cores for a long list): every cite is compared at least once."""
        if len(cites) < 2 or not self.key_elements or not self.key_elements[0].item_only:
            return
        from citekit.csl.collation import collator  # here: a single cite is never compared

        key, text_key = self.key_elements[0], collator(locale_code).key
        unknown = [cite for cite in cites if (key, cite.item.id) not in known]
        found = map_cites(lambda part: [key.value(cite, make_context, text_key) for cite in part], unknown)
        known.update(((key, cite.item.id), value) for cite, value in zip(unknown, found, strict=True))

    def order(self, cites: Sequence[Cite], make_context: Callable[[Cite, SortOptions], Context],
              locale_code: str, known: dict[tuple[Key, str], SortValue] | None = None) -> list[Cite]:
        """The cites in this sort's order; ties keep the order given (CSL 1.0.2 § Sorting).

        A cite's key is rendered once, when a comparison first needs it: most cites
        differ in the first key, and rendering a key has no side effects. A bibliography
        sorts twice (for citation numbers, then for its entries); ``known``, kept between
        the two, holds the values of the keys that depend on the item alone (``Key.item_only``).
        """
        if len(cites) < 2:  # nothing to compare: no key is rendered, no collator loaded
            return list(cites)
        from citekit.csl.collation import collator

        keys = self.key_elements
        key_collator = collator(locale_code)
        values: dict[int, list[SortValue]] = {id(cite): [] for cite in cites}
        directions = [key.get("sort", "ascending") == "descending" for key in keys]

        def key_value(key: Key, cite: Cite) -> SortValue:
            if known is None or not key.item_only:
                return key.value(cite, make_context, key_collator.key)
            if (key, cite.item.id) not in known:
                known[key, cite.item.id] = key.value(cite, make_context, key_collator.key)
            return known[key, cite.item.id]

        def value(cite: Cite, index: int) -> SortValue:
            found = values[id(cite)]
            while len(found) <= index:
                found.append(key_value(keys[len(found)], cite))
            return found[index]

        def compare(left: Cite, right: Cite) -> int:
            for index, descending in enumerate(directions):
                a, b = value(left, index), value(right, index)
                if a == b:
                    continue
                if a is None or b is None:  # empty values sort last, whatever the direction
                    return 1 if a is None else -1
                result = -1 if a < b else 1
                return -result if descending else result
            return 0

        return sorted(cites, key=cmp_to_key(compare))


class Key(Rendering):
    """``cs:key``: a variable or a macro whose output is compared."""

    def emit(self, ctx: Context) -> None:  # pragma: no cover - keys never render
        """A key renders nothing."""
        return None

    @cached_property
    def item_only(self) -> bool:
        """True when, in a bibliography, the key's value depends on the item alone: nothing it
        reaches (through macros too) reads the citation number, the year-suffix or the
        disambiguate condition, the only parts of a bibliography's cites that its sorts change."""
        return not any("disambiguate" in element.attrib or _CITE_VARIABLES.intersection(value.split())
                       for element in _reached(self) for value in element.attrib.values())

    def value(self, cite: Cite, make_context: Callable[[Cite, SortOptions], Context],
              text_key: Callable[[str], Any]) -> SortValue:
        """This key's value for a cite."""
        use_last = self.get("names-use-last")
        options = SortOptions(
            et_al_min=_int(self.get("names-min")),
            et_al_use_first=_int(self.get("names-use-first")),
            et_al_use_last=None if use_last is None else use_last == "true",
        )
        ctx = make_context(cite, options)
        variable = self.get("variable")
        if variable:
            return _variable_value(ctx, variable, text_key)
        node = macro(ctx, self.get("macro")).emit(ctx)
        text = node.text().strip() if node is not None else ""
        return (1, text_key(text)) if text else None


_CITE_VARIABLES = frozenset({"citation-number", "year-suffix"})


def _reached(key: Key) -> Iterator[Any]:
    """The key's element, and every CSL element of the macros it calls, directly or not."""
    macros = {macro.get("name"): macro for macro in key.root() if isinstance(macro, Macro)}
    pending: list[Rendering] = [key]
    called = set()
    while pending:
        for element in pending.pop().iter():
            yield element
            name = element.get("macro")
            if name in macros and name not in called:
                called.add(name)
                pending.append(macros[name])


def _variable_value(ctx: Context, variable: str, text_key: Callable[[str], Any]) -> SortValue:
    if variable == "citation-number":
        return (0, ctx.cite.citation_number)
    value = ctx.variable(variable)
    if not value:
        return None
    if isinstance(value, DateValue):
        return (1, date_sort_key(value))
    if variable in NAME_VARIABLES:
        names = names_sort_text(ctx, variable)
        return (1, text_key(names)) if names else None
    if variable in NUMBER_VARIABLES and is_numeric(value, variable):
        digits = "".join(char if char.isdigit() else " " for char in value).split()
        return (0, int(digits[0]))
    return (1, text_key(_plain(value)))


def _plain(text: str) -> str:
    return parse_field(text).text()


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None
