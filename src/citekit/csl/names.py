"""``cs:names`` and its children: personal and organisational names (CSL 1.0.2 § Names)."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from citekit.csl.context import FIRST, Context
from citekit.csl.disambiguation import INITIALS
from citekit.csl.elements import Element
from citekit.csl.item import Name
from citekit.csl.markup import ROMANESQUE
from citekit.csl.render import Label, Rendering
from citekit.csl.rich import Node, text_node, with_affixes
from citekit.csl.textcase import apply_text_case
from citekit.patterns import lazy_compile

# Scripts written family name first with no space and never initialised (citeproc-js's
# "non-romanesque" names): CJK ideographs, kana and hangul.
_NON_ROMANESQUE = lazy_compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


def _non_romanesque(text: str) -> bool:
    # The pattern's character set takes milliseconds to compile: a name below its first
    # character, as most are, is decided without it.
    return max(text, default="\0") >= "\u1100" and _NON_ROMANESQUE.search(text) is not None

# citeproc-js's test for a term that starts in a spaced script: a Latin, Greek, Cyrillic, Hebrew,
# Arabic or Thai letter, or "&" (its STARTSWITH_ROMANESQUE_REGEXP, without digits and "-").
_STARTS_ROMANESQUE = lazy_compile(ROMANESQUE.replace("-0-9", "&", 1))


class NameOptions(NamedTuple):
    """The ``cs:name`` attributes in force, after inheritance (CSL 1.0.2 § Inheritable Name Options)."""

    and_: str | None
    delimiter: str
    delimiter_precedes_et_al: str
    delimiter_precedes_last: str
    et_al_min: int | None
    et_al_use_first: int | None
    et_al_use_last: bool
    form: str
    initialize: bool
    initialize_with: str | None
    initialize_with_hyphen: bool
    name_as_sort_order: str | None
    sort_separator: str
    demote_particle: str


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


def _or_default(value: str | None, default: str) -> str:
    # An empty attribute ("") is a value of its own, not a missing one.
    return default if value is None else value


class _Inherited(NamedTuple):
    """A ``cs:name``'s options after inheritance, read once per section: as for a first cite
    outside a sort key, and the et-al options of subsequent cites."""

    options: NameOptions
    subsequent_min: int | None
    subsequent_use_first: int | None


def name_options(element: Element | None, ctx: Context) -> NameOptions:
    """Read a ``cs:name`` element's options, inheriting from the citation or bibliography and style."""
    inherited = ctx.section.name_options.get(element)
    if inherited is None:
        inherited = ctx.section.name_options[element] = _inherited_options(element, ctx)
    options = inherited.options
    et_al_min, et_al_use_first = options.et_al_min, options.et_al_use_first
    sort_order, use_last = options.name_as_sort_order, options.et_al_use_last
    if ctx.mode == "citation":
        if ctx.cite.position != FIRST:
            et_al_min = inherited.subsequent_min or et_al_min
            et_al_use_first = inherited.subsequent_use_first or et_al_use_first
        shown = ctx.cite.disambiguation.names_shown
        if shown and et_al_use_first is not None and shown > et_al_use_first:
            et_al_use_first = shown  # disambiguate-add-names
    if ctx.sort_key is not None:
        sort_order = "all"
        keyed = ctx.sort_key
        et_al_min = keyed.et_al_min if keyed.et_al_min is not None else et_al_min
        et_al_use_first = keyed.et_al_use_first if keyed.et_al_use_first is not None else et_al_use_first
        use_last = keyed.et_al_use_last if keyed.et_al_use_last is not None else use_last
    if (et_al_min, et_al_use_first, sort_order, use_last) == (
            options.et_al_min, options.et_al_use_first, options.name_as_sort_order, options.et_al_use_last):
        return options
    return options._replace(et_al_min=et_al_min, et_al_use_first=et_al_use_first,
                            name_as_sort_order=sort_order, et_al_use_last=use_last)


def _inherited_options(element: Element | None, ctx: Context) -> _Inherited:
    def option(name: str, inherited_as: str | None = None) -> str | None:
        if element is not None and element.get(name) is not None:
            return element.get(name)  # type: ignore[no-any-return]
        return ctx.inherited(inherited_as or name)

    options = NameOptions(
        and_=option("and"),
        delimiter=option("delimiter", "name-delimiter") or ", ",
        delimiter_precedes_et_al=option("delimiter-precedes-et-al") or "contextual",
        delimiter_precedes_last=option("delimiter-precedes-last") or "contextual",
        et_al_min=_int(option("et-al-min")),
        et_al_use_first=_int(option("et-al-use-first")),
        et_al_use_last=option("et-al-use-last") == "true",
        form=option("form", "name-form") or "long",
        initialize=option("initialize") != "false",
        initialize_with=option("initialize-with"),
        initialize_with_hyphen=ctx.style.get("initialize-with-hyphen") != "false",
        name_as_sort_order=option("name-as-sort-order"),
        sort_separator=_or_default(option("sort-separator"), ", "),
        demote_particle=ctx.style.get("demote-non-dropping-particle") or "display-and-sort",
    )
    return _Inherited(options, subsequent_min=_int(option("et-al-subsequent-min")),
                      subsequent_use_first=_int(option("et-al-subsequent-use-first")))


class Names(Rendering):
    """``cs:names``: name variables, their labels, and ``cs:substitute`` when all are empty."""

    def emit(self, ctx: Context) -> Node | None:
        """The names of each variable, delimited; the substitute when none has any.

        A cite with ``suppress-author`` drops the first names that render (its author).
        """
        node = self._names(ctx)
        if node is None or node.is_empty():
            return None
        if ctx.first_names is not None or ctx.substituting is not None or ctx.sort_key is not None:
            return node
        ctx.first_names = node.text()  # the cite's author, for grouping and collapsing
        return None if ctx.cite.suppress_author and ctx.mode == "citation" else node

    def _names(self, ctx: Context) -> Node | None:
        # Names inside a cs:substitute take the cs:name, cs:et-al and cs:label they lack from
        # the cs:names they stand in for (CSL 1.0.2 § Substitute; citeproc-js, through cs:choose too).
        inherit_from = ctx.substituting
        name_element = self._inherited_child(NameElement, inherit_from)
        options = name_options(name_element, ctx)
        lists = []
        for variable in self.variables:
            names = ctx.variable(variable)
            ctx.count(bool(names), variable)
            if names:
                lists.append((variable, names))
        if not lists:
            return self._substitute(ctx)
        if options.form == "count":
            return self._count(lists, options)
        if ctx.sort_key is not None:
            return text_node(" ".join(_sort_names(names, options) for _, names in lists))
        if ctx.locale.term("editortranslator"):
            lists = merge_editor_translator(lists)
        outputs = [self._one_variable(ctx, variable, names, name_element, options, inherit_from)
                   for variable, names in lists]
        delimiter = self.get("delimiter") or ctx.inherited("names-delimiter") or ""
        children: list[Node | str] = []
        for index, output in enumerate(outputs):
            if index and delimiter:
                children.append(Node([delimiter], affix=True))
            children.append(output)
        return self.decorate(Node(children), ctx)

    @cached_property
    def variables(self) -> tuple[str, ...]:
        """The name variables it renders, in order."""
        return tuple((self.get("variable") or "").split())

    def _child(self, cls: type) -> Any:
        """Its first child of class ``cls`` (one of NameElement, EtAl, Label, Substitute), else None."""
        return self._first_children.get(cls)

    @cached_property
    def _first_children(self) -> dict[type, Rendering]:
        """Its first ``cs:name``, ``cs:et-al``, ``cs:label`` and ``cs:substitute``."""
        found: dict[type, Rendering] = {}
        for cls in (NameElement, EtAl, Label, Substitute):
            child = next((child for child in self.renderers if isinstance(child, cls)), None)
            if child is not None:
                found[cls] = child
        return found

    def _inherited_child(self, cls: type, inherit_from: Names | None) -> Any:
        """A child of this element, else of the ``cs:names`` this one substitutes for."""
        child = self._child(cls)
        if child is None and inherit_from is not None:
            child = inherit_from._child(cls)
        return child

    def _count(self, lists: list[tuple[str, list[Name]]], options: NameOptions) -> Node | None:
        total = sum(len(truncate(names, options)[0]) for _, names in lists)
        return text_node(str(total)) if total else None

    def _one_variable(self, ctx: Context, variable: str, names: list[Name],
                      name_element: NameElement | None, options: NameOptions,
                      inherit_from: Names | None) -> Node:
        rendered = _render_list(ctx, names, name_element, options, self._inherited_child(EtAl, inherit_from))
        label = self._inherited_child(Label, inherit_from)
        if label is None:
            return rendered
        plural = label.get("plural", "contextual")
        is_plural = plural == "always" or (plural == "contextual" and len(names) > 1)
        term = ctx.locale.term(variable, label.get("form", "long"), is_plural)
        label_node = label.decorate(text_node(term or ""), ctx, ctx.locale.language)
        if label_node is None:
            return rendered
        parts = [label_node, rendered] if _comes_before(label, name_element) else [rendered, label_node]
        return Node(list(parts))

    def _substitute(self, ctx: Context) -> Node | None:
        substitute = self._child(Substitute)
        if substitute is None or ctx.substituting is not None:
            return None
        for child in substitute.renderers:
            ctx.substituting = self
            try:
                node = child.emit(ctx)
            finally:
                ctx.substituting = None
            if node is not None and not node.is_empty():
                return self.decorate(node, ctx)
        return None


def _comes_before(label: Element, name: Element | None) -> bool:
    if name is None:
        return False
    parent = label.getparent()
    return parent is not None and parent is name.getparent() and parent.index(label) < parent.index(name)


def merge_editor_translator(lists: list[tuple[str, list[Name]]]) -> list[tuple[str, list[Name]]]:
    """Editors who are also the translators print once, labelled ``editortranslator``."""
    by_variable = dict(lists)
    if by_variable.get("editor") and by_variable.get("editor") == by_variable.get("translator"):
        merged = []
        for variable, names in lists:
            if variable == "editor":
                merged.append(("editortranslator", names))
            elif variable != "translator":
                merged.append((variable, names))
        return merged
    return lists


def truncate(names: list[Name], options: NameOptions) -> tuple[list[Name], bool]:
    """The names shown and whether et-al follows (CSL 1.0.2 § et-al-min / et-al-use-first)."""
    if (options.et_al_min and options.et_al_use_first is not None
            and len(names) >= options.et_al_min and options.et_al_use_first < len(names)):
        return names[:options.et_al_use_first], True
    return names, False


def _render_list(ctx: Context, names: list[Name], element: NameElement | None, options: NameOptions,
                 et_al: Element | None) -> Node:
    shown, truncated = truncate(names, options)
    rendered = [_render_name(ctx, name, index, element, options) for index, name in enumerate(shown)]
    children: list[Node | str] = []
    inverted = [_is_inverted(index, options) and not name.is_literal for index, name in enumerate(shown)]
    if truncated and options.et_al_use_last and len(names) - len(shown) >= 2 and shown:
        for index, node in enumerate(rendered):
            if index:
                children.append(Node([options.delimiter], affix=True))
            children.append(node)
        children.append(Node([options.delimiter + "\u2026 "], affix=True))
        children.append(_render_name(ctx, names[-1], len(names) - 1, element, options))
        return _decorate_name_list(element, Node(children), ctx)
    and_term = _and_term(ctx, options)
    for index, node in enumerate(rendered):
        if index:
            last = index == len(rendered) - 1 and not truncated
            if last and and_term:
                precedes = _delimiter_applies(options.delimiter_precedes_last, len(rendered),
                                              inverted[index - 1], threshold=3)
                children.append(Node([(options.delimiter if precedes else " ") + and_term + " "], affix=True))
            else:
                children.append(Node([options.delimiter], affix=True))
        children.append(node)
    if truncated and shown:
        term_name = et_al.get("term", "et-al") if et_al is not None else "et-al"
        term = ctx.locale.term(term_name) or ""
        if term:
            precedes = _delimiter_applies(options.delimiter_precedes_et_al, len(shown), inverted[-1],
                                          threshold=2)
            separator = options.delimiter if precedes else " "
            if separator == " " and not _STARTS_ROMANESQUE.match(term):
                separator = ""  # a CJK et-al term ("等") joins the last name without a space (citeproc-js)
            if separator:
                children.append(Node([separator], affix=True))
            term_node = text_node(term)
            if et_al is not None and isinstance(et_al, Rendering):
                term_node = et_al.decorate(term_node, ctx) or term_node
            children.append(term_node)
    return _decorate_name_list(element, Node(children), ctx)


def _decorate_name_list(element: NameElement | None, node: Node, ctx: Context) -> Node:
    if element is None:
        return node
    return element.decorate(node, ctx) or node


def _and_term(ctx: Context, options: NameOptions) -> str:
    if options.and_ == "symbol":
        return "&"
    if options.and_ == "text":
        return ctx.locale.term("and") or "and"
    return ""


def _delimiter_applies(setting: str, count: int, previous_inverted: bool, threshold: int) -> bool:
    """CSL 1.0.2 § delimiter-precedes-last / delimiter-precedes-et-al."""
    if setting == "always":
        return True
    if setting == "never":
        return False
    if setting == "after-inverted-name":
        return previous_inverted
    return count >= threshold


def _is_inverted(index: int, options: NameOptions) -> bool:
    return options.name_as_sort_order == "all" or (options.name_as_sort_order == "first" and index == 0)


def _render_name(ctx: Context, name: Name, index: int, element: NameElement | None,
                 options: NameOptions) -> Node:
    """One name in the order CSL 1.0.2 § Name-part Order gives for its form and inversion.

    Each piece (given name, particle, family name) takes its name-part's case
    and fonts on its own; a name-part's affixes enclose the pieces it owns.
    """
    parts = element.parts if element is not None else {}
    given_part, family_part = parts.get("given"), parts.get("family")
    level = ctx.cite.disambiguation.given_levels.get(name, 0) if ctx.mode == "citation" else 0
    if level:  # disambiguate-add-givenname: the name in full, its given names as initials or whole
        options = options._replace(form="long",
                                   initialize_with=options.initialize_with if level == INITIALS else None)

    def piece(text: str, part: NamePart | None, rich: bool = False) -> Node | None:
        # Whole names (an organisation's, a family name) may carry markup; given names are
        # initialised from their letters, so they stay plain.
        if not text:
            return None
        node = ctx.rich(text) if rich else text_node(_typographic(text))
        return part.format_piece(node, ctx) if part is not None else node

    def owned(part: NamePart | None, *pieces: Node | None) -> Node | None:
        children = _spaced(list(pieces))
        if not children:
            return None
        return part.affix(Node(children)) if part is not None else Node(children)

    if name.is_literal:
        return owned(family_part, piece(name.literal or name.family, family_part, rich=True)) or Node()
    if not name.family:  # a given name alone (a pseudonym such as "Banksy") is never initialised
        return owned(given_part, piece(name.given, given_part)) or Node()
    if _non_romanesque(name.family + name.given):
        if options.form == "short":
            return owned(family_part, piece(name.family, family_part, rich=True)) or Node()
        return Node([node for node in (owned(family_part, piece(name.family, family_part, rich=True)),
                                       owned(given_part, piece(name.given, given_part))) if node])
    non_dropping = piece(name.non_dropping_particle, family_part)
    family_name = piece(name.family, family_part, rich=True)
    family = _with_particle(non_dropping, name.non_dropping_particle, family_name)
    if options.form == "short":
        return owned(family_part, family) or Node()
    given = piece(_given(name.given, options), given_part)
    dropping = piece(name.dropping_particle, given_part)
    if not (_is_inverted(index, options) and not name.static_ordering):
        suffix = text_node((", " if name.comma_suffix else " ") + _typographic(name.suffix)) \
            if name.suffix else None
        family_with_suffix = Node([node for node in (family, suffix) if node]) if family else None
        leading = _with_particle(dropping, name.dropping_particle, family_with_suffix)
        return Node(_spaced([owned(given_part, given), owned(family_part, leading)]))
    if options.demote_particle == "display-and-sort":
        family_node = owned(family_part, piece(name.family, family_part, rich=True))
        given_node = owned(given_part, given, dropping, non_dropping)
    else:
        family_node = owned(family_part, family)
        given_node = owned(given_part, given, dropping)
    children: list[Node | str] = [family_node] if family_node else []
    for extra in (given_node, text_node(_typographic(name.suffix)) if name.suffix else None):
        if extra is not None:
            children += [Node([options.sort_separator], affix=True), extra]
    return Node(children)


def _typographic(text: str) -> str:
    """Name text with typographic apostrophes (``O’Malley``, ``d’``), as citeproc-js prints them."""
    return text.replace("'", "\u2019")


def _with_particle(particle: Node | None, text: str, rest: Node | None) -> Node | None:
    """A particle before a name: no space after an elided particle (``d’Alembert``)."""
    if particle is None:
        return rest
    if rest is None:
        return particle
    joiner = "" if text.endswith(("'", "\u2019", "-")) else " "
    return Node([particle, joiner, rest] if joiner else [particle, rest])


def _spaced(nodes: list[Node | None]) -> list[Node | str]:
    children: list[Node | str] = []
    for node in nodes:
        if node is None:
            continue
        if children and not _ends_in_space(children[-1]):
            children.append(" ")
        children.append(node)
    return children


def _ends_in_space(node: Node | str) -> bool:
    text = node.text() if isinstance(node, Node) else node
    return text[-1:].isspace()


def _given(given: str, options: NameOptions) -> str:
    """The given names, initialised when ``initialize-with`` is set (CSL 1.0.2 § Name).

    A single letter, or letters followed by a period (``Ph.``), is already an
    initial and takes the mark; other words become their first letter with
    ``initialize``, else stay whole; lower-case words (``de``) always stay.
    """
    if options.initialize_with is None or not given:
        return given
    return _initialised(given, options.initialize_with, options.initialize, options.initialize_with_hyphen)


@lru_cache(maxsize=4096)  # a given name recurs, and is initialised the same way every time
def _initialised(given: str, mark: str, initialize: bool, hyphen: bool) -> str:
    out = ""
    for chunk in given.split():
        pieces, is_word = _initialise_chunk(chunk, mark, initialize, hyphen)
        if not pieces:
            continue
        if is_word:
            out = (out if not out or out.endswith(" ") else out + " ") + pieces + " "
        else:
            out += pieces
    return out.strip()


def _initialise_chunk(chunk: str, mark: str, initialize: bool, hyphen: bool) -> tuple[str, bool]:
    """One space-separated chunk of given names: its text and whether it stays a word."""
    rendered: list[tuple[str, bool]] = []
    for index, hyphenated in enumerate(re.split(r"[-\u2010]", chunk)):
        tokens = re.findall(r"([^.]+)(\.?)", hyphenated)
        text, is_word = "", False
        for token, dotted in tokens:
            if len(token) == 1 or dotted:
                text += token + mark
            elif token[:1].islower():
                if index and initialize:
                    break  # "Guo-ping" → "G": a lower-case part after a hyphen goes with initials
                text, is_word = text + token, True
            elif initialize:
                # A name opening with two capitals keeps both (Mongolian "TSerendorjiin" → "Ts.").
                initial = token[0] + token[1].lower() if re.match(r"[A-Z]{2}[a-z]", token) else token[0]
                text += initial + mark
            else:
                text, is_word = text + token, True
        if text:
            rendered.append((text, is_word))
    if not rendered:
        return "", False
    pieces = [piece for piece, _ in rendered]
    if hyphen:
        text = "-".join([piece.rstrip() for piece in pieces[:-1]] + pieces[-1:])
    else:
        text = "".join(pieces)
    return text, rendered[-1][1]


def names_sort_text(ctx: Context, variable: str) -> str:
    """A name variable as a sort key called by ``cs:key variable=...`` (CSL 1.0.2 § Sorting)."""
    return _sort_names(ctx.variable(variable) or [], name_options(None, ctx))


def _sort_names(names: list[Name], options: NameOptions) -> str:
    """The names a sort key compares: those shown, and the last one under ``et-al-use-last``."""
    shown, truncated = truncate(names, options)
    if truncated and options.et_al_use_last and len(names) - len(shown) >= 2:
        shown = [*shown, names[-1]]
    return " ".join(_sort_string(name, options) for name in shown)


def _join_particle(particle: str, family: str) -> str:
    if not particle:
        return family
    return particle + family if particle.endswith(("'", "\u2019", "-")) else f"{particle} {family}"


def _sort_string(name: Name, options: NameOptions) -> str:
    """A name as a sort key: family first, particles placed per demote-non-dropping-particle."""
    if name.is_literal:
        return name.literal or name.family or name.given
    if options.form == "short":
        return _join_particle(name.non_dropping_particle, name.family)
    given = _given(name.given, options)  # initialised as the style prints it
    if options.demote_particle == "never":
        parts = [_join_particle(name.non_dropping_particle, name.family), name.dropping_particle,
                 given, name.suffix]
    else:
        parts = [name.family, " ".join(p for p in (name.dropping_particle, name.non_dropping_particle) if p),
                 given, name.suffix]
    return " ".join(part for part in parts if part)


class NameElement(Rendering):
    """``cs:name``: its options are read by :class:`Names`; it decorates the list of names."""

    @cached_property
    def parts(self) -> dict[str, NamePart]:
        """Its ``cs:name-part`` children, by the part they format (given, family)."""
        return {child.get("name"): child for child in self.renderers if isinstance(child, NamePart)}

    def emit(self, ctx: Context) -> Node | None:  # pragma: no cover - Names renders names
        """A name renders only through its ``cs:names``."""
        return None


class NamePart(Rendering):
    """``cs:name-part``: formatting, text-case and affixes of the given or family name."""

    def emit(self, ctx: Context) -> Node | None:  # pragma: no cover - names render their parts
        """A name part renders only through its name."""
        return None

    def format_piece(self, node: Node, ctx: Context) -> Node:
        """One piece of the name part (a name or a particle) in this part's case and fonts."""
        case = self.decoration.text_case
        if case:
            node = apply_text_case(node, case, ctx.language)
        formatting = self.decoration.fonts
        return Node([node], formatting=dict(formatting)) if formatting else node

    def affix(self, node: Node) -> Node:
        """The part's prefix and suffix around the pieces it owns."""
        return with_affixes(node, self.get("prefix"), self.get("suffix"))


class EtAl(Rendering):
    """``cs:et-al``: the term and its formatting."""

    def emit(self, ctx: Context) -> Node | None:  # pragma: no cover - names render et-al
        """Et-al renders only through its names."""
        return None


class Substitute(Rendering):
    """``cs:substitute``: tried by its ``cs:names`` when every name variable is empty."""

    def emit(self, ctx: Context) -> Node | None:  # pragma: no cover - names render substitutes
        """A substitute renders only through its names."""
        return None
