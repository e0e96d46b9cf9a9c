"""``cs:sort`` and ``cs:key``: the order of bibliography entries and of cites in a citation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cmp_to_key
from typing import Any

from citeproc import model

from citekit.csl.collation import collator
from citekit.csl.context import Cite, Context, SortOptions
from citekit.csl.dates import date_sort_key
from citekit.csl.item import DateValue
from citekit.csl.markup import parse_field
from citekit.csl.names import names_sort_text
from citekit.csl.numbers import is_numeric
from citekit.csl.render import Rendering, macro
from citekit.model import NAME_VARIABLES, NUMBER_VARIABLES

# A sort value: (kind, value) where kind orders numbers before text; None when the key is empty.
SortValue = tuple[int, Any] | None


class Sort(Rendering, model.Sort):
    """``cs:sort``: its keys, in order."""

    def emit(self, ctx: Context) -> None:  # pragma: no cover - sorting never renders
        """A sort renders nothing."""
        return None

    def order(self, cites: Sequence[Cite], make_context: Callable[[Cite, SortOptions], Context],
              locale_code: str) -> list[Cite]:
        """The cites in this sort's order; ties keep the order given (CSL 1.0.2 § Sorting)."""
        keys = [key for key in self.iterchildren() if isinstance(key, Key)]
        key_collator = collator(locale_code)
        values = {id(cite): [key.value(cite, make_context, key_collator.key) for key in keys]
                  for cite in cites}
        directions = [key.get("sort", "ascending") == "descending" for key in keys]

        def compare(left: Cite, right: Cite) -> int:
            for a, b, descending in zip(values[id(left)], values[id(right)], directions, strict=True):
                if a == b:
                    continue
                if a is None or b is None:  # empty values sort last, whatever the direction
                    return 1 if a is None else -1
                result = -1 if a < b else 1
                return -result if descending else result
            return 0

        return sorted(cites, key=cmp_to_key(compare))


class Key(Rendering, model.Key):
    """``cs:key``: a variable or a macro whose output is compared."""

    def emit(self, ctx: Context) -> None:  # pragma: no cover - keys never render
        """A key renders nothing."""
        return None

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
