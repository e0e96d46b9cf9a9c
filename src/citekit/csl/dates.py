"""``cs:date`` and ``cs:date-part``: dates, localized or not, single or ranges (CSL 1.0.2 § Date)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from citekit.csl.context import Context
from citekit.csl.item import DateValue
from citekit.csl.rich import FONT_ATTRIBUTES, Node, fonts_of, text_node, with_affixes
from citekit.csl.render import Rendering
from citekit.csl.textcase import apply_text_case, strip_periods

_PART_ORDER = ("year", "month", "day")
_SHOWN_PARTS = {"year-month-day": {"year", "month", "day"}, "year-month": {"year", "month"},
                "year": {"year"}}
# The attributes a style's cs:date-part may override in a localized date (not its affixes).
_OVERRIDABLE = ("form", "text-case", "strip-periods", "range-delimiter", *FONT_ATTRIBUTES)

PartSpec = dict[str, str]


class Date(Rendering):
    """``cs:date``: a date variable."""

    def emit(self, ctx: Context) -> Node | None:
        """The date, a range, or its literal text; a sortable key when rendering a sort key."""
        variable = self.get("variable")
        value = ctx.variable(variable)
        node = self._date(value, ctx) if isinstance(value, DateValue) else None
        # A date whose chosen parts are all missing counts as empty for its group.
        ctx.count(node is not None and not node.is_empty(), variable)
        return node

    def _date(self, value: DateValue, ctx: Context) -> Node | None:
        specs, delimiter = self._part_specs(ctx)
        if ctx.sort_key is not None:
            return text_node(date_sort_key(value, {spec.get("name", "") for spec in specs}))
        if value.literal:
            return self.decorate(text_node(value.literal), ctx)
        suffix = ""
        if self.get("variable") == "issued" and any(spec.get("name") == "year" for spec in specs):
            suffix, ctx.implicit_year_suffix = ctx.implicit_year_suffix, ""
        return self.decorate(_render_date(value, specs, delimiter, ctx, suffix), ctx)

    def _part_specs(self, ctx: Context) -> tuple[list[PartSpec], str]:
        """The date-parts to render, in order, with their attributes, and the delimiter
        (worked out once for each localized date format the element meets; never changed)."""
        form = self.get("form")
        locale_date = ctx.locale.date_format(form) if form else None
        if locale_date not in self._specs:
            self._specs[locale_date] = self._read_part_specs(locale_date)
        return self._specs[locale_date]

    @cached_property
    def _specs(self) -> dict[Any, tuple[list[PartSpec], str]]:
        """:meth:`_part_specs` by the locale's ``cs:date`` (None: not localized, or no such format)."""
        return {}

    def _read_part_specs(self, locale_date: Any) -> tuple[list[PartSpec], str]:
        own = [dict(part.attrib) for part in self.iterchildren() if isinstance(part, DatePart)]
        if not self.get("form"):
            return own, self.get("delimiter", "")
        shown = _SHOWN_PARTS.get(self.get("date-parts", "year-month-day"), _SHOWN_PARTS["year-month-day"])
        overrides = {part["name"]: part for part in own}
        specs = []
        for part in locale_date.iterchildren() if locale_date is not None else []:
            if part.get("name") not in shown:
                continue
            spec = dict(part.attrib)
            for name in _OVERRIDABLE:
                if name in overrides.get(spec["name"], {}):
                    spec[name] = overrides[spec["name"]][name]
            specs.append(spec)
        return specs, locale_date.get("delimiter", "") if locale_date is not None else ""


class DatePart(Rendering):
    """``cs:date-part``: read by its ``cs:date``."""

    def emit(self, ctx: Context) -> Node | None:  # pragma: no cover - dates render their parts
        """A date-part renders only through its date."""
        return None


def date_sort_key(value: DateValue, shown: set[str] | None = None) -> str:
    """Each end's year, month and day as digits that sort as text (0 for a part missing or not shown)."""
    if value.literal:
        return value.literal
    keys = []
    for end in value.parts[:2]:
        year, month, day = (list(end) + [0, 0])[:3]
        if shown is not None:
            month = month if "month" in shown else 0
            day = day if "day" in shown else 0
        # Offset so that years BC (negative) compare below years AD as text.
        keys.append(f"{year + 100000:06d}{month:02d}{day:02d}")
    return "".join(keys)


def _render_date(value: DateValue, specs: list[PartSpec], delimiter: str, ctx: Context,
                 year_suffix: str = "") -> Node | None:
    start = _fields(value.parts[0] if value.parts else (), value.season)
    names = [spec["name"] for spec in specs]
    if value.is_open_range:  # "1987–": a range with no end yet
        single = _join_parts([_part(spec, start, ctx) for spec in specs], delimiter)
        year = next((spec for spec in specs if spec["name"] == "year"), {})
        return Node([single, Node([year.get("range-delimiter", "\u2013")], affix=True)]) if single else None
    if not value.is_range:
        return _join_parts([_part(spec, start, ctx, year_suffix=year_suffix) for spec in specs], delimiter)
    end = _fields(value.parts[1], "")
    differing = [name for name in names if _shown_value(start, name) != _shown_value(end, name)]
    if not differing:
        return _join_parts([_part(spec, start, ctx) for spec in specs], delimiter)
    first = min(names.index(name) for name in differing)
    last = max(names.index(name) for name in differing)
    if "year" in differing:  # ranges across years repeat every part
        first, last = 0, len(specs) - 1
    largest = next(name for name in _PART_ORDER if name in differing)
    range_delimiter = specs[names.index(largest)].get("range-delimiter", "\u2013")
    before = [_part(spec, start, ctx) for spec in specs[:first]]
    block_start = _join_parts([_part(spec, start, ctx, at_seam=i == last - first)
                               for i, spec in enumerate(specs[first:last + 1])], delimiter)
    block_end = _join_parts([_part(spec, end, ctx) for spec in specs[first:last + 1]], delimiter)
    after = [_part(spec, end, ctx) for spec in specs[last + 1:]]
    if block_start and block_end:
        middle: Node | None = Node([block_start, Node([range_delimiter], affix=True), block_end])
    else:
        middle = block_start or block_end
    return _join_parts([*before, middle, *after], delimiter)


def _fields(parts: tuple[int, ...], season: str) -> dict[str, Any]:
    fields: dict[str, Any] = dict(zip(_PART_ORDER, parts, strict=False))
    month = fields.get("month")
    if month is not None and 13 <= month <= 24:  # months 13 to 24 are seasons (citeproc-js)
        fields["season"], fields["month"] = (month - 13) % 4 + 1, None
    elif season and month is None:
        fields["season"] = season
    return {name: value for name, value in fields.items() if value not in (None, 0, "")}


def _shown_value(fields: dict[str, Any], name: str) -> Any:
    """What a date-part shows: a season stands in the month's place."""
    return fields.get(name) or (fields.get("season") if name == "month" else None)


def _join_parts(nodes: list[Node | None], delimiter: str) -> Node | None:
    present = [node for node in nodes if node is not None and not node.is_empty()]
    if not present:
        return None
    children: list[Node | str] = []
    for index, node in enumerate(present):
        if index and delimiter:
            children.append(Node([delimiter], affix=True))
        children.append(node)
    return Node(children)


def _part(spec: PartSpec, fields: dict[str, Any], ctx: Context, at_seam: bool = False,
          year_suffix: str = "") -> Node | None:
    """One date-part decorated with its spec's case, fonts and affixes."""
    name = spec.get("name", "")
    text = _part_text(name, spec.get("form", ""), fields, ctx)
    if name == "year" and text:
        text += year_suffix
    if not text:
        return None
    node = text_node(text)
    if spec.get("text-case"):
        node = apply_text_case(node, spec["text-case"], ctx.language)
    if spec.get("strip-periods") == "true":
        node = strip_periods(node)
    formatting = fonts_of(spec)
    if formatting:
        node = Node([node], formatting=formatting)
    prefix, suffix = spec.get("prefix", ""), spec.get("suffix", "")
    if at_seam:  # the suffix of the part before a range delimiter would split the range
        suffix = ""
    return with_affixes(node, prefix, suffix)


def _part_text(name: str, form: str, fields: dict[str, Any], ctx: Context) -> str:
    if name == "year":
        year = fields.get("year")
        if year is None:
            return ""
        if year < 0:
            return f"{-year}{ctx.locale.term('bc') or 'BC'}"
        text = str(year)[-2:] if form == "short" else str(year)
        if year < 1000:
            text += ctx.locale.term("ad") or "AD"
        return text
    if name == "month":
        season = str(fields.get("season") or "")
        if season:  # a season number (1 to 4) names a term; other text prints as it is
            return ctx.locale.term(f"season-{int(season):02d}") or "" if season.isdigit() else season
        month = fields.get("month")
        if not month or not 1 <= month <= 12:
            return ""
        if form == "numeric":
            return str(month)
        if form == "numeric-leading-zeros":
            return f"{month:02d}"
        return ctx.locale.term(f"month-{month:02d}", "short" if form == "short" else "long") or ""
    if name == "day":
        day = fields.get("day")
        if not day:
            return ""
        if form == "numeric-leading-zeros":
            return f"{day:02d}"
        if form == "ordinal" and (day == 1 or not ctx.locale.limit_day_ordinals_to_day_1):
            return ctx.locale.ordinal(day, ctx.locale.term_gender(f"month-{fields.get('month', 1):02d}"))
        return str(day)
    return ""
