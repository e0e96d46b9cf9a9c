"""citekit: scholarly citations and bibliographies from a SQLite library and CSL styles.

The Python API in brief (the ``citekit`` command is a thin layer over it)::

    import citekit
    with citekit.Library.open() as library:
        records = library.find("author:knuth year:1984")
    style = citekit.load_style("apa")
    print(citekit.render_bibliography(records, style), end="")
    print(citekit.write_records(records, "bibtex"), end="")
"""

from __future__ import annotations

from citekit.csl import (
    Document,
    LoadedStyle,
    StyleInfo,
    render_bibliography,
    render_citations,
    render_clusters,
    resolve_style,
    search_styles,
)
from citekit.errors import CitekitError, ExitCode
from citekit.formats import FORMATS, read_csl_json, read_file, write_csl_json, write_records
from citekit.model import Diagnostics, Record, record_from_csl_json
from citekit.papers import Paper, read_paper
from citekit.references import References, references_of
from citekit.store import Library, default_library_path

__version__ = "0.1.0"


def load_style(name: str, locale: str | None = None) -> LoadedStyle:
    """Resolve a style alias, name or ``.csl`` path and parse it for rendering."""
    return LoadedStyle(resolve_style(name), locale)


def read_records(path: str, format: str | None = None,
                 diagnostics: Diagnostics | None = None) -> list[Record]:
    """The records of a file (``-``: stdin) in any format citekit reads (see :data:`FORMATS`).

    ``format`` None: by the file's suffix, else its content. With the default
    diagnostics an entry that cannot be read raises; pass ``Diagnostics(strict=False)``
    to collect such entries (``.skipped``) and warnings (``.warnings``) instead.
    """
    return read_file(path, format, diagnostics if diagnostics is not None else Diagnostics())


__all__ = [
    "FORMATS",
    "CitekitError",
    "Diagnostics",
    "Document",
    "ExitCode",
    "Library",
    "LoadedStyle",
    "Paper",
    "Record",
    "References",
    "StyleInfo",
    "__version__",
    "default_library_path",
    "load_style",
    "read_csl_json",
    "read_paper",
    "read_records",
    "record_from_csl_json",
    "references_of",
    "render_bibliography",
    "render_citations",
    "render_clusters",
    "resolve_style",
    "search_styles",
    "write_csl_json",
    "write_records",
]
