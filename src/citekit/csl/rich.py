"""The formatting tree the CSL engine renders into, before any output format is chosen.

Every CSL element renders to a :class:`Node` whose leaves are plain, unescaped
text. Fonts, quotes and display blocks are attributes of nodes, so one tree
becomes text, HTML, RTF, Markdown or terminal output (``csl/output.py``), and
punctuation can be moved or merged across element seams (CSL 1.0.2 § Punctuation)
after the whole entry is known.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# CSL formatting attributes (CSL 1.0.2 § Formatting) and the values that change nothing.
FONT_ATTRIBUTES = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")
NEUTRAL_VALUES = {"font-style": "normal", "font-variant": "normal", "font-weight": "normal",
                  "text-decoration": "none", "vertical-align": "baseline"}


# The engine's classes are plain classes with __slots__, not dataclasses: defining a dataclass costs
# ~0.5 ms at every start-up, and slots keep the many small objects of a big bibliography small.
class Node:
    """A run of rendered output: children in order, and how they are set.

    ``formatting`` maps CSL formatting attributes to values; ``quotes`` puts the
    children in the locale's quotation marks (inner marks when nested);
    ``nocase`` protects the children from ``text-case``; ``display`` is the CSL
    ``display`` attribute; ``affix`` marks text that came from a style's
    prefix, suffix or delimiter rather than from the record. Nodes are equal
    only to themselves.
    """

    __slots__ = ("children", "formatting", "quotes", "nocase", "display", "affix")

    def __init__(self, children: list[Node | str] | None = None, formatting: dict[str, str] | None = None,
                 quotes: bool = False, nocase: bool = False, display: str | None = None,
                 affix: bool = False) -> None:
        self.children: list[Node | str] = [] if children is None else children
        self.formatting: dict[str, str] = {} if formatting is None else formatting
        self.quotes = quotes
        self.nocase = nocase
        self.display = display
        self.affix = affix

    def settings(self) -> dict[str, object]:
        """How the node is set: every attribute but its children (subclasses add their own)."""
        return {"formatting": self.formatting, "quotes": self.quotes, "nocase": self.nocase,
                "display": self.display, "affix": self.affix}

    def __repr__(self) -> str:
        shown = "".join(f", {name}={value!r}" for name, value in self.settings().items() if value)
        return f"{type(self).__name__}({self.children!r}{shown})"

    def with_children(self, children: list[Node | str]) -> Node:
        """A copy of the node holding ``children``, with formatting of its own to change
        (subclasses with attributes of their own extend it)."""
        return type(self)(children, dict(self.formatting), self.quotes, self.nocase, self.display, self.affix)

    def text(self) -> str:
        """The plain text of the node, without quotation marks or fonts."""
        return "".join(self.leaves())

    def leaves(self) -> list[str]:
        """Every text leaf, in order."""
        found: list[str] = []
        _collect_leaves(self, found)
        return found

    def is_empty(self) -> bool:
        """True when nothing would be printed."""
        return not self.quotes and not _prints(self)


# Plain recursion rather than nested generators: every rendered element asks these of its output.
def _collect_leaves(node: Node, found: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            found.append(child)
        else:
            _collect_leaves(child, found)


def _prints(node: Node) -> bool:
    """True when some leaf of ``node`` has text."""
    for child in node.children:
        if isinstance(child, str):
            if child:
                return True
        elif _prints(child):
            return True
    return False


def with_affixes(node: Node, prefix: str | None, suffix: str | None) -> Node:
    """``node`` between a style's prefix and suffix (affix text, never cased or quoted)."""
    if not prefix and not suffix:
        return node
    children: list[Node | str] = [Node([prefix], affix=True)] if prefix else []
    children.append(node)
    if suffix:
        children.append(Node([suffix], affix=True))
    return Node(children)


class Term(Node):
    """A locale term's text (``ibid.``, ``and``), which may take a capital at the start of a note."""

    __slots__ = ()


def capitalize_leading_term(node: Node) -> None:
    """Give a capital to the first letter of ``node`` when a term prints it (changes ``node``)."""
    found = _first_leaf(node, False)
    if found is not None:
        parent, index, in_term = found
        leaf = parent.children[index]
        if in_term and isinstance(leaf, str):
            parent.children[index] = leaf[:1].upper() + leaf[1:]


def _first_leaf(node: Node, in_term: bool) -> tuple[Node, int, bool] | None:
    in_term = in_term or isinstance(node, Term)
    for index, child in enumerate(node.children):
        if isinstance(child, Node):
            found = _first_leaf(child, in_term)
            if found is not None:
                return found
        elif child:
            return node, index, in_term
    return None


def fonts_of(attributes: Mapping[str, str]) -> dict[str, str]:
    """The font attributes among an element's attributes, in the order written.

    The order matters: citeproc-js nests the first one innermost
    (``font-style="italic" font-weight="bold"`` gives ``<b><i>…</i></b>``).
    """
    return {name: value for name, value in attributes.items() if name in FONT_ATTRIBUTES and value}


def text_node(text: str, **attributes: object) -> Node:
    """A node holding one string."""
    return Node([text] if text else [], **attributes)  # type: ignore[arg-type]


def join_nodes(nodes: Sequence[Node], delimiter: str) -> list[Node | str]:
    """The children of a node that joins ``nodes`` with a style's delimiter."""
    children: list[Node | str] = []
    for index, node in enumerate(nodes):
        if index and delimiter:
            children.append(Node([delimiter], affix=True))
        children.append(node)
    return children
