"""citekit: scholarly citations and bibliographies from a SQLite library and CSL styles.

The Python API in brief::

    import citekit
    with citekit.Library.open() as library:
        records = library.records()
    style = citekit.load_style("apa")
    print(citekit.render_bibliography(records, style), end="")
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
from citekit.formats import read_csl_json, write_csl_json
from citekit.model import Diagnostics, Record, record_from_csl_json
from citekit.store import Library, default_library_path

__version__ = "0.1.0"


def load_style(name: str, locale: str | None = None) -> LoadedStyle:
    """Resolve a style alias, name or ``.csl`` path and parse it for rendering."""
    return LoadedStyle(resolve_style(name), locale)


__all__ = [
    "Document",
    "CitekitError",
    "Diagnostics",
    "ExitCode",
    "Library",
    "LoadedStyle",
    "Record",
    "StyleInfo",
    "__version__",
    "default_library_path",
    "load_style",
    "read_csl_json",
    "record_from_csl_json",
    "render_bibliography",
    "render_citations",
    "render_clusters",
    "resolve_style",
    "search_styles",
    "write_csl_json",
]
