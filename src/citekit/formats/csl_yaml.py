"""CSL-YAML: CSL-JSON written as YAML, pandoc's bibliography format (``references:`` in metadata).

A file is a list of items, or a mapping whose ``references`` key holds them
(pandoc's metadata block, with or without ``---`` fences). It holds everything
CSL-JSON holds. Dates YAML would read as dates (``2021-12-28``) stay text and are
read as EDTF.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import yaml

from citekit.errors import MalformedFileError
from citekit.formats.csl_json import records_from_items
from citekit.model import Diagnostics, Record

# Aliases (``*a``) share the value they name, but an export writes each out as a copy: they may add no
# more values than this to a document, or a small file could stand for billions ("billion laughs").
_MAX_ALIASED_VALUES = 100_000


class _TextDates(yaml.SafeLoader):
    """The safe loader, with timestamps left as text (a record's dates are EDTF strings)."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def looks_like_csl_yaml(text: str) -> bool:
    """True for YAML that opens with a ``references:`` key, a ``---`` fence or a list of ids."""
    start = text.lstrip()
    return start.startswith(("---", "references:", "- id:"))


def read_csl_yaml(text: str, source: str, diagnostics: Diagnostics | None = None) -> list[Record]:
    """Parse CSL-YAML text into records (an invalid item is reported as the diagnostics decide)."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    documents = _documents(text, source)
    return records_from_items(_items(documents[0] if documents else [], source), source, diagnostics)


def _documents(text: str, source: str) -> list[Any]:
    """The text's documents that are not empty."""
    try:
        return [document for document in _load_all(text, source) if document is not None]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        reason = getattr(error, "problem", None) or str(error)
        raise MalformedFileError(source, line, column, reason) from None


def _load_all(text: str, source: str) -> Iterator[Any]:
    """The documents as ``yaml.load_all`` reads them, each checked for aliases before it is built."""
    loader = _TextDates(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            _check_aliases(node, source)
            yield loader.construct_document(node)
    except RecursionError:  # the composer recurses once per level
        mark = loader.get_mark()
        raise MalformedFileError(source, mark.line + 1, mark.column + 1, "nested too deeply") from None
    finally:
        loader.dispose()


def _check_aliases(root: yaml.Node, source: str) -> None:
    """Refuse a document with an alias inside the value it names (``&a [*a]``), or whose aliases would add
    more than :data:`_MAX_ALIASED_VALUES` values once written out; each shared value is measured once."""
    sizes: dict[int, int] = {}  # node id -> the values in it, its aliases written out
    open_nodes: set[int] = set()  # the nodes being measured: the path from the root
    added = 0
    pending: list[tuple[yaml.Node, bool]] = [(root, False)]
    while pending:
        node, measured_inside = pending.pop()
        inside = _inside(node)
        if measured_inside:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in inside)
            open_nodes.remove(id(node))
        elif id(node) in open_nodes:
            raise _alias_error(source, node, "an alias inside the value it names")
        elif id(node) in sizes:  # met again: an alias, written out as a copy
            added += sizes[id(node)]
            if added > _MAX_ALIASED_VALUES:
                raise _alias_error(source, node, f"aliases add more than {_MAX_ALIASED_VALUES:,} values")
        else:
            open_nodes.add(id(node))
            pending.append((node, True))
            pending.extend((child, False) for child in inside)


def _inside(node: yaml.Node) -> list[yaml.Node]:
    """The nodes a sequence or a mapping (keys and values) holds."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _alias_error(source: str, node: yaml.Node, reason: str) -> MalformedFileError:
    return MalformedFileError(source, node.start_mark.line + 1, node.start_mark.column + 1, reason)


def _items(document: Any, source: str) -> list[Any]:
    if isinstance(document, dict) and "references" in document:
        document = document["references"]
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        raise MalformedFileError(source, 1, 1, "expected a list of items or a 'references:' list")
    return document


def write_csl_yaml(records: Iterable[Record]) -> str:
    """A pandoc metadata block: ``---``, ``references:`` with the items, ``...``."""
    document = {"references": [record.to_csl_json() for record in records]}
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    return f"---\n{body}...\n"


class _RecordDumper(yaml.SafeDumper):
    """Block style, except a date's numbers, which read best on one line: ``- [2021, 12, 28]``."""

    def represent_list(self, data: list) -> yaml.Node:
        flow = bool(data) and all(isinstance(item, int) for item in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_RecordDumper.add_representer(list, _RecordDumper.represent_list)


def record_as_yaml(record: Record) -> str:
    """One record as a CSL-YAML mapping, for a person to read and edit (read back by read_csl_yaml)."""
    return yaml.dump(record.to_csl_json(), Dumper=_RecordDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
