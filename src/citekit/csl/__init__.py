"""The CSL layer: styles, citekit's CSL engine (citeproc-py parses, citekit renders), and output formats.

The names below are imported on first use, so that importing one module of this package (the
style lookup, say) does not load the whole engine. For the same reason the engine defines no
dataclasses (each costs ~0.5 ms to define on every start-up): its values are NamedTuples, its
working objects plain classes with ``__slots__``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from citekit.csl.document import Document
    from citekit.csl.engine import LoadedStyle, render_bibliography, render_citations, render_clusters
    from citekit.csl.output import OUTPUT_FORMATS
    from citekit.csl.styles import StyleInfo, aliases, resolve_style, search_styles

_MODULES = {
    "Document": "document",
    "LoadedStyle": "engine", "render_bibliography": "engine", "render_citations": "engine",
    "render_clusters": "engine",
    "OUTPUT_FORMATS": "output",
    "StyleInfo": "styles", "aliases": "styles", "resolve_style": "styles", "search_styles": "styles",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module 'citekit.csl' has no attribute {name!r}")
    return getattr(import_module(f"citekit.csl.{_MODULES[name]}"), name)


__all__ = [
    "Document",
    "OUTPUT_FORMATS",
    "LoadedStyle",
    "StyleInfo",
    "aliases",
    "render_bibliography",
    "render_citations",
    "render_clusters",
    "resolve_style",
    "search_styles",
]
