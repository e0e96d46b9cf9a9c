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

from importlib import import_module
from typing import TYPE_CHECKING, Any

from citekit.errors import CitekitError, ExitCode
from citekit.model import Diagnostics, Record, record_from_csl_json

if TYPE_CHECKING:
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
    from citekit.formats import FORMATS, read_csl_json, write_csl_json, write_records
    from citekit.papers import Paper, read_paper
    from citekit.references import References, references_of
    from citekit.store import Library, default_library_path

# The API's names, imported on first use: `citekit` (and so its command line) starts without
# loading the CSL engine, the file formats or the library until they are needed.
_MODULES = {
    **dict.fromkeys(["Document", "LoadedStyle", "StyleInfo", "render_bibliography", "render_citations",
                     "render_clusters", "resolve_style", "search_styles"], "citekit.csl"),
    **dict.fromkeys(["FORMATS", "read_csl_json", "write_csl_json", "write_records"], "citekit.formats"),
    **dict.fromkeys(["Paper", "read_paper"], "citekit.papers"),
    **dict.fromkeys(["References", "references_of"], "citekit.references"),
    **dict.fromkeys(["Library", "default_library_path"], "citekit.store"),
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module 'citekit' has no attribute {name!r}")
    return getattr(import_module(_MODULES[name]), name)


__version__ = "0.1.0"


def load_style(name: str, locale: str | None = None) -> LoadedStyle:
    """Resolve a style alias, name or ``.csl`` path and parse it for rendering."""
    from citekit.csl import LoadedStyle, resolve_style

    return LoadedStyle(resolve_style(name), locale)


def read_records(path: str, format: str | None = None,
                 diagnostics: Diagnostics | None = None) -> list[Record]:
    """The records of a file (``-``: stdin) in any format citekit reads (see :data:`FORMATS`).

    ``format`` None: by the file's suffix, else its content. With the default
    diagnostics an entry that cannot be read raises; pass ``Diagnostics(strict=False)``
    to collect such entries (``.skipped``) and warnings (``.warnings``) instead.
    """
    from citekit.formats import read_file

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
