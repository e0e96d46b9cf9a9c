"""The tree the engine renders from: a CSL file's elements as plain Python objects.

A style or locale file is parsed once (``parsing.py``, with lxml) into nested tuples, which
``tree_cache.py`` keeps on disk under the file's modification time and size; later calls build
the element objects from those tuples without loading an XML parser. Each element gets the
class citekit renders it with (``render.py``, ``names.py``, ``dates.py``, ``sorting.py``) by its
name, as an lxml class lookup would; other elements are plain :class:`Element`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from citekit.errors import InvalidStyleError, LocaleNotFoundError

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
_CSL = f"{{{CSL_NAMESPACE}}}"

# An element as parsing.py reads it and the cache keeps it: tag (``{namespace}name``),
# attributes, text, tail (the text after it) and children.
TreeData = tuple[str, dict[str, str], "str | None", "str | None", tuple["TreeData", ...]]


class Element:
    """One element of a CSL file, with the part of lxml's element interface the engine uses.

    A tree never changes once built: what an element works out from its attributes and children
    may be kept on it.
    """

    def __init__(self, tag: str, attrib: dict[str, str], text: str | None = None,
                 tail: str | None = None, parent: Element | None = None) -> None:
        self.tag = tag
        self.attrib = attrib
        self.text = text
        self.tail = tail
        self.parent = parent
        self.children: list[Element] = []

    def get(self, name: str, default: Any = None) -> Any:
        """An attribute's value, ``default`` when the element does not have it (typed Any: the
        schema makes many attributes required, and callers rely on it)."""
        return self.attrib.get(name, default)

    def __iter__(self) -> Iterator[Element]:
        return iter(self.children)

    def __len__(self) -> int:
        return len(self.children)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.tag.removeprefix(_CSL)}>"

    def iterchildren(self) -> Iterator[Element]:
        """The child elements, in order."""
        return iter(self.children)

    def getparent(self) -> Element | None:
        """The enclosing element; None for the root."""
        return self.parent

    def index(self, child: Element) -> int:
        """The position of ``child`` among this element's children."""
        return next(index for index, element in enumerate(self.children) if element is child)

    def iterancestors(self) -> Iterator[Element]:
        """The enclosing elements, nearest first."""
        parent = self.parent
        while parent is not None:
            yield parent
            parent = parent.parent

    def iter(self, tag: str | None = None) -> Iterator[Element]:
        """This element and every element inside it, in document order; only those of ``tag``
        (``{namespace}name``) when given."""
        pending = [self]
        while pending:
            element = pending.pop()
            if tag is None or element.tag == tag:
                yield element
            pending.extend(reversed(element.children))

    def find(self, name: str) -> Any:
        """The first child that is the CSL element ``name`` (``layout``, ``sort``...), else None;
        of the element's own class (render.Layout...), hence typed Any."""
        tag = _CSL + name
        return next((child for child in self.children if child.tag == tag), None)

    def itertext(self) -> Iterator[str]:
        """The element's text and the text of every element inside it, in document order."""
        if self.text:
            yield self.text
        for child in self.children:
            yield from child.itertext()
            if child.tail:
                yield child.tail

    def root(self) -> Element:
        """The root element of the tree."""
        element = self
        while element.parent is not None:
            element = element.parent
        return element


class Style(Element):
    """``cs:style``, the root of a style."""


@cache
def _classes() -> dict[str, type[Element]]:
    """The class of each CSL element citekit renders, by tag."""
    from citekit.csl import dates, names, render, sorting

    classes: dict[str, type[Element]] = {
        "style": Style, "layout": render.Layout, "macro": render.Macro, "group": render.Group,
        "text": render.Text, "number": render.Number, "label": render.Label, "choose": render.Choose,
        "if": render.If, "else-if": render.ElseIf, "else": render.Else,
        "names": names.Names, "name": names.NameElement, "name-part": names.NamePart, "et-al": names.EtAl,
        "substitute": names.Substitute, "date": dates.Date, "date-part": dates.DatePart,
        "sort": sorting.Sort, "key": sorting.Key,
    }
    return {_CSL + name: cls for name, cls in classes.items()}


def build(data: TreeData, parent: Element | None = None) -> Element:
    """The element objects of a tree read by ``parsing.py`` (or from the cache)."""
    tag, attrib, text, tail, children = data
    element = _classes().get(tag, Element)(tag, attrib, text, tail, parent)
    element.children = [build(child, element) for child in children]
    return element


def parse_csl_text(text: str) -> Style:
    """Parse a CSL style given as XML text."""
    from citekit.csl.parsing import parse_text

    root = build(parse_text(text))
    if not isinstance(root, Style):
        raise InvalidStyleError(f"<style text>: not a CSL style (root element <{root.tag}>)")
    return root


# Trees built in this process, by file, modification time and size, each with whether it was checked.
_built: dict[tuple[str, int, int], tuple[Element, bool]] = {}


def parse_csl(path: Path | str, checked: bool = False) -> Element:
    """A CSL style or locale file's tree, from the on-disk cache while the file is unchanged.

    ``checked``: the style must pass the CSL schema and have no looping macros
    (``parsing.check_style``), as a user's file must; the repository's styles are valid already.
    """
    try:
        status = os.stat(path)
    except OSError as error:
        raise InvalidStyleError(f"{path}: {error.strerror or error}") from None
    stamp = (os.path.abspath(path), status.st_mtime_ns, status.st_size)
    built = _built.get(stamp)
    if built is None or (checked and not built[1]):  # a checked tree serves an unchecked use too
        from citekit.csl import tree_cache

        data = tree_cache.load(*stamp, checked)
        if data is None:
            from citekit.csl.parsing import parse_file

            data = parse_file(path, checked)
            tree_cache.store(*stamp, checked, data)
        built = _built[stamp] = (build(data), checked)
    return built[0]


def citeproc_data() -> Path:
    """citeproc-py's data folder (CSL locale files and schema), found without importing
    citeproc-py (that loads lxml)."""
    spec = find_spec("citeproc")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("no package named 'citeproc'")
    return Path(next(iter(spec.submodule_search_locations)), "data")


@cache
def _locale_codes() -> tuple[frozenset[str], dict[str, str]]:
    """The locale files' codes, and the primary dialect of each language (``de`` → ``de-DE``)."""
    table = json.loads((citeproc_data() / "locales" / "locales.json").read_text(encoding="utf-8"))
    return frozenset(table["language-names"]), table["primary-dialects"]


def locale_files(code: str) -> list[Element]:
    """The locale files for an output locale, in CSL 1.0.2 fallback order (§ Locale Fallback):
    the dialect, the language's primary dialect, en-US."""
    names, primary = _locale_codes()
    candidates = [code if code in names else None, primary.get(code.split("-")[0]), "en-US"]
    return [load_locale(name) for name in dict.fromkeys(name for name in candidates if name)]


@cache
def load_locale(code: str) -> Element:
    """The CSL locale file for a code such as ``en-US``, parsed once."""
    path = citeproc_data() / "locales" / f"locales-{code}.xml"
    if not path.is_file():
        raise LocaleNotFoundError(f"unknown locale '{code}'")
    return parse_csl(path)


def check_locale(code: str) -> None:
    """Raise :class:`LocaleNotFoundError` unless a locale file serves ``code``."""
    names, primary = _locale_codes()
    if code not in names and code.split("-")[0] not in primary:
        raise LocaleNotFoundError(
            f"unknown locale '{code}' (CSL locales are codes such as en-US, de-DE, lt-LT)"
        )
