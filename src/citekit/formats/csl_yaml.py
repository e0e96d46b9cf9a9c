"""CSL-YAML: CSL-JSON written as YAML, pandoc's bibliography format (``references:`` in metadata).

A file is a list of items, or a mapping whose ``references`` key holds them
(pandoc's metadata block, with or without ``---`` fences). It holds everything
CSL-JSON holds. Dates YAML would read as dates (``2021-12-28``) stay text and are
read as EDTF.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from citekit.errors import MalformedFileError
from citekit.formats.csl_json import records_from_items
from citekit.model import Diagnostics, Record


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
    try:
        documents = [document for document in yaml.load_all(text, Loader=_TextDates) if document is not None]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        reason = getattr(error, "problem", None) or str(error)
        raise MalformedFileError(source, line, column, reason) from None
    return records_from_items(_items(documents[0] if documents else [], source), source, diagnostics)


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
