"""What only a bibliography does: subsequent-author-substitute, and affixes and spaces at display blocks.

``subsequent-author-substitute`` (CSL 1.0.2 § Reference Grouping) replaces an entry's
names by a string ("———") when they are the previous entry's. The specification
leaves open which names count; this module follows citeproc-js
(``src/util_substitute.js``), which compares the names of the first ``cs:names`` an
entry renders, or, when that one falls back on a ``cs:substitute``, what the
substitute renders:

- nothing may be printed before that ``cs:names`` (a citation number first means
  no substitution);
- names are compared by their parts run together, and only the names shown
  (after et-al);
- a ``cs:text`` variable printed by the substitute stands for the names: the
  previous title, say, is replaced by the string;
- the window closes at the first ``cs:names`` to finish, even an empty one.

``complete-all`` (the default) replaces the names and keeps a label that follows
them (``———, editor``); ``complete-each`` replaces every name; ``partial-each``
replaces names for as long as they match the previous entry's in order, and
``partial-first`` only the first. An empty string removes the names and the
delimiter before them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from citekit.csl.context import Context
from citekit.csl.item import Name
from citekit.csl.names import NameElement, Names, Substitute, merge_editor_translator, truncate, name_options
from citekit.csl.render import Choose, Else, Group, If, Label, Macro, Rendering, Text, macro
from citekit.csl.rich import FONT_ATTRIBUTES, Node

RULES = ("complete-all", "complete-each", "partial-each", "partial-first")


class Comparison(NamedTuple):
    """Where citeproc-js compares an entry's names with the previous entry's.

    ``names`` are each name's parts run together (or the text a substitute
    printed); ``renderer`` is the ``cs:names`` or ``cs:text`` whose output shows
    them (None when nothing was printed), ``outer`` the ``cs:names`` whose
    substitute it renders in, and ``counts`` the names shown of each variable.
    """

    names: list[str]
    renderer: Rendering | None = None
    outer: Names | None = None
    counts: tuple[int, ...] = ()


class SubsequentAuthorSubstitute:
    """One bibliography's ``subsequent-author-substitute``: it remembers the previous entry's names."""

    def __init__(self, string: str, rule: str = "complete-all") -> None:
        self.string = string
        self.rule = rule if rule in RULES else "complete-all"
        self._last: str | list[str] | None = None

    @classmethod
    def of(cls, bibliography: Any) -> SubsequentAuthorSubstitute | None:
        """The option of a ``cs:bibliography`` element, or None when it has none."""
        string = bibliography.get("subsequent-author-substitute")
        if string is None:
            return None
        return cls(string, bibliography.get("subsequent-author-substitute-rule", "complete-all"))

    def apply(self, fields: list[Node], layout: Any, context: Callable[[], Context]) -> list[Node]:
        """The entry's fields (the layout's children's outputs), with repeated names substituted.

        Call it for every entry, in the bibliography's order; ``context`` makes a
        fresh rendering context for the entry's item.
        """
        comparison = compare(layout, context)
        if comparison is None:
            return fields
        repeated = self.repeated(comparison.names)
        if not repeated or comparison.renderer is None:
            return fields
        root = Node(list(fields))
        path = _path_to(root, _output(comparison, context))
        if path is None:  # the names were dropped with their group
            return fields
        if self._replace(path[-1], comparison, repeated, context()) and not self.string:
            _remove_empty(path)
        return [child for child in root.children if isinstance(child, Node)]

    def repeated(self, names: list[str]) -> list[int]:
        """Which of an entry's names repeat the previous entry's; they become the next entry's previous."""
        if self.rule in ("partial-each", "partial-first"):
            last = self._last if isinstance(self._last, list) else None
            repeated: list[int] = []
            for index, name in enumerate(names):
                if last is None or index >= len(last) or not name or name != last[index]:
                    break
                repeated.append(index)
                if self.rule == "partial-first":
                    break
            self._last = names
            return repeated
        joined = ",".join(names)
        if not joined:  # an empty cs:names compares nothing and leaves the previous names in place
            return []
        repeated = list(range(len(names))) if joined == self._last else []
        self._last = joined
        return repeated

    def _replace(self, output: Node, comparison: Comparison, repeated: list[int], ctx: Context) -> bool:
        """Substitute inside the renderer's output; False when its structure is not the expected one."""
        renderer = comparison.renderer
        content = _content(output, renderer)
        if content is None:
            return False
        if isinstance(renderer, Text):  # the substituted text is one name
            content.children = [self.string]
            return True
        variables = [child for child in content.children if isinstance(child, Node) and not child.affix]
        label = _label_elements(renderer, comparison.outer)
        if self.rule == "complete-all":
            _replace_all(content, variables, label, self.string, _names_delimiter(renderer, ctx))
            return True
        lists = [_name_list(variable, label) for variable in variables]
        name_nodes = list(_name_nodes(lists, comparison.counts, _name_element(renderer, comparison.outer)))
        for index in repeated:
            if index < len(name_nodes):
                name_nodes[index].children = [self.string]
        return True


# ---- which names: citeproc-js's order of execution ----------------------------------------------

class _PrintedFirst(Exception):
    """Something printed before the entry's first names: citeproc-js compares nothing."""


def compare(layout: Any, context: Callable[[], Context]) -> Comparison | None:
    """The names an entry's layout compares with the previous entry's, or None when it compares none."""
    try:
        return _Walk(context).children(layout, None)
    except _PrintedFirst:
        return None


class _Walk:
    """Follows a layout in the order citeproc-js executes it, up to where it compares names."""

    def __init__(self, context: Callable[[], Context]) -> None:
        self._context = context
        self._ctx = context()  # for conditions, macros and item values (rendering nothing)
        self._printed = False

    def children(self, parent: Any, outer: Names | None) -> Comparison | None:
        """The first comparison among the children, noting what prints before it."""
        for child in parent.iterchildren():
            if not isinstance(child, Rendering):
                continue
            before = self._printed
            found = self.element(child, outer)
            if found is not None:
                return found
            if outer is None:  # a group that ends suppressed prints nothing (citeproc-js restores its flag)
                self._printed = before or self._prints(child, outer)
        return None

    def element(self, element: Rendering, outer: Names | None) -> Comparison | None:
        """The comparison made inside one element, if any."""
        if isinstance(element, Names):
            return self._names(element, outer)
        if isinstance(element, Text):
            if element.get("macro"):
                return self.children(macro(self._ctx, element.get("macro")), outer)
            if outer is not None and element.get("variable"):
                return self._substituted_text(element, outer)
            return None
        if isinstance(element, Choose):
            branch = _taken_branch(element, self._ctx)
            return self.children(branch, outer) if branch is not None else None
        if isinstance(element, (Group, Macro)):
            return self.children(element, outer)
        return None

    def _names(self, names: Names, outer: Names | None) -> Comparison | None:
        bare = outer is not None and _is_bare(names)
        if not bare and self._printed:
            raise _PrintedFirst
        lists = _shown_names(names, outer, self._ctx)
        if lists:
            return Comparison([_run_together(name) for shown in lists for name in shown], names, outer,
                              tuple(len(shown) for shown in lists))
        if bare:  # a cs:names standing alone in a substitute only lends its variables
            return None
        if outer is None:
            found = self._substitute(names)
            if found is not None:
                return found
        return Comparison([])  # the cs:names ends with no names: the window closes

    def _substitute(self, names: Names) -> Comparison | None:
        substitute = next((child for child in names.iterchildren() if isinstance(child, Substitute)), None)
        if substitute is None:
            return None
        for child in substitute.iterchildren():
            if not isinstance(child, Rendering):
                continue
            found = self.element(child, names)
            if found is not None or self._prints(child, names):
                return found
        return None

    def _substituted_text(self, text: Text, outer: Names) -> Comparison | None:
        value = self._ctx.value(text.get("variable"))
        if not value:
            return None
        return Comparison([value] if isinstance(value, str) else [], text, outer)

    def _prints(self, element: Rendering, outer: Names | None) -> bool:
        ctx = self._context()
        ctx.substituting = outer
        node = element.emit(ctx)
        return node is not None and not node.is_empty()


def _taken_branch(choose: Choose, ctx: Context) -> Any:
    for branch in choose.iterchildren():
        if isinstance(branch, Else) or (isinstance(branch, If) and branch.holds(ctx)):
            return branch
    return None


def _is_bare(names: Names) -> bool:
    """A childless ``cs:names`` in a substitute (citeproc-js gives every other one a ``cs:name``)."""
    return not names.children and any(isinstance(ancestor, Substitute) for ancestor in names.iterancestors())


def _child(element: Any, cls: type) -> Any:
    if element is None:
        return None
    return next((child for child in element.iterchildren() if isinstance(child, cls)), None)


def _name_element(names: Any, outer: Names | None) -> Any:
    """The ``cs:name`` in force: the element's own, else the one of the names it substitutes for."""
    own = _child(names, NameElement)
    return own if own is not None else _child(outer, NameElement)


def _shown_names(names: Names, outer: Names | None, ctx: Context) -> list[list[Name]]:
    """The names each variable shows, after et-al, as ``Names`` renders them."""
    options = name_options(_name_element(names, outer), ctx)
    lists = [(variable, ctx.value(variable)) for variable in (names.get("variable") or "").split()]
    lists = [(variable, value) for variable, value in lists if isinstance(value, list) and value]
    if ctx.locale.term("editortranslator"):
        lists = merge_editor_translator(lists)
    return [truncate(value, options)[0] for _, value in lists]


def _run_together(name: Name) -> str:
    """A name as citeproc-js compares it: its parts run together (``CSL.NAME_PARTS`` order)."""
    return "".join((name.non_dropping_particle, name.family, name.given, name.dropping_particle,
                    name.suffix, name.literal))


# ---- where the names are in the entry ---------------------------------------------------------

def _output(comparison: Comparison, context: Callable[[], Context]) -> Node | None:
    """The renderer's output as it appears in the entry (rendering is deterministic)."""
    ctx = context()
    ctx.substituting = comparison.outer
    return comparison.renderer.emit(ctx) if comparison.renderer is not None else None


def _path_to(root: Node, target: Node | None) -> list[Node] | None:
    """The nodes from ``root`` down to the first subtree equal to ``target``, in document order."""
    if target is None:
        return None
    if _same(root, target):
        return [root]
    for child in root.children:
        if isinstance(child, Node):
            path = _path_to(child, target)
            if path is not None:
                return [root, *path]
    return None


def _same(a: Node, b: Node) -> bool:
    if type(a) is not type(b) or len(a.children) != len(b.children):
        return False
    if a.settings() != b.settings():
        return False
    for x, y in zip(a.children, b.children, strict=True):
        if isinstance(x, Node) and isinstance(y, Node):
            if not _same(x, y):
                return False
        elif x != y:
            return False
    return True


def _content(node: Node, element: Any) -> Node | None:
    """What ``Rendering.decorate`` wrapped: inside the element's display, affixes, fonts and quotes."""
    get = element.get
    layers = [bool(get("display")),
              bool(get("prefix") or get("suffix")),
              any(get(name) for name in FONT_ATTRIBUTES) or get("quotes") == "true"]
    for layer, wrapped in enumerate(layers):
        if not wrapped:
            continue
        index = 1 if layer == 1 and get("prefix") else 0
        child = node.children[index] if index < len(node.children) else None
        if not isinstance(child, Node):
            return None
        node = child
    return node


def _label_elements(names: Any, outer: Names | None) -> tuple[Any, bool]:
    """The ``cs:label`` in force and whether it follows the names (else it precedes them)."""
    label = _child(names, Label) if _child(names, Label) is not None else _child(outer, Label)
    name = _name_element(names, outer)
    before = (label is not None and name is not None and label.getparent() is name.getparent()
              and label.getparent().index(label) < name.getparent().index(name))
    return label, not before


def _labelled(output: Node, label: tuple[Any, bool]) -> bool:
    """True when a variable's output is its names and its label (``Names`` pairs them in a node)."""
    return label[0] is not None and len(output.children) == 2 and all(
        isinstance(child, Node) and not child.affix for child in output.children)


def _name_list(output: Node, label: tuple[Any, bool]) -> Node:
    if not _labelled(output, label):
        return output
    child = output.children[0 if label[1] else 1]
    return child if isinstance(child, Node) else output


def _name_nodes(lists: list[Node], counts: tuple[int, ...], name: Any) -> Iterator[Node]:
    """Each shown name's node, in order (the list's other children are delimiters and et-al)."""
    for listed, count in zip(lists, counts, strict=False):
        inner = _content(listed, name) if name is not None else listed
        if inner is None:
            continue
        names = [child for child in inner.children if isinstance(child, Node) and not child.affix]
        yield from names[:count]


def _replace_all(content: Node, variables: list[Node], label: tuple[Any, bool], string: str,
                 delimiter: str) -> None:
    """complete-all: the string in place of the names, before the last label that follows names."""
    labels = [output.children[1] for output in variables if label[1] and _labelled(output, label)]
    if labels and isinstance(labels[-1], Node):
        joiner = [Node([delimiter], affix=True)] if delimiter else []
        content.children = [Node([string]), *joiner, labels[-1]]
    elif variables:
        variables[0].children = [string]
        variables[0].formatting, variables[0].quotes = {}, False


def _names_delimiter(names: Any, ctx: Context) -> str:
    return names.get("delimiter") or ctx.inherited("names-delimiter") or ""


def _has_text(node: Node) -> bool:
    """True when the node prints something that is not only a style's affixes."""
    if node.affix:
        return False
    return any(_has_text(child) if isinstance(child, Node) else bool(child) for child in node.children)


def _remove_empty(path: list[Node]) -> None:
    """Remove what an empty substitute string left with nothing to print, and a delimiter next to it."""
    empty = next((depth for depth in range(1, len(path)) if not _has_text(path[depth])), None)
    if empty is None:
        return
    parent, node = path[empty - 1], path[empty]
    index = next(i for i, child in enumerate(parent.children) if child is node)
    del parent.children[index]
    if index > 0 and _is_affix(parent.children[index - 1]):
        del parent.children[index - 1]
    elif index < len(parent.children) and _is_affix(parent.children[index]):
        del parent.children[index]


def _is_affix(child: Node | str) -> bool:
    return isinstance(child, Node) and child.affix


# ---- display blocks at the edges of an entry --------------------------------------------------

def place_display_edges(entry: Node, content: Node) -> Node:
    """An entry with its layout's affixes inside its edge display blocks and its edge spaces outside them.

    citeproc-js sets a layout's prefix on an entry's first piece of output and
    its suffix on the last, and a display block encloses its piece's affixes
    (``<div class="csl-right-inline">…Here.</div>``); a space that opens or
    closes the entry from inside a display block goes outside it
    (``<div class="csl-entry"> <div class="csl-left-margin">N.d.</div>``).
    ``content`` is the node of the layout's children that ``entry`` decorates.
    """
    parent = None if entry is content else _parent_of(entry, content)
    if parent is not None:
        _affix_into_display(parent, content, last=True)
        _affix_into_display(parent, content, last=False)
    return _spaces_outside_display(entry)


def _affix_into_display(parent: Node, content: Node, last: bool) -> None:
    """Move the layout's suffix (or prefix) next to ``content`` into its edge display block."""
    index = next(i for i, child in enumerate(parent.children) if child is content) + (1 if last else -1)
    display = _edge_display(content, last)
    if display is None or not 0 <= index < len(parent.children):
        return
    affix = parent.children[index]
    if isinstance(affix, Node) and affix.affix:
        del parent.children[index]
        display.children.insert(len(display.children) if last else 0, affix)


def _parent_of(root: Node, target: Node) -> Node | None:
    for child in root.children:
        if child is target:
            return root
        if isinstance(child, Node):
            found = _parent_of(child, target)
            if found is not None:
                return found
    return None


def _edge_display(node: Node, last: bool) -> Node | None:
    """The display block the node's output ends (or starts) with, through plain wrapper nodes."""
    while node.display is None:
        if node.formatting or node.quotes or node.affix:
            return None
        printed = [child for child in node.children
                   if (not child.is_empty() if isinstance(child, Node) else bool(child))]
        edge = printed[-1 if last else 0] if printed else None
        if not isinstance(edge, Node):
            return None
        node = edge
    return node


def _spaces_outside_display(entry: Node) -> Node:
    leading, trailing = _edge_leaf(entry, last=False), _edge_leaf(entry, last=True)
    before = after = ""
    if leading is not None:
        parent, index, inside = leading
        text = parent.children[index]
        assert isinstance(text, str)
        stripped = text.lstrip()
        if inside and stripped != text:
            before, parent.children[index] = text[:len(text) - len(stripped)], stripped
    if trailing is not None:
        parent, index, inside = trailing
        text = parent.children[index]
        assert isinstance(text, str)
        stripped = text.rstrip()
        if inside and stripped != text:
            after, parent.children[index] = text[len(stripped):], stripped
    if not before and not after:
        return entry
    return Node([child for child in (before, entry, after) if child])


def _edge_leaf(node: Node, last: bool, inside: bool = False) -> tuple[Node, int, bool] | None:
    """The first (or last) printed text of a node: its parent, index, and whether a display encloses it."""
    inside = inside or node.display is not None
    indexes = range(len(node.children) - 1, -1, -1) if last else range(len(node.children))
    for index in indexes:
        child = node.children[index]
        if isinstance(child, Node):
            found = _edge_leaf(child, last, inside)
            if found is not None or child.quotes:  # a quotation prints even without text: the edge
                return found
            continue
        if child:
            return node, index, inside
    return None
