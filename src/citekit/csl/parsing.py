"""Reading CSL files with lxml: parse, check a user's style, and turn the tree into plain tuples.

Only a file not yet in the cache (``tree_cache.py``) comes here; the engine renders from the
tuples (``elements.build``), so a call that finds its style cached loads no XML parser.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from citekit.csl.elements import CSL_NAMESPACE, TreeData, citeproc_data
from citekit.errors import InvalidStyleError

_CSL = f"{{{CSL_NAMESPACE}}}"


def _parser() -> etree.XMLParser:
    # No network, no entity expansion: a .csl file is untrusted input.
    return etree.XMLParser(remove_comments=True, no_network=True, resolve_entities=False, huge_tree=False)


def parse_file(path: Path | str, checked: bool = False) -> TreeData:
    """A CSL file's tree; ``checked``: refuse a style that breaks the schema or whose macros loop."""
    try:
        tree = etree.parse(str(path), _parser())
    except (etree.XMLSyntaxError, OSError) as error:
        raise style_file_error(path, error) from None
    # Unexpanded entities read as nothing, and processing instructions are not CSL: their
    # text after them stays where it was.
    etree.strip_tags(tree, etree.Entity, etree.ProcessingInstruction)
    root = tree.getroot()
    if root.tag not in (f"{_CSL}style", f"{_CSL}locale"):
        raise InvalidStyleError(f"{path}: not a CSL style or locale (root <{root.tag}>)")
    if checked:
        check_style(path, tree)
    return _data(root, None)


def parse_text(text: str) -> TreeData:
    """A CSL style's tree from its XML text."""
    try:
        root = etree.fromstring(text.encode("utf-8"), _parser())
    except etree.XMLSyntaxError as error:
        raise style_file_error("<style text>", error) from None
    etree.strip_tags(root, etree.Entity, etree.ProcessingInstruction)
    return _data(root, None)


def _data(element: etree._Element, tail: str | None) -> TreeData:
    children = tuple(_data(child, child.tail) for child in element)
    return element.tag, dict(element.attrib), element.text, tail, children


def style_file_error(path: Path | str, error: Exception) -> InvalidStyleError:
    """The message for a CSL file that cannot be read or parsed: file, line and column."""
    if isinstance(error, etree.XMLSyntaxError):
        line, column = error.position
        return InvalidStyleError(f"{path}:{line}:{column}: {error.msg}")
    return InvalidStyleError(f"{path}: {getattr(error, 'strerror', None) or error}")


def check_style(path: Path | str, tree: etree._ElementTree) -> None:
    """Refuse a style file that breaks the CSL schema, or whose macros call themselves.

    The engine, as citeproc-js, renders valid styles: an attribute value it does not know, a
    date in ``<text variable>`` or a macro that never returns would fail in rendering. The
    repository's styles are valid (its CI checks them); a user's file is checked here.
    """
    schema = _schema()
    if not schema.validate(tree):
        # libxml2 reports an element's failure to each enclosing one too, not always in order; a
        # bad attribute is the likeliest mistake and its report the clearest
        errors = list(schema.error_log)
        shown = next((error for error in errors if error.message.startswith("Invalid attribute")), errors[0])
        raise InvalidStyleError(f"{path}:{shown.line}: {shown.message}")
    calls = {macro.get("name", ""): [text.get("macro", "") for text in macro.iter(f"{_CSL}text")
                                     if text.get("macro")]
             for macro in tree.getroot().iterfind(f"{_CSL}macro")}
    looping = _looping_macro(calls)
    if looping is not None:
        raise InvalidStyleError(f"{path}: macro '{looping}' calls itself, directly or through other macros")


@cache
def _schema() -> etree.RelaxNG:
    """The CSL schema (citeproc-py ships it, beside its locale files)."""
    return etree.RelaxNG(etree.parse(str(citeproc_data() / "schema" / "schemas" / "styles" / "csl.rng")))


def _looping_macro(calls: dict[str, list[str]]) -> str | None:
    """A macro that calls itself, directly or through others, if any: a depth-first search, without
    recursion, of the macros each calls."""
    state: dict[str, str] = {}  # "open" while the macros it calls are searched, then "done"
    for first in calls:
        if first in state:
            continue
        state[first] = "open"
        path = [(first, iter(calls[first]))]
        while path:
            name, pending = path[-1]
            called = next(pending, None)
            if called is None:
                state[name] = "done"
                path.pop()
            elif state.get(called) == "open":
                return called
            elif called not in state and called in calls:
                state[called] = "open"
                path.append((called, iter(calls[called])))
    return None
