"""Telling apart cites that would print the same (CSL 1.0.2 § Disambiguation).

Each registered item gets a :class:`Disambiguation`; the methods the
citation's attributes allow are tried in the specification's order on the
items whose cites still print alike: more names, fuller given names, a year
suffix (``1905a``), and last the ``disambiguate="true"`` condition.
Given-name rules other than ``by-cite`` also expand names that are ambiguous
anywhere in the document, whether or not their cites clash.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from citekit.csl.item import Item, Name
from citekit.keys import letter_suffix

# A name's given-name level: 0 as the style says, 1 initials, 2 the full given name.
INITIALS, FULL = 1, 2


class Disambiguation(NamedTuple):
    """What one item's cites need to stand apart from the others."""

    names_shown: int = 0  # at least this many names before et-al (0: as the style says)
    # Read-only (a new mapping for every change): the default is one dict that every state shares.
    given_levels: Mapping[Name, int] = {}
    year_suffix: str = ""
    flag: bool = False  # the cs:if disambiguate="true" condition


class Options(NamedTuple):
    """The citation's disambiguation attributes."""

    add_names: bool
    add_givenname: bool
    add_year_suffix: bool
    givenname_rule: str
    initialize_with: str | None

    @property
    def wanted(self) -> bool:
        """True when the style asks for any disambiguation method."""
        return self.add_names or self.add_givenname or self.add_year_suffix

    @classmethod
    def of(cls, citation: object, inherited: Callable[[str], str | None]) -> Options:
        """Read the attributes of a ``cs:citation`` (name options may be inherited)."""
        get = citation.get  # type: ignore[attr-defined]
        return cls(
            add_names=get("disambiguate-add-names") == "true",
            add_givenname=get("disambiguate-add-givenname") == "true",
            add_year_suffix=get("disambiguate-add-year-suffix") == "true",
            givenname_rule=get("givenname-disambiguation-rule") or "by-cite",
            initialize_with=inherited("initialize-with"),
        )


# Renders the cite of an item under a disambiguation state, as plain text.
KeyFunction = Callable[[Item, Disambiguation], str]
# Applies a function from a list of items to a list of texts: at once, or in parts (parallel.map_halves).
Mapper = Callable[[Callable[[Sequence[Item]], list[str]], Sequence[Item]], list[str]]


def _at_once(function: Callable[[Sequence[Item]], list[str]], items: Sequence[Item]) -> list[str]:
    return function(items)


def disambiguate(items: Sequence[Item], options: Options, key: KeyFunction,
                 names_in_cite: Callable[[Item], list[Name]],
                 map_items: Mapper = _at_once) -> dict[str, Disambiguation]:
    """The state of each item (by id) that makes its cites distinct where the style allows.

    ``items`` are in bibliography order (year suffixes follow it);
    ``names_in_cite`` gives the names an item's cite may show; every item's
    first cite text is rendered through ``map_items``.
    """
    states = {item.id: Disambiguation() for item in items}
    if options.add_givenname and options.givenname_rule != "by-cite":
        _expand_ambiguous_names(items, options, names_in_cite, states)
    texts = _Texts(key, items, states, map_items)
    for group in _clashes(items, states, texts):
        steps = _steps(group, options, names_in_cite)
        remaining = _improve(group, states, texts, steps) if steps else group
        for clash in _clashes(remaining, states, texts):
            for index, item in enumerate(clash):
                change = {"year_suffix": letter_suffix(index)} if options.add_year_suffix else {"flag": True}
                states[item.id] = states[item.id]._replace(**change)
    return states


class _Texts:
    """Cite texts, each item rendered once under each state (the steps compare every item of a
    group again, most of them under the state they had); every item's first text at the start."""

    def __init__(self, key: KeyFunction, items: Sequence[Item], states: dict[str, Disambiguation],
                 map_items: Mapper) -> None:
        self._key = key
        first = map_items(lambda part: [key(item, states[item.id]) for item in part], items)
        self._texts = {_signature(item, states[item.id]): text
                       for item, text in zip(items, first, strict=True)}

    def __call__(self, item: Item, state: Disambiguation) -> str:
        signature = _signature(item, state)
        if signature not in self._texts:
            self._texts[signature] = self._key(item, state)
        return self._texts[signature]


def _signature(item: Item, state: Disambiguation) -> tuple[object, ...]:
    return item.id, state.names_shown, frozenset(state.given_levels.items()), state.year_suffix, state.flag


# A step of disambiguation: the state an item would take, given its current one.
Step = Callable[[Item, Disambiguation], Disambiguation]


def _steps(group: list[Item], options: Options, names_in_cite: Callable[[Item], list[Name]]) -> list[Step]:
    """The changes to try in order: one more name at a time, then each name's given name
    (initials, then in full), showing the name if add-names allows (CSL 1.0.2 § Disambiguation)."""
    longest = max(len(names_in_cite(item)) for item in group)
    steps: list[Step] = []
    if options.add_names:
        steps += [_show_names(count) for count in range(1, longest + 1)]
    if options.add_givenname:
        levels: tuple[int, ...] = (INITIALS, FULL) if options.initialize_with is not None else (FULL,)
        if options.givenname_rule.endswith("with-initials"):
            # CSL 1.0.2 § Disambiguation: the -with-initials rules expand names to initials at most.
            levels = tuple(level for level in levels if level == INITIALS)
        steps += [_expand_name(position, level, options.add_names, names_in_cite)
                  for position in range(longest) for level in levels]
    return steps


def _show_names(count: int) -> Step:
    return lambda item, state: state._replace(names_shown=max(state.names_shown, count))


def _expand_name(position: int, level: int, add_names: bool,
                 names_in_cite: Callable[[Item], list[Name]]) -> Step:
    def step(item: Item, state: Disambiguation) -> Disambiguation:
        names = names_in_cite(item)
        if position >= len(names):
            return state
        name = names[position]
        levels = {**state.given_levels, name: max(level, state.given_levels.get(name, 0))}
        shown = max(state.names_shown, position + 1) if add_names else state.names_shown
        return state._replace(given_levels=levels, names_shown=shown)
    return step


def _improve(group: list[Item], states: dict[str, Disambiguation], key: KeyFunction,
             steps: list[Step]) -> list[Item]:
    """Try each step on the items still clashing; an item keeps a step only when it leaves
    that item fewer cites printed alike (what helps is kept, what does not is undone).

    Returns the items that still clash with another.
    """
    partners = _partners(group, states, key)
    for step in steps:
        remaining = [item for item in group if partners[item.id] > 1]
        if not remaining:
            break
        trial = dict(states)
        for item in remaining:
            trial[item.id] = step(item, states[item.id])
        counted = _partners(group, trial, key)
        for item in remaining:
            if counted[item.id] < partners[item.id]:
                states[item.id], partners[item.id] = trial[item.id], counted[item.id]
    return [item for item in group if _partners(group, states, key)[item.id] > 1]


def _partners(group: list[Item], states: dict[str, Disambiguation], key: KeyFunction) -> dict[str, int]:
    """For each item, how many items of the group (itself included) print the same cite."""
    keys = {item.id: key(item, states[item.id]) for item in group}
    counts: dict[str, int] = defaultdict(int)
    for text in keys.values():
        counts[text] += 1
    return {item_id: counts[text] for item_id, text in keys.items()}


def _clashes(items: Iterable[Item], states: dict[str, Disambiguation], key: KeyFunction) -> list[list[Item]]:
    """Groups of two or more items whose cites print the same, in the order given."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        groups[key(item, states[item.id])].append(item)
    return [group for group in groups.values() if len(group) > 1]


def _expand_ambiguous_names(items: Sequence[Item], options: Options,
                            names_in_cite: Callable[[Item], list[Name]],
                            states: dict[str, Disambiguation]) -> None:
    """Global given-name rules: a name whose family name another person shares is expanded everywhere.

    ``all-names`` looks at every name, ``primary-name`` at the first of each cite;
    the ``-with-initials`` rules stop at initials.
    """
    primary_only = options.givenname_rule.startswith("primary-name")
    cap = INITIALS if options.givenname_rule.endswith("with-initials") else FULL
    families: dict[str, _Family] = defaultdict(_Family)
    for item in items:
        names = names_in_cite(item)
        for name in names[:1] if primary_only else names:
            if not name.is_literal:
                families[_family(name)].add(name)
    for item in items:
        names = names_in_cite(item)
        levels = dict(states[item.id].given_levels)
        for name in names[:1] if primary_only else names:
            family = None if name.is_literal else families[_family(name)]
            if family is None or len(family.given_keys) < 2:
                continue  # no other person of that family name ("J.J." and "J. J." are one person)
            if family.by_initials[_initials(name.given)] == {_given_key(name)}:
                levels[name] = INITIALS if options.initialize_with is not None else FULL
            elif cap == FULL:
                levels[name] = FULL  # initials would not tell them apart; the -with-initials rules stop
        states[item.id] = states[item.id]._replace(given_levels=levels)


class _Family:
    """The people of one family name: their given names (as compared), and those of each initials."""

    __slots__ = ("given_keys", "by_initials")

    def __init__(self, given_keys: set[str] | None = None,
                 by_initials: dict[str, set[str]] | None = None) -> None:
        self.given_keys: set[str] = set() if given_keys is None else given_keys
        self.by_initials: dict[str, set[str]] = defaultdict(set) if by_initials is None else by_initials

    def add(self, name: Name) -> None:
        """Count a person in."""
        self.given_keys.add(_given_key(name))
        self.by_initials[_initials(name.given)].add(_given_key(name))


def _family(name: Name) -> str:
    return f"{name.non_dropping_particle} {name.family}".strip()


def _given_key(name: Name) -> str:
    """A given name compared without its spacing and periods."""
    return "".join(char for char in name.given if char not in " .")


def _initials(given: str) -> str:
    return "".join(word[:1] for word in given.replace("-", " ").split())
