"""citeproc-py's CSL element classes, extended by subclassing, and the parser that uses them.

citeproc-py builds its lxml class lookup inside a constructor; citekit builds
its own (:func:`parse_csl`) from citeproc-py's classes with citekit's rendering
subclasses (``render.py``, ``names.py``, ``dates.py``, ``sorting.py``) put in
place of theirs, and parses locale files through the same lookup. Nothing in
citeproc-py is patched.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TypeVar

from citeproc import LANGUAGE_NAMES, LOCALES_PATH, PRIMARY_DIALECTS, model
from lxml import etree

from citekit.errors import InvalidStyleError, LocaleNotFoundError

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
_Root = TypeVar("_Root", bound=model.CitationStylesElement)


class Style(model.Style):
    """``cs:style`` whose locales are parsed through citekit's class lookup."""

    def set_locale_list(self, output_locale: str, validate: bool = False) -> None:
        """Find the locales to search for terms, in CSL 1.0.2 order (§ Locale Fallback)."""
        self.locales = []
        language = output_locale.split("-")[0]
        for lang in (output_locale, language, None):
            # In-style cs:locale elements: exact dialect, then language, then unlabelled.
            condition = f'[@xml:lang="{lang}"]' if lang else "[not(@xml:lang)]"
            self.locales += self.xpath_search(f"./cs:locale{condition}")
        system = [output_locale if output_locale in LANGUAGE_NAMES else None,
                  PRIMARY_DIALECTS.get(language), "en-US"]
        for code in dict.fromkeys(code for code in system if code):
            self.locales.append(load_locale(code))


def _overrides() -> dict[str, type]:
    """citekit's rendering subclasses, by CSL element name."""
    from citekit.csl import dates, names, render, sorting

    return {
        "style": Style, "layout": render.Layout, "macro": render.Macro, "group": render.Group,
        "text": render.Text, "number": render.Number, "label": render.Label, "choose": render.Choose,
        "if": render.If, "else-if": render.Else_If, "else": render.Else,
        "names": names.Names, "name": names.Name_, "name-part": names.Name_Part, "et-al": names.Et_Al,
        "substitute": names.Substitute, "date": dates.Date, "date-part": dates.Date_Part,
        "sort": sorting.Sort, "key": sorting.Key,
    }


def _element_name(cls: type) -> str:
    return cls.__name__.replace("_", "-").lower()


@cache
def _parser() -> etree.XMLParser:
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NAMESPACE)
    namespace[None] = model.CitationStylesElement
    namespace.update(
        (_element_name(cls), cls) for cls in model.CitationStylesElement.__subclasses__()
    )
    namespace.update(_overrides())
    # No network, no entity expansion: a .csl file is untrusted input.
    parser = etree.XMLParser(
        remove_comments=True, no_network=True, resolve_entities=False, huge_tree=False
    )
    parser.set_element_class_lookup(lookup)
    return parser


def parse_csl_text(text: str) -> Style:
    """Parse a CSL style given as XML text."""
    try:
        root = etree.fromstring(text.encode("utf-8"), _parser())
    except etree.XMLSyntaxError as error:
        raise style_file_error("<style text>", error) from None
    if not isinstance(root, Style):
        raise InvalidStyleError(f"<style text>: not a CSL style (root element <{root.tag}>)")
    return _pinned(root)


def parse_csl(path: Path | str) -> model.CitationStylesElement:
    """Parse a CSL style or locale file into citeproc-py element objects."""
    try:
        root = etree.parse(str(path), _parser()).getroot()
    except (etree.XMLSyntaxError, OSError) as error:
        raise style_file_error(path, error) from None
    if not isinstance(root, (Style, model.Locale)):
        raise InvalidStyleError(f"{path}: not a CSL file (root element <{root.tag}>)")
    return _pinned(root)


def _pinned(root: _Root) -> _Root:
    """The root, holding every element object of its tree.

    lxml drops an element's Python object when nothing refers to it and makes a new
    one on the next access; what an element worked out once (``render.Rendering``)
    would go with it. Held by the root, every element keeps its object, and what it
    caches, for as long as the style is in use.
    """
    root.pinned = tuple(root.iterdescendants())
    return root


def style_file_error(path: Path | str, error: Exception) -> InvalidStyleError:
    """The message for a CSL file that cannot be read or parsed: file, line and column."""
    if isinstance(error, etree.XMLSyntaxError):
        line, column = error.position
        return InvalidStyleError(f"{path}:{line}:{column}: {error.msg}")
    return InvalidStyleError(f"{path}: {getattr(error, 'strerror', None) or error}")


@cache
def load_locale(code: str) -> model.Locale:
    """The CSL locale file for a code such as ``en-US``, parsed once through citekit's lookup."""
    path = os.path.join(LOCALES_PATH, f"locales-{code}.xml")
    if not os.path.isfile(path):
        raise LocaleNotFoundError(f"unknown locale '{code}'")
    return parse_csl(path)


def check_locale(code: str) -> None:
    """Raise :class:`LocaleNotFoundError` unless a locale file serves ``code``."""
    if code not in LANGUAGE_NAMES and code.split("-")[0] not in PRIMARY_DIALECTS:
        raise LocaleNotFoundError(
            f"unknown locale '{code}' (CSL locales are codes such as en-US, de-DE, lt-LT)"
        )
