"""The CSL layer: styles, citekit's CSL engine (citeproc-py parses, citekit renders), and output formats."""

from citekit.csl.document import Document
from citekit.csl.engine import LoadedStyle, render_bibliography, render_citations, render_clusters
from citekit.csl.output import OUTPUT_FORMATS
from citekit.csl.styles import StyleInfo, aliases, resolve_style, search_styles

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
